#include "quantize/quantize_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QShowEvent>
#include <QSpinBox>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_manager.h"
#include "model/model_config.h"
#include "quant/quant_options.h"
#include "services/service_registry.h"
#include "util/paths.h"
#include "widgets/host_choice.h"
#include "widgets/path_field.h"
#include "widgets/target_picker.h"
#include "widgets/role_gate.h"

namespace ct::ui {
namespace {
const char* const kNext[] = {"compile", "evaluate", "serve", "open"};
}

QuantizePage::QuantizePage(jobs::JobManager* manager, services::ServiceRegistry* registry, QWidget* parent)
    : QWidget(parent),
      manager_(manager),
      registry_(registry),
      form_(new QFormLayout),
      advancedForm_(new QFormLayout),
      advanced_(new QWidget(this)),
      advancedToggle_(new QToolButton(this)),
      method_(new QComboBox(this)),
      bits_(new QComboBox(this)),
      group_(new QComboBox(this)),
      descAct_(new QCheckBox(this)),
      sym_(new QCheckBox(this)),
      staticGroups_(new QCheckBox(this)),
      damp_(new QDoubleSpinBox(this)),
      awqClip_(new QCheckBox(this)),
      duoScaling_(new QCheckBox(this)),
      grid_(new QSpinBox(this)),
      calibField_(new QLineEdit(QStringLiteral("text"), this)),
      nsamples_(new QSpinBox(this)),
      seqlen_(new QSpinBox(this)),
      seed_(new QSpinBox(this)),
      maxMemory_(new QLineEdit(this)),
      runOn_(new QComboBox(this)),
      plan_(new QLabel(this)),
      why_(new QLabel(this)),
      fresh_(new QPushButton(this)),
      replace_(new QPushButton(this)),
      start_(new QPushButton(this)),
      resume_(new QPushButton(this)),
      next_(new QWidget(this)),
      detail_(new JobDetail(this)) {
  model_ = makePathField(this, QStringLiteral("quantModel"), PathKind::ExistingFolder);
  calib_ = makePathField(this, QStringLiteral("quantCalib"), PathKind::OpenFile, tr("Text or JSON lines (*.txt *.jsonl *.json);;All files (*)"));
  out_ = makePathField(this, QStringLiteral("quantOut"), PathKind::NewFolder);
  pull_ = makePathField(this, QStringLiteral("quantPull"), PathKind::NewFolder);
  runOn_->setObjectName(QStringLiteral("quantRunOn"));
  runOn_->addItem(QString(), QString());
  method_->setObjectName(QStringLiteral("quantMethod"));
  method_->addItem(QStringLiteral("GPTQ"), QStringLiteral("gptq"));
  method_->addItem(QStringLiteral("AWQ"), QStringLiteral("awq"));
  method_->addItem(QStringLiteral("RTN"), QStringLiteral("rtn"));
  descAct_->setObjectName(QStringLiteral("quantDescAct"));
  awqClip_->setObjectName(QStringLiteral("quantAwqClip"));
  awqClip_->setChecked(true);
  duoScaling_->setObjectName(QStringLiteral("quantDuoScaling"));
  duoScaling_->setChecked(true);
  grid_->setObjectName(QStringLiteral("quantGrid"));
  grid_->setRange(1, 100);
  grid_->setValue(20);
  bits_->setObjectName(QStringLiteral("quantBits"));
  // Narrow to wide, as the old tool listed them; INT4 is the usual choice.
  for (int b : {2, 3, 4, 8}) bits_->addItem(QString(), b);
  bits_->setCurrentIndex(2);
  group_->setObjectName(QStringLiteral("quantGroup"));
  for (int g : {128, 64, 32, -1}) group_->addItem(QString::number(g), g);
  sym_->setChecked(true);
  damp_->setDecimals(3);
  damp_->setRange(0.001, 0.99);
  damp_->setSingleStep(0.005);
  damp_->setValue(0.01);
  nsamples_->setObjectName(QStringLiteral("quantSamples"));
  nsamples_->setRange(1, 4096);
  nsamples_->setValue(128);
  seqlen_->setObjectName(QStringLiteral("quantSeqlen"));
  seqlen_->setRange(0, 131072);
  seqlen_->setValue(0);
  seed_->setRange(0, 1 << 30);
  plan_->setObjectName(QStringLiteral("quantPlan"));
  plan_->setWordWrap(true);
  plan_->setTextFormat(Qt::PlainText);
  why_->setObjectName(QStringLiteral("quantWhy"));
  why_->setWordWrap(true);
  why_->setStyleSheet(QStringLiteral("QLabel { color: #8a4b00; }"));
  fresh_->setObjectName(QStringLiteral("quantFreshOut"));
  replace_->setObjectName(QStringLiteral("quantReplaceOut"));
  start_->setObjectName(QStringLiteral("quantStart"));
  resume_->setObjectName(QStringLiteral("quantResume"));
  for (QWidget* b : {static_cast<QWidget*>(start_), static_cast<QWidget*>(resume_), static_cast<QWidget*>(fresh_), static_cast<QWidget*>(replace_)})
    RoleGate::guard(b, auth::Action::RunStage);
  advancedToggle_->setObjectName(QStringLiteral("quantAdvanced"));
  advancedToggle_->setCheckable(true);
  advancedToggle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  advancedToggle_->setAutoRaise(true);
  next_->setObjectName(QStringLiteral("quantNext"));

  for (int i = 0; i < 20; ++i) labels_.append(new QLabel(this));
  QWidget* basic[] = {model_->parentWidget(), method_, bits_, group_, out_->parentWidget()};
  for (int i = 0; i < 5; ++i) form_->addRow(labels_[i], basic[i]);
  // Where it runs comes first: on a GPU host the folders are that host's.
  form_->insertRow(0, labels_[18], runOn_);
  form_->addRow(labels_[19], pull_->parentWidget());
  form_->setRowVisible(pull_->parentWidget(), false);
  QWidget* expert[] = {sym_, descAct_, staticGroups_, damp_, awqClip_, duoScaling_, grid_, calib_->parentWidget(), calibField_, nsamples_, seqlen_, seed_, maxMemory_};
  for (int i = 0; i < 13; ++i) advancedForm_->addRow(labels_[5 + i], expert[i]);
  for (QFormLayout* f : {form_, advancedForm_}) {
    f->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    f->setRowWrapPolicy(QFormLayout::WrapLongRows);
  }
  advancedForm_->setContentsMargins(12, 0, 0, 0);
  advanced_->setLayout(advancedForm_);
  advanced_->hide();
  auto* fixes = new QHBoxLayout;
  fixes->addWidget(fresh_);
  fixes->addWidget(replace_);
  fixes->addStretch(1);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(start_);
  buttons->addWidget(resume_);
  buttons->addStretch(1);
  // Two by two: the row fits a narrow form.
  auto* nextLayout = new QGridLayout(next_);
  nextLayout->setContentsMargins(0, 0, 0, 0);
  for (int i = 0; i < 4; ++i) {
    auto* b = new QPushButton(next_);
    b->setObjectName(QStringLiteral("quantNext_") + QLatin1String(kNext[i]));
    connect(b, &QPushButton::clicked, this, [this, i] { Q_EMIT nextStep(QLatin1String(kNext[i]), finishedOut_); });
    nextButtons_ << b;
    nextLayout->addWidget(b, i / 2, i % 2);
  }
  next_->hide();
  auto* left = new QWidget(this);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->addLayout(form_);
  leftLayout->addWidget(advancedToggle_, 0, Qt::AlignLeft);
  leftLayout->addWidget(advanced_);
  leftLayout->addWidget(plan_);
  leftLayout->addWidget(why_);
  leftLayout->addLayout(fixes);
  leftLayout->addLayout(buttons);
  leftLayout->addWidget(next_);
  leftLayout->addStretch(1);
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(left);
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setMinimumWidth(320);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(scroll);
  split->addWidget(detail_);
  split->setStretchFactor(1, 1);
  split->setSizes({400, 660});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);

