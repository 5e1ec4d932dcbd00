#include "proc/process_result.h"

#include <QFileInfo>
#include <csignal>
#include <cstring>

namespace ct::proc {

QString nameOf(ProcessResult::Outcome o) {
  switch (o) {
    case ProcessResult::Outcome::NotStarted: return QStringLiteral("not-started");
    case ProcessResult::Outcome::Exited: return QStringLiteral("exited");
    case ProcessResult::Outcome::Crashed: return QStringLiteral("crashed");
    case ProcessResult::Outcome::FailedToStart: return QStringLiteral("failed-to-start");
    case ProcessResult::Outcome::Watchdog: return QStringLiteral("watchdog");
    case ProcessResult::Outcome::Cancelled: return QStringLiteral("cancelled");
    case ProcessResult::Outcome::TimedOut: return QStringLiteral("timed-out");
  }
  return {};
}

QString signalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  const QString name = abbrev ? QStringLiteral("SIG") + QString::fromLatin1(abbrev) : QStringLiteral("signal %1").arg(sig);
  const char* what = sigdescr_np(sig);
  return what ? QStringLiteral("%1 (%2)").arg(name, QString::fromLatin1(what)) : name;
}

QString ProcessResult::describe() const {
  const QString name = QFileInfo(program).fileName();
  switch (outcome) {
    case Outcome::NotStarted: return QStringLiteral("%1 has not finished").arg(name);
    case Outcome::Exited:
      return exitCode == 0 ? QStringLiteral("%1 finished").arg(name)
                           : QStringLiteral("%1 failed with exit code %2").arg(name).arg(exitCode);
    case Outcome::Crashed:
      return QStringLiteral("%1 crashed: killed by %2%3")
          .arg(name, signalName(signal),
               signal == SIGKILL ? QStringLiteral(" — often the out-of-memory killer; check `dmesg`") : QString());
    case Outcome::FailedToStart: return QStringLiteral("cannot start %1: %2").arg(program, detail);
    case Outcome::TimedOut: return QStringLiteral("%1 ran past its time limit and was stopped (%2)").arg(name, detail);
    case Outcome::Watchdog: return QStringLiteral("%1 printed nothing for too long and was stopped (%2)").arg(name, detail);
    case Outcome::Cancelled: return QStringLiteral("%1 was cancelled").arg(name);
  }
  return {};
}

}  // namespace ct::proc
