#include "util/app_database.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace ct::db {
namespace {

// Step N brings the schema from version N-1 to N. Never edit a released step; add one.
const char* const kSteps[] = {
    // 1: job history
    "CREATE TABLE IF NOT EXISTS jobs ("
    " id TEXT PRIMARY KEY, kind TEXT NOT NULL, params TEXT, state TEXT NOT NULL,"
    " created TEXT, started TEXT, finished TEXT, done REAL, total REAL, unit TEXT,"
    " result TEXT, error_code TEXT, error_message TEXT, log_path TEXT, pid INTEGER, host TEXT);"
    "CREATE INDEX IF NOT EXISTS jobs_created ON jobs(created)",
    // 2: who started each job
    "ALTER TABLE jobs ADD COLUMN user TEXT",
    // 3: jobs that run on a GPU host (profile name + where the job lives there), host profiles
    "ALTER TABLE jobs ADD COLUMN remote_host TEXT;"
    "ALTER TABLE jobs ADD COLUMN remote TEXT;"
    "CREATE TABLE IF NOT EXISTS hosts ("
    " name TEXT PRIMARY KEY, profile TEXT NOT NULL, created TEXT, updated TEXT)",
};
static_assert(sizeof kSteps / sizeof kSteps[0] == kSchemaVersion, "one migration step per schema version");

bool exec(QSqlQuery& q, const QString& sql, QString* error, const QString& path) {
  if (q.exec(sql)) return true;
  if (error) *error = QStringLiteral("cannot prepare database %1: %2").arg(path, q.lastError().text());
  return false;
}

int userVersion(QSqlQuery& q) {
  q.exec(QStringLiteral("PRAGMA user_version"));
  return q.next() ? q.value(0).toInt() : 0;
}

}  // namespace

bool openAppDatabase(const QString& path, const QString& connection, QString* error) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
  db.setDatabaseName(path);
  db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
  if (!db.open()) {
    if (error) *error = QStringLiteral("cannot open database %1: %2").arg(path, db.lastError().text());
    return false;
  }
  QSqlQuery q(db);
  q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
  auto tooNew = [&](int version) {
    if (error)
      *error = QStringLiteral("database %1 was written by a newer CT Studio (schema %2, this build knows %3)").arg(path).arg(version).arg(kSchemaVersion);
    return false;
  };
  int version = userVersion(q);
  if (version > kSchemaVersion) return tooNew(version);
  if (version == kSchemaVersion) return true;
  if (!exec(q, QStringLiteral("BEGIN IMMEDIATE"), error, path)) return false;
  version = userVersion(q);  // another process may have migrated while we waited for the lock
  if (version > kSchemaVersion) {
    q.exec(QStringLiteral("ROLLBACK"));
    return tooNew(version);
  }
  for (int step = version; step < kSchemaVersion; ++step) {
    for (const QString& sql : QString::fromLatin1(kSteps[step]).split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
      if (!exec(q, sql, error, path)) {
        q.exec(QStringLiteral("ROLLBACK"));
        return false;
      }
    }
  }
  if (!exec(q, QStringLiteral("PRAGMA user_version=%1").arg(kSchemaVersion), error, path) || !exec(q, QStringLiteral("COMMIT"), error, path)) {
    q.exec(QStringLiteral("ROLLBACK"));
    return false;
  }
  return true;
}

}  // namespace ct::db
