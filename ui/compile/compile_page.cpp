#include "compile/compile_page.h"

#include <QBarCategoryAxis>
#include <QCursor>
#include <QScrollArea>
#include <QToolTip>
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

#include "brand/brand.h"
#include "fpga/board_profile.h"
#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_manager.h"
#include "model/model_config.h"
#include "quant/quant_options.h"
#include "i18n/format.h"
#include "services/service_registry.h"
#include "widgets/path_field.h"
#include "widgets/target_picker.h"
#include "widgets/role_gate.h"

namespace ct::ui {

namespace {
const char* const kNext[] = {"serve", "evaluate", "open"};
}

CompilePage::CompilePage(jobs::JobManager* manager, services::ServiceRegistry* registry, QWidget* parent)
    : QWidget(parent),
      manager_(manager),
      registry_(registry),
      form_(new QFormLayout),
      known_(new QComboBox(this)),
      fresh_(new QPushButton(this)),
      next_(new QWidget(this)),
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
  out_ = makePathField(this, QStringLiteral("compileOut"), PathKind::NewFolder);
  known_->setObjectName(QStringLiteral("compileKnown"));
  known_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  known_->setMinimumContentsLength(12);
  fresh_->setObjectName(QStringLiteral("compileFreshOut"));
  next_->setObjectName(QStringLiteral("compileNext"));
  auto* nextLayout = new QHBoxLayout(next_);
  nextLayout->setContentsMargins(0, 0, 0, 0);
  for (int i = 0; i < 3; ++i) {
    auto* b = new QPushButton(next_);
    b->setObjectName(QStringLiteral("compileNext_") + QLatin1String(kNext[i]));
    connect(b, &QPushButton::clicked, this, [this, i] { Q_EMIT nextStep(QLatin1String(kNext[i]), finishedOut_); });
    nextButtons_ << b;
    nextLayout->addWidget(b);
  }
  nextLayout->addStretch(1);
  next_->hide();
  board_->setObjectName(QStringLiteral("compileBoard"));
  board_->setEditable(true);  // a built-in name or a profile file path
  board_->addItems(fpga::BoardProfile::builtIn());
  board_->setCurrentText(brand::Brand::current().boardProfile);
  bits_->addItem(QString(), 0);
  for (int b : {4, 8, 3, 2}) bits_->addItem(QString::number(b), b);
  group_->addItem(QString(), 0);
  for (int g : {128, 64, 32, -1}) group_->addItem(QString::number(g), g);
  descAct_->addItem(QString());
  descAct_->addItem(QString());
  external_->setObjectName(QStringLiteral("compileExternal"));
  hint_->setObjectName(QStringLiteral("compileHint"));
  hint_->setWordWrap(true);
  hint_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  start_->setObjectName(QStringLiteral("compileStart"));
  RoleGate::guard(start_, auth::Action::RunStage);
  RoleGate::guard(fresh_, auth::Action::RunStage);
  table_->setObjectName(QStringLiteral("compileReport"));
  table_->setColumnCount(2);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->hide();
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setWordWrap(true);
  table_->hide();
  chart_->setObjectName(QStringLiteral("compileChart"));
  chart_->setMinimumHeight(240);
  chart_->setRenderHint(QPainter::Antialiasing);
  chart_->hide();  // no empty chart before there is a report

  for (int i = 0; i < 8; ++i) labels_.append(new QLabel(this));
  QWidget* fields[] = {known_, checkpoint_->parentWidget(), board_, bits_, group_, descAct_, out_->parentWidget(), external_};
  for (int i = 0; i < 8; ++i) form_->addRow(labels_[i], fields[i]);
  form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form_->setRowWrapPolicy(QFormLayout::WrapLongRows);
  auto* left = new QWidget(this);
  auto* l = new QVBoxLayout(left);
  l->addLayout(form_);
  l->addWidget(hint_);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(start_);
  buttons->addWidget(fresh_);
  buttons->addStretch(1);
  l->addLayout(buttons);
  l->addWidget(next_);
  l->addWidget(table_, 1);
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(left);
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setMinimumWidth(320);
  // The job above, the board's channel fill below it once there is a report.
  auto* right = new QSplitter(Qt::Vertical, this);
  right->addWidget(detail_);
  right->addWidget(chart_);
  right->setStretchFactor(0, 3);
  right->setStretchFactor(1, 2);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(scroll);
  split->addWidget(right);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 1);
  split->setSizes({520, 540});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);

  for (QLineEdit* e : {checkpoint_, out_, external_}) connect(e, &QLineEdit::textChanged, this, &CompilePage::updateState);
  connect(board_, &QComboBox::currentTextChanged, this, &CompilePage::updateState);
  connect(out_, &QLineEdit::textEdited, this, [this] { outputAuto_ = out_->text().isEmpty(); });
  connect(start_, &QPushButton::clicked, this, [this] { start(); });
  connect(known_, &QComboBox::activated, this, [this](int i) {
    const QString p = known_->itemData(i).toString();
    if (!p.isEmpty()) setCheckpoint(p);
  });
  connect(fresh_, &QPushButton::clicked, this, [this] {
    const QString base = QDir::cleanPath(out_->text());
    QString c = base;
    for (int n = 2; QFileInfo::exists(c); ++n) c = QStringLiteral("%1-%2").arg(base).arg(n);
    out_->setText(c);
  });
  if (registry_) connect(registry_, &services::ServiceRegistry::changed, this, &CompilePage::refreshKnown);
  retranslate();
  refreshKnown();
  // The newest quantized checkpoint is the usual thing to compile.
  if (checkpoint_->text().isEmpty() && known_->count() > 1) setCheckpoint(known_->itemData(1).toString());
}

