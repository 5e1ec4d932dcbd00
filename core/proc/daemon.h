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
qint64 processStartTicks(qint64 pid);  // 0 when there is no such process
bool daemonAlive(const DaemonId& id);
// SIGTERM to its process group, SIGKILL after graceMs; true when it is gone.
bool stopDaemon(const DaemonId& id, int graceMs = 5000);

}  // namespace ct::proc
