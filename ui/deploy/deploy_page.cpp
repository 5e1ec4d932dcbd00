#include "deploy/deploy_page.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "deploy/deployment.h"
#include "deploy/model_checks.h"
#include "gpus/ct_query.h"
#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_manager.h"
#include "remote/host_store.h"
#include "util/paths.h"
#include "widgets/path_field.h"
#include "widgets/role_gate.h"

namespace ct::ui {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
enum Column { Name, State, Host, Gpus, Url, Model, Columns };

QJsonObject lastObject(const QByteArray& out) {
  const QList<QByteArray> lines = out.trimmed().split('\n');
  for (auto it = lines.rbegin(); it != lines.rend(); ++it)
    if (const QJsonDocument d = QJsonDocument::fromJson(*it); d.isObject()) return d.object();
  return {};
}

// The model's facts when the folder is here (a folder on the host is read by ct deploy there).
std::optional<deploy::ModelFacts> localFacts(const QString& folder) {
  if (folder.isEmpty() || !QFileInfo(folder).isDir()) return std::nullopt;
  QFile cfg(QDir(folder).filePath(QStringLiteral("config.json")));
  if (!cfg.open(QIODevice::ReadOnly)) return std::nullopt;
  qint64 weights = 0;
  for (const QFileInfo& f : QDir(folder).entryInfoList({QStringLiteral("*.safetensors")}, QDir::Files)) weights += f.size();
  QString error;
  return deploy::ModelFacts::fromConfig(cfg.readAll(), weights, &error);
}

QString gib(double bytes) { return QString::number(bytes / kGiB, 'f', 2); }

}  // namespace

