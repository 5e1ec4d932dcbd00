#include "pipeline/demo_summary.h"

#include <QDir>
#include <QJsonArray>

namespace ct::pipeline {
namespace {
const char* describe(const QString& label) {
  if (label == QLatin1String("origin")) return "float32 checkpoint";
  if (label == QLatin1String("int8")) return "GPTQ 8-bit";
  if (label == QLatin1String("int4")) return "GPTQ 4-bit";
  if (label == QLatin1String("int2")) return "GPTQ 2-bit";
  if (label == QLatin1String("awq4")) return "AWQ 4-bit";
  if (label == QLatin1String("board")) return "4-bit image on the emulated board";
  return "";
}
QString shown(const QString& label) { return label == QLatin1String("board") ? QStringLiteral("fpga") : label; }
}  // namespace

QJsonObject demoResult(const RunState& s, const QJsonObject& runResult) {
  const StageRecord* cmpStage = s.stage(QStringLiteral("compare"));
  const QJsonObject cmp = cmpStage ? cmpStage->result : QJsonObject{};
  const QJsonObject perForm = cmp.value(QStringLiteral("per_form")).toObject();
  const QJsonObject demoAcc = cmp.value(QStringLiteral("tasks")).toObject().value(QStringLiteral("demo")).toObject().value(QStringLiteral("acc,none")).toObject();
  QJsonArray targets;
  for (const QJsonValue t : cmp.value(QStringLiteral("targets")).toArray()) {
    const QString label = t.toString();
    targets.append(QJsonObject{{QStringLiteral("target"), shown(label)},
                               {QStringLiteral("what"), QLatin1String(describe(label))},
                               {QStringLiteral("accuracy"), demoAcc.value(label).toObject().value(QStringLiteral("value")).toDouble()},
                               {QStringLiteral("per_form"), perForm.value(label)},
                               {QStringLiteral("results_file"), QDir(s.dir).filePath(QStringLiteral("eval/%1.json").arg(label))}});
  }
  // The comparison under the names the demo has always printed.
  QJsonObject comparison = cmp;
  QJsonArray names;
  for (const QJsonValue t : cmp.value(QStringLiteral("targets")).toArray()) names.append(shown(t.toString()));
  comparison.insert(QStringLiteral("targets"), names);
  QJsonObject tasks;
  const QJsonObject cmpTasks = cmp.value(QStringLiteral("tasks")).toObject();
  for (auto t = cmpTasks.begin(); t != cmpTasks.end(); ++t) {
    QJsonObject metrics;
    const QJsonObject ms = t.value().toObject();
    for (auto m = ms.begin(); m != ms.end(); ++m) {
      QJsonObject per;
      const QJsonObject byTarget = m.value().toObject();
      for (auto x = byTarget.begin(); x != byTarget.end(); ++x) per.insert(shown(x.key()), x.value());
      metrics.insert(m.key(), per);
    }
    tasks.insert(t.key(), metrics);
  }
  comparison.insert(QStringLiteral("tasks"), tasks);
  QJsonObject agreement;
  const QJsonObject ag = cmp.value(QStringLiteral("agreement")).toObject();
  for (auto a = ag.begin(); a != ag.end(); ++a) agreement.insert(shown(a.key()), a.value());
  comparison.insert(QStringLiteral("agreement"), agreement);

  QJsonObject quant;
  QJsonObject compile;
  for (const StageRecord& st : s.stages) {
    if (st.kind == QLatin1String("quantize")) {
      QJsonObject r = st.result;
      r.remove(QStringLiteral("modules"));
      quant.insert(st.name.mid(9), r);
    }
    if (st.kind == QLatin1String("compile")) compile = st.result;
  }
  QJsonArray pids;
  for (const ServiceRecord& svc : s.services)
    for (const QJsonValue d : svc.daemons) pids.append(d[QStringLiteral("pid")]);
  QJsonObject chat;
  if (const StageRecord* rep = s.stage(QStringLiteral("report"))) chat = rep->result.value(QStringLiteral("chat")).toObject();
  QJsonObject out = runResult;
  out.insert(QStringLiteral("work_dir"), s.dir);
  out.insert(QStringLiteral("targets"), targets);
  out.insert(QStringLiteral("comparison"), comparison);
  out.insert(QStringLiteral("quantization"), quant);
  out.insert(QStringLiteral("compile_report"), compile);
  out.insert(QStringLiteral("chat"), QJsonObject{{QStringLiteral("question"), chat.value(QStringLiteral("question"))}, {QStringLiteral("answer"), chat.value(QStringLiteral("answer"))}});
  out.insert(QStringLiteral("child_pids"), pids);
  return out;
}

QString demoSummary(const QJsonObject& r, int items, int realItems) {
  QStringList lines;
  lines << QString() << QStringLiteral("Scores through each target's OpenAI API (%1 demo-task questions; %2 items of each real task from the bundled samples;"
                                       " value±stderr in %, delta vs origin):").arg(items).arg(realItems);
  lines << r.value(QStringLiteral("comparison")).toObject().value(QStringLiteral("table")).toString();
  double acc[2] = {0, 0};
  for (const QJsonValue v : r.value(QStringLiteral("targets")).toArray()) {
    const QJsonObject t = v.toObject(), f = t.value(QStringLiteral("per_form")).toObject();
    auto form = [&](const char* k) { return QString::number(100 * f.value(QLatin1String(k)).toObject().value(QStringLiteral("acc")).toDouble(), 'f', 0); };
    const QString name = t.value(QStringLiteral("target")).toString();
    lines << QStringLiteral("  demo task %1 by form (plain/multiple-choice/worked): %2/%3/%4%  (%5)")
                 .arg(name == QLatin1String("fpga") ? QStringLiteral("board") : name, -7).arg(form("chat"), form("multiple-choice"), form("worked"), t.value(QStringLiteral("what")).toString());
    if (t.value(QStringLiteral("target")).toString() == QLatin1String("int4")) acc[0] = t.value(QStringLiteral("accuracy")).toDouble();
    if (t.value(QStringLiteral("target")).toString() == QLatin1String("awq4")) acc[1] = t.value(QStringLiteral("accuracy")).toDouble();
  }
  const QJsonObject ag = r.value(QStringLiteral("comparison")).toObject().value(QStringLiteral("agreement")).toObject();
  const QJsonObject g = ag.value(QStringLiteral("int4")).toObject(), a = ag.value(QStringLiteral("awq4")).toObject();
  lines << QStringLiteral("4-bit, group 32, GPTQ vs AWQ: demo task %1% vs %2%; next-token top-1 agreement with the float model %3% vs %4% (KL ≥ %5 vs %6)")
               .arg(100 * acc[0], 0, 'f', 1).arg(100 * acc[1], 0, 'f', 1)
               .arg(100 * g.value(QStringLiteral("top1_agreement")).toDouble(), 0, 'f', 1).arg(100 * a.value(QStringLiteral("top1_agreement")).toDouble(), 0, 'f', 1)
               .arg(g.value(QStringLiteral("kl_lower_bound")).toDouble(), 0, 'f', 4).arg(a.value(QStringLiteral("kl_lower_bound")).toDouble(), 0, 'f', 4);
  lines << QStringLiteral("The real tasks are far beyond a 0.8 M-parameter arithmetic model: they show the pipeline, not skill.") << QString();
  const QJsonObject rep = r.value(QStringLiteral("compile_report")).toObject();
  lines << QStringLiteral("Compile report (vcu128): %1 bytes of %2 MB, %3 bytes read per token, bandwidth bound %4 tokens/s")
               .arg(static_cast<qint64>(rep.value(QStringLiteral("total_bytes")).toDouble()))
               .arg(rep.value(QStringLiteral("capacity_bytes")).toDouble() / 1e6, 0, 'f', 0)
               .arg(static_cast<qint64>(rep.value(QStringLiteral("bytes_per_token")).toDouble()))
               .arg(rep.value(QStringLiteral("bound_tokens_per_s")).toDouble(), 0, 'f', 0);
  const QJsonObject chat = r.value(QStringLiteral("chat")).toObject();
  lines << QStringLiteral("Chat through the emulated board's service: %1 → %2").arg(chat.value(QStringLiteral("question")).toString(), chat.value(QStringLiteral("answer")).toString());
  lines << QStringLiteral("Everything the demo made is in %1").arg(r.value(QStringLiteral("work_dir")).toString());
  lines << QStringLiteral("Report: %1").arg(r.value(QStringLiteral("report")).toString());
  return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

}  // namespace ct::pipeline
