#include "deploy/deployment.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>

#include "auth/keychain.h"
#include "util/paths.h"

namespace ct::deploy {

QJsonObject Deployment::toJson() const {
  QJsonArray idx, uuids, argv;
  for (int i : gpuIndices) idx.append(i);
  for (const QString& u : gpuUuids) uuids.append(u);
  for (const QString& a : vllmArgv) argv.append(a);
  QJsonObject o{{QStringLiteral("name"), name},
                {QStringLiteral("host"), host},
                {QStringLiteral("model"), model},
                {QStringLiteral("served_model_name"), servedName},
                {QStringLiteral("kernel"), kernel},
                {QStringLiteral("state"), state},
                {QStringLiteral("error"), error},
                {QStringLiteral("advice"), advice},
                {QStringLiteral("created"), created},
                {QStringLiteral("job_id"), jobId},
                {QStringLiteral("lease_id"), leaseId},
                {QStringLiteral("job"), job.toJson()},
                {QStringLiteral("gpu_indices"), idx},
                {QStringLiteral("gpu_uuids"), uuids},
                {QStringLiteral("api_port"), apiPort},
                {QStringLiteral("vllm_port"), vllmPort},
                {QStringLiteral("tensor_parallel_size"), tensorParallel},
                {QStringLiteral("max_model_len"), maxModelLen},
                {QStringLiteral("local_port"), localPort},
                {QStringLiteral("gpu_memory_utilization"), gpuMemoryUtilization},
                {QStringLiteral("budget_bytes"), double(budgetBytes)},
                {QStringLiteral("holder_pid"), double(holderPid)},
                {QStringLiteral("tunnel_pid"), double(tunnelPid)},
                {QStringLiteral("url"), url},
                {QStringLiteral("vllm_argv"), argv}};
  return o;
}

Deployment Deployment::fromJson(const QJsonObject& o) {
  Deployment d;
  d.name = o.value(QStringLiteral("name")).toString();
  d.host = o.value(QStringLiteral("host")).toString();
  d.model = o.value(QStringLiteral("model")).toString();
  d.servedName = o.value(QStringLiteral("served_model_name")).toString();
  d.kernel = o.value(QStringLiteral("kernel")).toString();
  d.state = o.value(QStringLiteral("state")).toString();
  d.error = o.value(QStringLiteral("error")).toString();
  d.advice = o.value(QStringLiteral("advice")).toString();
  d.created = o.value(QStringLiteral("created")).toString();
  d.jobId = o.value(QStringLiteral("job_id")).toString();
  d.leaseId = o.value(QStringLiteral("lease_id")).toString();
  d.job = remote::RemoteJobInfo::fromJson(o.value(QStringLiteral("job")).toObject());
  for (const auto& v : o.value(QStringLiteral("gpu_indices")).toArray()) d.gpuIndices << v.toInt();
  for (const auto& v : o.value(QStringLiteral("gpu_uuids")).toArray()) d.gpuUuids << v.toString();
  d.apiPort = o.value(QStringLiteral("api_port")).toInt();
  d.vllmPort = o.value(QStringLiteral("vllm_port")).toInt();
  d.tensorParallel = o.value(QStringLiteral("tensor_parallel_size")).toInt(1);
  d.maxModelLen = o.value(QStringLiteral("max_model_len")).toInt();
  d.localPort = o.value(QStringLiteral("local_port")).toInt();
  d.gpuMemoryUtilization = o.value(QStringLiteral("gpu_memory_utilization")).toDouble();
  d.budgetBytes = qint64(o.value(QStringLiteral("budget_bytes")).toDouble());
  d.holderPid = qint64(o.value(QStringLiteral("holder_pid")).toDouble());
  d.tunnelPid = qint64(o.value(QStringLiteral("tunnel_pid")).toDouble());
  d.url = o.value(QStringLiteral("url")).toString();
  for (const auto& v : o.value(QStringLiteral("vllm_argv")).toArray()) d.vllmArgv << v.toString();
  return d;
}

DeploymentStore::DeploymentStore(QString dir) : dir_(std::move(dir)) {}

QString DeploymentStore::defaultDir() { return paths::stateDir() + QStringLiteral("/deployments"); }

bool DeploymentStore::validName(const QString& name) {
  // The same names `ct eval --targets` accepts.
  static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_.-]{1,32}$"));
  return re.match(name).hasMatch() && name != QLatin1String(".") && name != QLatin1String("..");
}

bool DeploymentStore::save(const Deployment& d, QString* error) const {
  if (!QDir().mkpath(dir_)) {
    *error = QStringLiteral("cannot create %1").arg(dir_);
    return false;
  }
  QFile::setPermissions(dir_, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
  QSaveFile f(dir_ + QLatin1Char('/') + d.name + QStringLiteral(".json"));
  if (!f.open(QIODevice::WriteOnly)) {
    *error = QStringLiteral("cannot write %1: %2").arg(f.fileName(), f.errorString());
    return false;
  }
  f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
  f.write(QJsonDocument(d.toJson()).toJson(QJsonDocument::Indented));
  if (!f.commit()) {
    *error = QStringLiteral("cannot write %1: %2").arg(f.fileName(), f.errorString());
    return false;
  }
  return true;
}

std::optional<Deployment> DeploymentStore::load(const QString& name) const {
  if (!validName(name)) return std::nullopt;
  QFile f(dir_ + QLatin1Char('/') + name + QStringLiteral(".json"));
  if (!f.open(QIODevice::ReadOnly)) return std::nullopt;
  const QJsonDocument doc = QJsonDocument::fromJson(f.readAll());
  if (!doc.isObject()) return std::nullopt;
  return Deployment::fromJson(doc.object());
}

QList<Deployment> DeploymentStore::list() const {
  QList<Deployment> out;
  for (const QString& f : QDir(dir_).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
    if (auto d = load(f.chopped(5))) out << *d;
  return out;
}

namespace {
QString keyEntry(const QString& name) { return QStringLiteral("api-key:deploy/") + name; }
}  // namespace

bool DeploymentStore::saveKey(const Deployment& d, QString* why) {
  const auth::Keychain keychain;
  QString reason;
  if (!keychain.available(&reason)) {
    if (why) *why = auth::keychainUnavailableHelp(reason);
    return false;
  }
  const auto r = keychain.write(keyEntry(d.name), d.apiKey.toUtf8());
  if (!r.ok() && why) *why = r.message;
  return r.ok();
}

QString DeploymentStore::loadKey(const QString& name, QString* why) {
  const auth::Keychain keychain;
  QString reason;
  if (!keychain.available(&reason)) {
    if (why) *why = auth::keychainUnavailableHelp(reason);
    return {};
  }
  const auto r = keychain.read(keyEntry(name));
  if (!r.ok() && why) *why = r.status == auth::Keychain::Status::NotFound ? QStringLiteral("the keychain holds no key for deployment %1").arg(name) : r.message;
  return r.ok() ? QString::fromUtf8(r.data) : QString();
}

bool DeploymentStore::remove(const QString& name) const { return validName(name) && QFile::remove(dir_ + QLatin1Char('/') + name + QStringLiteral(".json")); }

}  // namespace ct::deploy