DeployPage::DeployPage(jobs::JobManager* manager, QWidget* parent)
    : QWidget(parent), manager_(manager), planQuery_(new CtQuery(this)), listQuery_(new CtQuery(this)) {
  host_ = new QComboBox(this);
  host_->setObjectName(QStringLiteral("deployHost"));
  model_ = makePathField(this, QStringLiteral("deployModel"), PathKind::ExistingFolder);
  quantModel_ = makePathField(this, QStringLiteral("deployQuantModel"), PathKind::ExistingFolder);
  name_ = new QLineEdit(this);
  name_->setObjectName(QStringLiteral("deployName"));
  gpus_ = new QComboBox(this);
  gpus_->setObjectName(QStringLiteral("deployGpus"));
  gpus_->setEditable(true);
  gpus_->addItems({QStringLiteral("auto"), QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("4"), QStringLiteral("8")});
  memMode_ = new QComboBox(this);
  memMode_->setObjectName(QStringLiteral("deployMemoryMode"));
  memMode_->addItems({QString(), QString(), QString()});
  memValue_ = new QDoubleSpinBox(this);
  memValue_->setObjectName(QStringLiteral("deployMemory"));
  maxLen_ = new QSpinBox(this);
  maxLen_->setObjectName(QStringLiteral("deployMaxLen"));
  maxLen_->setRange(0, 4 * 1024 * 1024);
  maxLen_->setSingleStep(1024);
  port_ = new QLineEdit(QStringLiteral("auto"), this);
  port_->setObjectName(QStringLiteral("deployPort"));
  apiKey_ = new QLineEdit(this);
  apiKey_->setObjectName(QStringLiteral("deployKey"));
  apiKey_->setEchoMode(QLineEdit::Password);
  tp_ = new QSpinBox(this);
  tp_->setObjectName(QStringLiteral("deployTp"));
  tp_->setRange(0, 64);
  served_ = new QLineEdit(this);
  served_->setObjectName(QStringLiteral("deployServed"));
  quant_ = new QComboBox(this);
  quant_->setObjectName(QStringLiteral("deployQuantization"));
  quant_->setEditable(true);
  quant_->addItems({QString(), QStringLiteral("gptq_marlin"), QStringLiteral("gptq"), QStringLiteral("awq_marlin"), QStringLiteral("awq")});
  dtype_ = new QComboBox(this);
  dtype_->setObjectName(QStringLiteral("deployDtype"));
  dtype_->setEditable(true);  // vLLM's values (half, float32, ...) are data, not words
  dtype_->addItems({QString(), QStringLiteral("auto"), QStringLiteral("float16"), QStringLiteral("bfloat16")});
  extra_ = new QLineEdit(this);
  extra_->setObjectName(QStringLiteral("deployExtra"));
  problem_ = new QLabel(this);
  problem_->setWordWrap(true);
  problem_->setStyleSheet(QStringLiteral("color: #a06000;"));
  plan_ = new QPushButton(this);
  plan_->setObjectName(QStringLiteral("planDeploy"));
  deploy_ = new QPushButton(this);
  deploy_->setObjectName(QStringLiteral("startDeploy"));
  pair_ = new QPushButton(this);
  pair_->setObjectName(QStringLiteral("startPair"));
  planTitle_ = new QLabel(this);
  planView_ = new QTextBrowser(this);
  planView_->setObjectName(QStringLiteral("deployPlan"));
  listTitle_ = new QLabel(this);
  table_ = new QTableWidget(this);
  table_->setObjectName(QStringLiteral("deploymentTable"));
  table_->setColumnCount(Columns);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setStretchLastSection(true);
  refreshList_ = new QPushButton(this);
  logs_ = new QPushButton(this);
  logs_->setObjectName(QStringLiteral("deploymentLogs"));
  stop_ = new QPushButton(this);
  stop_->setObjectName(QStringLiteral("stopDeployment"));
  for (QWidget* b : {static_cast<QWidget*>(plan_), static_cast<QWidget*>(deploy_), static_cast<QWidget*>(pair_), static_cast<QWidget*>(stop_)})
    RoleGate::guard(b, auth::Action::Deploy);
  chat_ = new QPushButton(this);
  chat_->setObjectName(QStringLiteral("chatDeployment"));
  abChat_ = new QPushButton(this);
  abChat_->setObjectName(QStringLiteral("abChatDeployment"));
  evaluate_ = new QPushButton(this);
  evaluate_->setObjectName(QStringLiteral("evaluateDeployment"));
  keyNote_ = new QLabel(this);
  keyNote_->setWordWrap(true);
  keyNote_->setStyleSheet(QStringLiteral("color: #a06000;"));
  keyNote_->hide();
  detail_ = new JobDetail(this);
  detail_->setObjectName(QStringLiteral("deployDetail"));

  form_ = new QFormLayout;
  form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  auto memRow = new QHBoxLayout;
  memRow->addWidget(memMode_, 1);
  memRow->addWidget(memValue_);
  QWidget* fields[] = {host_, model_->parentWidget(), name_, gpus_, nullptr, maxLen_, port_, apiKey_, tp_, served_, quant_, dtype_, extra_, quantModel_->parentWidget()};
  for (QWidget* w : fields) {
    auto* label = new QLabel(this);
    labels_ << label;
    if (w) form_->addRow(label, w);
    else form_->addRow(label, memRow);
  }
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(plan_);
  buttons->addWidget(deploy_);
  buttons->addWidget(pair_);
  buttons->addStretch(1);
  auto* formBox = new QWidget(this);
  auto* formLayout = new QVBoxLayout(formBox);
  formLayout->setContentsMargins(0, 0, 0, 0);
  formLayout->addLayout(form_);
  formLayout->addWidget(problem_);
  formLayout->addLayout(buttons);
  formLayout->addWidget(planTitle_);
  formLayout->addWidget(planView_, 1);
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidget(formBox);

  auto* actions = new QHBoxLayout;
  for (QPushButton* b : {refreshList_, logs_, stop_, chat_, abChat_, evaluate_}) actions->addWidget(b);
  actions->addStretch(1);
  auto* right = new QSplitter(Qt::Vertical, this);
  auto* listBox = new QWidget(this);
  auto* listLayout = new QVBoxLayout(listBox);
  listLayout->setContentsMargins(0, 0, 0, 0);
  listLayout->addWidget(listTitle_);
  listLayout->addWidget(table_, 1);
  listLayout->addLayout(actions);
  listLayout->addWidget(keyNote_);
  right->addWidget(listBox);
  right->addWidget(detail_);
  right->setStretchFactor(0, 2);
  right->setStretchFactor(1, 3);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(scroll);
  split->addWidget(right);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 3);
  split->setSizes({540, 800});
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(split);

  connect(plan_, &QPushButton::clicked, this, &DeployPage::plan);
  connect(deploy_, &QPushButton::clicked, this, [this] { deploy(); });
  connect(pair_, &QPushButton::clicked, this, [this] { deployPair(); });
  connect(refreshList_, &QPushButton::clicked, this, &DeployPage::refreshDeployments);
  connect(logs_, &QPushButton::clicked, this, [this] { showLogs(selected()); });
  connect(stop_, &QPushButton::clicked, this, [this] { stop(selected()); });
  // The endpoint's key comes from the keychain (api-key:deploy/NAME), where ct deploy put it.
  auto keyOf = [this](const QString& name) {
    QString why;
    const QString key = deploy::DeploymentStore::loadKey(name, &why);
    keyNote_->setText(key.isEmpty() ? tr("No API key found for %1: %2").arg(name, why) : QString());
    keyNote_->setVisible(key.isEmpty());
    return key;
  };
  connect(chat_, &QPushButton::clicked, this, [this, keyOf] {
    if (const auto d = deploy::DeploymentStore().load(selected())) Q_EMIT chatRequested(d->url, keyOf(d->name));
  });
  connect(abChat_, &QPushButton::clicked, this, [this, keyOf] {
    if (const auto d = deploy::DeploymentStore().load(selected())) Q_EMIT abChatRequested(d->url, keyOf(d->name), d->name);
  });
  connect(evaluate_, &QPushButton::clicked, this, [this, keyOf] {
    // A quantized checkpoint (vLLM runs a quantization kernel for it) is the "quantized" row.
    if (const auto d = deploy::DeploymentStore().load(selected()))
      Q_EMIT evaluateRequested(d->kernel.isEmpty() ? QStringLiteral("origin") : QStringLiteral("quant"), d->url, keyOf(d->name));
  });
  connect(table_, &QTableWidget::itemSelectionChanged, this, &DeployPage::updateButtons);
  connect(memMode_, &QComboBox::currentIndexChanged, this, [this](int mode) {
    memValue_->setEnabled(mode != 0);
    if (mode == 1) {
      memValue_->setRange(0.5, 4096);
      memValue_->setDecimals(1);
      memValue_->setSuffix(QStringLiteral(" GiB"));
      memValue_->setValue(20);
    } else if (mode == 2) {
      memValue_->setRange(0.01, 1.0);
      memValue_->setDecimals(2);
      memValue_->setSingleStep(0.05);
      memValue_->setSuffix(QString());
      memValue_->setValue(0.5);
    }
    updateButtons();
  });
  for (QLineEdit* e : {model_, quantModel_, name_, port_, extra_}) connect(e, &QLineEdit::textChanged, this, &DeployPage::updateButtons);
  connect(gpus_, &QComboBox::currentTextChanged, this, &DeployPage::updateButtons);
  connect(host_, &QComboBox::currentIndexChanged, this, &DeployPage::updateButtons);
  connect(manager_, &jobs::JobManager::jobFinished, this, [this](jobs::Job* j) {
    if (j->record().kind.startsWith(QLatin1String("deploy"))) refreshDeployments();
  });
  listTimer_.setInterval(15000);
  connect(&listTimer_, &QTimer::timeout, this, [this] {
    if (!listQuery_->isRunning()) refreshDeployments();
  });
  memValue_->setEnabled(false);
  retranslate();
  reloadHosts();
  showDeployments({});
}

