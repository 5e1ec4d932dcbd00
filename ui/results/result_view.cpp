#include "results/result_view.h"

#include <QDir>
#include <QDirIterator>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "eval/results.h"
#include "i18n/format.h"
#include "i18n/terms.h"

namespace ct::ui {
namespace {

QString esc(const QString& s) { return s.toHtmlEscaped(); }

struct Html {
  QString s;
  void heading(const QString& h) { s += QStringLiteral("<h3>%1</h3>").arg(esc(h)); }
  void begin(const QStringList& header) {
    s += QStringLiteral("<table cellspacing='0' cellpadding='4' border='1' style='border-collapse:collapse; border-color:#bbb'><tr>");
    for (const QString& h : header) s += QStringLiteral("<th align='left' bgcolor='#eef1f5'>%1</th>").arg(esc(h));
    s += QStringLiteral("</tr>");
  }
  void row(const QStringList& cells, const QList<int>& rightAligned = {}) {
    s += QStringLiteral("<tr>");
    for (int i = 0; i < cells.size(); ++i)
      s += QStringLiteral("<td%1>%2</td>").arg(rightAligned.contains(i) ? QStringLiteral(" align='right'") : QString(), esc(cells[i]));
    s += QStringLiteral("</tr>");
  }
  void end() { s += QStringLiteral("</table>"); }
  void kv(const QList<QPair<QString, QString>>& rows) {
    begin({ResultView::tr("Figure"), ResultView::tr("Value")});
    for (const auto& [k, v] : rows) row({k, v});
    end();
  }
};

QString yesNo(bool b) { return b ? ResultView::tr("yes") : ResultView::tr("no"); }

qint64 folderBytes(const QString& dir) {
  qint64 total = 0;
  QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
  while (it.hasNext()) total += QFileInfo(it.next()).size();
  return total;
}

QString quantizeHtml(const QJsonObject& r) {
  Html h;
  const QString out = r.value(QStringLiteral("out")).toString();
  const bool gptq = r.value(QStringLiteral("method")).toString() == QLatin1String("gptq");
  QList<QPair<QString, QString>> rows = {
      {ResultView::tr("Output"), out},
      {ResultView::tr("Method"), r.value(QStringLiteral("method")).toString().toUpper()},
      {ResultView::tr("Bits"), QStringLiteral("INT%1").arg(r.value(QStringLiteral("bits")).toInt())},
      {ResultView::tr("Group size"), r.value(QStringLiteral("group_size")).toInt() < 0 ? ResultView::tr("one per row") : QString::number(r.value(QStringLiteral("group_size")).toInt())},
      {ResultView::tr("Symmetric"), yesNo(r.value(QStringLiteral("sym")).toBool())},
      {ResultView::tr("Act-order (desc_act)"), yesNo(r.value(QStringLiteral("desc_act")).toBool())},
      {ResultView::tr("vLLM kernel"), r.value(QStringLiteral("kernel")).toString()},
      {ResultView::tr("Layers"), QString::number(r.value(QStringLiteral("layers")).toInt())},
      {ResultView::tr("Mean output error"), formatPercent(r.value(QStringLiteral("mean_err")).toDouble(), 3)},
  };
  if (gptq) rows.append({ResultView::tr("Round-to-nearest on the same inputs"), formatPercent(r.value(QStringLiteral("mean_err_rtn")).toDouble(), 3)});
  rows.append({ResultView::tr("Quantization time"), formatSeconds(r.value(QStringLiteral("layer_seconds")).toDouble())});
  if (QFileInfo(out).isDir()) rows.append({ResultView::tr("Size on disk"), formatBytesDecimal(static_cast<double>(folderBytes(out)))});
  h.heading(ResultView::tr("Quantized checkpoint"));
  h.kv(rows);
  // Per layer, from the report the checkpoint carries.
  QFile f(QDir(out).filePath(QStringLiteral("ct_quant_report.json")));
  if (f.open(QIODevice::ReadOnly)) {
    const QJsonArray modules = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("layers")).toArray();
    QMap<int, std::array<double, 4>> perLayer;  // err sum, rtn sum, seconds, count
    for (const QJsonValue m : modules) {
      auto& a = perLayer[m[QStringLiteral("layer")].toInt()];
      a[0] += m[QStringLiteral("err")].toDouble();
      a[1] += m[QStringLiteral("err_rtn")].toDouble();
      a[2] += m[QStringLiteral("seconds")].toDouble();
      a[3] += 1;
    }
    if (!perLayer.isEmpty()) {
      h.heading(ResultView::tr("Per layer"));
      h.begin(gptq ? QStringList{ResultView::tr("Layer"), ResultView::tr("Output error"), ResultView::tr("Round-to-nearest"), ResultView::tr("Time")}
                   : QStringList{ResultView::tr("Layer"), ResultView::tr("Output error"), ResultView::tr("Time")});
      for (auto it = perLayer.begin(); it != perLayer.end(); ++it) {
        const auto& a = it.value();
        QStringList cells{QString::number(it.key() + 1), formatPercent(a[0] / a[3], 3)};
        if (gptq) cells << formatPercent(a[1] / a[3], 3);
        cells << formatSeconds(a[2]);
        h.row(cells, {0, 1, 2, 3});
      }
      h.end();
    }
  }
  return h.s;
}

QString compileHtml(const QJsonObject& r) {
  Html h;
  h.heading(ResultView::tr("FPGA weight image"));
  h.kv({{ResultView::tr("Output"), r.value(QStringLiteral("out")).toString()},
        {ResultView::tr("Board"), r.value(QStringLiteral("board")).toString()},
        {ResultView::tr("Image size"), formatBytesDecimal(r.value(QStringLiteral("total_bytes")).toDouble())},
        {ResultView::tr("Board memory"), formatBytesDecimal(r.value(QStringLiteral("capacity_bytes")).toDouble())},
        {ResultView::tr("Memory used"), formatPercent(r.value(QStringLiteral("fill")).toDouble())},
        {ResultView::tr("Fullest channel"), formatPercent(r.value(QStringLiteral("fullest_channel_fill")).toDouble())},
        {ResultView::tr("Read per token"), formatBytesDecimal(r.value(QStringLiteral("bytes_per_token")).toDouble())},
        {ResultView::tr("Decode bound (bandwidth)"), ResultView::tr("%1 tokens/s at %2 GB/s").arg(formatCount(r.value(QStringLiteral("bound_tokens_per_s")).toDouble()),
                                                                                                 uiLocale().toString(r.value(QStringLiteral("peak_bandwidth_gbps")).toDouble()))},
        {ResultView::tr("Tensors"), formatCount(r.value(QStringLiteral("tensors")).toDouble())},
        {ResultView::tr("Checkpoint read"), formatBytesDecimal(r.value(QStringLiteral("source_bytes")).toDouble())},
        {ResultView::tr("Compile time"), formatSeconds(r.value(QStringLiteral("seconds")).toDouble())}});
  return h.s;
}

// The checks of `ct doctor`, worded here from their facts so they read in the interface language.
QString checkName(const QString& n) {
  if (n == QLatin1String("qt")) return ResultView::tr("Qt libraries");
  if (n == QLatin1String("sqlite")) return ResultView::tr("SQLite driver");
  if (n == QLatin1String("folders")) return ResultView::tr("Data folders");
  if (n == QLatin1String("cpu")) return ResultView::tr("Processor");
  if (n == QLatin1String("ssh")) return ResultView::tr("SSH client (GPU hosts)");
  if (n == QLatin1String("python3")) return ResultView::tr("Python 3 (code tasks)");
  if (n == QLatin1String("nvidia-smi")) return ResultView::tr("NVIDIA GPU on this machine");
  if (n == QLatin1String("lm_eval")) return ResultView::tr("lm-evaluation-harness (lm_eval)");
  if (n == QLatin1String("evalplus")) return ResultView::tr("EvalPlus");
  return n;
}

QString checkDetail(const QJsonObject& c) {
  const QString n = c[QStringLiteral("name")].toString();
  const QJsonValue v = c[QStringLiteral("value")];
  const bool ok = c[QStringLiteral("ok")].toBool();
  if (ok) {
    if (n == QLatin1String("sqlite")) return ResultView::tr("present");
    if (n == QLatin1String("folders"))
      return ResultView::tr("history %1, logs %2").arg(v[QStringLiteral("history")].toString(), v[QStringLiteral("logs")].toString());
    if (n == QLatin1String("cpu")) return ResultView::tr("%n hardware thread(s)", nullptr, v.toInt());
    if (v.isString()) return v.toString();  // a version or a path: data, as the tool printed it
  } else {
    if (n == QLatin1String("sqlite")) return ResultView::tr("Qt's SQLite driver is missing: install libqt6sql6-sqlite.");
    if (n == QLatin1String("ssh")) return ResultView::tr("No OpenSSH client: install openssh-client to reach GPU hosts.");
    if (n == QLatin1String("python3")) return ResultView::tr("No python3: code tasks (humaneval, mbpp) cannot be scored here.");
    if (n == QLatin1String("nvidia-smi")) return ResultView::tr("None (fine: GPUs are used on the GPU host over SSH).");
    if (n == QLatin1String("lm_eval")) return ResultView::tr("Not installed: the lm-eval framework cannot run here (pip install lm-eval); the built-in evaluator can.");
    if (n == QLatin1String("evalplus")) return ResultView::tr("Not installed: the EvalPlus framework cannot run here (pip install evalplus); the built-in evaluator can.");
  }
  return c[QStringLiteral("detail")].toString();
}

QString doctorHtml(const QJsonObject& r) {
  Html h;
  h.heading(ResultView::tr("This machine"));
  h.begin({ResultView::tr("Check"), ResultView::tr("Result"), ResultView::tr("Detail")});
  for (const QJsonValue c : r.value(QStringLiteral("checks")).toArray()) {
    const bool ok = c[QStringLiteral("ok")].toBool();
    const QString verdict = ok ? ResultView::tr("ok") : c[QStringLiteral("required")].toBool() ? ResultView::tr("missing (required)") : ResultView::tr("missing (optional)");
    h.row({checkName(c[QStringLiteral("name")].toString()), verdict, checkDetail(c.toObject())});
  }
  h.end();
  return h.s;
}

QString scalar(const QJsonValue& v) {
  if (v.isDouble()) return formatNumber(v.toDouble(), 4);
  if (v.isBool()) return yesNo(v.toBool());
  if (v.isString()) return v.toString();
  return QString::fromUtf8(QJsonDocument(v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject())).toJson(QJsonDocument::Compact)).left(200);
}

