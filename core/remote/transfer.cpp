#include "remote/transfer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>
#include <QCoreApplication>
#include <QSet>
#include <QThread>
#include <thread>

#include "proc/process.h"

namespace ct::remote {
namespace {

// Push: make the parent folder; a complete copy already there becomes TARGET.partial while it
// is brought up to date (what arrives on top of it is not complete until verified).
const char* const kPreparePush = R"sh(t=$1; p="$t.partial"
case "$t" in */*) mkdir -p -- "${t%/*}" || exit 10;; esac
if [ -e "$t" ]; then
  [ -e "$p" ] && { echo "both $t and $p exist"; exit 12; }
  mv -- "$t" "$p" || exit 11
fi
command -v rsync >/dev/null 2>&1 && echo rsync=yes
exit 0
)sh";

const char* const kFinishPush = R"sh(t=$1
[ -e "$t" ] && { echo "$t appeared while the copy was running"; exit 12; }
mv -- "$t.partial" "$t"
)sh";

const char* const kInspectSource = R"sh(s=$1
if [ -d "$s" ]; then echo kind=dir; elif [ -f "$s" ]; then echo kind=file; else echo kind=missing; fi
command -v rsync >/dev/null 2>&1 && echo rsync=yes
exit 0
)sh";

const char* const kRemoveFiles = R"sh(r=$1; shift
for f; do rm -f -- "$r/$f"; done
)sh";

QString host(const HostProfile& p) { return p.dest.contains(QLatin1Char(':')) ? QLatin1Char('[') + p.dest + QLatin1Char(']') : p.dest; }

// rsync's --info=progress2 line: "  1,234,567  48%  12.34MB/s    0:00:10 ..."
bool parseRsyncProgress(const QByteArray& line, qint64* done, double* rate) {
  static const QRegularExpression re(QStringLiteral("^\\s*([\\d,]+)\\s+(\\d+)%\\s+([\\d.]+)([kMGT]?)B/s"));
  const auto m = re.match(QString::fromLatin1(line));
  if (!m.hasMatch()) return false;
  *done = m.captured(1).remove(QLatin1Char(',')).toLongLong();
  double r = m.captured(3).toDouble();
  const QString unit = m.captured(4);
  const double scale = unit == QLatin1String("k") ? 1e3 : unit == QLatin1String("M") ? 1e6 : unit == QLatin1String("G") ? 1e9 : unit == QLatin1String("T") ? 1e12 : 1;
  *rate = r * scale;
  return true;
}

qint64 statNumber(const QByteArray& text, const char* label) {
  const QRegularExpression re(QStringLiteral("%1: ([\\d,]+)").arg(QLatin1String(label)));
  const auto m = re.match(QString::fromLatin1(text));
  return m.hasMatch() ? m.captured(1).remove(QLatin1Char(',')).toLongLong() : -1;
}

// sftp's batch language has its own quoting and globbing; names it cannot carry safely are refused.
std::optional<QByteArray> sftpWord(const QByteArray& path, QString* error) {
  for (const char c : path)
    if (c == '"' || c == '\\' || c == '*' || c == '?' || c == '[' || c == ']' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      *error = QStringLiteral("'%1' contains a character sftp cannot carry safely (\" \\ * ? [ ] or a control character); install rsync on the host to copy it")
                   .arg(QString::fromUtf8(path));
      return std::nullopt;
    }
  return '"' + path + '"';
}

}  // namespace

QString safeRemotePath(const QString& path) {
  QString p = normalizeRemotePath(path);
  while (p.size() > 1 && p.endsWith(QLatin1Char('/'))) p.chop(1);
  if (p.startsWith(QLatin1Char('-'))) p.prepend(QStringLiteral("./"));
  return p;
}

QJsonObject TransferReport::toJson() const {
  QJsonArray rep;
  for (const QByteArray& r : repaired) rep.append(displayPath(r));
  return {{QStringLiteral("method"), method},       {QStringLiteral("source"), source},   {QStringLiteral("target"), target},
          {QStringLiteral("files"), files},         {QStringLiteral("bytes"), bytes},     {QStringLiteral("sent_bytes"), sentBytes},
          {QStringLiteral("matched_bytes"), matchedBytes}, {QStringLiteral("attempts"), attempts}, {QStringLiteral("repaired"), rep},
          {QStringLiteral("seconds"), seconds},     {QStringLiteral("verified"), true}};
}

bool Transfer::push(const QString& localPath, const QString& remotePath, const TransferOptions& o, TransferReport* report, QString* error) {
  return run(Direction::Push, localPath, remotePath, o, report, error);
}

bool Transfer::pull(const QString& remotePath, const QString& localPath, const TransferOptions& o, TransferReport* report, QString* error) {
  return run(Direction::Pull, localPath, remotePath, o, report, error);
}

bool Transfer::verifyPush(const QString& localPath, const QString& remotePath, ManifestDiff* diff, QString* error) {
  auto mine = localManifest(localPath, true, 2, error);
  if (!mine) return false;
  auto theirs = remoteManifest(ssh_, safeRemotePath(remotePath), true, error);
  if (!theirs) return false;
  *diff = compareManifests(*mine, *theirs);
  return true;
}

bool Transfer::run(Direction dir, const QString& localIn, const QString& remoteIn, const TransferOptions& o, TransferReport* report, QString* error) {
  QElapsedTimer clock;
  clock.start();
  const bool push = dir == Direction::Push;
  const QString remote = safeRemotePath(remoteIn);
  QString local = QFileInfo(localIn).absoluteFilePath();
  while (local.size() > 1 && local.endsWith(QLatin1Char('/'))) local.chop(1);
  if (remote.isEmpty() || remote == QLatin1String(".") || remote == QLatin1String("/")) {
    *error = QStringLiteral("'%1' cannot be the remote path of a copy").arg(remoteIn);
    return false;
  }
  report->source = push ? local : QStringLiteral("%1:%2").arg(ssh_.profile().name, remote);
  report->target = push ? QStringLiteral("%1:%2").arg(ssh_.profile().name, remote) : local;
  auto say = [&](const QString& m) {
    if (cb_.log) cb_.log(m);
  };

  // Where things are, and what the host can do.
  bool isDir = false, hostRsync = false;
  Manifest source;
  if (push) {
    const QFileInfo info(local);
    if (!info.exists()) {
      *error = QStringLiteral("%1 does not exist").arg(local);
      return false;
    }
    isDir = info.isDir();
    const ExecResult r = ssh_.script(kPreparePush, {remote});
    if (!r.ok()) {
      *error = QStringLiteral("%1: cannot prepare %2 (%3)").arg(ssh_.label(), remote, r.ran ? QString::fromUtf8(r.out + r.err).trimmed() : r.error());
      return false;
    }
    hostRsync = r.out.contains("rsync=yes");
    auto listing = localManifest(local, false, 1, error);
    if (!listing) return false;
    source = *listing;
  } else {
    const ExecResult r = ssh_.script(kInspectSource, {remote});
    if (!r.ok()) {
      *error = r.error();
      return false;
    }
    if (r.out.contains("kind=missing")) {
      *error = QStringLiteral("%1 does not exist on %2").arg(remote, ssh_.label());
      return false;
    }
    isDir = r.out.contains("kind=dir");
    hostRsync = r.out.contains("rsync=yes");
    auto listing = remoteManifest(ssh_, remote, false, error);
    if (!listing) return false;
    source = *listing;
    const QString partial = local + QStringLiteral(".partial");
    QDir().mkpath(QFileInfo(local).absolutePath());
    if (QFileInfo::exists(local)) {
      if (QFileInfo::exists(partial)) {
        *error = QStringLiteral("both %1 and %2 exist; remove one").arg(local, partial);
        return false;
      }
      if (!QFile::rename(local, partial)) {
        *error = QStringLiteral("cannot rename %1 to %2").arg(local, partial);
        return false;
      }
    }
  }
  const qint64 total = totalBytes(source);
  report->files = static_cast<int>(source.size());
  const bool localRsync = !QStandardPaths::findExecutable(QStringLiteral("rsync")).isEmpty();
  const bool useRsync = o.method == TransferOptions::Method::Rsync || (o.method == TransferOptions::Method::Auto && hostRsync && localRsync);
  if (o.method == TransferOptions::Method::Rsync && !hostRsync) {
    *error = QStringLiteral("%1 has no rsync").arg(ssh_.label());
    return false;
  }
  report->method = useRsync ? QStringLiteral("rsync") : QStringLiteral("sftp");
  if (!useRsync && o.method == TransferOptions::Method::Auto)
    say(hostRsync ? QStringLiteral("no rsync on this machine: copying with sftp") : QStringLiteral("no rsync on %1: copying with sftp").arg(ssh_.label()));

  // The source side's hashes are computed while the bytes travel (push: here; pull: after, on the host).
  std::optional<Manifest> localHashes;
  QString localError;
  std::thread localHasher;
  if (push) localHasher = std::thread([&] { localHashes = localManifest(local, true, 1, &localError, {}, cb_.cancelled); });
  struct Join {
    std::thread& t;
    ~Join() {
      if (t.joinable()) t.join();
    }
  } join{localHasher};

  const QString localSide = push ? local : local + QStringLiteral(".partial");
  const QString remoteSide = push ? remote + QStringLiteral(".partial") : remote;
  // The host hashes while the bytes travel (following each file as it grows, for a push).
  RemoteHashJob remoteHasher(ssh_, remoteSide, push ? source : Manifest{});
  QString hashError;
  const bool streaming = remoteHasher.start(&hashError);
  if (!streaming) say(QStringLiteral("hashing on %1 will follow the copy (%2)").arg(ssh_.label(), hashError));
  auto transferOnce = [&](const QList<QByteArray>& only) {
    for (int attempt = 0;; ++attempt) {
      bool transient = false;
      ++report->attempts;
      const bool ok = useRsync ? rsync(dir, localSide, remoteSide, isDir, only, total, report, error, &transient)
                               : sftp(dir, localSide, remoteSide, source, isDir, report, error, &transient);
      if (ok) return true;
      if (!transient || attempt >= o.retries || (cb_.cancelled && cb_.cancelled())) return false;
      say(QStringLiteral("the link to %1 dropped (%2); resuming (attempt %3 of %4)").arg(ssh_.label(), *error).arg(attempt + 2).arg(o.retries + 1));
      QThread::msleep(static_cast<unsigned long>(500 * (attempt + 1)));
    }
  };
  if (!transferOnce({})) {
    remoteHasher.abandon();
    if (cb_.cancelled && cb_.cancelled()) *error = QStringLiteral("cancelled; the partial copy %1 is kept and the next run resumes it").arg(push ? remoteSide : localSide);
    return false;
  }

  // Verify: sizes and SHA-256 of every file on both sides; files that differ are sent again once.
  bool firstCheck = true;
  auto verify = [&](ManifestDiff* diff) -> bool {
    if (cb_.progress) cb_.progress({total, total, 0, QStringLiteral("verifying")});
    std::optional<Manifest> src, copy;
    const bool useStream = firstCheck && streaming;
    firstCheck = false;
    if (push) {
      std::optional<Manifest> streamed = useStream ? remoteHasher.finish(nullptr) : std::nullopt;
      if (localHasher.joinable()) localHasher.join();
      if (!localHashes) localHashes = localManifest(local, true, 2, &localError, {}, cb_.cancelled);
      if (!localHashes) {
        *error = localError;
        return false;
      }
      src = localHashes;
      // What was hashed while it arrived must agree; if not (a file rewritten in place after it
      // was read), the copy as it is now on disk decides.
      if (streamed && compareManifests(*src, *streamed).same()) copy = streamed;
      else copy = remoteManifest(ssh_, remoteSide, true, error);
    } else {
      std::thread t([&] { copy = localManifest(localSide, true, 1, &localError, {}, cb_.cancelled); });
      if (useStream) src = remoteHasher.finish(nullptr);
      if (!src) src = remoteManifest(ssh_, remote, true, error);
      t.join();
      if (!copy) *error = localError;
    }
    if (!src || !copy) return false;
    *diff = compareManifests(*src, *copy);
    if (push) localHashes = src;
    return true;
  };
  ManifestDiff diff;
  if (!verify(&diff)) return false;
  if (!diff.same()) {
    say(QStringLiteral("verification found differences (%1); sending those files again").arg(diff.describe()));
    report->repaired = diff.all();
    if (push) {
      QStringList args{remoteSide};
      for (const QByteArray& f : report->repaired) args << QString::fromUtf8(f);
      if (isDir) ssh_.script(kRemoveFiles, args);
      else ssh_.exec({QStringLiteral("rm"), QStringLiteral("-f"), QStringLiteral("--"), remoteSide});
    } else {
      for (const QByteArray& f : report->repaired) QFile::remove(isDir ? localSide + QLatin1Char('/') + QFile::decodeName(f) : localSide);
    }
    if (!transferOnce(report->repaired) || !verify(&diff)) return false;
    if (!diff.same()) {
      *error = QStringLiteral("the copy still differs from the source after sending it again (%1); %2 is left as it is")
                   .arg(diff.describe(), push ? remoteSide : localSide);
      return false;
    }
  }
  report->bytes = total;

  // Complete: the .partial name goes.
  if (push) {
    const ExecResult r = ssh_.script(kFinishPush, {remote});
    if (!r.ok()) {
      *error = QStringLiteral("verified, but cannot rename %1.partial on %2: %3").arg(remote, ssh_.label(), r.ran ? QString::fromUtf8(r.out).trimmed() : r.error());
      return false;
    }
  } else if (QFileInfo::exists(local) || !QFile::rename(localSide, local)) {
    *error = QStringLiteral("verified, but cannot rename %1 to %2").arg(localSide, local);
    return false;
  }
  report->seconds = clock.elapsed() / 1000.0;
  return true;
}

bool Transfer::rsync(Direction dir, const QString& localSrc, const QString& remoteDst, bool isDir, const QList<QByteArray>& only, qint64 total, TransferReport* report,
                     QString* error, bool* transient) {
  const QString wrapper = ssh_.wrapperProgram(error);
  if (wrapper.isEmpty()) return false;
  const SshHost::MasterStart m = ssh_.ensureMaster();
  if (!m.ok) {
    *error = m.failure.message;
    *transient = m.failure.step == QLatin1String("link");
    return false;
  }
  const QString slash = isDir ? QStringLiteral("/") : QString();
  const QString remoteArg = host(ssh_.profile()) + QLatin1Char(':') + remoteDst + slash;
  const QString localArg = localSrc + slash;
  // -s: names travel inside rsync's protocol, never through the remote shell.
  QStringList args{QStringLiteral("-s"), QStringLiteral("-rtL"), QStringLiteral("--partial"), QStringLiteral("--inplace"), QStringLiteral("--no-inc-recursive"),
                   QStringLiteral("--info=progress2"), QStringLiteral("--stats"), QStringLiteral("-e"), wrapper};
  QString listFile;
  if (!only.isEmpty() && isDir) {
    listFile = SshHost::runtimeDir() + QStringLiteral("/files-%1").arg(QCoreApplication::applicationPid());
    QFile f(listFile);
    if (f.open(QIODevice::WriteOnly)) {
      for (const QByteArray& p : only) f.write(p + '\0');
    }
    args << QStringLiteral("--from0") << QStringLiteral("--files-from=") + listFile;
  }
  if (dir == Direction::Push) args << localArg << remoteArg;
  else args << remoteArg << localArg;

  proc::Process p;
  proc::ProcessSpec spec;
  spec.program = QStringLiteral("rsync");
  spec.args = args;
  spec.env = SshHost::sshEnvironment();
  spec.rawStdout = true;
  spec.graceMs = 3000;
  QByteArray pending, all, errText;
  QElapsedTimer lastReport;
  lastReport.start();
  QObject::connect(&p, &proc::Process::stdoutData, [&](const QByteArray& b) {
    all += b;
    if (all.size() > (1 << 20)) all = all.right(1 << 19);
    pending += b;
    // progress2 rewrites its line with carriage returns; stats end with newlines.
    while (true) {
      int first = -1;
      for (int i = 0; i < pending.size(); ++i)
        if (pending[i] == '\r' || pending[i] == '\n') {
          first = i;
          break;
        }
      if (first < 0) break;
      const QByteArray line = pending.left(first);
      pending.remove(0, first + 1);
      qint64 done = 0;
      double rate = 0;
      if (parseRsyncProgress(line, &done, &rate) && cb_.progress && lastReport.elapsed() >= 200) {
        lastReport.restart();
        cb_.progress({std::min(done, total), total, rate, dir == Direction::Push ? QStringLiteral("sending") : QStringLiteral("receiving")});
      }
    }
  });
  QObject::connect(&p, &proc::Process::stderrLines, [&](const QList<QByteArray>& lines) {
    for (const QByteArray& l : lines) errText += l + '\n';
  });
  QTimer poll;
  QObject::connect(&poll, &QTimer::timeout, [&] {
    if (cb_.cancelled && cb_.cancelled() && p.isRunning()) p.cancel();
  });
  poll.start(100);
  p.start(spec);
  p.waitForDone(-1);
  if (!listFile.isEmpty()) QFile::remove(listFile);
  const auto& r = p.result();
  const qint64 literal = statNumber(all, "Literal data");
  const qint64 matched = statNumber(all, "Matched data");
  if (literal >= 0) report->sentBytes = std::max<qint64>(report->sentBytes, 0) + literal;
  if (matched >= 0) report->matchedBytes = std::max<qint64>(report->matchedBytes, 0) + matched;
  if (r.ok()) return true;
  using O = proc::ProcessResult::Outcome;
  if (r.outcome == O::Cancelled) {
    *error = QStringLiteral("cancelled");
    return false;
  }
  if (r.outcome == O::FailedToStart) {
    *error = QStringLiteral("cannot run rsync here: %1 (install rsync)").arg(r.detail);
    return false;
  }
  const int code = r.exitCode;
  *transient = code == 10 || code == 12 || code == 30 || code == 35 || code == 255 || r.outcome == O::Crashed;
  QString last = QString::fromUtf8(errText).trimmed();
  last = last.section(QLatin1Char('\n'), -3);
  const SshFailure f = diagnoseSsh(errText, 255, ssh_.profile());
  *error = QStringLiteral("rsync %1 (exit %2): %3").arg(dir == Direction::Push ? QStringLiteral("to %1").arg(ssh_.label()) : QStringLiteral("from %1").arg(ssh_.label()))
               .arg(code).arg(f.isFailure() && f.step != QLatin1String("link") ? f.message : last);
  return false;
}

bool Transfer::sftp(Direction dir, const QString& local, const QString& remote, const Manifest& files, bool isDir, TransferReport* report, QString* error, bool* transient) {
  Q_UNUSED(report);
  const QString wrapper = ssh_.wrapperProgram(error);
  if (wrapper.isEmpty()) return false;
  const SshHost::MasterStart m = ssh_.ensureMaster();
  if (!m.ok) {
    *error = m.failure.message;
    *transient = m.failure.step == QLatin1String("link");
    return false;
  }
  const auto rootL = sftpWord(QFile::encodeName(local), error);
  const auto rootR = sftpWord(remote.toUtf8(), error);
  if (!rootL || !rootR) return false;
  QByteArray batch;
  QList<qint64> sizes;
  const bool push = dir == Direction::Push;
  // sftp resumes (-a) only into a file that exists: what is already there decides the command.
  Manifest there;
  {
    QString ignored;
    const auto m = push ? remoteManifest(ssh_, remote, false, &ignored) : localManifest(local, false, 1, &ignored);
    if (m) there = *m;
  }
  auto verb = [&](const QByteArray& rel, qint64 size) -> QByteArray {
    const auto it = there.find(rel);
    const QByteArray cmd = push ? "put" : "get";
    if (it == there.end()) return cmd + ' ';
    if (it->size >= size) return {};  // complete (verification checks its content)
    return cmd + " -a ";
  };
  if (!isDir) {
    const QByteArray v = verb({}, totalBytes(files));
    if (!v.isEmpty()) batch += push ? v + *rootL + ' ' + *rootR + '\n' : v + *rootR + ' ' + *rootL + '\n';
    sizes << totalBytes(files);
  } else {
    QSet<QByteArray> dirs;
    for (const auto& e : files) {
      QByteArray d = e.path;
      while (d.contains('/')) {
        d = d.left(d.lastIndexOf('/'));
        dirs.insert(d);
      }
    }
    QList<QByteArray> ordered = dirs.values();
    std::sort(ordered.begin(), ordered.end());
    if (push) batch += "-mkdir " + *rootR + '\n';
    else QDir().mkpath(local);
    for (const QByteArray& d : ordered) {
      const auto w = sftpWord(d, error);
      if (!w) return false;
      if (push) batch += "-mkdir " + rootR->chopped(1) + '/' + w->mid(1) + '\n';
      else QDir().mkpath(local + QLatin1Char('/') + QFile::decodeName(d));
    }
    for (const auto& e : files) {
      const auto w = sftpWord(e.path, error);
      if (!w) return false;
      const QByteArray v = verb(e.path, e.size);
      if (v.isEmpty()) continue;
      const QByteArray l = rootL->chopped(1) + '/' + w->mid(1), r = rootR->chopped(1) + '/' + w->mid(1);
      batch += push ? v + l + ' ' + r + '\n' : v + r + ' ' + l + '\n';
      sizes << e.size;
    }
  }
  for (const QByteArray& line : batch.split('\n'))
    if (line.size() > 2000) {
      *error = QStringLiteral("a path is too long for sftp's batch commands; install rsync on the host");
      return false;
    }
  const QString batchFile = SshHost::runtimeDir() + QStringLiteral("/sftp-%1.batch").arg(QCoreApplication::applicationPid());
  {
    QFile f(batchFile);
    if (!f.open(QIODevice::WriteOnly) || f.write(batch) != batch.size()) {
      *error = QStringLiteral("cannot write %1").arg(batchFile);
      return false;
    }
  }
  proc::Process p;
  proc::ProcessSpec spec;
  spec.program = QStringLiteral("sftp");
  spec.args = {QStringLiteral("-b"), batchFile, QStringLiteral("-S"), wrapper, QStringLiteral("--"), ssh_.profile().dest};
  spec.env = SshHost::sshEnvironment();
  spec.rawStdout = true;
  const qint64 total = totalBytes(files);
  qint64 done = 0;
  int index = -1;
  QElapsedTimer clock;
  clock.start();
  QByteArray pending, errText;
  QObject::connect(&p, &proc::Process::stdoutData, [&](const QByteArray& b) {
    pending += b;
    int nl;
    while ((nl = static_cast<int>(pending.indexOf('\n'))) >= 0) {
      const QByteArray line = pending.left(nl);
      pending.remove(0, nl + 1);
      if (!line.startsWith("sftp> put") && !line.startsWith("sftp> get")) continue;
      if (index >= 0 && index < sizes.size()) done += sizes[index];
      ++index;
      if (cb_.progress) cb_.progress({done, total, clock.elapsed() > 0 ? done * 1000.0 / clock.elapsed() : 0, push ? QStringLiteral("sending") : QStringLiteral("receiving")});
    }
  });
  QObject::connect(&p, &proc::Process::stderrLines, [&](const QList<QByteArray>& lines) {
    for (const QByteArray& l : lines) errText += l + '\n';
  });
  QTimer poll;
  QObject::connect(&poll, &QTimer::timeout, [&] {
    if (cb_.cancelled && cb_.cancelled() && p.isRunning()) p.cancel();
  });
  poll.start(100);
  p.start(spec);
  p.waitForDone(-1);
  QFile::remove(batchFile);
  const auto& r = p.result();
  if (r.ok()) return true;
  if (r.outcome == proc::ProcessResult::Outcome::Cancelled) {
    *error = QStringLiteral("cancelled");
    return false;
  }
  *transient = r.exitCode == 255;
  *error = QStringLiteral("sftp %1 failed: %2").arg(ssh_.label(), QString::fromUtf8(errText).trimmed().section(QLatin1Char('\n'), -3));
  return false;
}

}  // namespace ct::remote
