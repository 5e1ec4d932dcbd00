#include "proc/process.h"

#include <QEventLoop>
#include <cerrno>
#include <csignal>
#include <grp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace ct::proc {
namespace {

// Runs in the forked child before exec: only async-signal-safe calls.
void applySandbox(const Sandbox& s) {
  auto limit = [](int resource, rlim_t value) {
    const rlimit r{value, value};
    ::setrlimit(resource, &r);
  };
  limit(RLIMIT_CORE, 0);
  if (s.cpuSeconds > 0) limit(RLIMIT_CPU, static_cast<rlim_t>(s.cpuSeconds));
  if (s.memoryBytes > 0) limit(RLIMIT_AS, static_cast<rlim_t>(s.memoryBytes));
  if (s.fileBytes > 0) limit(RLIMIT_FSIZE, static_cast<rlim_t>(s.fileBytes));
  if (s.maxProcesses > 0) limit(RLIMIT_NPROC, static_cast<rlim_t>(s.maxProcesses));
  if (::geteuid() == 0) {
    ::setgroups(0, nullptr);
    if (::setgid(static_cast<gid_t>(s.dropToGid)) != 0 || ::setuid(static_cast<uid_t>(s.dropToUid)) != 0) {
      static const char msg[] = "ct-sandbox: cannot leave the root user; refusing to run\n";
      (void)!::write(2, msg, sizeof msg - 1);
      ::_exit(126);
    }
  }
  if (s.noNetwork && ::unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) {
    static const char msg[] = "ct-sandbox: no network namespace here; relying on the in-process guard\n";
    (void)!::write(2, msg, sizeof msg - 1);
  }
}

}  // namespace

Process::Process(QObject* parent) : QObject(parent), proc_(new QProcess(this)) {
  qRegisterMetaType<ct::proc::ProcessResult>();
  proc_->setChildProcessModifier([this] {
    ::setsid();
    // If the parent dies without cleaning up, the child hears about it instead of running on.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (spec_.sandbox.enabled) applySandbox(spec_.sandbox);
  });
  connect(proc_, &QProcess::readyReadStandardOutput, this, [this] { drain(QProcess::StandardOutput, false); });
  connect(proc_, &QProcess::readyReadStandardError, this, [this] { drain(QProcess::StandardError, false); });
  connect(proc_, &QProcess::finished, this, &Process::onFinished);
  connect(proc_, &QProcess::errorOccurred, this, &Process::onError);
  connect(proc_, &QProcess::started, this, [this] {
    pid_ = proc_->processId();
    Q_EMIT started(pid_);
  });

  watchdog_.setSingleShot(true);
  connect(&watchdog_, &QTimer::timeout, this, [this] {
    result_.detail = QStringLiteral("no output for %1 s").arg(spec_.noOutputTimeoutMs / 1000.0);
    stop(ProcessResult::Outcome::Watchdog);
  });
  wall_.setSingleShot(true);
  connect(&wall_, &QTimer::timeout, this, [this] {
    result_.detail = QStringLiteral("limit %1 s").arg(spec_.wallTimeoutMs / 1000.0);
    stop(ProcessResult::Outcome::TimedOut);
  });
  grace_.setSingleShot(true);
  connect(&grace_, &QTimer::timeout, this, [this] { signalGroup(SIGKILL); });
  stragglers_.setSingleShot(true);
  connect(&stragglers_, &QTimer::timeout, this, [this] {
    if (groupAlive()) signalGroup(SIGKILL);
  });
}

Process::~Process() {
  watchdog_.stop();
  wall_.stop();
  grace_.stop();
  if (pid_ > 0 && (isRunning() || (!spec_.leavesDaemon && groupAlive()))) signalGroup(SIGKILL);
  if (proc_->state() != QProcess::NotRunning) {
    proc_->disconnect(this);
    proc_->waitForFinished(2000);
  }
}

void Process::start(const ProcessSpec& spec) {
  Q_ASSERT(phase_ == Phase::Idle || phase_ == Phase::Done);
  spec_ = spec;
  result_ = {};
  result_.program = spec.program;
  out_ = LineBuffer(spec.maxLineBytes);
  err_ = LineBuffer(spec.maxLineBytes);
  pid_ = 0;
  phase_ = Phase::Running;
  if (!spec.workDir.isEmpty()) proc_->setWorkingDirectory(spec.workDir);
  if (spec.env) proc_->setProcessEnvironment(*spec.env);
  if (!spec.keepStdinOpen && spec.stdinData.isEmpty()) proc_->setStandardInputFile(QProcess::nullDevice());
  if (spec.noOutputTimeoutMs > 0) watchdog_.start(spec.noOutputTimeoutMs);
  if (spec.wallTimeoutMs > 0) wall_.start(spec.wallTimeoutMs);
  proc_->start(spec.program, spec.args, QIODevice::ReadWrite);
  if (!spec.stdinData.isEmpty()) {
    proc_->write(spec.stdinData);
    if (!spec.keepStdinOpen) proc_->closeWriteChannel();
  }
}

