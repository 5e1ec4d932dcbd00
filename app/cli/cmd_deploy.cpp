#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include "cli/api_key_options.h"
#include "cli/commands.h"
#include "deploy/deployer.h"
#include "jobs/job_context.h"

// `ct deploy HOST MODEL [flags]`, `ct deploy list`, `ct deploy stop NAME`, `ct deploy logs NAME`.
namespace ct::cli {
namespace {

class DeployCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("deploy"); }
  QString summary() const override { return QStringLiteral("Run vLLM on a GPU host: checked, leased, watched until it answers, tunnelled and registered by name; list, stop, logs."); }
  QString synopsis() const override { return QStringLiteral("HOST MODEL [options] | list | stop NAME | logs NAME"); }
  void addOptions(QCommandLineParser& p) override {
    p.addPositionalArgument(QStringLiteral("host"), QStringLiteral("A host added with ct hosts add (or: list, stop, logs)"));
    p.addPositionalArgument(QStringLiteral("model"), QStringLiteral("A local model folder (pushed to the host's workdir/models first), or a folder on the host: HOST:PATH, or a PATH that does not exist here"));
    p.addOptions({
        {QStringLiteral("name"), QStringLiteral("Name of the deployment (default: the model folder's name); ct eval --targets NAME uses it."), QStringLiteral("name")},
        {QStringLiteral("gpus"), QStringLiteral("auto (default), a count, or GPUs by index, UUID or bus id, comma-separated."), QStringLiteral("auto|n|list")},
        {QStringLiteral("memory"), QStringLiteral("Memory budget per GPU in GiB (default: ct's estimate for the model and context)."), QStringLiteral("gb")},
        {QStringLiteral("gpu-memory-utilization"), QStringLiteral("Budget as vLLM's fraction of each GPU's total memory."), QStringLiteral("f")},
        {QStringLiteral("max-model-len"), QStringLiteral("Context length (default: the model's)."), QStringLiteral("n")},
        {QStringLiteral("port"), QStringLiteral("API port on the host: auto (default, from the host's range) or a port in that range."), QStringLiteral("auto|p")},
        {QStringLiteral("tensor-parallel-size"), QStringLiteral("Tensor-parallel ranks (default: the GPU count)."), QStringLiteral("n")},
        {QStringLiteral("served-model-name"), QStringLiteral("Model name clients send (default: the deployment's name)."), QStringLiteral("name")},
        {QStringLiteral("quantization"), QStringLiteral("vLLM --quantization (default: what the checkpoint says)."), QStringLiteral("q")},
        {QStringLiteral("dtype"), QStringLiteral("vLLM --dtype."), QStringLiteral("d")},
        {QStringLiteral("vllm-arg"), QStringLiteral("One more argument for vllm serve (repeatable)."), QStringLiteral("arg")},
        {QStringLiteral("timeout"), QStringLiteral("Seconds to wait for vLLM to answer (default 900)."), QStringLiteral("s")},
        {QStringLiteral("lines"), QStringLiteral("logs: the last N lines (default: all)."), QStringLiteral("n")},
    });
    addApiKeyOptions(p, QStringLiteral("API key vLLM requires (default: a random one, kept in the keychain; passed in vLLM's environment, never on its command line)"));
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    const QStringList pos = p.positionalArguments();
    const QString first = pos.value(0);
    if (first == QLatin1String("list") && pos.size() == 1) return list(env);
    if (first == QLatin1String("stop") && pos.size() == 2) return stopCmd(pos[1], env);
    if (first == QLatin1String("logs") && pos.size() == 2) return logsCmd(p, pos[1], env);
    if (pos.size() != 2) throw UsageError{QStringLiteral("give HOST and MODEL (or: ct deploy list | stop NAME | logs NAME)")};
    deploy::DeployRequest r;
    r.host = pos[0];
    r.model = pos[1];
    r.name = p.value(QStringLiteral("name"));
    if (p.isSet(QStringLiteral("gpus"))) r.gpus = p.value(QStringLiteral("gpus"));
    auto number = [&](const QString& o) {
      bool ok = false;
      const double v = p.value(o).toDouble(&ok);
      if (!ok || v <= 0) throw UsageError{QStringLiteral("--%1 needs a positive number, got '%2'").arg(o, p.value(o))};
      return v;
    };
    if (p.isSet(QStringLiteral("memory")) && p.isSet(QStringLiteral("gpu-memory-utilization")))
      throw UsageError{QStringLiteral("give --memory or --gpu-memory-utilization, not both")};
    if (p.isSet(QStringLiteral("memory"))) r.memoryGiB = number(QStringLiteral("memory"));
    if (p.isSet(QStringLiteral("gpu-memory-utilization"))) {
      r.gpuMemoryUtilization = number(QStringLiteral("gpu-memory-utilization"));
      if (*r.gpuMemoryUtilization > 1) throw UsageError{QStringLiteral("--gpu-memory-utilization is a fraction of each GPU's total memory, at most 1")};
    }
    r.maxModelLen = p.isSet(QStringLiteral("max-model-len")) ? parsePositiveInt(p, QStringLiteral("max-model-len"), 0) : 0;
    if (p.isSet(QStringLiteral("port")) && p.value(QStringLiteral("port")) != QLatin1String("auto")) {
      bool ok = false;
      r.port = p.value(QStringLiteral("port")).toInt(&ok);
      if (!ok || r.port < 1 || r.port > 65535) throw UsageError{QStringLiteral("--port takes auto or 1-65535, got '%1'").arg(p.value(QStringLiteral("port")))};
    }
    r.apiKey = takeApiKeys(p, env, false).value(0);
    r.tensorParallel = p.isSet(QStringLiteral("tensor-parallel-size")) ? parsePositiveInt(p, QStringLiteral("tensor-parallel-size"), 0) : 0;
    r.servedName = p.value(QStringLiteral("served-model-name"));
    r.quantization = p.value(QStringLiteral("quantization"));
    r.dtype = p.value(QStringLiteral("dtype"));
    r.vllmArgs = p.values(QStringLiteral("vllm-arg"));
    for (const QString& a : r.vllmArgs)
      if (a == QLatin1String("--api-key") || a.startsWith(QLatin1String("--api-key=")))
        throw UsageError{QStringLiteral("give the key with --api-key-stdin or --api-key-file (it goes into vLLM's environment); on vLLM's command line every user of the host could read it")};
    r.timeoutSeconds = parsePositiveInt(p, QStringLiteral("timeout"), r.timeoutSeconds);
    r.ctProgram = QCoreApplication::applicationFilePath();
    QJsonObject params{{QStringLiteral("host"), r.host}, {QStringLiteral("model"), r.model}, {QStringLiteral("gpus"), r.gpus}};
    if (!r.name.isEmpty()) params.insert(QStringLiteral("name"), r.name);
    jobs::JobContext ctx(QStringLiteral("deploy"), params, {env.json, env.jobId});
    ctx.begin();
    deploy::DeployEvents ev;
    ev.log = [&](const QString& stage, const QString& m) { ctx.log(m.startsWith(QLatin1String("warning: ")) ? jobs::LogLevel::Warning : jobs::LogLevel::Info, QStringLiteral("%1: %2").arg(stage, m)); };
    ev.cancelled = [&] { return ctx.cancelled(); };
    const deploy::DeployOutcome o = deploy::deploy(r, ev);
    if (!o.ok && o.step == QLatin1String("cancelled")) return ctx.cancel();
    if (!o.ok) return ctx.fail(QStringLiteral("deploy_%1").arg(o.step), o.advice.isEmpty() ? o.error : QStringLiteral("%1\nwhat to do: %2").arg(o.error, o.advice));
    const auto& d = o.deployment;
    if (!env.json)
      env.out << d.name << " ready: " << d.url << " (model '" << d.servedName << "', host " << d.host << " GPU " << indices(d) << ", port " << d.apiPort
              << ")\n  use it: ct eval --targets " << d.name << " ...   stop it: ct deploy stop " << d.name << "\n";
    QJsonObject res = d.toJson();
    res.insert(QStringLiteral("ready_seconds"), o.readySeconds);
    res.insert(QStringLiteral("plan"), o.plan.why);
    return ctx.succeed(res);
  }

