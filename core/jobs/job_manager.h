#pragma once
#include <QJsonObject>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <memory>

#include "jobs/job_record.h"
#include "proc/process.h"

namespace ct::jobs {

class Job;
class JobStore;

// Starts jobs as child processes, keeps the live ones, and reads/writes the history the GUI
// lists. The `ct` child records itself; the manager only fills in what a dead child could not.
class JobManager : public QObject {
  Q_OBJECT
 public:
  explicit JobManager(const QString& historyPath, QObject* parent = nullptr);
  ~JobManager() override;

  bool open(QString* error);

  // `ct <args> --json --job-id ID`; params are what the history shows of the user's choices.
  // The signed-in user must hold the role the kind needs (auth::authorize); otherwise the job
  // ends at once as failed/"forbidden" with the refusal. `secrets` (an endpoint's API key, ...)
  // and the session reach the child on its stdin (--secrets-stdin), never on its command line.
  Job* startCt(const QString& kind, const QStringList& args, const QJsonObject& params = {},
               const QHash<QString, QString>& secrets = {});
  Job* startProgram(const QString& kind, const QString& program, const QStringList& args,
                    const QJsonObject& params = {}, int noOutputTimeoutMs = 0);

  // Cancels a live job if the signed-in user may (their own: operator; another's: admin); the
  // request and its outcome go to the audit log. False with the refusal otherwise.
  bool cancel(Job* job, QString* refusal = nullptr);
  // Jobs on GPU hosts that were running when the last follower (ct-studio or a `ct` command)
  // went away: each is followed again by a `ct jobs attach ID` child under its own id.
  QList<Job*> resumeRemoteJobs();
  // The same check and audit for the normal end of a job that runs until told (a server).
  bool stop(Job* job, QString* refusal = nullptr);

  QList<Job*> liveJobs() const;
  Job* liveJob(const QString& id) const;
  QList<JobRecord> history(int limit = 200) const;
  // Drops a finished job from the history (its row; the log file goes too). False for a job that
  // is still running, here or elsewhere.
  bool removeFromHistory(const QString& id);
  // At shutdown: cancels local jobs; jobs on GPU hosts keep running there (their followers
  // detach) and resumeRemoteJobs() follows them again at the next start.
  void cancelAll();

  static QString ctProgram();  // CT_BIN, else `ct` next to this executable

 Q_SIGNALS:
  void jobStarted(ct::jobs::Job* job);
  void jobFinished(ct::jobs::Job* job);

 private:
  bool endJob(Job* job, bool stop, QString* refusal);
  Job* launch(JobRecord record, proc::ProcessSpec spec);
  Job* refuse(JobRecord record, const QString& message);
  void onFinished(Job* job);

  std::unique_ptr<JobStore> store_;
  QList<QPointer<Job>> live_;
};

}  // namespace ct::jobs
