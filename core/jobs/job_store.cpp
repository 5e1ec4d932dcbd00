#include "jobs/job_store.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QUuid>
#include <QVariant>

#include <cerrno>
#include <csignal>
#include <fstream>

namespace ct::jobs {
namespace {

constexpr int kSchemaVersion = 2;  // 2: jobs.user

QString jsonText(const QJsonObject& o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }
QJsonObject jsonObject(const QString& s) { return QJsonDocument::fromJson(s.toUtf8()).object(); }
QVariant timeText(const QDateTime& t) { return t.isValid() ? QVariant(t.toUTC().toString(Qt::ISODateWithMs)) : QVariant(); }
QDateTime timeFrom(const QVariant& v) {
  if (v.isNull()) return {};
  QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
  t.setTimeSpec(Qt::UTC);
  return t;
}

JobRecord fromQuery(const QSqlQuery& q) {
  JobRecord r;
  r.id = q.value(0).toString();
  r.kind = q.value(1).toString();
  r.params = jsonObject(q.value(2).toString());
  r.state = jobStateFromString(q.value(3).toString()).value_or(JobState::Failed);
  r.created = timeFrom(q.value(4));
  r.started = timeFrom(q.value(5));
  r.finished = timeFrom(q.value(6));
  r.done = q.value(7).toDouble();
  r.total = q.value(8).toDouble();
  r.unit = q.value(9).toString();
  r.result = jsonObject(q.value(10).toString());
  r.errorCode = q.value(11).toString();
  r.errorMessage = q.value(12).toString();
  r.logPath = q.value(13).toString();
  r.pid = q.value(14).toLongLong();
  r.host = q.value(15).toString();
  r.user = q.value(16).toString();
  return r;
}

const char* const kColumns =
    "id, kind, params, state, created, started, finished, done, total, unit, result, error_code, "
    "error_message, log_path, pid, host, user";

}  // namespace

bool processAlive(qint64 pid) {
  if (pid <= 0) return false;
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return false;
  // A zombie still answers kill(0) but runs nothing.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const auto close = line.rfind(')');
  return close == std::string::npos || close + 2 >= line.size() || line[close + 2] != 'Z';
}

QString thisHost() { return QSysInfo::machineHostName(); }

JobStore::JobStore(QString path)
    : path_(std::move(path)), connection_(QStringLiteral("jobs-") + QUuid::createUuid().toString(QUuid::WithoutBraces)) {}

JobStore::~JobStore() {
  {
    QSqlDatabase db = QSqlDatabase::database(connection_, false);
    if (db.isOpen()) db.close();
  }
  QSqlDatabase::removeDatabase(connection_);
}

bool JobStore::open(QString* error) {
  QDir().mkpath(QFileInfo(path_).absolutePath());
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection_);
  db.setDatabaseName(path_);
  db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
  if (!db.open()) {
    if (error) *error = QStringLiteral("cannot open job history %1: %2").arg(path_, db.lastError().text());
    return false;
  }
  QSqlQuery q(db);
  q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
  q.exec(QStringLiteral("PRAGMA user_version"));
  const int version = q.next() ? q.value(0).toInt() : 0;
  if (version > kSchemaVersion) {
    if (error)
      *error = QStringLiteral("job history %1 was written by a newer CT Studio (schema %2, this build knows %3)")
                   .arg(path_)
                   .arg(version)
                   .arg(kSchemaVersion);
    return false;
  }
  // Prepared already: stay read-only, since any write (even of the same user_version) costs
  // fsyncs at every start of every ct command that opens the history.
  if (version == kSchemaVersion) return true;
  const bool ok = q.exec(QStringLiteral(
                      "CREATE TABLE IF NOT EXISTS jobs ("
                      " id TEXT PRIMARY KEY, kind TEXT NOT NULL, params TEXT, state TEXT NOT NULL,"
                      " created TEXT, started TEXT, finished TEXT, done REAL, total REAL, unit TEXT,"
                      " result TEXT, error_code TEXT, error_message TEXT, log_path TEXT, pid INTEGER, host TEXT, user TEXT)")) &&
                  q.exec(QStringLiteral("CREATE INDEX IF NOT EXISTS jobs_created ON jobs(created)")) &&
                  // 1 → 2; a second process migrating at the same moment finds the column there.
                  (version != 1 || q.exec(QStringLiteral("ALTER TABLE jobs ADD COLUMN user TEXT")) ||
                   q.lastError().text().contains(QLatin1String("duplicate column"))) &&
                  q.exec(QStringLiteral("PRAGMA user_version=%1").arg(kSchemaVersion));
  if (!ok && error) *error = QStringLiteral("cannot prepare job history %1: %2").arg(path_, q.lastError().text());
  return ok;
}

