#pragma once
#include <QString>

namespace ct::proc {

// How a child ended, told apart so that the user reads the right cause.
struct ProcessResult {
  enum class Outcome {
    NotStarted,     // still running, or never started
    Exited,         // exited by itself; exitCode says how
    Crashed,        // killed by a signal nobody here sent (segfault, OOM killer, ...)
    FailedToStart,  // program missing or not executable
    Watchdog,       // printed nothing for too long and was killed
    Cancelled,      // cancelled on request
    TimedOut,       // ran past its wall-clock limit and was killed
  };

  Outcome outcome = Outcome::NotStarted;
  int exitCode = -1;
  int signal = 0;
  QString program;
  QString detail;  // the OS's words when starting failed

  bool ok() const { return outcome == Outcome::Exited && exitCode == 0; }
  QString describe() const;  // one line for logs and error dialogs
};

QString nameOf(ProcessResult::Outcome o);
QString signalName(int sig);

}  // namespace ct::proc
