#include "auth/accounts.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>

#include "auth/audit_log.h"
#include "auth/auth_db.h"
#include "auth/password.h"

namespace ct::auth {
namespace {

const QLatin1String kSessionPrefix("cts_");

QString timeJson(const QDateTime& t) { return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString(); }

User userFrom(const QSqlQuery& q) {
  User u;
  u.name = q.value(0).toString();
  u.displayName = q.value(1).toString();
  u.role = roleFromString(q.value(2).toString()).value_or(Role::Viewer);
  u.created = timeFrom(q.value(3));
  u.lastLogin = timeFrom(q.value(4));
  u.passwordChanged = timeFrom(q.value(5));
  u.disabled = q.value(6).toBool();
  u.mustChangePassword = q.value(7).toBool();
  u.failedSignIns = q.value(8).toInt();
  u.lockedUntil = timeFrom(q.value(9));
  return u;
}

const char* const kUserColumns =
    "name, display_name, role, created, last_login, password_changed, disabled, must_change, failed_count, locked_until";

}  // namespace

QString User::state(const QDateTime& now) const {
  if (disabled) return QStringLiteral("disabled");
  if (isLocked(now)) return QStringLiteral("locked");
  if (mustChangePassword) return QStringLiteral("must change password");
  return QStringLiteral("active");
}

QJsonObject User::toJson(const QDateTime& now) const {
  return QJsonObject{{QStringLiteral("name"), name},
                     {QStringLiteral("display_name"), displayName},
                     {QStringLiteral("role"), nameOf(role)},
                     {QStringLiteral("state"), state(now)},
                     {QStringLiteral("created"), timeJson(created)},
                     {QStringLiteral("last_login"), timeJson(lastLogin)},
                     {QStringLiteral("password_changed"), timeJson(passwordChanged)},
                     {QStringLiteral("disabled"), disabled},
                     {QStringLiteral("must_change_password"), mustChangePassword},
                     {QStringLiteral("failed_sign_ins"), failedSignIns},
                     {QStringLiteral("locked_until"), isLocked(now) ? timeJson(lockedUntil) : QString()}};
}

Accounts::Accounts(AuthDb& db) : db_(db) {}

int Accounts::lockSeconds(int failures) {
  if (failures <= kFreeFailures) return 0;
  const int doublings = failures - kFreeFailures - 1;
  if (doublings >= 7) return kMaxLockSeconds;
  return qMin(kMaxLockSeconds, kFirstLockSeconds << doublings);
}

QString Accounts::nameProblem(const QString& name) {
  static const QRegularExpression re(QStringLiteral("^[a-z][a-z0-9_.-]{0,31}$"));
  if (re.match(name).hasMatch()) return {};
  return QStringLiteral("a user name is 1-32 lower-case letters, digits, '.', '_' or '-', starting with a letter; got '%1'").arg(name);
}

void Accounts::audit(const QString& user, const QString& action, const QString& target, const QJsonObject& params,
                     const QString& outcome, const QString& detail) {
  AuditEntry e;
  e.time = now();
  e.user = user;
  e.action = action;
  e.target = target;
  e.params = params;
  e.outcome = outcome;
  e.detail = detail;
  AuditLog(db_).append(std::move(e));
}

bool Accounts::hasAccounts() const {
  QSqlQuery q(db_.db());
  return q.exec(QStringLiteral("SELECT EXISTS(SELECT 1 FROM users)")) && q.next() && q.value(0).toBool();
}

std::optional<User> Accounts::user(const QString& name) const {
  QSqlQuery q(db_.db());
  q.prepare(QStringLiteral("SELECT %1 FROM users WHERE name = ?").arg(QLatin1String(kUserColumns)));
  q.addBindValue(name);
  if (q.exec() && q.next()) return userFrom(q);
  return std::nullopt;
}

QList<User> Accounts::users(const Identity& actor, QString* error) const {
  const Verdict v = authorize(actor, Action::ManageUsers, QStringLiteral("listing users"));
  if (!v) {
    if (error) *error = v.message;
    return {};
  }
  QSqlQuery q(db_.db());
  QList<User> out;
  if (q.exec(QStringLiteral("SELECT %1 FROM users ORDER BY name").arg(QLatin1String(kUserColumns))))
    while (q.next()) out.append(userFrom(q));
  else if (error) *error = q.lastError().text();
  return out;
}

Outcome Accounts::guard(const Identity& actor, const QString& action, const QString& target, const QJsonObject& params) {
  const Verdict v = authorize(actor, Action::ManageUsers, QStringLiteral("'%1'").arg(action));
  if (v) return Outcome{true, false, {}};
  audit(actor.user, action, target, params, QStringLiteral("denied"), v.message);
  return Outcome{false, true, v.message};
}

Outcome Accounts::done(const Identity& actor, const QString& action, const QString& target, const QJsonObject& params, bool ok,
                       const QString& message) {
  audit(actor.user, action, target, params, ok ? QStringLiteral("ok") : QStringLiteral("failed"), message);
  return Outcome{ok, false, message};
}

bool Accounts::wouldLeaveNoAdmin(const QString& name) const {
  QSqlQuery q(db_.db());
  q.prepare(QStringLiteral("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0 AND name <> ?"));
  q.addBindValue(name);
  return q.exec() && q.next() && q.value(0).toInt() == 0;
}

Outcome Accounts::initAdmin(const QString& name, const QString& displayName, const QString& password) {
  const Identity self{name, Role::Admin, false};
  const QJsonObject params{{QStringLiteral("role"), QStringLiteral("admin")}};
  if (hasAccounts())
    return done(self, QStringLiteral("user.init"), name, params, false,
                QStringLiteral("accounts already exist: the first admin is created only once (an admin adds users with ct users add)"));
  if (const QString p = nameProblem(name); !p.isEmpty()) return Outcome{false, false, p};
  if (const QString p = passwordProblem(name, password); !p.isEmpty()) return Outcome{false, false, p};
  const QByteArray hash = hashPassword(password);
  if (hash.isEmpty()) return Outcome{false, false, QStringLiteral("cannot hash the password (libsodium could not allocate memory)")};
  QSqlQuery q(db_.db());
  q.prepare(QStringLiteral("INSERT INTO users (name, display_name, role, password_hash, created, password_changed) VALUES (?,?,?,?,?,?)"));
  q.addBindValue(name);
  q.addBindValue(displayName);
  q.addBindValue(QStringLiteral("admin"));
  q.addBindValue(QString::fromLatin1(hash));
  q.addBindValue(timeText(now()));
  q.addBindValue(timeText(now()));
  const bool ok = q.exec();
  return done(self, QStringLiteral("user.init"), name, params, ok,
              ok ? QStringLiteral("created the first admin '%1'").arg(name) : QStringLiteral("cannot create the admin: %1").arg(q.lastError().text()));
}

Outcome Accounts::addUser(const Identity& actor, const QString& name, const QString& displayName, Role role, const QString& password) {
  const QString action = QStringLiteral("user.add");
  const QJsonObject params{{QStringLiteral("role"), nameOf(role)}, {QStringLiteral("display_name"), displayName}};
  if (auto g = guard(actor, action, name, params); !g) return g;
  if (const QString p = nameProblem(name); !p.isEmpty()) return done(actor, action, name, params, false, p);
  if (user(name)) return done(actor, action, name, params, false, QStringLiteral("a user named '%1' already exists").arg(name));
  if (const QString p = passwordProblem(name, password); !p.isEmpty()) return done(actor, action, name, params, false, p);
  const QByteArray hash = hashPassword(password);
  QSqlQuery q(db_.db());
  q.prepare(QStringLiteral(
      "INSERT INTO users (name, display_name, role, password_hash, created, password_changed, must_change) VALUES (?,?,?,?,?,?,1)"));
  q.addBindValue(name);
  q.addBindValue(displayName);
  q.addBindValue(nameOf(role));
  q.addBindValue(QString::fromLatin1(hash));
  q.addBindValue(timeText(now()));
  q.addBindValue(timeText(now()));
  const bool ok = !hash.isEmpty() && q.exec();
  return done(actor, action, name, params, ok,
              ok ? QStringLiteral("added %1 '%2' (the password must be changed at first sign-in)").arg(nameOf(role), name)
                 : QStringLiteral("cannot add the user: %1").arg(q.lastError().text()));
}

Outcome Accounts::setRole(const Identity& actor, const QString& name, Role role) {
  const QString action = QStringLiteral("user.role");
  const QJsonObject params{{QStringLiteral("role"), nameOf(role)}};
  if (auto g = guard(actor, action, name, params); !g) return g;
  const auto u = user(name);
  if (!u) return done(actor, action, name, params, false, QStringLiteral("no user named '%1'").arg(name));
  if (u->role == Role::Admin && role != Role::Admin && !u->disabled && wouldLeaveNoAdmin(name))
    return done(actor, action, name, params, false, QStringLiteral("'%1' is the last admin: make another user admin first").arg(name));
  QSqlQuery q(db_.db());
  q.prepare(QStringLiteral("UPDATE users SET role = ? WHERE name = ?"));
  q.addBindValue(nameOf(role));
  q.addBindValue(name);
  const bool ok = q.exec();
  return done(actor, action, name, params, ok,
              ok ? QStringLiteral("'%1' is now %2 (was %3)").arg(name, nameOf(role), nameOf(u->role)) : q.lastError().text());
}

Outcome Accounts::setDisabled(const Identity& actor, const QString& name, bool disabled) {
  const QString action = disabled ? QStringLiteral("user.disable") : QStringLiteral("user.enable");
  if (auto g = guard(actor, action, name, {}); !g) return g;
  const auto u = user(name);
  if (!u) return done(actor, action, name, {}, false, QStringLiteral("no user named '%1'").arg(name));
  if (disabled && u->role == Role::Admin && wouldLeaveNoAdmin(name))
    return done(actor, action, name, {}, false, QStringLiteral("'%1' is the last active admin and cannot be disabled").arg(name));
  QSqlQuery q(db_.db());
  q.prepare(QStringLiteral("UPDATE users SET disabled = ? WHERE name = ?"));
  q.addBindValue(disabled ? 1 : 0);
  q.addBindValue(name);
  bool ok = q.exec();
  if (ok && disabled) {
    // A disabled account's sessions end now, not when they expire.
    QSqlQuery s(db_.db());
    s.prepare(QStringLiteral("DELETE FROM sessions WHERE user = ?"));
    s.addBindValue(name);
    ok = s.exec();
  }
  return done(actor, action, name, {}, ok,
              ok ? QStringLiteral("'%1' is %2").arg(name, disabled ? QStringLiteral("disabled") : QStringLiteral("enabled")) : q.lastError().text());
}

Outcome Accounts::unlock(const Identity& actor, const QString& name) {
  const QString action = QStringLiteral("user.unlock");
  if (auto g = guard(actor, action, name, {}); !g) return g;
  if (!user(name)) return done(actor, action, name, {}, false, QStringLiteral("no user named '%1'").arg(name));
  QSqlQuery q(db_.db());
  q.prepare(QStringLiteral("UPDATE users SET failed_count = 0, locked_until = NULL WHERE name = ?"));
  q.addBindValue(name);
  const bool ok = q.exec();
  return done(actor, action, name, {}, ok, ok ? QStringLiteral("'%1' is unlocked").arg(name) : q.lastError().text());
}

Outcome Accounts::resetPassword(const Identity& actor, const QString& name, const QString& temporaryPassword) {
  const QString action = QStringLiteral("user.reset");
  if (auto g = guard(actor, action, name, {}); !g) return g;
  if (!user(name)) return done(actor, action, name, {}, false, QStringLiteral("no user named '%1'").arg(name));
  if (const QString p = passwordProblem(name, temporaryPassword); !p.isEmpty()) return done(actor, action, name, {}, false, p);
  const QByteArray hash = hashPassword(temporaryPassword);
  QSqlQuery q(db_.db());
  q.prepare(QStringLiteral(
      "UPDATE users SET password_hash = ?, must_change = 1, failed_count = 0, locked_until = NULL, password_changed = ? WHERE name = ?"));
  q.addBindValue(QString::fromLatin1(hash));
  q.addBindValue(timeText(now()));
  q.addBindValue(name);
  bool ok = !hash.isEmpty() && q.exec();
  if (ok) {
    QSqlQuery s(db_.db());
    s.prepare(QStringLiteral("DELETE FROM sessions WHERE user = ?"));
    s.addBindValue(name);
    ok = s.exec();
  }
  return done(actor, action, name, {}, ok,
              ok ? QStringLiteral("the password of '%1' is reset; it must be changed at the next sign-in").arg(name) : q.lastError().text());
}

Outcome Accounts::remove(const Identity& actor, const QString& name) {
  const QString action = QStringLiteral("user.remove");
  if (auto g = guard(actor, action, name, {}); !g) return g;
  const auto u = user(name);
  if (!u) return done(actor, action, name, {}, false, QStringLiteral("no user named '%1'").arg(name));
  if (u->role == Role::Admin && wouldLeaveNoAdmin(name))
    return done(actor, action, name, {}, false, QStringLiteral("'%1' is the last admin and cannot be removed").arg(name));
  QSqlDatabase db = db_.db();
  db.transaction();
  QSqlQuery q(db);
  bool ok = true;
  for (const char* sql : {"DELETE FROM sessions WHERE user = ?", "UPDATE service_keys SET revoked = ? WHERE user = ? AND revoked IS NULL",
                          "DELETE FROM users WHERE name = ?"}) {
    q.prepare(QLatin1String(sql));
    if (QByteArray(sql).startsWith("UPDATE")) q.addBindValue(timeText(now()));
    q.addBindValue(name);
    ok = ok && q.exec();
  }
  ok = ok ? db.commit() : (db.rollback(), false);
  return done(actor, action, name, {}, ok,
              ok ? QStringLiteral("removed '%1' (their sessions ended and their service keys are revoked)").arg(name) : q.lastError().text());
}

Accounts::Check Accounts::checkPassword(const QString& name, const QString& password, const QString& origin, const QString& action,
                                        int* retryAfter) {
  const QJsonObject params{{QStringLiteral("origin"), origin}};
  QSqlQuery q(db_.db());
  q.prepare(QStringLiteral("SELECT password_hash, disabled, failed_count, locked_until FROM users WHERE name = ?"));
  q.addBindValue(name);
  if (!q.exec() || !q.next()) {
    verifyPassword(decoyHash(), password);  // an unknown name costs what a wrong password costs
    audit(name, action, name, params, QStringLiteral("failed"), QStringLiteral("no such user"));
    return Check::Bad;
  }
  const QByteArray hash = q.value(0).toString().toLatin1();
  const bool disabled = q.value(1).toBool();
  const int failed = q.value(2).toInt();
  const QDateTime lockedUntil = timeFrom(q.value(3));
  q.finish();
  const QDateTime t = now();
  if (lockedUntil.isValid() && lockedUntil > t) {
    *retryAfter = static_cast<int>(qMax<qint64>(1, (t.msecsTo(lockedUntil) + 999) / 1000));
    audit(name, action, name, params, QStringLiteral("failed"), QStringLiteral("account locked for %1 s more").arg(*retryAfter));
    return Check::Locked;
  }
  if (!verifyPassword(hash, password)) {
    const int failures = failed + 1;
    const int lock = lockSeconds(failures);
    QSqlQuery u(db_.db());
    u.prepare(QStringLiteral("UPDATE users SET failed_count = ?, locked_until = ? WHERE name = ?"));
    u.addBindValue(failures);
    u.addBindValue(lock > 0 ? timeText(t.addSecs(lock)) : QVariant());
    u.addBindValue(name);
    u.exec();
    *retryAfter = lock;
    audit(name, action, name, params, QStringLiteral("failed"),
          lock > 0 ? QStringLiteral("wrong password (%1 failures in a row; locked for %2 s)").arg(failures).arg(lock)
                   : QStringLiteral("wrong password (%1 failures in a row)").arg(failures));
    return Check::Bad;
  }
  if (disabled) {
    audit(name, action, name, params, QStringLiteral("failed"), QStringLiteral("account disabled"));
    return Check::Disabled;
  }
  if (failed > 0) {
    QSqlQuery u(db_.db());
    u.prepare(QStringLiteral("UPDATE users SET failed_count = 0, locked_until = NULL WHERE name = ?"));
    u.addBindValue(name);
    u.exec();
  }
  return Check::Ok;
}

SignIn Accounts::signIn(const QString& name, const QString& password, const QString& origin, qint64 lifetimeSeconds) {
  SignIn r;
  int retryAfter = 0;
  switch (checkPassword(name, password, origin, QStringLiteral("signin.failed"), &retryAfter)) {
    case Check::Bad:
      r.status = SignIn::Status::BadCredentials;
      r.retryAfterSeconds = retryAfter;
      r.message = retryAfter > 0 ? QStringLiteral("wrong user name or password; the account is now locked for %1 s").arg(retryAfter)
                                 : QStringLiteral("wrong user name or password");
      return r;
    case Check::Locked:
      r.status = SignIn::Status::Locked;
      r.retryAfterSeconds = retryAfter;
      r.message = QStringLiteral("the account is locked after repeated failed sign-ins: try again in %1 s, or ask an admin (ct users unlock %2)")
                      .arg(retryAfter)
                      .arg(name);
      return r;
    case Check::Disabled:
      r.status = SignIn::Status::Disabled;
      r.message = QStringLiteral("the account '%1' is disabled: ask an admin").arg(name);
      return r;
    case Check::Ok: break;
  }
  const auto u = user(name);
  if (!u) {
    r.message = QStringLiteral("the account '%1' vanished while signing in").arg(name);
    return r;
  }
  r.identity = Identity{u->name, u->role, false};
  if (u->mustChangePassword) {
    audit(name, QStringLiteral("signin"), name, QJsonObject{{QStringLiteral("origin"), origin}}, QStringLiteral("failed"),
          QStringLiteral("password change required"));
    r.status = SignIn::Status::MustChangePassword;
    r.message = QStringLiteral("the password of '%1' was set by an admin and must be changed now").arg(name);
    return r;
  }
  const QDateTime t = now();
  r.token = QByteArray(kSessionPrefix.data()) + randomToken(32);
  r.expires = t.addSecs(qMax<qint64>(60, lifetimeSeconds));
  QSqlQuery q(db_.db());
  q.prepare(QStringLiteral("INSERT INTO sessions (token_hash, user, origin, host, created, expires, last_used) VALUES (?,?,?,?,?,?,?)"));
  q.addBindValue(fastHash(r.token));
  q.addBindValue(name);
  q.addBindValue(origin);
  q.addBindValue(QSysInfo::machineHostName());
  q.addBindValue(timeText(t));
  q.addBindValue(timeText(r.expires));
  q.addBindValue(timeText(t));
  if (!q.exec()) {
    r.token.clear();
    r.message = QStringLiteral("cannot record the session: %1").arg(q.lastError().text());
    return r;
  }
  QSqlQuery last(db_.db());
  last.prepare(QStringLiteral("UPDATE users SET last_login = ? WHERE name = ?"));
  last.addBindValue(timeText(t));
  last.addBindValue(name);
  last.exec();
  audit(name, QStringLiteral("signin"), name,
        QJsonObject{{QStringLiteral("origin"), origin}, {QStringLiteral("lifetime_s"), static_cast<double>(t.secsTo(r.expires))}},
        QStringLiteral("ok"), {});
  r.status = SignIn::Status::Ok;
  r.message = QStringLiteral("signed in as %1 (%2) until %3").arg(name, nameOf(u->role), r.expires.toLocalTime().toString(Qt::ISODate));
  return r;
}

SessionCheck Accounts::checkSession(const QByteArray& token) {
  SessionCheck c;
  if (!token.startsWith(kSessionPrefix.data())) {
    c.message = QStringLiteral("not signed in");
    return c;
  }
  const QByteArray h = fastHash(token);
  QSqlQuery q(db_.db());
  q.prepare(QStringLiteral("SELECT s.user, s.expires, u.role, u.disabled FROM sessions s LEFT JOIN users u ON u.name = s.user WHERE s.token_hash = ?"));
  q.addBindValue(h);
  if (!q.exec() || !q.next()) {
    c.message = QStringLiteral("the session is no longer valid (signed out elsewhere, or reset by an admin): sign in again");
    return c;
  }
  const QString name = q.value(0).toString();
  const QDateTime expires = timeFrom(q.value(1));
  const QVariant role = q.value(2);
  const bool disabled = q.value(3).toBool();
  q.finish();
  const QDateTime t = now();
  auto drop = [&] {
    QSqlQuery d(db_.db());
    d.prepare(QStringLiteral("DELETE FROM sessions WHERE token_hash = ?"));
    d.addBindValue(h);
    d.exec();
  };
  if (!expires.isValid() || expires <= t) {
    drop();
    c.message = QStringLiteral("the session of %1 expired at %2: sign in again").arg(name, expires.toLocalTime().toString(Qt::ISODate));
    return c;
  }
  if (role.isNull()) {
    drop();
    c.message = QStringLiteral("the account '%1' no longer exists").arg(name);
    return c;
  }
  if (disabled) {
    drop();
    c.message = QStringLiteral("the account '%1' is disabled").arg(name);
    return c;
  }
  QSqlQuery u(db_.db());
  u.prepare(QStringLiteral("UPDATE sessions SET last_used = ? WHERE token_hash = ?"));
  u.addBindValue(timeText(t));
  u.addBindValue(h);
  u.exec();
  c.ok = true;
  c.identity = Identity{name, roleFromString(role.toString()).value_or(Role::Viewer), false};
  c.expires = expires;
  return c;
}

void Accounts::signOut(const QByteArray& token, const QString& origin) {
  const SessionCheck c = checkSession(token);
  QSqlQuery d(db_.db());
  d.prepare(QStringLiteral("DELETE FROM sessions WHERE token_hash = ?"));
  d.addBindValue(fastHash(token));
  d.exec();
  if (c.ok) audit(c.identity.user, QStringLiteral("signout"), c.identity.user, QJsonObject{{QStringLiteral("origin"), origin}}, QStringLiteral("ok"), {});
}

Outcome Accounts::changePassword(const QString& name, const QString& current, const QString& next) {
  const QString action = QStringLiteral("password.change");
  const Identity self{name, Role::Viewer, false};
  int retryAfter = 0;
  switch (checkPassword(name, current, QStringLiteral("password change"), action, &retryAfter)) {
    case Check::Bad:
      return Outcome{false, false, retryAfter > 0 ? QStringLiteral("the current password is wrong; the account is now locked for %1 s").arg(retryAfter)
                                                  : QStringLiteral("the current password is wrong")};
    case Check::Locked: return Outcome{false, false, QStringLiteral("the account is locked: try again in %1 s").arg(retryAfter)};
    case Check::Disabled: return Outcome{false, false, QStringLiteral("the account '%1' is disabled").arg(name)};
    case Check::Ok: break;
  }
  if (const QString p = passwordProblem(name, next); !p.isEmpty()) return done(self, action, name, {}, false, p);
  if (next == current) return done(self, action, name, {}, false, QStringLiteral("the new password must differ from the current one"));
  const QByteArray hash = hashPassword(next);
  QSqlQuery q(db_.db());
  q.prepare(QStringLiteral("UPDATE users SET password_hash = ?, must_change = 0, password_changed = ? WHERE name = ?"));
  q.addBindValue(QString::fromLatin1(hash));
  q.addBindValue(timeText(now()));
  q.addBindValue(name);
  const bool ok = !hash.isEmpty() && q.exec();
  return done(self, action, name, {}, ok, ok ? QStringLiteral("the password of '%1' is changed").arg(name) : q.lastError().text());
}

}  // namespace ct::auth
