#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include "auth/keychain.h"
#include "ct_run.h"
#include "private_keyring.h"
#include "remote/host_store.h"
#include "remote_test_env.h"
#include "remote/ssh_askpass.h"
#include "remote/ssh_host.h"
#include "sshd_fixture.h"
#include "util/paths.h"

using namespace ct::remote;
using ct::test::RemoteTestEnv;
using ct::test::SshdFixture;

// A passphrase-protected key and no ssh-agent: the passphrase remembered in a private keychain
// reaches ssh only through ct's askpass; a wrong or forgotten one is told with the host and the
// step. Real sshd on 127.0.0.1, real gnome-keyring on a private D-Bus.
class TestSshPassphrase : public QObject {
  Q_OBJECT
  ct::test::PrivateKeyring keyring_;
  RemoteTestEnv env_;
  SshdFixture sshd_;
  HostProfile profile_;
  const QByteArray passphrase_ = "correct horse battery 7";

  ct::test::CtRun ct(const QStringList& args, const QByteArray& input = {}) const { return ct::test::runCtCommand(args, input, env_.environment(), 60000); }
  HostProfile stored() const {
    HostStore store(ct::paths::jobsDatabase());
    store.open(nullptr);
    return store.get(profile_.name).value_or(HostProfile{});
  }
  void stopMaster() { SshHost(stored()).stopMaster(); }

 private Q_SLOTS:
  void initTestCase() {
    QString error;
    QVERIFY2(keyring_.start(&error), qPrintable(error));
    env_.applyToThisProcess();
    QVERIFY2(sshd_.start(&error), qPrintable(error));
    profile_ = env_.profileFor(sshd_, QStringLiteral("gpu"));
    profile_.identity = env_.path(QStringLiteral("locked_key"));
    QVERIFY2(SshdFixture::makeKey(profile_.identity, QString::fromLatin1(passphrase_), &error), qPrintable(error));
    QFile pub(profile_.identity + QStringLiteral(".pub"));
    QVERIFY(pub.open(QIODevice::ReadOnly));
    QFile auth(sshd_.dir() + QStringLiteral("/authorized_keys"));
    QVERIFY(auth.open(QIODevice::WriteOnly | QIODevice::Truncate));  // only the locked key gets in
    auth.write(pub.readAll());
    auth.close();
    setAskpassProgram(ct::test::ctBinary());
  }

  void askpassAnswersOnlyAPassphrasePrompt() {
    QVERIFY(ct::auth::Keychain().write(passphraseEntry(QStringLiteral("probe")), "probe-secret").ok());
    QProcessEnvironment e = env_.environment();
    e.insert(QString::fromLatin1(kAskpassHostVar), QStringLiteral("probe"));
    auto run = [&](const QString& prompt) {
      QProcess p;
      p.setProcessEnvironment(e);
      p.start(ct::test::ctBinary(), {prompt});
      p.waitForFinished(20000);
      return std::make_pair(p.exitCode(), p.readAllStandardOutput() + p.readAllStandardError());
    };
    auto [code, out] = run(QStringLiteral("Enter passphrase for key '/x/id': "));
    QCOMPARE(code, 0);
    QCOMPARE(out, QByteArray("probe-secret\n"));
    std::tie(code, out) = run(QStringLiteral("root@127.0.0.1's password: "));
    QCOMPARE(code, 1);
    QVERIFY2(!out.contains("probe-secret") && out.contains("not answered"), out.constData());
    e.insert(QString::fromLatin1(kAskpassHostVar), QStringLiteral("nobody"));
    std::tie(code, out) = run(QStringLiteral("Enter passphrase for key '/x/id': "));
    QCOMPARE(code, 1);
    QVERIFY2(out.contains("no passphrase is remembered") && out.contains("nobody"), out.constData());
    ct::auth::Keychain().remove(passphraseEntry(QStringLiteral("probe")));
  }

  void withoutAPassphraseTheKeyIsRefusedWithTheWayOut() {
    QCOMPARE(ct(RemoteTestEnv::addFlags(profile_)).code, 0);
    const auto r = ct({QStringLiteral("hosts"), QStringLiteral("test"), QStringLiteral("gpu")});
    QVERIFY(r.code != 0);
    const QByteArray all = r.out + r.err;
    QVERIFY2(all.contains("gpu") && all.contains("authentication") && all.contains("--remember-passphrase"), all.constData());
  }

  void rememberedPassphraseConnectsWithoutAnAgent() {
    // The passphrase on stdin, never an argument; kept only once the login worked with it.
    auto r = ct({QStringLiteral("hosts"), QStringLiteral("test"), QStringLiteral("gpu"), QStringLiteral("--remember-passphrase"), QStringLiteral("--passphrase-stdin")},
                passphrase_ + "\n");
    QVERIFY2(r.code == 0, (r.out + r.err).constData());
    QVERIFY2(r.err.contains("passphrase remembered"), r.err.constData());
    QCOMPARE(ct::auth::Keychain().read(passphraseEntry(QStringLiteral("gpu"))).data, passphrase_);
    QVERIFY(stored().rememberPassphrase);
    const auto show = ct({QStringLiteral("hosts"), QStringLiteral("show"), QStringLiteral("gpu")});
    QVERIFY2(show.out.contains("remembered in the OS keychain (ssh-passphrase:gpu)") && !show.out.contains(passphrase_), show.out.constData());
    stopMaster();
    // A later command, a fresh connection, no agent, nothing typed: the keychain answers.
    QVERIFY(!qEnvironmentVariableIsSet("SSH_AUTH_SOCK"));
    r = ct({QStringLiteral("run"), QStringLiteral("gpu"), QStringLiteral("--"), QStringLiteral("echo"), QStringLiteral("unlocked")});
    QVERIFY2(r.code == 0 && r.out.contains("unlocked"), (r.out + r.err).constData());
    stopMaster();
    // In-process too (what ct-studio's own ssh does).
    SshHost h(stored());
    const auto m = h.ensureMaster();
    QVERIFY2(m.ok, qPrintable(m.failure.message));
    QVERIFY(h.stopMaster());
  }

