#pragma once
// Environment shared by the remote tests: a private runtime folder for control sockets, an
// empty ssh config (the user's ~/.ssh/config is never read), no agent, and history in a
// scratch folder. Also the profile of a fixture server as `ct hosts add` flags.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTemporaryDir>

#include "ct_child.h"
#include "remote/host_profile.h"
#include "sshd_fixture.h"

namespace ct::test {

class RemoteTestEnv {
 public:
  RemoteTestEnv() : dir_(QStringLiteral("/tmp/ct-rt-XXXXXX")) {
    QDir().mkpath(runtimeDir());
    QFile(sshConfig()).open(QIODevice::WriteOnly);
  }
  QString path(const QString& name) const { return dir_.filePath(name); }
  QString runtimeDir() const { return dir_.filePath(QStringLiteral("run")); }
  QString sshConfig() const { return dir_.filePath(QStringLiteral("ssh_config")); }

  // For tests that use core/remote in-process.
  void applyToThisProcess() const {
    const QProcessEnvironment e = environment();
    for (const QString& k : {QStringLiteral("CT_RUNTIME_DIR"), QStringLiteral("CT_SSH_CONFIG"), QStringLiteral("CT_DATA_DIR"), QStringLiteral("CT_STATE_DIR")})
      qputenv(k.toUtf8().constData(), e.value(k).toUtf8());
    qunsetenv("SSH_AUTH_SOCK");
  }
  // For `ct` children.
  QProcessEnvironment environment() const {
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("CT_RUNTIME_DIR"), runtimeDir());
    e.insert(QStringLiteral("CT_SSH_CONFIG"), sshConfig());
    e.insert(QStringLiteral("CT_DATA_DIR"), dir_.filePath(QStringLiteral("data")));
    e.insert(QStringLiteral("CT_STATE_DIR"), dir_.filePath(QStringLiteral("state")));
    e.remove(QStringLiteral("SSH_AUTH_SOCK"));
    return e;
  }

  // A profile for a fixture server with its key and a known_hosts file that knows it.
  remote::HostProfile profileFor(const SshdFixture& s, const QString& name) const {
    remote::HostProfile p;
    p.name = name;
    p.dest = QStringLiteral("127.0.0.1");
    p.port = s.port();
    p.user = QStringLiteral("root");
    p.identity = s.userKey();
    p.knownHosts = s.dir() + QStringLiteral("/known_hosts");
    p.workdir = s.dir() + QStringLiteral("/work");
    if (!QFileInfo::exists(p.knownHosts)) s.writeKnownHosts(p.knownHosts, nullptr);
    return p;
  }
  struct CtResult {
    int code = -1;
    QByteArray out, err;
    QByteArray all() const { return out + err; }
  };
  // Runs `ct ARGS` to its end with this environment (killed by PID after timeoutMs).
  CtResult ct(const QStringList& args, int timeoutMs = 120000) const {
    QProcess p;
    p.setProcessEnvironment(environment());
    p.start(ctBinary(), args);
    CtResult r;
    if (!p.waitForStarted()) return r;
    if (!p.waitForFinished(timeoutMs)) {
      p.kill();
      p.waitForFinished(5000);
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
  }

  static QStringList addFlags(const remote::HostProfile& p) {
    QStringList a{QStringLiteral("hosts"), QStringLiteral("add"), p.name, QStringLiteral("--ssh"), p.dest};
    if (p.port) a << QStringLiteral("--port") << QString::number(p.port);
    if (!p.user.isEmpty()) a << QStringLiteral("--user") << p.user;
    if (!p.identity.isEmpty()) a << QStringLiteral("--identity") << p.identity;
    if (!p.knownHosts.isEmpty()) a << QStringLiteral("--known-hosts") << p.knownHosts;
    if (!p.workdir.isEmpty()) a << QStringLiteral("--workdir") << p.workdir;
    if (!p.jump.isEmpty()) a << QStringLiteral("--jump") << p.jump;
    if (!p.sshConfig.isEmpty()) a << QStringLiteral("--ssh-config") << p.sshConfig;
    for (auto it = p.tools.begin(); it != p.tools.end(); ++it) a << QStringLiteral("--tool") << it.key() + QLatin1Char('=') + it.value();
    return a;
  }

 private:
  QTemporaryDir dir_;
};

}  // namespace ct::test
