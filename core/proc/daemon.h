#pragma once
#include <QString>
#include <optional>

#include "proc/process.h"

namespace ct::proc {

// A child that outlives the process that started it (a service a pipeline run leaves up): its
// own session and process group, stdin fed once from spec.stdinData then closed, stdout and
// stderr appended to a log file, not reaped by us. Known by pid plus the kernel's start time, so
// a later stop never signals a process that merely reused the pid.
struct DaemonId {
  qint64 pid = 0;
  qint64 startTicks = 0;  // /proc/PID/stat field 22
};

std::optional<DaemonId> startDaemon(const ProcessSpec& spec, const QString& logPath, QString* error);
qint64 processStartTicks(qint64 pid);  // 0 when there is no such process, or a zombie
// /proc/PID/stat's state letter ('R', 'S', 'Z', ...) and start time (field 22); nullopt when gone.
struct ProcessStat {
  char state = 0;
  qint64 startTicks = 0;
};
std::optional<ProcessStat> processStat(qint64 pid);
bool daemonAlive(const DaemonId& id);
// SIGTERM to its process group, SIGKILL after graceMs; true when it is gone.
bool stopDaemon(const DaemonId& id, int graceMs = 5000);

// Ties a child to this process (a pipeline run's stages and the services it is not to keep): the
// environment to start it with, holding CT_EXIT_WITH=PID:START of this process.
inline constexpr const char* kExitWithVariable = "CT_EXIT_WITH";
QProcessEnvironment tiedToThisProcess();
// In the child's main(): when the process named by CT_EXIT_WITH is gone, even killed, this one
// gets SIGTERM (cancelled as by a user). The variable is removed from the environment, so what
// this process starts is not tied to it; keepTieAcrossExec() puts it back before an execv that
// keeps the pid (ct → ct-compute).
void watchParentFromEnvironment();
void keepTieAcrossExec();

}  // namespace ct::proc
