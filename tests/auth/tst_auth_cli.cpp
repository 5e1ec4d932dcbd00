#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include "auth/accounts.h"
#include "auth/auth_db.h"
#include "jobs/job_store.h"
#include "util/paths.h"
#include "ct_child.h"
#include "ct_run.h"
#include "raw_http.h"

using ct::test::runCtCommand;

namespace {
const QString kDemo = QStringLiteral(CT_SOURCE_DIR "/resources/demo-model");

// A `ct` under a pseudo-terminal, as a person at a terminal runs it: answers are typed when a
// prompt shows, everything the terminal shows is returned.
struct PtyRun {
  int code = -1;
  QByteArray screen;
};
PtyRun runInPty(const QStringList& args, const QList<QPair<QByteArray, QByteArray>>& dialogue, const QProcessEnvironment& env) {
  PtyRun r;
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid < 0) return r;
  if (pid == 0) {
    QList<QByteArray> storage;
    std::vector<char*> argv, envp;
    storage << QByteArray(CT_BIN_PATH);
    for (const QString& a : args) storage << a.toLocal8Bit();
    for (const QString& k : env.keys()) storage << (k + QLatin1Char('=') + env.value(k)).toLocal8Bit();
    for (int i = 0; i < storage.size(); ++i) (i <= args.size() ? argv : envp).push_back(storage[i].data());
    argv.push_back(nullptr);
    envp.push_back(nullptr);
    ::execve(CT_BIN_PATH, argv.data(), envp.data());
    ::_exit(127);
  }
  int step = 0;
  QElapsedTimer t;
  t.start();
  for (;;) {
    pollfd p{master, POLLIN, 0};
    if (::poll(&p, 1, 200) > 0) {
      char buf[4096];
      const ssize_t n = ::read(master, buf, sizeof buf);
      if (n <= 0) break;
      r.screen.append(buf, static_cast<int>(n));
    }
    if (step < dialogue.size() && r.screen.contains(dialogue[step].first)) {
      (void)!::write(master, dialogue[step].second.constData(), static_cast<size_t>(dialogue[step].second.size()));
      ++step;
    }
    if (t.elapsed() > 60000) {
      ::kill(pid, SIGKILL);
      break;
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(master);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}
}  // namespace

// Roles enforced for real `ct` commands: the session is handed over on stdin as the GUI does.
class TestAuthCli : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QByteArray ada_, otto_, vera_;  // session tokens: admin, operator, viewer

