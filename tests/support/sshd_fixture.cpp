#include "sshd_fixture.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>
#include <QThread>
#include <QUuid>
#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

#include "ct_child.h"

namespace ct::test {
namespace {

bool writeFile(const QString& path, const QByteArray& data, QString* error, QFileDevice::Permissions perms = QFileDevice::ReadOwner | QFileDevice::WriteOwner) {
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(data) != data.size()) {
    if (error) *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
    return false;
  }
  f.close();
  f.setPermissions(perms);
  return true;
}

QByteArray readFile(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool run(const QString& program, const QStringList& args, QByteArray* out, QString* error) {
  QProcess p;
  p.setStandardInputFile(QProcess::nullDevice());
  p.start(program, args);
  if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
    if (error) *error = QStringLiteral("%1 %2 failed: %3").arg(program, args.join(QLatin1Char(' ')), QString::fromUtf8(p.readAllStandardError()));
    p.kill();
    p.waitForFinished(1000);
    return false;
  }
  if (out) *out = p.readAllStandardOutput();
  return true;
}

}  // namespace

bool pidAlive(qint64 pid) {
  if (pid <= 0 || ::kill(static_cast<pid_t>(pid), 0) != 0) return false;
  const QByteArray stat = readFile(QStringLiteral("/proc/%1/stat").arg(pid));
  const int close = static_cast<int>(stat.lastIndexOf(')'));
  return close < 0 || close + 2 >= stat.size() || stat.at(close + 2) != 'Z';
}

SshdFixture::SshdFixture(SshdOptions options)
    : options_(std::move(options)), marker_(QUuid::createUuid().toString(QUuid::WithoutBraces)) {}

SshdFixture::~SshdFixture() { stop(); }

QString SshdFixture::dir() const { return dir_ ? dir_->path() : QString(); }
QString SshdFixture::home() const { return dir() + QStringLiteral("/home"); }
QString SshdFixture::toolsDir() const { return dir() + QStringLiteral("/tools"); }
QString SshdFixture::userKey() const { return dir() + QStringLiteral("/id_ed25519"); }
QByteArray SshdFixture::log() const { return readFile(dir() + QStringLiteral("/sshd.log")); }

bool SshdFixture::makeKey(const QString& path, const QString& passphrase, QString* error) {
  QFile::remove(path);
  QFile::remove(path + QStringLiteral(".pub"));
  return run(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"), passphrase,
                                            QStringLiteral("-C"), QStringLiteral("ct-test"), QStringLiteral("-f"), path},
             nullptr, error);
}

QString SshdFixture::knownHostsLine() const {
  const QList<QByteArray> pub = readFile(dir() + QStringLiteral("/host_ed25519.pub")).trimmed().split(' ');
  return QStringLiteral("[127.0.0.1]:%1 %2 %3").arg(port_).arg(QString::fromLatin1(pub.value(0)), QString::fromLatin1(pub.value(1)));
}

QString SshdFixture::hostKeyFingerprint() const {
  QByteArray out;
  if (!run(QStringLiteral("ssh-keygen"), {QStringLiteral("-l"), QStringLiteral("-f"), dir() + QStringLiteral("/host_ed25519.pub")}, &out, nullptr)) return {};
  return QString::fromLatin1(out.split(' ').value(1));
}

bool SshdFixture::writeKnownHosts(const QString& path, QString* error) const {
  return writeFile(path, knownHostsLine().toUtf8() + '\n', error);
}

bool SshdFixture::replaceHostKey(QString* error) {
  return makeKey(dir() + QStringLiteral("/host_ed25519"), {}, error);
}

bool SshdFixture::prepare(QString* error) {
  dir_ = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/ct-sshd-XXXXXX"));
  if (!dir_->isValid()) {
    if (error) *error = QStringLiteral("cannot create a scratch folder");
    return false;
  }
  ::chmod(QFile::encodeName(dir()).constData(), 0700);
  QDir().mkpath(home());
  QDir().mkpath(toolsDir());
  if (!makeKey(dir() + QStringLiteral("/host_ed25519"), {}, error) || !makeKey(userKey(), {}, error)) return false;
  const QByteArray authorized = options_.authorizeUserKey ? readFile(userKey() + QStringLiteral(".pub")) : QByteArray();
  if (!writeFile(dir() + QStringLiteral("/authorized_keys"), authorized, error)) return false;
  port_ = freePort();
  QMap<QString, QString> env = options_.setEnv;
  if (!env.contains(QStringLiteral("PATH"))) env.insert(QStringLiteral("PATH"), toolsDir() + QStringLiteral(":/usr/local/bin:/usr/bin:/bin"));
  if (!env.contains(QStringLiteral("HOME"))) env.insert(QStringLiteral("HOME"), home());
  env.insert(QStringLiteral("CT_SSHD_FIXTURE"), marker_);
  QStringList setEnv;
  for (auto it = env.begin(); it != env.end(); ++it) setEnv << QStringLiteral("\"%1=%2\"").arg(it.key(), it.value());
  QStringList config{
      QStringLiteral("Port %1").arg(port_),
      QStringLiteral("ListenAddress 127.0.0.1"),
      QStringLiteral("HostKey %1/host_ed25519").arg(dir()),
      QStringLiteral("PidFile %1/sshd.pid").arg(dir()),
      QStringLiteral("AuthorizedKeysFile %1/authorized_keys").arg(dir()),
      QStringLiteral("PubkeyAuthentication yes"),
      QStringLiteral("PasswordAuthentication no"),
      QStringLiteral("KbdInteractiveAuthentication no"),
      QStringLiteral("PermitRootLogin prohibit-password"),
      QStringLiteral("UsePAM no"),
      QStringLiteral("StrictModes no"),
      QStringLiteral("AllowTcpForwarding yes"),
      QStringLiteral("X11Forwarding no"),
      QStringLiteral("PrintMotd no"),
      QStringLiteral("UseDNS no"),
      QStringLiteral("MaxSessions 64"),
      QStringLiteral("LogLevel %1").arg(options_.logLevel),
      QStringLiteral("Subsystem sftp internal-sftp"),
      QStringLiteral("SetEnv %1").arg(setEnv.join(QLatin1Char(' '))),
  };
  config << options_.extraConfig;
  if (!writeFile(dir() + QStringLiteral("/sshd_config"), config.join(QLatin1Char('\n')).toUtf8() + '\n', error)) return false;
  // sshd (as root) wants its privilege-separation folder.
  QDir().mkpath(QStringLiteral("/run/sshd"));
  ::chmod("/run/sshd", 0755);
  prepared_ = true;
  return true;
}

