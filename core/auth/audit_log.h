#pragma once
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace ct::auth {

class AuthDb;
struct Identity;

// One row of the audit log: who did what, when, on which host, with which parameters (secrets
// redacted) and how it ended. Rows are only ever added (the database refuses UPDATE and DELETE).
struct AuditEntry {
  qint64 id = 0;
  QDateTime time;   // set on append when empty
  QString user;
  QString action;   // signin, signin.failed, user.add, key.revoke, stage.start, service.start, ...
  QString target;   // the user, key, job or command acted on
  QString host;     // set on append when empty
  QJsonObject params;
  QString outcome;  // ok, denied, failed, succeeded, cancelled
  QString detail;
  QJsonObject toJson() const;
};

struct AuditFilter {
  QString user;
  QString action;   // exact, or a prefix ending in '.' ("user." matches every user change)
  QString outcome;
  QString text;     // substring of target or detail
  QDateTime since, until;
  int limit = 1000; // newest first
};

class AuditLog {
 public:
  explicit AuditLog(AuthDb& db) : db_(db) {}
  bool append(AuditEntry e, QString* error = nullptr);
  // Reading needs the admin role (ViewAudit), checked here.
  QList<AuditEntry> query(const Identity& reader, const AuditFilter& f, QString* error = nullptr) const;
  QStringList actions() const;  // the distinct actions present, for filter lists
  QStringList users() const;

 private:
  AuthDb& db_;
};

// Parameters as they may be stored anywhere: values under secret-looking names (key, password,
// passphrase, token, secret, authorization) and values that look like our tokens are replaced.
QJsonObject redactSecrets(const QJsonObject& params);
QString redactText(const QString& text);

// "24h", "7d", "30m" (that long ago), "2026-12-01" (start of that day, UTC) or an ISO date-time.
std::optional<QDateTime> parseSince(const QString& text, const QDateTime& now, QString* error);

// Appends one row to the default accounts database (for callers that hold no AuthDb, such as a
// job starting in a `ct` process). Never fails the caller: a database problem returns false.
bool recordAudit(const Identity& who, const QString& action, const QString& target, const QJsonObject& params,
                 const QString& outcome, const QString& detail = {});

}  // namespace ct::auth
