#include "jobs/job_manager.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include "auth/audit_log.h"
#include "auth/session.h"
#include "jobs/job_store.h"
#include "jobs/process_job.h"
#include "jobs/refused_job.h"

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

Job* JobManager::startCt(const QString& kind, const QStringList& args, const QJsonObject& params,
                         const QHash<QString, QString>& secrets) {
  JobRecord r;
  r.id = JobRecord::newId();
  r.kind = kind;
  r.params = auth::redactSecrets(params);
  const auth::Identity who = auth::currentIdentity();
  r.user = who.user;
  const QString command = args.value(0, kind);
  const auth::Verdict v = auth::authorize(who, auth::commandAccess(command, args.mid(1)).action, QStringLiteral("'ct %1'").arg(command));
  if (!v) {
    QJsonObject audited = params;
    audited.insert(QStringLiteral("kind"), kind);
    auth::recordAudit(who, QStringLiteral("stage.start"), r.id, audited, QStringLiteral("denied"), v.message);
    return refuse(std::move(r), v.message);
  }
  proc::ProcessSpec spec;
  spec.program = ctProgram();
  spec.args = args + QStringList{QStringLiteral("--json"), QStringLiteral("--job-id"), r.id};
  auth::addSecretsHandoff(&spec.args, &spec.stdinData, secrets);
  return launch(std::move(r), spec);
}

Job* JobManager::refuse(JobRecord record, const QString& message) {
  record.created = QDateTime::currentDateTimeUtc();
  record.host = thisHost();
  auto* job = new RefusedJob(std::move(record), message, this);
  live_.append(job);
  connect(job, &Job::finished, this, [this, job] { onFinished(job); });
  Q_EMIT jobStarted(job);
  job->start();
  return job;
}

bool JobManager::cancel(Job* job, QString* refusal) { return endJob(job, false, refusal); }
bool JobManager::stop(Job* job, QString* refusal) { return endJob(job, true, refusal); }

bool JobManager::endJob(Job* job, bool stop, QString* refusal) {
  if (!job || !job->canCancel()) return false;
  const auth::Identity who = auth::currentIdentity();
  const auth::Verdict v = auth::authorize(who, auth::Action::CancelJob, QStringLiteral("cancelling job %1").arg(job->id()), job->record().user);
  auth::recordAudit(who, stop ? QStringLiteral("stage.stop") : QStringLiteral("stage.cancel"), job->id(),
                    QJsonObject{{QStringLiteral("kind"), job->record().kind}, {QStringLiteral("owner"), job->record().user}},
                    v ? QStringLiteral("ok") : QStringLiteral("denied"), v.message);
  if (!v) {
    if (refusal) *refusal = v.message;
    return false;
  }
  if (stop) job->stop();
  else job->cancel();
  return true;
}

Job* JobManager::startProgram(const QString& kind, const QString& program, const QStringList& args,
                              const QJsonObject& params, int noOutputTimeoutMs) {
  JobRecord r;
  r.id = JobRecord::newId();
  r.kind = kind;
  r.params = auth::redactSecrets(params);
  const auth::Identity who = auth::currentIdentity();
  r.user = who.user;
  if (const auth::Verdict v = auth::authorize(who, auth::actionForJobKind(kind), QStringLiteral("'%1'").arg(kind)); !v) {
    auth::recordAudit(who, QStringLiteral("stage.start"), r.id, QJsonObject{{QStringLiteral("kind"), kind}}, QStringLiteral("denied"), v.message);
    return refuse(std::move(r), v.message);
  }
  proc::ProcessSpec spec;
  spec.program = program;
  spec.args = args;
  spec.noOutputTimeoutMs = noOutputTimeoutMs;
  return launch(std::move(r), spec);
}

Job* JobManager::launch(JobRecord record, proc::ProcessSpec spec) {
  if (!record.created.isValid()) record.created = QDateTime::currentDateTimeUtc();
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
  if (theirs && !theirs->remoteHost.isEmpty() && !isFinal(theirs->state) && (!pj || pj->processResult().ok())) {
    // Its follower detached: the job runs on, on its host.
    Q_EMIT jobFinished(job);
    return;
  }
  // The child's own final row is the better one (it knows its log file); fill in only what
  // a child that died or never wrote history could not.
  if (!theirs || !isFinal(theirs->state)) {
    if (theirs) mine.logPath = theirs->logPath;
    store_->save(mine);
  }
  Q_EMIT jobFinished(job);
}

QList<Job*> JobManager::resumeRemoteJobs() {
  QList<Job*> out;
  for (const JobRecord& r : store_->list(500)) {
    if (r.remoteHost.isEmpty() || isFinal(r.state) || liveJob(r.id)) continue;
    if (r.host == thisHost() && processAlive(r.pid)) continue;  // someone follows it already
    proc::ProcessSpec spec;
    spec.program = ctProgram();
    spec.args = {QStringLiteral("jobs"), QStringLiteral("attach"), r.id, QStringLiteral("--json")};
    auth::addSecretsHandoff(&spec.args, &spec.stdinData);
    out << launch(r, spec);
  }
  return out;
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

bool JobManager::removeFromHistory(const QString& id) {
  if (Job* j = liveJob(id); j && !j->isFinished()) return false;
  const auto r = store_->get(id);
  if (!r || !isFinal(r->state)) return false;
  if (!r->logPath.isEmpty()) QFile::remove(r->logPath);
  for (qsizetype i = live_.size() - 1; i >= 0; --i)
    if (live_[i] && live_[i]->id() == id) live_.removeAt(i);
  return store_->remove(id);
}

void JobManager::cancelAll() {
  for (const auto& j : live_) {
    if (!j || !j->canCancel()) continue;
    const auto stored = store_->get(j->id());
    auto* pj = qobject_cast<ProcessJob*>(j.data());
    if (pj && stored && !stored->remoteHost.isEmpty()) pj->detach();
    else j->cancel();
  }
}

}  // namespace ct::jobs
