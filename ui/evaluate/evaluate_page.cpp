#include "evaluate/evaluate_page.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QUrl>
#include <QVBoxLayout>
#include <QValueAxis>

#include "eval/results.h"
#include "eval/tasks.h"
#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_manager.h"
#include "widgets/path_field.h"

namespace ct::ui {
namespace {

// What the task list offers; `ct eval --list` has every subtask and variant.
const char* const kTasks[] = {"demo", "arc_easy", "arc_challenge", "hellaswag", "boolq", "openbookqa", "mmlu", "gpqa_diamond_zeroshot",
                              "gpqa_diamond_cot_zeroshot", "gsm8k_cot", "gsm8k_platinum_cot", "humaneval", "mbpp"};
enum TargetChoice { Origin, Quantized, Both, Fpga, All, None };

// The headline score of each task for one target: "task" → value in %.
QMap<QString, double> headline(const QJsonObject& lmEvalShaped) {
  QMap<QString, double> out;
  const QJsonObject results = lmEvalShaped.value(QStringLiteral("results")).toObject();
  for (auto it = results.begin(); it != results.end(); ++it) {
    eval::TaskResult t;
    t.task = it.key();
    const QJsonObject o = it->toObject();
    for (auto m = o.begin(); m != o.end(); ++m)
      if (m.key().contains(QLatin1Char(',')) && !m.key().section(QLatin1Char(','), 0, 0).endsWith(QStringLiteral("_stderr")) && m->isDouble())
        t.metrics.insert(m.key(), eval::MetricValue{m->toDouble(), std::nullopt});
    const QString key = eval::headlineMetric(t);
    if (!key.isEmpty()) out.insert(it.key(), 100 * t.metrics[key].value);
  }
  return out;
}

}  // namespace

EvaluatePage::EvaluatePage(jobs::JobManager* manager, QWidget* parent)
    : QWidget(parent),
      manager_(manager),
      form_(new QFormLayout),
      framework_(new QComboBox(this)),
      tasks_(new QListWidget(this)),
      targets_(new QComboBox(this)),
      origin_(new QLineEdit(this)),
      quant_(new QLineEdit(this)),
      fpga_(new QLineEdit(this)),
      apiKey_(new QLineEdit(this)),
      limit_(new QSpinBox(this)),
      fewshot_(new QSpinBox(this)),
      concurrency_(new QSpinBox(this)),
      chat_(new QCheckBox(this)),
      hint_(new QLabel(this)),
      start_(new QPushButton(this)),
      detail_(new JobDetail(this)),
      chart_(new QChartView(this)),
      history_(new QListWidget(this)) {
  dataDir_ = makePathField(this, QStringLiteral("evalDataDir"), PathKind::ExistingFolder);
  framework_->setObjectName(QStringLiteral("evalFramework"));
  framework_->addItems({QStringLiteral("native"), QStringLiteral("lm-eval"), QStringLiteral("evalplus")});
  tasks_->setObjectName(QStringLiteral("evalTasks"));
  for (const char* t : kTasks) {
    auto* item = new QListWidgetItem(QString::fromLatin1(t), tasks_);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(QLatin1String(t) == QLatin1String("demo") ? Qt::Checked : Qt::Unchecked);
  }
  tasks_->setMaximumHeight(150);
  targets_->setObjectName(QStringLiteral("evalTargets"));
  for (int i = 0; i < 6; ++i) targets_->addItem(QString());
  targets_->setCurrentIndex(All);
  origin_->setObjectName(QStringLiteral("evalOrigin"));
  quant_->setObjectName(QStringLiteral("evalQuant"));
  fpga_->setObjectName(QStringLiteral("evalFpga"));
  for (QLineEdit* e : {origin_, quant_, fpga_}) e->setPlaceholderText(QStringLiteral("http://127.0.0.1:8000/v1"));
  apiKey_->setObjectName(QStringLiteral("evalKey"));
  apiKey_->setEchoMode(QLineEdit::Password);
  limit_->setObjectName(QStringLiteral("evalLimit"));
  limit_->setRange(0, 100000);
  limit_->setValue(50);
  fewshot_->setObjectName(QStringLiteral("evalFewshot"));
  fewshot_->setRange(-1, 25);
  fewshot_->setValue(-1);
  concurrency_->setRange(1, 64);
  concurrency_->setValue(4);
  chat_->setObjectName(QStringLiteral("evalChat"));
  hint_->setWordWrap(true);
  hint_->setObjectName(QStringLiteral("evalHint"));
  start_->setObjectName(QStringLiteral("evalStart"));
  chart_->setObjectName(QStringLiteral("evalChart"));
  chart_->setMinimumHeight(240);
  history_->setObjectName(QStringLiteral("evalHistory"));

  for (int i = 0; i < 12; ++i) labels_.append(new QLabel(this));
  QWidget* fields[] = {framework_, tasks_, targets_, origin_, quant_, fpga_, apiKey_, dataDir_->parentWidget(), limit_, fewshot_, concurrency_, chat_};
  for (int i = 0; i < 12; ++i) form_->addRow(labels_[i], fields[i]);
  auto* left = new QWidget(this);
  auto* l = new QVBoxLayout(left);
  l->addLayout(form_);
  l->addWidget(hint_);
  l->addWidget(start_, 0, Qt::AlignLeft);
  auto* right = new QSplitter(Qt::Vertical, this);
  right->addWidget(detail_);
  right->addWidget(chart_);
  right->addWidget(history_);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(right);
  split->setSizes({460, 740});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);

