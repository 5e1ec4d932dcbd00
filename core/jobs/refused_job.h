#pragma once
#include "jobs/job.h"

namespace ct::jobs {

// A job the authorisation check turned down: it never starts a process, ends failed with the
// code "forbidden" and the refusal (which names the role needed), and stays in the history.
class RefusedJob : public Job {
  Q_OBJECT
 public:
  RefusedJob(JobRecord record, QString message, QObject* parent = nullptr)
      : Job(std::move(record), parent), message_(std::move(message)) {}
  void start() { conclude(JobState::Failed, QStringLiteral("forbidden"), message_); }

 private:
  QString message_;
};

}  // namespace ct::jobs
