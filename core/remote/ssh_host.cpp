#include "remote/ssh_host.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QRegularExpression>
#include <QTimer>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "proc/process.h"
#include "remote/shell_quote.h"
#include "remote/ssh_askpass.h"
#include "util/paths.h"

namespace ct::remote {
namespace {

constexpr int kControlPersistSeconds = 600;
// ssh binds the socket under a temporary name (path + "." + 16 characters) before renaming it,
// and sun_path holds 104 bytes on some systems (108 on Linux) including the NUL.
constexpr int kMaxSocketPath = 104 - 1 - 17;

bool plainPath(const QString& p) {
  for (const QChar c : p)
    if (c.isSpace() || c == QLatin1Char('"') || c == QLatin1Char('\'') || c == QLatin1Char('%') || c == QLatin1Char('\\')) return false;
  return true;
}

// ssh expands %-tokens in these paths and splits option values at blanks.
QString sshPathValue(QString p) {
  p.replace(QLatin1Char('%'), QStringLiteral("%%"));
  return p.contains(QLatin1Char(' ')) ? QLatin1Char('"') + p + QLatin1Char('"') : p;
}

bool privateDir(const QString& dir, QString* error) {
  QDir().mkpath(dir);
  const QByteArray path = QFile::encodeName(dir);
  struct stat st {};
  if (::lstat(path.constData(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid()) {
    if (error) *error = QStringLiteral("%1 is not a folder owned by this user; ssh control sockets need a private folder").arg(dir);
    return false;
  }
  if ((st.st_mode & 077) != 0 && ::chmod(path.constData(), 0700) != 0) {
    if (error) *error = QStringLiteral("cannot make %1 private (mode 700)").arg(dir);
    return false;
  }
  return true;
}

}  // namespace

LocalRun runLocal(const QString& program, const QStringList& args, int timeoutMs, const QByteArray& input, const QProcessEnvironment& env) {
  LocalRun r;
  proc::Process p;
  proc::ProcessSpec spec;
  spec.program = program;
  spec.args = args;
  spec.rawStdout = true;
  spec.keepStdinOpen = !input.isEmpty();
  spec.wallTimeoutMs = timeoutMs;
  spec.env = env.isEmpty() ? SshHost::sshEnvironment() : env;
  QObject::connect(&p, &proc::Process::stdoutData, [&](const QByteArray& b) { r.out += b; });
  QObject::connect(&p, &proc::Process::stderrLines, [&](const QList<QByteArray>& lines) {
    for (const QByteArray& l : lines) r.err += l + '\n';
  });
  p.start(spec);
  if (!input.isEmpty()) {
    p.write(input);
    p.closeStdin();
  }
  p.waitForDone(-1);
  const auto& res = p.result();
  r.started = res.outcome != proc::ProcessResult::Outcome::FailedToStart;
  r.timedOut = res.outcome == proc::ProcessResult::Outcome::TimedOut;
  r.exitCode = res.outcome == proc::ProcessResult::Outcome::Exited ? res.exitCode : -1;
  if (!r.started) r.err += res.describe().toUtf8();
  return r;
}

QString ExecResult::error() const {
  if (cancelled) return QStringLiteral("cancelled");
  if (failure.isFailure()) return failure.message + (failure.fix.isEmpty() ? QString() : QStringLiteral(" — ") + failure.fix);
  if (timedOut) return QStringLiteral("the command did not finish in time");
  if (!ran) return QStringLiteral("ssh failed");
  if (exitCode != 0) {
    const QString last = QString::fromUtf8(err).trimmed().section(QLatin1Char('\n'), -1);
    return QStringLiteral("exit code %1%2").arg(exitCode).arg(last.isEmpty() ? QString() : QStringLiteral(": ") + last);
  }
  return {};
}

SshHost::SshHost(HostProfile profile) : profile_(std::move(profile)) {}

QString SshHost::label() const { return profile_.name.isEmpty() ? profile_.dest : QStringLiteral("%1 (%2)").arg(profile_.name, profile_.dest); }

QProcessEnvironment SshHost::sshEnvironment() {
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  // Never a passphrase or password dialog, whatever the desktop offers (a remembered passphrase
  // goes through ct's own askpass, set for the connection that needs it).
  env.insert(QStringLiteral("SSH_ASKPASS_REQUIRE"), QStringLiteral("never"));
  env.remove(QStringLiteral("SSH_ASKPASS"));
  env.remove(QString::fromLatin1(kAskpassHostVar));
  env.remove(QString::fromLatin1(kAskpassSocketVar));
  return env;
}

QString SshHost::configFile() const {
  if (!profile_.sshConfig.isEmpty()) return profile_.sshConfig;
  return qEnvironmentVariable("CT_SSH_CONFIG");
}

QStringList SshHost::jumpProxyOption() const {
  if (profile_.jump.isEmpty()) return {};
  // ssh's own -J starts the hop with none of our options (key, known hosts, batch mode), so the
  // hop gets them through a ProxyCommand built like every other command line.
  QString hop = profile_.jump, user, port;
  if (const int at = static_cast<int>(hop.indexOf(QLatin1Char('@'))); at > 0) {
    user = hop.left(at);
    hop = hop.mid(at + 1);
  }
  static const QRegularExpression withPort(QStringLiteral("^(\\[[^\\]]+\\]|[^:]+):(\\d+)$"));
  if (const auto m = withPort.match(hop); m.hasMatch()) {
    hop = m.captured(1);
    port = m.captured(2);
  }
  hop.remove(QLatin1Char('[')).remove(QLatin1Char(']'));
  QStringList argv{QStringLiteral("ssh")};
  HostProfile jumpProfile = profile_;
  jumpProfile.jump.clear();
  jumpProfile.port = port.toInt();
  jumpProfile.user = user;
  argv << SshHost(jumpProfile).connectOptions();
  argv << QStringLiteral("-W") << QStringLiteral("[%h]:%p") << QStringLiteral("--") << hop;
  QByteArray line;
  for (const QString& a : argv) {
    QByteArray word = shellQuote(a.toUtf8());
    if (a != QLatin1String("[%h]:%p")) word.replace('%', "%%");
    line += (line.isEmpty() ? "" : " ") + word;
  }
  return {QStringLiteral("-o"), QStringLiteral("ProxyCommand=") + QString::fromUtf8(line)};
}

QStringList SshHost::connectOptions(HostKeyPolicy policy) const {
  QStringList a;
  const QString cfg = configFile();
  if (!cfg.isEmpty()) a << QStringLiteral("-F") << cfg;
  a << QStringLiteral("-o") << QStringLiteral("BatchMode=yes")
    << QStringLiteral("-o") << (policy == HostKeyPolicy::AcceptNew ? QStringLiteral("StrictHostKeyChecking=accept-new") : QStringLiteral("StrictHostKeyChecking=yes"))
    << QStringLiteral("-o") << QStringLiteral("ConnectTimeout=10") << QStringLiteral("-o") << QStringLiteral("ConnectionAttempts=1")
    << QStringLiteral("-o") << QStringLiteral("ServerAliveInterval=15") << QStringLiteral("-o") << QStringLiteral("ServerAliveCountMax=3");
  if (profile_.port > 0) a << QStringLiteral("-p") << QString::number(profile_.port);
  if (!profile_.user.isEmpty()) a << QStringLiteral("-l") << profile_.user;
  if (!profile_.identity.isEmpty())
    a << QStringLiteral("-i") << QString(profile_.identity).replace(QLatin1Char('%'), QStringLiteral("%%")) << QStringLiteral("-o") << QStringLiteral("IdentitiesOnly=yes");
  if (!profile_.knownHosts.isEmpty()) a << QStringLiteral("-o") << QStringLiteral("UserKnownHostsFile=") + sshPathValue(profile_.knownHosts);
  a << jumpProxyOption();
  return a;
}

QStringList SshHost::resolveArgs() const { return QStringList{QStringLiteral("-G")} + connectOptions() + QStringList{QStringLiteral("--"), profile_.dest}; }

QString SshHost::runtimeDir(QString* error) {
  QString dir;
  if (qEnvironmentVariableIsSet("CT_RUNTIME_DIR")) dir = qEnvironmentVariable("CT_RUNTIME_DIR");
  else if (qEnvironmentVariableIsSet("XDG_RUNTIME_DIR") && QFileInfo(qEnvironmentVariable("XDG_RUNTIME_DIR")).isDir())
    dir = qEnvironmentVariable("XDG_RUNTIME_DIR") + QLatin1Char('/') + paths::applicationFolder();  // one per brand
  else dir = paths::stateDir() + QStringLiteral("/run");
  if (dir.size() + 17 > kMaxSocketPath || !plainPath(dir)) dir = QStringLiteral("/tmp/ct-ssh-%1").arg(::getuid());
  return privateDir(dir, error) ? dir : QString();
}

QString SshHost::controlPath() const {
  const QStringList parts{profile_.name, profile_.dest, QString::number(profile_.port), profile_.user, profile_.identity,
                          profile_.jump, profile_.knownHosts, configFile()};
  const QByteArray id = QCryptographicHash::hash(parts.join(QChar(0)).toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
  const QString dir = runtimeDir();
  return dir.isEmpty() ? QString() : dir + QLatin1Char('/') + QString::fromLatin1(id);
}

bool SshHost::masterAlive() const {
  const QByteArray path = QFile::encodeName(controlPath());
  sockaddr_un addr{};
  if (path.isEmpty() || static_cast<size_t>(path.size()) >= sizeof addr.sun_path) return false;
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.constData(), static_cast<size_t>(path.size()));
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

SshHost::MasterStart SshHost::ensureMaster(HostKeyPolicy policy) {
  MasterStart r;
  QElapsedTimer clock;
  clock.start();
  QString error;
  const QString sock = controlPath();
  if (sock.isEmpty()) {
    runtimeDir(&error);
    r.failure = {QStringLiteral("config"), error, QStringLiteral("set CT_RUNTIME_DIR to a private folder with a short path"), {}};
    return r;
  }
  if (masterAlive()) {
    r.ok = r.reused = true;
    return r;
  }
  // Two ct processes must not both start a master for one socket.
  QLockFile lock(sock + QStringLiteral(".lock"));
  lock.setStaleLockTime(60000);
  if (!lock.tryLock(60000)) {
    r.failure = {QStringLiteral("link"), QStringLiteral("%1: another ct process has been starting the connection for a minute").arg(label()),
                 QStringLiteral("wait, or remove %1.lock").arg(sock), {}};
    return r;
  }
  if (masterAlive()) {
    r.ok = r.reused = true;
    return r;
  }
  QFile::remove(sock);  // a master killed without cleaning up leaves its socket behind
  QStringList args = connectOptions(policy);
  args << QStringLiteral("-o") << QStringLiteral("ControlMaster=yes") << QStringLiteral("-o") << QStringLiteral("ControlPath=") + sock
       << QStringLiteral("-o") << QStringLiteral("ControlPersist=%1").arg(kControlPersistSeconds) << QStringLiteral("-o") << QStringLiteral("ClearAllForwardings=yes")
       << QStringLiteral("-v") << QStringLiteral("-f") << QStringLiteral("-N") << QStringLiteral("--") << profile_.dest;
  r = connectVerbose(args, true);
  if (r.ok && !masterAlive()) {
    r.ok = false;
    r.failure = {QStringLiteral("link"), QStringLiteral("%1: ssh connected but its master socket %2 did not appear").arg(label(), sock), QStringLiteral("check that %1 is writable").arg(runtimeDir()), {}};
  }
  return r;
}

SshHost::MasterStart SshHost::probe(HostKeyPolicy policy) const {
  QStringList args = connectOptions(policy);
  args << QStringLiteral("-o") << QStringLiteral("ControlMaster=no") << QStringLiteral("-o") << QStringLiteral("ControlPath=none")
       << QStringLiteral("-v") << QStringLiteral("-T") << QStringLiteral("--") << profile_.dest << QStringLiteral("true");
  return connectVerbose(args, false);
}

bool SshHost::usesAskpass() const {
  return !profile_.name.isEmpty() && !askpassProgram().isEmpty() && (profile_.rememberPassphrase || hasSessionPassphrase(profile_.name));
}

QStringList SshHost::withAskpass(const QStringList& args) {
  // ssh asks for a passphrase only outside batch mode; everything else it could ask (a password,
  // keyboard-interactive, an unknown host key) stays off, and a wrong passphrase is asked once.
  QStringList a{QStringLiteral("-o"), QStringLiteral("PasswordAuthentication=no"), QStringLiteral("-o"), QStringLiteral("KbdInteractiveAuthentication=no"),
                QStringLiteral("-o"), QStringLiteral("NumberOfPasswordPrompts=1")};
  for (QString x : args) {
    if (x == QLatin1String("BatchMode=yes")) x = QStringLiteral("BatchMode=no");
    else if (x.startsWith(QLatin1String("ProxyCommand="))) x.replace(QStringLiteral("BatchMode=yes"), QStringLiteral("BatchMode=no"));
    a << x;
  }
  return a;
}

SshHost::MasterStart SshHost::connectVerbose(const QStringList& args, bool daemon) const {
  MasterStart r;
  QElapsedTimer clock;
  clock.start();
  proc::Process p;
  proc::ProcessSpec spec;
  spec.program = QStringLiteral("ssh");
  spec.args = args;
  spec.env = sshEnvironment();
  std::unique_ptr<AskpassServer> askpassServer;
  if (usesAskpass()) {
    spec.args = withAskpass(args);
    spec.env->insert(QStringLiteral("SSH_ASKPASS"), askpassProgram());
    spec.env->insert(QStringLiteral("SSH_ASKPASS_REQUIRE"), QStringLiteral("force"));
    spec.env->insert(QString::fromLatin1(kAskpassHostVar), profile_.name);
    if (hasSessionPassphrase(profile_.name)) {
      askpassServer = std::make_unique<AskpassServer>(profile_.name);
      if (!askpassServer->path().isEmpty()) spec.env->insert(QString::fromLatin1(kAskpassSocketVar), askpassServer->path());
    }
  }
  spec.wallTimeoutMs = 45000;
  spec.leavesDaemon = daemon;  // -f: the master forks into the background once authenticated
  QObject::connect(&p, &proc::Process::stderrLines, [&](const QList<QByteArray>& lines) {
    for (const QByteArray& l : lines) {
      r.log += l + '\n';
      if (r.hostKeyMs < 0 && isHostKeyAcceptedLine(l)) r.hostKeyMs = clock.elapsed();
      if (l.startsWith("Warning: Permanently added")) r.acceptedKey = QString::fromUtf8(l);
      if (const int at = static_cast<int>(l.indexOf("Server host key: ")); at >= 0) r.fingerprint = QString::fromUtf8(l.mid(at + 17)).trimmed();
    }
  });
  p.start(spec);
  p.waitForDone(-1);
  r.ms = clock.elapsed();
  const auto& res = p.result();
  if (res.ok()) {
    r.ok = true;
    return r;
  }
  if (res.outcome == proc::ProcessResult::Outcome::FailedToStart) {
    r.failure = {QStringLiteral("config"), QStringLiteral("cannot run ssh: %1").arg(res.detail), QStringLiteral("install the OpenSSH client (apt install openssh-client)"), {}};
    return r;
  }
  r.failure = diagnoseSsh(r.log, res.outcome == proc::ProcessResult::Outcome::Exited ? res.exitCode : 255, profile_);
  if (!r.failure.isFailure())
    r.failure = {QStringLiteral("link"), QStringLiteral("%1: %2").arg(label(), res.outcome == proc::ProcessResult::Outcome::TimedOut ? QStringLiteral("the connection did not complete within 45 s") : res.describe()),
                 QStringLiteral("run `ct hosts test %1`").arg(profile_.name), {}};
  if (r.failure.fingerprint.isEmpty()) r.failure.fingerprint = r.fingerprint;
  return r;
}

qint64 SshHost::masterPid() const {
  const LocalRun r = runLocal(QStringLiteral("ssh"), {QStringLiteral("-o"), QStringLiteral("ControlPath=") + controlPath(), QStringLiteral("-O"), QStringLiteral("check"), QStringLiteral("--"), profile_.dest}, 10000);
  static const QRegularExpression re(QStringLiteral("pid=(\\d+)"));
  const auto m = re.match(QString::fromUtf8(r.err + r.out));
  return r.exitCode == 0 && m.hasMatch() ? m.captured(1).toLongLong() : 0;
}

bool SshHost::stopMaster() {
  if (!masterAlive()) return true;
  const LocalRun r = runLocal(QStringLiteral("ssh"), {QStringLiteral("-o"), QStringLiteral("ControlPath=") + controlPath(), QStringLiteral("-O"), QStringLiteral("exit"), QStringLiteral("--"), profile_.dest}, 10000);
  return r.exitCode == 0;
}

QStringList SshHost::commandArgs(const QByteArray& remoteLine, bool tty) const {
  QStringList a = connectOptions();
  a << QStringLiteral("-o") << QStringLiteral("ControlMaster=no") << QStringLiteral("-o") << QStringLiteral("ControlPath=") + controlPath()
    << QStringLiteral("-e") << QStringLiteral("none") << (tty ? QStringLiteral("-tt") : QStringLiteral("-T")) << QStringLiteral("--") << profile_.dest
    << QString::fromUtf8(remoteLine);
  return a;
}

ExecResult SshHost::exec(const QStringList& argv, const ExecOptions& o) {
  ExecResult r;
  QString why;
  const auto line = shellCommand(argv, &why);
  if (!line) {
    r.failure = {QStringLiteral("command"), QStringLiteral("%1: %2").arg(label(), why), {}, {}};
    return r;
  }
  const MasterStart m = ensureMaster();
  if (!m.ok) {
    r.failure = m.failure;
    return r;
  }
  QElapsedTimer clock;
  clock.start();
  proc::Process p;
  proc::ProcessSpec spec;
  spec.program = QStringLiteral("ssh");
  spec.args = commandArgs(*line);
  spec.env = sshEnvironment();
  spec.rawStdout = true;
  spec.keepStdinOpen = !o.input.isEmpty();
  spec.wallTimeoutMs = o.timeoutMs;
  spec.graceMs = 2000;
  QObject::connect(&p, &proc::Process::stdoutData, [&](const QByteArray& b) {
    if (o.onStdout) o.onStdout(b);
    else r.out += b;
  });
  QObject::connect(&p, &proc::Process::stderrLines, [&](const QList<QByteArray>& lines) {
    for (const QByteArray& l : lines) {
      r.err += l + '\n';
      if (o.onStderrLine) o.onStderrLine(l);
    }
  });
  QTimer poll;
  if (o.cancelled) {
    QObject::connect(&poll, &QTimer::timeout, [&] {
      if (o.cancelled() && p.isRunning()) {
        r.cancelled = true;
        p.cancel();
      }
    });
    poll.start(100);
  }
  p.start(spec);
  if (!o.input.isEmpty()) {
    p.write(o.input);
    p.closeStdin();
  }
  p.waitForDone(-1);
  r.ms = clock.elapsed();
  const auto& res = p.result();
  using O = proc::ProcessResult::Outcome;
  if (res.outcome == O::TimedOut) r.timedOut = true;
  if (res.outcome != O::Exited) {
    if (res.outcome == O::FailedToStart) r.failure = {QStringLiteral("config"), QStringLiteral("cannot run ssh: %1").arg(res.detail), {}, {}};
    return r;
  }
  if (res.exitCode == 255) {
    r.failure = diagnoseSsh(r.err, 255, profile_);
    if (r.failure.isFailure()) return r;
  }
  r.ran = true;
  r.exitCode = res.exitCode;
  return r;
}

ExecResult SshHost::script(const QByteArray& text, const QStringList& args, const ExecOptions& o) {
  return exec(QStringList{QStringLiteral("sh"), QStringLiteral("-c"), QString::fromUtf8(text), QStringLiteral("ct")} + args, o);
}

QString SshHost::wrapperProgram(QString* error) {
  const QString dir = runtimeDir(error);
  if (dir.isEmpty()) return {};
  QList<QByteArray> argv{"exec", "ssh"};
  QStringList opts = connectOptions();
  opts << QStringLiteral("-o") << QStringLiteral("ControlMaster=no") << QStringLiteral("-o") << QStringLiteral("ControlPath=") + controlPath();
  for (const QString& a : opts) argv << a.toUtf8();
  QByteArray body = "#!/bin/sh\n# ssh with the options of one CT Studio host profile, through its master connection\n";
  body += *shellCommand(argv) + " \"$@\"\n";
  const QString path = controlPath() + QStringLiteral(".ssh");
  QFile f(path);
  if (f.open(QIODevice::ReadOnly) && f.readAll() == body) return path;
  f.close();
  QFile out(path + QStringLiteral(".tmp"));
  if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(body) != body.size()) {
    if (error) *error = QStringLiteral("cannot write %1: %2").arg(out.fileName(), out.errorString());
    return {};
  }
  out.close();
  out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
  QFile::remove(path);
  if (!QFile::rename(out.fileName(), path)) {
    if (error) *error = QStringLiteral("cannot rename %1").arg(out.fileName());
    return {};
  }
  return path;
}

}  // namespace ct::remote
