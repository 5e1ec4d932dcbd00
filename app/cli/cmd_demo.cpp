#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include "cli/commands.h"
#include "eval/demo_pipeline.h"
#include "jobs/job_context.h"
#include "jobs/job_manager.h"
#include "util/paths.h"

namespace ct::cli {
namespace {

class DemoCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("demo"); }
  QString summary() const override { return QStringLiteral("The offline demo: quantize, compile, serve and score the embedded demo model end to end."); }
  void addOptions(QCommandLineParser& p) override {
    p.addOptions({
        {QStringLiteral("work"), QStringLiteral("Folder for what the demo makes (replaced each run; default: the data folder's demo/)."), QStringLiteral("dir")},
        {QStringLiteral("items"), QStringLiteral("Demo-task questions per target (default 60)."), QStringLiteral("n")},
        {QStringLiteral("model"), QStringLiteral("The demo model folder (default: the embedded one)."), QStringLiteral("dir")},
        {QStringLiteral("real-items"), QStringLiteral("Items per real benchmark task (arc_easy, hellaswag, mmlu, humaneval samples; default 10, 0 = none)."), QStringLiteral("n")},
    });
  }
  int run(const QCommandLineParser& p, CliEnv& env) override {
    eval::DemoOptions o;
    o.ctProgram = QCoreApplication::applicationFilePath();
    o.modelDir = p.isSet(QStringLiteral("model")) ? p.value(QStringLiteral("model")) : paths::bundledResource(QStringLiteral("demo-model"), "CT_DEMO_MODEL");
    if (o.modelDir.isEmpty()) throw UsageError{QStringLiteral("cannot find the embedded demo model; give --model DIR or set CT_DEMO_MODEL")};
    o.workDir = p.isSet(QStringLiteral("work")) ? p.value(QStringLiteral("work")) : QDir(paths::dataDir()).filePath(QStringLiteral("demo"));
    o.items = parsePositiveInt(p, QStringLiteral("items"), o.items);
    o.dataDir = paths::bundledResource(QStringLiteral("eval-samples"), "CT_EVAL_DATA");
    if (p.isSet(QStringLiteral("real-items"))) {
      bool ok = false;
      o.realItems = p.value(QStringLiteral("real-items")).toInt(&ok);
      if (!ok || o.realItems < 0) throw UsageError{QStringLiteral("--real-items must be a whole number of 0 or more")};
    }
    if (o.dataDir.isEmpty()) o.realItems = 0;
    jobs::JobContext ctx(QStringLiteral("demo"), QJsonObject{{QStringLiteral("model"), o.modelDir}, {QStringLiteral("work"), o.workDir}, {QStringLiteral("items"), o.items}},
                         {env.json, env.jobId});
    ctx.begin();
    return eval::runDemo(ctx, o);
  }
};

}  // namespace

std::unique_ptr<Command> makeDemoCommand() { return std::make_unique<DemoCommand>(); }

}  // namespace ct::cli
