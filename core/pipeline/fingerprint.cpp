#include "pipeline/fingerprint.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QJsonDocument>
#include <QThread>

#include "remote/host_store.h"
#include "remote/manifest.h"
#include "remote/ssh_host.h"
#include "util/paths.h"

namespace ct::pipeline {
namespace {
QString digest(const remote::Manifest& m) {
  QCryptographicHash h(QCryptographicHash::Sha256);
  for (const remote::ManifestEntry& e : m) {
    h.addData(e.path);
    h.addData(QByteArray("\0", 1));
    h.addData(QByteArray::number(e.size));
    h.addData(e.sha256);
    h.addData(QByteArray("\n"));
  }
  return QString::fromLatin1(h.result().toHex());
}
}  // namespace

std::optional<QString> fingerprintOutput(const QString& path, QString* error, const std::function<bool()>& cancelled) {
  // A local path never holds ':' before its first '/' the way HOST:PATH does.
  const int colon = static_cast<int>(path.indexOf(QLatin1Char(':')));
  const int slash = static_cast<int>(path.indexOf(QLatin1Char('/')));
  if (colon > 0 && (slash < 0 || colon < slash)) {
    const QString host = path.left(colon);
    remote::HostStore store(paths::jobsDatabase());
    if (!store.open(error)) return std::nullopt;
    const auto profile = store.get(host);
    if (!profile) {
      if (error) *error = QStringLiteral("no host '%1' (ct hosts list)").arg(host);
      return std::nullopt;
    }
    remote::SshHost ssh(*profile);
    auto m = remote::remoteManifest(ssh, path.mid(colon + 1), true, error);
    if (!m) return std::nullopt;
    if (m->isEmpty()) {
      if (error) *error = QStringLiteral("%1 holds no files").arg(path);
      return std::nullopt;
    }
    return digest(*m);
  }
  if (!QFileInfo::exists(path)) {
    if (error) *error = QStringLiteral("%1 is gone").arg(path);
    return std::nullopt;
  }
  auto m = remote::localManifest(path, true, std::max(1, QThread::idealThreadCount()), error, {}, cancelled);
  if (!m) return std::nullopt;
  return digest(*m);
}

QString fingerprintInputs(const QString& kind, const QJsonObject& params, const QStringList& inputFps) {
  QCryptographicHash h(QCryptographicHash::Sha256);
  h.addData(kind.toUtf8());
  h.addData(QJsonDocument(params).toJson(QJsonDocument::Compact));  // QJsonObject keeps keys sorted
  for (const QString& fp : inputFps) h.addData(fp.toLatin1());
  return QString::fromLatin1(h.result().toHex());
}

}  // namespace ct::pipeline
