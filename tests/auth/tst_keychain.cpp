#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

#include "auth/keychain.h"
#include "auth/session.h"
#include "ct_child.h"
#include "ct_run.h"
#include "private_keyring.h"

using ct::test::runCtCommand;

// The OS keychain for real: a private D-Bus session with gnome-keyring (tests/support), the
// `ct login` session kept there and nowhere else, and what happens when no keychain answers.
class TestKeychain : public QObject {
  Q_OBJECT
  ct::test::PrivateKeyring keyring_;
  QTemporaryDir dir_;

  QProcessEnvironment env() const {
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("CT_DATA_DIR"), dir_.filePath(QStringLiteral("data")));
    e.insert(QStringLiteral("CT_STATE_DIR"), dir_.filePath(QStringLiteral("state")));
    return e;
  }
  // Every byte of every file under the data and state folders.
  QByteArray everything() const {
    QByteArray all;
    QDirIterator it(dir_.path(), QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
      QFile f(it.next());
      if (it.fileInfo().isFile() && f.open(QIODevice::ReadOnly)) all += f.readAll();
    }
    return all;
  }

 private Q_SLOTS:
  void initTestCase() {
    QString error;
    QVERIFY2(keyring_.start(&error), qPrintable(error));
    QVERIFY(keyring_.busPid() > 0 && keyring_.keyringPid() > 0);
  }

  void secretsRoundTrip() {
    const ct::auth::Keychain kc(QStringLiteral("ct-studio-test"));
    QString why;
    QVERIFY2(kc.available(&why), qPrintable(why));
    const QByteArray secret("pass phrase \x01\xff with bytes", 24);
    QVERIFY(kc.write(QStringLiteral("ssh-passphrase:gpu1"), secret).ok());
    const auto back = kc.read(QStringLiteral("ssh-passphrase:gpu1"));
    QVERIFY(back.ok());
    QCOMPARE(back.data, secret);
    QVERIFY(kc.write(QStringLiteral("ssh-passphrase:gpu1"), "replaced").ok());
    QCOMPARE(kc.read(QStringLiteral("ssh-passphrase:gpu1")).data, QByteArray("replaced"));
    QVERIFY(kc.remove(QStringLiteral("ssh-passphrase:gpu1")).ok());
    QCOMPARE(kc.read(QStringLiteral("ssh-passphrase:gpu1")).status, ct::auth::Keychain::Status::NotFound);
  }

  void cliSessionLivesInTheKeychainOnly() {
    QVERIFY(runCtCommand({QStringLiteral("users"), QStringLiteral("init"), QStringLiteral("ann"), QStringLiteral("--password-stdin")}, "blue-kettle-42\n", env()).code == 0);
    auto r = runCtCommand({QStringLiteral("whoami")}, {}, env());
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("ct login NAME"), r.err.constData());
    r = runCtCommand({QStringLiteral("login"), QStringLiteral("ann"), QStringLiteral("--password-stdin")}, "blue-kettle-42\n", env());
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY2(r.out.contains("signed in as ann (admin) until"), r.out.constData());
    const auto token = ct::auth::Keychain().read(ct::auth::kCliSessionKey);
    QVERIFY(token.ok());
    QVERIFY(token.data.startsWith("cts_"));
    QVERIFY2(!everything().contains(token.data), "the session token is in a file");
    QVERIFY2(!everything().contains("blue-kettle-42"), "the password is in a file");

    r = runCtCommand({QStringLiteral("whoami")}, {}, env());
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out.trimmed(), QByteArray("ann (admin)"));
    r = runCtCommand({QStringLiteral("jobs"), QStringLiteral("list")}, {}, env());
    QCOMPARE(r.code, 0);

    r = runCtCommand({QStringLiteral("logout")}, {}, env());
    QCOMPARE(r.code, 0);
    QCOMPARE(ct::auth::Keychain().read(ct::auth::kCliSessionKey).status, ct::auth::Keychain::Status::NotFound);
    QCOMPARE(runCtCommand({QStringLiteral("whoami")}, {}, env()).code, 3);
    // The ended session is gone from the database too: handing the old token over does not work.
    r = runCtCommand({QStringLiteral("whoami"), QStringLiteral("--secrets-stdin")}, "{\"session\":\"" + token.data + "\"}\n", env());
    QCOMPARE(r.code, 3);
  }

  void noKeychainSaysSoAndFallsBackToAsking() {
    QProcessEnvironment e = env();
    e.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    e.remove(QStringLiteral("DISPLAY"));
    auto r = runCtCommand({QStringLiteral("login"), QStringLiteral("ann"), QStringLiteral("--password-stdin")}, "blue-kettle-42\n", e);
    QCOMPARE(r.code, 0);
    QVERIFY2(r.err.contains("No keychain is reachable") && r.err.contains("asked for the password each time"), r.err.constData());
    QVERIFY(r.out.contains("no session was kept"));
    // Without a terminal to ask on, a command says what to do instead of hanging.
    r = runCtCommand({QStringLiteral("whoami")}, {}, e);
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("no terminal to ask on"), r.err.constData());
    // The password that was right left no session behind.
    QCOMPARE(ct::auth::Keychain().read(ct::auth::kCliSessionKey).status, ct::auth::Keychain::Status::NotFound);
  }

  void cleanupTestCase() {
    const qint64 bus = keyring_.busPid(), daemon = keyring_.keyringPid();
    keyring_.stop();
    QVERIFY(::kill(static_cast<pid_t>(daemon), 0) != 0);
    QVERIFY(::kill(static_cast<pid_t>(bus), 0) != 0);
  }
};

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
