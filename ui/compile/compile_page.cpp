#include "compile/compile_page.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include "fpga/board_profile.h"
#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_manager.h"
#include "model/model_config.h"
#include "quant/quant_options.h"
#include "widgets/path_field.h"

namespace ct::ui {

CompilePage::CompilePage(jobs::JobManager* manager, QWidget* parent)
    : QWidget(parent),
      manager_(manager),
      form_(new QFormLayout),
      board_(new QComboBox(this)),
      bits_(new QComboBox(this)),
      group_(new QComboBox(this)),
      descAct_(new QComboBox(this)),
      external_(new QLineEdit(this)),
      hint_(new QLabel(this)),
      start_(new QPushButton(this)),
      detail_(new JobDetail(this)),
      table_(new QTableWidget(this)),
      chart_(new QChartView(this)) {
  checkpoint_ = makePathField(this, QStringLiteral("compileCheckpoint"), PathKind::ExistingFolder);
  out_ = makePathField(this, QStringLiteral("compileOut"), PathKind::ExistingFolder);
  board_->setObjectName(QStringLiteral("compileBoard"));
  board_->setEditable(true);  // a built-in name or a profile file path
  board_->addItems(fpga::BoardProfile::builtIn());
  bits_->addItem(QString(), 0);
  for (int b : {4, 8, 3, 2}) bits_->addItem(QString::number(b), b);
  group_->addItem(QString(), 0);
  for (int g : {128, 64, 32, -1}) group_->addItem(QString::number(g), g);
  descAct_->addItem(QString());
  descAct_->addItem(QString());
  external_->setObjectName(QStringLiteral("compileExternal"));
  hint_->setObjectName(QStringLiteral("compileHint"));
  hint_->setWordWrap(true);
  start_->setObjectName(QStringLiteral("compileStart"));
  table_->setObjectName(QStringLiteral("compileReport"));
  table_->setColumnCount(2);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->hide();
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  chart_->setObjectName(QStringLiteral("compileChart"));
  chart_->setMinimumHeight(220);

  for (int i = 0; i < 7; ++i) labels_.append(new QLabel(this));
  QWidget* fields[] = {checkpoint_->parentWidget(), board_, bits_, group_, descAct_, out_->parentWidget(), external_};
  for (int i = 0; i < 7; ++i) form_->addRow(labels_[i], fields[i]);
  auto* left = new QWidget(this);
  auto* l = new QVBoxLayout(left);
  l->addLayout(form_);
  l->addWidget(hint_);
  l->addWidget(start_, 0, Qt::AlignLeft);
  l->addWidget(table_, 1);
  l->addWidget(chart_, 1);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(detail_);
  split->setSizes({520, 680});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);

  for (QLineEdit* e : {checkpoint_, out_, external_}) connect(e, &QLineEdit::textChanged, this, &CompilePage::updateState);
  connect(board_, &QComboBox::currentTextChanged, this, &CompilePage::updateState);
  connect(start_, &QPushButton::clicked, this, [this] { start(); });
  retranslate();
}

void CompilePage::setCheckpoint(const QString& dir) {
  checkpoint_->setText(dir);
  if (out_->text().isEmpty()) out_->setText(QDir::cleanPath(dir) + QStringLiteral("-") + board_->currentText());
}

QStringList CompilePage::arguments() const {
  QStringList a{QStringLiteral("compile"), checkpoint_->text(), QStringLiteral("--out"), out_->text(), QStringLiteral("--board"), board_->currentText()};
  if (bits_->currentData().toInt() != 0) a << QStringLiteral("--bits") << bits_->currentData().toString();
  if (group_->currentData().toInt() != 0) a << QStringLiteral("--group-size") << group_->currentData().toString();
  if (descAct_->currentIndex() == 1) a << QStringLiteral("--desc-act");
  if (!external_->text().trimmed().isEmpty()) a << QStringLiteral("--external") << external_->text().trimmed();
  return a;
}

void CompilePage::updateState() {
  QString hint;
  QString error;
  const auto cfg = model::ModelConfig::load(checkpoint_->text(), &error);
  if (checkpoint_->text().isEmpty()) hint = tr("Choose a GPTQ checkpoint folder.");
  else if (!cfg) hint = error;
  else if (cfg->quantizationConfig.isEmpty()) hint = tr("This is not a GPTQ checkpoint; quantize it first on the Quantize page.");
  else {
    const QJsonObject q = cfg->quantizationConfig;
    hint = tr("Checkpoint: %1-bit, group %2, desc_act %3.").arg(q.value(QStringLiteral("bits")).toInt()).arg(q.value(QStringLiteral("group_size")).toInt())
               .arg(q.value(QStringLiteral("desc_act")).toBool() ? QStringLiteral("true") : QStringLiteral("false"));
  }
  if (!out_->text().isEmpty() && QFileInfo::exists(out_->text())) hint += QLatin1Char(' ') + tr("The output folder exists already.");
  hint_->setText(hint);
  const bool running = job_ && !job_->isFinished();
  start_->setEnabled(cfg && !cfg->quantizationConfig.isEmpty() && !out_->text().isEmpty() && !QFileInfo::exists(out_->text()) && !running);
}

