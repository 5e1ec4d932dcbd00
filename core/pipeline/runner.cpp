#include "pipeline/runner.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <cstdio>
#include <memory>

#include "deploy/deployment.h"
#include "eval/results.h"
#include "jobs/job_context.h"
#include "pipeline/calibration_text.h"
#include "pipeline/child_run.h"
#include "pipeline/fingerprint.h"
#include "pipeline/report.h"
#include "pipeline/service_runs.h"
#include "proc/daemon.h"

namespace ct::pipeline {
namespace {

qint64 now() { return QDateTime::currentMSecsSinceEpoch(); }
bool finished(const QString& s) { return s == QLatin1String("succeeded") || s == QLatin1String("kept"); }

class Runner {
 public:
  Runner(jobs::JobContext& ctx, const Recipe& r, RunState& s, const RunnerOptions& o) : ctx_(ctx), r_(r), s_(s), o_(o) {}

  int run() {
    plans_ = planStages(r_, o_.plan);
    mergeStages();
    s_.state = QStringLiteral("running");
    s_.pid = QCoreApplication::applicationPid();
    s_.pidStart = proc::processStartTicks(s_.pid);
    s_.attempts += 1;
    s_.error.clear();
    s_.endedMs = 0;
    save();
    ctx_.log(jobs::LogLevel::Info, QStringLiteral("pipeline run %1 in %2").arg(s_.id, s_.dir), {{QStringLiteral("run"), s_.id}, {QStringLiteral("dir"), s_.dir}});
    if (s_.attempts > 1) checkKept();
    progress();

    progressTimer_.start();
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, [this] { step(); });
    tick.start(100);
    step();
    if (!over_) QCoreApplication::exec();
    return finish();
  }

 private:
  StagePlan* plan(const QString& name) {
    for (StagePlan& p : plans_)
      if (p.name == name) return &p;
    return nullptr;
  }

  // The stages of this recipe, with what an earlier attempt recorded of each.
  void mergeStages() {
    QList<StageRecord> merged;
    for (const StagePlan& p : plans_) {
      StageRecord rec;
      if (const StageRecord* old = s_.stage(p.name)) rec = *old;
      rec.name = p.name;
      rec.kind = kindName(p.kind);
      rec.after = p.after;
      rec.note.clear();
      rec.progress = 0;
      if (!finished(rec.state)) {
        rec.state = QStringLiteral("pending");
        rec.error.clear();
      }
      merged << rec;
    }
    s_.stages = merged;
  }

  QString inputFp(const StagePlan& p) {
    QStringList fps;
    for (const QString& a : p.after) {
      const StageRecord* in = s_.stage(a);
      fps << (in ? in->outputFp : QString());
    }
    return fingerprintInputs(kindName(p.kind), p.params, fps);
  }

  // Resume: a finished stage stays only when its inputs and its output are what they were.
  void checkKept() {
    for (StageRecord& rec : s_.stages) {
      if (!finished(rec.state)) continue;
      const StagePlan* p = plan(rec.name);
      QString why;
      for (const QString& a : p->after) {
        const StageRecord* in = s_.stage(a);
        if (in && !finished(in->state)) why = QStringLiteral("%1 runs again").arg(a);
      }
      if (why.isEmpty() && inputFp(*p) != rec.inputFp) why = QStringLiteral("its inputs or settings changed");
      if (why.isEmpty() && p->service()) {
        const ServiceRecord* svc = service(rec.name);
        QString down;
        if (!svc || !serviceHealthy(*svc, &down)) why = QStringLiteral("its service is no longer up (%1)").arg(svc ? down : QStringLiteral("not recorded"));
      }
      if (why.isEmpty() && !p->output.isEmpty() && !p->service()) {
        QString err;
        const auto fp = fingerprintOutput(p->output, &err);
        if (!fp) why = QStringLiteral("its output cannot be read: %1").arg(err);
        else if (*fp != rec.outputFp) why = QStringLiteral("its output %1 changed since it was made").arg(p->output);
      }
      if (why.isEmpty()) {
        rec.state = QStringLiteral("kept");
        rec.note = QStringLiteral("kept: inputs and output unchanged");
      } else {
        rec.state = QStringLiteral("pending");
        rec.note = QStringLiteral("runs again: ") + why;
        dropService(rec.name);
      }
      ctx_.log(jobs::LogLevel::Info, QStringLiteral("%1: %2").arg(rec.name, rec.note), {{QStringLiteral("stage"), rec.name}, {QStringLiteral("stage_state"), rec.state}});
    }
    save();
  }

