#pragma once
#include <QJsonObject>
#include <QString>
#include <functional>

#include "pipeline/plan.h"
#include "pipeline/recipe.h"
#include "pipeline/run_state.h"

namespace ct::jobs {
class JobContext;
}

namespace ct::pipeline {

struct RunnerOptions {
  QString ctProgram;
  PlanContext plan;
  int localSlots = 1;  // stages that load this machine's CPU at once (quantize, compile, scoring)
  // Called with the result of a run that succeeded, before services it does not keep are
  // stopped (ct demo reshapes the result and prints its summary here).
  std::function<void(const RunState&, QJsonObject& result)> finishing;
};

// Runs a pipeline run, or resumes one (state holds its earlier stages): stages start as soon as
// what they need is done; finished stages are kept only when their fingerprints still match.
// A failed stage lets the running ones finish and starts no more; cancel stops every stage and
// every service this attempt started. Returns ct's exit code (through ctx).
int runPipeline(jobs::JobContext& ctx, const Recipe& recipe, RunState& state, const RunnerOptions& options);

}  // namespace ct::pipeline
