#include "quantize/quantize_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_manager.h"
#include "model/model_config.h"
#include "quant/quant_options.h"
#include "widgets/path_field.h"

namespace ct::ui {

QuantizePage::QuantizePage(jobs::JobManager* manager, QWidget* parent)
    : QWidget(parent),
      manager_(manager),
      form_(new QFormLayout),
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
      plan_(new QLabel(this)),
      start_(new QPushButton(this)),
      resume_(new QPushButton(this)),
      detail_(new JobDetail(this)) {
  model_ = makePathField(this, QStringLiteral("quantModel"), PathKind::ExistingFolder);
  calib_ = makePathField(this, QStringLiteral("quantCalib"), PathKind::OpenFile, tr("Text or JSON lines (*.txt *.jsonl *.json);;All files (*)"));
  out_ = makePathField(this, QStringLiteral("quantOut"), PathKind::NewFolder);
  method_->setObjectName(QStringLiteral("quantMethod"));
  method_->addItem(QStringLiteral("GPTQ"), QStringLiteral("gptq"));
  method_->addItem(QStringLiteral("AWQ"), QStringLiteral("awq"));
  method_->addItem(QStringLiteral("RTN"), QStringLiteral("rtn"));
  awqClip_->setObjectName(QStringLiteral("quantAwqClip"));
  awqClip_->setChecked(true);
  duoScaling_->setObjectName(QStringLiteral("quantDuoScaling"));
  duoScaling_->setChecked(true);
  grid_->setObjectName(QStringLiteral("quantGrid"));
  grid_->setRange(1, 100);
  grid_->setValue(20);
  bits_->setObjectName(QStringLiteral("quantBits"));
  for (int b : {4, 8, 3, 2}) bits_->addItem(QString::number(b), b);
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
  start_->setObjectName(QStringLiteral("quantStart"));
  resume_->setObjectName(QStringLiteral("quantResume"));

  QWidget* fields[] = {model_->parentWidget(), method_, bits_, group_, sym_, descAct_, staticGroups_, damp_, awqClip_, duoScaling_, grid_,
                       calib_->parentWidget(), calibField_, nsamples_, seqlen_, seed_, maxMemory_, out_->parentWidget()};
  for (QWidget* f : fields) {
    labelled_.append(new QLabel(this));
    form_->addRow(labelled_.last(), f);
  }
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(start_);
  buttons->addWidget(resume_);
  buttons->addStretch(1);
  auto* left = new QWidget(this);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->addLayout(form_);
  leftLayout->addWidget(plan_);
  leftLayout->addLayout(buttons);
  leftLayout->addStretch(1);
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(left);
  scroll->setWidgetResizable(true);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(scroll);
  split->addWidget(detail_);
  split->setSizes({420, 780});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);

  for (QLineEdit* e : {model_, calib_, calibField_, maxMemory_, out_}) connect(e, &QLineEdit::textChanged, this, &QuantizePage::updatePlan);
  for (QComboBox* c : {method_, bits_, group_}) connect(c, &QComboBox::currentIndexChanged, this, &QuantizePage::updatePlan);
  for (QCheckBox* c : {descAct_, sym_, staticGroups_, awqClip_, duoScaling_}) connect(c, &QCheckBox::toggled, this, &QuantizePage::updatePlan);
  for (QSpinBox* s : {nsamples_, seqlen_, seed_, grid_}) connect(s, &QSpinBox::valueChanged, this, &QuantizePage::updatePlan);
  connect(method_, &QComboBox::currentIndexChanged, this, &QuantizePage::updateMethod);
  connect(damp_, &QDoubleSpinBox::valueChanged, this, &QuantizePage::updatePlan);
  connect(start_, &QPushButton::clicked, this, [this] { start(false); });
  connect(resume_, &QPushButton::clicked, this, [this] { start(true); });
  retranslate();
  updateMethod();
}

bool QuantizePage::awq() const { return method_->currentData().toString() == QLatin1String("awq"); }

void QuantizePage::updateMethod() {
  // Only the chosen method's options are shown: GPTQ's zero-point style, act-order, static
  // groups and damping, or AWQ's clipping, duo scaling and grid (AWQ is 4-bit only).
  for (QWidget* w : {static_cast<QWidget*>(sym_), static_cast<QWidget*>(descAct_), static_cast<QWidget*>(staticGroups_), static_cast<QWidget*>(damp_)})
    form_->setRowVisible(w, !awq());
  for (QWidget* w : {static_cast<QWidget*>(awqClip_), static_cast<QWidget*>(duoScaling_), static_cast<QWidget*>(grid_)}) form_->setRowVisible(w, awq());
  if (awq()) bits_->setCurrentIndex(bits_->findData(4));
  bits_->setEnabled(!awq());
  if (!model_->text().isEmpty() && out_->property("auto").toBool()) setModel(model_->text());
  updatePlan();
}