  ServiceRecord* service(const QString& stage) {
    for (ServiceRecord& s : s_.services)
      if (s.stage == stage) return &s;
    return nullptr;
  }
  void dropService(const QString& stage) {
    for (int i = 0; i < s_.services.size(); ++i)
      if (s_.services[i].stage == stage) {
        stopService(s_.services[i], o_.ctProgram);
        s_.services.removeAt(i);
        return;
      }
  }

  void save() {
    QString error;
    if (!s_.save(&error)) ctx_.warn(error);
  }

  void progress() {
    double done = 0;
    for (const StageRecord& r : s_.stages) done += finished(r.state) ? 1.0 : (r.state == QLatin1String("running") ? r.progress : 0);
    QStringList running;
    for (const StageRecord& r : s_.stages)
      if (r.state == QLatin1String("running")) running << r.name;
    ctx_.progress(done, s_.stages.size(), QStringLiteral("stages"), running.join(QStringLiteral(", ")));
  }

  void setState(StageRecord& rec, const QString& state, const QString& error = {}) {
    rec.state = state;
    if (state == QLatin1String("running")) {
      rec.startedMs = now();
      rec.endedMs = 0;
      rec.error.clear();
    } else {
      rec.endedMs = now();
    }
    if (!error.isEmpty()) rec.error = error;
    QJsonObject data{{QStringLiteral("stage"), rec.name}, {QStringLiteral("stage_state"), state}, {QStringLiteral("kind"), rec.kind}};
    if (!rec.job.isEmpty()) data.insert(QStringLiteral("stage_job"), rec.job);
    if (rec.seconds() > 0 && state != QLatin1String("running")) data.insert(QStringLiteral("seconds"), rec.seconds());
    QString line = QStringLiteral("%1 %2").arg(rec.name, state);
    if (rec.seconds() > 0 && state != QLatin1String("running")) line += QStringLiteral(" (%1 s)").arg(rec.seconds(), 0, 'f', 1);
    if (!error.isEmpty()) line += QStringLiteral(": ") + error;
    ctx_.log(state == QLatin1String("failed") ? jobs::LogLevel::Error : jobs::LogLevel::Info, line, data);
    save();
    progress();
  }

  bool heavy(const StagePlan& p) const { return p.local && (p.kind == StageKind::Quantize || p.kind == StageKind::Compile || p.kind == StageKind::Evaluate); }

  void step() {
    if (busy_ || over_) return;
    busy_ = true;
    if (ctx_.cancelled() && !cancelling_) cancelAll();
    // Starting a service waits for it, and stages may finish meanwhile: look again until
    // nothing more can start.
    for (bool started = true; started && !cancelling_ && !failed_ && !ctx_.cancelled();) {
      started = false;
      int heavyRunning = 0;
      for (const auto& [name, child] : children_)
        if (child->isRunning() && heavy(*plan(name))) ++heavyRunning;
      for (StageRecord& rec : s_.stages) {
        if (rec.state != QLatin1String("pending")) continue;
        bool ready = true;
        for (const QString& a : rec.after) ready = ready && finished(s_.stage(a)->state);
        if (!ready) continue;
        StagePlan& p = *plan(rec.name);
        if (heavy(p) && heavyRunning >= o_.localSlots) continue;
        if (heavy(p)) ++heavyRunning;
        start(rec, p);
        started = true;
        if (failed_ || cancelling_ || ctx_.cancelled()) break;
      }
    }
    if (ctx_.cancelled() && !cancelling_) cancelAll();
    bool running = false;
    for (const auto& [name, child] : children_) running = running || child->isRunning();
    for (const StageRecord& rec : s_.stages) running = running || rec.state == QLatin1String("running");
    if (!running) {
      over_ = true;
      QCoreApplication::quit();
    }
    busy_ = false;
  }

