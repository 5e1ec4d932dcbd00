#pragma once
#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

#include "auth/authorize.h"

class QSqlQuery;

namespace ct::auth {

class AuthDb;

// An FPGA service key: "ctk_<id>_<secret>". Only its BLAKE2b hash is stored; the id is the
// lookup handle, the name is what people use (ct keys revoke NAME).
struct ServiceKey {
  QString id, name, user, createdBy;
  QDateTime created, expires, revoked, lastUsed;
  qint64 requests = 0, promptTokens = 0, completionTokens = 0;  // all days
  QString state(const QDateTime& now) const;  // active, revoked, expired
  QJsonObject toJson(const QDateTime& now) const;
};

struct IssuedKey {
  ServiceKey key;
  QByteArray secret;  // the whole key, shown once and never stored
};

struct KeyVerdict {
  bool ok = false;
  QString keyId, user, reason;  // reason when refused: unknown key, revoked, expired, user disabled
};

struct KeyUsageDay {
  QString keyId, keyName, user;
  QDate day;
  qint64 requests = 0, promptTokens = 0, completionTokens = 0;
  QJsonObject toJson() const;
};

class ServiceKeys {
 public:
  explicit ServiceKeys(AuthDb& db);
  ~ServiceKeys();
  void setClock(std::function<QDateTime()> now) { now_ = std::move(now); }

  // Admin operations (authorised and audited here).
  std::optional<IssuedKey> create(const Identity& actor, const QString& user, const QString& name, const QDateTime& expires,
                                  QString* error);
  bool revoke(const Identity& actor, const QString& nameOrId, QString* error);
  QList<ServiceKey> list(const Identity& actor, QString* error) const;
  QList<KeyUsageDay> usage(const Identity& actor, const QString& nameOrId, const QDate& since, QString* error) const;

  // For the service, on every request: one indexed lookup and a hash compare, so revocation by
  // any process takes effect on the next request.
  KeyVerdict verify(const QByteArray& bearer) const;
  bool recordUsage(const QString& keyId, int promptTokens, int completionTokens);

 private:
  QDateTime now() const { return now_ ? now_() : QDateTime::currentDateTimeUtc(); }
  std::optional<ServiceKey> find(const QString& nameOrId) const;

  AuthDb& db_;
  std::function<QDateTime()> now_;
  mutable std::unique_ptr<QSqlQuery> verifyQuery_;
};

// "30d", "12h", "2027-01-31" (end of that day, UTC) or an ISO date-time; nullopt with a reason.
std::optional<QDateTime> parseExpiry(const QString& text, const QDateTime& now, QString* error);

// A thread-safe front for `ct serve --keys-from-db`: each calling thread gets its own
// connection (SQLite connections are per thread).
class ServiceKeyGate {
 public:
  explicit ServiceKeyGate(QString dbPath = {});
  ~ServiceKeyGate();
  bool open(QString* error);  // checks the database can be opened
  KeyVerdict verify(const QByteArray& bearer);
  void recordUsage(const QString& keyId, int promptTokens, int completionTokens);

 private:
  struct PerThread;
  PerThread* local();
  QString path_;
  struct Impl;
  std::unique_ptr<Impl> d_;
};

}  // namespace ct::auth