  for (QLineEdit* e : {model_, calib_, calibField_, maxMemory_}) connect(e, &QLineEdit::textChanged, this, &QuantizePage::updatePlan);
  connect(out_, &QLineEdit::textChanged, this, &QuantizePage::updatePlan);
  connect(pull_, &QLineEdit::textChanged, this, &QuantizePage::updatePlan);
  connect(runOn_, &QComboBox::currentIndexChanged, this, [this] {
    form_->setRowVisible(pull_->parentWidget(), !host().isEmpty());
    updatePlan();
  });
  connect(model_, &QLineEdit::textEdited, this, [this] { modelChosen_ = true; });
  for (QComboBox* c : {method_, bits_, group_}) connect(c, &QComboBox::currentIndexChanged, this, &QuantizePage::updatePlan);
  for (QCheckBox* c : {descAct_, sym_, staticGroups_, awqClip_, duoScaling_}) connect(c, &QCheckBox::toggled, this, &QuantizePage::updatePlan);
  for (QSpinBox* s : {nsamples_, seqlen_, seed_, grid_}) connect(s, &QSpinBox::valueChanged, this, &QuantizePage::updatePlan);
  connect(method_, &QComboBox::currentIndexChanged, this, &QuantizePage::updateMethod);
  connect(damp_, &QDoubleSpinBox::valueChanged, this, &QuantizePage::updatePlan);
  connect(advancedToggle_, &QToolButton::toggled, this, [this](bool on) {
    advanced_->setVisible(on);
    advancedToggle_->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
  });
  advancedToggle_->setArrowType(Qt::RightArrow);
  connect(start_, &QPushButton::clicked, this, [this] { start(false); });
  connect(resume_, &QPushButton::clicked, this, [this] { start(true); });
  connect(fresh_, &QPushButton::clicked, this, &QuantizePage::freshOutput);
  connect(replace_, &QPushButton::clicked, this, &QuantizePage::replaceOutput);
  retranslate();
  if (registry_ && !registry_->currentModel().isEmpty()) suggestModel(registry_->currentModel());
  updateMethod();
}