void DeployPage::reloadHosts() {
  const QString keep = host_->currentText();
  QSignalBlocker block(host_);
  host_->clear();
  remote::HostStore store(paths::jobsDatabase());
  if (store.open(nullptr))
    for (const auto& p : store.list()) host_->addItem(p.name);
  if (const int i = host_->findText(keep); i >= 0) host_->setCurrentIndex(i);
  updateButtons();
}

void DeployPage::setHost(const QString& name) {
  reloadHosts();
  host_->setCurrentIndex(host_->findText(name));
}
void DeployPage::setModel(const QString& folder) { model_->setText(folder); }
void DeployPage::setQuantizedModel(const QString& folder) { quantModel_->setText(folder); }
void DeployPage::setName(const QString& name) { name_->setText(name); }
void DeployPage::setGpus(const QString& gpus) { gpus_->setCurrentText(gpus); }
void DeployPage::setMemoryGiB(double g) {
  memMode_->setCurrentIndex(g > 0 ? 1 : 0);
  if (g > 0) memValue_->setValue(g);
}
void DeployPage::setMemoryFraction(double f) {
  memMode_->setCurrentIndex(2);
  memValue_->setValue(f);
}
void DeployPage::setMaxModelLen(int n) { maxLen_->setValue(n); }
void DeployPage::setApiKey(const QString& key) { apiKey_->setText(key); }

DeployPage::Budget DeployPage::budget() const {
  Budget b;
  if (memMode_->currentIndex() == 1) b.gib = memValue_->value();
  if (memMode_->currentIndex() == 2) b.fraction = memValue_->value();
  return b;
}