  void wrongPassphraseIsNotKeptAndIsToldAsSuch() {
    const auto r = ct({QStringLiteral("hosts"), QStringLiteral("test"), QStringLiteral("gpu"), QStringLiteral("--remember-passphrase"), QStringLiteral("--passphrase-stdin")},
                      "not the passphrase\n");
    QVERIFY(r.code != 0);
    const QByteArray all = r.out + r.err;
    QVERIFY2(all.contains("gpu") && all.contains("authentication") && all.contains("did not unlock"), all.constData());
    QVERIFY2(all.contains("not remembered"), all.constData());
    QCOMPARE(ct::auth::Keychain().read(passphraseEntry(QStringLiteral("gpu"))).data, passphrase_);  // the good one stays
  }

  void rememberedButWrongOrGoneIsToldWithHostAndStep() {
    stopMaster();
    ct::auth::Keychain kc;
    QVERIFY(kc.write(passphraseEntry(QStringLiteral("gpu")), "stale passphrase").ok());
    auto m = SshHost(stored()).ensureMaster();
    QVERIFY(!m.ok);
    QCOMPARE(m.failure.step, QStringLiteral("auth"));
    QVERIFY2(m.failure.message.contains(QStringLiteral("gpu")) && m.failure.message.contains(QStringLiteral("remembered in the keychain")), qPrintable(m.failure.message));
    QVERIFY(m.failure.fix.contains(QStringLiteral("--remember-passphrase")));
    // Removed from the keychain behind ct's back: askpass says so, and so does the failure.
    QVERIFY(kc.remove(passphraseEntry(QStringLiteral("gpu"))).ok());
    m = SshHost(stored()).ensureMaster();
    QVERIFY(!m.ok);
    QCOMPARE(m.failure.step, QStringLiteral("auth"));
    QVERIFY2(m.failure.message.contains(QStringLiteral("gpu")) && m.failure.message.contains(QStringLiteral("no passphrase is remembered")), qPrintable(m.failure.message));
    const auto r = ct({QStringLiteral("run"), QStringLiteral("gpu"), QStringLiteral("--"), QStringLiteral("true")});
    QVERIFY(r.code != 0);
    QVERIFY2(r.err.contains("gpu") && r.err.contains("authentication failed"), r.err.constData());
  }

  void forgetPassphraseGoesBackToTheAgent() {
    QVERIFY(ct::auth::Keychain().write(passphraseEntry(QStringLiteral("gpu")), passphrase_).ok());
    const auto r = ct({QStringLiteral("hosts"), QStringLiteral("forget-passphrase"), QStringLiteral("gpu")});
    QVERIFY2(r.code == 0 && r.out.contains("forgot"), (r.out + r.err).constData());
    QCOMPARE(ct::auth::Keychain().read(passphraseEntry(QStringLiteral("gpu"))).status, ct::auth::Keychain::Status::NotFound);
    QVERIFY(!stored().rememberPassphrase);
    const auto m = SshHost(stored()).ensureMaster();
    QVERIFY(!m.ok);
    QVERIFY2(m.failure.message.contains(QStringLiteral("agent")), qPrintable(m.failure.message));
  }

  // No keychain (no D-Bus session): said so, nothing kept, and the passphrase typed for this
  // test still unlocks the key for it (over the one-shot socket, not the keychain).
  void withoutAKeychainThePassphraseServesThisCommandOnly() {
    QProcessEnvironment e = env_.environment();
    e.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    e.remove(QStringLiteral("DISPLAY"));
    stopMaster();
    const auto r = ct::test::runCtCommand({QStringLiteral("hosts"), QStringLiteral("test"), QStringLiteral("gpu"), QStringLiteral("--remember-passphrase"),
                                           QStringLiteral("--passphrase-stdin")},
                                          passphrase_ + "\n", e, 60000);
    QVERIFY2(r.code == 0, (r.out + r.err).constData());
    QVERIFY2(r.err.contains("not remembered: no keychain is reachable") && r.err.contains("ssh-agent"), r.err.constData());
    QVERIFY(!stored().rememberPassphrase);
    stopMaster();
  }

  void passphraseIsNeverAnArgument() {
    // --passphrase-stdin needs --remember-passphrase; there is no option that takes the value.
    const auto r = ct({QStringLiteral("hosts"), QStringLiteral("test"), QStringLiteral("gpu"), QStringLiteral("--passphrase"), QStringLiteral("x")});
    QCOMPARE(r.code, 2);
  }

  void cleanupTestCase() {
    SshHost(stored()).stopMaster();
    sshd_.stop();
    keyring_.stop();
  }
};

QTEST_GUILESS_MAIN(TestSshPassphrase)
#include "tst_ssh_passphrase.moc"
