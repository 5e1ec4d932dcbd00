#pragma once
#include <QByteArray>
#include <QList>
#include <QMap>
#include <QJsonObject>
#include <QString>
#include <functional>
#include <optional>

namespace ct::remote {

class SshHost;

// The files of a transfer: relative path (raw bytes, any name), size, and SHA-256. A transfer is
// done only when both sides' manifests agree on every file.
struct ManifestEntry {
  QByteArray path;  // relative to the root; empty when the root is a single file
  qint64 size = 0;
  QByteArray sha256;  // hex; empty in a listing without hashes
};
using Manifest = QMap<QByteArray, ManifestEntry>;

// Local side: regular files under `root` (symbolic links followed, as the copy does), hashed with
// `threads` workers; `onBytes` reports hashing progress. nullopt with the reason on failure.
std::optional<Manifest> localManifest(const QString& root, bool hash, int threads, QString* error,
                                      const std::function<void(qint64)>& onBytes = {}, const std::function<bool()>& cancelled = {});

// Remote side: the same listing made on the host (python3 when it has it, else find + sha256sum).
std::optional<Manifest> remoteManifest(SshHost& ssh, const QString& root, bool hash, QString* error);

// Hashing on the host as a remote job that runs while the bytes travel: for a push it follows
// each file as it grows to its expected size (`expected`); for a pull (`expected` empty) it hashes
// the source tree. finish() collects the manifest (nullopt: hash again afterwards).
class RemoteHashJob {
 public:
  RemoteHashJob(SshHost& ssh, QString root, Manifest expected);
  ~RemoteHashJob();
  bool start(QString* error);
  std::optional<Manifest> finish(QString* error);
  void abandon();

 private:
  SshHost& ssh_;
  QString root_, id_;
  Manifest expected_;
  QJsonObject info_;
  bool running_ = false;
};

struct ManifestDiff {
  QList<QByteArray> missing, wrongSize, wrongHash;
  bool same() const { return missing.isEmpty() && wrongSize.isEmpty() && wrongHash.isEmpty(); }
  QList<QByteArray> all() const { return missing + wrongSize + wrongHash; }
  QString describe() const;
};
// Every file of `source` must be in `copy` with the same size and hash (extra files in the copy
// are not the transfer's business).
ManifestDiff compareManifests(const Manifest& source, const Manifest& copy);

qint64 totalBytes(const Manifest& m);
QString displayPath(const QByteArray& path);

}  // namespace ct::remote
