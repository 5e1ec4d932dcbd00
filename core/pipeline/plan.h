#pragma once
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include "pipeline/recipe.h"

// A recipe as a dependency graph of stages. Each stage is an existing command (ct quantize,
// ct compile, ct host + ct serve, ct deploy, ct eval) run as a child `ct`, or a short step the
// runner does itself (compare, report).
namespace ct::pipeline {

enum class StageKind { Quantize, Compile, Board, Serve, Deploy, Evaluate, Compare, Report };
QString kindName(StageKind k);

struct StagePlan {
  QString name;  // quantize:int4, compile, board, serve:origin, deploy:int4, evaluate:board, compare, report
  StageKind kind = StageKind::Report;
  QStringList after;
  QString label;   // the model it is about: origin, a variant name, board
  QString host;    // where it runs; empty: this machine
  QStringList args;  // the child's `ct` arguments (services and evaluations: completed at start)
  QString output;    // what it makes: a local path, or HOST:PATH
  QJsonObject params;  // everything its result depends on besides its inputs' outputs
  bool local = true;   // takes this machine's CPU while it runs
  bool service() const { return kind == StageKind::Board || kind == StageKind::Serve || kind == StageKind::Deploy; }
};

struct PlanContext {
  QString runId, runDir;
  QString evalDataDir;  // bundled samples
  QString hostWorkdir;  // quantize.run_on's workdir (HostProfile::workdirOrDefault)
};

QList<StagePlan> planStages(const Recipe& recipe, const PlanContext& context);

// Where a model the run scores or deploys lives: origin → the recipe's folder; a variant → its
// quantize stage's output; board → the compiled image. host: where that folder is ("" local).
struct ModelSource {
  QString path, host;
};
ModelSource modelSource(const Recipe& recipe, const PlanContext& context, const QString& label);
// A variant's checkpoint on this machine (quantized here, or pulled back from the host).
QString localCheckpoint(const PlanContext& context, const QString& variant);
// The bundled calibration text the runner writes for variants that name none.
QString bundledCalibrationFile(const PlanContext& context);
QString servedName(const Recipe& recipe, const QString& label);  // <name>-<label>
QString deploymentName(const Recipe& recipe, const QString& label);

// ct eval's runs for one model, given its endpoint: one per distinct item limit (evaluate.limit,
// evaluate.task_limits), each writing its own part; the stage merges the parts into eval/<label>.json.
struct EvalCommand {
  QStringList args;
  QString out;
};
QList<EvalCommand> evaluateCommands(const Recipe& recipe, const PlanContext& context, const QString& label, const QString& url, const QString& model);

}  // namespace ct::pipeline
