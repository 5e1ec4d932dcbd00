#pragma once
// Finding a test's processes by PID through /proc: every process (child, grandchild, or daemon
// in its own session) that inherited a marker variable from the process a test started.
#include <QList>
#include <QString>

namespace ct::test {

// A NAME=VALUE unique to this test run, to put in the environment of what the test starts.
QString uniqueMarker();
// PIDs of live (non-zombie) processes whose environment holds `marker` (NAME=VALUE).
QList<qint64> pidsWithMarker(const QString& marker);
// SIGKILL to each, for a test's clean-up after a failed check.
void killAll(const QList<qint64>& pids);

}  // namespace ct::test
