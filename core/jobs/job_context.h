#pragma once
#include <QElapsedTimer>
#include <QJsonObject>
#include <QString>
#include <cstdio>
#include <memory>

#include "jobs/eta.h"
#include "jobs/event.h"
#include "jobs/job_log_file.h"
#include "jobs/job_record.h"

namespace ct::jobs {

class JobStore;

struct JobContextOptions {
  bool json = false;       // events as JSON lines on `out`, else short human lines on `err`
  QString jobId;           // given by a parent (the GUI) that wants to know the id up front
  bool keepHistory = true; // record in the job history and in a log file
  bool resume = false;     // jobId names a job already in the history (re-attach): keep its record
  FILE* out = stdout;
  FILE* err = stderr;
};

// The running side of a job inside a `ct` process: reports events, keeps the history row and
// the log file current, and answers "was I cancelled?". One per long-running command.
class JobContext {
 public:
  JobContext(QString kind, QJsonObject params, JobContextOptions options = {});
  ~JobContext();
  JobContext(const JobContext&) = delete;
  JobContext& operator=(const JobContext&) = delete;

  // Records the job as running. A history that cannot be opened is a warning, not a failure:
  // the work itself does not depend on it.
  void begin();

  const QString& id() const { return record_.id; }
  const JobRecord& record() const { return record_; }

  void log(LogLevel level, const QString& message, const QJsonObject& data = {});
  // Kept in the log file and the JSON stream, but not printed for people (the command prints
  // the line itself, e.g. a remote command's output on stdout).
  void logQuietly(LogLevel level, const QString& message);
  void info(const QString& message) { log(LogLevel::Info, message); }
  void warn(const QString& message) { log(LogLevel::Warning, message); }
  void progress(double done, double total, const QString& unit, const QString& stage = {});
  void metric(const QString& series, double x, double y);
  void text(const QString& piece);  // generated output: JSON "text" events, or stdout for people

  bool cancelled() const;

  // A pipeline run passing on an event of one of its stages (a child `ct`'s log, progress,
  // metric or text), tagged with the stage: in the JSON stream under this job's id, for people
  // as "[stage] message" for warnings and errors only.
  void forward(Event e, const QString& runStage);

  // A job that runs on a GPU host: the host profile's name and where the job lives there. Kept
  // in the history at once; updateRemote() at most once a second (it carries the log offset).
  void setRemote(const QString& host, const QJsonObject& remote);
  void updateRemote(const QJsonObject& remote);

  // Each ends the job and returns the exit code `ct` should end with.
  int succeed(const QJsonObject& result);
  int fail(const QString& code, const QString& message);
  int cancel();
  // Leaves the job running (on its host) and this process without a result: ct run --detach.
  int detach();

 private:
  void emitEvent(Event e);
  void persist(bool force);
  int finish(JobState state, int exitCode);

  JobContextOptions options_;
  JobRecord record_;
  std::unique_ptr<JobStore> store_;
  JobLogFile logFile_;
  EtaEstimator eta_;
  QElapsedTimer sinceSave_;
  int lastHumanPercent_ = -1;
  QString lastHumanStage_;
  bool finished_ = false;
};

}  // namespace ct::jobs