QString QuantizePage::host() const { return runOn_->currentData().toString(); }

void QuantizePage::refreshHosts() {
  fillHostChoices(runOn_);
  form_->setRowVisible(pull_->parentWidget(), !host().isEmpty());
}

void QuantizePage::showEvent(QShowEvent* event) {
  refreshHosts();
  updatePlan();
  QWidget::showEvent(event);
}

bool QuantizePage::awq() const { return method_->currentData().toString() == QLatin1String("awq"); }

void QuantizePage::updateMethod() {
  // Only the chosen method's options are shown: GPTQ's zero-point style, act-order, static
  // groups and damping, or AWQ's clipping, duo scaling and grid (AWQ is 4-bit only).
  for (QWidget* w : {static_cast<QWidget*>(sym_), static_cast<QWidget*>(descAct_), static_cast<QWidget*>(staticGroups_), static_cast<QWidget*>(damp_)})
    advancedForm_->setRowVisible(w, !awq());
  for (QWidget* w : {static_cast<QWidget*>(awqClip_), static_cast<QWidget*>(duoScaling_), static_cast<QWidget*>(grid_)}) advancedForm_->setRowVisible(w, awq());
  if (awq()) bits_->setCurrentIndex(bits_->findData(4));
  bits_->setEnabled(!awq());
  updatePlan();
}

QString QuantizePage::suggestedOutput() const {
  const QString m = QDir::cleanPath(model_->text().trimmed());
  if (m.isEmpty()) return {};
  if (!host().isEmpty()) return QStringLiteral("%1-%2-int%3").arg(m, method_->currentData().toString()).arg(bits_->currentData().toInt());
  // <model>-gptq-int4 next to the model; the bundled demo model's outputs go to the data folder
  // (an installed program's folder is not the user's to write in).
  QString base = m;
  const QString demo = paths::bundledResource(QStringLiteral("demo-model"), "CT_DEMO_MODEL");
  if ((!demo.isEmpty() && QFileInfo(demo).canonicalFilePath() == QFileInfo(m).canonicalFilePath()) || !QFileInfo(QFileInfo(m).absolutePath()).isWritable())
    base = QDir(paths::dataDir()).filePath(QStringLiteral("models/") + QFileInfo(m).fileName());
  return QStringLiteral("%1-%2-int%3").arg(base, method_->currentData().toString()).arg(bits_->currentData().toInt());
}

