#include "auth/audit_log.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>

#include "auth/auth_db.h"
#include "auth/authorize.h"

namespace ct::auth {
namespace {

const QString kRedacted = QStringLiteral("[redacted]");

bool secretName(const QString& name) {
  // Whole words of snake-, kebab- or camelCase names: "api_key", "--ssh-passphrase", "apiKey";
  // not "max_tokens" or "tokenizer".
  static const QStringList words = {QStringLiteral("key"), QStringLiteral("apikey"), QStringLiteral("password"), QStringLiteral("passwd"),
                                    QStringLiteral("passphrase"), QStringLiteral("token"), QStringLiteral("secret"),
                                    QStringLiteral("authorization"), QStringLiteral("credential"), QStringLiteral("credentials")};
  QString spaced = name;
  spaced.replace(QRegularExpression(QStringLiteral("([a-z])([A-Z])")), QStringLiteral("\\1 \\2"));
  if (words.contains(name.toLower())) return true;
  for (const QString& w : spaced.toLower().split(QRegularExpression(QStringLiteral("[^a-z0-9]+")), Qt::SkipEmptyParts))
    if (words.contains(w)) return true;
  return false;
}

// Our own secrets are recognisable: service keys (ctk_), session tokens (cts_), OpenAI-style sk-.
const QRegularExpression& tokenPattern() {
  static const QRegularExpression re(QStringLiteral("\\b(ctk|cts)_[A-Za-z0-9_-]{8,}|\\bsk-[A-Za-z0-9_-]{6,}"));
  return re;
}

QJsonValue redactValue(const QString& name, const QJsonValue& v);

QJsonArray redactArray(const QJsonArray& a) {
  QJsonArray out;
  bool nextIsSecret = false;
  for (const QJsonValue& v : a) {
    if (v.isString()) {
      const QString s = v.toString();
      if (nextIsSecret) {
        out.append(kRedacted);
        nextIsSecret = false;
        continue;
      }
      // Argument lists: "--api-key X" and "--api-key=X".
      if (s.startsWith(QLatin1String("--")) && secretName(s.section(QLatin1Char('='), 0, 0))) {
        if (s.contains(QLatin1Char('='))) out.append(s.section(QLatin1Char('='), 0, 0) + QLatin1Char('=') + kRedacted);
        else {
          out.append(s);
          nextIsSecret = !s.endsWith(QLatin1String("-file")) && !s.endsWith(QLatin1String("-stdin"));
        }
        continue;
      }
      out.append(redactText(s));
      continue;
    }
    out.append(redactValue(QString(), v));
  }
  return out;
}

QJsonValue redactValue(const QString& name, const QJsonValue& v) {
  if (v.isObject()) return redactSecrets(v.toObject());
  if (v.isArray()) return redactArray(v.toArray());
  if (!name.isEmpty() && secretName(name) && !name.endsWith(QLatin1String("_file")) && !name.endsWith(QLatin1String("-file")))
    return v.isString() && !v.toString().isEmpty() ? QJsonValue(kRedacted) : v;
  if (v.isString()) return redactText(v.toString());
  return v;
}

AuditEntry fromQuery(const QSqlQuery& q) {
  AuditEntry e;
  e.id = q.value(0).toLongLong();
  e.time = timeFrom(q.value(1));
  e.user = q.value(2).toString();
  e.action = q.value(3).toString();
  e.target = q.value(4).toString();
  e.host = q.value(5).toString();
  e.params = QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object();
  e.outcome = q.value(7).toString();
  e.detail = q.value(8).toString();
  return e;
}

}  // namespace

QString redactText(const QString& text) {
  QString out = text;
  out.replace(tokenPattern(), kRedacted);
  return out;
}

QJsonObject redactSecrets(const QJsonObject& params) {
  QJsonObject out;
  for (auto it = params.begin(); it != params.end(); ++it) out.insert(it.key(), redactValue(it.key(), it.value()));
  return out;
}

QJsonObject AuditEntry::toJson() const {
  return QJsonObject{{QStringLiteral("id"), static_cast<double>(id)},
                     {QStringLiteral("time"), time.toUTC().toString(Qt::ISODateWithMs)},
                     {QStringLiteral("user"), user},
                     {QStringLiteral("action"), action},
                     {QStringLiteral("target"), target},
                     {QStringLiteral("host"), host},
                     {QStringLiteral("params"), params},
                     {QStringLiteral("outcome"), outcome},
                     {QStringLiteral("detail"), detail}};
}

bool AuditLog::append(AuditEntry e, QString* error) {
  if (!e.time.isValid()) e.time = QDateTime::currentDateTimeUtc();
  if (e.host.isEmpty()) e.host = QSysInfo::machineHostName();
  QSqlQuery q(db_.db());
  q.prepare(QStringLiteral("INSERT INTO audit (time, user, action, target, host, params, outcome, detail) VALUES (?,?,?,?,?,?,?,?)"));
  q.addBindValue(timeText(e.time));
  q.addBindValue(e.user);
  q.addBindValue(e.action);
  q.addBindValue(redactText(e.target));
  q.addBindValue(e.host);
  q.addBindValue(QString::fromUtf8(QJsonDocument(redactSecrets(e.params)).toJson(QJsonDocument::Compact)));
  q.addBindValue(e.outcome);
  q.addBindValue(redactText(e.detail));
  if (q.exec()) return true;
  if (error) *error = QStringLiteral("cannot write the audit log: %1").arg(q.lastError().text());
  return false;
}

QList<AuditEntry> AuditLog::query(const Identity& reader, const AuditFilter& f, QString* error) const {
  if (const Verdict v = authorize(reader, Action::ViewAudit); !v) {
    if (error) *error = v.message;
    return {};
  }
  QStringList where;
  QVariantList binds;
  if (!f.user.isEmpty()) {
    where << QStringLiteral("user = ?");
    binds << f.user;
  }
  if (!f.action.isEmpty()) {
    if (f.action.endsWith(QLatin1Char('.'))) {
      where << QStringLiteral("substr(action, 1, ?) = ?");
      binds << f.action.size() << f.action;
    } else {
      where << QStringLiteral("action = ?");
      binds << f.action;
    }
  }
  if (!f.outcome.isEmpty()) {
    where << QStringLiteral("outcome = ?");
    binds << f.outcome;
  }
  if (!f.text.isEmpty()) {
    where << QStringLiteral("(instr(lower(target), lower(?)) > 0 OR instr(lower(detail), lower(?)) > 0)");
    binds << f.text << f.text;
  }
  if (f.since.isValid()) {
    where << QStringLiteral("time >= ?");
    binds << timeText(f.since);
  }
  if (f.until.isValid()) {
    where << QStringLiteral("time <= ?");
    binds << timeText(f.until);
  }
  QSqlQuery q(db_.db());
  q.prepare(QStringLiteral("SELECT id, time, user, action, target, host, params, outcome, detail FROM audit %1 ORDER BY id DESC LIMIT ?")
                .arg(where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where.join(QStringLiteral(" AND "))));
  for (const QVariant& b : binds) q.addBindValue(b);
  q.addBindValue(f.limit > 0 ? f.limit : 1000);
  QList<AuditEntry> out;
  if (!q.exec()) {
    if (error) *error = q.lastError().text();
    return out;
  }
  while (q.next()) out.append(fromQuery(q));
  return out;
}

std::optional<QDateTime> parseSince(const QString& text, const QDateTime& now, QString* error) {
  static const QRegularExpression rel(QStringLiteral("^(\\d{1,6})([dhm])$"));
  const QString t = text.trimmed();
  if (const auto m = rel.match(t); m.hasMatch()) {
    const qint64 n = m.captured(1).toLongLong();
    const QChar unit = m.captured(2).at(0);
    return now.addSecs(-n * (unit == QLatin1Char('d') ? 86400 : unit == QLatin1Char('h') ? 3600 : 60));
  }
  const QDate d = QDate::fromString(t, Qt::ISODate);
  if (d.isValid() && t.size() == 10) return QDateTime(d, QTime(0, 0), Qt::UTC);
  const QDateTime dt = QDateTime::fromString(t, Qt::ISODate);
  if (dt.isValid()) return dt.toUTC();
  if (error) *error = QStringLiteral("a time is 30m, 24h, 7d (that long ago), a date such as 2026-12-01, or an ISO date-time; got '%1'").arg(text);
  return std::nullopt;
}

QStringList AuditLog::actions() const {
  QSqlQuery q(db_.db());
  QStringList out;
  if (q.exec(QStringLiteral("SELECT DISTINCT action FROM audit ORDER BY action")))
    while (q.next()) out << q.value(0).toString();
  return out;
}

QStringList AuditLog::users() const {
  QSqlQuery q(db_.db());
  QStringList out;
  if (q.exec(QStringLiteral("SELECT DISTINCT user FROM audit WHERE user <> '' ORDER BY user")))
    while (q.next()) out << q.value(0).toString();
  return out;
}

bool recordAudit(const Identity& who, const QString& action, const QString& target, const QJsonObject& params,
                 const QString& outcome, const QString& detail) {
  AuthDb db;
  if (!db.open(nullptr)) return false;
  AuditEntry e;
  e.user = who.user;
  e.action = action;
  e.target = target;
  e.params = params;
  e.outcome = outcome;
  e.detail = detail;
  return AuditLog(db).append(std::move(e));
}

}  // namespace ct::auth
