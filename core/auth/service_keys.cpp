#include "auth/service_keys.h"

#include <QJsonArray>
#include <QMutex>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QThreadStorage>

#include "auth/audit_log.h"
#include "auth/auth_db.h"
#include "auth/password.h"

namespace ct::auth {
namespace {

const QLatin1String kPrefix("ctk_");

QString timeJson(const QDateTime& t) { return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString(); }

bool audit(AuthDb& db, const Identity& actor, const QString& action, const QString& target, const QJsonObject& params,
           const QString& outcome, const QString& detail = {}) {
  AuditEntry e;
  e.user = actor.user;
  e.action = action;
  e.target = target;
  e.params = params;
  e.outcome = outcome;
  e.detail = detail;
  return AuditLog(db).append(std::move(e));
}

ServiceKey keyFrom(const QSqlQuery& q) {
  ServiceKey k;
  k.id = q.value(0).toString();
  k.name = q.value(1).toString();
  k.user = q.value(2).toString();
  k.createdBy = q.value(3).toString();
  k.created = timeFrom(q.value(4));
  k.expires = timeFrom(q.value(5));
  k.revoked = timeFrom(q.value(6));
  k.lastUsed = timeFrom(q.value(7));
  k.requests = q.value(8).toLongLong();
  k.promptTokens = q.value(9).toLongLong();
  k.completionTokens = q.value(10).toLongLong();
  return k;
}

const char* const kKeySelect =
    "SELECT k.id, k.name, k.user, k.created_by, k.created, k.expires, k.revoked, k.last_used,"
    " COALESCE(SUM(u.requests), 0), COALESCE(SUM(u.prompt_tokens), 0), COALESCE(SUM(u.completion_tokens), 0)"
    " FROM service_keys k LEFT JOIN key_usage u ON u.key_id = k.id";

}  // namespace

QString ServiceKey::state(const QDateTime& now) const {
  if (revoked.isValid()) return QStringLiteral("revoked");
  if (expires.isValid() && expires <= now) return QStringLiteral("expired");
  return QStringLiteral("active");
}

QJsonObject ServiceKey::toJson(const QDateTime& now) const {
  return QJsonObject{{QStringLiteral("id"), id},
                     {QStringLiteral("name"), name},
                     {QStringLiteral("user"), user},
                     {QStringLiteral("created_by"), createdBy},
                     {QStringLiteral("created"), timeJson(created)},
                     {QStringLiteral("expires"), timeJson(expires)},
                     {QStringLiteral("revoked"), timeJson(revoked)},
                     {QStringLiteral("last_used"), timeJson(lastUsed)},
                     {QStringLiteral("state"), state(now)},
                     {QStringLiteral("requests"), static_cast<double>(requests)},
                     {QStringLiteral("prompt_tokens"), static_cast<double>(promptTokens)},
                     {QStringLiteral("completion_tokens"), static_cast<double>(completionTokens)}};
}

QJsonObject KeyUsageDay::toJson() const {
  return QJsonObject{{QStringLiteral("key_id"), keyId},
                     {QStringLiteral("key"), keyName},
                     {QStringLiteral("user"), user},
                     {QStringLiteral("day"), day.toString(Qt::ISODate)},
                     {QStringLiteral("requests"), static_cast<double>(requests)},
                     {QStringLiteral("prompt_tokens"), static_cast<double>(promptTokens)},
                     {QStringLiteral("completion_tokens"), static_cast<double>(completionTokens)}};
}

ServiceKeys::ServiceKeys(AuthDb& db) : db_(db) {}
ServiceKeys::~ServiceKeys() = default;

std::optional<ServiceKey> ServiceKeys::find(const QString& nameOrId) const {
  QSqlQuery q(db_.db());
  q.prepare(QLatin1String(kKeySelect) + QStringLiteral(" WHERE k.name = ? OR k.id = ? GROUP BY k.id"));
  q.addBindValue(nameOrId);
  q.addBindValue(nameOrId);
  if (q.exec() && q.next()) return keyFrom(q);
  return std::nullopt;
}

std::optional<IssuedKey> ServiceKeys::create(const Identity& actor, const QString& user, const QString& name,
                                             const QDateTime& expires, QString* error) {
  const QJsonObject params{{QStringLiteral("user"), user}, {QStringLiteral("name"), name}, {QStringLiteral("expires"), timeJson(expires)}};
  auto refuse = [&](const QString& why, const QString& outcome = QStringLiteral("failed")) -> std::optional<IssuedKey> {
    audit(db_, actor, QStringLiteral("key.create"), name.isEmpty() ? user : name, params, outcome, why);
    if (error) *error = why;
    return std::nullopt;
  };
  const Verdict v = authorize(actor, Action::ManageKeys, QStringLiteral("creating a service key"));
  if (!v) return refuse(v.message, QStringLiteral("denied"));
  QSqlQuery u(db_.db());
  u.prepare(QStringLiteral("SELECT disabled FROM users WHERE name = ?"));
  u.addBindValue(user);
  if (!u.exec() || !u.next()) return refuse(QStringLiteral("no user named '%1' (see ct users list)").arg(user));
  if (u.value(0).toBool()) return refuse(QStringLiteral("user '%1' is disabled; enable the account before giving it a key").arg(user));
  if (expires.isValid() && expires <= now()) return refuse(QStringLiteral("the expiry %1 is in the past").arg(timeJson(expires)));
  static const QRegularExpression nameRe(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
  if (!name.isEmpty() && !nameRe.match(name).hasMatch())
    return refuse(QStringLiteral("a key name is 1-64 letters, digits, '.', '_' or '-' and starts with a letter or digit, got '%1'").arg(name));
  if (!name.isEmpty() && find(name)) return refuse(QStringLiteral("a key named '%1' already exists (names stay taken after revocation)").arg(name));

  IssuedKey out;
  for (int attempt = 0; attempt < 5; ++attempt) {
    const QString id = QString::fromLatin1(QByteArray::fromBase64(randomToken(6), QByteArray::Base64UrlEncoding).toHex());
    if (find(id)) continue;
    out.key.id = id;
    out.key.name = name.isEmpty() ? QStringLiteral("%1-%2").arg(user, id) : name;
    out.key.user = user;
    out.key.createdBy = actor.user;
    out.key.created = now();
    out.key.expires = expires;
    out.secret = QByteArray(kPrefix.data()) + id.toLatin1() + '_' + randomToken(32);
    QSqlQuery q(db_.db());
    q.prepare(QStringLiteral("INSERT INTO service_keys (id, name, user, hash, created, created_by, expires) VALUES (?,?,?,?,?,?,?)"));
    q.addBindValue(out.key.id);
    q.addBindValue(out.key.name);
    q.addBindValue(user);
    q.addBindValue(fastHash(out.secret));
    q.addBindValue(timeText(out.key.created));
    q.addBindValue(actor.user);
    q.addBindValue(timeText(expires));
    if (!q.exec()) return refuse(QStringLiteral("cannot store the key: %1").arg(q.lastError().text()));
    QJsonObject p = params;
    p.insert(QStringLiteral("name"), out.key.name);
    p.insert(QStringLiteral("id"), out.key.id);
    audit(db_, actor, QStringLiteral("key.create"), out.key.name, p, QStringLiteral("ok"));
    return out;
  }
  return refuse(QStringLiteral("could not draw an unused key id"));
}

bool ServiceKeys::revoke(const Identity& actor, const QString& nameOrId, QString* error) {
  auto refuse = [&](const QString& why, const QString& outcome = QStringLiteral("failed")) {
    audit(db_, actor, QStringLiteral("key.revoke"), nameOrId, {}, outcome, why);
    if (error) *error = why;
    return false;
  };
  const Verdict v = authorize(actor, Action::ManageKeys, QStringLiteral("revoking a service key"));
  if (!v) return refuse(v.message, QStringLiteral("denied"));
  const auto k = find(nameOrId);
  if (!k) return refuse(QStringLiteral("no key named '%1' (see ct keys list)").arg(nameOrId));
  if (k->revoked.isValid()) return refuse(QStringLiteral("key '%1' was already revoked at %2").arg(k->name, timeJson(k->revoked)));
  QSqlQuery q(db_.db());
  q.prepare(QStringLiteral("UPDATE service_keys SET revoked = ? WHERE id = ?"));
  q.addBindValue(timeText(now()));
  q.addBindValue(k->id);
  if (!q.exec()) return refuse(QStringLiteral("cannot revoke: %1").arg(q.lastError().text()));
  audit(db_, actor, QStringLiteral("key.revoke"), k->name, QJsonObject{{QStringLiteral("id"), k->id}, {QStringLiteral("user"), k->user}},
        QStringLiteral("ok"));
  return true;
}

QList<ServiceKey> ServiceKeys::list(const Identity& actor, QString* error) const {
  const Verdict v = authorize(actor, Action::ManageKeys, QStringLiteral("listing service keys"));
  if (!v) {
    if (error) *error = v.message;
    return {};
  }
  QSqlQuery q(db_.db());
  QList<ServiceKey> out;
  if (!q.exec(QLatin1String(kKeySelect) + QStringLiteral(" GROUP BY k.id ORDER BY k.created"))) {
    if (error) *error = q.lastError().text();
    return out;
  }
  while (q.next()) out.append(keyFrom(q));
  return out;
}

QList<KeyUsageDay> ServiceKeys::usage(const Identity& actor, const QString& nameOrId, const QDate& since, QString* error) const {
  const Verdict v = authorize(actor, Action::ManageKeys, QStringLiteral("reading key usage"));
  if (!v) {
    if (error) *error = v.message;
    return {};
  }
  QString sql = QStringLiteral(
      "SELECT u.key_id, k.name, k.user, u.day, u.requests, u.prompt_tokens, u.completion_tokens"
      " FROM key_usage u JOIN service_keys k ON k.id = u.key_id WHERE 1 = 1");
  QVariantList binds;
  if (!nameOrId.isEmpty()) {
    const auto k = find(nameOrId);
    if (!k) {
      if (error) *error = QStringLiteral("no key named '%1' (see ct keys list)").arg(nameOrId);
      return {};
    }
    sql += QStringLiteral(" AND u.key_id = ?");
    binds << k->id;
  }
  if (since.isValid()) {
    sql += QStringLiteral(" AND u.day >= ?");
    binds << since.toString(Qt::ISODate);
  }
  sql += QStringLiteral(" ORDER BY u.day DESC, k.name");
  QSqlQuery q(db_.db());
  q.prepare(sql);
  for (const QVariant& b : binds) q.addBindValue(b);
  QList<KeyUsageDay> out;
  if (!q.exec()) {
    if (error) *error = q.lastError().text();
    return out;
  }
  while (q.next()) {
    KeyUsageDay d;
    d.keyId = q.value(0).toString();
    d.keyName = q.value(1).toString();
    d.user = q.value(2).toString();
    d.day = QDate::fromString(q.value(3).toString(), Qt::ISODate);
    d.requests = q.value(4).toLongLong();
    d.promptTokens = q.value(5).toLongLong();
    d.completionTokens = q.value(6).toLongLong();
    out.append(d);
  }
  return out;
}

KeyVerdict ServiceKeys::verify(const QByteArray& bearer) const {
  KeyVerdict v;
  v.reason = QStringLiteral("unknown key");
  if (!bearer.startsWith(kPrefix.data())) return v;
  const int sep = bearer.indexOf('_', kPrefix.size());
  if (sep <= kPrefix.size()) return v;
  const QString id = QString::fromLatin1(bearer.mid(kPrefix.size(), sep - kPrefix.size()));
  if (!verifyQuery_) {
    verifyQuery_ = std::make_unique<QSqlQuery>(db_.db());
    verifyQuery_->prepare(QStringLiteral(
        "SELECT k.hash, k.user, k.expires, k.revoked, u.disabled FROM service_keys k LEFT JOIN users u ON u.name = k.user"
        " WHERE k.id = ?"));
  }
  QSqlQuery& q = *verifyQuery_;
  q.bindValue(0, id);
  if (!q.exec()) {
    v.reason = QStringLiteral("key store unavailable");
    return v;
  }
  if (!q.next()) return v;
  const QByteArray stored = q.value(0).toByteArray();
  const QString user = q.value(1).toString();
  const QDateTime expires = timeFrom(q.value(2));
  const bool revoked = !q.value(3).isNull() && !q.value(3).toString().isEmpty();
  const QVariant disabled = q.value(4);
  q.finish();
  if (!constantTimeEqual(fastHash(bearer), stored)) return v;
  v.keyId = id;
  v.user = user;
  if (revoked) v.reason = QStringLiteral("revoked");
  else if (expires.isValid() && expires <= now()) v.reason = QStringLiteral("expired");
  else if (disabled.isNull()) v.reason = QStringLiteral("its user was removed");
  else if (disabled.toBool()) v.reason = QStringLiteral("its user is disabled");
  else {
    v.ok = true;
    v.reason.clear();
  }
  return v;
}

bool ServiceKeys::recordUsage(const QString& keyId, int promptTokens, int completionTokens) {
  const QDateTime t = now();
  QSqlQuery q(db_.db());
  q.prepare(QStringLiteral(
      "INSERT INTO key_usage (key_id, day, requests, prompt_tokens, completion_tokens) VALUES (?, ?, 1, ?, ?)"
      " ON CONFLICT (key_id, day) DO UPDATE SET requests = requests + 1,"
      " prompt_tokens = prompt_tokens + excluded.prompt_tokens, completion_tokens = completion_tokens + excluded.completion_tokens"));
  q.addBindValue(keyId);
  q.addBindValue(t.date().toString(Qt::ISODate));
  q.addBindValue(qMax(0, promptTokens));
  q.addBindValue(qMax(0, completionTokens));
  if (!q.exec()) return false;
  QSqlQuery last(db_.db());
  last.prepare(QStringLiteral("UPDATE service_keys SET last_used = ? WHERE id = ?"));
  last.addBindValue(timeText(t));
  last.addBindValue(keyId);
  return last.exec();
}

std::optional<QDateTime> parseExpiry(const QString& text, const QDateTime& now, QString* error) {
  static const QRegularExpression rel(QStringLiteral("^(\\d{1,5})([dhm])$"));
  const QString t = text.trimmed();
  if (const auto m = rel.match(t); m.hasMatch()) {
    const qint64 n = m.captured(1).toLongLong();
    if (n > 0) {
      const QChar unit = m.captured(2).at(0);
      return now.addSecs(n * (unit == QLatin1Char('d') ? 86400 : unit == QLatin1Char('h') ? 3600 : 60));
    }
  }
  const QDate d = QDate::fromString(t, Qt::ISODate);
  if (d.isValid() && t.size() == 10) {
    const QDateTime end(d.addDays(1), QTime(0, 0), Qt::UTC);
    if (end > now) return end;
    if (error) *error = QStringLiteral("the expiry %1 is in the past").arg(t);
    return std::nullopt;
  }
  QDateTime dt = QDateTime::fromString(t, Qt::ISODate);
  if (dt.isValid()) {
    if (dt.timeSpec() == Qt::LocalTime && !t.endsWith(QLatin1Char('Z')) && !t.contains(QLatin1Char('+'))) dt = dt.toUTC();
    if (dt > now) return dt.toUTC();
    if (error) *error = QStringLiteral("the expiry %1 is in the past").arg(t);
    return std::nullopt;
  }
  if (error) *error = QStringLiteral("an expiry is a duration such as 30d, 12h or 90m, or a date such as 2027-01-31, got '%1'").arg(text);
  return std::nullopt;
}

struct ServiceKeyGate::PerThread {
  std::unique_ptr<AuthDb> db;
  std::unique_ptr<ServiceKeys> keys;
  bool ok = false;
};

struct ServiceKeyGate::Impl {
  QThreadStorage<PerThread*> local;
};

ServiceKeyGate::ServiceKeyGate(QString dbPath) : path_(std::move(dbPath)), d_(std::make_unique<Impl>()) {}
ServiceKeyGate::~ServiceKeyGate() = default;

ServiceKeyGate::PerThread* ServiceKeyGate::local() {
  if (!d_->local.hasLocalData()) {
    auto* p = new PerThread;
    p->db = std::make_unique<AuthDb>(path_);
    p->ok = p->db->open(nullptr);
    if (p->ok) p->keys = std::make_unique<ServiceKeys>(*p->db);
    d_->local.setLocalData(p);
  }
  return d_->local.localData();
}

bool ServiceKeyGate::open(QString* error) {
  AuthDb probe(path_);
  return probe.open(error);
}

KeyVerdict ServiceKeyGate::verify(const QByteArray& bearer) {
  PerThread* p = local();
  if (!p->ok) return KeyVerdict{false, {}, {}, QStringLiteral("key store unavailable")};
  return p->keys->verify(bearer);
}

void ServiceKeyGate::recordUsage(const QString& keyId, int promptTokens, int completionTokens) {
  PerThread* p = local();
  if (p->ok) p->keys->recordUsage(keyId, promptTokens, completionTokens);
}

}  // namespace ct::auth
