#include <QJsonArray>
#include <QJsonDocument>

#include "cli/commands.h"
#include "cli/compute.h"
#include "jobs/job_context.h"
#include "model/model_config.h"
#include "quant/quant_options.h"
#include "quant/quantize_run.h"
#include "remote/host_store.h"
#include "remote/remote_stages.h"

namespace ct::cli {
namespace {

class QuantizeCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("quantize"); }
  QString summary() const override { return QStringLiteral("GPTQ or AWQ (or round-to-nearest) quantization into a checkpoint vLLM and transformers load."); }
  QString synopsis() const override { return QStringLiteral("MODEL_DIR --out DIR"); }
  void addOptions(QCommandLineParser& p) override {
    p.addPositionalArgument(QStringLiteral("model"), QStringLiteral("Float checkpoint folder (Qwen2 / Qwen2.5 / Qwen2-VL / R1-Distill-Qwen)"));
    p.addOptions({
        {QStringLiteral("out"), QStringLiteral("Output folder; written as OUT.partial and renamed when complete."), QStringLiteral("dir")},
        {QStringLiteral("method"), QStringLiteral("gptq (default), awq (AutoAWQ GEMM checkpoint) or rtn (round-to-nearest baseline, GPTQ format)."), QStringLiteral("m")},
        {QStringLiteral("bits"), QStringLiteral("2, 3, 4 (default) or 8; AWQ: 4."), QStringLiteral("n")},
        {QStringLiteral("group-size"), QStringLiteral("-1 (one group per row), 32, 64 or 128 (default)."), QStringLiteral("n")},
        {QStringLiteral("desc-act"), QStringLiteral("Act-order: quantize columns by descending Hessian diagonal.")},
        {QStringLiteral("sym"), QStringLiteral("Symmetric zero point (default; the format gptq_marlin serves).")},
        {QStringLiteral("asym"), QStringLiteral("Asymmetric zero points (written as gptq_v2).")},
        {QStringLiteral("damp"), QStringLiteral("Damping as a fraction of mean(diag H) (default 0.01; raised automatically if needed)."), QStringLiteral("x")},
        {QStringLiteral("static-groups"), QStringLiteral("Fix each group's scale before act-order reordering.")},
        {QStringLiteral("no-clip"), QStringLiteral("AWQ: skip the clipping search after scaling.")},
        {QStringLiteral("duo-scaling"), QStringLiteral("AWQ: on (default; s = x_mean^r / w_mean^(1-r)) or off (s = x_mean^r)."), QStringLiteral("on|off")},
        {QStringLiteral("grid"), QStringLiteral("AWQ: scaling ratios tried per group (default 20)."), QStringLiteral("n")},
        {QStringLiteral("calib"), QStringLiteral("Calibration text: .txt, .jsonl or .json (built-in text for the demo model)."), QStringLiteral("file")},
        {QStringLiteral("calib-field"), QStringLiteral("JSON field holding the text (default \"text\")."), QStringLiteral("name")},
        {QStringLiteral("nsamples"), QStringLiteral("Calibration windows (default 128)."), QStringLiteral("n")},
        {QStringLiteral("seqlen"), QStringLiteral("Tokens per window (default 2048, AWQ 512, or the model's context if shorter)."), QStringLiteral("n")},
        {QStringLiteral("seed"), QStringLiteral("Seed of the window positions (default 0)."), QStringLiteral("n")},
        {QStringLiteral("max-memory"), QStringLiteral("Refuse up front if the run would need more (e.g. 16G)."), QStringLiteral("bytes")},
        {QStringLiteral("threads"), QStringLiteral("CPU threads (default: all cores)."), QStringLiteral("n")},
        {QStringLiteral("resume"), QStringLiteral("Continue an interrupted run of the same model, options and calibration.")},
        {QStringLiteral("check"), QStringLiteral("Only validate the options against the model and print the plan (kernel, memory).")},
        {QStringLiteral("on"), QStringLiteral("Quantize on this GPU host (ct there, else GPTQModel); MODEL_DIR, --out and --calib are paths on the host."), QStringLiteral("host")},
        {QStringLiteral("pull"), QStringLiteral("With --on: copy the checkpoint back to this folder (verified); without it the checkpoint stays on the host."), QStringLiteral("dir")},
    });
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 1) throw UsageError{QStringLiteral("give exactly one MODEL_DIR")};
    quant::QuantizeRequest r;
    r.modelDir = pos.first();
    r.outDir = p.value(QStringLiteral("out"));
    quant::QuantOptions& o = r.options;
    if (p.isSet(QStringLiteral("method"))) o.method = p.value(QStringLiteral("method"));
    // Options of the other method are refused rather than silently ignored.
    const QStringList gptqOnly{QStringLiteral("desc-act"), QStringLiteral("sym"), QStringLiteral("asym"), QStringLiteral("damp"), QStringLiteral("static-groups")};
    const QStringList awqOnly{QStringLiteral("no-clip"), QStringLiteral("duo-scaling"), QStringLiteral("grid")};
    for (const QString& opt : o.isAwq() ? gptqOnly : awqOnly)
      if (p.isSet(opt))
        throw UsageError{o.isAwq() ? QStringLiteral("--%1 is a GPTQ option; AWQ always uses asymmetric zero points in the input order").arg(opt)
                                   : QStringLiteral("--%1 is an AWQ option; add --method awq").arg(opt)};
    o.awqClip = !p.isSet(QStringLiteral("no-clip"));
    if (p.isSet(QStringLiteral("duo-scaling"))) {
      const QString v = p.value(QStringLiteral("duo-scaling")).toLower();
      if (v != QLatin1String("on") && v != QLatin1String("off")) throw UsageError{QStringLiteral("--duo-scaling must be on or off, got '%1'").arg(v)};
      o.duoScaling = v == QLatin1String("on");
    }
    o.grid = parsePositiveInt(p, QStringLiteral("grid"), o.grid);
    o.bits = parsePositiveInt(p, QStringLiteral("bits"), o.bits);
    if (p.isSet(QStringLiteral("group-size"))) {
      bool ok = false;
      o.groupSize = p.value(QStringLiteral("group-size")).toInt(&ok);
      if (!ok) throw UsageError{QStringLiteral("--group-size must be -1, 32, 64 or 128, got '%1'").arg(p.value(QStringLiteral("group-size")))};
    }
    o.descAct = p.isSet(QStringLiteral("desc-act"));
    if (p.isSet(QStringLiteral("sym")) && p.isSet(QStringLiteral("asym"))) throw UsageError{QStringLiteral("--sym and --asym exclude each other")};
    o.sym = !p.isSet(QStringLiteral("asym"));
    if (p.isSet(QStringLiteral("damp"))) {
      bool ok = false;
      o.damp = p.value(QStringLiteral("damp")).toDouble(&ok);
      if (!ok) throw UsageError{QStringLiteral("--damp must be a number such as 0.01, got '%1'").arg(p.value(QStringLiteral("damp")))};
    }
    o.staticGroups = p.isSet(QStringLiteral("static-groups"));
    o.calibPath = p.value(QStringLiteral("calib"));
    if (p.isSet(QStringLiteral("calib-field"))) o.calibField = p.value(QStringLiteral("calib-field"));
    o.nsamples = parsePositiveInt(p, QStringLiteral("nsamples"), o.nsamples);
    o.seqlen = parsePositiveInt(p, QStringLiteral("seqlen"), o.seqlen);
    if (p.isSet(QStringLiteral("seed"))) {
      bool ok = false;
      o.seed = p.value(QStringLiteral("seed")).toULongLong(&ok);
      if (!ok) throw UsageError{QStringLiteral("--seed must be a whole number ≥ 0, got '%1'").arg(p.value(QStringLiteral("seed")))};
    }
    if (p.isSet(QStringLiteral("max-memory"))) {
      o.maxMemoryBytes = quant::parseBytes(p.value(QStringLiteral("max-memory")));
      if (o.maxMemoryBytes <= 0) throw UsageError{QStringLiteral("--max-memory must look like 16G, 800M or 4.5GB, got '%1'").arg(p.value(QStringLiteral("max-memory")))};
    }
    r.threads = parsePositiveInt(p, QStringLiteral("threads"), 0);
    r.resume = p.isSet(QStringLiteral("resume"));

