#pragma once
#include <QByteArray>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTimer>
#include <optional>

#include "proc/line_buffer.h"
#include "proc/process_result.h"

namespace ct::proc {

// Kernel limits for a child that runs untrusted code (generated programs under evaluation).
struct Sandbox {
  bool enabled = false;
  int cpuSeconds = 0;        // RLIMIT_CPU
  qint64 memoryBytes = 0;    // RLIMIT_AS
  qint64 fileBytes = 0;      // RLIMIT_FSIZE: the largest file it may write
  int maxProcesses = 0;      // RLIMIT_NPROC: what a fork bomb runs into
  bool noNetwork = true;     // a new network namespace with no interfaces up
  // Run as this user when we are root (root ignores RLIMIT_NPROC); 65534 is nobody.
  int dropToUid = 65534, dropToGid = 65534;
};

struct ProcessSpec {
  QString program;
  QStringList args;
  QString workDir;
  std::optional<QProcessEnvironment> env;  // unset: inherit ours
  int noOutputTimeoutMs = 0;  // watchdog; 0 = none
  int graceMs = 3000;         // SIGTERM → SIGKILL
  int maxLineBytes = 64 * 1024;
  bool keepStdinOpen = false;  // by default the child reads /dev/null and can never wait on us
  // Written to the child's stdin as it starts, then stdin is closed (unless keepStdinOpen): how
  // secrets reach a child, never on its command line.
  QByteArray stdinData;
  int wallTimeoutMs = 0;       // killed (TimedOut) when it runs longer; 0 = no limit
  bool rawStdout = false;      // stdout as bytes (stdoutData), for output that is not lines of text
  // The program leaves a daemon behind on purpose (`ssh -f` starting a master connection): what
  // is left in its process group after it exits is not cleaned up.
  bool leavesDaemon = false;
  Sandbox sandbox;
};

// The one wrapper for every child process. The child runs in its own session (so its process
// group holds it and every descendant that does not leave on purpose); output arrives as
// whole lines in batches; cancel is SIGTERM to the group, then SIGKILL after a grace period;
// `done` fires exactly once, also when the start fails.
class Process : public QObject {
  Q_OBJECT
 public:
  explicit Process(QObject* parent = nullptr);
  ~Process() override;

  void start(const ProcessSpec& spec);
  void cancel();
  void write(const QByteArray& data);
  void closeStdin();

  bool isRunning() const { return phase_ == Phase::Running || phase_ == Phase::Stopping; }
  qint64 pid() const { return pid_; }
  const ProcessResult& result() const { return result_; }
  // Runs a local event loop until done or timeoutMs (< 0: no limit). CLI and tests only, never
  // on the GUI thread.
  bool waitForDone(int timeoutMs);

 Q_SIGNALS:
  void started(qint64 pid);
  void stdoutLines(const QList<QByteArray>& lines);
  void stdoutData(const QByteArray& bytes);  // instead of stdoutLines when spec.rawStdout
  void stderrLines(const QList<QByteArray>& lines);
  void done(const ct::proc::ProcessResult& result);

 private:
  enum class Phase { Idle, Running, Stopping, Done };

  void drain(QProcess::ProcessChannel channel, bool final);
  void onFinished(int exitCode, QProcess::ExitStatus status);
  void onError(QProcess::ProcessError error);
  void stop(ProcessResult::Outcome reason);
  bool signalGroup(int sig);
  bool groupAlive() const;
  void finish();

  QProcess* proc_;
  ProcessSpec spec_;
  LineBuffer out_, err_;
  QTimer watchdog_, grace_, stragglers_, wall_;
  ProcessResult result_;
  ProcessResult::Outcome stopReason_ = ProcessResult::Outcome::Cancelled;
  Phase phase_ = Phase::Idle;
  qint64 pid_ = 0;
};

}  // namespace ct::proc

Q_DECLARE_METATYPE(ct::proc::ProcessResult)
