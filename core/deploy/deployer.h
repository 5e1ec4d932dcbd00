#pragma once
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

#include "deploy/deployment.h"
#include "deploy/model_checks.h"
#include "sched/scheduler.h"

// `ct deploy`: vLLM on a GPU host, checked, leased, started as a remote job, watched until it
// answers, reached through a tunnel, registered by name; and stopped again without leaving a
// process or a lease behind.
namespace ct::deploy {

struct DeployRequest {
  QString host, model, name;
  QString gpus = QStringLiteral("auto");  // auto | N | comma list of indices, UUIDs or bus ids
  std::optional<double> memoryGiB, gpuMemoryUtilization;
  int maxModelLen = 0;
  int port = 0;  // 0: auto, from the host's range
  QString apiKey;  // empty: a random one is made (the host's other users share 127.0.0.1)
  int tensorParallel = 0;  // 0: the GPU count
  QString servedName, quantization, dtype;
  QStringList vllmArgs;
  int timeoutSeconds = 900;
  QString appUser;
  QString ctProgram;  // this ct, started detached to keep the tunnel open
};

struct DeployEvents {
  std::function<void(const QString& stage, const QString& message)> log;
  std::function<bool()> cancelled;  // polled while waiting for vLLM; true: stop it and give up
};

struct DeployOutcome {
  bool ok = false;
  QString step;    // where it stopped: name, host, model, checks, plan, lease, start, ready
  QString error, advice;
  Deployment deployment;
  sched::PlanResult plan;
  KernelChoice kernel;
  double readySeconds = 0;  // from the command to ready
};

DeployOutcome deploy(const DeployRequest& req, const DeployEvents& ev);

struct StopOutcome {
  bool ok = false;
  QString error;
  QStringList steps;  // what was done, in order
  QList<qint64> pids; // the processes that were stopped
};
StopOutcome stop(const QString& name, const DeployEvents& ev, int graceMs = 10000, int smiTimeoutMs = 60000);

// The remote job's log (last `lines` lines; 0: all).
std::optional<QByteArray> logs(const QString& name, int lines, QString* error);

// Whether the remote job still runs (state shown by `ct deploy list`); nullopt when the host
// could not be asked.
std::optional<bool> running(const Deployment& d, QString* error);

}  // namespace ct::deploy
