#include "remote/remote_stages.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

#include "jobs/job_context.h"
#include "remote/job_relay.h"
#include "remote/transfer.h"

namespace ct::remote {
namespace {

// Runs GPTQModel with our options and reports each quantized module as the same event `ct
// quantize` writes (data: layer, layers, module, loss, damp, samples, seconds), by wrapping the
// method GPTQModel calls with each module's statistics row.
const char* const kGptqRunner = R"py(import json, os, shutil, sys, time
model_path, out, cfg = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
def event(kind, **fields):
    fields.update({"v": 1, "type": kind, "ts": int(time.time() * 1000)})
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()
try:
    from gptqmodel import GPTQModel, QuantizeConfig
    from gptqmodel.looper import loop_processor
except Exception as e:
    event("error", code="gptqmodel_missing", msg="cannot import gptqmodel on this host (%s): pip install gptqmodel, or install ct there" % e)
    sys.exit(3)
with open(os.path.join(model_path, "config.json")) as f:
    layers = int(json.load(f).get("num_hidden_layers", 0))
calib = cfg.get("calib") or ""
if not calib or not os.path.exists(calib):
    event("error", code="calibration", msg="GPTQModel needs calibration text on the host: give --calib FILE (a path on the host; .txt, .jsonl or .json)")
    sys.exit(4)
texts = []
with open(calib, encoding="utf-8") as f:
    if calib.endswith(".jsonl"):
        texts = [json.loads(l)[cfg.get("calib_field", "text")] for l in f if l.strip()]
    elif calib.endswith(".json"):
        texts = [r[cfg.get("calib_field", "text")] for r in json.load(f)]
    else:
        texts = [p for p in f.read().split("\n\n") if p.strip()]
texts = texts[: int(cfg.get("nsamples", 128))]
qcfg = QuantizeConfig(bits=int(cfg["bits"]), group_size=int(cfg["group_size"]), desc_act=bool(cfg["desc_act"]), sym=bool(cfg["sym"]),
                      damp_percent=float(cfg["damp"]), true_sequential=bool(cfg.get("true_sequential", True)))
event("log", level="info", msg="GPTQModel QuantizeConfig: %s" % json.dumps(qcfg.to_dict(), sort_keys=True), data={"engine": "gptqmodel", "quantize_config": qcfg.to_dict()})
done = [0]
started = [time.time()]
original = loop_processor.LoopProcessor.log_new_row
def report(self, stat):
    try:
        layer = int(stat.get("layer"))
        module = str(stat.get("module"))
        loss = float(stat.get("loss"))
        data = {"layer": layer, "layers": layers, "module": module, "loss": loss, "damp": float(stat.get("damp", 0) or 0),
                "samples": int(float(stat.get("samples", 0) or 0)), "seconds": float(stat.get("time", 0) or 0)}
        done[0] += 1
        event("log", level="info", msg="layer %d/%d %s: loss %.6g, damp %s, %.1f s" % (layer + 1, layers, module, loss, stat.get("damp"), data["seconds"]), data=data)
        event("progress", done=done[0], total=max(layers * 7, done[0]), unit="modules", eta_s=None, stage="layer %d/%d %s" % (layer + 1, layers, module))
        event("metric", series="gptqmodel_loss", x=layer, y=loss)
    except (TypeError, ValueError):
        pass
    return original(self, stat)
loop_processor.LoopProcessor.log_new_row = report
model = GPTQModel.load(model_path, qcfg)
model.quantize(texts, batch_size=1)
partial = out + ".partial"
shutil.rmtree(partial, ignore_errors=True)
model.save(partial)
if os.path.exists(out):
    shutil.rmtree(out)
os.rename(partial, out)
event("result", result={"out": out, "engine": "gptqmodel", "quantize_config": qcfg.to_dict(), "modules": done[0], "seconds": round(time.time() - started[0], 3)})
)py";

}  // namespace

QByteArray gptqModelRunner() { return QByteArray(kGptqRunner); }