  for (QLineEdit* e : {origin_, quant_, fpga_, dataDir_}) connect(e, &QLineEdit::textChanged, this, &EvaluatePage::updateState);
  connect(targets_, &QComboBox::currentIndexChanged, this, &EvaluatePage::updateState);
  connect(framework_, &QComboBox::currentIndexChanged, this, &EvaluatePage::updateState);
  connect(tasks_, &QListWidget::itemChanged, this, &EvaluatePage::updateState);
  connect(start_, &QPushButton::clicked, this, [this] { start(); });
  connect(history_, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0) showResult(history_->item(row)->data(Qt::UserRole).toJsonObject());
  });
  if (manager_) connect(manager_, &jobs::JobManager::jobFinished, this, [this] { refreshHistory(); });
  retranslate();
  refreshHistory();
}

void EvaluatePage::setEndpoint(const QString& target, const QString& url) {
  (target == QLatin1String("origin") ? origin_ : target == QLatin1String("fpga") ? fpga_ : quant_)->setText(url);
}

void EvaluatePage::setTasks(const QStringList& tasks) {
  for (int i = 0; i < tasks_->count(); ++i) tasks_->item(i)->setCheckState(tasks.contains(tasks_->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
}

void EvaluatePage::setLimit(int n) { limit_->setValue(n); }

QStringList EvaluatePage::selectedTasks() const {
  QStringList out;
  for (int i = 0; i < tasks_->count(); ++i)
    if (tasks_->item(i)->checkState() == Qt::Checked) out << tasks_->item(i)->text();
  return out;
}

QList<QPair<QString, QString>> EvaluatePage::activeTargets() const {
  QList<QPair<QString, QString>> out;
  const int c = targets_->currentIndex();
  if (c == Origin || c == Both || c == All) out << qMakePair(QStringLiteral("origin"), origin_->text().trimmed());
  if (c == Quantized || c == Both || c == All) out << qMakePair(QStringLiteral("quant"), quant_->text().trimmed());
  if (c == Fpga || c == All) out << qMakePair(QStringLiteral("fpga"), fpga_->text().trimmed());
  return out;
}

QStringList EvaluatePage::arguments() const {
  QStringList a{QStringLiteral("eval"), QStringLiteral("--tasks"), selectedTasks().join(QLatin1Char(','))};
  const auto targets = activeTargets();
  if (targets.size() == 1) {
    a << QStringLiteral("--endpoint") << targets.first().second;
  } else if (targets.size() > 1) {
    QStringList parts;
    for (const auto& [name, url] : targets) parts << name + QLatin1Char('=') + url;
    a << QStringLiteral("--targets") << parts.join(QLatin1Char(','));
  }
  if (framework_->currentIndex() != 0) a << QStringLiteral("--framework") << framework_->currentText();
  if (!dataDir_->text().isEmpty()) a << QStringLiteral("--data-dir") << dataDir_->text();
  if (limit_->value() > 0) a << QStringLiteral("--limit") << QString::number(limit_->value());
  if (fewshot_->value() >= 0) a << QStringLiteral("--num-fewshot") << QString::number(fewshot_->value());
  a << QStringLiteral("--concurrency") << QString::number(concurrency_->value());
  if (chat_->isChecked()) a << QStringLiteral("--chat");
  return a;
}

void EvaluatePage::updateState() {
  QString hint;
  const auto targets = activeTargets();
  bool ok = !selectedTasks().isEmpty();
  if (!ok) hint = tr("Choose at least one task.");
  for (const auto& [name, url] : targets) {
    const QUrl u(url);
    if (url.isEmpty() || !u.isValid() || !u.scheme().startsWith(QStringLiteral("http"))) {
      if (ok) hint = tr("Give the OpenAI base URL of the %1 target, e.g. http://127.0.0.1:8000/v1.").arg(name);
      ok = false;
    }
  }
  if (targets.isEmpty() && framework_->currentIndex() == 0) {
    if (ok) hint = tr("The built-in evaluator scores endpoints: choose at least one target.");
    ok = false;
  }
  if (ok) hint = targets.size() > 1 ? tr("The same items go to every target; the first is the baseline of the comparison.") : QString();
  hint_->setText(hint);
  const bool running = job_ && !job_->isFinished();
  start_->setEnabled(ok && !running);
}

jobs::Job* EvaluatePage::start() {
  // The key reaches the child on its stdin, never on its command line (which ps shows everyone).
  QHash<QString, QString> secrets;
  if (!apiKey_->text().isEmpty()) secrets.insert(QStringLiteral("api-key"), apiKey_->text());
  job_ = manager_->startCt(QStringLiteral("eval"), arguments(),
                           {{QStringLiteral("tasks"), selectedTasks().join(QLatin1Char(','))}, {QStringLiteral("command"), arguments().join(QLatin1Char(' '))}}, secrets);
  if (job_) {
    detail_->showJob(job_);
    connect(job_, &jobs::Job::finished, this, [this] {
      if (job_ && job_->record().state == jobs::JobState::Succeeded) showResult(job_->record().result);
      updateState();
    });
  }
  updateState();
  return job_;
}

bool EvaluatePage::showResult(const QJsonObject& result) {
  // One endpoint: the lm-eval-shaped result itself; --targets: one per target name.
  QList<QPair<QString, QMap<QString, double>>> perTarget;
  if (result.contains(QStringLiteral("targets")) && result.value(QStringLiteral("targets")).isObject()) {
    const QJsonObject t = result.value(QStringLiteral("targets")).toObject();
    QStringList order;
    for (const QJsonValue v : result[QStringLiteral("comparison")][QStringLiteral("targets")].toArray()) order << v.toString();
    if (order.isEmpty()) order = t.keys();
    for (const QString& name : order) perTarget << qMakePair(name, headline(t.value(name).toObject()));
  } else if (result.contains(QStringLiteral("results"))) {
    perTarget << qMakePair(tr("endpoint"), headline(result));
  }
  if (perTarget.isEmpty()) return false;
  QStringList categories;
  for (const auto& [name, scores] : perTarget)
    for (auto it = scores.begin(); it != scores.end(); ++it)
      if (!categories.contains(it.key())) categories << it.key();
  auto* series = new QBarSeries;
  for (const auto& [name, scores] : perTarget) {
    auto* set = new QBarSet(name);
    for (const QString& c : categories) *set << scores.value(c, 0.0);
    series->append(set);
  }
  auto* chart = new QChart;
  chart->addSeries(series);
  chart->setTitle(tr("Score per task and target, %"));
  auto* x = new QBarCategoryAxis;
  x->append(categories);
  auto* y = new QValueAxis;
  y->setRange(0, 100);
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(x);
  series->attachAxis(y);
  QChart* old = chart_->chart();
  chart_->setChart(chart);
  delete old;
  return true;
}

void EvaluatePage::refreshHistory() {
  if (!manager_) return;
  history_->clear();
  for (const jobs::JobRecord& r : manager_->history()) {
    if (r.kind != QLatin1String("eval") || r.state != jobs::JobState::Succeeded) continue;
    auto* item = new QListWidgetItem(QStringLiteral("%1  %2").arg(r.id, r.params.value(QStringLiteral("tasks")).toString()), history_);
    item->setData(Qt::UserRole, r.result);
  }
}

void EvaluatePage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void EvaluatePage::retranslate() {
  const QString labels[] = {tr("Framework"), tr("Tasks"), tr("Targets"), tr("Origin endpoint"), tr("Quantized endpoint"), tr("FPGA endpoint"),
                            tr("API key"), tr("Data folder"), tr("Items per task (0 = all)"), tr("Few-shot (-1 = task default)"), tr("Requests in flight"),
                            tr("Chat API for generation")};
  for (int i = 0; i < 12; ++i) labels_[i]->setText(labels[i]);
  const QString choices[] = {tr("origin"), tr("quantized"), tr("origin + quantized"), tr("FPGA"), tr("origin + quantized + FPGA"), tr("none (the tool loads the model)")};
  for (int i = 0; i < 6; ++i) targets_->setItemText(i, choices[i]);
  dataDir_->setPlaceholderText(tr("bundled samples"));
  start_->setText(tr("Evaluate"));
  updateState();
}

}  // namespace ct::ui
