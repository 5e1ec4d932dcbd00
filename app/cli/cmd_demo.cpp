#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <cstdio>

#include "cli/commands.h"
#include "jobs/job_context.h"
#include "pipeline/demo_summary.h"
#include "pipeline/recipe.h"
#include "pipeline/recipe_init.h"
#include "pipeline/runner.h"
#include "util/paths.h"

namespace ct::cli {
namespace {

class DemoCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("demo"); }
  QString summary() const override { return QStringLiteral("The offline demo: the embedded demo recipe through the pipeline (quantize, compile, serve, score, report)."); }
  void addOptions(QCommandLineParser& p) override {
    p.addOptions({
        {QStringLiteral("work"), QStringLiteral("Folder for what the demo makes (replaced each run; default: the data folder's demo/)."), QStringLiteral("dir")},
        {QStringLiteral("items"), QStringLiteral("Demo-task questions per target (default 60)."), QStringLiteral("n")},
        {QStringLiteral("model"), QStringLiteral("The demo model folder (default: the embedded one)."), QStringLiteral("dir")},
        {QStringLiteral("real-items"), QStringLiteral("Items per real benchmark task (arc_easy, hellaswag, mmlu, humaneval samples; default 10, 0 = none)."), QStringLiteral("n")},
        {QStringLiteral("recipe"), QStringLiteral("Only write the demo recipe to this file (for ct pipeline run, or the Pipeline page)."), QStringLiteral("file")},
    });
  }
  int run(const QCommandLineParser& p, CliEnv& env) override {
    QString model = p.isSet(QStringLiteral("model")) ? p.value(QStringLiteral("model")) : paths::bundledResource(QStringLiteral("demo-model"), "CT_DEMO_MODEL");
    if (model.isEmpty()) throw UsageError{QStringLiteral("cannot find the embedded demo model; give --model DIR or set CT_DEMO_MODEL")};
    model = QFileInfo(model).absoluteFilePath();
    const QString work = QFileInfo(p.isSet(QStringLiteral("work")) ? p.value(QStringLiteral("work")) : QDir(paths::dataDir()).filePath(QStringLiteral("demo"))).absoluteFilePath();
    const int items = parsePositiveInt(p, QStringLiteral("items"), 60);
    int realItems = 10;
    if (p.isSet(QStringLiteral("real-items"))) {
      bool ok = false;
      realItems = p.value(QStringLiteral("real-items")).toInt(&ok);
      if (!ok || realItems < 0) throw UsageError{QStringLiteral("--real-items must be a whole number of 0 or more")};
    }
    if (paths::bundledResource(QStringLiteral("eval-samples"), "CT_EVAL_DATA").isEmpty()) realItems = 0;
    const QJsonObject json = pipeline::demoRecipe(model, items, realItems);
    if (p.isSet(QStringLiteral("recipe"))) {
      QSaveFile f(p.value(QStringLiteral("recipe")));
      if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(json).toJson()) < 0 || !f.commit()) throw UsageError{QStringLiteral("cannot write %1: %2").arg(f.fileName(), f.errorString())};
      env.out << "wrote " << QFileInfo(f.fileName()).absoluteFilePath() << "\n";
      return 0;
    }
    QList<pipeline::Problem> problems;
    const auto recipe = pipeline::parseRecipe(json, &problems);
    if (!recipe) throw UsageError{pipeline::describeProblems(problems)};

    jobs::JobContext ctx(QStringLiteral("demo"), QJsonObject{{QStringLiteral("model"), model}, {QStringLiteral("work"), work}, {QStringLiteral("items"), items}}, {env.json, env.jobId});
    ctx.begin();
    QDir(work).removeRecursively();
    if (!QDir().mkpath(work)) return ctx.fail(QStringLiteral("io"), QStringLiteral("cannot create %1").arg(work));
    pipeline::RunState s;
    s.id = ctx.id();
    s.dir = work;
    s.recipe = json;
    s.recipeFile = QDir(work).filePath(QStringLiteral("recipe.json"));
    s.createdMs = QDateTime::currentMSecsSinceEpoch();
    {
      QSaveFile f(s.recipeFile);
      if (f.open(QIODevice::WriteOnly)) {
        f.write(QJsonDocument(json).toJson());
        f.commit();
      }
    }
    pipeline::RunnerOptions o;
    o.ctProgram = QCoreApplication::applicationFilePath();
    o.plan.runId = s.id;
    o.plan.runDir = work;
    o.plan.evalDataDir = paths::bundledResource(QStringLiteral("eval-samples"), "CT_EVAL_DATA");
    o.finishing = [&](const pipeline::RunState& state, QJsonObject& result) {
      result = pipeline::demoResult(state, result);
      const QByteArray text = pipeline::demoSummary(result, items, realItems).toUtf8();
      std::fputs(text.constData(), stderr);
      std::fflush(stderr);
    };
    return pipeline::runPipeline(ctx, *recipe, s, o);
  }
};

}  // namespace

std::unique_ptr<Command> makeDemoCommand() { return std::make_unique<DemoCommand>(); }

}  // namespace ct::cli