eval::ToolOutcome runToolOnHost(jobs::JobContext& ctx, SshHost& ssh, const QString& stageId, const QString& program, const QStringList& args,
                                const QMap<QString, QString>& env, const QString& remoteOut, const QString& localOut, const eval::ToolReporter& rep) {
  eval::ToolOutcome out;
  EventRelay relay(ctx, false);
  eval::HangGuard guard;
  QString hang;
  relay.plainLine = [&](const QString& line) {
    if (auto pr = eval::parseTqdm(line); pr && rep.progress) rep.progress(*pr);
    else if (rep.line) rep.line(line.section(QLatin1Char('\r'), -1, -1, QString::SectionSkipEmpty), false);
    if (auto why = guard.feed(line); why && hang.isEmpty()) hang = *why;
  };
  RemoteJobSpec spec;
  spec.argv = QStringList{program} + args;
  spec.env = env;
  const StageOutcome s = runStage(ctx, ssh, stageId, spec, relay, [&] { return !hang.isEmpty() || (rep.cancelled && rep.cancelled()); });
  if (!hang.isEmpty()) {
    out.error = QStringLiteral("%1 (on %2)").arg(hang, ssh.label());
    return out;
  }
  if (s.cancelled) {
    out.cancelled = true;
    out.error = QStringLiteral("cancelled");
    return out;
  }
  if (!s.ok) {
    out.error = s.error;
    return out;
  }
  // The results come home; the parsers then read them exactly as after a local run.
  TransferCallbacks cb;
  cb.cancelled = rep.cancelled;
  cb.log = [&](const QString& m) { ctx.info(m); };
  Transfer t(ssh, cb);
  TransferReport report;
  QString error;
  QDir(localOut).removeRecursively();
  if (!t.pull(remoteOut, localOut, {}, &report, &error)) {
    out.error = QStringLiteral("the tool finished on %1, but its results could not be copied back: %2").arg(ssh.label(), error);
    return out;
  }
  ctx.info(QStringLiteral("results copied from %1:%2 (%3 files, verified)").arg(ssh.profile().name, remoteOut).arg(report.files));
  out.ok = true;
  return out;
}

int quantizeOnHost(jobs::JobContext& ctx, SshHost& ssh, const RemoteQuantize& q) {
  // Which engine: ct there, else GPTQModel.
  const ExecResult probe = ssh.script("if command -v \"$1\" >/dev/null 2>&1; then echo engine=ct; "
                                     "elif \"$2\" -c 'import gptqmodel' >/dev/null 2>&1; then echo engine=gptqmodel; else echo engine=none; fi",
                                     {ssh.profile().tool(QStringLiteral("ct")), ssh.profile().tool(QStringLiteral("python3"))});
  if (!probe.ok()) return ctx.fail(QStringLiteral("remote"), probe.error());
  const QString engine = QString::fromUtf8(probe.out).section(QStringLiteral("engine="), 1).trimmed();
  if (engine == QLatin1String("none"))
    return ctx.fail(QStringLiteral("no_engine"), QStringLiteral("%1 has neither ct nor GPTQModel: install one of them there (pip install gptqmodel), or set its path with "
                                                              "ct hosts add %2 --replace --tool ct=PATH")
                                                     .arg(ssh.label(), ssh.profile().name));
  RemoteJobSpec spec;
  if (engine == QLatin1String("ct")) {
    spec.argv = QStringList{ssh.profile().tool(QStringLiteral("ct")), QStringLiteral("quantize"), q.model, QStringLiteral("--out"), q.out} + q.ctArgs + QStringList{QStringLiteral("--json")};
  } else {
    spec.argv = QStringList{ssh.profile().tool(QStringLiteral("python3")), QStringLiteral("-c"), QString::fromLatin1(kGptqRunner), q.model, q.out,
                            QString::fromUtf8(QJsonDocument(q.gptq).toJson(QJsonDocument::Compact))};
  }
  ctx.info(QStringLiteral("quantizing on %1 with %2").arg(ssh.label(), engine == QLatin1String("ct") ? QStringLiteral("ct") : QStringLiteral("GPTQModel")));
  EventRelay relay(ctx, false);
  const StageOutcome s = runStage(ctx, ssh, ctx.id(), spec, relay);
  if (s.cancelled) return ctx.cancel();
  if (!s.ok) return ctx.fail(relay.errorCode.isEmpty() ? QStringLiteral("quantize_failed") : relay.errorCode, s.error);
  QJsonObject result = relay.result;
  result.insert(QStringLiteral("host"), ssh.profile().name);
  result.insert(QStringLiteral("engine"), engine);
  result.insert(QStringLiteral("remote_out"), q.out);
  if (!q.pullTo.isEmpty()) {
    TransferCallbacks cb;
    cb.cancelled = [&] { return ctx.cancelled(); };
    cb.log = [&](const QString& m) { ctx.info(m); };
    cb.progress = [&](const TransferProgress& p) { ctx.progress(static_cast<double>(p.done), static_cast<double>(p.total), QStringLiteral("bytes"), QStringLiteral("pulling the checkpoint")); };
    Transfer t(ssh, cb);
    TransferReport report;
    QString error;
    if (!t.pull(q.out, q.pullTo, {}, &report, &error)) return ctx.fail(QStringLiteral("transfer"), QStringLiteral("quantized on %1, but the pull failed: %2").arg(ssh.label(), error));
    result.insert(QStringLiteral("pulled_to"), QFileInfo(q.pullTo).absoluteFilePath());
  }
  return ctx.succeed(result);
}

}  // namespace ct::remote