jobs::Job* CompilePage::start() {
  job_ = manager_->startCt(QStringLiteral("compile"), arguments(),
                           {{QStringLiteral("checkpoint"), checkpoint_->text()}, {QStringLiteral("board"), board_->currentText()}, {QStringLiteral("out"), out_->text()}});
  if (job_) {
    detail_->showJob(job_);
    const QString out = out_->text();
    connect(job_, &jobs::Job::finished, this, [this, out] {
      if (job_ && job_->record().state == jobs::JobState::Succeeded) showReport(out);
      updateState();
    });
  }
  updateState();
  return job_;
}

bool CompilePage::showReport(const QString& imageDir) {
  QFile f(QDir(imageDir).filePath(QStringLiteral("report.json")));
  if (!f.open(QIODevice::ReadOnly)) return false;
  const QJsonObject r = QJsonDocument::fromJson(f.readAll()).object();
  if (r.isEmpty()) return false;
  const QList<QPair<QString, QString>> rows = {
      {tr("Board"), r.value(QStringLiteral("board")).toString()},
      {tr("Image size"), quant::formatBytes(static_cast<int64_t>(r.value(QStringLiteral("total_bytes")).toDouble()))},
      {tr("Board memory"), quant::formatBytes(static_cast<int64_t>(r.value(QStringLiteral("capacity_bytes")).toDouble()))},
      {tr("Memory used"), QStringLiteral("%1%").arg(100 * r.value(QStringLiteral("fill")).toDouble(), 0, 'f', 2)},
      {tr("Fullest channel"), QStringLiteral("%1%").arg(100 * r.value(QStringLiteral("fullest_channel_fill")).toDouble(), 0, 'f', 2)},
      {tr("Read per token"), quant::formatBytes(static_cast<int64_t>(r.value(QStringLiteral("bytes_per_token")).toDouble()))},
      {tr("Decode bound (bandwidth)"), tr("%1 tokens/s at %2 GB/s").arg(r.value(QStringLiteral("bound_tokens_per_s")).toDouble(), 0, 'f', 0).arg(r.value(QStringLiteral("peak_bandwidth_gbps")).toDouble())},
      {tr("Compile speed"), QStringLiteral("%1 GB/s").arg(r.value(QStringLiteral("throughput_gbps")).toDouble(), 0, 'f', 2)}};
  table_->setRowCount(static_cast<int>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    table_->setItem(i, 0, new QTableWidgetItem(rows[i].first));
    table_->setItem(i, 1, new QTableWidgetItem(rows[i].second));
  }
  auto* set = new QBarSet(tr("fill %"));
  QStringList categories;
  for (const QJsonValue c : r.value(QStringLiteral("channels")).toArray()) {
    *set << 100 * c[QStringLiteral("fill")].toDouble();
    categories << QString::number(c[QStringLiteral("index")].toInt());
  }
  auto* series = new QBarSeries;
  series->append(set);
  auto* chart = new QChart;
  chart->addSeries(series);
  chart->setTitle(tr("Channel fill, %"));
  auto* x = new QBarCategoryAxis;
  x->append(categories);
  auto* y = new QValueAxis;
  y->setMin(0);
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(x);
  series->attachAxis(y);
  chart->legend()->hide();
  QChart* old = chart_->chart();
  chart_->setChart(chart);
  delete old;
  return true;
}

void CompilePage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void CompilePage::retranslate() {
  const QString labels[] = {tr("GPTQ checkpoint"), tr("Board profile"), tr("Expected bits"), tr("Expected group size"),
                            tr("Expected act-order"), tr("Output folder"), tr("External compiler")};
  for (int i = 0; i < 7; ++i) labels_[i]->setText(labels[i]);
  bits_->setItemText(0, tr("as in the checkpoint"));
  group_->setItemText(0, tr("as in the checkpoint"));
  descAct_->setItemText(0, tr("as in the checkpoint"));
  descAct_->setItemText(1, tr("required"));
  external_->setPlaceholderText(tr("optional: compiler {checkpoint} {out} {board} {bits} {group_size} {desc_act}"));
  table_->setHorizontalHeaderLabels({tr("Figure"), tr("Value")});
  start_->setText(tr("Compile"));
  updateState();
}

}  // namespace ct::ui