  QHash<QString, QString> secretsFor(const QString& stage) {
    QHash<QString, QString> out;
    if (const ServiceRecord* svc = service(stage)) {
      QString why;
      const QString key = serviceKey(*svc, &why);
      if (!key.isEmpty()) out.insert(QStringLiteral("api-key"), key);
    }
    return out;
  }

  void start(StageRecord& rec, StagePlan& p) {
    rec.inputFp = inputFp(p);
    rec.outputFp.clear();
    rec.result = {};
    rec.job.clear();
    setState(rec, QStringLiteral("running"));
    switch (p.kind) {
      case StageKind::Quantize:
      case StageKind::Compile:
      case StageKind::Deploy:
        if (!p.output.isEmpty() && !p.output.contains(QLatin1Char(':'))) {
          // A rerun starts clean: what an earlier attempt left is not this attempt's output.
          QDir(p.output).removeRecursively();
          QFile::remove(p.output);
        }
        if (p.kind == StageKind::Quantize && p.args.contains(bundledCalibrationFile(o_.plan)) && !QFile::exists(bundledCalibrationFile(o_.plan))) {
          QStringList scored;
          for (const QJsonValue t : r_.evaluate.value(QStringLiteral("tasks")).toArray()) scored << t.toString();
          QString error;
          const qint64 chars = writeBundledCalibration(o_.plan.evalDataDir, scored, bundledCalibrationFile(o_.plan), &error);
          if (chars < 0) {
            setState(rec, QStringLiteral("failed"), error);
            failed_ = true;
            return;
          }
          ctx_.forward(jobs::Event::log(jobs::LogLevel::Info, QStringLiteral("calibration: %1 characters from the bundled samples of tasks this run does not score").arg(chars)), rec.name);
        }
        if (p.kind == StageKind::Deploy) {
          // An earlier attempt's deployment of the same name is replaced, not left beside.
          ServiceRecord old;
          old.deployment = deploymentName(r_, p.label);
          old.label = p.label;
          old.host = p.host;
          stopService(old, o_.ctProgram);
        }
        runChildren(rec.name, {p.args}, {});
        return;
      case StageKind::Evaluate: {
        const QString endpointStage = p.after.value(0);
        const ServiceRecord* svc = service(endpointStage);
        if (!svc) {
          setState(rec, QStringLiteral("failed"), QStringLiteral("no endpoint: %1 recorded no service").arg(endpointStage));
          failed_ = true;
          return;
        }
        QDir().mkpath(QDir(o_.plan.runDir).filePath(QStringLiteral("eval")));
        QList<QStringList> cmds;
        QStringList outs;
        for (const EvalCommand& c : evaluateCommands(r_, o_.plan, p.label, svc->url, svc->model)) {
          cmds << c.args;
          outs << c.out;
        }
        QFile::remove(p.output);
        evalParts_[rec.name] = outs;
        runChildren(rec.name, cmds, secretsFor(endpointStage));
        return;
      }
      case StageKind::Board:
      case StageKind::Serve:
        startService(rec, p);
        return;
      case StageKind::Compare:
      case StageKind::Report:
        inProcess(rec, p);
        return;
    }
  }