void CompilePage::refreshKnown() {
  const QSignalBlocker block(known_);
  known_->clear();
  known_->addItem(tr("Choose…"), QString());
  if (!registry_) return;
  for (const auto& [path, kind] : registry_->knownFolders())
    if (kind == services::SourceKind::Checkpoint) {
      known_->addItem(QFileInfo(path).fileName(), path);
      known_->setItemData(known_->count() - 1, path, Qt::ToolTipRole);
    }
}

QString CompilePage::startReason() const { return start_->isEnabled() ? QString() : start_->toolTip(); }

void CompilePage::setCheckpoint(const QString& dir) {
  checkpoint_->setText(dir);
  if (outputAuto_ || out_->text().isEmpty()) {
    out_->setText(QDir::cleanPath(dir) + QStringLiteral("-") + QFileInfo(board_->currentText()).baseName());
    outputAuto_ = true;
  }
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
  QString hint, blocker;
  QString error;
  const auto cfg = checkpoint_->text().isEmpty() ? std::nullopt : model::ModelConfig::load(checkpoint_->text(), &error);
  if (checkpoint_->text().isEmpty()) blocker = tr("Choose a GPTQ checkpoint folder (the Quantize page makes one).");
  else if (services::detectKind(checkpoint_->text()) == services::SourceKind::Image) blocker = tr("%1 is a compiled image already: choose the checkpoint it came from.").arg(checkpoint_->text());
  else if (!cfg) blocker = tr("%1 is not a model folder: %2").arg(checkpoint_->text(), error);
  else if (cfg->quantizationConfig.isEmpty()) blocker = tr("This is not a GPTQ checkpoint; quantize it first on the Quantize page.");
  else {
    const QJsonObject q = cfg->quantizationConfig;
    hint = tr("Checkpoint: %1-bit, group %2, act-order %3.").arg(q.value(QStringLiteral("bits")).toInt()).arg(q.value(QStringLiteral("group_size")).toInt())
               .arg(q.value(QStringLiteral("desc_act")).toBool() ? tr("on") : tr("off"));
  }
  const bool exists = !out_->text().isEmpty() && QFileInfo::exists(out_->text());
  if (blocker.isEmpty() && out_->text().trimmed().isEmpty()) blocker = tr("Choose an output folder for the image.");
  if (blocker.isEmpty() && exists && QDir::cleanPath(out_->text()) == QDir::cleanPath(finishedOut_))
    blocker = tr("Compiled into %1. Serve or evaluate it with the buttons below.").arg(out_->text());
  else if (blocker.isEmpty() && exists) blocker = tr("The output folder %1 exists already: use a new folder name.").arg(out_->text());
  const bool running = job_ && !job_->isFinished();
  if (running) blocker = tr("Compiling now: wait for it, or cancel it on the right.");
  hint_->setText(blocker.isEmpty() ? hint : (hint.isEmpty() ? blocker : hint + QLatin1Char(' ') + blocker));
  const bool done = exists && QDir::cleanPath(out_->text()) == QDir::cleanPath(finishedOut_);
  hint_->setStyleSheet(blocker.isEmpty() || done ? QString() : QStringLiteral("QLabel { color: #8a4b00; }"));
  fresh_->setVisible(exists && !running);
  setEnabledOrWhy(start_, blocker);
}

