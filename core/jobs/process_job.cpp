#include "jobs/process_job.h"

#include <QDateTime>
#include <csignal>

namespace ct::jobs {

ProcessJob::ProcessJob(JobRecord record, proc::ProcessSpec spec, QObject* parent)
    : Job(std::move(record), parent), spec_(std::move(spec)) {
  connect(&process_, &proc::Process::stdoutLines, this, &ProcessJob::onStdout);
  connect(&process_, &proc::Process::stderrLines, this, &ProcessJob::onStderr);
  connect(&process_, &proc::Process::done, this, &ProcessJob::onDone);
}

void ProcessJob::start() {
  apply(Event::stateChange(JobState::Running));
  process_.start(spec_);
}

void ProcessJob::cancel() {
  cancelRequested_ = true;
  process_.cancel();
}

void ProcessJob::detach() {
  if (process_.isRunning() && process_.pid() > 0) ::kill(static_cast<pid_t>(process_.pid()), SIGUSR1);
}

void ProcessJob::stop() {
  stopRequested_ = true;
  process_.cancel();
}

void ProcessJob::onStdout(const QList<QByteArray>& lines) {
  QList<Event> events;
  events.reserve(lines.size());
  const qint64 now = QDateTime::currentMSecsSinceEpoch();
  for (const QByteArray& line : lines) {
    std::optional<Event> e;
    if (line.startsWith('{')) e = Event::parseLine(line, nullptr);
    if (!e) {
      events.append(Event::log(LogLevel::Info, QString::fromUtf8(line)));
      events.back().timeMs = now;
      continue;
    }
    if (e->type == Event::Type::State && isFinal(e->state)) {
      reportedFinal_ = e->state;
      continue;
    }
    events.append(*e);
  }
  apply(events);
}

void ProcessJob::onStderr(const QList<QByteArray>& lines) {
  QList<Event> events;
  events.reserve(lines.size());
  for (const QByteArray& line : lines) events.append(Event::log(LogLevel::Warning, QString::fromUtf8(line)));
  apply(events);
}

void ProcessJob::onDone(const proc::ProcessResult& r) {
  using O = proc::ProcessResult::Outcome;
  switch (r.outcome) {
    case O::Cancelled:
      // A server told to stop says "succeeded" on its way out: that is the normal end.
      if (stopRequested_ && reportedFinal_) {
        apply(Event::stateChange(*reportedFinal_));
        return;
      }
      conclude(JobState::Cancelled, QStringLiteral("cancelled"), QStringLiteral("cancelled by the user"));
      return;
    case O::Crashed:
    case O::Watchdog:
    case O::FailedToStart:
      conclude(JobState::Failed, nameOf(r.outcome), r.describe());
      return;
    case O::Exited:
    case O::NotStarted:
      break;
  }
  if (reportedFinal_) {
    apply(Event::stateChange(*reportedFinal_));
    return;
  }
  if (r.exitCode == 0) conclude(JobState::Succeeded, {}, {});
  else if (r.exitCode == exit_code::cancelled || cancelRequested_)
    conclude(JobState::Cancelled, QStringLiteral("cancelled"), QStringLiteral("cancelled"));
  else
    conclude(JobState::Failed, record().errorCode.isEmpty() ? QStringLiteral("exit") : record().errorCode,
             record().errorMessage.isEmpty() ? r.describe() : QString());
}

}  // namespace ct::jobs
