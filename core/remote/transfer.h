#pragma once
#include <QString>
#include <QStringList>
#include <functional>

#include "remote/manifest.h"
#include "remote/ssh_host.h"

namespace ct::remote {

struct TransferOptions {
  enum class Method { Auto, Rsync, Sftp };
  Method method = Method::Auto;  // Auto: rsync when the host has it, else sftp
  int retries = 3;               // re-runs after a dropped link (each resumes)
};

struct TransferProgress {
  qint64 done = 0, total = 0;
  double bytesPerSecond = 0;
  QString stage;  // "sending", "verifying", ...
};

struct TransferCallbacks {
  std::function<void(const TransferProgress&)> progress;
  std::function<void(const QString&)> log;
  std::function<bool()> cancelled;
};

struct TransferReport {
  QString method;         // rsync / sftp
  QString source, target;
  int files = 0;
  qint64 bytes = 0;       // size of everything that was verified
  qint64 sentBytes = -1;  // bytes that went over the link (rsync's literal data; -1 unknown)
  qint64 matchedBytes = -1;  // bytes found already there (rsync's matched data)
  int attempts = 0;
  QList<QByteArray> repaired;  // files that failed verification and were sent again
  double seconds = 0;
  QJsonObject toJson() const;
};

// Copies model folders and checkpoints to and from a host over the host's master connection:
// rsync (partial files kept, so a re-run resumes and sends nothing already there) or sftp
// (whole-file resume); into TARGET.partial, verified file by file (size + SHA-256 on both
// sides), and only then renamed to TARGET, so an interrupted copy never looks complete.
class Transfer {
 public:
  Transfer(SshHost& ssh, TransferCallbacks cb) : ssh_(ssh), cb_(std::move(cb)) {}

  bool push(const QString& localPath, const QString& remotePath, const TransferOptions& o, TransferReport* report, QString* error);
  bool pull(const QString& remotePath, const QString& localPath, const TransferOptions& o, TransferReport* report, QString* error);

  // Checks a finished copy against its source without sending anything.
  bool verifyPush(const QString& localPath, const QString& remotePath, ManifestDiff* diff, QString* error);

 private:
  enum class Direction { Push, Pull };
  bool run(Direction dir, const QString& local, const QString& remote, const TransferOptions& o, TransferReport* report, QString* error);
  bool rsync(Direction dir, const QString& localSrc, const QString& remoteDst, bool isDir, const QList<QByteArray>& only, qint64 total, TransferReport* report,
             QString* error, bool* transient);
  bool sftp(Direction dir, const QString& local, const QString& remote, const Manifest& files, bool isDir, TransferReport* report, QString* error, bool* transient);

  SshHost& ssh_;
  TransferCallbacks cb_;
};

// A remote path as rsync, sftp and the shell scripts take it: no trailing slash, and never
// starting with '-' (it would read as an option).
QString safeRemotePath(const QString& path);

}  // namespace ct::remote
