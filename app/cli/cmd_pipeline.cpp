#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QThread>
#include <csignal>

#include "cli/commands.h"
#include "jobs/job_context.h"
#include "pipeline/recipe.h"
#include "pipeline/recipe_init.h"
#include "pipeline/run_state.h"
#include "pipeline/runner.h"
#include "pipeline/service_runs.h"
#include "pipeline/validate.h"
#include "proc/daemon.h"
#include "remote/host_store.h"
#include "util/paths.h"

namespace ct::cli {
namespace {

QString evalData() { return paths::bundledResource(QStringLiteral("eval-samples"), "CT_EVAL_DATA"); }

pipeline::PlanContext planContext(const pipeline::Recipe& r, const pipeline::RunState& s) {
  pipeline::PlanContext c;
  c.runId = s.id;
  c.runDir = s.dir;
  c.evalDataDir = evalData();
  if (!r.quantizeOn.isEmpty()) {
    remote::HostStore store(paths::jobsDatabase());
    QString err;
    if (store.open(&err))
      if (const auto p = store.get(r.quantizeOn)) c.hostWorkdir = p->workdirOrDefault();
  }
  if (c.hostWorkdir.isEmpty()) c.hostWorkdir = QString::fromLatin1(remote::HostProfile::kDefaultWorkdir);
  return c;
}

void printProblems(CliEnv& env, const QList<pipeline::Problem>& problems) {
  if (problems.isEmpty()) return;
  env.err << pipeline::describeProblems(problems) << "\n";
  env.err.flush();
}

QJsonArray problemsJson(const QList<pipeline::Problem>& problems) {
  QJsonArray a;
  for (const auto& p : problems) a.append(QJsonObject{{QStringLiteral("field"), p.field}, {QStringLiteral("message"), p.message}, {QStringLiteral("warning"), p.warning}});
  return a;
}

QString stateLine(const pipeline::RunState& s) {
  QStringList parts;
  for (const auto& st : s.stages) parts << QStringLiteral("%1=%2").arg(st.name, st.state);
  return parts.join(QLatin1Char(' '));
}

class PipelineCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("pipeline"); }
  QString summary() const override { return QStringLiteral("One-click pipeline: a recipe runs quantize → evaluate → compile → FPGA service → GPU deployment as one resumable run."); }
  QString synopsis() const override { return QStringLiteral("init MODEL | validate RECIPE | run RECIPE | status RUN | list | cancel RUN | resume RUN | report RUN | stop RUN"); }
  void addOptions(QCommandLineParser& p) override {
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("init, validate, run, status, list, cancel, resume, report or stop"));
    p.addPositionalArgument(QStringLiteral("what"), QStringLiteral("MODEL folder (init), RECIPE file (validate, run) or RUN id / folder"));
    p.addOptions({
        {QStringLiteral("targets"), QStringLiteral("init: gpu, fpga or both (default both)."), QStringLiteral("t")},
        {QStringLiteral("host"), QStringLiteral("init: the model folder is on this host (ct hosts add)."), QStringLiteral("host")},
        {QStringLiteral("gpu-host"), QStringLiteral("init: the GPU host to deploy on."), QStringLiteral("host")},
        {QStringLiteral("name"), QStringLiteral("init: the recipe's name (default: the model folder's)."), QStringLiteral("name")},
        {QStringLiteral("out"), QStringLiteral("init: where to write the recipe (default <model>.recipe.json here)."), QStringLiteral("file")},
        {QStringLiteral("force"), QStringLiteral("init: replace an existing recipe file.")},
        {QStringLiteral("offline"), QStringLiteral("validate, run: do not contact the hosts during validation.")},
        {QStringLiteral("runs"), QStringLiteral("Folder of the runs (default: the data folder's pipelines/)."), QStringLiteral("dir")},
        {QStringLiteral("html"), QStringLiteral("report: print the HTML instead of the summary.")},
    });
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    const QStringList pos = p.positionalArguments();
    const QString action = pos.value(0);
    const QString what = pos.value(1);
    store_ = pipeline::RunStore(p.value(QStringLiteral("runs")));
    auto need = [&](const char* thing) {
      if (what.isEmpty()) throw UsageError{QStringLiteral("ct pipeline %1 needs %2").arg(action, QLatin1String(thing))};
    };
    if (action == QLatin1String("init")) return need("a MODEL folder"), init(p, what, env);
    if (action == QLatin1String("validate")) return need("a RECIPE file"), validate(p, what, env);
    if (action == QLatin1String("run")) return need("a RECIPE file"), start(p, what, env);
    if (action == QLatin1String("resume")) return need("a RUN id"), resume(what, env);
    if (action == QLatin1String("status")) return need("a RUN id"), status(what, env);
    if (action == QLatin1String("list")) return list(env);
    if (action == QLatin1String("cancel")) return need("a RUN id"), cancel(what, env);
    if (action == QLatin1String("report")) return need("a RUN id"), report(p, what, env);
    if (action == QLatin1String("stop")) return need("a RUN id"), stop(what, env);
    throw UsageError{action.isEmpty() ? QStringLiteral("name an action: init, validate, run, status, list, cancel, resume, report or stop")
                                      : QStringLiteral("unknown action '%1': init, validate, run, status, list, cancel, resume, report or stop").arg(action)};
  }

 private:
  int init(const QCommandLineParser& p, const QString& model, CliEnv& env) {
    pipeline::InitOptions o;
    o.modelPath = p.isSet(QStringLiteral("host")) ? model : QFileInfo(model).absoluteFilePath();
    o.modelHost = p.value(QStringLiteral("host"));
    o.targets = p.isSet(QStringLiteral("targets")) ? p.value(QStringLiteral("targets")) : o.targets;
    o.gpuHost = p.value(QStringLiteral("gpu-host"));
    o.name = p.value(QStringLiteral("name"));
    o.evalDataDir = evalData();
    QString error;
    const auto recipe = pipeline::initialRecipe(o, &error);
    if (!recipe) {
      env.err << "ct pipeline init: " << error << "\n";
      return 1;
    }
    const QString out = p.isSet(QStringLiteral("out")) ? p.value(QStringLiteral("out")) : recipe->value(QStringLiteral("name")).toString() + QStringLiteral(".recipe.json");
    if (QFileInfo::exists(out) && !p.isSet(QStringLiteral("force"))) {
      env.err << "ct pipeline init: " << out << " exists; give --out FILE or --force to replace it\n";
      return 2;
    }
    QSaveFile f(out);
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(*recipe).toJson()) < 0 || !f.commit()) {
      env.err << "ct pipeline init: cannot write " << out << ": " << f.errorString() << "\n";
      return 1;
    }
    if (env.json) env.out << QJsonDocument(QJsonObject{{QStringLiteral("recipe"), QFileInfo(out).absoluteFilePath()}, {QStringLiteral("content"), *recipe}}).toJson(QJsonDocument::Compact) << "\n";
    else {
      env.out << "wrote " << QFileInfo(out).absoluteFilePath() << " (each section's \"why\" says where its values came from)\n";
      if (o.targets != QLatin1String("fpga") && o.gpuHost.isEmpty()) env.out << "set deploy.host to a GPU host (ct hosts list), then: ct pipeline validate " << out << "\n";
      else env.out << "next: ct pipeline validate " << out << " && ct pipeline run " << out << "\n";
    }
    return 0;
  }

  std::optional<pipeline::Recipe> check(const QCommandLineParser& p, const QString& file, CliEnv& env, QList<pipeline::Problem>* all) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
      all->append({QStringLiteral("(file)"), QStringLiteral("cannot read %1: %2").arg(file, f.errorString())});
      return std::nullopt;
    }
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (!doc.isObject()) {
      all->append({QStringLiteral("(file)"), QStringLiteral("%1 is not a JSON object: %2 at byte %3").arg(file, pe.errorString()).arg(pe.offset)});
      return std::nullopt;
    }
    // Lenient: the plan's problems are listed beside the recipe's own, all in one go.
    auto recipe = pipeline::parseRecipe(doc.object(), all, true);
    if (recipe && !recipe->modelPath.isEmpty()) {
      pipeline::ValidateOptions vo;
      vo.evalDataDir = evalData();
      vo.contactHosts = !p.isSet(QStringLiteral("offline"));
      *all << pipeline::validateRecipe(*recipe, vo);
    }
    bool fatal = !recipe;
    for (const auto& pr : *all) fatal = fatal || !pr.warning;
    if (fatal) return std::nullopt;
    Q_UNUSED(env);
    return recipe;
  }

  int validate(const QCommandLineParser& p, const QString& file, CliEnv& env) {
    QList<pipeline::Problem> problems;
    const auto recipe = check(p, file, env, &problems);
    int errors = 0;
    for (const auto& pr : problems) errors += pr.warning ? 0 : 1;
    if (env.json) {
      env.out << QJsonDocument(QJsonObject{{QStringLiteral("ok"), recipe.has_value()}, {QStringLiteral("problems"), problemsJson(problems)}}).toJson(QJsonDocument::Compact) << "\n";
    } else {
      printProblems(env, problems);
      if (recipe) env.out << file << ": ready to run" << (problems.isEmpty() ? QString() : QStringLiteral(" (%1 warning(s))").arg(problems.size())) << "\n";
      else env.err << file << ": " << errors << " problem(s); nothing was started\n";
    }
    return recipe ? 0 : 1;
  }

  int start(const QCommandLineParser& p, const QString& file, CliEnv& env) {
    QList<pipeline::Problem> problems;
    const auto recipe = check(p, file, env, &problems);
    if (!recipe) {
      jobs::JobContext ctx(QStringLiteral("pipeline"), QJsonObject{{QStringLiteral("recipe"), file}}, {env.json, env.jobId});
      ctx.begin();
      ctx.log(jobs::LogLevel::Error, QStringLiteral("the recipe has problems; nothing was started"), {{QStringLiteral("problems"), problemsJson(problems)}});
      if (!env.json) printProblems(env, problems);
      return ctx.fail(QStringLiteral("invalid_recipe"), QStringLiteral("%1: %2 problem(s), listed above; nothing was started").arg(file).arg(problems.size()));
    }
    pipeline::RunState s;
    jobs::JobContext ctx(QStringLiteral("pipeline"), QJsonObject{{QStringLiteral("recipe"), QFileInfo(file).absoluteFilePath()}, {QStringLiteral("name"), recipe->name}}, {env.json, env.jobId});
    ctx.begin();
    for (const auto& pr : problems) ctx.warn(QStringLiteral("%1: %2").arg(pr.field, pr.message));
    s.id = ctx.id();
    s.dir = QDir(store_.root()).filePath(s.id);
    s.recipe = recipe->json;
    s.recipeFile = QFileInfo(file).absoluteFilePath();
    s.createdMs = QDateTime::currentMSecsSinceEpoch();
    QString error;
    if (!QDir().mkpath(s.dir)) return ctx.fail(QStringLiteral("io"), QStringLiteral("cannot create %1").arg(s.dir));
    return execute(ctx, *recipe, s, env);
  }

  int execute(jobs::JobContext& ctx, const pipeline::Recipe& recipe, pipeline::RunState& s, CliEnv& env) {
    pipeline::RunnerOptions o;
    o.ctProgram = QCoreApplication::applicationFilePath();
    o.plan = planContext(recipe, s);
    const int rc = pipeline::runPipeline(ctx, recipe, s, o);
    if (!env.json) {
      env.out << "run " << s.id << ": " << s.state << "\n";
      for (const auto& svc : s.services) env.out << "  service " << svc.label << ": " << svc.url << " (model " << svc.model << ")\n";
      if (s.state == QLatin1String("succeeded")) env.out << "report: " << s.reportHtml() << "\n";
      else if (s.state != QLatin1String("running")) env.out << "continue with: ct pipeline resume " << s.id << "\n";
    }
    return rc;
  }

  int resume(const QString& run, CliEnv& env) {
    QString error;
    auto s = store_.load(run, &error);
    if (!s) throw UsageError{error};
    if (s->runnerAlive()) throw UsageError{QStringLiteral("run %1 is still running (pid %2); ct pipeline cancel %1 stops it").arg(s->id).arg(s->pid)};
    QList<pipeline::Problem> problems;
    const auto recipe = pipeline::parseRecipe(s->recipe, &problems);
    if (!recipe) {
      printProblems(env, problems);
      return 1;
    }
    jobs::JobContext ctx(QStringLiteral("pipeline"), QJsonObject{{QStringLiteral("resume"), s->id}, {QStringLiteral("name"), recipe->name}}, {env.json, env.jobId});
    ctx.begin();
    return execute(ctx, *recipe, *s, env);
  }

  int status(const QString& run, CliEnv& env) {
    QString error;
    const auto s = store_.load(run, &error);
    if (!s) throw UsageError{error};
    if (env.json) {
      QJsonObject o = s->toJson();
      o.insert(QStringLiteral("dir"), s->dir);
      o.insert(QStringLiteral("runner_alive"), s->runnerAlive());
      env.out << QJsonDocument(o).toJson(QJsonDocument::Compact) << "\n";
      return 0;
    }
    QString state = s->state;
    if (state == QLatin1String("running") && !s->runnerAlive()) state = QStringLiteral("interrupted (its runner is gone: ct pipeline resume %1)").arg(s->id);
    env.out << "run " << s->id << ": " << state << " (attempt " << s->attempts << ", " << s->dir << ")\n";
    for (const auto& st : s->stages) {
      env.out << QStringLiteral("  %1 %2").arg(st.name, -18).arg(st.state, -10);
      if (st.seconds() > 0) env.out << QStringLiteral(" %1 s").arg(st.seconds(), 0, 'f', 1);
      if (st.state == QLatin1String("running")) env.out << QStringLiteral(" %1%").arg(qRound(st.progress * 100));
      if (!st.job.isEmpty()) env.out << "  job " << st.job;
      if (!st.error.isEmpty()) env.out << "\n      " << st.error;
      if (!st.note.isEmpty()) env.out << "\n      " << st.note;
      env.out << "\n";
    }
    for (const auto& svc : s->services) env.out << "  service " << svc.label << ": " << svc.url << " (model " << svc.model << (svc.deployment.isEmpty() ? QString() : QStringLiteral(", deployment ") + svc.deployment) << ")\n";
    if (QFile::exists(s->reportHtml())) env.out << "  report: " << s->reportHtml() << "\n";
    return 0;
  }

  int list(CliEnv& env) {
    const QList<pipeline::RunState> runs = store_.list();
    if (env.json) {
      QJsonArray a;
      for (const auto& s : runs)
        a.append(QJsonObject{{QStringLiteral("run"), s.id}, {QStringLiteral("state"), s.state}, {QStringLiteral("dir"), s.dir}, {QStringLiteral("created_ms"), s.createdMs},
                             {QStringLiteral("name"), s.recipe.value(QStringLiteral("name"))}, {QStringLiteral("services"), static_cast<int>(s.services.size())}});
      env.out << QJsonDocument(a).toJson(QJsonDocument::Compact) << "\n";
      return 0;
    }
    if (runs.isEmpty()) env.out << "no pipeline runs yet (ct pipeline init MODEL, then ct pipeline run RECIPE)\n";
    for (const auto& s : runs)
      env.out << QStringLiteral("%1  %2  %3  %4 service(s)\n").arg(s.id, -36).arg(s.state, -10).arg(QDateTime::fromMSecsSinceEpoch(s.createdMs).toString(QStringLiteral("yyyy-MM-dd HH:mm"))).arg(s.services.size());
    return 0;
  }

  int cancel(const QString& run, CliEnv& env) {
    QString error;
    auto s = store_.load(run, &error);
    if (!s) throw UsageError{error};
    if (!s->runnerAlive()) {
      env.out << "run " << s->id << " is not running (" << s->state << ")\n";
      return 0;
    }
    // The runner stops its stages and services itself and records the cancel.
    ::kill(static_cast<pid_t>(s->pid), SIGTERM);
    for (int waited = 0; waited < 120000 && s->runnerAlive(); waited += 100) QThread::msleep(100);
    if (s->runnerAlive()) {
      env.err << "run " << s->id << ": its runner (pid " << s->pid << ") has not stopped after 120 s\n";
      return 1;
    }
    const auto after = store_.load(run, nullptr);
    env.out << "run " << s->id << " cancelled: " << (after ? stateLine(*after) : QString()) << "\n";
    return 0;
  }

  int report(const QCommandLineParser& p, const QString& run, CliEnv& env) {
    QString error;
    const auto s = store_.load(run, &error);
    if (!s) throw UsageError{error};
    QFile f(p.isSet(QStringLiteral("html")) ? s->reportHtml() : s->reportJson());
    if (!f.open(QIODevice::ReadOnly)) {
      env.err << "run " << s->id << " has no report yet (" << s->state << "); it is written when the run finishes\n";
      return 1;
    }
    if (p.isSet(QStringLiteral("html")) || env.json) {
      env.out << QString::fromUtf8(f.readAll());
      return 0;
    }
    const QJsonObject r = QJsonDocument::fromJson(f.readAll()).object();
    env.out << "report of " << s->id << ": " << s->reportHtml() << "\n";
    for (const QJsonValue st : r.value(QStringLiteral("stages")).toArray())
      env.out << QStringLiteral("  %1 %2 %3 s\n").arg(st[QStringLiteral("name")].toString(), -18).arg(st[QStringLiteral("state")].toString(), -10).arg(st[QStringLiteral("seconds")].toDouble(), 0, 'f', 1);
    const QString table = r.value(QStringLiteral("comparison")).toObject().value(QStringLiteral("table")).toString();
    if (!table.isEmpty()) env.out << "\n" << table << "\n";
    for (const QJsonValue e : r.value(QStringLiteral("endpoints")).toArray())
      env.out << "  endpoint " << e[QStringLiteral("label")].toString() << ": " << e[QStringLiteral("url")].toString() << "\n";
    for (const QJsonValue w : r.value(QStringLiteral("warnings")).toArray()) env.out << "  warning: " << w.toString() << "\n";
    return 0;
  }

  int stop(const QString& run, CliEnv& env) {
    QString error;
    auto s = store_.load(run, &error);
    if (!s) throw UsageError{error};
    if (s->runnerAlive()) throw UsageError{QStringLiteral("run %1 is still running; ct pipeline cancel %1 stops it and its services").arg(s->id)};
    QStringList problems;
    for (const auto& svc : s->services) {
      const QStringList pr = pipeline::stopService(svc, QCoreApplication::applicationFilePath());
      if (pr.isEmpty()) env.out << "stopped " << svc.label << " (" << svc.url << ")\n";
      problems << pr;
    }
    if (problems.isEmpty()) {
      s->services.clear();
      QString err;
      if (!s->save(&err)) env.err << err << "\n";
      return 0;
    }
    for (const QString& pr : problems) env.err << pr << "\n";
    return 1;
  }

  pipeline::RunStore store_;
};

}  // namespace

std::unique_ptr<Command> makePipelineCommand() { return std::make_unique<PipelineCommand>(); }

}  // namespace ct::cli
