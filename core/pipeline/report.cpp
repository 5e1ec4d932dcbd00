#include "pipeline/report.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <algorithm>
#include <cmath>

#include "eval/compare.h"
#include "eval/openai_client.h"
#include "eval/results.h"
#include "pipeline/service_runs.h"

namespace ct::pipeline {
namespace {

const ServiceRecord* serviceFor(const RunState& s, const QString& label) {
  for (const ServiceRecord& svc : s.services)
    if (svc.label == label) return &svc;
  return nullptr;
}

QString esc(const QString& s) { return s.toHtmlEscaped(); }

QString num(double v, int prec = 3) { return QString::number(v, 'f', prec); }

// A line chart of per-module output error, one polyline per series.
QString errorChart(const QJsonObject& quant) {
  struct Series {
    QString name;
    QList<double> ys;
  };
  QList<Series> series;
  for (auto it = quant.begin(); it != quant.end(); ++it) {
    const QJsonArray mods = it.value().toObject().value(QStringLiteral("modules")).toArray();
    if (mods.isEmpty()) continue;
    Series s{it.key(), {}}, rtn{it.key() + QStringLiteral(" RTN"), {}};
    for (const QJsonValue m : mods) {
      s.ys << m[QStringLiteral("err")].toDouble() * 100;
      if (m.toObject().contains(QStringLiteral("err_rtn"))) rtn.ys << m[QStringLiteral("err_rtn")].toDouble() * 100;
    }
    series << s;
    if (!rtn.ys.isEmpty()) series << rtn;
  }
  if (series.isEmpty()) return QStringLiteral("<p>No per-module figures were recorded.</p>");
  double maxY = 0;
  int maxN = 0;
  for (const Series& s : series) {
    for (double y : s.ys) maxY = std::max(maxY, y);
    maxN = std::max(maxN, static_cast<int>(s.ys.size()));
  }
  maxY = maxY > 0 ? maxY * 1.1 : 1;
  const int w = 760, h = 260, l = 50, b = 30, t = 10;
  static const char* colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};
  QString svg = QStringLiteral("<svg xmlns='http://www.w3.org/2000/svg' width='%1' height='%2' role='img' aria-label='per-module output error'>").arg(w).arg(h + 20 * ((series.size() + 3) / 4));
  svg += QStringLiteral("<line x1='%1' y1='%2' x2='%3' y2='%2' stroke='#888'/><line x1='%1' y1='%4' x2='%1' y2='%2' stroke='#888'/>").arg(l).arg(h - b).arg(w - 10).arg(t);
  for (int i = 0; i <= 4; ++i) {
    const double v = maxY * i / 4;
    const double y = (h - b) - (h - b - t) * i / 4.0;
    svg += QStringLiteral("<text x='%1' y='%2' font-size='10' text-anchor='end'>%3%</text>").arg(l - 4).arg(y + 3).arg(num(v, 2));
  }
  svg += QStringLiteral("<text x='%1' y='%2' font-size='11' text-anchor='middle'>module (layer order)</text>").arg((l + w) / 2).arg(h - 8);
  for (int si = 0; si < series.size(); ++si) {
    QStringList pts;
    const Series& s = series[si];
    for (int i = 0; i < s.ys.size(); ++i) {
      const double x = l + (w - l - 10) * (maxN > 1 ? i / double(maxN - 1) : 0.5);
      const double y = (h - b) - (h - b - t) * s.ys[i] / maxY;
      pts << QStringLiteral("%1,%2").arg(num(x, 1), num(y, 1));
    }
    const QString dash = s.name.endsWith(QLatin1String(" RTN")) ? QStringLiteral(" stroke-dasharray='4 3'") : QString();
    svg += QStringLiteral("<polyline fill='none' stroke='%1' stroke-width='1.5'%2 points='%3'/>").arg(QLatin1String(colours[si % 8]), dash, pts.join(QLatin1Char(' ')));
    const int lx = l + (si % 4) * 180, ly = h + 8 + 20 * (si / 4);
    svg += QStringLiteral("<line x1='%1' y1='%2' x2='%3' y2='%2' stroke='%4' stroke-width='2'%5/><text x='%6' y='%7' font-size='11'>%8</text>")
               .arg(lx).arg(ly).arg(lx + 20).arg(QLatin1String(colours[si % 8]), dash).arg(lx + 24).arg(ly + 4).arg(esc(s.name));
  }
  return svg + QStringLiteral("</svg>");
}

// Bars of each task's headline metric per model.
QString scoreChart(const QJsonObject& comparison) {
  const QJsonArray targets = comparison.value(QStringLiteral("targets")).toArray();
  const QJsonObject tasks = comparison.value(QStringLiteral("tasks")).toObject();
  const QJsonObject headline = comparison.value(QStringLiteral("headline")).toObject();
  if (targets.isEmpty() || headline.isEmpty()) return {};
  const int n = static_cast<int>(targets.size()), groups = static_cast<int>(headline.size());
  const int barW = 14, gap = 24, l = 40, h = 220, b = 60;
  const int w = l + groups * (n * barW + gap) + 20;
  static const char* colours[] = {"#444", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#d62728", "#8c564b", "#17becf"};
  QString svg = QStringLiteral("<svg xmlns='http://www.w3.org/2000/svg' width='%1' height='%2' role='img' aria-label='scores'>").arg(w).arg(h + 20);
  svg += QStringLiteral("<line x1='%1' y1='%2' x2='%3' y2='%2' stroke='#888'/>").arg(l).arg(h - b).arg(w - 10);
  for (int i = 0; i <= 4; ++i)
    svg += QStringLiteral("<text x='%1' y='%2' font-size='10' text-anchor='end'>%3</text>").arg(l - 4).arg((h - b) - (h - b - 10) * i / 4.0 + 3).arg(i * 25);
  int gi = 0;
  for (auto it = headline.begin(); it != headline.end(); ++it, ++gi) {
    const QJsonObject per = tasks.value(it.key()).toObject().value(it.value().toString()).toObject();
    const int x0 = l + 10 + gi * (n * barW + gap);
    for (int ti = 0; ti < n; ++ti) {
      const double v = per.value(targets[ti].toString()).toObject().value(QStringLiteral("value")).toDouble() * 100;
      const double bh = (h - b - 10) * std::clamp(v, 0.0, 100.0) / 100;
      svg += QStringLiteral("<rect x='%1' y='%2' width='%3' height='%4' fill='%5'><title>%6 %7: %8</title></rect>")
                 .arg(x0 + ti * barW).arg(num((h - b) - bh, 1)).arg(barW - 2).arg(num(bh, 1)).arg(QLatin1String(colours[ti % 8]))
                 .arg(esc(targets[ti].toString()), esc(it.key()), num(v, 1));
    }
    svg += QStringLiteral("<text x='%1' y='%2' font-size='10' transform='rotate(30 %1 %2)'>%3</text>").arg(x0).arg(h - b + 14).arg(esc(it.key()));
  }
  for (int ti = 0; ti < n; ++ti)
    svg += QStringLiteral("<rect x='%1' y='%2' width='10' height='10' fill='%3'/><text x='%4' y='%5' font-size='11'>%6</text>")
               .arg(l + ti * 110).arg(h + 2).arg(QLatin1String(colours[ti % 8])).arg(l + ti * 110 + 14).arg(h + 11).arg(esc(targets[ti].toString()));
  return svg + QStringLiteral("</svg>");
}

}  // namespace

bool compareScores(const ReportInputs& in, QJsonObject* result, QString* error) {
  QList<QPair<QString, eval::EvalResults>> runs;
  for (const QString& m : in.recipe.evaluatedModels()) {
    const QString path = QDir(in.plan.runDir).filePath(QStringLiteral("eval/%1.json").arg(m));
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
      *error = QStringLiteral("no results for %1 (%2)").arg(m, path);
      return false;
    }
    auto r = eval::parseLmEvalResults(QJsonDocument::fromJson(f.readAll()).object(), error);
    if (!r) {
      *error = QStringLiteral("%1: %2").arg(path, *error);
      return false;
    }
    runs << qMakePair(m, *r);
  }
  QMap<QString, eval::Agreement> agreement;
  QStringList notes;
  if (in.recipe.evaluate.value(QStringLiteral("agreement")).toBool(true) && runs.size() > 1) {
    const QString text = eval::defaultAgreementText();
    std::optional<eval::Distributions> base;
    for (const auto& [name, r] : runs) {
      const ServiceRecord* svc = serviceFor(in.state, name);
      QString why;
      if (!svc || !serviceHealthy(*svc, &why)) {
        notes << QStringLiteral("agreement of %1 not measured: its service is not up (%2)").arg(name, why);
        if (!base) break;
        continue;
      }
      eval::OpenAiClient c(svc->url, serviceKey(*svc, nullptr));
      QString err;
      auto d = eval::scoreLongText(c, svc->model, text, 5, 400, &err);
      if (!d) {
        notes << QStringLiteral("agreement of %1 not measured: %2").arg(name, err);
        if (!base) break;
        continue;
      }
      if (!base) {
        base = d;
        continue;
      }
      if (auto g = eval::compareDistributions(*base, *d, &err)) agreement.insert(name, *g);
    }
  }
  QJsonObject cmp = runs.isEmpty() ? QJsonObject{} : eval::comparisonJson(runs, agreement);
  QJsonObject headline;
  if (!runs.isEmpty())
    for (const eval::TaskResult& t : runs.first().second.tasks) headline.insert(t.task, eval::headlineMetric(t));
  cmp.insert(QStringLiteral("headline"), headline);
  cmp.insert(QStringLiteral("table"), runs.isEmpty() ? QString() : eval::formatComparison(runs, agreement));
  if (!notes.isEmpty()) cmp.insert(QStringLiteral("notes"), QJsonArray::fromStringList(notes));
  // The demo task's answers by form, for people reading the demo's summary.
  QJsonObject perForm;
  for (const auto& [name, r] : runs)
    if (const eval::TaskResult* t = r.find(QStringLiteral("demo")))
      perForm.insert(name, t->config.value(QStringLiteral("per_form")));
  if (!perForm.isEmpty()) cmp.insert(QStringLiteral("per_form"), perForm);
  QSaveFile f(QDir(in.plan.runDir).filePath(QStringLiteral("eval/comparison.json")));
  QDir().mkpath(QDir(in.plan.runDir).filePath(QStringLiteral("eval")));
  if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(cmp).toJson()) < 0 || !f.commit()) {
    *error = QStringLiteral("cannot write %1: %2").arg(f.fileName(), f.errorString());
    return false;
  }
  *result = cmp;
  return true;
}