bool JobStore::save(const JobRecord& r, QString* error) {
  QSqlQuery q(QSqlDatabase::database(connection_));
  q.prepare(QStringLiteral("INSERT OR REPLACE INTO jobs (%1) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                .arg(QLatin1String(kColumns)));
  q.addBindValue(r.id);
  q.addBindValue(r.kind);
  q.addBindValue(jsonText(r.params));
  q.addBindValue(nameOf(r.state));
  q.addBindValue(timeText(r.created));
  q.addBindValue(timeText(r.started));
  q.addBindValue(timeText(r.finished));
  q.addBindValue(r.done);
  q.addBindValue(r.total);
  q.addBindValue(r.unit);
  q.addBindValue(r.result.isEmpty() ? QString() : jsonText(r.result));
  q.addBindValue(r.errorCode);
  q.addBindValue(r.errorMessage);
  q.addBindValue(r.logPath);
  q.addBindValue(r.pid);
  q.addBindValue(r.host);
  q.addBindValue(r.user);
  if (q.exec()) return true;
  if (error) *error = QStringLiteral("cannot save job %1: %2").arg(r.id, q.lastError().text());
  return false;
}

std::optional<JobRecord> JobStore::get(const QString& id) const {
  QSqlQuery q(QSqlDatabase::database(connection_));
  q.prepare(QStringLiteral("SELECT %1 FROM jobs WHERE id = ?").arg(QLatin1String(kColumns)));
  q.addBindValue(id);
  if (q.exec() && q.next()) return fromQuery(q);
  return std::nullopt;
}

QList<JobRecord> JobStore::list(int limit, const QString& idPrefix) const {
  QSqlQuery q(QSqlDatabase::database(connection_));
  q.prepare(QStringLiteral("SELECT %1 FROM jobs WHERE id LIKE ? ESCAPE '\\' ORDER BY created DESC, id DESC LIMIT ?")
                .arg(QLatin1String(kColumns)));
  QString pattern = idPrefix;
  pattern.replace(QLatin1String("\\"), QLatin1String("\\\\"))
      .replace(QLatin1String("%"), QLatin1String("\\%"))
      .replace(QLatin1String("_"), QLatin1String("\\_"));
  q.addBindValue(pattern + QLatin1Char('%'));
  q.addBindValue(limit);
  QList<JobRecord> out;
  if (!q.exec()) return out;
  while (q.next()) out.append(fromQuery(q));
  return out;
}

bool JobStore::remove(const QString& id) {
  QSqlQuery q(QSqlDatabase::database(connection_));
  q.prepare(QStringLiteral("DELETE FROM jobs WHERE id = ?"));
  q.addBindValue(id);
  return q.exec() && q.numRowsAffected() > 0;
}

int JobStore::reapLost() {
  QSqlQuery q(QSqlDatabase::database(connection_));
  q.prepare(QStringLiteral("SELECT %1 FROM jobs WHERE state IN ('running','queued') AND host = ?")
                .arg(QLatin1String(kColumns)));
  q.addBindValue(thisHost());
  if (!q.exec()) return 0;
  QList<JobRecord> lost;
  while (q.next()) {
    JobRecord r = fromQuery(q);
    if (!processAlive(r.pid)) lost.append(r);
  }
  for (JobRecord& r : lost) {
    r.state = JobState::Failed;
    r.finished = QDateTime::currentDateTimeUtc();
    r.errorCode = QStringLiteral("lost");
    r.errorMessage = QStringLiteral("the process that ran this job (pid %1) ended without reporting a result").arg(r.pid);
    save(r);
  }
  return static_cast<int>(lost.size());
}

}  // namespace ct::jobs
