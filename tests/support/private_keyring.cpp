#include "private_keyring.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>
#include <csignal>

namespace ct::test {

PrivateKeyring::PrivateKeyring() { dir_.setAutoRemove(true); }

bool PrivateKeyring::start(QString* error) {
  auto failed = [&](const QString& why) {
    if (error) *error = why;
    stop();
    return false;
  };
  if (!dir_.isValid()) return failed(QStringLiteral("no scratch folder"));
  for (const char* sub : {"home", "run", "data", "config", "cache", "bus"}) QDir(dir_.path()).mkpath(QLatin1String(sub));
  QFile::setPermissions(dir_.filePath(QStringLiteral("run")), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

  QFile conf(dir_.filePath(QStringLiteral("bus.conf")));
  if (!conf.open(QIODevice::WriteOnly)) return failed(conf.errorString());
  conf.write(QStringLiteral(
                 "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                 " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                 "<busconfig>\n  <type>session</type>\n  <listen>unix:dir=%1</listen>\n  <auth>EXTERNAL</auth>\n"
                 "  <policy context=\"default\">\n    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
                 "    <allow eavesdrop=\"true\"/>\n    <allow own=\"*\"/>\n  </policy>\n</busconfig>\n")
                 .arg(dir_.filePath(QStringLiteral("bus")))
                 .toUtf8());
  conf.close();

  bus_.setProgram(QStringLiteral("dbus-daemon"));
  bus_.setArguments({QStringLiteral("--nofork"), QStringLiteral("--nopidfile"), QStringLiteral("--config-file=") + conf.fileName(),
                     QStringLiteral("--print-address=1")});
  bus_.setProcessChannelMode(QProcess::SeparateChannels);
  bus_.start();
  if (!bus_.waitForStarted(10000)) return failed(QStringLiteral("dbus-daemon does not start: %1").arg(bus_.errorString()));
  busPid_ = bus_.processId();
  QElapsedTimer t;
  t.start();
  while (!bus_.canReadLine() && t.elapsed() < 10000) bus_.waitForReadyRead(200);
  address_ = QString::fromUtf8(bus_.readLine()).trimmed();
  if (address_.isEmpty()) return failed(QStringLiteral("dbus-daemon printed no address: %1").arg(QString::fromUtf8(bus_.readAllStandardError())));

  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), address_);
  env.insert(QStringLiteral("HOME"), dir_.filePath(QStringLiteral("home")));
  env.insert(QStringLiteral("XDG_RUNTIME_DIR"), dir_.filePath(QStringLiteral("run")));
  env.insert(QStringLiteral("XDG_DATA_HOME"), dir_.filePath(QStringLiteral("data")));
  env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir_.filePath(QStringLiteral("config")));
  env.insert(QStringLiteral("XDG_CACHE_HOME"), dir_.filePath(QStringLiteral("cache")));
  env.remove(QStringLiteral("DISPLAY"));
  keyring_.setProcessEnvironment(env);
  keyring_.setProgram(QStringLiteral("gnome-keyring-daemon"));
  keyring_.setArguments({QStringLiteral("--foreground"), QStringLiteral("--unlock"), QStringLiteral("--components=secrets")});
  keyring_.start();
  if (!keyring_.waitForStarted(10000)) return failed(QStringLiteral("gnome-keyring-daemon does not start: %1").arg(keyring_.errorString()));
  keyringPid_ = keyring_.processId();
  keyring_.write("test-keyring-password");  // --unlock reads the login keyring's password to EOF
  keyring_.waitForBytesWritten(5000);
  keyring_.closeWriteChannel();
  if (!waitForSecrets(15000))
    return failed(QStringLiteral("gnome-keyring-daemon did not take org.freedesktop.secrets on the private bus: %1")
                      .arg(QString::fromUtf8(keyring_.readAllStandardError())));

  hadAddress_ = qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS");
  savedAddress_ = qgetenv("DBUS_SESSION_BUS_ADDRESS");
  qputenv("DBUS_SESSION_BUS_ADDRESS", address_.toUtf8());
  return true;
}

bool PrivateKeyring::waitForSecrets(int timeoutMs) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < timeoutMs) {
    if (keyring_.state() == QProcess::NotRunning) return false;
    QProcess ask;
    ask.start(QStringLiteral("dbus-send"), {QStringLiteral("--bus=") + address_, QStringLiteral("--print-reply"), QStringLiteral("--dest=org.freedesktop.DBus"),
                                            QStringLiteral("/org/freedesktop/DBus"), QStringLiteral("org.freedesktop.DBus.NameHasOwner"),
                                            QStringLiteral("string:org.freedesktop.secrets")});
    ask.waitForFinished(5000);
    if (ask.readAllStandardOutput().contains("boolean true")) return true;
    QThread::msleep(100);
  }
  return false;
}

void PrivateKeyring::stopPid(QProcess& p, qint64 pid) {
  if (pid <= 0 || p.state() == QProcess::NotRunning) return;
  ::kill(static_cast<pid_t>(pid), SIGTERM);
  if (!p.waitForFinished(5000)) {
    ::kill(static_cast<pid_t>(pid), SIGKILL);
    p.waitForFinished(5000);
  }
}

void PrivateKeyring::stop() {
  stopPid(keyring_, keyringPid_);
  stopPid(bus_, busPid_);
  keyringPid_ = busPid_ = 0;
  if (!address_.isEmpty()) {
    if (hadAddress_) qputenv("DBUS_SESSION_BUS_ADDRESS", savedAddress_);
    else qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    address_.clear();
  }
}

}  // namespace ct::test
