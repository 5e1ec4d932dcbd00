#pragma once
#include <QByteArray>
#include <QList>
#include <QMap>
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
