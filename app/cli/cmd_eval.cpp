#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include "cli/api_key_options.h"
#include "cli/commands.h"
#include "deploy/deployment.h"
#include "eval/compare.h"
#include "eval/native_eval.h"
#include "eval/openai_client.h"
#include "eval/tasks.h"
#include "eval/tool_runner.h"
#include "jobs/job_context.h"
#include "remote/host_store.h"
#include "remote/remote_job.h"
#include "remote/remote_stages.h"
#include "util/paths.h"

namespace ct::cli {
namespace {

bool writeJson(const QString& path, const QJsonObject& o, QString* error) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QFile f(path + QStringLiteral(".partial"));
  const QByteArray data = QJsonDocument(o).toJson();
  if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.flush()) {
    *error = QStringLiteral("%1: %2").arg(path, f.errorString());
    return false;
  }
  f.close();
  QFile::remove(path);
  if (!QFile::rename(f.fileName(), path)) {
    *error = QStringLiteral("cannot rename %1 to %2").arg(f.fileName(), path);
    return false;
  }
  return true;
}

bool writeSamples(const QString& dir, const eval::EvalResults& r, QString* error) {
  for (const eval::TaskResult& t : r.tasks) {
    QFile f(QDir(dir).filePath(QStringLiteral("samples_%1.jsonl").arg(t.task)));
    if (!f.open(QIODevice::WriteOnly)) {
      *error = QStringLiteral("%1: %2").arg(f.fileName(), f.errorString());
      return false;
    }
    for (const QJsonValue s : t.samples) f.write(QJsonDocument(s.toObject()).toJson(QJsonDocument::Compact) + '\n');
  }
  return true;
}

QString resultTable(const eval::EvalResults& r) {
  QString out = QStringLiteral("%1 %2 %3 %4 %5\n").arg(QStringLiteral("task"), -34).arg(QStringLiteral("metric"), -30).arg(QStringLiteral("value"), 8)
                    .arg(QStringLiteral("stderr"), 8).arg(QStringLiteral("n"), 6);
  auto rows = [&](const QString& name, const QMap<QString, eval::MetricValue>& m, int n) {
    for (auto it = m.begin(); it != m.end(); ++it)
      out += QStringLiteral("%1 %2 %3 %4 %5\n").arg(name, -34).arg(it.key(), -30).arg(it->value, 8, 'f', 4).arg(eval::formatStderr(it->stderr_), 8).arg(n, 6);
  };
  for (const eval::TaskResult& t : r.tasks) rows(t.task + (t.skipped ? QStringLiteral(" (%1 skipped)").arg(t.skipped) : QString()), t.metrics, t.nEffective);
  for (const eval::GroupResult& g : r.groups) rows(g.group + QStringLiteral(" (group)"), g.metrics, g.n);
  return out;
}

QJsonObject resultSummary(const eval::EvalResults& r, const QString& file) {
  QJsonObject o = eval::toLmEvalJson(r);
  o.remove(QStringLiteral("configs"));
  o.insert(QStringLiteral("results_file"), file);
  return o;
}

class EvalCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("eval"); }
  QString summary() const override { return QStringLiteral("Score OpenAI-compatible endpoints on lm-eval / EvalPlus tasks (native, or by running lm_eval / evalplus)."); }
  void addOptions(QCommandLineParser& p) override {
    p.addOptions({
        {QStringLiteral("endpoint"), QStringLiteral("OpenAI base URL, e.g. http://127.0.0.1:8000/v1."), QStringLiteral("url")},
        {QStringLiteral("targets"), QStringLiteral("Several endpoints compared on the same items: NAME=URL or the NAME of a ct deploy deployment, comma-separated (the first is the baseline)."), QStringLiteral("list")},
        {QStringLiteral("model"), QStringLiteral("Model name to send (default: the first the endpoint lists; lm-eval vllm/hf: the model path)."), QStringLiteral("name")},
        {QStringLiteral("tasks"), QStringLiteral("Comma-separated tasks or groups (mmlu, mmlu_stem, ai2_arc, gpqa, ...); --list shows them."), QStringLiteral("list")},
        {QStringLiteral("list"), QStringLiteral("List the tasks and groups, with the data files each needs.")},
        {QStringLiteral("data-dir"), QStringLiteral("Folder laid out like the benchmark releases (one subfolder per task; default: the bundled samples)."), QStringLiteral("dir")},
        {QStringLiteral("limit"), QStringLiteral("First N items per task (default: all; the demo task: 100)."), QStringLiteral("n")},
        {QStringLiteral("num-fewshot"), QStringLiteral("Few-shot examples (default: each task's own)."), QStringLiteral("k")},
        {QStringLiteral("max-gen-toks"), QStringLiteral("Tokens per generated answer (default: each task's, 256; code 768)."), QStringLiteral("n")},
        {QStringLiteral("seed"), QStringLiteral("Seed for few-shot sampling, GPQA's answer order and the demo items (default 1234)."), QStringLiteral("n")},
        {QStringLiteral("concurrency"), QStringLiteral("Requests in flight per endpoint (default 4)."), QStringLiteral("n")},
        {QStringLiteral("retries"), QStringLiteral("Retries of a failed request, with back-off (default 3)."), QStringLiteral("n")},
        {QStringLiteral("chat"), QStringLiteral("Generation tasks through /v1/chat/completions (few-shot as turns) instead of /v1/completions.")},
        {QStringLiteral("code-completions"), QStringLiteral("Code tasks as plain completions of the prompt (base models) instead of a chat instruction.")},
        {QStringLiteral("framework"), QStringLiteral("native (default), lm-eval or evalplus."), QStringLiteral("name")},
        {QStringLiteral("backend"), QStringLiteral("lm-eval: local-completions (default), local-chat-completions, vllm, hf; evalplus: openai (default), vllm, hf."), QStringLiteral("name")},
        {QStringLiteral("tokenizer"), QStringLiteral("lm-eval local-*: the tokenizer it loads (path or id)."), QStringLiteral("name")},
        {QStringLiteral("max-length"), QStringLiteral("lm-eval local-*: the server's context length."), QStringLiteral("n")},
        {QStringLiteral("program"), QStringLiteral("The lm_eval / evalplus.evaluate executable (default: found on PATH)."), QStringLiteral("path")},
        {QStringLiteral("out"), QStringLiteral("Results file (one endpoint) or folder (--targets: one file per target + comparison.json)."), QStringLiteral("path")},
        {QStringLiteral("log-samples"), QStringLiteral("Also write samples_<task>.jsonl next to each results file.")},
        {QStringLiteral("kl-text"), QStringLiteral("--targets: text file for KL / top-1 agreement vs the first target (default: built-in text)."), QStringLiteral("file")},
        {QStringLiteral("kl-top"), QStringLiteral("Top log-probabilities asked per position for the agreement (default 5)."), QStringLiteral("k")},
        {QStringLiteral("zip-password"), QStringLiteral("Password of an encrypted dataset archive (GPQA: the published one is the default)."), QStringLiteral("text")},
        {QStringLiteral("timeout"), QStringLiteral("Seconds to wait for one answer (default 300)."), QStringLiteral("s")},
        {QStringLiteral("on"), QStringLiteral("lm-eval / evalplus: run the tool on this GPU host (ct hosts add); --endpoint is then as the host sees it."), QStringLiteral("host")},
    });
    addApiKeyOptions(p, QStringLiteral("Bearer key for the endpoints (a deployment's own comes from the keychain)"));
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    if (p.isSet(QStringLiteral("list"))) return list(env);
    const QString framework = p.value(QStringLiteral("framework")).isEmpty() ? QStringLiteral("native") : p.value(QStringLiteral("framework"));
    if (framework != QLatin1String("native") && framework != QLatin1String("lm-eval") && framework != QLatin1String("evalplus"))
      throw UsageError{QStringLiteral("--framework must be native, lm-eval or evalplus")};
    const QStringList requested = p.value(QStringLiteral("tasks")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (requested.isEmpty()) throw UsageError{QStringLiteral("--tasks is required (e.g. --tasks arc_easy,gsm8k_cot); `ct eval --list` shows them")};
    const QString givenKey = takeApiKeys(p, env, false).value(0);
    QList<eval::Target> targets;
    QString why;
    if (p.isSet(QStringLiteral("targets"))) {
      // A bare NAME is a deployment made with ct deploy: its tunnel URL, key and served name.
      QStringList parts;
      QHash<QString, deploy::Deployment> deployed;
      for (const QString& part : p.value(QStringLiteral("targets")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (part.contains(QLatin1Char('='))) {
          parts << part;
          continue;
        }
        const auto d = deploy::DeploymentStore().load(part.trimmed());
        if (!d) throw UsageError{QStringLiteral("--targets: '%1' is neither NAME=URL nor a deployment (ct deploy list shows them)").arg(part)};
        if (d->state != QLatin1String("ready"))
          throw UsageError{QStringLiteral("--targets: deployment '%1' is %2, not ready (ct deploy list)").arg(d->name, d->state)};
        parts << d->name + QLatin1Char('=') + d->url;
        deploy::Deployment withKey = *d;
        QString keyWhy;
        withKey.apiKey = deploy::DeploymentStore::loadKey(d->name, &keyWhy);
        if (withKey.apiKey.isEmpty() && givenKey.isEmpty())
          throw UsageError{QStringLiteral("--targets: the API key of deployment '%1' is not available (%2); give it with --api-key-stdin or --api-key-file").arg(d->name, keyWhy)};
        deployed.insert(d->name, withKey);
      }
      auto t = eval::parseTargets(parts.join(QLatin1Char(',')), &why);
      if (!t) throw UsageError{QStringLiteral("--targets: %1").arg(why)};
      targets = *t;
      for (eval::Target& x : targets)
        if (deployed.contains(x.name)) {
          if (!deployed[x.name].apiKey.isEmpty()) x.apiKey = deployed[x.name].apiKey;
          x.model = deployed[x.name].servedName;
        }
    } else if (p.isSet(QStringLiteral("endpoint"))) {
      targets << eval::Target{QStringLiteral("endpoint"), p.value(QStringLiteral("endpoint")), {}, {}};
    } else if (!(framework != QLatin1String("native") && !p.value(QStringLiteral("backend")).isEmpty() && !p.value(QStringLiteral("backend")).startsWith(QStringLiteral("local")) &&
                 p.value(QStringLiteral("backend")) != QLatin1String("openai"))) {
      throw UsageError{QStringLiteral("--endpoint URL (an OpenAI base URL such as http://127.0.0.1:8000/v1) or --targets NAME=URL,... is required")};
    }
    QStringList tasks, optional;
    if (framework == QLatin1String("native")) {
      auto t = eval::expandTaskNames(requested, &why, &optional);
      if (!t) throw UsageError{why};
      tasks = *t;
    } else {
      tasks = requested;  // the tool knows its own task names
    }
    eval::NativeOptions o;
    o.apiKey = givenKey;
    o.model = p.value(QStringLiteral("model"));
    o.tasks = tasks;
    o.optionalTasks = optional;
    o.data.dataDir = p.isSet(QStringLiteral("data-dir")) ? p.value(QStringLiteral("data-dir")) : paths::bundledResource(QStringLiteral("eval-samples"), "CT_EVAL_DATA");
    o.data.zipPassword = p.isSet(QStringLiteral("zip-password")) ? p.value(QStringLiteral("zip-password")).toUtf8() : QByteArrayLiteral("deserted-untie-orchid");
    o.limit = parsePositiveInt(p, QStringLiteral("limit"), 0);
    o.numFewshot = p.isSet(QStringLiteral("num-fewshot")) ? nonNegative(p, QStringLiteral("num-fewshot")) : -1;
    o.seed = static_cast<uint64_t>(parsePositiveInt(p, QStringLiteral("seed"), 1234));
    o.maxGenToks = parsePositiveInt(p, QStringLiteral("max-gen-toks"), 0);
    o.concurrency = parsePositiveInt(p, QStringLiteral("concurrency"), 4);
    o.maxRetries = p.isSet(QStringLiteral("retries")) ? nonNegative(p, QStringLiteral("retries")) : 3;
    o.timeoutMs = parsePositiveInt(p, QStringLiteral("timeout"), 300) * 1000;
    o.chat = p.isSet(QStringLiteral("chat"));
    o.codeCompletions = p.isSet(QStringLiteral("code-completions"));
    const QString out = p.value(QStringLiteral("out"));

    jobs::JobContext ctx(QStringLiteral("eval"),
                         QJsonObject{{QStringLiteral("framework"), framework}, {QStringLiteral("tasks"), tasks.join(QLatin1Char(','))},
                                     {QStringLiteral("targets"), p.value(QStringLiteral("targets"))}, {QStringLiteral("endpoint"), p.value(QStringLiteral("endpoint"))},
                                     {QStringLiteral("limit"), o.limit}},
                         {env.json, env.jobId});
    ctx.begin();
    const QString outBase = !out.isEmpty() ? out : QDir(paths::dataDir()).filePath(QStringLiteral("evals/%1").arg(ctx.id()));
    if (p.isSet(QStringLiteral("on")) && framework == QLatin1String("native"))
      throw UsageError{QStringLiteral("--on runs lm-eval or EvalPlus on a host: add --framework lm-eval or --framework evalplus")};
    if (framework != QLatin1String("native")) return runTool(p, ctx, framework, targets, o, outBase);

    QList<QPair<QString, eval::EvalResults>> runs;
    QJsonObject perTarget;
    for (const eval::Target& t : targets) {
      eval::NativeOptions to = o;
      to.endpoint = t.url;
      if (!t.apiKey.isEmpty()) to.apiKey = t.apiKey;
      if (to.model.isEmpty()) to.model = t.model;
      eval::Reporter rep;
      rep.progress = [&, name = t.name](double d, double total, const QString& stage) {
        ctx.progress(d, total, QStringLiteral("requests"), targets.size() > 1 ? QStringLiteral("%1: %2").arg(name, stage) : stage);
      };
      rep.log = [&](const QString& m) { ctx.info(targets.size() > 1 ? QStringLiteral("%1: %2").arg(t.name, m) : m); };
      rep.cancelled = [&] { return ctx.cancelled(); };
      QString error;
      bool cancelled = false;
      auto r = eval::evaluateEndpoint(to, rep, &error, &cancelled);
      if (cancelled) return ctx.cancel();
      if (!r) return ctx.fail(QStringLiteral("eval_failed"), targets.size() > 1 ? QStringLiteral("%1: %2").arg(t.name, error) : error);
      const QString file = targets.size() > 1 ? QDir(outBase).filePath(t.name + QStringLiteral(".json"))
                                              : (outBase.endsWith(QStringLiteral(".json")) ? outBase : QDir(outBase).filePath(QStringLiteral("results.json")));
      if (!writeJson(file, eval::toLmEvalJson(*r), &error)) return ctx.fail(QStringLiteral("io"), error);
      if (p.isSet(QStringLiteral("log-samples")) && !writeSamples(QFileInfo(file).absolutePath(), *r, &error)) return ctx.fail(QStringLiteral("io"), error);
      env.err << resultTable(*r) << Qt::flush;
      perTarget.insert(t.name, resultSummary(*r, file));
      runs << qMakePair(t.name, *r);
    }
    if (targets.size() == 1) return ctx.succeed(perTarget.value(targets.first().name).toObject());

    QMap<QString, eval::Agreement> agreement;
    const int topK = parsePositiveInt(p, QStringLiteral("kl-top"), 5);
    QString text;
    if (p.isSet(QStringLiteral("kl-text"))) {
      QFile f(p.value(QStringLiteral("kl-text")));
      if (!f.open(QIODevice::ReadOnly)) return ctx.fail(QStringLiteral("io"), QStringLiteral("--kl-text %1: %2").arg(f.fileName(), f.errorString()));
      text = QString::fromUtf8(f.readAll());
    } else {
      text = eval::defaultAgreementText();
    }
    QList<std::optional<eval::Distributions>> dists;
    for (const eval::Target& t : targets) {
      eval::OpenAiClient c(t.url, t.apiKey.isEmpty() ? o.apiKey : t.apiKey, o.timeoutMs);
      const QString model = o.model.isEmpty() ? runs[dists.size()].second.model : o.model;
      QString error;
      auto d = eval::scoreLongText(c, model, text, topK, 400, &error);
      if (!d) ctx.warn(QStringLiteral("%1: no next-token distributions for the agreement (%2)").arg(t.name, error));
      dists << d;
    }
    for (int i = 1; i < targets.size(); ++i) {
      if (!dists[0] || !dists[i]) continue;
      QString error;
      auto g = eval::compareDistributions(*dists[0], *dists[i], &error);
      if (g) agreement.insert(targets[i].name, *g);
      else ctx.warn(QStringLiteral("%1: %2").arg(targets[i].name, error));
    }
    const QJsonObject comparison = eval::comparisonJson(runs, agreement);
    QString error;
    if (!writeJson(QDir(outBase).filePath(QStringLiteral("comparison.json")), comparison, &error)) return ctx.fail(QStringLiteral("io"), error);
    env.err << '\n' << eval::formatComparison(runs, agreement) << Qt::flush;
    return ctx.succeed({{QStringLiteral("targets"), perTarget}, {QStringLiteral("comparison"), comparison}, {QStringLiteral("out"), outBase}});
  }

 private:
  static int nonNegative(const QCommandLineParser& p, const QString& name) {
    bool ok = false;
    const int v = p.value(name).toInt(&ok);
    if (!ok || v < 0) throw UsageError{QStringLiteral("--%1 must be a whole number of 0 or more").arg(name)};
    return v;
  }

  int list(CliEnv& env) {
    QJsonArray rows;
    for (const eval::TaskSpec& t : eval::allTasks()) {
      const char* kind = t.kind == eval::TaskKind::MultipleChoice ? "multiple_choice" : t.kind == eval::TaskKind::Generate ? "generate_until" : t.kind == eval::TaskKind::Code ? "code" : "demo";
      rows.append(QJsonObject{{QStringLiteral("task"), t.name}, {QStringLiteral("kind"), QString::fromLatin1(kind)}, {QStringLiteral("groups"), QJsonArray::fromStringList(t.groups)},
                              {QStringLiteral("num_fewshot"), t.defaultFewshot}, {QStringLiteral("metrics"), QJsonArray::fromStringList(t.metrics)},
                              {QStringLiteral("data"), t.dataHint}});
      if (!env.json) env.out << QStringLiteral("%1 %2 %3-shot  %4\n").arg(t.name, -40).arg(QString::fromLatin1(kind), -16).arg(t.defaultFewshot).arg(t.dataHint);
    }
    if (env.json) env.out << QJsonDocument(QJsonObject{{QStringLiteral("tasks"), rows}, {QStringLiteral("groups"), QJsonArray::fromStringList(eval::allGroups())}}).toJson(QJsonDocument::Compact) << '\n';
    else env.out << QStringLiteral("groups: %1\n").arg(eval::allGroups().join(QStringLiteral(", ")));
    env.out.flush();
    return 0;
  }

  int runTool(const QCommandLineParser& p, jobs::JobContext& ctx, const QString& framework, const QList<eval::Target>& targets, const eval::NativeOptions& o,
              const QString& outBase) {
    QJsonObject perTarget;
    QList<eval::Target> list = targets;
    if (list.isEmpty()) list << eval::Target{QStringLiteral("local"), {}, {}, {}};
    // --on: the same command lines run as jobs on a GPU host; their output folders come back here.
    std::optional<remote::SshHost> host;
    if (p.isSet(QStringLiteral("on"))) {
      QString error;
      const auto profile = remote::loadHost(p.value(QStringLiteral("on")), &error);
      if (!profile) return ctx.fail(QStringLiteral("host"), error);
      host.emplace(*profile);
    }
    int stage = 0;
    // Runs one tool invocation here or on the host; `output` is where it writes (rewritten to a
    // folder on the host for --on) and `fetched` where its output is read afterwards.
    auto exec = [&](const QString& program, const QStringList& argsHere, const QString& output, const QProcessEnvironment& penv, const QString& dir,
                    const eval::ToolReporter& rep, QString* fetched, const std::function<QStringList(const QString&)>& argsFor) -> eval::ToolOutcome {
      if (!host) {
        *fetched = output;
        return eval::runTool(program, argsHere, penv, dir, rep);
      }
      const QString stageId = QStringLiteral("%1-%2").arg(ctx.id()).arg(++stage);
      const QString remoteOut = remote::RemoteJobRunner::jobDir(host->profile(), stageId) + QStringLiteral("/out");
      const QStringList args = argsFor(remoteOut);
      QMap<QString, QString> env;
      if (penv.contains(QStringLiteral("OPENAI_API_KEY"))) env.insert(QStringLiteral("OPENAI_API_KEY"), penv.value(QStringLiteral("OPENAI_API_KEY")));
      ctx.info(QStringLiteral("on %1: %2 %3").arg(host->label(), program, args.join(QLatin1Char(' '))));
      *fetched = QDir(dir).filePath(QStringLiteral("host-%1").arg(stage));
      return remote::runToolOnHost(ctx, *host, stageId, program, args, env, remoteOut, *fetched, rep);
    };
    for (const eval::Target& t : list) {
      const QString dir = list.size() > 1 ? QDir(outBase).filePath(t.name) : outBase;
      QDir().mkpath(dir);
      QProcessEnvironment penv = QProcessEnvironment::systemEnvironment();
      if (!o.apiKey.isEmpty()) penv.insert(QStringLiteral("OPENAI_API_KEY"), o.apiKey);
      QString model = o.model;
      if (model.isEmpty() && host) throw UsageError{QStringLiteral("--model is required with --on (the name the endpoint serves, or the model path on the host)")};
      if (model.isEmpty() && !t.url.isEmpty()) {
        eval::OpenAiClient c(t.url, o.apiKey, 10000);
        QString error;
        model = c.firstModel(&error);
        if (model.isEmpty()) return ctx.fail(QStringLiteral("endpoint"), error);
      }
      if (model.isEmpty()) throw UsageError{QStringLiteral("--model is required with --backend vllm/hf (the model folder or id)")};
      eval::ToolReporter rep;
      rep.line = [&](const QString& l, bool) {
        if (!l.trimmed().isEmpty()) ctx.info(l);
      };
      rep.progress = [&](const eval::ToolProgress& pr) { ctx.progress(pr.done, pr.total, QStringLiteral("items"), pr.stage); };
      rep.cancelled = [&] { return ctx.cancelled(); };
      std::optional<eval::EvalResults> parsed;
      QString error, file;
      if (framework == QLatin1String("lm-eval")) {
        eval::LmEvalRun r;
        if (p.isSet(QStringLiteral("program"))) r.program = p.value(QStringLiteral("program"));
        else if (host) r.program = host->profile().tool(QStringLiteral("lm_eval"));
        if (!p.value(QStringLiteral("backend")).isEmpty()) r.backend = p.value(QStringLiteral("backend"));
        r.model = model;
        r.baseUrl = t.url;
        r.tokenizer = p.value(QStringLiteral("tokenizer"));
        r.tasks = o.tasks;
        r.numFewshot = o.numFewshot;
        r.limit = o.limit;
        r.concurrency = o.concurrency;
        r.maxLength = p.value(QStringLiteral("max-length")).toInt();
        r.seed = o.seed;
        r.applyChatTemplate = o.chat;
        r.logSamples = p.isSet(QStringLiteral("log-samples"));
        r.outputPath = dir;
        const QStringList args = eval::lmEvalArguments(r);
        if (!host) ctx.info(QStringLiteral("running %1 %2").arg(r.program, args.join(QLatin1Char(' '))));
        QString fetched;
        const eval::ToolOutcome outcome = exec(r.program, args, dir, penv, dir, rep, &fetched, [&](const QString& out) {
          eval::LmEvalRun there = r;
          there.outputPath = out;
          return eval::lmEvalArguments(there);
        });
        if (outcome.cancelled) return ctx.cancel();
        if (!outcome.ok) return ctx.fail(QStringLiteral("tool_failed"), outcome.error);
        file = eval::findLmEvalResults(fetched, model);
        if (file.isEmpty()) return ctx.fail(QStringLiteral("tool_failed"), QStringLiteral("lm_eval finished but wrote no results_*.json under %1").arg(fetched));
        QFile f(file);
        f.open(QIODevice::ReadOnly);
        parsed = eval::parseLmEvalResults(QJsonDocument::fromJson(f.readAll()).object(), &error);
      } else {
        parsed = eval::EvalResults{};
        parsed->source = QStringLiteral("evalplus");
        for (const QString& dataset : o.tasks) {
          eval::EvalPlusRun r;
          if (p.isSet(QStringLiteral("program"))) r.program = p.value(QStringLiteral("program"));
          else if (host) r.program = host->profile().tool(QStringLiteral("evalplus"));
          if (!p.value(QStringLiteral("backend")).isEmpty()) r.backend = p.value(QStringLiteral("backend"));
          r.model = model;
          r.baseUrl = t.url;
          r.dataset = dataset;
          r.root = dir;
          if (dataset != QLatin1String("humaneval") && dataset != QLatin1String("mbpp")) throw UsageError{QStringLiteral("EvalPlus runs humaneval and mbpp, not '%1'").arg(dataset)};
          // A stale result file would be loaded instead of evaluating again.
          QFile::remove(eval::findEvalPlusResults(r));
          const QStringList args = eval::evalPlusArguments(r);
          if (!host) ctx.info(QStringLiteral("running %1 %2").arg(r.program, args.join(QLatin1Char(' '))));
          if (!penv.contains(QStringLiteral("OPENAI_API_KEY"))) penv.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("none"));
          QString fetched;
          const eval::ToolOutcome outcome = exec(r.program, args, r.root, penv, dir, rep, &fetched, [&](const QString& out) {
            eval::EvalPlusRun there = r;
            there.root = out;
            return eval::evalPlusArguments(there);
          });
          if (outcome.cancelled) return ctx.cancel();
          if (!outcome.ok) return ctx.fail(QStringLiteral("tool_failed"), outcome.error);
          r.root = fetched;  // where its files are read from now
          file = eval::findEvalPlusResults(r);
          if (file.isEmpty()) return ctx.fail(QStringLiteral("tool_failed"), QStringLiteral("evalplus finished but wrote no eval_results.json for %1").arg(eval::evalPlusSamplesPath(r)));
          QFile f(file);
          f.open(QIODevice::ReadOnly);
          auto one = eval::parseEvalPlusResults(QJsonDocument::fromJson(f.readAll()).object(), dataset, &error);
          if (!one) break;
          parsed->tasks << one->tasks;
        }
      }
      if (!parsed) return ctx.fail(QStringLiteral("tool_failed"), QStringLiteral("%1: %2").arg(file, error));
      parsed->model = model;
      parsed->endpoint = t.url;
      const QString ours = QDir(dir).filePath(QStringLiteral("ct_results.json"));
      if (!writeJson(ours, eval::toLmEvalJson(*parsed), &error)) return ctx.fail(QStringLiteral("io"), error);
      ctx.info(QStringLiteral("\n") + resultTable(*parsed));
      QJsonObject s = resultSummary(*parsed, ours);
      s.insert(QStringLiteral("tool_results_file"), file);
      perTarget.insert(t.name, s);
    }
    if (perTarget.size() == 1) return ctx.succeed(perTarget.begin()->toObject());
    return ctx.succeed({{QStringLiteral("targets"), perTarget}, {QStringLiteral("out"), outBase}});
  }
};

}  // namespace

std::unique_ptr<Command> makeEvalCommand() { return std::make_unique<EvalCommand>(); }

}  // namespace ct::cli
