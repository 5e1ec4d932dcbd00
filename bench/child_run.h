#pragma once
// Runs a program the way the benchmarks time one: posix_spawn (no shell) and wait4, so the wall
// time covers exactly that process and the rusage (peak RSS) is the child's own.
#include <QByteArray>
#include <QList>

namespace ct::bench {

struct ChildRun {
  int status = -1;       // as wait4 reports it
  double seconds = 0;    // posix_spawn to wait4's return
  long maxRssKb = 0;     // the child's peak resident set
  bool succeeded() const;
  int exitCode() const;  // -1 when it did not exit normally
};

// PROGRAM with ARGS (argv[0] is PROGRAM); stdout to stdoutPath (truncated) or /dev/null when empty,
// stderr to /dev/null when quietStderr, else inherited; the environment is this process's.
// Exits the benchmark with a message when the program cannot be started.
ChildRun runChild(const QByteArray& program, const QList<QByteArray>& args, const QByteArray& stdoutPath = {},
                  bool quietStderr = false);

// The value below which `share` of the sorted samples lie (0.5: median, 0.9: p90), nearest rank.
double quantile(QList<double> samples, double share);

}  // namespace ct::bench
