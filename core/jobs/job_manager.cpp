#include "jobs/job_manager.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>

#include "jobs/job_store.h"
#include "jobs/process_job.h"

namespace ct::jobs {

JobManager::JobManager(const QString& historyPath, QObject* parent)
    : QObject(parent), store_(std::make_unique<JobStore>(historyPath)) {}

JobManager::~JobManager() { cancelAll(); }

bool JobManager::open(QString* error) {
  if (!store_->open(error)) return false;
  store_->reapLost();
  return true;
}

QString JobManager::ctProgram() {
  const QByteArray own = qgetenv("CT_BIN");
  if (!own.isEmpty()) return QString::fromLocal8Bit(own);
  return QCoreApplication::applicationDirPath() + QStringLiteral("/ct");
}

Job* JobManager::startCt(const QString& kind, const QStringList& args, const QJsonObject& params) {
  JobRecord r;
  r.id = JobRecord::newId();
  r.kind = kind;
  r.params = params;
  proc::ProcessSpec spec;
  spec.program = ctProgram();
  spec.args = args + QStringList{QStringLiteral("--json"), QStringLiteral("--job-id"), r.id};
  return launch(std::move(r), spec);
}

Job* JobManager::startProgram(const QString& kind, const QString& program, const QStringList& args,
                              const QJsonObject& params, int noOutputTimeoutMs) {
  JobRecord r;
  r.id = JobRecord::newId();
  r.kind = kind;
  r.params = params;
  proc::ProcessSpec spec;
  spec.program = program;
  spec.args = args;
  spec.noOutputTimeoutMs = noOutputTimeoutMs;
  return launch(std::move(r), spec);
}

Job* JobManager::launch(JobRecord record, proc::ProcessSpec spec) {
  record.created = QDateTime::currentDateTimeUtc();
  record.host = thisHost();
  auto* job = new ProcessJob(std::move(record), std::move(spec), this);
  live_.append(job);
  connect(job, &Job::finished, this, [this, job] { onFinished(job); });
  Q_EMIT jobStarted(job);
  job->start();
  return job;
}

void JobManager::onFinished(Job* job) {
  auto* pj = qobject_cast<ProcessJob*>(job);
  JobRecord mine = job->record();
  if (pj) mine.pid = pj->pid();
  const auto theirs = store_->get(mine.id);
  // The child's own final row is the better one (it knows its log file); fill in only what
  // a child that died or never wrote history could not.
  if (!theirs || !isFinal(theirs->state)) {
    if (theirs) mine.logPath = theirs->logPath;
    store_->save(mine);
  }
  Q_EMIT jobFinished(job);
}

QList<Job*> JobManager::liveJobs() const {
  QList<Job*> out;
  for (const auto& j : live_)
    if (j) out.append(j);
  return out;
}

Job* JobManager::liveJob(const QString& id) const {
  for (const auto& j : live_)
    if (j && j->id() == id) return j;
  return nullptr;
}

QList<JobRecord> JobManager::history(int limit) const { return store_->list(limit); }

void JobManager::cancelAll() {
  for (const auto& j : live_)
    if (j && j->canCancel()) j->cancel();
}

}  // namespace ct::jobs