bool SshdFixture::start(QString* error) {
  if (running()) return true;
  if (!prepared_ && !prepare(error)) return false;
  process_ = std::make_unique<QProcess>();
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("CT_SSHD_FIXTURE"), marker_);  // inherited by its connection processes
  process_->setProcessEnvironment(env);
  process_->setStandardInputFile(QProcess::nullDevice());
  process_->setStandardOutputFile(dir() + QStringLiteral("/sshd.log"), QIODevice::Append);
  process_->setStandardErrorFile(dir() + QStringLiteral("/sshd.log"), QIODevice::Append);
  process_->start(QStringLiteral("/usr/sbin/sshd"), {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"), dir() + QStringLiteral("/sshd_config")});
  if (!process_->waitForStarted(10000)) {
    if (error) *error = QStringLiteral("cannot start /usr/sbin/sshd: %1").arg(process_->errorString());
    return false;
  }
  pid_ = process_->processId();
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < 15000) {
    if (process_->state() == QProcess::NotRunning) break;
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), port_);
    if (s.waitForConnected(500) && s.waitForReadyRead(2000) && s.readAll().startsWith("SSH-2.0-")) return true;
    QThread::msleep(20);
  }
  if (error) *error = QStringLiteral("sshd did not come up on port %1: %2").arg(port_).arg(QString::fromUtf8(log().right(2000)));
  stop();
  return false;
}

QList<qint64> SshdFixture::sessionProcesses() const {
  QList<qint64> out;
  const QByteArray needle = "CT_SSHD_FIXTURE=" + marker_.toLatin1();
  const qint64 self = ::getpid();
  for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
    bool isPid = false;
    const qint64 pid = entry.toLongLong(&isPid);
    if (!isPid || pid == self || pid == pid_) continue;
    const QByteArray environ = readFile(QStringLiteral("/proc/%1/environ").arg(pid));
    for (const QByteArray& var : environ.split('\0'))
      if (var == needle) {
        if (pidAlive(pid)) out << pid;
        break;
      }
  }
  return out;
}

void SshdFixture::killMarked(int sig) const {
  for (const qint64 pid : sessionProcesses()) ::kill(static_cast<pid_t>(pid), sig);
}

// Every process below `root` (connection and privilege-separation processes keep sshd as their
// ancestor while it lives; they rewrite their titles and environment, so no marker finds them).
static QList<qint64> descendants(qint64 root) {
  QMap<qint64, qint64> parent;
  for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
    bool isPid = false;
    const qint64 pid = entry.toLongLong(&isPid);
    if (!isPid) continue;
    const QByteArray stat = readFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const int close = static_cast<int>(stat.lastIndexOf(')'));
    if (close < 0) continue;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    parent.insert(pid, fields.value(1).toLongLong());
  }
  QList<qint64> out;
  for (auto it = parent.begin(); it != parent.end(); ++it) {
    for (qint64 p = it.value(), hops = 0; p > 1 && hops < 64; p = parent.value(p), ++hops)
      if (p == root) {
        out << it.key();
        break;
      }
  }
  return out;
}

void SshdFixture::stop() {
  if (pid_ > 0 && running())
    for (const qint64 child : descendants(pid_)) ::kill(static_cast<pid_t>(child), SIGKILL);
  if (process_ && process_->state() != QProcess::NotRunning && pid_ > 0) {
    ::kill(static_cast<pid_t>(pid_), SIGTERM);
    if (!process_->waitForFinished(3000)) {
      ::kill(static_cast<pid_t>(pid_), SIGKILL);
      process_->waitForFinished(3000);
    }
  }
  process_.reset();
  // Connection and session processes outlive the listener; each carries the marker.
  for (int round = 0; round < 20; ++round) {
    if (sessionProcesses().isEmpty()) break;
    killMarked(SIGKILL);
    QThread::msleep(50);
  }
}

}  // namespace ct::test
