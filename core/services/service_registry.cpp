#include "services/service_registry.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonDocument>

#include "brand/brand.h"
#include "deploy/deployment.h"
#include "jobs/job_manager.h"
#include "util/paths.h"

namespace ct::services {
namespace {

bool sameSource(const Source& a, const Source& b) {
  if (a.kind == SourceKind::Board || b.kind == SourceKind::Board) return a.kind == b.kind && a.hostLink == b.hostLink;
  return QDir::cleanPath(QFileInfo(a.path).absoluteFilePath()) == QDir::cleanPath(QFileInfo(b.path).absoluteFilePath());
}

QString clean(const QString& dir) { return QDir::cleanPath(QFileInfo(dir).absoluteFilePath()); }

}  // namespace

QString Target::id() const {
  switch (kind) {
    case Kind::Folder: return QStringLiteral("folder:") + path;
    case Kind::Service: return QStringLiteral("service:") + url;
    case Kind::Endpoint: return QStringLiteral("endpoint:") + name;
  }
  return {};
}

QString Target::label() const {
  auto say = [](const char* t) { return QCoreApplication::translate("ct::services::Target", t); };
  switch (kind) {
    case Kind::Folder:
      if (service && service->isUp())
        return say(QT_TRANSLATE_NOOP("ct::services::Target", "%1 — %2, served at %3")).arg(name, kindName(folderKind), service->url());
      return say(QT_TRANSLATE_NOOP("ct::services::Target", "%1 — %2 (served when needed)")).arg(name, kindName(folderKind));
    case Kind::Service: return say(QT_TRANSLATE_NOOP("ct::services::Target", "%1 — running service at %2")).arg(name, url);
    case Kind::Endpoint: return say(QT_TRANSLATE_NOOP("ct::services::Target", "%1 — endpoint %2")).arg(name, url);
  }
  return {};
}

ServiceRegistry::ServiceRegistry(jobs::JobManager* manager, QObject* parent) : QObject(parent), manager_(manager) {
  if (manager_) connect(manager_, &jobs::JobManager::jobFinished, this, &ServiceRegistry::changed);
}

ServiceRegistry::~ServiceRegistry() { stopAll(); }

LocalService* ServiceRegistry::runningFor(const Source& source) const {
  for (const auto& s : services_)
    if (s && s->isUp() && s->source().kind == source.kind && sameSource(s->source(), source)) return s;
  // A model and a checkpoint are served the same way: the folder decides.
  for (const auto& s : services_)
    if (s && s->isUp() && source.kind != SourceKind::Board && s->source().kind != SourceKind::Board && sameSource(s->source(), source)) return s;
  return nullptr;
}

LocalService* ServiceRegistry::serve(const Source& source, const ServeOptions& options) {
  if (LocalService* s = runningFor(source)) return s;
  auto* s = new LocalService(manager_, source, options, this);
  services_.prepend(s);
  connect(s, &LocalService::changed, this, &ServiceRegistry::changed);
  s->start();
  Q_EMIT changed();
  return s;
}

QList<LocalService*> ServiceRegistry::services() const {
  QList<LocalService*> out;
  for (const auto& s : services_)
    if (s) out << s;
  return out;
}

void ServiceRegistry::stopAll() {
  for (const auto& s : services_)
    if (s) s->stop();
}

void ServiceRegistry::forget(LocalService* s) {
  if (!s || s->isUp()) return;
  services_.removeAll(s);
  s->deleteLater();
  Q_EMIT changed();
}

QList<Endpoint> ServiceRegistry::endpoints() const {
  QList<Endpoint> out;
  // Until the user saves a list of their own, the brand's endpoints are the list.
  if (!QSettings().contains(QStringLiteral("endpoints/list"))) {
    for (const auto& e : brand::Brand::current().endpoints) out << Endpoint{e.name, e.url, keys_.value(e.name)};
    return out;
  }
  const QJsonArray a = QJsonDocument::fromJson(QSettings().value(QStringLiteral("endpoints/list")).toByteArray()).array();
  for (const QJsonValue v : a) {
    const QString name = v[QStringLiteral("name")].toString();
    out << Endpoint{name, v[QStringLiteral("url")].toString(), keys_.value(name)};
  }
  return out;
}

void ServiceRegistry::addEndpoint(const Endpoint& e) {
  QList<Endpoint> all = endpoints();
  all.erase(std::remove_if(all.begin(), all.end(), [&](const Endpoint& x) { return x.name == e.name; }), all.end());
  all << e;
  // Keys stay in memory: a settings file is no place for a secret.
  if (e.apiKey.isEmpty()) keys_.remove(e.name);
  else keys_.insert(e.name, e.apiKey);
  QJsonArray a;
  for (const Endpoint& x : all) a.append(QJsonObject{{QStringLiteral("name"), x.name}, {QStringLiteral("url"), x.url}});
  QSettings().setValue(QStringLiteral("endpoints/list"), QJsonDocument(a).toJson(QJsonDocument::Compact));
  Q_EMIT changed();
}

void ServiceRegistry::removeEndpoint(const QString& name) {
  QList<Endpoint> all = endpoints();
  QJsonArray a;
  for (const Endpoint& x : all)
    if (x.name != name) a.append(QJsonObject{{QStringLiteral("name"), x.name}, {QStringLiteral("url"), x.url}});
  keys_.remove(name);
  QSettings().setValue(QStringLiteral("endpoints/list"), QJsonDocument(a).toJson(QJsonDocument::Compact));
  Q_EMIT changed();
}

void ServiceRegistry::setCurrentModel(const QString& dir) {
  const QString c = dir.isEmpty() ? QString() : clean(dir);
  if (c == currentModel_) return;
  currentModel_ = c;
  Q_EMIT currentModelChanged(c);
  Q_EMIT changed();
}

QList<QPair<QString, SourceKind>> ServiceRegistry::knownFolders() const {
  QList<QPair<QString, SourceKind>> out;
  auto add = [&](const QString& dir) {
    if (dir.isEmpty()) return;
    const QString c = clean(dir);
    for (const auto& [p, k] : out)
      if (p == c) return;
    if (const auto kind = detectKind(c)) out.append({c, *kind});
  };
  add(currentModel_);
  // Outputs of this machine's finished quantize and compile jobs, newest first.
  if (manager_)
    for (const jobs::JobRecord& r : manager_->history(300))
      if (r.state == jobs::JobState::Succeeded && (r.kind == QLatin1String("quantize") || r.kind == QLatin1String("compile"))) {
        const QString out = r.result.value(QStringLiteral("out")).toString();
        add(out.isEmpty() ? r.params.value(QStringLiteral("out")).toString() : out);
      }
  for (const auto& s : services_)
    if (s && s->source().kind != SourceKind::Board) add(s->source().path);
  add(paths::bundledResource(QStringLiteral("demo-model"), "CT_DEMO_MODEL"));
  return out;
}

QList<Target> ServiceRegistry::targets() const {
  QList<Target> out;
  for (const auto& [path, kind] : knownFolders()) {
    Target t;
    t.kind = Target::Kind::Folder;
    t.folderKind = kind;
    t.path = path;
    t.name = QFileInfo(path).fileName();
    Source src{kind, path, {}};
    t.service = runningFor(src);
    if (t.service) {
      t.url = t.service->url();
      t.apiKey = t.service->options().apiKey;
    }
    out << t;
  }
  // Services with no folder of their own (a board's host program).
  for (const auto& s : services_) {
    if (!s || !s->isUp() || s->source().kind != SourceKind::Board) continue;
    Target t;
    t.kind = Target::Kind::Service;
    t.folderKind = SourceKind::Board;
    t.name = s->source().label();
    t.url = s->url();
    t.apiKey = s->options().apiKey;
    t.service = s;
    out << t;
  }
  for (const Endpoint& e : endpoints()) {
    Target t;
    t.kind = Target::Kind::Endpoint;
    t.name = e.name;
    t.url = e.url;
    t.apiKey = e.apiKey;
    out << t;
  }
  // Deployments that answer now, under their names, as `ct eval --targets NAME` knows them.
  for (const deploy::Deployment& d : deploy::DeploymentStore().list()) {
    if (d.state != QLatin1String("ready") || d.url.isEmpty()) continue;
    bool taken = false;
    for (const Target& x : out) taken |= x.kind == Target::Kind::Endpoint && x.name == d.name;
    if (taken) continue;
    // By job id: a new deployment under an old name has a new key.
    if (!deployKeys_.contains(d.jobId)) deployKeys_.insert(d.jobId, deploy::DeploymentStore::loadKey(d.name, nullptr));
    Target t;
    t.kind = Target::Kind::Endpoint;
    t.name = d.name;
    t.url = d.url;
    t.apiKey = deployKeys_.value(d.jobId);
    out << t;
  }
  return out;
}

}  // namespace ct::services