QString DeployPage::problem() const {
  if (host_->count() == 0) return tr("Add a GPU host on the GPU Hosts page first; deployments run on a host reached over SSH.");
  if (host_->currentText().isEmpty()) return tr("Choose the GPU host.");
  if (model_->text().trimmed().isEmpty()) return tr("Choose the model: a folder here (pushed to the host first) or a folder on the host (HOST:PATH).");
  const QString g = gpus_->currentText().trimmed();
  static const QRegularExpression gpuList(QStringLiteral("^(auto|[0-9]+|[A-Za-z0-9:._-]+(,[A-Za-z0-9:._-]+)*)$"));
  if (!gpuList.match(g).hasMatch()) return tr("GPUs: auto, a count, or GPUs by index, UUID or bus id separated by commas.");
  const QString port = port_->text().trimmed();
  if (port != QLatin1String("auto") && !port.isEmpty() && (port.toInt() < 1 || port.toInt() > 65535)) return tr("Port: auto, or a port from 1 to 65535 in the host's range.");
  if (!name_->text().isEmpty() && !deploy::DeploymentStore::validName(name_->text().trimmed()))
    return tr("Name: letters, digits, '.', '_' and '-' only (it names the deployment for ct eval --targets).");
  for (const QString& a : QProcess::splitCommand(extra_->text()))
    if (a == QLatin1String("--api-key") || a.startsWith(QLatin1String("--api-key=")))
      return tr("Give the key in the API key field: it goes into vLLM's environment, where other users of the host cannot read it.");
  return {};
}

QStringList DeployPage::argumentsFor(const QString& model, const QString& name, const QString& served, const QString& quantization, Budget b, bool port) const {
  QStringList a{QStringLiteral("deploy"), host_->currentText(), model};
  if (!name.isEmpty()) a << QStringLiteral("--name") << name;
  a << QStringLiteral("--gpus") << gpus_->currentText().trimmed();
  if (b.gib > 0) a << QStringLiteral("--memory") << QString::number(b.gib, 'g', 6);
  if (b.fraction > 0) a << QStringLiteral("--gpu-memory-utilization") << QString::number(b.fraction, 'g', 4);
  if (maxLen_->value() > 0) a << QStringLiteral("--max-model-len") << QString::number(maxLen_->value());
  const QString p = port_->text().trimmed();
  if (port && !p.isEmpty() && p != QLatin1String("auto")) a << QStringLiteral("--port") << p;
  if (tp_->value() > 0) a << QStringLiteral("--tensor-parallel-size") << QString::number(tp_->value());
  if (!served.isEmpty()) a << QStringLiteral("--served-model-name") << served;
  if (!quantization.isEmpty()) a << QStringLiteral("--quantization") << quantization;
  if (!dtype_->currentText().isEmpty()) a << QStringLiteral("--dtype") << dtype_->currentText();
  // --vllm-arg=X keeps an argument that starts with '-' from being read as one of ct's options.
  for (const QString& x : QProcess::splitCommand(extra_->text())) a << QStringLiteral("--vllm-arg=") + x;
  return a;
}

QStringList DeployPage::deployArguments() const {
  return argumentsFor(model_->text().trimmed(), name_->text().trimmed(), served_->text().trimmed(), quant_->currentText().trimmed(), budget(), true);
}

QStringList DeployPage::planArguments() const {
  QStringList a{QStringLiteral("gpus"), host_->currentText()};
  const QString g = gpus_->currentText().trimmed();
  bool count = false;
  const int n = g.toInt(&count);
  if (g == QLatin1String("auto")) a << QStringLiteral("--plan") << QString::number(std::max(1, tp_->value()));
  else if (count) a << QStringLiteral("--plan") << QString::number(n);
  else a << QStringLiteral("--gpus") << g;
  const Budget b = budget();
  if (b.gib > 0) a << QStringLiteral("--memory") << QString::number(b.gib, 'g', 6);
  if (b.fraction > 0) a << QStringLiteral("--gpu-memory-utilization") << QString::number(b.fraction, 'g', 4);
  if (const auto m = localFacts(model_->text().trimmed())) {
    const sched::ModelShape s = m->shape(maxLen_->value());
    if (s.attentionHeads) a << QStringLiteral("--heads") << QString::number(s.attentionHeads);
    if (s.kvHeads) a << QStringLiteral("--kv-heads") << QString::number(s.kvHeads);
    if (s.layers) a << QStringLiteral("--layers") << QString::number(s.layers);
    if (s.headDim) a << QStringLiteral("--head-dim") << QString::number(s.headDim);
    if (s.weightBytes) a << QStringLiteral("--weights-gb") << QString::number(double(s.weightBytes) / kGiB, 'g', 6);
    if (s.contextLength) a << QStringLiteral("--max-model-len") << QString::number(s.contextLength);
  }
  return a;
}

