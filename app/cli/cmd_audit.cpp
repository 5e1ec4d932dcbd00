#include <QJsonArray>
#include <QJsonDocument>

#include "auth/audit_log.h"
#include "auth/auth_db.h"
#include "auth/session.h"
#include "cli/commands.h"
#include "jobs/job_state.h"

namespace ct::cli {
namespace {

class AuditCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("audit"); }
  QString summary() const override { return QStringLiteral("The audit log: who did what, when, on which host, and how it ended (admins)."); }
  void addOptions(QCommandLineParser& p) override {
    p.addOptions({
        {QStringLiteral("user"), QStringLiteral("Only this user's rows."), QStringLiteral("name")},
        {QStringLiteral("since"), QStringLiteral("From this time: 24h, 7d, 2026-12-01 or an ISO date-time."), QStringLiteral("time")},
        {QStringLiteral("action"), QStringLiteral("Only this action (signin, user.add, ...); 'user.' matches every user change."), QStringLiteral("action")},
        {QStringLiteral("outcome"), QStringLiteral("Only this outcome (ok, denied, failed, succeeded, cancelled)."), QStringLiteral("outcome")},
        {QStringLiteral("limit"), QStringLiteral("Rows to show, newest first (default 200)."), QStringLiteral("n")},
    });
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    auth::AuditFilter f;
    f.user = p.value(QStringLiteral("user"));
    f.action = p.value(QStringLiteral("action"));
    f.outcome = p.value(QStringLiteral("outcome"));
    f.limit = parsePositiveInt(p, QStringLiteral("limit"), 200);
    QString error;
    if (p.isSet(QStringLiteral("since"))) {
      const auto since = auth::parseSince(p.value(QStringLiteral("since")), QDateTime::currentDateTimeUtc(), &error);
      if (!since) throw UsageError{QStringLiteral("--since: %1").arg(error)};
      f.since = *since;
    }
    auth::AuthDb db;
    if (!db.open(&error)) {
      env.err << "ct audit: " << error << "\n";
      return jobs::exit_code::failed;
    }
    const QList<auth::AuditEntry> rows = auth::AuditLog(db).query(auth::currentIdentity(), f, &error);
    if (!error.isEmpty()) {
      env.err << "ct audit: " << error << "\n";
      return jobs::exit_code::denied;
    }
    if (env.json) {
      // One JSON object per line, oldest first, as logs read.
      for (auto it = rows.crbegin(); it != rows.crend(); ++it) env.out << QJsonDocument(it->toJson()).toJson(QJsonDocument::Compact) << "\n";
      return 0;
    }
    if (rows.isEmpty()) {
      env.out << "no audit rows match\n";
      return 0;
    }
    for (auto it = rows.crbegin(); it != rows.crend(); ++it) {
      const auth::AuditEntry& e = *it;
      QString line = QStringLiteral("%1  %2  %3  %4  %5  %6")
                         .arg(e.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm:ss")), e.user.leftJustified(12),
                              e.action.leftJustified(14), e.outcome.leftJustified(9), e.host, e.target);
      if (!e.params.isEmpty()) line += QStringLiteral("  ") + QString::fromUtf8(QJsonDocument(e.params).toJson(QJsonDocument::Compact));
      if (!e.detail.isEmpty()) line += QStringLiteral("  — ") + e.detail;
      env.out << line << "\n";
    }
    return 0;
  }
};

}  // namespace

std::unique_ptr<Command> makeAuditCommand() { return std::make_unique<AuditCommand>(); }

}  // namespace ct::cli