QString genericHtml(const QJsonObject& r) {
  Html h;
  QList<QPair<QString, QString>> rows;
  for (auto it = r.begin(); it != r.end(); ++it) rows.append({it.key(), scalar(it.value())});
  h.kv(rows);
  return h.s;
}

// Each task's headline metric as value ± stderr; the per-target shape is lm-eval's.
struct Score {
  double value = 0;
  QString stderrText;
  int n = 0;
  bool present = false;
};

QMap<QString, Score> scores(const QJsonObject& lmEvalShaped, QStringList* order) {
  QMap<QString, Score> out;
  const QJsonObject results = lmEvalShaped.value(QStringLiteral("results")).toObject();
  const QJsonObject nSamples = lmEvalShaped.value(QStringLiteral("n-samples")).toObject();
  const QJsonObject groupSubtasks = lmEvalShaped.value(QStringLiteral("group_subtasks")).toObject();
  for (auto it = results.begin(); it != results.end(); ++it) {
    // A group that only repeats one task (ai2_arc over arc_easy alone) adds nothing.
    if (groupSubtasks.value(it.key()).toArray().size() == 1) continue;
    eval::TaskResult t;
    t.task = it.key();
    const QJsonObject o = it->toObject();
    for (auto m = o.begin(); m != o.end(); ++m)
      if (m.key().contains(QLatin1Char(',')) && !m.key().section(QLatin1Char(','), 0, 0).endsWith(QStringLiteral("_stderr")) && m->isDouble())
        t.metrics.insert(m.key(), eval::MetricValue{m->toDouble(), std::nullopt});
    const QString key = eval::headlineMetric(t);
    if (key.isEmpty()) continue;
    Score s;
    s.present = true;
    s.value = t.metrics[key].value;
    const QJsonValue se = o.value(key.section(QLatin1Char(','), 0, 0) + QStringLiteral("_stderr,") + key.section(QLatin1Char(','), 1));
    s.stderrText = se.isDouble() ? uiLocale().toString(100 * se.toDouble(), 'f', 1) : QString();
    s.n = nSamples.value(it.key()).toObject().value(QStringLiteral("effective")).toInt();
    if (s.n == 0) s.n = o.value(QStringLiteral("sample_len")).toInt();
    out.insert(it.key(), s);
    if (order && !order->contains(it.key())) order->append(it.key());
  }
  return out;
}

}  // namespace