QString DeployPage::localChecks() const {
  const auto m = localFacts(model_->text().trimmed());
  if (!m) return {};
  QStringList lines;
  const int tp = tp_->value() > 0 ? tp_->value() : std::max(1, gpus_->currentText().toInt());
  if (const QString bad = deploy::checkTensorParallel(*m, tp); !bad.isEmpty()) lines << QStringLiteral("<p style='color:#b00020'>%1</p>").arg(bad.toHtmlEscaped());
  const deploy::KernelChoice k = deploy::predictKernel(*m, quant_->currentText().trimmed(), dtype_->currentText());
  if (!k.refusal.isEmpty()) lines << QStringLiteral("<p style='color:#b00020'>%1</p>").arg(k.refusal.toHtmlEscaped());
  else if (!k.kernel.isEmpty()) lines << QStringLiteral("<p>%1</p>").arg(tr("vLLM kernel: %1 — %2").arg(k.kernel, k.why).toHtmlEscaped());
  if (!k.warning.isEmpty()) lines << QStringLiteral("<p style='color:#a06000'>%1</p>").arg(k.warning.toHtmlEscaped());
  lines << QStringLiteral("<p>%1</p>").arg(tr("Model: %1 layers, %2 attention heads, %3 KV heads, %4 GiB of weights")
                                                .arg(m->layers).arg(m->heads).arg(m->kvHeads).arg(gib(double(m->weightBytes))).toHtmlEscaped());
  return lines.join(QString());
}

void DeployPage::plan() {
  if (const QString p = problem(); !p.isEmpty()) {
    showPlan({}, p, false);
    return;
  }
  planOk_ = false;
  planText_ = tr("Asking %1's scheduler…").arg(host_->currentText());
  planView_->setHtml(QStringLiteral("<p>%1</p>").arg(planText_.toHtmlEscaped()));
  plan_->setEnabled(false);
  planQuery_->run(planArguments(), [this](const CtQuery::Reply& r) {
    QString why = r.error;
    if (why.startsWith(QLatin1String("ct gpus: "))) why = why.mid(9);
    showPlan(r.out, why, r.ok);
    updateButtons();
  });
}

void DeployPage::showPlan(const QByteArray& out, const QString& error, bool ok) {
  planOut_ = out;
  planError_ = error;
  planReplyOk_ = ok;
  planShown_ = true;
  const QJsonObject o = lastObject(out);
  QString html;
  QStringList text;
  planOk_ = ok && o.value(QStringLiteral("ok")).toBool();
  if (!planOk_) {
    const QString why = o.value(QStringLiteral("error")).toString(error);
    text << tr("The scheduler refuses: %1").arg(why);
    html += QStringLiteral("<p style='color:#b00020'><b>%1</b></p>").arg(text.last().toHtmlEscaped());
  } else {
    QStringList picked;
    for (const auto& v : o.value(QStringLiteral("picked")).toArray()) picked << QStringLiteral("GPU %1").arg(v.toObject().value(QStringLiteral("index")).toInt());
    static const QMap<QString, const char*> levels{{QStringLiteral("single"), QT_TR_NOOP("one GPU")},
                                                   {QStringLiteral("nvlink-clique"), QT_TR_NOOP("one NVLink clique")},
                                                   {QStringLiteral("pcie-switch"), QT_TR_NOOP("one PCIe switch")},
                                                   {QStringLiteral("numa-node"), QT_TR_NOOP("one NUMA node")},
                                                   {QStringLiteral("cross-numa"), QT_TR_NOOP("across NUMA nodes")}};
    const QString level = o.value(QStringLiteral("level")).toString();
    text << tr("Pick: %1 (%2)").arg(picked.join(QStringLiteral(", ")), levels.contains(level) ? tr(levels.value(level)) : level);
    text << o.value(QStringLiteral("why")).toString();
    text << tr("Budget %1 GiB per GPU → --gpu-memory-utilization %2").arg(gib(o.value(QStringLiteral("budget_bytes")).toDouble()))
                .arg(o.value(QStringLiteral("gpu_memory_utilization")).toDouble(), 0, 'f', 3);
    html += QStringLiteral("<p><b>%1</b></p><p>%2</p><p>%3</p>").arg(text[0].toHtmlEscaped(), text[1].toHtmlEscaped(), text[2].toHtmlEscaped());
  }
  if (const QJsonObject e = o.value(QStringLiteral("estimate")).toObject(); !e.isEmpty()) {
    text << tr("Estimate per GPU: %1 GiB weights + %2 GiB KV cache + %3 GiB overhead = %4 GiB")
                .arg(gib(e.value(QStringLiteral("weights_bytes")).toDouble()), gib(e.value(QStringLiteral("kv_cache_bytes")).toDouble()),
                     gib(e.value(QStringLiteral("overhead_bytes")).toDouble()), gib(e.value(QStringLiteral("total_bytes")).toDouble()));
    html += QStringLiteral("<p>%1</p>").arg(text.last().toHtmlEscaped());
  }
  const QJsonArray passed = o.value(QStringLiteral("passed_over")).toArray();
  if (!passed.isEmpty()) {
    text << tr("Passed over:");
    html += QStringLiteral("<p>%1</p><ul>").arg(text.last().toHtmlEscaped());
    for (const auto& v : passed) {
      const QJsonObject p = v.toObject();
      text << QStringLiteral("GPU %1: %2").arg(p.value(QStringLiteral("index")).toInt()).arg(p.value(QStringLiteral("reason")).toString());
      html += QStringLiteral("<li>%1</li>").arg(text.last().toHtmlEscaped());
    }
    html += QStringLiteral("</ul>");
  }
  html += localChecks();
  planText_ = text.join(QLatin1Char('\n'));
  planView_->setHtml(html);
  Q_EMIT planned();
}