  QProcessEnvironment env() const {
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("CT_DATA_DIR"), dir_.filePath(QStringLiteral("data")));
    e.insert(QStringLiteral("CT_STATE_DIR"), dir_.filePath(QStringLiteral("state")));
    e.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));  // no keychain here: tst_keychain has it
    e.remove(QStringLiteral("DISPLAY"));
    return e;
  }
  static QByteArray as(const QByteArray& token) { return "{\"session\":\"" + token + "\"}\n"; }
  ct::test::CtRun ctAs(const QByteArray& token, QStringList args, const QByteArray& more = {}) {
    args << QStringLiteral("--secrets-stdin");
    return runCtCommand(args, as(token) + more, env());
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    qputenv("CT_DATA_DIR", dir_.filePath(QStringLiteral("data")).toUtf8());
  }

  void singleUserUntilTheFirstAdmin() {
    auto r = runCtCommand({QStringLiteral("whoami")}, {}, env());
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains("single-user mode"), r.out.constData());
    QCOMPARE(runCtCommand({QStringLiteral("jobs"), QStringLiteral("list")}, {}, env()).code, 0);
    r = runCtCommand({QStringLiteral("users"), QStringLiteral("list")}, {}, env());
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains("single-user"));
    r = runCtCommand({QStringLiteral("login"), QStringLiteral("ada"), QStringLiteral("--password-stdin")}, "whatever-pass\n", env());
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.contains("runs single-user"));
  }

  void apiKeysAreNeverArguments() {
    // serve, eval and deploy refuse a key on the command line and say what to use instead.
    const QList<QStringList> commands{
        {QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:9"), QStringLiteral("--api-key"), QStringLiteral("sk-argv-canary-1")},
        {QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:9"), QStringLiteral("--api-key=sk-argv-canary-1")},
        {QStringLiteral("eval"), QStringLiteral("--endpoint"), QStringLiteral("http://127.0.0.1:9/v1"), QStringLiteral("--tasks"), QStringLiteral("demo"),
         QStringLiteral("--api-key"), QStringLiteral("sk-argv-canary-1")},
        {QStringLiteral("deploy"), QStringLiteral("gpu"), QStringLiteral("/m"), QStringLiteral("--api-key"), QStringLiteral("sk-argv-canary-1")},
    };
    for (const QStringList& args : commands) {
      const auto r = runCtCommand(args, {}, env());
      QVERIFY2(r.code == 2, qPrintable(args.join(QLatin1Char(' ')) + QLatin1Char('\n') + QString::fromUtf8(r.err)));
      QVERIFY2(r.err.contains("--api-key-stdin") && r.err.contains("--api-key-file") && r.err.contains("ps"), r.err.constData());
      QVERIFY(!r.err.contains("sk-argv-canary-1") && !r.out.contains("sk-argv-canary-1"));
    }
    // --api-key-stdin with nothing on stdin, and a file that is not there: said so.
    auto r = runCtCommand({QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:9"), QStringLiteral("--api-key-stdin")}, {}, env());
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("--api-key-stdin"), r.err.constData());
    r = runCtCommand({QStringLiteral("eval"), QStringLiteral("--endpoint"), QStringLiteral("http://127.0.0.1:9/v1"), QStringLiteral("--tasks"), QStringLiteral("demo"),
                      QStringLiteral("--api-key-file"), dir_.filePath(QStringLiteral("missing"))},
                     {}, env());
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("cannot read --api-key-file"), r.err.constData());
  }

  void passwordsAreNeverArguments() {
    QCOMPARE(runCtCommand({QStringLiteral("login"), QStringLiteral("ada"), QStringLiteral("hunter2-hunter2")}, {}, env()).code, 2);
    QCOMPARE(runCtCommand({QStringLiteral("users"), QStringLiteral("init"), QStringLiteral("ada"), QStringLiteral("--password"), QStringLiteral("x")}, {}, env()).code, 2);
    // Without a terminal and without --password-stdin there is nothing to read a password from.
    auto r = runCtCommand({QStringLiteral("users"), QStringLiteral("init"), QStringLiteral("ada")}, {}, env());
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("--password-stdin"), r.err.constData());
  }

  void firstAdminFromTheTerminalWithoutEcho() {
    const PtyRun r = runInPty({QStringLiteral("users"), QStringLiteral("init"), QStringLiteral("ada")},
                              {{"Password for the admin ada: ", "typed-secret-77\n"}, {"Repeat it: ", "typed-secret-77\n"}}, env());
    QVERIFY2(r.code == 0, r.screen.constData());
    QVERIFY(r.screen.contains("created the first admin 'ada'"));
    QVERIFY2(!r.screen.contains("typed-secret-77"), "the password was echoed");
    // Accounts exist now: nobody is signed in.
    auto who = runCtCommand({QStringLiteral("whoami")}, {}, env());
    QCOMPARE(who.code, 3);
    QVERIFY2(who.err.contains("No keychain is reachable") && who.err.contains("no terminal to ask on"), who.err.constData());
    // With no keychain, a terminal user is asked each time.
    const PtyRun asked = runInPty({QStringLiteral("whoami")}, {{"User: ", "ada\n"}, {"Password for ada: ", "typed-secret-77\n"}}, env());
    QVERIFY2(asked.code == 0 && asked.screen.contains("ada (admin)"), asked.screen.constData());
    QVERIFY(!asked.screen.contains("typed-secret-77"));
  }

  void sessionsForThreeRoles() {
    ct::auth::AuthDb db;
    QVERIFY(db.open(nullptr));
    ct::auth::Accounts a(db);
    const ct::auth::Identity ada{QStringLiteral("ada"), ct::auth::Role::Admin, false};
    ada_ = a.signIn(QStringLiteral("ada"), QStringLiteral("typed-secret-77"), QStringLiteral("test")).token;
    QVERIFY(!ada_.isEmpty());
    for (const auto& [name, role] : {std::pair{QStringLiteral("otto"), ct::auth::Role::Operator}, std::pair{QStringLiteral("vera"), ct::auth::Role::Viewer}}) {
      QVERIFY(a.addUser(ada, name, {}, role, QStringLiteral("given-by-admin")).ok);
      QVERIFY(a.changePassword(name, QStringLiteral("given-by-admin"), QStringLiteral("own-choice-123")).ok);
    }
    otto_ = a.signIn(QStringLiteral("otto"), QStringLiteral("own-choice-123"), QStringLiteral("test")).token;
    vera_ = a.signIn(QStringLiteral("vera"), QStringLiteral("own-choice-123"), QStringLiteral("test")).token;
    QVERIFY(!otto_.isEmpty() && !vera_.isEmpty());
    QCOMPARE(ctAs(vera_, {QStringLiteral("whoami")}).out.trimmed(), QByteArray("vera (viewer)"));
  }

  void viewerCannotQuantize() {
    const QString out = dir_.filePath(QStringLiteral("q4"));
    auto r = ctAs(vera_, {QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), out});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("'ct quantize' needs the operator role; vera is a viewer"), r.err.constData());
    QVERIFY(!QFileInfo::exists(out) && !QFileInfo::exists(out + QStringLiteral(".partial")));
    QCOMPARE(ctAs(vera_, {QStringLiteral("quantize"), kDemo, QStringLiteral("--check")}).code, 3);
    QCOMPARE(ctAs(vera_, {QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:9")}).code, 3);
    QCOMPARE(ctAs(vera_, {QStringLiteral("jobs"), QStringLiteral("list")}).code, 0);
    QCOMPARE(ctAs(vera_, {QStringLiteral("model"), QStringLiteral("inspect"), kDemo}).code, 0);
    // The operator may run the stage.
    r = ctAs(otto_, {QStringLiteral("quantize"), kDemo, QStringLiteral("--check")});
    QVERIFY2(r.code == 0, r.err.constData());
    // No session at all: refused with how to sign in.
    r = runCtCommand({QStringLiteral("quantize"), kDemo, QStringLiteral("--check")}, {}, env());
    QCOMPARE(r.code, 3);
  }

  void operatorCannotAddUsersAdminCan() {
    auto r = ctAs(otto_, {QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("bob"), QStringLiteral("--role"), QStringLiteral("viewer"),
                          QStringLiteral("--password-stdin")},
                  "bob-temporary-1\n");
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("needs the admin role; otto is an operator"), r.err.constData());
    QCOMPARE(ctAs(otto_, {QStringLiteral("users"), QStringLiteral("list")}).code, 3);
    QCOMPARE(ctAs(otto_, {QStringLiteral("keys"), QStringLiteral("list")}).code, 3);
    QCOMPARE(ctAs(otto_, {QStringLiteral("audit")}).code, 3);
    r = ctAs(ada_, {QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("bob"), QStringLiteral("--role"), QStringLiteral("viewer"),
                    QStringLiteral("--password-stdin")},
             "temporary-pass-9\n");
    QVERIFY2(r.code == 0, r.err.constData());
    r = ctAs(ada_, {QStringLiteral("users"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    bool found = false;
    for (const QJsonValue& v : QJsonDocument::fromJson(r.out).array())
      if (v[QStringLiteral("name")] == QStringLiteral("bob")) found = v[QStringLiteral("state")] == QStringLiteral("must change password");
    QVERIFY2(found, r.out.constData());
    QCOMPARE(ctAs(ada_, {QStringLiteral("users"), QStringLiteral("role"), QStringLiteral("bob"), QStringLiteral("operator")}).code, 0);
    QCOMPARE(ctAs(ada_, {QStringLiteral("users"), QStringLiteral("disable"), QStringLiteral("bob")}).code, 0);
    QCOMPARE(ctAs(ada_, {QStringLiteral("users"), QStringLiteral("unlock"), QStringLiteral("bob")}).code, 0);
    QCOMPARE(ctAs(ada_, {QStringLiteral("users"), QStringLiteral("remove"), QStringLiteral("bob")}).code, 0);
    QCOMPARE(ctAs(ada_, {QStringLiteral("users"), QStringLiteral("remove"), QStringLiteral("ada")}).code, 1);  // the last admin
  }

  void passwordChangeThroughTheCli() {
    // vera changes her own password: current, new (stdin: one per line).
    auto r = ctAs(vera_, {QStringLiteral("users"), QStringLiteral("passwd"), QStringLiteral("--password-stdin")}, "own-choice-123\nnewer-choice-456\n");
    QVERIFY2(r.code == 0, r.err.constData());
    // She cannot reset otto's; ada can, and otto must change it at his next sign-in.
    r = ctAs(vera_, {QStringLiteral("users"), QStringLiteral("passwd"), QStringLiteral("otto"), QStringLiteral("--password-stdin")}, "reset-by-vera-1\n");
    QCOMPARE(r.code, 3);
    r = ctAs(ada_, {QStringLiteral("users"), QStringLiteral("passwd"), QStringLiteral("otto"), QStringLiteral("--password-stdin")}, "reset-by-ada-11\n");
    QVERIFY2(r.code == 0, r.err.constData());
    QCOMPARE(ctAs(otto_, {QStringLiteral("whoami")}).code, 3);  // his session ended with the reset
    // ct login asks for the new password when a change is due (here on stdin).
    r = runCtCommand({QStringLiteral("login"), QStringLiteral("otto"), QStringLiteral("--password-stdin")}, "reset-by-ada-11\nfresh-start-22\n", env());
    QVERIFY2(r.err.contains("must be changed now"), r.err.constData());
    QVERIFY2(r.out.contains("no session was kept"), (r.out + r.err).constData());  // no keychain in this test
    ct::auth::AuthDb db;
    QVERIFY(db.open(nullptr));
    otto_ = ct::auth::Accounts(db).signIn(QStringLiteral("otto"), QStringLiteral("fresh-start-22"), QStringLiteral("test")).token;
    QVERIFY(!otto_.isEmpty());
  }

  void lockoutThroughTheCli() {
    {
      // Four free failures in-process (each a ~0.1 s hash), the fifth through ct.
      ct::auth::AuthDb db;
      QVERIFY(db.open(nullptr));
      for (int i = 0; i < 4; ++i) ct::auth::Accounts(db).signIn(QStringLiteral("vera"), QStringLiteral("wrong-guess-000"), QStringLiteral("test"));
    }
    auto fifth = runCtCommand({QStringLiteral("login"), QStringLiteral("vera"), QStringLiteral("--password-stdin")}, "wrong-guess-000\n", env());
    QCOMPARE(fifth.code, 3);
    QVERIFY2(fifth.err.contains("locked for 30 s"), fifth.err.constData());
    auto r = runCtCommand({QStringLiteral("login"), QStringLiteral("vera"), QStringLiteral("--password-stdin")}, "newer-choice-456\n", env());
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("locked") && r.err.contains("ct users unlock vera"), r.err.constData());
    QCOMPARE(ctAs(ada_, {QStringLiteral("users"), QStringLiteral("unlock"), QStringLiteral("vera")}).code, 0);
    r = runCtCommand({QStringLiteral("login"), QStringLiteral("vera"), QStringLiteral("--password-stdin")}, "newer-choice-456\n", env());
    QCOMPARE(r.code, 0);
  }

  void cancellingAnotherUsersJobIsTheAdmins() {
    QProcess sleeper;
    sleeper.start(QStringLiteral("sleep"), {QStringLiteral("60")});
    QVERIFY(sleeper.waitForStarted());
    {
      ct::jobs::JobStore store(ct::paths::jobsDatabase());
      QVERIFY(store.open(nullptr));
      ct::jobs::JobRecord rec;
      rec.id = QStringLiteral("20990101-000000-0ada00");
      rec.kind = QStringLiteral("quantize");
      rec.state = ct::jobs::JobState::Running;
      rec.pid = sleeper.processId();
      rec.host = ct::jobs::thisHost();
      rec.user = QStringLiteral("ada");
      rec.created = QDateTime::currentDateTimeUtc();
      QVERIFY(store.save(rec));
    }
    auto r = ctAs(otto_, {QStringLiteral("jobs"), QStringLiteral("cancel"), QStringLiteral("20990101-000000-0ada00")});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("of user ada needs the admin role"), r.err.constData());
    QCOMPARE(sleeper.state(), QProcess::Running);
    r = ctAs(ada_, {QStringLiteral("jobs"), QStringLiteral("cancel"), QStringLiteral("20990101-000000-0ada00")});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY(sleeper.waitForFinished(10000));
  }

  void auditFromTheCli() {
    auto r = ctAs(ada_, {QStringLiteral("audit"), QStringLiteral("--json"), QStringLiteral("--user"), QStringLiteral("vera")});
    QCOMPARE(r.code, 0);
    QStringList actions;
    for (const QByteArray& line : r.out.split('\n')) {
      if (line.isEmpty()) continue;
      const QJsonObject o = QJsonDocument::fromJson(line).object();
      QCOMPARE(o.value(QStringLiteral("user")).toString(), QStringLiteral("vera"));
      QVERIFY(!o.value(QStringLiteral("host")).toString().isEmpty());
      actions << o.value(QStringLiteral("action")).toString() + QLatin1Char('/') + o.value(QStringLiteral("outcome")).toString();
    }
    for (const char* want : {"command/denied", "signin/ok", "signin.failed/failed", "password.change/ok"})
      QVERIFY2(actions.contains(QLatin1String(want)), qPrintable(actions.join(QLatin1Char(' '))));
    r = ctAs(ada_, {QStringLiteral("audit"), QStringLiteral("--action"), QStringLiteral("user."), QStringLiteral("--since"), QStringLiteral("1h")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains("user.add") && r.out.contains("user.remove") && !r.out.contains("signin"));
    QCOMPARE(ctAs(ada_, {QStringLiteral("audit"), QStringLiteral("--since"), QStringLiteral("yesterday")}).code, 2);
  }

  void keysCreatedUsedAndRevokedWithARunningServe() {
    auto r = ctAs(ada_, {QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--user"), QStringLiteral("otto"), QStringLiteral("--name"),
                         QStringLiteral("otto-bench"), QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.err.constData());
    const QByteArray key = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("key")).toString().toLatin1();
    QVERIFY(key.startsWith("ctk_"));
    r = ctAs(ada_, {QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--user"), QStringLiteral("vera"), QStringLiteral("--name"),
                    QStringLiteral("vera-old"), QStringLiteral("--json")});
    const QByteArray oldKey = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("key")).toString().toLatin1();

    ct::test::CtChild host, serve;
    host.process().setProcessEnvironment(env());
    serve.process().setProcessEnvironment(env());
    host.setInput(as(otto_));
    const quint16 hostPort = host.start({QStringLiteral("host"), QStringLiteral("--model"), kDemo, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                         QStringLiteral("--secrets-stdin")});
    QVERIFY2(hostPort, host.seen().constData());
    serve.setInput(as(otto_));
    const quint16 port = serve.start({QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:%1").arg(hostPort), QStringLiteral("--port"),
                                      QStringLiteral("0"), QStringLiteral("--keys-from-db"), QStringLiteral("--secrets-stdin")});
    QVERIFY2(port, serve.seen().constData());

    auto chat = [&](const QByteArray& bearer, const QString& question) {
      const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("messages"), QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                                                                                             {QStringLiteral("content"), question}}}},
                                                        {QStringLiteral("temperature"), 0},
                                                        {QStringLiteral("max_tokens"), 12}})
                                  .toJson(QJsonDocument::Compact);
      return ct::test::httpRequest(port, "POST", "/v1/chat/completions", body, bearer);
    };
    qint64 prompt = 0, completion = 0;
    for (const QString& q : {QStringLiteral("What is 3 + 4?"), QStringLiteral("What is 12 - 5?"), QStringLiteral("What is 9 + 9?")}) {
      const auto h = chat(key, q);
      QVERIFY2(h.status == 200, h.body.constData());
      const QJsonObject usage = h.json().value(QStringLiteral("usage")).toObject();
      prompt += usage.value(QStringLiteral("prompt_tokens")).toInt();
      completion += usage.value(QStringLiteral("completion_tokens")).toInt();
    }
    QVERIFY(prompt > 0 && completion > 0);
    QCOMPARE(chat("ctk_0000_wrong", QStringLiteral("hi")).status, 401);
    QCOMPARE(chat("", QStringLiteral("hi")).status, 401);

    // Usage equals the tokens served (counted when each request finishes).
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
          const auto u = ctAs(ada_, {QStringLiteral("keys"), QStringLiteral("usage"), QStringLiteral("otto-bench"), QStringLiteral("--json")});
          const QJsonArray days = QJsonDocument::fromJson(u.out).array();
          return days.size() == 1 && days[0][QStringLiteral("requests")].toInt() == 3 && days[0][QStringLiteral("prompt_tokens")].toInt() == prompt &&
                 days[0][QStringLiteral("completion_tokens")].toInt() == completion;
        }(),
        10000);
    r = ctAs(ada_, {QStringLiteral("keys"), QStringLiteral("list")});
    QVERIFY(r.out.contains("otto-bench") && r.out.contains("active"));

    // Revoked in another process: refused from the very next request, no restart.
    QCOMPARE(ctAs(ada_, {QStringLiteral("keys"), QStringLiteral("revoke"), QStringLiteral("otto-bench")}).code, 0);
    auto refused = chat(key, QStringLiteral("What is 1 + 1?"));
    QCOMPARE(refused.status, 401);
    QVERIFY2(refused.body.contains("revoked"), refused.body.constData());
    // An expired key (its expiry moved into the past, as time would) is refused the same way.
    QVERIFY(chat(oldKey, QStringLiteral("What is 2 + 2?")).status == 200);
    {
      ct::auth::AuthDb db;
      QVERIFY(db.open(nullptr));
      QSqlQuery q(db.db());
      QVERIFY(q.exec(QStringLiteral("UPDATE service_keys SET expires = '2001-01-01T00:00:00.000Z' WHERE name = 'vera-old'")));
    }
    refused = chat(oldKey, QStringLiteral("What is 2 + 2?"));
    QCOMPARE(refused.status, 401);
    QVERIFY2(refused.body.contains("expired"), refused.body.constData());
    serve.stop();
    host.stop();
    QVERIFY(!serve.running() && !host.running());
  }
};

QTEST_GUILESS_MAIN(TestAuthCli)
#include "tst_auth_cli.moc"
