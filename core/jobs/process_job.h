#pragma once
#include <optional>

#include "jobs/job.h"
#include "proc/process.h"

namespace ct::jobs {

// A job that runs as a child process speaking the event schema on stdout (normally `ct ...
// --json`). Lines that are not events become log lines, stderr becomes warnings, and how the
// process ended decides the final state when the child could not say it itself.
class ProcessJob : public Job {
  Q_OBJECT
 public:
  ProcessJob(JobRecord record, proc::ProcessSpec spec, QObject* parent = nullptr);

  void start();
  bool canCancel() const override { return process_.isRunning(); }
  void cancel() override;
  // The child stops following work that runs elsewhere and leaves it running (SIGUSR1).
  void detach();
  void stop() override;
  qint64 pid() const { return process_.pid(); }
  const proc::ProcessResult& processResult() const { return process_.result(); }

 private:
  void onStdout(const QList<QByteArray>& lines);
  void onStderr(const QList<QByteArray>& lines);
  void onDone(const proc::ProcessResult& result);

  proc::ProcessSpec spec_;
  proc::Process process_;
  std::optional<JobState> reportedFinal_;  // held back until the process has really ended
  bool cancelRequested_ = false;
  bool stopRequested_ = false;
};

}  // namespace ct::jobs
