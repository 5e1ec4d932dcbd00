#pragma once
#include <QJsonObject>
#include <QList>
#include <QString>
#include <functional>

#include "remote/host_profile.h"

namespace ct::remote {

// One step of `ct hosts test`: what was checked, how it went, how long it took, and on failure
// what to do.
struct TestStep {
  QString id;      // resolve, connect, host key, auth, shell, os, disk, python3, vllm, lm_eval, evalplus, nvidia-smi, ct, transfer
  QString title;
  QString status;  // ok, accepted, warning, missing, failed, skipped
  qint64 ms = 0;
  QString detail;
  QString fix;
  QJsonObject facts;  // what was found (versions, paths, GPU count, free bytes, ...)
  QJsonObject toJson() const;
};

struct HostTestOptions {
  bool acceptNewHostKey = false;
};

struct HostTestReport {
  QList<TestStep> steps;
  bool reachable = false;  // every connection step passed: jobs, transfers and tunnels can run
  QString failedStep;      // the first connection step that failed
  QJsonObject summary() const;  // what the profile keeps as its last test
};

// Checks a host step by step, each reported to onStep as soon as it is known. Connection steps
// stop the test at the first failure (the rest are reported as skipped); tool steps report a
// missing tool with the way to install or point at it.
HostTestReport testHost(const HostProfile& profile, const HostTestOptions& options, const std::function<void(const TestStep&)>& onStep);

// "Driver Version: X  CUDA Version: Y" and the GPU rows of plain `nvidia-smi` output.
struct NvidiaSmiFacts {
  QString driver, cuda;
  QStringList gpus;
};
NvidiaSmiFacts parseNvidiaSmi(const QString& text);

}  // namespace ct::remote