void Process::write(const QByteArray& data) { proc_->write(data); }
void Process::closeStdin() { proc_->closeWriteChannel(); }

void Process::cancel() {
  if (phase_ == Phase::Running) stop(ProcessResult::Outcome::Cancelled);
}

void Process::stop(ProcessResult::Outcome reason) {
  if (phase_ != Phase::Running) return;
  phase_ = Phase::Stopping;
  stopReason_ = reason;
  watchdog_.stop();
  wall_.stop();
  if (pid_ <= 0) pid_ = proc_->processId();
  signalGroup(SIGTERM);
  grace_.start(spec_.graceMs);
}

bool Process::signalGroup(int sig) {
  if (pid_ <= 0) return false;
  // The group id is the child's pid (setsid). Right after fork the child may not have called
  // setsid yet, so signal the child itself too.
  const bool group = ::kill(static_cast<pid_t>(-pid_), sig) == 0;
  const bool leader = proc_->state() != QProcess::NotRunning && ::kill(static_cast<pid_t>(pid_), sig) == 0;
  return group || leader;
}

bool Process::groupAlive() const {
  // A non-empty group keeps its id reserved, so this cannot hit an unrelated process.
  return pid_ > 0 && ::kill(static_cast<pid_t>(-pid_), 0) == 0;
}

void Process::drain(QProcess::ProcessChannel channel, bool final) {
  LineBuffer& buffer = channel == QProcess::StandardOutput ? out_ : err_;
  QList<QByteArray> lines;
  proc_->setReadChannel(channel);
  char chunk[64 * 1024];
  qint64 n = 0;
  bool any = false;
  const bool raw = channel == QProcess::StandardOutput && spec_.rawStdout;
  while ((n = proc_->read(chunk, sizeof chunk)) > 0) {
    if (raw) Q_EMIT stdoutData(QByteArray(chunk, n));
    else buffer.feed(chunk, n, lines);
    any = true;
  }
  if (final) buffer.flush(lines);
  if (any && phase_ == Phase::Running && spec_.noOutputTimeoutMs > 0) watchdog_.start(spec_.noOutputTimeoutMs);
  if (lines.isEmpty()) return;
  if (channel == QProcess::StandardOutput) Q_EMIT stdoutLines(lines);
  else Q_EMIT stderrLines(lines);
}

void Process::onFinished(int exitCode, QProcess::ExitStatus status) {
  drain(QProcess::StandardOutput, true);
  drain(QProcess::StandardError, true);
  watchdog_.stop();
  wall_.stop();
  grace_.stop();
  if (phase_ == Phase::Stopping) {
    // Stopping means the whole tree goes: no second grace period for what the leader left.
    if (groupAlive()) signalGroup(SIGKILL);
    result_.outcome = stopReason_;
    result_.exitCode = status == QProcess::NormalExit ? exitCode : -1;
    result_.signal = status == QProcess::CrashExit ? exitCode : 0;
  } else {
    if (status == QProcess::CrashExit) {
      result_.outcome = ProcessResult::Outcome::Crashed;
      result_.signal = exitCode;  // Qt reports the terminating signal as the exit code
    } else {
      result_.outcome = ProcessResult::Outcome::Exited;
      result_.exitCode = exitCode;
    }
    if (!spec_.leavesDaemon && groupAlive()) {
      signalGroup(SIGTERM);
      stragglers_.start(spec_.graceMs);
    }
  }
  finish();
}

void Process::onError(QProcess::ProcessError error) {
  if (error != QProcess::FailedToStart || phase_ == Phase::Done) return;
  watchdog_.stop();
  wall_.stop();
  result_.outcome = ProcessResult::Outcome::FailedToStart;
  result_.detail = proc_->errorString();
  finish();
}

void Process::finish() {
  phase_ = Phase::Done;
  Q_EMIT done(result_);
}

bool Process::waitForDone(int timeoutMs) {
  if (!isRunning()) return phase_ == Phase::Done;
  QEventLoop loop;
  QTimer timer;
  timer.setSingleShot(true);
  connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
  connect(this, &Process::done, &loop, &QEventLoop::quit);
  if (timeoutMs >= 0) timer.start(timeoutMs);  // negative: no limit
  loop.exec();
  return phase_ == Phase::Done;
}

}  // namespace ct::proc