void QuantizePage::setModel(const QString& dir) {
  modelChosen_ = true;
  model_->setText(dir);
}

void QuantizePage::suggestModel(const QString& dir) {
  if (modelChosen_ && !model_->text().isEmpty()) return;
  model_->setText(dir);
}

void QuantizePage::freshOutput() {
  // The suggested name, or the first free one after it: -2, -3, …
  const QString base = out_->text().isEmpty() ? suggestedOutput() : QDir::cleanPath(out_->text());
  QString candidate = base;
  for (int n = 2; QFileInfo::exists(candidate) || QFileInfo::exists(quant::stagingDir(candidate)); ++n) candidate = QStringLiteral("%1-%2").arg(base).arg(n);
  out_->setText(candidate);
}

void QuantizePage::replaceOutput() {
  const QString out = out_->text();
  if (QMessageBox::question(this, tr("Replace the output folder"),
                            tr("Move %1 to the trash and quantize into it again?").arg(out)) != QMessageBox::Yes)
    return;
  if (!QFile::moveToTrash(out) && !QDir(out).removeRecursively()) {
    why_->setText(tr("%1 could not be moved to the trash or removed: check its permissions, or choose another folder.").arg(out));
    return;
  }
  updatePlan();
}

QStringList QuantizePage::arguments(bool resume) const {
  QStringList a{QStringLiteral("quantize"), model_->text(), QStringLiteral("--out"), out_->text(), QStringLiteral("--method"), method_->currentData().toString(),
                QStringLiteral("--bits"), bits_->currentData().toString(), QStringLiteral("--group-size"), group_->currentData().toString(),
                QStringLiteral("--nsamples"), QString::number(nsamples_->value()), QStringLiteral("--seed"), QString::number(seed_->value())};
  if (awq()) {
    if (!awqClip_->isChecked()) a << QStringLiteral("--no-clip");
    a << QStringLiteral("--duo-scaling") << (duoScaling_->isChecked() ? QStringLiteral("on") : QStringLiteral("off")) << QStringLiteral("--grid") << QString::number(grid_->value());
  } else {
    a << (sym_->isChecked() ? QStringLiteral("--sym") : QStringLiteral("--asym")) << QStringLiteral("--damp") << QString::number(damp_->value());
    if (descAct_->isChecked()) a << QStringLiteral("--desc-act");
    if (staticGroups_->isChecked()) a << QStringLiteral("--static-groups");
  }
  if (seqlen_->value() > 0) a << QStringLiteral("--seqlen") << QString::number(seqlen_->value());
  if (!calib_->text().isEmpty()) a << QStringLiteral("--calib") << calib_->text() << QStringLiteral("--calib-field") << calibField_->text();
  if (!maxMemory_->text().trimmed().isEmpty()) a << QStringLiteral("--max-memory") << maxMemory_->text().trimmed();
  if (resume) a << QStringLiteral("--resume");
  if (!host().isEmpty()) {
    a << QStringLiteral("--on") << host();
    if (!pull_->text().trimmed().isEmpty()) a << QStringLiteral("--pull") << pull_->text().trimmed();
  }
  return a;
}

QString QuantizePage::planText() const { return plan_->text(); }
QString QuantizePage::startReason() const { return start_->isEnabled() ? QString() : start_->toolTip(); }
QString QuantizePage::resumeReason() const { return resume_->isEnabled() ? QString() : resume_->toolTip(); }

