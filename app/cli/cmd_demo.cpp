#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include "cli/commands.h"
#include "eval/demo_eval.h"
#include "eval/demo_pipeline.h"
#include "eval/openai_client.h"
#include "jobs/job_context.h"
#include "jobs/job_manager.h"
#include "util/paths.h"

namespace ct::cli {
namespace {

// The demo model ships in the source tree (build/<preset>/app/ct → ../../../resources) and
// next to an installed ct (../share/ct-studio/demo-model); CT_DEMO_MODEL overrides both.
QString findDemoModel() {
  if (qEnvironmentVariableIsSet("CT_DEMO_MODEL")) return qEnvironmentVariable("CT_DEMO_MODEL");
  const QString exe = QCoreApplication::applicationDirPath();
  for (const QString& c : {exe + QStringLiteral("/../../../resources/demo-model"), exe + QStringLiteral("/../share/ct-studio/demo-model"),
                           QDir::currentPath() + QStringLiteral("/resources/demo-model")})
    if (QFileInfo::exists(c + QStringLiteral("/config.json"))) return QDir::cleanPath(c);
  return {};
}

class DemoCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("demo"); }
  QString summary() const override { return QStringLiteral("The offline demo: quantize, compile, serve and score the embedded demo model end to end."); }
  void addOptions(QCommandLineParser& p) override {
    p.addOptions({
        {QStringLiteral("work"), QStringLiteral("Folder for what the demo makes (replaced each run; default: the data folder's demo/)."), QStringLiteral("dir")},
        {QStringLiteral("items"), QStringLiteral("Demo-task questions per target (default 60)."), QStringLiteral("n")},
        {QStringLiteral("model"), QStringLiteral("The demo model folder (default: the embedded one)."), QStringLiteral("dir")},
    });
  }
  int run(const QCommandLineParser& p, CliEnv& env) override {
    eval::DemoOptions o;
    o.ctProgram = QCoreApplication::applicationFilePath();
    o.modelDir = p.isSet(QStringLiteral("model")) ? p.value(QStringLiteral("model")) : findDemoModel();
    if (o.modelDir.isEmpty()) throw UsageError{QStringLiteral("cannot find the embedded demo model; give --model DIR or set CT_DEMO_MODEL")};
    o.workDir = p.isSet(QStringLiteral("work")) ? p.value(QStringLiteral("work")) : QDir(paths::dataDir()).filePath(QStringLiteral("demo"));
    o.items = parsePositiveInt(p, QStringLiteral("items"), o.items);
    jobs::JobContext ctx(QStringLiteral("demo"), QJsonObject{{QStringLiteral("model"), o.modelDir}, {QStringLiteral("work"), o.workDir}, {QStringLiteral("items"), o.items}},
                         {env.json, env.jobId});
    ctx.begin();
    return eval::runDemo(ctx, o);
  }
};

class EvalCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("eval"); }
  QString summary() const override { return QStringLiteral("Score an OpenAI-compatible endpoint on a task (this build: the demo task)."); }
  void addOptions(QCommandLineParser& p) override {
    p.addOptions({
        {QStringLiteral("endpoint"), QStringLiteral("OpenAI base URL, e.g. http://127.0.0.1:8000/v1."), QStringLiteral("url")},
        {QStringLiteral("api-key"), QStringLiteral("Bearer key for the endpoint."), QStringLiteral("key")},
        {QStringLiteral("model"), QStringLiteral("Model name to send (default: the first the endpoint lists)."), QStringLiteral("name")},
        {QStringLiteral("tasks"), QStringLiteral("Comma-separated tasks; this build has: demo."), QStringLiteral("list")},
        {QStringLiteral("limit"), QStringLiteral("Items per task (default 100)."), QStringLiteral("n")},
        {QStringLiteral("seed"), QStringLiteral("Seed of the items (default 2026)."), QStringLiteral("n")},
    });
  }
  int run(const QCommandLineParser& p, CliEnv& env) override {
    if (!p.isSet(QStringLiteral("endpoint"))) throw UsageError{QStringLiteral("--endpoint URL is required (an OpenAI base URL such as http://127.0.0.1:8000/v1)")};
    const QStringList tasks = p.value(QStringLiteral("tasks")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString& t : tasks)
      if (t != QLatin1String("demo"))
        throw UsageError{QStringLiteral("task '%1' is not in this build; available: demo (the lm-eval and EvalPlus task registry is not built yet)").arg(t)};
    if (tasks.isEmpty()) throw UsageError{QStringLiteral("--tasks is required; available: demo")};
    const int limit = parsePositiveInt(p, QStringLiteral("limit"), 100);
    const uint64_t seed = static_cast<uint64_t>(parsePositiveInt(p, QStringLiteral("seed"), 2026));
    jobs::JobContext ctx(QStringLiteral("eval"), QJsonObject{{QStringLiteral("endpoint"), p.value(QStringLiteral("endpoint"))}, {QStringLiteral("tasks"), tasks.join(QLatin1Char(','))}}, {env.json, env.jobId});
    ctx.begin();
    eval::OpenAiClient client(p.value(QStringLiteral("endpoint")), p.value(QStringLiteral("api-key")));
    QString error, model = p.value(QStringLiteral("model"));
    if (model.isEmpty()) model = client.firstModel(&error);
    if (model.isEmpty()) return ctx.fail(QStringLiteral("endpoint"), error);
    const QJsonObject r = eval::evaluateDemoTask(client, model, limit, seed, [&](int done, int total) {
      ctx.progress(done, total, QStringLiteral("items"), QStringLiteral("demo"));
      return !ctx.cancelled();
    });
    if (r.value(QStringLiteral("cancelled")).toBool()) return ctx.cancel();
    if (r.contains(QStringLiteral("error"))) return ctx.fail(QStringLiteral("eval_failed"), r.value(QStringLiteral("error")).toString());
    ctx.info(QStringLiteral("demo task: %1% (%2/%3) with %4").arg(100 * r.value(QStringLiteral("accuracy")).toDouble(), 0, 'f', 1)
                 .arg(r.value(QStringLiteral("correct")).toInt()).arg(limit).arg(model));
    return ctx.succeed({{QStringLiteral("model"), model}, {QStringLiteral("results"), QJsonObject{{QStringLiteral("demo"), r}}}});
  }
};

}  // namespace

std::unique_ptr<Command> makeDemoCommand() { return std::make_unique<DemoCommand>(); }
std::unique_ptr<Command> makeEvalCommand() { return std::make_unique<EvalCommand>(); }

}  // namespace ct::cli