QString DeployPage::planText() const { return planText_; }
bool DeployPage::isPlanning() const { return planQuery_->isRunning(); }

jobs::Job* DeployPage::startDeploy(const QStringList& args, const QString& name, const QString& key) {
  QHash<QString, QString> secrets;
  if (!key.isEmpty()) secrets.insert(QStringLiteral("api-key"), key);
  jobs::Job* job = manager_->startCt(QStringLiteral("deploy"), args,
                                     {{QStringLiteral("host"), host_->currentText()}, {QStringLiteral("model"), args.value(2)}, {QStringLiteral("name"), name}}, secrets);
  detail_->showJob(job);
  refreshDeployments();
  return job;
}

jobs::Job* DeployPage::deploy() {
  if (const QString p = problem(); !p.isEmpty()) {
    problem_->setText(p);
    return nullptr;
  }
  return startDeploy(deployArguments(), name_->text().trimmed(), apiKey_->text());
}

QList<jobs::Job*> DeployPage::deployPair() {
  QString p = problem();
  if (p.isEmpty() && quantModel_->text().trimmed().isEmpty()) p = tr("Choose the quantized model to deploy beside the origin.");
  if (p.isEmpty() && !port_->text().trimmed().isEmpty() && port_->text().trimmed() != QLatin1String("auto"))
    p = tr("A pair takes both ports from the host's range: set Port to auto.");
  if (!p.isEmpty()) {
    problem_->setText(p);
    return {};
  }
  // One key for both, so that the pair can be scored together; the budget halves so that both
  // may share one GPU when the scheduler finds no second one.
  QString key = apiKey_->text();
  if (key.isEmpty()) key = QString::fromLatin1(QByteArray::number(QRandomGenerator::system()->generate64(), 16) + QByteArray::number(QRandomGenerator::system()->generate64(), 16));
  Budget b = budget();
  b.gib /= 2;
  b.fraction /= 2;
  const QString base = name_->text().trimmed();
  const QString served = served_->text().trimmed();
  const QString originName = base.isEmpty() ? QString() : base + QStringLiteral("-origin");
  const QString quantName = base.isEmpty() ? QString() : base + QStringLiteral("-quant");
  QList<jobs::Job*> jobs;
  jobs << startDeploy(argumentsFor(model_->text().trimmed(), originName, served.isEmpty() ? QString() : served + QStringLiteral("-origin"), QString(), b, false), originName, key);
  jobs << startDeploy(argumentsFor(quantModel_->text().trimmed(), quantName, served.isEmpty() ? QString() : served + QStringLiteral("-quant"), quant_->currentText().trimmed(), b, false),
                      quantName, key);
  return jobs;
}

jobs::Job* DeployPage::stop(const QString& name) {
  if (name.isEmpty()) return nullptr;
  jobs::Job* job = manager_->startCt(QStringLiteral("deploy-stop"), {QStringLiteral("deploy"), QStringLiteral("stop"), name}, {{QStringLiteral("name"), name}});
  detail_->showJob(job);
  return job;
}

jobs::Job* DeployPage::showLogs(const QString& name) {
  if (name.isEmpty()) return nullptr;
  jobs::Job* job = manager_->startCt(QStringLiteral("deploy-logs"), {QStringLiteral("deploy"), QStringLiteral("logs"), name, QStringLiteral("--lines"), QStringLiteral("2000")},
                                     {{QStringLiteral("name"), name}});
  detail_->showJob(job);
  return job;
}

void DeployPage::refreshDeployments() {
  showDeployments({});  // what is recorded here, at once; the hosts' answer follows
  listQuery_->run({QStringLiteral("deploy"), QStringLiteral("list")}, [this](const CtQuery::Reply& r) {
    if (r.ok) showDeployments(r.out);
    Q_EMIT listed();
  });
}