void QuantizePage::updatePlan() {
  // The output follows the model, method and precision until someone puts another name there.
  const QString suggestion = suggestedOutput();
  if ((out_->text().isEmpty() || out_->text() == lastSuggestion_) && out_->text() != suggestion) {
    const QSignalBlocker block(out_);
    out_->setText(suggestion);
  }
  lastSuggestion_ = suggestion;
  const QString out = out_->text().trimmed();
  const bool running = job_ && !job_->isFinished();
  if (!host().isEmpty()) {
    // The folders are the host's: ct there (or GPTQModel) checks the model and plans the run.
    QString blocker;
    if (model_->text().trimmed().isEmpty()) blocker = tr("Type the model folder as a path on %1.").arg(host());
    else if (out.isEmpty()) blocker = tr("Choose an output folder (a path on %1).").arg(host());
    if (running) blocker = tr("Quantizing now: wait for it, or cancel it on the right.");
    plan_->setText(tr("Runs on %1: the model, output and calibration file are paths there, checked there before anything runs (by ct, or GPTQModel where ct is not installed). "
                      "The checkpoint stays on the host unless \"Copy back to\" names a folder on this machine.").arg(host()));
    plan_->setVisible(true);
    why_->setText(blocker);
    why_->setVisible(!blocker.isEmpty());
    why_->setStyleSheet(QStringLiteral("QLabel { color: #8a4b00; }"));
    fresh_->setVisible(false);
    replace_->setVisible(false);
    setEnabledOrWhy(start_, blocker);
    setEnabledOrWhy(resume_, running ? tr("Quantizing now.") : blocker);
    return;
  }
  const bool resumable = !out.isEmpty() && QFileInfo::exists(quant::stagingDir(out) + QStringLiteral("/resume/state.json"));
  const bool exists = !out.isEmpty() && QFileInfo::exists(out);
  QString error;
  const auto cfg = model_->text().isEmpty() ? std::nullopt : model::ModelConfig::load(model_->text(), &error);
  QStringList lines;
  QString blocker;
  if (model_->text().isEmpty()) {
    blocker = tr("Choose a model folder (the Models page's Quantize… button fills it in).");
  } else if (!cfg) {
    blocker = tr("%1 is not a model folder: %2").arg(model_->text(), error);
  } else if (!cfg->quantizationConfig.isEmpty()) {
    blocker = tr("%1 is quantized already: choose the float model it came from.").arg(model_->text());
  } else {
    quant::QuantOptions o;
    o.method = method_->currentData().toString();
    o.bits = bits_->currentData().toInt();
    o.groupSize = group_->currentData().toInt();
    o.sym = sym_->isChecked();
    o.descAct = descAct_->isChecked();
    o.staticGroups = staticGroups_->isChecked();
    o.damp = damp_->value();
    if (awq()) o.descAct = o.staticGroups = false;
    o.awqClip = awqClip_->isChecked();
    o.duoScaling = duoScaling_->isChecked();
    o.grid = grid_->value();
    o.nsamples = nsamples_->value();
    o.seqlen = seqlen_->value();
    if (!maxMemory_->text().trimmed().isEmpty()) o.maxMemoryBytes = quant::parseBytes(maxMemory_->text());
    const quant::QuantPlan p = quant::planQuantization(o, *cfg);
    for (const QString& e : p.errors) lines << tr("Error: %1").arg(e);
    if (p.errors.isEmpty()) {
      lines << tr("vLLM kernel: %1 — %2").arg(p.kernel, p.kernelNote);
      lines << tr("Estimated peak memory: %1").arg(quant::formatBytes(p.estimatedPeakBytes));
      for (const QString& w : p.warnings)
        if (w != p.kernelNote) lines << tr("Warning: %1").arg(w);
      for (const QString& n : p.notes) lines << n;
    } else {
      blocker = tr("Change the settings marked as errors above.");
    }
    if (maxMemory_->text().trimmed().size() > 0 && o.maxMemoryBytes <= 0) blocker = tr("The memory limit should look like 16G or 800M.");
  }
  plan_->setText(lines.join(QLatin1Char('\n')));
  plan_->setVisible(!lines.isEmpty());
  if (blocker.isEmpty() && out.isEmpty()) blocker = tr("Choose an output folder.");
  if (blocker.isEmpty() && exists && QDir::cleanPath(out) == QDir::cleanPath(finishedOut_))
    blocker = tr("Quantized into %1. Take it further with the buttons below, or use a new folder name to quantize again.").arg(out);
  else if (blocker.isEmpty() && exists) blocker = tr("The output folder %1 exists already: use a new folder name, or replace the old one.").arg(out);
  if (blocker.isEmpty() && resumable) blocker = tr("An interrupted run left its work in %1: resume it, or use a new folder name.").arg(quant::stagingDir(out));
  if (running) blocker = tr("Quantizing now: wait for it, or cancel it on the right.");
  why_->setText(blocker);
  why_->setVisible(!blocker.isEmpty());
  const bool done = exists && QDir::cleanPath(out) == QDir::cleanPath(finishedOut_) && !running;
  why_->setStyleSheet(done ? QString() : QStringLiteral("QLabel { color: #8a4b00; }"));
  fresh_->setVisible(!running && (exists || resumable));
  replace_->setVisible(!running && exists);
  setEnabledOrWhy(start_, blocker);
  QString resumeWhy;
  if (running) resumeWhy = tr("Quantizing now.");
  else if (!resumable) resumeWhy = out.isEmpty() ? tr("Nothing to resume: choose the output folder of an interrupted run.")
                                                 : tr("Nothing to resume: no interrupted run left its work for %1 (it would be in %2).").arg(out, quant::stagingDir(out));
  else if (!cfg) resumeWhy = tr("Choose the model the interrupted run quantized.");
  setEnabledOrWhy(resume_, resumeWhy);
}

