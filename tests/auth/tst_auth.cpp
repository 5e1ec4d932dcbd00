#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <ctime>
#include <algorithm>

#include "auth/accounts.h"
#include "auth/audit_log.h"
#include "auth/auth_db.h"
#include "auth/authorize.h"
#include "auth/password.h"
#include "auth/service_keys.h"
#include "auth/session.h"
#include "jobs/job.h"
#include "jobs/job_context.h"
#include "jobs/job_manager.h"
#include "util/paths.h"

using namespace ct::auth;
namespace paths = ct::paths;

// Accounts, roles, lockout, sessions, audit and service keys through the core API, on a real
// SQLite file in a scratch folder. Argon2id costs ~0.1 s per hash: each test hashes a handful.
class TestAuth : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::unique_ptr<AuthDb> db_;
  QDateTime clock_ = QDateTime(QDate(2026, 12, 1), QTime(9, 0), Qt::UTC);
  const Identity admin_{QStringLiteral("root-admin"), Role::Admin, false};
  const Identity operator_{QStringLiteral("olga"), Role::Operator, false};
  const Identity viewer_{QStringLiteral("victor"), Role::Viewer, false};

  std::unique_ptr<Accounts> accounts() {
    auto a = std::make_unique<Accounts>(*db_);
    a->setClock([this] { return clock_; });
    return a;
  }
  QStringList auditActions() {
    QStringList out;
    for (const auto& e : AuditLog(*db_).query(admin_, AuditFilter{}, nullptr)) out << e.action + QLatin1Char('/') + e.outcome;
    return out;
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    qputenv("CT_DATA_DIR", dir_.filePath(QStringLiteral("data")).toUtf8());
    qputenv("CT_STATE_DIR", dir_.filePath(QStringLiteral("state")).toUtf8());
    db_ = std::make_unique<AuthDb>();
    QString error;
    QVERIFY2(db_->open(&error), qPrintable(error));
    QCOMPARE(QFileInfo(paths::authDatabase()).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions());
  }

  void hashIsArgon2idAndVerifies() {
    const QByteArray h = hashPassword(QStringLiteral("tr0ub4dor&3-long"));
    QVERIFY2(h.startsWith("$argon2id$v=19$m=65536,t=2,p=1$"), h.constData());  // interactive limits
    QVERIFY(verifyPassword(h, QStringLiteral("tr0ub4dor&3-long")));
    QVERIFY(!verifyPassword(h, QStringLiteral("tr0ub4dor&3-lonG")));
    QVERIFY(hashPassword(QStringLiteral("tr0ub4dor&3-long")) != h);  // salted
    QVERIFY(!verifyPassword(QByteArray(), QStringLiteral("x")));
  }

  void verificationTimeDoesNotDependOnTheGuess() {
    // The comparison inside crypto_pwhash_str_verify is constant-time; what a caller could see
    // is whether a guess that is right up to its last character, or wrong from its first, or
    // made for a user that does not exist, ends sooner. The thread's CPU time (not wall time, which
    // other processes on a loaded machine stretch), the fastest of five runs, guesses interleaved.
    const QByteArray h = hashPassword(QStringLiteral("aaaaaaaaaaaaaaaa"));
    auto cpuNs = [] {
      timespec ts{};
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
      return static_cast<qint64>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
    };
    const QStringList guesses{QStringLiteral("aaaaaaaaaaaaaaaa"), QStringLiteral("aaaaaaaaaaaaaaab"), QStringLiteral("baaaaaaaaaaaaaaa")};
    std::vector<double> best(guesses.size(), 1e18);
    for (int round = 0; round < 5; ++round)
      for (int g = 0; g < guesses.size(); ++g) {
        const qint64 t0 = cpuNs();
        verifyPassword(h, guesses[g]);
        best[g] = std::min(best[g], static_cast<double>(cpuNs() - t0));
      }
    auto fastest = [&](const QString& guess) { return best[guesses.indexOf(guess)]; };
    const double right = fastest(QStringLiteral("aaaaaaaaaaaaaaaa"));
    const double lastWrong = fastest(QStringLiteral("aaaaaaaaaaaaaaab"));
    const double firstWrong = fastest(QStringLiteral("baaaaaaaaaaaaaaa"));
    qInfo("verify: right %.1f ms, last char wrong %.1f ms, first char wrong %.1f ms", right / 1e6, lastWrong / 1e6, firstWrong / 1e6);
    for (double v : {lastWrong, firstWrong}) QVERIFY2(qAbs(v - right) / right < 0.5, "verification time depends on the guess");
    // Fast hashes of session tokens and service keys are compared with sodium_memcmp.
    QVERIFY(constantTimeEqual(fastHash("abc"), fastHash("abc")));
    QVERIFY(!constantTimeEqual(fastHash("abc"), fastHash("abd")));
    QVERIFY(!constantTimeEqual("abc", "abcd"));
  }

  void passwordRules() {
    QVERIFY(!passwordProblem(QStringLiteral("maria"), QStringLiteral("short")).isEmpty());
    QVERIFY(!passwordProblem(QStringLiteral("maria"), QStringLiteral("MARIA")).isEmpty());
    QVERIFY(passwordProblem(QStringLiteral("maria"), QStringLiteral("xx-maria-2026")).contains(QLatin1String("user name")));
    QVERIFY(!passwordProblem(QStringLiteral("maria"), QString(257, QLatin1Char('x'))).isEmpty());
    QVERIFY(passwordProblem(QStringLiteral("maria"), QStringLiteral("blue-kettle-42")).isEmpty());
    QVERIFY(!Accounts::nameProblem(QStringLiteral("Maria")).isEmpty());
    QVERIFY(Accounts::nameProblem(QStringLiteral("maria.k")).isEmpty());
  }

  void everyCommandHasItsRole() {
    // The table covers every command; a viewer sees, an operator runs, an admin manages.
    for (const QString& c : guardedCommands()) {
      const CommandAccess a = commandAccess(c);
      QVERIFY2(a.known, qPrintable(c));
      if (a.isPublic) continue;
      const Role need = requiredRole(a.action);
      for (Role r : {Role::Viewer, Role::Operator, Role::Admin}) {
        const Verdict v = authorize(Identity{QStringLiteral("u"), r, false}, a.action, c);
        QCOMPARE(v.allowed, static_cast<int>(r) >= static_cast<int>(need));
        if (!v.allowed) QVERIFY2(v.message.contains(QStringLiteral("needs the %1 role").arg(nameOf(need))), qPrintable(v.message));
      }
      QVERIFY(authorize(Identity::singleUserMode(), a.action, c).allowed);  // no accounts: as before
      QVERIFY(!authorize(Identity{}, a.action, c).allowed);                // nobody signed in
    }
    const Verdict quantize = authorize(viewer_, commandAccess(QStringLiteral("quantize")).action, QStringLiteral("'ct quantize'"));
    QVERIFY(!quantize.allowed);
    QCOMPARE(quantize.needed, Role::Operator);
    QVERIFY2(quantize.message.startsWith(QLatin1String("'ct quantize' needs the operator role; victor is a viewer")), qPrintable(quantize.message));
    QCOMPARE(commandAccess(QStringLiteral("jobs"), {QStringLiteral("list")}).action, Action::View);
    QCOMPARE(commandAccess(QStringLiteral("jobs"), {QStringLiteral("cancel")}).action, Action::CancelJob);
    QCOMPARE(commandAccess(QStringLiteral("users"), {QStringLiteral("passwd")}).action, Action::ChangeOwnPassword);
    QCOMPARE(commandAccess(QStringLiteral("users"), {QStringLiteral("add")}).action, Action::ManageUsers);
    QVERIFY(commandAccess(QStringLiteral("users"), {QStringLiteral("init")}).isPublic);
    QCOMPARE(commandAccess(QStringLiteral("hosts"), {QStringLiteral("forget-passphrase")}).action, Action::UseHost);
    QCOMPARE(actionForJobKind(QStringLiteral("deploy-logs")), Action::View);  // the GUI's job kinds
    QCOMPARE(actionForJobKind(QStringLiteral("deploy-stop")), Action::Deploy);
    QCOMPARE(actionForJobKind(QStringLiteral("hosts-test")), Action::UseHost);
    QVERIFY(commandAccess(QStringLiteral("login")).isPublic);
    const CommandAccess unknown = commandAccess(QStringLiteral("frobnicate"));
    QVERIFY(!unknown.known && !unknown.isPublic);
    QCOMPARE(requiredRole(unknown.action), Role::Operator);
    // Cancelling: one's own job is the operator's; another user's is the admin's.
    QVERIFY(authorize(operator_, Action::CancelJob, {}, QStringLiteral("olga")).allowed);
    const Verdict others = authorize(operator_, Action::CancelJob, QStringLiteral("cancelling job 1"), QStringLiteral("maria"));
    QVERIFY(!others.allowed);
    QVERIFY2(others.message.contains(QLatin1String("of user maria needs the admin role")), qPrintable(others.message));
    QVERIFY(authorize(admin_, Action::CancelJob, {}, QStringLiteral("maria")).allowed);
  }

  void firstAdminAndUserManagement() {
    auto a = accounts();
    QVERIFY(!a->hasAccounts());
    QVERIFY(!AuthDb::hasAccounts({}));
    QVERIFY(!a->initAdmin(QStringLiteral("root-admin"), {}, QStringLiteral("short")).ok);
    QVERIFY2(a->initAdmin(QStringLiteral("root-admin"), QStringLiteral("Root"), QStringLiteral("first-admin-pass")).ok, "init");
    QVERIFY(AuthDb::hasAccounts({}));
    const Outcome again = a->initAdmin(QStringLiteral("other"), {}, QStringLiteral("second-admin-pass"));
    QVERIFY(!again.ok && again.message.contains(QLatin1String("already exist")));

    // An operator cannot add users; an admin can.
    const Outcome refused = a->addUser(operator_, QStringLiteral("victor"), {}, Role::Viewer, QStringLiteral("temporary-pass-1"));
    QVERIFY(!refused.ok && refused.denied);
    QVERIFY2(refused.message.contains(QLatin1String("needs the admin role")), qPrintable(refused.message));
    QVERIFY(!a->user(QStringLiteral("victor")));
    for (const auto& [name, role] : {std::pair{QStringLiteral("victor"), Role::Viewer}, std::pair{QStringLiteral("olga"), Role::Operator}})
      QVERIFY(a->addUser(admin_, name, {}, role, QStringLiteral("temporary-pass-1")).ok);
    QVERIFY(a->user(QStringLiteral("olga"))->mustChangePassword);
    QVERIFY(!a->addUser(admin_, QStringLiteral("olga"), {}, Role::Viewer, QStringLiteral("temporary-pass-1")).ok);
    QVERIFY(!a->addUser(admin_, QStringLiteral("Bad Name"), {}, Role::Viewer, QStringLiteral("temporary-pass-1")).ok);
    QVERIFY(a->setRole(admin_, QStringLiteral("victor"), Role::Operator).ok);
    QCOMPARE(a->user(QStringLiteral("victor"))->role, Role::Operator);
    QVERIFY(a->setRole(admin_, QStringLiteral("victor"), Role::Viewer).ok);
    QVERIFY(a->setRole(viewer_, QStringLiteral("victor"), Role::Admin).denied);
    // The last admin stays.
    QVERIFY(!a->setRole(admin_, QStringLiteral("root-admin"), Role::Viewer).ok);
    QVERIFY(!a->remove(admin_, QStringLiteral("root-admin")).ok);
    QVERIFY(!a->setDisabled(admin_, QStringLiteral("root-admin"), true).ok);
    QString error;
    QCOMPARE(a->users(admin_, &error).size(), 3);
    QVERIFY(a->users(operator_, &error).isEmpty());
    QVERIFY(error.contains(QLatin1String("admin")));
  }

  void lockoutGrowsAndUnlocks() {
    auto a = accounts();
    QVERIFY(a->addUser(admin_, QStringLiteral("lena"), {}, Role::Viewer, QStringLiteral("first-temp-pass")).ok);
    QVERIFY(a->changePassword(QStringLiteral("lena"), QStringLiteral("first-temp-pass"), QStringLiteral("right-password")).ok);
    QCOMPARE(Accounts::lockSeconds(4), 0);
    QCOMPARE(Accounts::lockSeconds(5), 30);
    QCOMPARE(Accounts::lockSeconds(6), 60);
    QCOMPARE(Accounts::lockSeconds(7), 120);
    QCOMPARE(Accounts::lockSeconds(40), Accounts::kMaxLockSeconds);
    for (int i = 1; i <= 4; ++i) {
      const SignIn s = a->signIn(QStringLiteral("lena"), QStringLiteral("wrong-password"), QStringLiteral("test"));
      QCOMPARE(s.status, SignIn::Status::BadCredentials);
      QCOMPARE(s.retryAfterSeconds, 0);
    }
    SignIn fifth = a->signIn(QStringLiteral("lena"), QStringLiteral("wrong-password"), QStringLiteral("test"));
    QCOMPARE(fifth.retryAfterSeconds, 30);
    // Locked: even the right password is not heard until the delay has passed.
    clock_ = clock_.addSecs(29);
    SignIn locked = a->signIn(QStringLiteral("lena"), QStringLiteral("right-password"), QStringLiteral("test"));
    QCOMPARE(locked.status, SignIn::Status::Locked);
    QCOMPARE(locked.retryAfterSeconds, 1);
    QVERIFY(locked.message.contains(QLatin1String("ct users unlock lena")));
    QCOMPARE(a->user(QStringLiteral("lena"))->state(clock_), QStringLiteral("locked"));
    clock_ = clock_.addSecs(2);
    QCOMPARE(a->signIn(QStringLiteral("lena"), QStringLiteral("wrong-password"), QStringLiteral("test")).retryAfterSeconds, 60);
    clock_ = clock_.addSecs(61);
    QCOMPARE(a->signIn(QStringLiteral("lena"), QStringLiteral("wrong-password"), QStringLiteral("test")).retryAfterSeconds, 120);
    // An admin unlocks; the right password then works and clears the count.
    QVERIFY(a->unlock(viewer_, QStringLiteral("lena")).denied);
    QVERIFY(a->unlock(admin_, QStringLiteral("lena")).ok);
    const SignIn ok = a->signIn(QStringLiteral("lena"), QStringLiteral("right-password"), QStringLiteral("test"));
    QVERIFY2(ok.ok(), qPrintable(ok.message));
    QCOMPARE(a->user(QStringLiteral("lena"))->failedSignIns, 0);
    // An unknown name fails like a wrong password (and costs as long: a decoy hash is verified).
    QCOMPARE(a->signIn(QStringLiteral("nobody"), QStringLiteral("whatever-pass"), QStringLiteral("test")).status, SignIn::Status::BadCredentials);
  }

  void passwordChangeAndReset() {
    auto a = accounts();
    QVERIFY(a->addUser(admin_, QStringLiteral("paul"), {}, Role::Operator, QStringLiteral("second-temp-pass")).ok);
    // A password set by an admin must be changed before a session is given.
    SignIn first = a->signIn(QStringLiteral("paul"), QStringLiteral("second-temp-pass"), QStringLiteral("test"));
    QCOMPARE(first.status, SignIn::Status::MustChangePassword);
    QVERIFY(first.token.isEmpty());
    QVERIFY(!a->changePassword(QStringLiteral("paul"), QStringLiteral("not-the-current"), QStringLiteral("own-password-1")).ok);
    QVERIFY(!a->changePassword(QStringLiteral("paul"), QStringLiteral("second-temp-pass"), QStringLiteral("second-temp-pass")).ok);
    QVERIFY(a->changePassword(QStringLiteral("paul"), QStringLiteral("second-temp-pass"), QStringLiteral("own-password-1")).ok);
    const SignIn s = a->signIn(QStringLiteral("paul"), QStringLiteral("own-password-1"), QStringLiteral("test"));
    QVERIFY(s.ok());
    QVERIFY(a->checkSession(s.token).ok);
    QCOMPARE(a->signIn(QStringLiteral("paul"), QStringLiteral("second-temp-pass"), QStringLiteral("test")).status, SignIn::Status::BadCredentials);
    // A reset by an admin ends the user's sessions and forces a change again.
    QVERIFY(a->resetPassword(operator_, QStringLiteral("paul"), QStringLiteral("reset-temporary")).denied);
    QVERIFY(a->resetPassword(admin_, QStringLiteral("paul"), QStringLiteral("reset-temporary")).ok);
    QVERIFY(!a->checkSession(s.token).ok);
    QCOMPARE(a->signIn(QStringLiteral("paul"), QStringLiteral("reset-temporary"), QStringLiteral("test")).status, SignIn::Status::MustChangePassword);
  }

  void sessionsExpireAndFollowTheAccount() {
    auto a = accounts();
    const SignIn s = a->signIn(QStringLiteral("lena"), QStringLiteral("right-password"), QStringLiteral("test"), 3600);
    QVERIFY(s.ok());
    QVERIFY(s.token.startsWith("cts_"));
    QCOMPARE(s.expires, clock_.addSecs(3600));
    // Only a hash is stored.
    QSqlQuery q(db_->db());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM sessions WHERE token_hash = '%1' OR CAST(token_hash AS TEXT) LIKE '%cts_%'").arg(QString::fromLatin1(s.token))));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    clock_ = clock_.addSecs(3599);
    SessionCheck c = a->checkSession(s.token);
    QVERIFY(c.ok);
    QCOMPARE(c.identity.user, QStringLiteral("lena"));
    QCOMPARE(c.identity.role, Role::Viewer);
    // A role change applies to the live session.
    QVERIFY(a->setRole(admin_, QStringLiteral("lena"), Role::Operator).ok);
    QCOMPARE(a->checkSession(s.token).identity.role, Role::Operator);
    clock_ = clock_.addSecs(2);
    c = a->checkSession(s.token);
    QVERIFY(!c.ok);
    QVERIFY2(c.message.contains(QLatin1String("expired")), qPrintable(c.message));
    QVERIFY(!a->checkSession(s.token).ok);
    // Disabling ends sessions at once; signing out ends one.
    const SignIn s2 = a->signIn(QStringLiteral("lena"), QStringLiteral("right-password"), QStringLiteral("test"));
    QVERIFY(a->setDisabled(admin_, QStringLiteral("lena"), true).ok);
    QVERIFY(!a->checkSession(s2.token).ok);
    QCOMPARE(a->signIn(QStringLiteral("lena"), QStringLiteral("right-password"), QStringLiteral("test")).status, SignIn::Status::Disabled);
    QVERIFY(a->setDisabled(admin_, QStringLiteral("lena"), false).ok);
    const SignIn s3 = a->signIn(QStringLiteral("lena"), QStringLiteral("right-password"), QStringLiteral("test"));
    a->signOut(s3.token, QStringLiteral("test"));
    QVERIFY(!a->checkSession(s3.token).ok);
    QVERIFY(!a->checkSession("not-a-token").ok);
  }

  void serviceKeysLifecycle() {
    ServiceKeys keys(*db_);
    keys.setClock([this] { return clock_; });
    QString error;
    QVERIFY(!keys.create(operator_, QStringLiteral("olga"), QStringLiteral("k"), {}, &error));
    QVERIFY(error.contains(QLatin1String("admin")));
    QVERIFY(!keys.create(admin_, QStringLiteral("ghost"), {}, {}, &error));
    const auto k = keys.create(admin_, QStringLiteral("olga"), QStringLiteral("olga-laptop"), clock_.addDays(30), &error);
    QVERIFY2(k, qPrintable(error));
    QVERIFY(k->secret.startsWith("ctk_" + k->key.id.toLatin1() + "_"));
    QVERIFY(k->secret.size() > 50);
    QVERIFY(!keys.create(admin_, QStringLiteral("olga"), QStringLiteral("olga-laptop"), {}, &error));  // names are unique
    // Only its hash is stored.
    QSqlQuery q(db_->db());
    QVERIFY(q.exec(QStringLiteral("SELECT hash FROM service_keys WHERE id = '%1'").arg(k->key.id)) && q.next());
    QCOMPARE(q.value(0).toByteArray(), fastHash(k->secret));

    KeyVerdict v = keys.verify(k->secret);
    QVERIFY(v.ok);
    QCOMPARE(v.user, QStringLiteral("olga"));
    QCOMPARE(v.keyId, k->key.id);
    QByteArray tampered = k->secret;
    tampered[tampered.size() - 1] = tampered.back() == 'A' ? 'B' : 'A';
    QCOMPARE(keys.verify(tampered).reason, QStringLiteral("unknown key"));
    QCOMPARE(keys.verify("sk-something").reason, QStringLiteral("unknown key"));
    QCOMPARE(keys.verify("ctk_").reason, QStringLiteral("unknown key"));

    QVERIFY(keys.recordUsage(k->key.id, 12, 30));
    QVERIFY(keys.recordUsage(k->key.id, 8, 5));
    clock_ = clock_.addDays(1);
    QVERIFY(keys.recordUsage(k->key.id, 1, 2));
    const auto days = keys.usage(admin_, QStringLiteral("olga-laptop"), {}, &error);
    QCOMPARE(days.size(), 2);
    QCOMPARE(days[1].requests, 2);
    QCOMPARE(days[1].promptTokens, 20);
    QCOMPARE(days[1].completionTokens, 35);
    const auto listed = keys.list(admin_, &error);
    const auto it = std::find_if(listed.begin(), listed.end(), [&](const ServiceKey& s) { return s.id == k->key.id; });
    QVERIFY(it != listed.end());
    QCOMPARE(it->requests, 3);
    QCOMPARE(it->completionTokens, 37);
    QCOMPARE(it->state(clock_), QStringLiteral("active"));
    QVERIFY(keys.list(viewer_, &error).isEmpty());

    // Disabled user, expiry and revocation are refused with their reason.
    Accounts a(*db_);
    QVERIFY(a.setDisabled(admin_, QStringLiteral("olga"), true).ok);
    QCOMPARE(keys.verify(k->secret).reason, QStringLiteral("its user is disabled"));
    QVERIFY(a.setDisabled(admin_, QStringLiteral("olga"), false).ok);
    clock_ = clock_.addDays(30);
    QCOMPARE(keys.verify(k->secret).reason, QStringLiteral("expired"));
    QVERIFY(keys.revoke(admin_, QStringLiteral("olga-laptop"), &error));
    QCOMPARE(keys.verify(k->secret).reason, QStringLiteral("revoked"));
    QVERIFY(!keys.revoke(admin_, QStringLiteral("olga-laptop"), &error));

    QString why;
    QVERIFY(!parseExpiry(QStringLiteral("soon"), clock_, &why));
    QCOMPARE(*parseExpiry(QStringLiteral("30d"), clock_, &why), clock_.addDays(30));
    QCOMPARE(*parseExpiry(QStringLiteral("12h"), clock_, &why), clock_.addSecs(12 * 3600));
    QVERIFY(!parseExpiry(QStringLiteral("2001-01-01"), clock_, &why));
  }

  void auditIsAppendOnlyAndRedacted() {
    AuditLog log(*db_);
    AuditEntry e;
    e.user = QStringLiteral("root-admin");
    e.action = QStringLiteral("test.redaction");
    e.params = QJsonObject{{QStringLiteral("api_key"), QStringLiteral("plain-secret-1")},
                           {QStringLiteral("sshPassphrase"), QStringLiteral("plain-secret-2")},
                           {QStringLiteral("max_tokens"), 256},
                           {QStringLiteral("tokenizer"), QStringLiteral("/models/tok.json")},
                           {QStringLiteral("args"), QJsonArray{QStringLiteral("--api-key"), QStringLiteral("plain-secret-3"), QStringLiteral("--password=plain-secret-4"),
                                                               QStringLiteral("--api-key-file"), QStringLiteral("/etc/keys")}},
                           {QStringLiteral("note"), QStringLiteral("uses ctk_0123abcd_SECRETSECRETSECRET")}};
    e.outcome = QStringLiteral("ok");
    QVERIFY(log.append(e));
    const AuditEntry back = log.query(admin_, AuditFilter{{}, QStringLiteral("test.redaction")}).first();
    const QByteArray text = QJsonDocument(back.params).toJson();
    for (const char* s : {"plain-secret", "SECRETSECRET"}) QVERIFY2(!text.contains(s), text.constData());
    QCOMPARE(back.params.value(QStringLiteral("max_tokens")).toInt(), 256);
    QCOMPARE(back.params.value(QStringLiteral("tokenizer")).toString(), QStringLiteral("/models/tok.json"));
    QVERIFY(text.contains("/etc/keys"));
    QVERIFY(!back.host.isEmpty() && back.time.isValid());

    QSqlQuery q(db_->db());
    QVERIFY(!q.exec(QStringLiteral("UPDATE audit SET outcome = 'ok'")));
    QVERIFY(q.lastError().text().contains(QLatin1String("append-only")));
    QVERIFY(!q.exec(QStringLiteral("DELETE FROM audit")));
    QString error;
    QVERIFY(log.query(operator_, AuditFilter{}, &error).isEmpty());
    QVERIFY(error.contains(QLatin1String("admin")));
  }

  void jobsAreAuditedAndCheckedInTheManager() {
    // A job in a `ct` process: its start and end, with the user, for stages, services and deployments.
    setCurrent(operator_);
    for (const QString& kind : {QStringLiteral("quantize"), QStringLiteral("serve"), QStringLiteral("deploy")}) {
      ct::jobs::JobContext ctx(kind, QJsonObject{{QStringLiteral("api_key"), QStringLiteral("job-secret")}}, {false, {}, true, stdout, stderr});
      ctx.begin();
      QCOMPARE(ctx.record().user, QStringLiteral("olga"));
      ctx.succeed({});
    }
    // The GUI's manager: a viewer's stage is refused before any process starts, and says why.
    setCurrent(viewer_);
    ct::jobs::JobManager manager(paths::jobsDatabase());
    QVERIFY(manager.open(nullptr));
    ct::jobs::Job* job = manager.startCt(QStringLiteral("quantize"), {QStringLiteral("quantize"), QStringLiteral("/m"), QStringLiteral("--out"), QStringLiteral("/o")});
    QVERIFY(job->isFinished());
    QCOMPARE(job->record().errorCode, QStringLiteral("forbidden"));
    QVERIFY2(job->record().errorMessage.contains(QLatin1String("needs the operator role")), qPrintable(job->record().errorMessage));
    QCOMPARE(manager.history(5).first().user, QStringLiteral("victor"));
    setCurrent(Identity{});
  }

  void everyActionKindIsAudited() {
    const QStringList seen = auditActions();
    for (const char* want : {"user.init/ok", "user.add/ok", "user.add/denied", "user.role/ok", "user.disable/ok", "user.enable/ok", "user.unlock/ok",
                             "user.unlock/denied", "user.reset/ok", "password.change/ok", "password.change/failed", "signin/ok", "signin.failed/failed",
                             "signout/ok", "key.create/ok", "key.create/denied", "key.revoke/ok", "stage.start/ok", "stage.finish/succeeded",
                             "stage.start/denied", "service.start/ok", "service.stop/succeeded", "deploy.start/ok", "deploy.finish/succeeded"})
      QVERIFY2(seen.contains(QLatin1String(want)), want);
    // Removing a user is the last kind; the row stays after the account has gone.
    Accounts a(*db_);
    QVERIFY(a.remove(admin_, QStringLiteral("paul")).ok);
    QVERIFY(auditActions().contains(QStringLiteral("user.remove/ok")));
    // Filters.
    AuditFilter f;
    f.action = QStringLiteral("user.");
    for (const auto& e : AuditLog(*db_).query(admin_, f)) QVERIFY(e.action.startsWith(QLatin1String("user.")));
    f = {};
    f.user = QStringLiteral("lena");
    const auto lena = AuditLog(*db_).query(admin_, f);
    QVERIFY(!lena.isEmpty());
    for (const auto& e : lena) QCOMPARE(e.user, QStringLiteral("lena"));
    f = {};
    f.since = QDateTime::currentDateTimeUtc().addSecs(3600);
    QVERIFY(AuditLog(*db_).query(admin_, f).isEmpty());
    // Job parameters keep no secret in the audit log.
    for (const auto& e : AuditLog(*db_).query(admin_, AuditFilter{}))
      QVERIFY(!QJsonDocument(e.params).toJson().contains("job-secret"));
  }
};

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