void DeployPage::showDeployments(const QByteArray& listJson) {
  QJsonArray all;
  if (!listJson.isEmpty()) {
    for (const QByteArray& line : listJson.split('\n'))
      if (const QJsonDocument d = QJsonDocument::fromJson(line); d.isArray()) all = d.array();
    lastList_ = listJson;
  } else {
    for (const auto& d : deploy::DeploymentStore().list()) {
      QJsonObject o = d.toJson();
      // Until the host answered, a recorded state is what this machine last knew.
      const QByteArray known = lastList_;
      for (const QByteArray& line : known.split('\n'))
        for (const auto& v : QJsonDocument::fromJson(line).array())
          if (v.toObject().value(QStringLiteral("name")) == d.name && v.toObject().value(QStringLiteral("state")).toString().startsWith(d.state))
            o.insert(QStringLiteral("state"), v.toObject().value(QStringLiteral("state")));
      all.append(o);
    }
  }
  const QString keep = selected();
  QSignalBlocker block(table_);
  table_->setRowCount(int(all.size()));
  for (int r = 0; r < all.size(); ++r) {
    const QJsonObject d = all[r].toObject();
    QStringList gpus;
    for (const auto& v : d.value(QStringLiteral("gpu_indices")).toArray()) gpus << QString::number(v.toInt());
    const QString state = d.value(QStringLiteral("state")).toString();
    const QStringList cells{d.value(QStringLiteral("name")).toString(), state, d.value(QStringLiteral("host")).toString(), gpus.join(QLatin1Char(',')),
                            d.value(QStringLiteral("url")).toString(), d.value(QStringLiteral("model")).toString()};
    for (int c = 0; c < Columns; ++c) {
      auto* item = new QTableWidgetItem(c == State ? stateText(state) : cells[c]);
      if (c == State) item->setData(Qt::UserRole, state);
      if (c == State && !d.value(QStringLiteral("error")).toString().isEmpty())
        item->setToolTip(d.value(QStringLiteral("error")).toString() + QStringLiteral("\n") + d.value(QStringLiteral("advice")).toString());
      if (c == State) item->setForeground(state == QLatin1String("ready") ? QColor(0x1b, 0x7f, 0x3b) : state == QLatin1String("failed") ? QColor(0xb0, 0x00, 0x20) : QColor());
      table_->setItem(r, c, item);
    }
  }
  table_->resizeColumnsToContents();
  block.unblock();
  if (!keep.isEmpty()) select(keep);
  updateButtons();
}

void DeployPage::select(const QString& name) {
  for (int r = 0; r < table_->rowCount(); ++r)
    if (table_->item(r, Name)->text() == name) table_->selectRow(r);
}

QString DeployPage::selected() const {
  const int r = table_->currentRow();
  return r >= 0 && table_->item(r, Name) && table_->selectionModel()->isRowSelected(r, {}) ? table_->item(r, Name)->text() : QString();
}

QString DeployPage::stateOf(const QString& name) const {
  for (int r = 0; r < table_->rowCount(); ++r)
    if (table_->item(r, Name)->text() == name) return table_->item(r, State)->data(Qt::UserRole).toString();
  return {};
}

QString DeployPage::urlOf(const QString& name) const {
  for (int r = 0; r < table_->rowCount(); ++r)
    if (table_->item(r, Name)->text() == name) return table_->item(r, Url)->text();
  return {};
}

QString DeployPage::stateText(const QString& state) const {
  // `ct deploy list` adds why a host could not be asked; the state word comes first.
  const QString word = state.section(QLatin1Char(' '), 0, 0);
  static const QMap<QString, const char*> words{{QStringLiteral("starting"), QT_TR_NOOP("starting")}, {QStringLiteral("ready"), QT_TR_NOOP("ready")},
                                                {QStringLiteral("failed"), QT_TR_NOOP("failed")},     {QStringLiteral("stopping"), QT_TR_NOOP("stopping")},
                                                {QStringLiteral("stopped"), QT_TR_NOOP("stopped")},   {QStringLiteral("exited"), QT_TR_NOOP("exited")}};
  if (!words.contains(word)) return state;
  return tr(words.value(word)) + state.mid(word.size());
}

