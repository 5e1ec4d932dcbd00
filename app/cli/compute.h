#pragma once
// `ct` comes as two programs. `ct` itself links no libtorch, so every command starts in
// milliseconds; `ct-compute`, installed next to it, is the same command set with the libtorch work
// linked in. A command that computes parses and checks its arguments in `ct` as usual and, at the
// point where it needs the compute library, calls handOver(): the process becomes ct-compute
// (execv: same pid, same arguments, same exit codes), which runs the command from the start.
#include <QString>
#include <memory>

#include "cli/command.h"

namespace ct::jobs {
class JobContext;
}
namespace ct::model {
class LanguageModel;
struct LoadOptions;
namespace demo {
struct TrainOptions;
}
}  // namespace ct::model
namespace ct::quant {
struct QuantizeRequest;
}

namespace ct::cli::compute {

// What the compute commands call in the compute library.
struct Work {
  std::unique_ptr<model::LanguageModel> (*loadModel)(const QString& dir, const model::LoadOptions& options, QString* error);
  std::unique_ptr<model::LanguageModel> (*loadEmulator)(const QString& imageDir, const model::LoadOptions& options, QString* error);
  int (*quantize)(jobs::JobContext& ctx, const quant::QuantizeRequest& request);
  int (*trainDemo)(jobs::JobContext& ctx, const QString& outDir, const model::demo::TrainOptions& options);
};

// The compute library's entry points in ct-compute (compute_linked.cpp); nullptr in `ct`
// (compute_absent.cpp), which hands compute commands over instead.
const Work* work();

// The program compute commands run in: `ct-compute` in the folder of the running executable.
QString computeProgram();

// In `ct`: replaces this process with ct-compute, given this process's own arguments. Returns only
// when that fails, after saying why on env.err, with exit code 1.
int handOver(const QString& command, CliEnv& env);

}  // namespace ct::cli::compute