void QuantizePage::setModel(const QString& dir) {
  model_->setText(dir);
  if (out_->text().isEmpty() || out_->property("auto").toBool()) {
    out_->setText(QDir::cleanPath(dir) + (awq() ? QStringLiteral("-awq") : QStringLiteral("-gptq")));
    out_->setProperty("auto", true);
  }
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
  return a;
}

QString QuantizePage::planText() const { return plan_->text(); }

void QuantizePage::updatePlan() {
  const bool resumable = !out_->text().isEmpty() &&
                         QFileInfo::exists(quant::stagingDir(out_->text()) + QStringLiteral("/resume/state.json"));
  const bool running = job_ && !job_->isFinished();
  resume_->setEnabled(resumable && !running);
  QString error;
  const auto cfg = model::ModelConfig::load(model_->text(), &error);
  if (model_->text().isEmpty()) {
    plan_->setText(tr("Choose a model folder."));
    start_->setEnabled(false);
    return;
  }
  if (!cfg) {
    plan_->setText(error);
    start_->setEnabled(false);
    return;
  }
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
  QStringList lines;
  for (const QString& e : p.errors) lines << tr("Error: %1").arg(e);
  if (p.errors.isEmpty()) {
    lines << tr("vLLM kernel: %1 — %2").arg(p.kernel, p.kernelNote);
    lines << tr("Estimated peak memory: %1").arg(quant::formatBytes(p.estimatedPeakBytes));
    for (const QString& w : p.warnings)
      if (w != p.kernelNote) lines << tr("Warning: %1").arg(w);
    for (const QString& n : p.notes) lines << n;
  }
  if (maxMemory_->text().trimmed().size() > 0 && o.maxMemoryBytes <= 0) lines << tr("Error: the memory limit should look like 16G or 800M");
  if (resumable) lines << tr("An interrupted run of this output can be resumed.");
  plan_->setText(lines.join(QLatin1Char('\n')));
  start_->setEnabled(p.errors.isEmpty() && !out_->text().isEmpty() && !running && !QFileInfo::exists(out_->text()));
}

jobs::Job* QuantizePage::start(bool resume) {
  QJsonObject params{{QStringLiteral("model"), model_->text()}, {QStringLiteral("out"), out_->text()},
                     {QStringLiteral("bits"), bits_->currentData().toInt()}, {QStringLiteral("group_size"), group_->currentData().toInt()}};
  job_ = manager_->startCt(QStringLiteral("quantize"), arguments(resume), params);
  if (job_) {
    detail_->showJob(job_);
    connect(job_, &jobs::Job::finished, this, &QuantizePage::updatePlan);
  }
  updatePlan();
  return job_;
}

void QuantizePage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void QuantizePage::retranslate() {
  const QString labels[] = {tr("Model folder"),       tr("Method"),          tr("Bits"),         tr("Group size"),
                            tr("Symmetric"),          tr("Act-order (desc_act)"), tr("Static groups"), tr("Damping"),
                            tr("Clipping search"),    tr("Duo scaling"),     tr("Scaling ratios"),
                            tr("Calibration file"),   tr("JSON text field"), tr("Samples"),      tr("Tokens per sample"),
                            tr("Seed"),               tr("Memory limit"),    tr("Output folder")};
  for (int i = 0; i < static_cast<int>(std::size(labels)); ++i) static_cast<QLabel*>(labelled_[i])->setText(labels[i]);
  awqClip_->setToolTip(tr("After scaling, search per group for the weight range that quantizes best (AutoAWQ's default)"));
  duoScaling_->setToolTip(tr("Scales from activations and weights (AutoAWQ's default); off: from activations only, as in the paper"));
  calib_->setPlaceholderText(tr("built-in text (demo model only)"));
  maxMemory_->setPlaceholderText(tr("no limit, e.g. 16G"));
  seqlen_->setSpecialValueText(tr("automatic"));
  group_->setItemText(3, tr("-1 (per row)"));
  start_->setText(tr("Start quantizing"));
  resume_->setText(tr("Resume"));
  updatePlan();
}

}  // namespace ct::ui