QString evalResultHtml(const QJsonObject& result) {
  Html h;
  QList<QPair<QString, QMap<QString, Score>>> perTarget;
  QStringList tasks;
  if (result.value(QStringLiteral("targets")).isObject()) {
    const QJsonObject t = result.value(QStringLiteral("targets")).toObject();
    QStringList order;
    for (const QJsonValue v : result[QStringLiteral("comparison")][QStringLiteral("targets")].toArray()) order << v.toString();
    if (order.isEmpty()) order = t.keys();
    for (const QString& name : order) perTarget.append({name, scores(t.value(name).toObject(), &tasks)});
  } else if (result.contains(QStringLiteral("results"))) {
    perTarget.append({ResultView::tr("endpoint"), scores(result, &tasks)});
  }
  if (perTarget.isEmpty()) return {};
  h.heading(ResultView::tr("Scores, % (± standard error)"));
  QStringList header{ResultView::tr("Task")};
  for (int i = 0; i < perTarget.size(); ++i) {
    header << perTarget[i].first;
    if (i > 0) header << ResultView::tr("Δ vs %1").arg(perTarget.first().first);
  }
  header << ResultView::tr("Items");
  h.begin(header);
  for (const QString& task : tasks) {
    QStringList cells{task};
    QList<int> right;
    const Score base = perTarget.first().second.value(task);
    int n = 0;
    for (int i = 0; i < perTarget.size(); ++i) {
      const Score s = perTarget[i].second.value(task);
      right << static_cast<int>(cells.size());
      cells << (s.present ? uiLocale().toString(100 * s.value, 'f', 1) + (s.stderrText.isEmpty() ? QString() : QStringLiteral(" ± ") + s.stderrText) : QStringLiteral("—"));
      if (i > 0) {
        right << static_cast<int>(cells.size());
        cells << (s.present && base.present ? (s.value >= base.value ? QStringLiteral("+") : QString()) + uiLocale().toString(100 * (s.value - base.value), 'f', 1)
                                            : QStringLiteral("—"));
      }
      n = std::max(n, s.n);
    }
    right << static_cast<int>(cells.size());
    cells << (n > 0 ? formatCount(n) : QStringLiteral("—"));
    h.row(cells, right);
  }
  h.end();
  const QJsonObject agree = result[QStringLiteral("comparison")][QStringLiteral("agreement")].toObject();
  if (!agree.isEmpty()) {
    h.heading(ResultView::tr("Next-token agreement with %1").arg(perTarget.first().first));
    h.begin({ResultView::tr("Target"), ResultView::tr("Top-1 agreement"), ResultView::tr("KL (lower bound), nats/token"), ResultView::tr("Mean |Δ log p|"), ResultView::tr("Positions")});
    for (auto it = agree.begin(); it != agree.end(); ++it) {
      const QJsonObject a = it->toObject();
      h.row({it.key(), formatPercent(a.value(QStringLiteral("top1_agreement")).toDouble(), 1), formatNumber(a.value(QStringLiteral("kl_lower_bound")).toDouble(), 3),
             formatNumber(a.value(QStringLiteral("mean_abs_delta_logprob")).toDouble(), 3), formatCount(a.value(QStringLiteral("positions")).toDouble())},
            {1, 2, 3, 4});
    }
    h.end();
  }
  return h.s;
}

