#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

#include "auth/accounts.h"
#include "auth/auth_db.h"
#include "auth/keychain.h"
#include "auth/session.h"
#include "jobs/job.h"
#include "jobs/job_manager.h"
#include "jobs/process_job.h"
#include "ct_child.h"
#include "ct_run.h"
#include "private_keyring.h"
#include "raw_http.h"
#include "util/paths.h"

using ct::test::runCtCommand;

namespace {
const QString kDemo = QStringLiteral(CT_SOURCE_DIR "/resources/demo-model");

// Every process below `root` (children, grandchildren), from /proc.
QList<qint64> descendants(qint64 root) {
  QHash<qint64, qint64> parent;
  QDirIterator it(QStringLiteral("/proc"), QDir::Dirs | QDir::NoDotAndDotDot);
  while (it.hasNext()) {
    bool ok = false;
    const qint64 pid = it.next().section(QLatin1Char('/'), -1).toLongLong(&ok);
    if (!ok) continue;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) continue;
    const QByteArray s = stat.readAll();
    const QList<QByteArray> f = s.mid(s.lastIndexOf(')') + 2).split(' ');
    if (f.size() > 1) parent.insert(pid, f[1].toLongLong());
  }
  QList<qint64> out, frontier{root};
  while (!frontier.isEmpty()) {
    const qint64 p = frontier.takeFirst();
    for (auto i = parent.cbegin(); i != parent.cend(); ++i)
      if (i.value() == p && !out.contains(i.key())) {
        out << i.key();
        frontier << i.key();
      }
  }
  return out;
}
}  // namespace

// Plants a password, an SSH passphrase, an endpoint API key and a service key, uses each through
// the paths that exist (CLI with --password-stdin, sign-in, password change, failed sign-in, the
// keychain, the GUI's job manager starting ct host / ct serve / ct eval with the key, requests
// with the key, service key creation and revocation), then looks for them everywhere they must
// not be: every file of the data, state (logs) and config folders, the job history, and the
// command line and environment of every child while it runs.
class TestSecretLeak : public QObject {
  Q_OBJECT
  ct::test::PrivateKeyring keyring_;
  QTemporaryDir dir_;
  QList<QByteArray> secrets_;
  QByteArray psSeen_;  // command lines and environments of every child, as ps and /proc show them

  QProcessEnvironment env() const { return QProcessEnvironment::systemEnvironment(); }
  void plant(const QByteArray& s) {
    QVERIFY(!s.isEmpty());
    secrets_ << s;
  }
  void capture(qint64 pid) {
    for (qint64 p : QList<qint64>{pid} + descendants(pid)) {
      for (const char* what : {"cmdline", "environ"}) {
        QFile f(QStringLiteral("/proc/%1/%2").arg(p).arg(QLatin1String(what)));
        if (f.open(QIODevice::ReadOnly)) psSeen_ += f.readAll().replace('\0', ' ') + '\n';
      }
      QProcess ps;
      ps.start(QStringLiteral("ps"), {QStringLiteral("-ww"), QStringLiteral("-o"), QStringLiteral("pid=,args="), QStringLiteral("-p"), QString::number(p)});
      ps.waitForFinished(5000);
      psSeen_ += ps.readAllStandardOutput();
    }
  }