QJsonObject askQuestion(const ReportInputs& in, const QString& question) {
  const ServiceRecord* svc = serviceFor(in.state, QStringLiteral("board"));
  if (!svc && !in.state.services.isEmpty()) svc = &in.state.services.first();
  if (!svc) return {{QStringLiteral("question"), question}, {QStringLiteral("error"), QStringLiteral("no service is up to ask")}};
  eval::OpenAiClient c(svc->url, serviceKey(*svc, nullptr), 60000);
  QString error;
  const QString answer = c.chat(svc->model, QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), question}}}, 0.0, 32, &error);
  QJsonObject o{{QStringLiteral("question"), question}, {QStringLiteral("target"), svc->label}, {QStringLiteral("url"), svc->url}};
  if (!error.isEmpty()) o.insert(QStringLiteral("error"), error);
  else o.insert(QStringLiteral("answer"), answer);
  return o;
}

QJsonObject reportJson(const ReportInputs& in, const QJsonObject& chat) {
  const RunState& s = in.state;
  QJsonArray stages, warnings;
  QJsonObject quant;
  QJsonObject compile;
  for (const StageRecord& rec : s.stages) {
    stages.append(QJsonObject{{QStringLiteral("name"), rec.name}, {QStringLiteral("state"), rec.state}, {QStringLiteral("seconds"), rec.seconds()},
                              {QStringLiteral("note"), rec.note}, {QStringLiteral("job"), rec.job}});
    if (rec.kind == QLatin1String("quantize")) quant.insert(rec.name.mid(9), rec.result);
    if (rec.kind == QLatin1String("compile")) compile = rec.result;
    if (rec.state == QLatin1String("failed")) warnings.append(QStringLiteral("%1 failed: %2").arg(rec.name, rec.error));
  }
  QJsonObject comparison;
  if (const StageRecord* c = s.stage(QStringLiteral("compare"))) comparison = c->result;
  for (const QJsonValue n : comparison.value(QStringLiteral("notes")).toArray()) warnings.append(n);
  QJsonArray endpoints;
  for (const ServiceRecord& svc : s.services)
    endpoints.append(QJsonObject{{QStringLiteral("label"), svc.label}, {QStringLiteral("url"), svc.url}, {QStringLiteral("model"), svc.model},
                                 {QStringLiteral("deployment"), svc.deployment}, {QStringLiteral("host"), svc.host},
                                 {QStringLiteral("kept_running"), in.recipe.keepServices}});
  if (!chat.isEmpty() && chat.contains(QStringLiteral("error"))) warnings.append(QStringLiteral("chat: %1").arg(chat.value(QStringLiteral("error")).toString()));
  double total = 0;
  for (const StageRecord& rec : s.stages) total = std::max(total, rec.endedMs > 0 && s.createdMs > 0 ? (rec.endedMs - s.createdMs) / 1000.0 : 0.0);
  return {{QStringLiteral("run"), s.id},
          {QStringLiteral("recipe"), s.recipe},
          {QStringLiteral("model"), in.recipe.modelHost.isEmpty() ? in.recipe.modelPath : in.recipe.modelHost + QLatin1Char(':') + in.recipe.modelPath},
          {QStringLiteral("created"), QDateTime::fromMSecsSinceEpoch(s.createdMs).toString(Qt::ISODate)},
          {QStringLiteral("attempts"), s.attempts},
          {QStringLiteral("wall_seconds"), total},
          {QStringLiteral("stages"), stages},
          {QStringLiteral("quantization"), quant},
          {QStringLiteral("comparison"), comparison},
          {QStringLiteral("compile_report"), compile},
          {QStringLiteral("endpoints"), endpoints},
          {QStringLiteral("chat"), chat},
          {QStringLiteral("warnings"), warnings}};
}

