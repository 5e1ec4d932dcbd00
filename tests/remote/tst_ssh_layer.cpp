#include <QElapsedTimer>
#include <QFile>
#include <QtTest>
#include <csignal>

#include "hostile_names.h"
#include "remote/ssh_host.h"
#include "ct_child.h"
#include "remote_test_env.h"
#include "sshd_fixture.h"

using namespace ct::remote;
using ct::test::SshdFixture;

// The SSH layer against a real sshd on 127.0.0.1: one master per host, reused, re-established
// after it dies; host keys checked; each way of failing told apart.
class TestSshLayer : public QObject {
  Q_OBJECT
  ct::test::RemoteTestEnv env_;
  SshdFixture sshd_;

 private Q_SLOTS:
  void initTestCase() {
    env_.applyToThisProcess();
    QString error;
    QVERIFY2(sshd_.start(&error), qPrintable(error));
  }

  void commandsRunThroughOneMaster() {
    SshHost h(env_.profileFor(sshd_, QStringLiteral("gpu")));
    const auto m = h.ensureMaster();
    QVERIFY2(m.ok, qPrintable(m.failure.message));
    QVERIFY(h.masterAlive());
    const qint64 pid = h.masterPid();
    QVERIFY(pid > 0);
    for (int i = 0; i < 3; ++i) {
      const ExecResult r = h.exec({QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo $HOME")});
      QVERIFY2(r.ok(), qPrintable(r.error()));
      QCOMPARE(r.out.trimmed(), sshd_.home().toUtf8());
    }
    QCOMPARE(h.masterPid(), pid);
    QVERIFY(h.ensureMaster().reused);
    QVERIFY(QFileInfo(h.controlPath()).absolutePath().startsWith(env_.runtimeDir()));
  }

  void hostileArgumentsArriveByteIdentical() {
    SshHost h(env_.profileFor(sshd_, QStringLiteral("gpu")));
    const QString canary = sshd_.home() + QStringLiteral("/CANARY");
    QStringList argv{QStringLiteral("printf"), QStringLiteral("%s\\0")};
    const QStringList names = ct::test::hostileNames(canary);
    argv << names;
    const ExecResult r = h.exec(argv);
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QList<QByteArray> got = r.out.split('\0');
    got.removeLast();
    QCOMPARE(got.size(), names.size());
    for (int i = 0; i < names.size(); ++i) QCOMPARE(QString::fromUtf8(got[i]), names[i]);
    QVERIFY(!QFileInfo::exists(canary));
    QVERIFY(!QFileInfo::exists(QStringLiteral("/root/CANARY")));
  }

  void deadMasterIsReplaced() {
    SshHost h(env_.profileFor(sshd_, QStringLiteral("gpu")));
    QVERIFY(h.ensureMaster().ok);
    const qint64 pid = h.masterPid();
    QVERIFY(pid > 0);
    ::kill(static_cast<pid_t>(pid), SIGKILL);
    QTRY_VERIFY(!h.masterAlive());
    const ExecResult r = h.exec({QStringLiteral("true")});
    QVERIFY2(r.ok(), qPrintable(r.error()));
    const qint64 again = h.masterPid();
    QVERIFY(again > 0 && again != pid);
  }

  void unknownHostKeyIsRefusedWithItsFingerprint() {
    HostProfile p = env_.profileFor(sshd_, QStringLiteral("fresh"));
    p.knownHosts = env_.path(QStringLiteral("fresh_known_hosts"));
    QFile::remove(p.knownHosts);
    SshHost h(p);
    const auto m = h.ensureMaster();
    QVERIFY(!m.ok);
    QCOMPARE(m.failure.step, QStringLiteral("host key"));
    QVERIFY2(m.failure.message.contains(QStringLiteral("not known")), qPrintable(m.failure.message));
    QVERIFY2(m.failure.fingerprint.contains(sshd_.hostKeyFingerprint()), qPrintable(m.failure.fingerprint + QLatin1Char('/') + sshd_.hostKeyFingerprint()));
    QVERIFY(m.failure.fix.contains(QStringLiteral("--accept-new-host-key")));
    const auto accepted = h.ensureMaster(HostKeyPolicy::AcceptNew);
    QVERIFY2(accepted.ok, qPrintable(accepted.failure.message));
    QVERIFY(!accepted.acceptedKey.isEmpty());
    QFile f(p.knownHosts);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll().contains(sshd_.knownHostsLine().section(QLatin1Char(' '), 2).toUtf8()));
    h.stopMaster();
  }

  void wrongKeyIsToldApartFromAPassphraseKey() {
    HostProfile p = env_.profileFor(sshd_, QStringLiteral("wrongkey"));
    p.identity = env_.path(QStringLiteral("other_key"));
    QString error;
    QVERIFY2(SshdFixture::makeKey(p.identity, {}, &error), qPrintable(error));
    auto m = SshHost(p).ensureMaster();
    QVERIFY(!m.ok);
    QCOMPARE(m.failure.step, QStringLiteral("auth"));
    QVERIFY2(m.failure.message.contains(QStringLiteral("refused the key")), qPrintable(m.failure.message));
    QVERIFY(m.failure.fix.contains(QStringLiteral("authorized_keys")));

    // A key the server accepts, but locked by a passphrase and no agent: said so, no prompt.
    p.name = QStringLiteral("locked");
    p.identity = env_.path(QStringLiteral("locked_key"));
    QVERIFY2(SshdFixture::makeKey(p.identity, QStringLiteral("secret phrase"), &error), qPrintable(error));
    QFile pub(p.identity + QStringLiteral(".pub"));
    QVERIFY(pub.open(QIODevice::ReadOnly));
    QFile auth(sshd_.dir() + QStringLiteral("/authorized_keys"));
    QVERIFY(auth.open(QIODevice::Append));
    auth.write(pub.readAll());
    auth.close();
    QElapsedTimer t;
    t.start();
    m = SshHost(p).ensureMaster();
    QVERIFY(!m.ok);
    QVERIFY(t.elapsed() < 20000);
    QCOMPARE(m.failure.step, QStringLiteral("auth"));
    QVERIFY2(m.failure.message.contains(QStringLiteral("passphrase")) && m.failure.message.contains(QStringLiteral("agent")), qPrintable(m.failure.message));
    QVERIFY(m.failure.fix.contains(QStringLiteral("ssh-add")));
  }

  void closedPortIsToldAsSuch() {
    HostProfile p = env_.profileFor(sshd_, QStringLiteral("closed"));
    p.port = ct::test::freePort();
    const auto m = SshHost(p).ensureMaster();
    QVERIFY(!m.ok);
    QCOMPARE(m.failure.step, QStringLiteral("connect"));
    QVERIFY2(m.failure.message.contains(QStringLiteral("connection refused")), qPrintable(m.failure.message));
  }

  void changedHostKeyIsRefusedEvenWhenNewKeysAreAccepted() {
    SshdFixture other;
    QString error;
    QVERIFY2(other.start(&error), qPrintable(error));
    HostProfile p = env_.profileFor(other, QStringLiteral("moved"));
    QVERIFY(SshHost(p).ensureMaster().ok);
    SshHost(p).stopMaster();
    other.stop();
    QVERIFY(other.replaceHostKey(&error));
    QVERIFY2(other.start(&error), qPrintable(error));
    for (const HostKeyPolicy policy : {HostKeyPolicy::Strict, HostKeyPolicy::AcceptNew}) {
      const auto m = SshHost(p).ensureMaster(policy);
      QVERIFY(!m.ok);
      QCOMPARE(m.failure.step, QStringLiteral("host key"));
      QVERIFY2(m.failure.message.contains(QStringLiteral("CHANGED")), qPrintable(m.failure.message));
      QVERIFY2(m.failure.fingerprint.contains(other.hostKeyFingerprint()), qPrintable(m.failure.fingerprint));
      QVERIFY(m.failure.fix.contains(QStringLiteral("ssh-keygen -R")));
    }
  }

  void cleanupTestCase() {
    SshHost(env_.profileFor(sshd_, QStringLiteral("gpu"))).stopMaster();
    sshd_.stop();
    QVERIFY(sshd_.sessionProcesses().isEmpty());
  }
};

QTEST_GUILESS_MAIN(TestSshLayer)
#include "tst_ssh_layer.moc"