jobs::Job* QuantizePage::start(bool resume) {
  updatePlan();
  if (!(resume ? resume_ : start_)->isEnabled()) return nullptr;
  QJsonObject params{{QStringLiteral("model"), model_->text()}, {QStringLiteral("out"), out_->text()},
                     {QStringLiteral("bits"), bits_->currentData().toInt()}, {QStringLiteral("group_size"), group_->currentData().toInt()}};
  if (!host().isEmpty()) params.insert(QStringLiteral("on"), host());
  job_ = manager_->startCt(QStringLiteral("quantize"), arguments(resume), params);
  next_->hide();
  if (job_) {
    detail_->showJob(job_);
    // On a host the next steps need the copy on this machine; without one there is nothing here to take further.
    const QString out = host().isEmpty() ? out_->text() : pull_->text().trimmed();
    connect(job_, &jobs::Job::finished, this, [this, out] {
      if (job_ && job_->record().state == jobs::JobState::Succeeded && !out.isEmpty()) {
        finishedOut_ = out;
        next_->show();
      }
      updatePlan();
    });
  }
  updatePlan();
  return job_;
}

void QuantizePage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void QuantizePage::retranslate() {
  const QString labels[] = {tr("Model folder"), tr("Method"), tr("Precision"), tr("Group size"), tr("Output folder"),
                            tr("Symmetric"), tr("Act-order (desc_act)"), tr("Static groups"), tr("Damping"), tr("Clipping search"), tr("Duo scaling"), tr("Scaling ratios"), tr("Calibration file"),
                            tr("JSON text field"), tr("Samples"), tr("Tokens per sample"), tr("Seed"), tr("Memory limit"), tr("Run on"), tr("Copy back to")};
  for (int i = 0; i < 20; ++i) labels_[i]->setText(labels[i]);
  retranslateHostChoices(runOn_);
  pull_->setPlaceholderText(tr("leave the checkpoint on the host"));
  bits_->setItemText(0, tr("INT2 — smallest, least accurate"));
  bits_->setItemText(1, tr("INT3"));
  bits_->setItemText(2, tr("INT4 — recommended"));
  bits_->setItemText(3, tr("INT8 — nearly lossless"));
  awqClip_->setToolTip(tr("After scaling, search per group for the weight range that quantizes best (AutoAWQ's default)"));
  duoScaling_->setToolTip(tr("Scales from activations and weights (AutoAWQ's default); off: from activations only, as in the paper"));
  calib_->setPlaceholderText(tr("built-in text (demo model only)"));
  maxMemory_->setPlaceholderText(tr("no limit, e.g. 16G"));
  seqlen_->setSpecialValueText(tr("automatic"));
  group_->setItemText(3, tr("-1 (per row)"));
  advancedToggle_->setText(tr("Advanced options"));
  start_->setText(tr("Start quantizing"));
  resume_->setText(tr("Resume"));
  fresh_->setText(tr("Use a new folder name"));
  replace_->setText(tr("Replace the old folder…"));
  const QString next[] = {tr("Compile for the FPGA…"), tr("Evaluate against the original…"), tr("Serve it…"), tr("Open folder")};
  for (int i = 0; i < 4; ++i) nextButtons_[i]->setText(next[i]);
  updatePlan();
}

}  // namespace ct::ui