QString reportHtml(const QJsonObject& r) {
  QString h;
  h += QStringLiteral("<!DOCTYPE html><html><head><meta charset='utf-8'><title>%1</title><style>"
                      "body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:.5em 0}"
                      "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f2f2f2}td:first-child,th:first-child{text-align:left}"
                      ".failed{color:#b00}.warn{background:#fff4e0;padding:.5em}pre{background:#f7f7f7;padding:.5em;overflow:auto}</style></head><body>")
           .arg(esc(QStringLiteral("Pipeline report: ") + r.value(QStringLiteral("run")).toString()));
  h += QStringLiteral("<h1>Pipeline report</h1><p>Run <b>%1</b> of model <code>%2</code>, started %3, %4 attempt(s), %5 s.</p>")
           .arg(esc(r.value(QStringLiteral("run")).toString()), esc(r.value(QStringLiteral("model")).toString()), esc(r.value(QStringLiteral("created")).toString()))
           .arg(r.value(QStringLiteral("attempts")).toInt())
           .arg(num(r.value(QStringLiteral("wall_seconds")).toDouble(), 1));
  const QJsonArray warnings = r.value(QStringLiteral("warnings")).toArray();
  if (!warnings.isEmpty()) {
    h += QStringLiteral("<div class='warn'><b>Warnings</b><ul>");
    for (const QJsonValue w : warnings) h += QStringLiteral("<li>%1</li>").arg(esc(w.toString()));
    h += QStringLiteral("</ul></div>");
  }
  h += QStringLiteral("<h2>Stages</h2><table><tr><th>stage</th><th>state</th><th>seconds</th><th>note</th></tr>");
  for (const QJsonValue v : r.value(QStringLiteral("stages")).toArray())
    h += QStringLiteral("<tr><td>%1</td><td class='%2'>%2</td><td>%3</td><td style='text-align:left'>%4</td></tr>")
             .arg(esc(v[QStringLiteral("name")].toString()), esc(v[QStringLiteral("state")].toString()), num(v[QStringLiteral("seconds")].toDouble(), 1), esc(v[QStringLiteral("note")].toString()));
  h += QStringLiteral("</table>");

  const QJsonObject quant = r.value(QStringLiteral("quantization")).toObject();
  if (!quant.isEmpty()) {
    h += QStringLiteral("<h2>Quantization</h2><table><tr><th>variant</th><th>method</th><th>bits</th><th>group</th><th>kernel</th><th>mean error %</th><th>RTN error %</th><th>seconds</th></tr>");
    for (auto it = quant.begin(); it != quant.end(); ++it) {
      const QJsonObject q = it.value().toObject();
      h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td><td>%7</td><td>%8</td></tr>")
               .arg(esc(it.key()), esc(q.value(QStringLiteral("method")).toString()))
               .arg(q.value(QStringLiteral("bits")).toInt())
               .arg(q.value(QStringLiteral("group_size")).toInt())
               .arg(esc(q.value(QStringLiteral("kernel")).toString()), num(q.value(QStringLiteral("mean_err")).toDouble() * 100),
                    q.contains(QStringLiteral("mean_err_rtn")) ? num(q.value(QStringLiteral("mean_err_rtn")).toDouble() * 100) : QStringLiteral("–"),
                    num(q.value(QStringLiteral("layer_seconds")).toDouble(), 1));
    }
    h += QStringLiteral("</table><h3>Output error per module (solid: the method; dashed: round-to-nearest)</h3>") + errorChart(quant);
  }

  const QJsonObject cmp = r.value(QStringLiteral("comparison")).toObject();
  if (!cmp.value(QStringLiteral("targets")).toArray().isEmpty()) {
    const QJsonArray targets = cmp.value(QStringLiteral("targets")).toArray();
    const QString baseline = cmp.value(QStringLiteral("baseline")).toString();
    h += QStringLiteral("<h2>Scores</h2><p>Headline metric of each task, value ± stderr in %; Δ against %1.</p><table><tr><th>task</th><th>metric</th>").arg(esc(baseline));
    for (const QJsonValue t : targets) h += QStringLiteral("<th>%1</th>").arg(esc(t.toString()));
    h += QStringLiteral("</tr>");
    const QJsonObject tasks = cmp.value(QStringLiteral("tasks")).toObject();
    const QJsonObject headline = cmp.value(QStringLiteral("headline")).toObject();
    for (auto it = headline.begin(); it != headline.end(); ++it) {
      const QJsonObject per = tasks.value(it.key()).toObject().value(it.value().toString()).toObject();
      h += QStringLiteral("<tr><td>%1</td><td>%2</td>").arg(esc(it.key()), esc(it.value().toString()));
      for (const QJsonValue t : targets) {
        const QJsonObject v = per.value(t.toString()).toObject();
        if (v.isEmpty()) {
          h += QStringLiteral("<td>–</td>");
          continue;
        }
        QString cell = num(v.value(QStringLiteral("value")).toDouble() * 100, 1);
        if (v.value(QStringLiteral("stderr")).isDouble()) cell += QStringLiteral(" ± ") + num(v.value(QStringLiteral("stderr")).toDouble() * 100, 1);
        if (t.toString() != baseline) cell += QStringLiteral(" (Δ %1)").arg(num(v.value(QStringLiteral("delta")).toDouble() * 100, 1));
        h += QStringLiteral("<td>%1</td>").arg(cell);
      }
      h += QStringLiteral("</tr>");
    }
    h += QStringLiteral("</table>") + scoreChart(cmp);
    const QJsonObject agree = cmp.value(QStringLiteral("agreement")).toObject();
    if (!agree.isEmpty()) {
      h += QStringLiteral("<h3>Next-token agreement with %1</h3><table><tr><th>model</th><th>top-1 agreement %</th><th>KL (lower bound, nats/token)</th><th>positions</th></tr>").arg(esc(baseline));
      for (auto it = agree.begin(); it != agree.end(); ++it)
        h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td></tr>")
                 .arg(esc(it.key()), num(it.value()[QStringLiteral("top1_agreement")].toDouble() * 100, 1), num(it.value()[QStringLiteral("kl_lower_bound")].toDouble(), 4))
                 .arg(it.value()[QStringLiteral("positions")].toInt());
      h += QStringLiteral("</table>");
    }
  }

  const QJsonObject comp = r.value(QStringLiteral("compile_report")).toObject();
  if (!comp.isEmpty())
    h += QStringLiteral("<h2>FPGA image</h2><table><tr><th>board</th><th>image bytes</th><th>capacity MB</th><th>bytes read per token</th><th>bandwidth bound, tokens/s</th></tr>"
                        "<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td></tr></table>")
             .arg(esc(comp.value(QStringLiteral("board")).toString()))
             .arg(static_cast<qint64>(comp.value(QStringLiteral("total_bytes")).toDouble()))
             .arg(num(comp.value(QStringLiteral("capacity_bytes")).toDouble() / 1e6, 0))
             .arg(static_cast<qint64>(comp.value(QStringLiteral("bytes_per_token")).toDouble()))
             .arg(num(comp.value(QStringLiteral("bound_tokens_per_s")).toDouble(), 0));

  const QJsonArray endpoints = r.value(QStringLiteral("endpoints")).toArray();
  if (!endpoints.isEmpty()) {
    h += QStringLiteral("<h2>Endpoints</h2><table><tr><th>model</th><th>URL</th><th>served name</th><th>where</th></tr>");
    for (const QJsonValue e : endpoints)
      h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td></tr>")
               .arg(esc(e[QStringLiteral("label")].toString()), esc(e[QStringLiteral("url")].toString()), esc(e[QStringLiteral("model")].toString()),
                    esc(e[QStringLiteral("deployment")].toString().isEmpty() ? QStringLiteral("this machine") : e[QStringLiteral("host")].toString() + QStringLiteral(" (") + e[QStringLiteral("deployment")].toString() + QStringLiteral(")")));
    h += QStringLiteral("</table>");
  }
  const QJsonObject chat = r.value(QStringLiteral("chat")).toObject();
  if (chat.contains(QStringLiteral("answer")))
    h += QStringLiteral("<h2>Chat</h2><p>%1 → <b>%2</b> (%3)</p>").arg(esc(chat.value(QStringLiteral("question")).toString()), esc(chat.value(QStringLiteral("answer")).toString()), esc(chat.value(QStringLiteral("target")).toString()));
  h += QStringLiteral("<h2>Recipe</h2><pre>%1</pre></body></html>\n").arg(esc(QString::fromUtf8(QJsonDocument(r.value(QStringLiteral("recipe")).toObject()).toJson())));
  return h;
}

bool writeReport(const ReportInputs& in, const QJsonObject& chat, QString* error) {
  const QJsonObject r = reportJson(in, chat);
  for (const auto& [path, bytes] : {std::pair{in.state.reportJson(), QJsonDocument(r).toJson()}, std::pair{in.state.reportHtml(), reportHtml(r).toUtf8()}}) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) < 0 || !f.commit()) {
      *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
      return false;
    }
  }
  return true;
}

}  // namespace ct::pipeline
