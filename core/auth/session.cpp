#include "auth/session.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>

#include "auth/accounts.h"
#include "auth/auth_db.h"

namespace ct::auth {
namespace {

QMutex currentMutex;
Identity& currentRef() {
  static Identity who;
  return who;
}
QByteArray& tokenRef() {
  static QByteArray token;
  return token;
}
bool explicitlySet = false;

}  // namespace

Identity currentIdentity() {
  {
    QMutexLocker lock(&currentMutex);
    if (explicitlySet) return currentRef();
  }
  // Nobody resolved an identity in this process (a test, a tool linking core): with no account
  // in the database that is single-user mode, as before accounts existed; otherwise nobody.
  return AuthDb::hasAccounts({}) ? Identity{} : Identity::singleUserMode();
}

QByteArray currentSessionToken() {
  QMutexLocker lock(&currentMutex);
  return tokenRef();
}

void setCurrent(const Identity& who, const QByteArray& sessionToken) {
  QMutexLocker lock(&currentMutex);
  currentRef() = who;
  tokenRef() = sessionToken;
  explicitlySet = true;
}

Resolution resolveSession(const QByteArray& token, const QString& dbPath) {
  Resolution r;
  if (!AuthDb::hasAccounts(dbPath)) {
    r.ok = true;
    r.identity = Identity::singleUserMode();
    return r;
  }
  r.accountsExist = true;
  AuthDb db(dbPath);
  QString error;
  if (!db.open(&error)) {
    r.message = error;
    return r;
  }
  if (token.isEmpty()) {
    r.message = QStringLiteral("not signed in");
    return r;
  }
  const SessionCheck c = Accounts(db).checkSession(token);
  r.ok = c.ok;
  r.identity = c.identity;
  r.message = c.message;
  return r;
}

void addSecretsHandoff(QStringList* args, QByteArray* stdinData, const QHash<QString, QString>& secrets) {
  if (secrets.isEmpty() && currentSessionToken().isEmpty()) return;
  *args << QStringLiteral("--") + kSecretsStdinOption;
  *stdinData = encodeHandoff(secrets);
}

QByteArray encodeHandoff(const QHash<QString, QString>& secrets) {
  QJsonObject o;
  for (auto it = secrets.begin(); it != secrets.end(); ++it) o.insert(it.key(), it.value());
  const QByteArray token = currentSessionToken();
  if (!token.isEmpty() && !o.contains(QStringLiteral("session"))) o.insert(QStringLiteral("session"), QString::fromLatin1(token));
  return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

QHash<QString, QString> decodeHandoff(const QByteArray& line, QString* error) {
  QJsonParseError pe;
  const QJsonDocument d = QJsonDocument::fromJson(line.trimmed(), &pe);
  QHash<QString, QString> out;
  if (!d.isObject()) {
    if (error) *error = QStringLiteral("--secrets-stdin expects one JSON object on the first line of standard input");
    return out;
  }
  const QJsonObject o = d.object();
  for (auto it = o.begin(); it != o.end(); ++it) out.insert(it.key(), it.value().toString());
  return out;
}

}  // namespace ct::auth
