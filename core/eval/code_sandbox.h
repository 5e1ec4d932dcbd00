#pragma once
#include <QJsonObject>
#include <QString>
#include <functional>

namespace ct::eval {

struct SandboxLimits {
  int cpuSeconds = 20;
  int wallSeconds = 30;
  qint64 memoryBytes = 1LL << 30;  // address space
  qint64 fileBytes = 16LL << 20;
  int maxProcesses = 64;
  // Debian's interpreter, not whatever a user's PATH finds first (a pyenv shim under /root is
  // unreadable once the program runs as nobody).
  QString python = QStringLiteral("/usr/bin/python3");
};

// What a candidate program did against one task's tests.
struct CodeVerdict {
  QString base;       // pass | fail | timeout | memory | crash
  QString plus;       // the same, or empty when the task has no extra tests
  QString detail;     // the first line of the error, for the samples log
  QString isolation;  // how it was contained (namespaces, user, limits)
};

// The task side of a run: the candidate solution plus the tests to run it against.
struct CodeTask {
  QString solution;    // the full program text the model produced (prompt included for completions)
  QString entryPoint;
  QString test;        // HumanEval check() or MBPP asserts (base tests when there are no inputs)
  QString canonical;   // reference program, to compute expected outputs for inputs
  QJsonObject inputs;  // base_input, plus_input, atol (EvalPlus)
};

// Runs one candidate in a separate python3 process per sample: its own scratch directory,
// CPU-time, memory, file-size and process-count limits, a wall-clock limit, no network
// (a fresh network namespace, plus a guard inside the interpreter), and never as root. Infinite
// loops, crashes, memory and fork bombs end as a verdict, not as a hung or dead evaluator.
// Blocks (running an event loop) until the verdict.
CodeVerdict runCandidate(const CodeTask& task, const SandboxLimits& limits);

// Several at once: `done` is called for each as it finishes; returns when all have.
void runCandidates(const QList<CodeTask>& tasks, const SandboxLimits& limits, int parallel,
                   const std::function<void(int index, const CodeVerdict&)>& done, const std::function<bool()>& cancelled);

}  // namespace ct::eval
