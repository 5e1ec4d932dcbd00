#pragma once
#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <functional>
#include <optional>

#include "auth/authorize.h"

namespace ct::auth {

class AuthDb;

struct User {
  QString name, displayName;
  Role role = Role::Viewer;
  QDateTime created, lastLogin, passwordChanged;
  bool disabled = false;
  bool mustChangePassword = false;
  int failedSignIns = 0;
  QDateTime lockedUntil;
  bool isLocked(const QDateTime& now) const { return lockedUntil.isValid() && lockedUntil > now; }
  QString state(const QDateTime& now) const;  // active, disabled, locked, must change password
  QJsonObject toJson(const QDateTime& now) const;
};

struct Outcome {
  bool ok = false;
  bool denied = false;  // refused by the role check
  QString message;      // the error, or what was done
  explicit operator bool() const { return ok; }
};

struct SignIn {
  enum class Status { Ok, MustChangePassword, BadCredentials, Locked, Disabled, Failed };
  Status status = Status::Failed;
  Identity identity;
  QByteArray token;  // the session token (only for Ok); the database keeps only its hash
  QDateTime expires;
  int retryAfterSeconds = 0;  // Locked: how long until the next attempt is heard
  QString message;
  bool ok() const { return status == Status::Ok; }
};

struct SessionCheck {
  bool ok = false;
  Identity identity;
  QDateTime expires;
  QString message;  // why not: expired, unknown, user disabled or removed
};

// Accounts, sign-in with lockout, and sessions. Every change is authorised through authorize()
// with the acting identity and written to the audit log with its outcome.
class Accounts {
 public:
  static constexpr int kFreeFailures = 4;           // failed sign-ins before the first lock
  static constexpr int kFirstLockSeconds = 30;      // then 60, 120, ... (doubling per failure)
  static constexpr int kMaxLockSeconds = 3600;
  static constexpr qint64 kDefaultSessionSeconds = 12 * 3600;

  explicit Accounts(AuthDb& db);
  void setClock(std::function<QDateTime()> now) { now_ = std::move(now); }
  QDateTime now() const { return now_ ? now_() : QDateTime::currentDateTimeUtc(); }

  // How long an account stays locked after `failures` consecutive failed sign-ins (0: not locked).
  static int lockSeconds(int failures);
  static QString nameProblem(const QString& name);  // empty when acceptable

  bool hasAccounts() const;
  // The first admin, from what the person typed; refused once any account exists.
  Outcome initAdmin(const QString& name, const QString& displayName, const QString& password);
  // A new user gets a temporary password from the admin and must change it at first sign-in.
  Outcome addUser(const Identity& actor, const QString& name, const QString& displayName, Role role, const QString& password);
  Outcome setRole(const Identity& actor, const QString& name, Role role);
  Outcome setDisabled(const Identity& actor, const QString& name, bool disabled);
  Outcome unlock(const Identity& actor, const QString& name);
  Outcome resetPassword(const Identity& actor, const QString& name, const QString& temporaryPassword);
  Outcome remove(const Identity& actor, const QString& name);
  // Self-service (and the end of a forced change): the current password is checked like a sign-in.
  Outcome changePassword(const QString& name, const QString& current, const QString& next);

  SignIn signIn(const QString& name, const QString& password, const QString& origin,
                qint64 lifetimeSeconds = kDefaultSessionSeconds);
  SessionCheck checkSession(const QByteArray& token);
  void signOut(const QByteArray& token, const QString& origin);

  QList<User> users(const Identity& actor, QString* error) const;
  std::optional<User> user(const QString& name) const;

 private:
  enum class Check { Ok, Bad, Locked, Disabled };
  Check checkPassword(const QString& name, const QString& password, const QString& origin, const QString& action, int* retryAfter);
  Outcome guard(const Identity& actor, const QString& action, const QString& target, const QJsonObject& params);
  Outcome done(const Identity& actor, const QString& action, const QString& target, const QJsonObject& params, bool ok,
               const QString& message);
  bool wouldLeaveNoAdmin(const QString& name) const;
  void audit(const QString& user, const QString& action, const QString& target, const QJsonObject& params,
             const QString& outcome, const QString& detail);

  AuthDb& db_;
  std::function<QDateTime()> now_;
};

}  // namespace ct::auth
