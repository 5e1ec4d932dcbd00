#include "cli/commands.h"
#include "cli/compute.h"
#include "jobs/job_context.h"
#include "model/demo/train_demo.h"

namespace ct::cli {
namespace {

class TrainDemoCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("train-demo"); }
  QString summary() const override { return QStringLiteral("Rebuild the embedded demo model (tokenizer + tiny Qwen2) from nothing."); }
  void addOptions(QCommandLineParser& p) override {
    p.addOption({QStringLiteral("out"), QStringLiteral("Output folder (replaced when training completes)."), QStringLiteral("dir")});
    p.addOption({QStringLiteral("steps"), QStringLiteral("Training steps (default 2400)."), QStringLiteral("n")});
    p.addOption({QStringLiteral("batch"), QStringLiteral("Sequences per step (default 32)."), QStringLiteral("n")});
    p.addOption({QStringLiteral("seed"), QStringLiteral("Seed (default 20261124)."), QStringLiteral("s")});
    p.addOption({QStringLiteral("threads"), QStringLiteral("CPU threads (default: all cores)."), QStringLiteral("n")});
  }
  int run(const QCommandLineParser& p, CliEnv& env) override {
    if (!p.isSet(QStringLiteral("out"))) throw UsageError{QStringLiteral("--out DIR is required")};
    model::demo::TrainOptions o;
    o.steps = parsePositiveInt(p, QStringLiteral("steps"), o.steps);
    o.batch = parsePositiveInt(p, QStringLiteral("batch"), o.batch);
    o.seed = static_cast<uint64_t>(parsePositiveInt(p, QStringLiteral("seed"), static_cast<int>(o.seed)));
    o.threads = parsePositiveInt(p, QStringLiteral("threads"), 0);
    const compute::Work* work = compute::work();
    if (!work) return compute::handOver(name(), env);
    jobs::JobContext ctx(QStringLiteral("train-demo"), QJsonObject{{QStringLiteral("out"), p.value(QStringLiteral("out"))}, {QStringLiteral("steps"), o.steps}}, {env.json, env.jobId});
    ctx.begin();
    return work->trainDemo(ctx, p.value(QStringLiteral("out")), o);
  }
};

}  // namespace

std::unique_ptr<Command> makeTrainDemoCommand() { return std::make_unique<TrainDemoCommand>(); }

}  // namespace ct::cli