 private:
  static QString indices(const deploy::Deployment& d) {
    QStringList s;
    for (int i : d.gpuIndices) s << QString::number(i);
    return s.join(QLatin1Char(','));
  }

  int list(CliEnv& env) {
    const auto all = deploy::DeploymentStore().list();
    QJsonArray a;
    if (!env.json && all.isEmpty()) env.out << "no deployments (ct deploy HOST MODEL starts one)\n";
    for (auto d : all) {
      QString error;
      if (d.active()) {
        const auto alive = deploy::running(d, &error);
        if (alive && !*alive) d.state = QStringLiteral("exited");
        if (!alive) d.state += QStringLiteral(" (host not reachable: ") + error + QLatin1Char(')');
      }
      if (env.json) a.append(d.toJson());
      else
        env.out << QStringLiteral("%1  %2  %3  GPU %4  %5  %6\n").arg(d.name.leftJustified(16), d.state.leftJustified(8), d.host.leftJustified(12), indices(d).leftJustified(5),
                                                                      d.url.leftJustified(28), d.model);
    }
    if (env.json) env.out << QJsonDocument(a).toJson(QJsonDocument::Compact) << "\n";
    return 0;
  }

  int stopCmd(const QString& name, CliEnv& env) {
    jobs::JobContext ctx(QStringLiteral("deploy-stop"), {{QStringLiteral("name"), name}}, {env.json, env.jobId});
    ctx.begin();
    deploy::DeployEvents ev;
    ev.log = [&](const QString&, const QString& m) { ctx.info(m); };
    const deploy::StopOutcome o = deploy::stop(name, ev);
    if (!o.ok) return ctx.fail(QStringLiteral("deploy_stop"), o.error);
    QJsonArray pids;
    for (qint64 p : o.pids) pids.append(double(p));
    if (!env.json) env.out << "stopped " << name << "\n";
    return ctx.succeed({{QStringLiteral("stopped"), name}, {QStringLiteral("pids"), pids}, {QStringLiteral("steps"), QJsonArray::fromStringList(o.steps)}});
  }

  int logsCmd(const QCommandLineParser& p, const QString& name, CliEnv& env) {
    QString error;
    const auto text = deploy::logs(name, p.isSet(QStringLiteral("lines")) ? parsePositiveInt(p, QStringLiteral("lines"), 0) : 0, &error);
    if (!text) {
      env.err << "ct deploy logs: " << error << "\n";
      return jobs::exit_code::failed;
    }
    env.out << QString::fromUtf8(*text);
    return 0;
  }
};

}  // namespace

std::unique_ptr<Command> makeDeployCommand() { return std::make_unique<DeployCommand>(); }

}  // namespace ct::cli
