#include <QDirIterator>
#include <QElapsedTimer>
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
#include "remote/host_store.h"
#include "remote/ssh_host.h"
#include "sshd_fixture.h"
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
  QSet<qint64> seenPids_;
  int askpassSeen_ = 0;  // ct processes ssh ran as its askpass, caught while they ran

  QProcessEnvironment env() const { return QProcessEnvironment::systemEnvironment(); }
  void plant(const QByteArray& s) {
    QVERIFY(!s.isEmpty());
    secrets_ << s;
  }
  // /proc only (no ps): fast enough to run every few milliseconds and catch short-lived
  // children such as ssh's askpass.
  void captureQuick(qint64 root) {
    for (qint64 p : QList<qint64>{root} + descendants(root)) {
      QByteArray seen;
      for (const char* what : {"cmdline", "environ"}) {
        QFile f(QStringLiteral("/proc/%1/%2").arg(p).arg(QLatin1String(what)));
        if (f.open(QIODevice::ReadOnly)) seen += f.readAll().replace('\0', ' ') + '\n';
      }
      if (seen.contains("Enter passphrase for key") && !seenPids_.contains(p)) ++askpassSeen_;
      seenPids_.insert(p);
      psSeen_ += seen;
    }
  }
  // Runs the event loop until the job ends, capturing its process tree all along.
  void watch(ct::jobs::Job* job, qint64 rootPid, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    while (!job->isFinished() && t.elapsed() < timeoutMs) {
      if (rootPid > 0) captureQuick(rootPid);
      QCoreApplication::processEvents(QEventLoop::AllEvents, 2);
    }
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

  // The new paths: an SSH key passphrase remembered in the keychain and used by ct's askpass
  // (CLI with --passphrase-stdin, the GUI's test with the passphrase in the handoff, a later
  // command that unlocks the key from the keychain), and API keys on --api-key-stdin and in
  // --api-key-file.
  void useSshPassphraseAndApiKeyPaths() {
    const QByteArray password = "Pw2-leak-canary-c41d", passphrase = "Ssh2-leak-canary-5d1f", apiKey = "sk-apikey2-leak-canary-7e33";
    plant(passphrase);
    plant(apiKey);
    QCOMPARE(runCtCommand({QStringLiteral("login"), QStringLiteral("ana"), QStringLiteral("--password-stdin")}, password + "\n", env()).code, 0);
    plant(ct::auth::Keychain().read(ct::auth::kCliSessionKey).data);

    // A real sshd and a key locked by the passphrase; no agent. Its files live outside the
    // scanned folders (the key file is encrypted with the passphrase anyway).
    QTemporaryDir outside(QStringLiteral("/tmp/ct-leak-XXXXXX"));
    qputenv("CT_RUNTIME_DIR", outside.filePath(QStringLiteral("run")).toUtf8());
    QDir().mkpath(outside.filePath(QStringLiteral("run")));
    QFile(outside.filePath(QStringLiteral("ssh_config"))).open(QIODevice::WriteOnly);
    qputenv("CT_SSH_CONFIG", outside.filePath(QStringLiteral("ssh_config")).toUtf8());
    qunsetenv("SSH_AUTH_SOCK");
    ct::test::SshdFixture sshd;
    QString error;
    QVERIFY2(sshd.start(&error), qPrintable(error));
    const QString key = outside.filePath(QStringLiteral("locked_key")), known = outside.filePath(QStringLiteral("known_hosts"));
    QVERIFY2(ct::test::SshdFixture::makeKey(key, QString::fromLatin1(passphrase), &error), qPrintable(error));
    QVERIFY(sshd.writeKnownHosts(known, &error));
    QFile pub(key + QStringLiteral(".pub")), auth(sshd.dir() + QStringLiteral("/authorized_keys"));
    QVERIFY(pub.open(QIODevice::ReadOnly) && auth.open(QIODevice::WriteOnly | QIODevice::Truncate));
    auth.write(pub.readAll());
    auth.close();
    const QStringList add{QStringLiteral("hosts"), QStringLiteral("add"), QStringLiteral("gpu"), QStringLiteral("--ssh"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                          QString::number(sshd.port()), QStringLiteral("--user"), QStringLiteral("root"), QStringLiteral("--identity"), key, QStringLiteral("--known-hosts"), known,
                          QStringLiteral("--workdir"), sshd.dir() + QStringLiteral("/work")};
    auto r = runCtCommand(add + QStringList{QStringLiteral("--remember-passphrase"), QStringLiteral("--passphrase-stdin")}, passphrase + "\n", env());
    QVERIFY2(r.code == 0, r.err.constData());

    // The GUI's path: a connection test with the passphrase in the secrets handoff...
    ct::auth::AuthDb db;
    QVERIFY(db.open(nullptr));
    const ct::auth::SignIn studio = ct::auth::Accounts(db).signIn(QStringLiteral("ana"), QString::fromLatin1(password), QStringLiteral("studio"));
    QVERIFY(studio.ok());
    plant(studio.token);
    ct::auth::setCurrent(studio.identity, studio.token);
    ct::jobs::JobManager manager(ct::paths::jobsDatabase());
    QVERIFY(manager.open(nullptr));
    auto* test = static_cast<ct::jobs::ProcessJob*>(manager.startCt(QStringLiteral("hosts-test"),
                                                                    {QStringLiteral("hosts"), QStringLiteral("test"), QStringLiteral("gpu"), QStringLiteral("--remember-passphrase")},
                                                                    {{QStringLiteral("host"), QStringLiteral("gpu")}}, {{QStringLiteral("ssh-passphrase"), QString::fromLatin1(passphrase)}}));
    QTRY_VERIFY_WITH_TIMEOUT(test->pid() > 0 || test->isFinished(), 10000);
    watch(test, test->pid(), 60000);
    QVERIFY2(test->record().state == ct::jobs::JobState::Succeeded, qPrintable(test->record().errorMessage));
    ct::remote::HostStore store(ct::paths::jobsDatabase());
    QVERIFY(store.open(nullptr));
    const ct::remote::HostProfile profile = *store.get(QStringLiteral("gpu"));
    QVERIFY(profile.rememberPassphrase);
    capture(ct::remote::SshHost(profile).masterPid());  // the master lives on: its argv and environment too
    QVERIFY(ct::remote::SshHost(profile).stopMaster());

    // ...and a later command that unlocks the key from the keychain through ct's askpass.
    auto* run = static_cast<ct::jobs::ProcessJob*>(manager.startCt(QStringLiteral("run"), {QStringLiteral("run"), QStringLiteral("gpu"), QStringLiteral("--"), QStringLiteral("true")}));
    QTRY_VERIFY_WITH_TIMEOUT(run->pid() > 0 || run->isFinished(), 10000);
    watch(run, run->pid(), 60000);
    QVERIFY2(run->record().state == ct::jobs::JobState::Succeeded, qPrintable(run->record().errorMessage));
    QVERIFY(psSeen_.contains("SSH_ASKPASS=") && psSeen_.contains("CT_ASKPASS_HOST=gpu"));  // ssh itself was seen with the askpass set
    // The askpass lives a few milliseconds, so it is not always caught; what it could carry is
    // what ssh hands it (its environment, captured above with ssh's) plus the prompt as argv.
    qInfo("askpass processes caught while they ran: %d", askpassSeen_);
    ct::remote::SshHost(profile).stopMaster();

    // API keys: on stdin (ct serve) and in a file outside the scanned folders (ct eval).
    ct::test::CtChild host, serve;
    const quint16 hostPort = host.start({QStringLiteral("host"), QStringLiteral("--model"), kDemo, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    QVERIFY(hostPort > 0);
    serve.setInput(apiKey + "\n");
    const quint16 servePort = serve.start({QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:%1").arg(hostPort), QStringLiteral("--port"),
                                           QStringLiteral("0"), QStringLiteral("--api-key-stdin")});
    QVERIFY2(servePort > 0, serve.seen().constData());
    capture(serve.pid());
    const QByteArray chat = R"({"messages":[{"role":"user","content":"What is 2 + 5?"}],"max_tokens":4,"temperature":0})";
    QCOMPARE(ct::test::httpRequest(servePort, "POST", "/v1/chat/completions", chat, apiKey).status, 200);
    QCOMPARE(ct::test::httpRequest(servePort, "POST", "/v1/chat/completions", chat, "sk-wrong").status, 401);
    const QString keyFile = outside.filePath(QStringLiteral("api-key"));
    {
      QFile f(keyFile);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
      f.write(apiKey + "\n");
    }
    auto* eval = static_cast<ct::jobs::ProcessJob*>(manager.startCt(
        QStringLiteral("eval"), {QStringLiteral("eval"), QStringLiteral("--endpoint"), QStringLiteral("http://127.0.0.1:%1/v1").arg(servePort), QStringLiteral("--tasks"),
                                 QStringLiteral("demo"), QStringLiteral("--limit"), QStringLiteral("2"), QStringLiteral("--api-key-file"), keyFile, QStringLiteral("--out"),
                                 dir_.filePath(QStringLiteral("data/eval2"))}));
    QTRY_VERIFY_WITH_TIMEOUT(eval->pid() > 0 || eval->isFinished(), 10000);
    watch(eval, eval->pid(), 120000);
    QVERIFY2(eval->record().state == ct::jobs::JobState::Succeeded, qPrintable(eval->record().errorMessage));
    serve.stop();
    host.stop();
    ct::auth::Accounts(db).signOut(studio.token, QStringLiteral("studio"));
    ct::auth::setCurrent(ct::auth::Identity{});
    QCOMPARE(runCtCommand({QStringLiteral("logout")}, {}, env()).code, 0);
    sshd.stop();
  }

  void noSecretAnywhere() {
    QVERIFY(secrets_.size() >= 11);
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