ResultView::ResultView(QWidget* parent)
    : QWidget(parent), table_(new QTextBrowser(this)), json_(new QPlainTextEdit(this)), stack_(new QStackedWidget(this)), toggle_(new QPushButton(this)) {
  table_->setObjectName(QStringLiteral("resultTable"));
  table_->setOpenExternalLinks(false);
  json_->setObjectName(QStringLiteral("resultJson"));
  json_->setReadOnly(true);
  toggle_->setObjectName(QStringLiteral("resultToggle"));
  toggle_->setFlat(true);
  stack_->addWidget(table_);
  stack_->addWidget(json_);
  auto* bar = new QHBoxLayout;
  bar->addStretch(1);
  bar->addWidget(toggle_);
  auto* l = new QVBoxLayout(this);
  l->setContentsMargins(0, 0, 0, 0);
  l->addWidget(stack_, 1);
  l->addLayout(bar);
  connect(toggle_, &QPushButton::clicked, this, [this] {
    stack_->setCurrentIndex(1 - stack_->currentIndex());
    retranslate();
  });
  retranslate();
}

void ResultView::setResult(const QString& kind, const QJsonObject& result, const QJsonObject& params) {
  kind_ = kind;
  result_ = result;
  params_ = params;
  render();
}

void ResultView::clear() {
  kind_.clear();
  result_ = {};
  params_ = {};
  render();
}

void ResultView::render() {
  json_->setPlainText(result_.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(result_).toJson(QJsonDocument::Indented)));
  QString html;
  if (result_.isEmpty()) html = QStringLiteral("<p style='color:#666'>%1</p>").arg(esc(tr("No result yet: it appears here when the job succeeds.")));
  else if (kind_ == QLatin1String("quantize")) html = quantizeHtml(result_);
  else if (kind_ == QLatin1String("compile")) html = compileHtml(result_);
  else if (kind_ == QLatin1String("eval")) html = evalResultHtml(result_);
  else if (kind_ == QLatin1String("doctor")) html = doctorHtml(result_);
  if (html.isEmpty()) html = genericHtml(result_);
  table_->setHtml(html);
  toggle_->setVisible(!result_.isEmpty());
  if (result_.isEmpty()) stack_->setCurrentIndex(0);
}

QString ResultView::tableText() const { return table_->toPlainText(); }
bool ResultView::showingJson() const { return stack_->currentIndex() == 1; }

void ResultView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslate();
    render();
  }
  QWidget::changeEvent(event);
}

void ResultView::retranslate() { toggle_->setText(stack_->currentIndex() == 0 ? tr("Show JSON") : tr("Show table")); }

}  // namespace ct::ui
