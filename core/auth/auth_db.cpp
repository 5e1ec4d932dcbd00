#include "auth/auth_db.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include "util/paths.h"

namespace ct::auth {
namespace {

constexpr int kSchemaVersion = 1;

const char* const kSchema[] = {
    "CREATE TABLE IF NOT EXISTS users ("
    " name TEXT PRIMARY KEY, display_name TEXT, role TEXT NOT NULL, password_hash TEXT NOT NULL,"
    " created TEXT NOT NULL, last_login TEXT, password_changed TEXT, disabled INTEGER NOT NULL DEFAULT 0,"
    " must_change INTEGER NOT NULL DEFAULT 0, failed_count INTEGER NOT NULL DEFAULT 0, locked_until TEXT)",
    // Only a hash of each session token is kept; the token itself lives in the keychain or memory.
    "CREATE TABLE IF NOT EXISTS sessions ("
    " token_hash BLOB PRIMARY KEY, user TEXT NOT NULL, origin TEXT, host TEXT, created TEXT NOT NULL,"
    " expires TEXT NOT NULL, last_used TEXT)",
    "CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user)",
    "CREATE TABLE IF NOT EXISTS audit ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, user TEXT, action TEXT NOT NULL, target TEXT,"
    " host TEXT, params TEXT, outcome TEXT NOT NULL, detail TEXT)",
    "CREATE INDEX IF NOT EXISTS audit_time ON audit(time)",
    "CREATE INDEX IF NOT EXISTS audit_user ON audit(user, time)",
    // Append-only, enforced by the database itself, not only by the code that writes it.
    "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TABLE IF NOT EXISTS service_keys ("
    " id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, user TEXT NOT NULL, hash BLOB NOT NULL,"
    " created TEXT NOT NULL, created_by TEXT, expires TEXT, revoked TEXT, last_used TEXT)",
    "CREATE TABLE IF NOT EXISTS key_usage ("
    " key_id TEXT NOT NULL, day TEXT NOT NULL, requests INTEGER NOT NULL DEFAULT 0,"
    " prompt_tokens INTEGER NOT NULL DEFAULT 0, completion_tokens INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY (key_id, day))",
};

}  // namespace

QVariant timeText(const QDateTime& t) { return t.isValid() ? QVariant(t.toUTC().toString(Qt::ISODateWithMs)) : QVariant(); }

QDateTime timeFrom(const QVariant& v) {
  if (v.isNull() || v.toString().isEmpty()) return {};
  QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
  t.setTimeSpec(Qt::UTC);
  return t;
}

AuthDb::AuthDb(QString path)
    : path_(path.isEmpty() ? paths::authDatabase() : std::move(path)),
      connection_(QStringLiteral("auth-") + QUuid::createUuid().toString(QUuid::WithoutBraces)) {}

AuthDb::~AuthDb() {
  {
    QSqlDatabase db = QSqlDatabase::database(connection_, false);
    if (db.isOpen()) db.close();
  }
  QSqlDatabase::removeDatabase(connection_);
}

QSqlDatabase AuthDb::db() const { return QSqlDatabase::database(connection_, false); }

bool AuthDb::isOpen() const { return db().isOpen(); }

bool AuthDb::open(QString* error) {
  if (isOpen()) return true;
  const QString dir = QFileInfo(path_).absolutePath();
  if (!QDir().mkpath(dir)) {
    if (error) *error = QStringLiteral("cannot create folder %1 for the accounts database (set CT_DATA_DIR to move it)").arg(dir);
    return false;
  }
  const bool fresh = !QFileInfo::exists(path_);
  if (fresh) {
    // Create it owner-only before SQLite does; the -wal and -shm files take the same mode.
    QFile f(path_);
    if (f.open(QIODevice::WriteOnly)) f.close();
    QFile::setPermissions(path_, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
  }
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection_);
  db.setDatabaseName(path_);
  db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
  if (!db.open()) {
    if (error) *error = QStringLiteral("cannot open the accounts database %1: %2").arg(path_, db.lastError().text());
    return false;
  }
  QSqlQuery q(db);
  q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
  q.exec(QStringLiteral("PRAGMA user_version"));
  const int version = q.next() ? q.value(0).toInt() : 0;
  if (version > kSchemaVersion) {
    if (error)
      *error = QStringLiteral("the accounts database %1 was written by a newer CT Studio (schema %2, this build knows %3)")
                   .arg(path_).arg(version).arg(kSchemaVersion);
    db.close();
    return false;
  }
  if (version == kSchemaVersion) return true;
  // Migrations run in one transaction: a database is either at the old version or the new one.
  bool ok = db.transaction();
  for (const char* sql : kSchema) ok = ok && q.exec(QLatin1String(sql));
  ok = ok && q.exec(QStringLiteral("PRAGMA user_version=%1").arg(kSchemaVersion));
  if (!ok) {
    const QString why = q.lastError().text();
    db.rollback();
    if (error) *error = QStringLiteral("cannot prepare the accounts database %1: %2").arg(path_, why);
    db.close();
    return false;
  }
  return db.commit();
}

bool AuthDb::hasAccounts(const QString& path) {
  const QString p = path.isEmpty() ? paths::authDatabase() : path;
  if (!QFileInfo::exists(p) || QFileInfo(p).size() == 0) return false;
  AuthDb db(p);
  if (!db.open(nullptr)) return true;  // unreadable: do not fall back to single-user silently
  QSqlQuery q(db.db());
  return q.exec(QStringLiteral("SELECT EXISTS(SELECT 1 FROM users)")) && q.next() && q.value(0).toBool();
}

}  // namespace ct::auth