 private Q_SLOTS:
  void initTestCase() {
    QString error;
    QVERIFY2(keyring_.start(&error), qPrintable(error));
    qputenv("CT_BIN", CT_BIN_PATH);  // the job manager's `ct`
    qputenv("CT_DATA_DIR", dir_.filePath(QStringLiteral("data")).toUtf8());
    qputenv("CT_STATE_DIR", dir_.filePath(QStringLiteral("state")).toUtf8());
    qputenv("XDG_CONFIG_HOME", dir_.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_CACHE_HOME", dir_.filePath(QStringLiteral("home/.cache")).toUtf8());
    qputenv("HOME", dir_.filePath(QStringLiteral("home")).toUtf8());
    QDir().mkpath(dir_.filePath(QStringLiteral("config")));
  }

  void useEverySecret() {
    const QByteArray password = "Pw-leak-canary-7f3a9", newPassword = "Pw2-leak-canary-c41d", passphrase = "Ssh-leak-canary-2b8e",
                     apiKey = "sk-apikey-leak-canary-91c0";
    plant(password);
    plant(newPassword);
    plant(passphrase);
    plant(apiKey);

    // Accounts through the CLI, passwords on stdin.
    QCOMPARE(runCtCommand({QStringLiteral("users"), QStringLiteral("init"), QStringLiteral("ana"), QStringLiteral("--password-stdin")}, password + "\n", env()).code, 0);
    QCOMPARE(runCtCommand({QStringLiteral("login"), QStringLiteral("ana"), QStringLiteral("--password-stdin")}, password + "\n", env()).code, 0);
    QCOMPARE(runCtCommand({QStringLiteral("users"), QStringLiteral("passwd"), QStringLiteral("--password-stdin")}, password + "\n" + newPassword + "\n", env()).code, 0);
    QCOMPARE(runCtCommand({QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("bo"), QStringLiteral("--role"), QStringLiteral("operator"),
                    QStringLiteral("--password-stdin")},
                   password + "\n", env())
                 .code,
             0);
    QCOMPARE(runCtCommand({QStringLiteral("login"), QStringLiteral("bo"), QStringLiteral("--password-stdin")}, newPassword + "\n", env()).code, 3);  // wrong: audited
    const auto cli = ct::auth::Keychain().read(ct::auth::kCliSessionKey);
    QVERIFY(cli.ok());
    plant(cli.data);

    // A service key, shown once on stdout.
    auto r = runCtCommand({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--user"), QStringLiteral("ana"), QStringLiteral("--name"),
                    QStringLiteral("ana-client"), QStringLiteral("--json")},
                   {}, env());
    QCOMPARE(r.code, 0);
    const QByteArray serviceKey = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("key")).toString().toLatin1();
    plant(serviceKey);

    // The keychain holds what the user asked to remember.
    const ct::auth::Keychain kc;
    QVERIFY(kc.write(QStringLiteral("ssh-passphrase:gpu1.lab"), passphrase).ok());
    QVERIFY(kc.write(QStringLiteral("api-key:fpga-service"), apiKey).ok());
    QCOMPARE(kc.read(QStringLiteral("ssh-passphrase:gpu1.lab")).data, passphrase);

    // The GUI's path: signed in, its job manager starts ct host and ct serve with the API key.
    ct::auth::AuthDb db;
    QVERIFY(db.open(nullptr));
    const ct::auth::SignIn studio = ct::auth::Accounts(db).signIn(QStringLiteral("ana"), QString::fromLatin1(newPassword), QStringLiteral("studio"));
    QVERIFY(studio.ok());
    plant(studio.token);
    ct::auth::setCurrent(studio.identity, studio.token);
    ct::jobs::JobManager manager(ct::paths::jobsDatabase());
    QVERIFY(manager.open(nullptr));
    const quint16 hostPort = ct::test::freePort(), servePort = ct::test::freePort();
    auto* host = static_cast<ct::jobs::ProcessJob*>(manager.startCt(
        QStringLiteral("host"), {QStringLiteral("host"), QStringLiteral("--model"), kDemo, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(hostPort)}));
    auto* serve = static_cast<ct::jobs::ProcessJob*>(manager.startCt(
        QStringLiteral("serve"),
        {QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:%1").arg(hostPort), QStringLiteral("--port"), QString::number(servePort)},
        {{QStringLiteral("api_key"), QString::fromLatin1(apiKey)}}, {{QStringLiteral("api-key"), QString::fromLatin1(apiKey)}}));
    QTRY_VERIFY2_WITH_TIMEOUT(ct::test::httpRequest(servePort, "GET", "/health", {}, {}, 2000).status == 200,
                              qPrintable(QStringLiteral("host: %1 %2 / serve: %3 %4").arg(ct::jobs::nameOf(host->record().state), host->record().errorMessage,
                                                                                          ct::jobs::nameOf(serve->record().state), serve->record().errorMessage)),
                              60000);
    capture(host->pid());
    capture(serve->pid());
    const QByteArray chat = R"({"messages":[{"role":"user","content":"What is 2 + 5?"}],"max_tokens":8,"temperature":0})";
    QCOMPARE(ct::test::httpRequest(servePort, "POST", "/v1/chat/completions", chat, apiKey).status, 200);
    QCOMPARE(ct::test::httpRequest(servePort, "POST", "/v1/chat/completions", chat, "sk-wrong").status, 401);
    QCOMPARE(ct::test::httpRequest(servePort, "POST", "/v1/chat/completions", chat, serviceKey).status, 401);

    // ct eval with the key, as the Evaluate page starts it.
    auto* eval = static_cast<ct::jobs::ProcessJob*>(manager.startCt(
        QStringLiteral("eval"),
        {QStringLiteral("eval"), QStringLiteral("--endpoint"), QStringLiteral("http://127.0.0.1:%1/v1").arg(servePort), QStringLiteral("--tasks"),
         QStringLiteral("demo"), QStringLiteral("--limit"), QStringLiteral("3"), QStringLiteral("--out"), dir_.filePath(QStringLiteral("data/eval"))},
        {}, {{QStringLiteral("api-key"), QString::fromLatin1(apiKey)}}));
    QTRY_VERIFY_WITH_TIMEOUT(eval->pid() > 0, 10000);
    capture(eval->pid());
    QTRY_VERIFY_WITH_TIMEOUT(eval->isFinished(), 120000);
    QVERIFY2(eval->record().state == ct::jobs::JobState::Succeeded, qPrintable(eval->record().errorMessage));

    QCOMPARE(runCtCommand({QStringLiteral("keys"), QStringLiteral("revoke"), QStringLiteral("ana-client")}, {}, env()).code, 0);
    QCOMPARE(runCtCommand({QStringLiteral("logout")}, {}, env()).code, 0);
    manager.cancelAll();
    QTRY_VERIFY_WITH_TIMEOUT(host->isFinished() && serve->isFinished(), 30000);
    ct::auth::Accounts(db).signOut(studio.token, QStringLiteral("studio"));
    ct::auth::setCurrent(ct::auth::Identity{});
    QVERIFY(psSeen_.contains("serve") && psSeen_.contains("eval"));  // the capture saw the children
  }

  void noSecretAnywhere() {
    QVERIFY(secrets_.size() >= 7);
    // Command lines and environments of every child.
    for (const QByteArray& s : secrets_) QVERIFY2(!psSeen_.contains(s), qPrintable(QStringLiteral("a secret is in a child's command line or environment: ") + QString::fromLatin1(s.left(6))));
    // Every byte of every file: data (accounts, job history, results), state (logs), config, home.
    int files = 0;
    QDirIterator it(dir_.path(), QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
      QFile f(it.next());
      if (!it.fileInfo().isFile() || !f.open(QIODevice::ReadOnly)) continue;
      ++files;
      const QByteArray bytes = f.readAll();
      for (const QByteArray& s : secrets_)
        QVERIFY2(!bytes.contains(s) && !bytes.contains(s.toBase64()) && !bytes.contains(QString::fromLatin1(s).toUtf8().toHex()),
                 qPrintable(QStringLiteral("a secret (%1…) is in %2").arg(QString::fromLatin1(s.left(6)), f.fileName())));
    }
    qInfo("scanned %d files and %lld bytes of child command lines and environments", files, static_cast<long long>(psSeen_.size()));
    QVERIFY2(files >= 5, "the scan found too few files to mean anything");
    QVERIFY(QFileInfo::exists(ct::paths::jobsDatabase()) && QFileInfo::exists(ct::paths::authDatabase()));
    QVERIFY(!QDir(ct::paths::jobLogDir()).entryList(QDir::Files).isEmpty());
  }

  void cleanupTestCase() { keyring_.stop(); }
};

QTEST_GUILESS_MAIN(TestSecretLeak)
#include "tst_secret_leak.moc"
