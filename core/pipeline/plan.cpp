#include "pipeline/plan.h"

#include "pipeline/calibration_text.h"

#include <QDir>
#include <QJsonArray>
#include <algorithm>

namespace ct::pipeline {
namespace {

// snake_case field → --kebab-case option, with the recipe's booleans as the commands' flags.
void addOption(QStringList& args, const QString& key, const QJsonValue& v) {
  const QString opt = QStringLiteral("--") + QString(key).replace(QLatin1Char('_'), QLatin1Char('-'));
  if (v.isBool()) {
    if (key == QLatin1String("sym")) args << (v.toBool() ? QStringLiteral("--sym") : QStringLiteral("--asym"));
    else if (key == QLatin1String("duo_scaling")) args << opt << (v.toBool() ? QStringLiteral("on") : QStringLiteral("off"));
    else if (v.toBool()) args << opt;
    return;
  }
  if (v.isArray()) {
    for (const QJsonValue e : v.toArray()) args << opt << e.toString();
    return;
  }
  if (v.isString()) {
    if (!v.toString().isEmpty()) args << opt << v.toString();
    return;
  }
  if (v.isDouble()) {
    const double d = v.toDouble();
    if (d == 0) return;  // 0: automatic, the command's own default
    args << opt << (d == static_cast<double>(static_cast<qint64>(d)) ? QString::number(static_cast<qint64>(d)) : QString::number(d));
  }
}

QString remotePath(const QString& host, const QString& path) { return host.isEmpty() ? path : host + QLatin1Char(':') + path; }

QString hostRunDir(const PlanContext& c) { return QStringLiteral("%1/pipelines/%2").arg(c.hostWorkdir, c.runId); }

bool needsLocalCopy(const Recipe& r, const QString& variant) {
  if (r.board() && r.compileFrom() == variant) return true;
  // Scored through a service on this machine (not deployed).
  return r.evaluatedModels().contains(variant) && !r.deployedModels().contains(variant);
}

}  // namespace

QString kindName(StageKind k) {
  switch (k) {
    case StageKind::Quantize: return QStringLiteral("quantize");
    case StageKind::Compile: return QStringLiteral("compile");
    case StageKind::Board: return QStringLiteral("board");
    case StageKind::Serve: return QStringLiteral("serve");
    case StageKind::Deploy: return QStringLiteral("deploy");
    case StageKind::Evaluate: return QStringLiteral("evaluate");
    case StageKind::Compare: return QStringLiteral("compare");
    case StageKind::Report: return QStringLiteral("report");
  }
  return {};
}

QString bundledCalibrationFile(const PlanContext& c) { return QDir(c.runDir).filePath(QStringLiteral("calibration.jsonl")); }

QString localCheckpoint(const PlanContext& c, const QString& variant) { return QDir(c.runDir).filePath(QStringLiteral("quant/") + variant); }
QString servedName(const Recipe& r, const QString& label) { return r.name + QLatin1Char('-') + label; }
QString deploymentName(const Recipe& r, const QString& label) { return r.name + QLatin1Char('-') + label; }

ModelSource modelSource(const Recipe& r, const PlanContext& c, const QString& label) {
  if (label == QLatin1String("origin")) return {r.modelPath, r.modelHost};
  if (label == QLatin1String("board")) return {QDir(c.runDir).filePath(QStringLiteral("image")), {}};
  if (!r.quantizeOn.isEmpty()) return {hostRunDir(c) + QStringLiteral("/quant/") + label, r.quantizeOn};
  return {localCheckpoint(c, label), {}};
}

QList<EvalCommand> evaluateCommands(const Recipe& r, const PlanContext& c, const QString& label, const QString& url, const QString& model) {
  const QJsonObject e = r.evaluate;
  QStringList common{QStringLiteral("eval"), QStringLiteral("--endpoint"), url, QStringLiteral("--model"), model};
  const QString fw = e.value(QStringLiteral("framework")).toString(QStringLiteral("native"));
  if (fw != QLatin1String("native")) common << QStringLiteral("--framework") << fw;
  for (const char* k : {"max_gen_toks", "seed", "concurrency"})
    if (e.value(QLatin1String(k)).toInt() > 0) addOption(common, QLatin1String(k), e.value(QLatin1String(k)));
  if (e.value(QStringLiteral("num_fewshot")).isDouble() && e.value(QStringLiteral("num_fewshot")).toInt() >= 0)
    addOption(common, QStringLiteral("num_fewshot"), e.value(QStringLiteral("num_fewshot")));
  if (e.value(QStringLiteral("chat")).toBool()) common << QStringLiteral("--chat");
  const QString data = e.value(QStringLiteral("data_dir")).toString(c.evalDataDir);
  if (!data.isEmpty() && fw == QLatin1String("native")) common << QStringLiteral("--data-dir") << data;
  if (fw != QLatin1String("native") && !e.value(QStringLiteral("run_on")).toString().isEmpty()) common << QStringLiteral("--on") << e.value(QStringLiteral("run_on")).toString();

  // Tasks grouped by their item limit, in the recipe's order.
  const int limit = e.value(QStringLiteral("limit")).toInt();
  const QJsonObject own = e.value(QStringLiteral("task_limits")).toObject();
  QList<QPair<int, QStringList>> groups;
  for (const QJsonValue t : e.value(QStringLiteral("tasks")).toArray()) {
    const int n = own.contains(t.toString()) ? own.value(t.toString()).toInt() : limit;
    auto it = std::find_if(groups.begin(), groups.end(), [n](const auto& g) { return g.first == n; });
    if (it == groups.end()) groups.append({n, {t.toString()}});
    else it->second << t.toString();
  }
  QList<EvalCommand> out;
  for (int i = 0; i < groups.size(); ++i) {
    EvalCommand cmd;
    cmd.args = common;
    cmd.args << QStringLiteral("--tasks") << groups[i].second.join(QLatin1Char(','));
    if (groups[i].first > 0) cmd.args << QStringLiteral("--limit") << QString::number(groups[i].first);
    cmd.out = QDir(c.runDir).filePath(groups.size() == 1 ? QStringLiteral("eval/%1.json").arg(label) : QStringLiteral("eval/%1.part%2.json").arg(label).arg(i));
    cmd.args << QStringLiteral("--out") << cmd.out;
    out << cmd;
  }
  return out;
}

QList<StagePlan> planStages(const Recipe& r, const PlanContext& c) {
  QList<StagePlan> out;
  const QString origin = r.modelHost.isEmpty() ? r.modelPath : remotePath(r.modelHost, r.modelPath);

  for (const Variant& v : r.variants) {
    StagePlan s;
    s.name = QStringLiteral("quantize:") + v.name;
    s.kind = StageKind::Quantize;
    s.label = v.name;
    s.host = r.quantizeOn;
    s.local = s.host.isEmpty();
    s.args << QStringLiteral("quantize") << r.modelPath;
    QJsonObject opts = v.options;
    if (opts.value(QStringLiteral("calib")).toString().isEmpty()) {
      opts.remove(QStringLiteral("calib"));
      // A real model gets the bundled text (written by the runner); the demo model has its own.
      if (r.quantizeOn.isEmpty() && r.modelHost.isEmpty() && !isDemoModel(r.modelPath)) opts.insert(QStringLiteral("calib"), bundledCalibrationFile(c));
    }
    for (auto it = opts.begin(); it != opts.end(); ++it) addOption(s.args, it.key(), it.value());
    if (s.host.isEmpty()) {
      s.output = localCheckpoint(c, v.name);
      s.args << QStringLiteral("--out") << s.output;
    } else {
      const QString there = modelSource(r, c, v.name).path;
      s.args << QStringLiteral("--on") << s.host << QStringLiteral("--out") << there;
      if (needsLocalCopy(r, v.name)) {
        s.args << QStringLiteral("--pull") << localCheckpoint(c, v.name);
        s.output = localCheckpoint(c, v.name);
      } else {
        s.output = remotePath(s.host, there);
      }
    }
    s.params = QJsonObject{{QStringLiteral("model"), origin}, {QStringLiteral("options"), opts}, {QStringLiteral("on"), s.host}};
    out << s;
  }

  if (r.board()) {
    StagePlan comp;
    comp.name = QStringLiteral("compile");
    comp.kind = StageKind::Compile;
    comp.label = r.compileFrom();
    comp.after << QStringLiteral("quantize:") + r.compileFrom();
    comp.output = QDir(c.runDir).filePath(QStringLiteral("image"));
    comp.args << QStringLiteral("compile") << localCheckpoint(c, r.compileFrom()) << QStringLiteral("--out") << comp.output;
    for (const char* k : {"board", "external"}) addOption(comp.args, QLatin1String(k), r.compile.value(QLatin1String(k)));
    comp.params = QJsonObject{{QStringLiteral("board"), r.compile.value(QStringLiteral("board")).toString(QStringLiteral("vcu128"))},
                              {QStringLiteral("external"), r.compile.value(QStringLiteral("external"))}};
    out << comp;

    StagePlan b;
    b.name = QStringLiteral("board");
    b.kind = StageKind::Board;
    b.label = QStringLiteral("board");
    b.after << QStringLiteral("compile");
    b.params = r.fpga;
    b.params.remove(QStringLiteral("port"));  // where it listens does not change what it answers
    out << b;
  }

  const QStringList deployed = r.deployedModels();
  for (const QString& m : deployed) {
    StagePlan d;
    d.name = QStringLiteral("deploy:") + m;
    d.kind = StageKind::Deploy;
    d.label = m;
    d.host = r.deploy.value(QStringLiteral("host")).toString();
    d.local = false;
    if (m != QLatin1String("origin")) d.after << QStringLiteral("quantize:") + m;
    const ModelSource src = modelSource(r, c, m);
    // A folder already on the deployment host is named HOST:PATH; anything else is pushed by ct deploy.
    const QString model = src.host.isEmpty() ? src.path : (src.host == d.host ? remotePath(d.host, src.path) : QString());
    d.args << QStringLiteral("deploy") << d.host << (model.isEmpty() ? localCheckpoint(c, m) : model) << QStringLiteral("--name") << deploymentName(r, m)
           << QStringLiteral("--served-model-name") << servedName(r, m);
    for (auto it = r.deploy.begin(); it != r.deploy.end(); ++it) {
      if (it.key() == QLatin1String("host") || it.key() == QLatin1String("models") || it.key() == QLatin1String("why")) continue;
      if (it.key() == QLatin1String("vllm_args")) {
        for (const QJsonValue a : it.value().toArray()) d.args << QStringLiteral("--vllm-arg=") + a.toString();
        continue;
      }
      const QJsonValue v = it.value();
      if ((v.isDouble() && v.toDouble() <= 0) || (v.isString() && (v.toString().isEmpty() || v.toString() == QLatin1String("auto")))) continue;
      addOption(d.args, it.key(), v);
    }
    d.params = r.deploy;
    d.params.remove(QStringLiteral("models"));
    d.params.insert(QStringLiteral("model"), m);
    out << d;
  }

  const QStringList scored = r.evaluatedModels();
  for (const QString& m : scored) {
    QString endpointStage;
    if (m == QLatin1String("board")) {
      endpointStage = QStringLiteral("board");
    } else if (deployed.contains(m)) {
      endpointStage = QStringLiteral("deploy:") + m;
    } else {
      StagePlan s;
      s.name = QStringLiteral("serve:") + m;
      s.kind = StageKind::Serve;
      s.label = m;
      if (m != QLatin1String("origin")) s.after << QStringLiteral("quantize:") + m;
      s.params = QJsonObject{{QStringLiteral("model"), m}};
      out << s;
      endpointStage = s.name;
    }
    StagePlan e;
    e.name = QStringLiteral("evaluate:") + m;
    e.kind = StageKind::Evaluate;
    e.label = m;
    e.after << endpointStage;
    const QString fw = r.evaluate.value(QStringLiteral("framework")).toString(QStringLiteral("native"));
    e.host = fw == QLatin1String("native") ? QString() : r.evaluate.value(QStringLiteral("run_on")).toString();
    e.output = QDir(c.runDir).filePath(QStringLiteral("eval/%1.json").arg(m));
    e.params = r.evaluate;
    e.params.remove(QStringLiteral("models"));
    e.params.remove(QStringLiteral("agreement"));
    out << e;
  }

  StagePlan cmp;
  cmp.name = QStringLiteral("compare");
  cmp.kind = StageKind::Compare;
  for (const QString& m : scored) cmp.after << QStringLiteral("evaluate:") + m;
  cmp.output = QDir(c.runDir).filePath(QStringLiteral("eval/comparison.json"));
  cmp.params = QJsonObject{{QStringLiteral("agreement"), r.evaluate.value(QStringLiteral("agreement")).toBool(true)}};
  out << cmp;

  StagePlan rep;
  rep.name = QStringLiteral("report");
  rep.kind = StageKind::Report;
  for (const StagePlan& s : out) rep.after << s.name;
  rep.params = QJsonObject{{QStringLiteral("chat"), r.chatQuestion}};
  out << rep;
  return out;
}

}  // namespace ct::pipeline
