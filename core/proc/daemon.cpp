#include "proc/daemon.h"

#include <QFile>
#include <QCoreApplication>
#include <QThread>
#include <chrono>
#include <thread>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ct::proc {

std::optional<ProcessStat> processStat(qint64 pid) {
  QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
  if (pid <= 0 || !f.open(QIODevice::ReadOnly)) return std::nullopt;
  const QByteArray s = f.readAll();
  // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
  const qsizetype close = s.lastIndexOf(')');
  if (close < 0) return std::nullopt;
  const QList<QByteArray> rest = s.mid(close + 2).split(' ');
  // rest[0] is field 3 (state); field 22 is rest[19].
  if (rest.size() < 20 || rest[0].isEmpty()) return std::nullopt;
  return ProcessStat{rest[0].at(0), rest[19].toLongLong()};
}

qint64 processStartTicks(qint64 pid) {
  const auto st = processStat(pid);
  return st && st->state != 'Z' ? st->startTicks : 0;  // a zombie has finished
}

bool daemonAlive(const DaemonId& id) { return id.pid > 0 && processStartTicks(id.pid) == id.startTicks && id.startTicks != 0; }

std::optional<DaemonId> startDaemon(const ProcessSpec& spec, const QString& logPath, QString* error) {
  const QByteArray program = spec.program.toLocal8Bit();
  QList<QByteArray> argBytes{program};
  for (const QString& a : spec.args) argBytes << a.toLocal8Bit();
  std::vector<char*> argv;
  for (QByteArray& a : argBytes) argv.push_back(a.data());
  argv.push_back(nullptr);
  QList<QByteArray> envBytes;
  std::vector<char*> envp;
  if (spec.env) {
    for (const QString& kv : spec.env->toStringList()) envBytes << kv.toLocal8Bit();
    for (QByteArray& kv : envBytes) envp.push_back(kv.data());
    envp.push_back(nullptr);
  }
  const QByteArray log = logPath.toLocal8Bit();
  const QByteArray dir = spec.workDir.toLocal8Bit();

  int input[2], report[2];
  if (pipe2(input, O_CLOEXEC) != 0 || pipe2(report, O_CLOEXEC) != 0) {
    if (error) *error = QStringLiteral("cannot start %1: %2").arg(spec.program, QString::fromLocal8Bit(std::strerror(errno)));
    return std::nullopt;
  }
  const pid_t first = fork();
  if (first < 0) {
    if (error) *error = QStringLiteral("cannot start %1: %2").arg(spec.program, QString::fromLocal8Bit(std::strerror(errno)));
    return std::nullopt;
  }
  if (first == 0) {
    // Only async-signal-safe calls from here on: this is a fork of a threaded process.
    setsid();
    const pid_t second = fork();
    if (second != 0) {
      pid_t p = second;
      (void)!write(report[1], &p, sizeof p);
      _exit(second > 0 ? 0 : 1);
    }
    // Its own process group (pgid = its pid), so a stop reaches whatever it starts.
    setpgid(0, 0);
    const int out = open(log.constData(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (out < 0) _exit(126);
    dup2(input[0], 0);
    dup2(out, 1);
    dup2(out, 2);
    if (!dir.isEmpty() && chdir(dir.constData()) != 0) _exit(126);
    if (spec.env) execve(argv[0], argv.data(), envp.data());
    else execv(argv[0], argv.data());
    const char msg[] = "cannot execute the program\n";
    (void)!write(2, msg, sizeof msg - 1);
    _exit(127);
  }
  close(input[0]);
  close(report[1]);
  int status = 0;
  waitpid(first, &status, 0);
  pid_t daemonPid = 0;
  const ssize_t n = read(report[0], &daemonPid, sizeof daemonPid);
  close(report[0]);
  if (n != sizeof daemonPid || daemonPid <= 0) {
    close(input[1]);
    if (error) *error = QStringLiteral("cannot start %1 in the background").arg(spec.program);
    return std::nullopt;
  }
  // The secrets go in once; a closed pipe then reads as end of file.
  const QByteArray data = spec.stdinData;
  qsizetype off = 0;
  while (off < data.size()) {
    const ssize_t w = write(input[1], data.constData() + off, static_cast<size_t>(data.size() - off));
    if (w <= 0) break;
    off += w;
  }
  close(input[1]);
  DaemonId id{daemonPid, 0};
  for (int i = 0; i < 50 && id.startTicks == 0; ++i) {
    id.startTicks = processStartTicks(daemonPid);
    if (id.startTicks == 0) QThread::msleep(2);
  }
  if (id.startTicks == 0) {
    if (error) *error = QStringLiteral("%1 ended at once; see %2").arg(spec.program, logPath);
    return std::nullopt;
  }
  return id;
}

bool stopDaemon(const DaemonId& id, int graceMs) {
  if (!daemonAlive(id)) return true;
  ::kill(-static_cast<pid_t>(id.pid), SIGTERM);
  ::kill(static_cast<pid_t>(id.pid), SIGTERM);
  for (int waited = 0; waited < graceMs; waited += 20) {
    if (!daemonAlive(id)) return true;
    QThread::msleep(20);
  }
  ::kill(-static_cast<pid_t>(id.pid), SIGKILL);
  ::kill(static_cast<pid_t>(id.pid), SIGKILL);
  for (int waited = 0; waited < 2000; waited += 20) {
    if (!daemonAlive(id)) return true;
    QThread::msleep(20);
  }
  return !daemonAlive(id);
}

namespace {
char g_tie[64] = {0};  // CT_EXIT_WITH as this process received it
}  // namespace

QProcessEnvironment tiedToThisProcess() {
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  const qint64 self = QCoreApplication::applicationPid();
  env.insert(QString::fromLatin1(kExitWithVariable), QStringLiteral("%1:%2").arg(self).arg(processStartTicks(self)));
  return env;
}

void watchParentFromEnvironment() {
  const char* v = std::getenv(kExitWithVariable);
  if (!v) return;
  std::snprintf(g_tie, sizeof g_tie, "%s", v);
  long long pid = 0, start = 0;
  const int got = std::sscanf(v, "%lld:%lld", &pid, &start);
  ::unsetenv(kExitWithVariable);
  if (got != 2 || pid <= 0) return;
  std::thread([pid, start] {
    while (processStartTicks(pid) == start) std::this_thread::sleep_for(std::chrono::milliseconds(500));
    ::kill(::getpid(), SIGTERM);
  }).detach();
}

void keepTieAcrossExec() {
  if (g_tie[0]) ::setenv(kExitWithVariable, g_tie, 1);
}

}  // namespace ct::proc