  // A stage of one or more `ct` children, one after the other.
  void runChildren(const QString& stage, QList<QStringList> commands, const QHash<QString, QString>& secrets) {
    auto child = std::make_unique<ChildRun>(ctx_, stage, o_.ctProgram, commands.takeFirst(), secrets);
    ChildRun* c = child.get();
    QObject::connect(c, &ChildRun::progressed, [this, stage, c] {
      if (StageRecord* rec = s_.stage(stage)) rec->progress = c->fraction();
      if (progressTimer_.elapsed() > 500) {
        progressTimer_.restart();
        progress();
      }
    });
    QObject::connect(c, &ChildRun::done, [this, stage, commands, secrets, c]() mutable {
      StageRecord& rec = *s_.stage(stage);
      if (!c->job().isEmpty()) rec.job = c->job();
      rec.result = c->result();
      if (plan(stage)->kind == StageKind::Quantize) {
        QJsonArray modules;
        for (const QJsonObject& d : c->logData())
          if (d.contains(QStringLiteral("err"))) modules.append(d);
        rec.result.insert(QStringLiteral("modules"), modules);
      }
      const bool ok = c->ok();
      const bool cancelled = c->cancelled() || cancelling_;
      const QString error = c->error();
      QTimer::singleShot(0, [this, stage] { children_.erase(stage); });
      if (ok && !commands.isEmpty() && !cancelling_) {
        QTimer::singleShot(0, [this, stage, commands, secrets] { runChildren(stage, commands, secrets); });
        return;
      }
      if (ok) completed(rec);
      else if (cancelled) setState(rec, QStringLiteral("cancelled"));
      else {
        setState(rec, QStringLiteral("failed"), error);
        failed_ = true;
      }
    });
    children_[stage] = std::move(child);
    c->start();
    if (StageRecord* rec = s_.stage(stage); rec && rec->job.isEmpty()) rec->job = c->job();
  }

  // A child stage ended well: outputs fingerprinted, results gathered.
  void completed(StageRecord& rec) {
    StagePlan& p = *plan(rec.name);
    if (p.kind == StageKind::Evaluate) {
      QString err;
      if (!mergeEvalParts(rec.name, p.output, &err)) {
        setState(rec, QStringLiteral("failed"), err);
        failed_ = true;
        return;
      }
    }
    if (p.kind == StageKind::Deploy) {
      const auto d = deploy::DeploymentStore().load(deploymentName(r_, p.label));
      if (!d || d->url.isEmpty()) {
        setState(rec, QStringLiteral("failed"), QStringLiteral("ct deploy finished but recorded no endpoint for %1").arg(deploymentName(r_, p.label)));
        failed_ = true;
        return;
      }
      ServiceRecord svc;
      svc.stage = rec.name;
      svc.label = p.label;
      svc.url = d->url;
      svc.model = d->servedName;
      svc.deployment = d->name;
      svc.host = d->host;
      dropServiceRecord(rec.name);
      s_.services << svc;
      const StageRecord* src = p.after.isEmpty() ? nullptr : s_.stage(p.after.first());
      rec.outputFp = src ? src->outputFp : fingerprintInputs(QStringLiteral("origin"), {{QStringLiteral("model"), r_.modelPath}}, {});
    }
    if (!p.output.isEmpty() && p.kind != StageKind::Deploy) {
      QString err;
      const auto fp = fingerprintOutput(p.output, &err, [this] { return ctx_.cancelled(); });
      if (!fp) {
        setState(rec, QStringLiteral("failed"), QStringLiteral("its output cannot be read: %1").arg(err));
        failed_ = true;
        return;
      }
      rec.outputFp = *fp;
      rec.output = p.output;
    }
    setState(rec, QStringLiteral("succeeded"));
  }

  void dropServiceRecord(const QString& stage) {
    for (int i = 0; i < s_.services.size(); ++i)
      if (s_.services[i].stage == stage) s_.services.removeAt(i--);
  }