    if (p.isSet(QStringLiteral("pull")) && !p.isSet(QStringLiteral("on"))) throw UsageError{QStringLiteral("--pull goes with --on HOST")};
    if (p.isSet(QStringLiteral("on"))) return onHost(p, r, env);
    if (p.isSet(QStringLiteral("check"))) return check(r, env);
    if (r.outDir.isEmpty()) throw UsageError{QStringLiteral("--out DIR is required")};
    const compute::Work* work = compute::work();
    if (!work) return compute::handOver(name(), env);
    QJsonObject params = o.toJson();
    params.insert(QStringLiteral("model"), r.modelDir);
    params.insert(QStringLiteral("out"), r.outDir);
    jobs::JobContext ctx(QStringLiteral("quantize"), params, {env.json, env.jobId});
    ctx.begin();
    return work->quantize(ctx, r);
  }

 private:
  static int onHost(const QCommandLineParser& p, const quant::QuantizeRequest& r, CliEnv& env) {
    if (r.outDir.isEmpty()) throw UsageError{QStringLiteral("--out DIR (a path on the host) is required")};
    QString error;
    const auto profile = remote::loadHost(p.value(QStringLiteral("on")), &error);
    if (!profile) {
      env.err << "ct quantize: " << error << "\n";
      return jobs::exit_code::failed;
    }
    remote::RemoteQuantize q;
    q.model = r.modelDir;
    q.out = r.outDir;
    q.pullTo = p.value(QStringLiteral("pull"));
    // The same options for ct on the host; the local-only ones stay here.
    const QStringList local{QStringLiteral("on"), QStringLiteral("pull"), QStringLiteral("out"), QStringLiteral("json"), QStringLiteral("job-id"), QStringLiteral("check")};
    const QStringList flags{QStringLiteral("desc-act"), QStringLiteral("sym"), QStringLiteral("asym"), QStringLiteral("static-groups"), QStringLiteral("resume")};
    QStringList seen;
    for (const QString& name : p.optionNames()) {
      if (local.contains(name) || seen.contains(name)) continue;
      seen << name;
      q.ctArgs << QStringLiteral("--") + name;
      if (!flags.contains(name)) q.ctArgs << p.value(name);
    }
    const quant::QuantOptions& o = r.options;
    q.gptq = {{QStringLiteral("bits"), o.bits}, {QStringLiteral("group_size"), o.groupSize}, {QStringLiteral("desc_act"), o.descAct}, {QStringLiteral("sym"), o.sym},
              {QStringLiteral("damp"), o.damp}, {QStringLiteral("true_sequential"), true}, {QStringLiteral("calib"), o.calibPath},
              {QStringLiteral("calib_field"), o.calibField}, {QStringLiteral("nsamples"), o.nsamples}, {QStringLiteral("seqlen"), o.seqlen}};
    QJsonObject params = o.toJson();
    params.insert(QStringLiteral("model"), r.modelDir);
    params.insert(QStringLiteral("out"), r.outDir);
    params.insert(QStringLiteral("host"), profile->name);
    jobs::JobContext ctx(QStringLiteral("quantize"), params, {env.json, env.jobId});
    ctx.begin();
    remote::SshHost ssh(*profile);
    return remote::quantizeOnHost(ctx, ssh, q);
  }

  static int check(const quant::QuantizeRequest& r, CliEnv& env) {
    QString err;
    const auto cfg = model::ModelConfig::load(r.modelDir, &err);
    if (!cfg) {
      env.err << "error: " << err << "\n";
      return 1;
    }
    const quant::QuantPlan plan = quant::planQuantization(r.options, *cfg);
    if (env.json) {
      QJsonObject o{{QStringLiteral("ok"), plan.errors.isEmpty()},
                    {QStringLiteral("errors"), QJsonArray::fromStringList(plan.errors)},
                    {QStringLiteral("warnings"), QJsonArray::fromStringList(plan.warnings)},
                    {QStringLiteral("kernel"), plan.kernel},
                    {QStringLiteral("kernel_note"), plan.kernelNote},
                    {QStringLiteral("notes"), QJsonArray::fromStringList(plan.notes)},
                    {QStringLiteral("estimated_peak_bytes"), static_cast<double>(plan.estimatedPeakBytes)}};
      if (r.options.isAwq()) {
        QJsonArray tp;
        for (int t : plan.tensorParallel) tp.append(t);
        o.insert(QStringLiteral("tensor_parallel"), tp);
      }
      env.out << QJsonDocument(o)
                     .toJson(QJsonDocument::Compact)
              << "\n";
    } else {
      for (const QString& e : plan.errors) env.out << "error: " << e << "\n";
      for (const QString& w : plan.warnings) env.out << "warning: " << w << "\n";
      if (plan.errors.isEmpty()) {
        env.out << "vLLM kernel: " << plan.kernel << " (" << plan.kernelNote << ")\n"
                << "estimated peak memory: " << quant::formatBytes(plan.estimatedPeakBytes) << "\n";
        for (const QString& n : plan.notes) env.out << n << "\n";
      }
    }
    return plan.errors.isEmpty() ? 0 : 1;
  }
};

}  // namespace

std::unique_ptr<Command> makeQuantizeCommand() { return std::make_unique<QuantizeCommand>(); }

}  // namespace ct::cli
