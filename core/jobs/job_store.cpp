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

#include "util/app_database.h"

#include <cerrno>
#include <csignal>
#include <fstream>

namespace ct::jobs {
namespace {

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
  r.remoteHost = q.value(17).toString();
  r.remote = jsonObject(q.value(18).toString());
  return r;
}

const char* const kColumns =
    "id, kind, params, state, created, started, finished, done, total, unit, result, error_code, "
    "error_message, log_path, pid, host, user, remote_host, remote";

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

bool JobStore::open(QString* error) { return db::openAppDatabase(path_, connection_, error); }

bool JobStore::save(const JobRecord& r, QString* error) {
  QSqlQuery q(QSqlDatabase::database(connection_));
  q.prepare(QStringLiteral("INSERT OR REPLACE INTO jobs (%1) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
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
  q.addBindValue(r.remoteHost);
  q.addBindValue(r.remote.isEmpty() ? QString() : jsonText(r.remote));
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
  q.prepare(QStringLiteral("SELECT %1 FROM jobs WHERE state IN ('running','queued') AND host = ? AND IFNULL(remote_host, '') = ''")
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