void DeployPage::updateButtons() {
  const QString p = problem();
  problem_->setText(p);
  problem_->setVisible(!p.isEmpty());
  plan_->setEnabled(p.isEmpty() && !planQuery_->isRunning());
  deploy_->setEnabled(p.isEmpty());
  plan_->setToolTip(p);
  deploy_->setToolTip(p);
  const QString portText = port_->text().trimmed();
  const bool autoPort = portText.isEmpty() || portText == QLatin1String("auto");
  const bool pairReady = p.isEmpty() && !quantModel_->text().trimmed().isEmpty() && autoPort;
  pair_->setEnabled(pairReady);
  if (!pairReady)
    pair_->setToolTip(!p.isEmpty() ? p
                      : !autoPort  ? tr("A pair takes both ports from the host's range: set Port to auto.")
                                   : tr("Choose the quantized model to deploy beside the origin."));
  else {
    const QString base = name_->text().trimmed();
    pair_->setToolTip(base.isEmpty() ? tr("Two deployments named after their folders, one shared key, each with half the memory budget")
                                     : tr("Two deployments, %1 and %2, one shared key, each with half the memory budget").arg(base + QStringLiteral("-origin"), base + QStringLiteral("-quant")));
  }
  const QString name = selected();
  const QString state = stateOf(name);
  logs_->setEnabled(!name.isEmpty());
  stop_->setEnabled(!name.isEmpty() && state != QLatin1String("stopped"));
  chat_->setEnabled(state == QLatin1String("ready"));
  abChat_->setEnabled(state == QLatin1String("ready"));
  evaluate_->setEnabled(state == QLatin1String("ready"));
}

void DeployPage::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  reloadHosts();
  refreshDeployments();
  listTimer_.start();
}

void DeployPage::hideEvent(QHideEvent* event) {
  listTimer_.stop();
  QWidget::hideEvent(event);
}

void DeployPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslate();
    if (planShown_) showPlan(QByteArray(planOut_), QString(planError_), planReplyOk_);
    showDeployments(QByteArray(lastList_));
  }
  QWidget::changeEvent(event);
}

void DeployPage::retranslate() {
  const char* names[] = {QT_TR_NOOP("GPU host"), QT_TR_NOOP("Model folder"), QT_TR_NOOP("Name"), QT_TR_NOOP("GPUs"), QT_TR_NOOP("Memory per GPU"),
                         QT_TR_NOOP("Context length"), QT_TR_NOOP("Port"), QT_TR_NOOP("API key"), QT_TR_NOOP("Tensor parallel"),
                         QT_TR_NOOP("Served model name"), QT_TR_NOOP("Quantization"), QT_TR_NOOP("Data type"), QT_TR_NOOP("More vLLM arguments"),
                         QT_TR_NOOP("Quantized model (pair)")};
  for (int i = 0; i < labels_.size(); ++i) labels_[i]->setText(tr(names[i]));
  model_->setPlaceholderText(tr("a folder here (pushed first), or HOST:/path on the host"));
  quantModel_->setPlaceholderText(tr("for “Deploy origin + quantized”: the quantized checkpoint"));
  name_->setPlaceholderText(tr("default: the model folder's name"));
  gpus_->setToolTip(tr("auto, a count, or GPUs by index, UUID or bus id (0,1)"));
  memMode_->setItemText(0, tr("ct's estimate for the model and context"));
  memMode_->setItemText(1, tr("GiB per GPU"));
  memMode_->setItemText(2, tr("fraction of each GPU's total (vLLM's --gpu-memory-utilization)"));
  maxLen_->setSpecialValueText(tr("the model's"));
  port_->setToolTip(tr("auto takes a free port from the host's range"));
  apiKey_->setPlaceholderText(tr("default: a random key, passed in vLLM's environment only"));
  apiKey_->setToolTip(tr("The key reaches ct on its standard input and vLLM in its environment: never on a command line or in a log."));
  tp_->setSpecialValueText(tr("the GPU count"));
  served_->setPlaceholderText(tr("default: the deployment's name"));
  quant_->setItemText(0, QString());
  quant_->setToolTip(tr("empty: what the checkpoint says"));
  dtype_->setToolTip(tr("empty: vLLM's default"));
  extra_->setPlaceholderText(tr("e.g. --enable-prefix-caching --max-num-seqs 64"));
  plan_->setText(tr("Check the plan"));
  deploy_->setText(tr("Deploy"));
  pair_->setText(tr("Deploy origin + quantized"));
  planTitle_->setText(tr("The scheduler's pick"));
  listTitle_->setText(tr("Deployments"));
  table_->setHorizontalHeaderLabels({tr("Name"), tr("State"), tr("Host"), tr("GPUs"), tr("URL"), tr("Model")});
  refreshList_->setText(tr("Refresh"));
  logs_->setText(tr("Log"));
  stop_->setText(tr("Stop"));
  chat_->setText(tr("Chat"));
  abChat_->setText(tr("A/B chat"));
  abChat_->setToolTip(tr("This deployment against another endpoint, one prompt to both"));
  evaluate_->setText(tr("Evaluate"));
  if (planText_.isEmpty()) planView_->setHtml(QStringLiteral("<p>%1</p>").arg(tr("“Check the plan” asks the host's scheduler which GPUs it would pick, and why the others were passed over.").toHtmlEscaped()));
  updateButtons();
}

}  // namespace ct::ui