jobs::Job* CompilePage::start() {
  job_ = manager_->startCt(QStringLiteral("compile"), arguments(),
                           {{QStringLiteral("checkpoint"), checkpoint_->text()}, {QStringLiteral("board"), board_->currentText()}, {QStringLiteral("out"), out_->text()}});
  if (job_) {
    detail_->showJob(job_);
    const QString out = out_->text();
    next_->hide();
    connect(job_, &jobs::Job::finished, this, [this, out] {
      if (job_ && job_->record().state == jobs::JobState::Succeeded) {
        showReport(out);
        finishedOut_ = out;
        next_->show();
      }
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
  reportDir_ = imageDir;  // worded again on a language change
  const QList<QPair<QString, QString>> rows = {
      {tr("Board"), r.value(QStringLiteral("board")).toString()},
      {tr("Image size"), formatBytesDecimal(r.value(QStringLiteral("total_bytes")).toDouble())},
      {tr("Board memory"), formatBytesDecimal(r.value(QStringLiteral("capacity_bytes")).toDouble())},
      {tr("Memory used"), formatPercent(r.value(QStringLiteral("fill")).toDouble())},
      {tr("Fullest channel"), formatPercent(r.value(QStringLiteral("fullest_channel_fill")).toDouble())},
      {tr("Read per token"), formatBytesDecimal(r.value(QStringLiteral("bytes_per_token")).toDouble())},
      {tr("Decode bound (bandwidth)"), tr("%1 tokens/s at %2 GB/s").arg(formatCount(r.value(QStringLiteral("bound_tokens_per_s")).toDouble()),
                                                                      uiLocale().toString(r.value(QStringLiteral("peak_bandwidth_gbps")).toDouble()))},
      {tr("Compile speed"), tr("%1/s").arg(formatBytesDecimal(r.value(QStringLiteral("throughput_gbps")).toDouble() * 1e9))}};
  table_->setRowCount(static_cast<int>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    table_->setItem(i, 0, new QTableWidgetItem(rows[i].first));
    auto* v = new QTableWidgetItem(rows[i].second);
    v->setToolTip(rows[i].second);
    table_->setItem(i, 1, v);
  }
  table_->resizeColumnToContents(0);
  table_->resizeRowsToContents();
  table_->show();
  auto* set = new QBarSet(tr("fill"));
  QStringList categories;
  for (const QJsonValue c : r.value(QStringLiteral("channels")).toArray()) {
    *set << 100 * c[QStringLiteral("fill")].toDouble();
    categories << QString::number(c[QStringLiteral("index")].toInt());
  }
  auto* series = new QBarSeries;
  series->append(set);
  connect(series, &QBarSeries::hovered, this, [categories](bool on, int index, QBarSet* s) {
    if (!on || index >= categories.size()) return QToolTip::hideText();
    QToolTip::showText(QCursor::pos(), tr("Channel %1: %2% full").arg(categories[index], uiLocale().toString(s->at(index), 'f', 2)));
  });
  auto* chart = new QChart;
  chart->addSeries(series);
  chart->setTitle(tr("Fill of each HBM pseudo-channel"));
  // Channel numbers on a value axis: whole ticks every few channels instead of 32 elided labels.
  auto* x = new QValueAxis;
  x->setRange(-0.5, categories.size() - 0.5);
  x->setTickType(QValueAxis::TicksDynamic);
  x->setTickAnchor(0);
  x->setTickInterval(categories.size() > 16 ? 4 : 1);
  x->setLabelFormat(QStringLiteral("%d"));
  x->setTitleText(tr("Pseudo-channel"));
  x->setGridLineVisible(false);
  auto* y = new QValueAxis;
  y->setMin(0);
  y->setTitleText(tr("Fill, %"));
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(x);
  series->attachAxis(y);
  y->applyNiceNumbers();
  y->setMin(0);
  chart->legend()->hide();
  QChart* old = chart_->chart();
  chart_->setChart(chart);
  delete old;
  chart_->show();
  return true;
}

void CompilePage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void CompilePage::retranslate() {
  const QString labels[] = {tr("Known checkpoints"), tr("GPTQ checkpoint"), tr("Board profile"), tr("Expected bits"), tr("Expected group size"),
                            tr("Expected act-order"), tr("Output folder"), tr("External compiler")};
  for (int i = 0; i < 8; ++i) labels_[i]->setText(labels[i]);
  fresh_->setText(tr("Use a new folder name"));
  const QString next[] = {tr("Serve on the emulator…"), tr("Evaluate it…"), tr("Open folder")};
  for (int i = 0; i < 3; ++i) nextButtons_[i]->setText(next[i]);
  refreshKnown();
  bits_->setItemText(0, tr("as in the checkpoint"));
  group_->setItemText(0, tr("as in the checkpoint"));
  descAct_->setItemText(0, tr("as in the checkpoint"));
  descAct_->setItemText(1, tr("required"));
  external_->setPlaceholderText(tr("optional: compiler {checkpoint} {out} {board} {bits} {group_size} {desc_act}"));
  table_->setHorizontalHeaderLabels({tr("Figure"), tr("Value")});
  if (!reportDir_.isEmpty()) showReport(reportDir_);
  start_->setText(tr("Compile"));
  updateState();
}

}  // namespace ct::ui