  bool mergeEvalParts(const QString& stage, const QString& out, QString* error) {
    const QStringList parts = evalParts_.value(stage);
    if (parts.size() == 1 && parts.first() == out) return QFile::exists(out) || (*error = QStringLiteral("ct eval wrote no %1").arg(out), false);
    std::optional<eval::EvalResults> all;
    for (const QString& part : parts) {
      QFile f(part);
      if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("ct eval wrote no %1").arg(part);
        return false;
      }
      auto r = eval::parseLmEvalResults(QJsonDocument::fromJson(f.readAll()).object(), error);
      if (!r) return false;
      if (!all) all = r;
      else all->tasks << r->tasks;
    }
    eval::computeGroups(*all);
    QFile f(out);
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(eval::toLmEvalJson(*all)).toJson()) < 0) {
      *error = QStringLiteral("cannot write %1: %2").arg(out, f.errorString());
      return false;
    }
    f.close();
    for (const QString& part : parts) QFile::remove(part);
    return true;
  }

  void startService(StageRecord& rec, StagePlan& p) {
    LocalServiceRequest req;
    req.ctProgram = o_.ctProgram;
    req.stage = rec.name;
    req.label = p.label;
    req.servedName = p.kind == StageKind::Board ? r_.fpga.value(QStringLiteral("model_name")).toString(servedName(r_, p.label)) : servedName(r_, p.label);
    req.logDir = QDir(o_.plan.runDir).filePath(QStringLiteral("services"));
    req.endWithRunner = !r_.keepServices;
    if (p.kind == StageKind::Board) {
      req.source = modelSource(r_, o_.plan, QStringLiteral("board")).path;
      req.image = true;
      req.link = r_.fpga.value(QStringLiteral("link")).toString(QStringLiteral("emulator"));
      req.serveOptions = r_.fpga;
      if (const StageRecord* comp = s_.stage(QStringLiteral("compile"))) req.boundTokensPerS = comp->result.value(QStringLiteral("bound_tokens_per_s")).toDouble();
    } else {
      const ModelSource src = modelSource(r_, o_.plan, p.label);
      req.source = src.host.isEmpty() ? src.path : localCheckpoint(o_.plan, p.label);
      req.serveOptions = QJsonObject{{QStringLiteral("threads"), r_.fpga.value(QStringLiteral("threads"))}};
    }
    dropService(rec.name);
    QString error;
    auto svc = startLocalService(req, [this] { return ctx_.cancelled(); }, &error);
    if (!svc) {
      if (ctx_.cancelled()) setState(rec, QStringLiteral("cancelled"));
      else {
        setState(rec, QStringLiteral("failed"), error);
        failed_ = true;
      }
      return;
    }
    s_.services << *svc;
    startedServices_ << rec.name;
    rec.result = QJsonObject{{QStringLiteral("url"), svc->url}, {QStringLiteral("model"), svc->model}};
    // What a service answers is what it serves: its fingerprint is its source's.
    const StageRecord* src = p.after.isEmpty() ? nullptr : s_.stage(p.after.first());
    rec.outputFp = src ? src->outputFp : fingerprintInputs(QStringLiteral("origin"), {{QStringLiteral("model"), r_.modelPath}}, {});
    setState(rec, QStringLiteral("succeeded"));
  }

  void inProcess(StageRecord& rec, StagePlan& p) {
    QString error;
    ReportInputs in{r_, s_, o_.plan};
    if (p.kind == StageKind::Compare) {
      if (!compareScores(in, &rec.result, &error)) {
        setState(rec, QStringLiteral("failed"), error);
        failed_ = true;
        return;
      }
      rec.output = p.output;
      rec.outputFp = fingerprintOutput(p.output, nullptr).value_or(QString());
    } else {
      if (!r_.chatQuestion.isEmpty()) rec.result.insert(QStringLiteral("chat"), askQuestion(in, r_.chatQuestion));
      s_.endedMs = now();
      rec.endedMs = now();
      if (!writeReport(in, rec.result, &error)) {
        setState(rec, QStringLiteral("failed"), error);
        failed_ = true;
        return;
      }
      rec.output = s_.reportHtml();
    }
    setState(rec, QStringLiteral("succeeded"));
  }

  void cancelAll() {
    cancelling_ = true;
    ctx_.warn(QStringLiteral("cancelling: every running stage and every service this attempt started is stopped"));
    for (auto& [name, child] : children_) child->cancel();
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 30000) {
      bool any = false;
      for (auto& [name, child] : children_) any = any || child->isRunning();
      if (!any) break;
      QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    for (const QString& stage : startedServices_) {
      if (ServiceRecord* svc = service(stage)) {
        for (const QString& problem : stopService(*svc, o_.ctProgram)) ctx_.warn(problem);
        dropServiceRecord(stage);
      }
      if (StageRecord* rec = s_.stage(stage); rec && finished(rec->state)) {
        rec->state = QStringLiteral("cancelled");
        rec->note = QStringLiteral("its service was stopped by the cancel");
      }
    }
    for (StageRecord& rec : s_.stages)
      if (rec.state == QLatin1String("running")) setState(rec, QStringLiteral("cancelled"));
    save();
  }

  int finish() {
    children_.clear();
    bool ok = true, cancelled = cancelling_;
    QString firstError;
    for (const StageRecord& rec : s_.stages) {
      if (!finished(rec.state)) ok = false;
      if (rec.state == QLatin1String("failed") && firstError.isEmpty()) firstError = QStringLiteral("%1: %2").arg(rec.name, rec.error);
      cancelled = cancelled || rec.state == QLatin1String("cancelled");
    }
    if (!ok && firstError.isEmpty() && !cancelled) {
      QStringList waiting;
      for (const StageRecord& rec : s_.stages)
        if (!finished(rec.state)) waiting << rec.name;
      firstError = QStringLiteral("stages never started: %1").arg(waiting.join(QStringLiteral(", ")));
    }
    s_.pid = 0;
    s_.pidStart = 0;
    s_.endedMs = now();
    QJsonObject result{{QStringLiteral("run"), s_.id}, {QStringLiteral("dir"), s_.dir}};
    QJsonArray services;
    for (const ServiceRecord& svc : s_.services) services.append(svc.toJson());
    result.insert(QStringLiteral("services"), services);
    QJsonArray stages;
    for (const StageRecord& rec : s_.stages)
      stages.append(QJsonObject{{QStringLiteral("name"), rec.name}, {QStringLiteral("state"), rec.state}, {QStringLiteral("seconds"), rec.seconds()}, {QStringLiteral("job"), rec.job}});
    result.insert(QStringLiteral("stages"), stages);
    if (ok) {
      result.insert(QStringLiteral("report"), s_.reportHtml());
      result.insert(QStringLiteral("report_json"), s_.reportJson());
      if (o_.finishing) o_.finishing(s_, result);
    }
    // Services stay up only when the recipe keeps them and the run was not cancelled; a failed
    // run keeps them for its resume.
    if (!r_.keepServices || (cancelled && firstError.isEmpty())) {
      for (const ServiceRecord& svc : s_.services)
        for (const QString& problem : stopService(svc, o_.ctProgram)) ctx_.warn(problem);
      s_.services.clear();
    }
    if (ok) {
      s_.state = QStringLiteral("succeeded");
      save();
      return ctx_.succeed(result);
    }
    if (cancelled && firstError.isEmpty()) {
      s_.state = QStringLiteral("cancelled");
      save();
      return ctx_.cancel();
    }
    s_.state = QStringLiteral("failed");
    s_.error = firstError;
    save();
    return ctx_.fail(QStringLiteral("stage_failed"), QStringLiteral("%1 (ct pipeline resume %2 continues from there)").arg(firstError, s_.id));
  }

  jobs::JobContext& ctx_;
  const Recipe& r_;
  RunState& s_;
  const RunnerOptions& o_;
  QList<StagePlan> plans_;
  std::map<QString, std::unique_ptr<ChildRun>> children_;
  QHash<QString, QStringList> evalParts_;
  QStringList startedServices_;
  QElapsedTimer progressTimer_;
  bool busy_ = false, over_ = false, failed_ = false, cancelling_ = false;
};

}  // namespace

int runPipeline(jobs::JobContext& ctx, const Recipe& recipe, RunState& state, const RunnerOptions& options) {
  Runner runner(ctx, recipe, state, options);
  return runner.run();
}

}  // namespace ct::pipeline
