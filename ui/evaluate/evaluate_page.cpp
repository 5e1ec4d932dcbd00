#include "evaluate/evaluate_page.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QCursor>
#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QScrollArea>
#include <QShowEvent>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QStandardPaths>
#include <QToolTip>
#include <QUrl>
#include <QVBoxLayout>
#include <QValueAxis>
#include <memory>

#include "eval/results.h"
#include "i18n/format.h"
#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_manager.h"
#include "results/result_view.h"
#include "services/service_registry.h"
#include "util/paths.h"
#include "widgets/host_choice.h"
#include "widgets/path_field.h"
#include "widgets/target_picker.h"
#include "widgets/role_gate.h"

namespace ct::ui {
namespace {

// What the task list offers; `ct eval --list` has every subtask and variant.
const char* const kTasks[] = {"demo", "arc_easy", "arc_challenge", "hellaswag", "boolq", "openbookqa", "mmlu", "gpqa_diamond_zeroshot",
                              "gpqa_diamond_cot_zeroshot", "gsm8k_cot", "gsm8k_platinum_cot", "humaneval", "mbpp"};

struct Bar {
  double value = 0, stderr_ = -1;
  int n = 0;
};

// Each shown task's headline score for one target, in %. A group that only repeats one task
// (ai2_arc over arc_easy) and the parts of a group that is shown (mmlu's subjects) are left out.
QMap<QString, Bar> headline(const QJsonObject& lmEvalShaped) {
  QMap<QString, Bar> out;
  const QJsonObject results = lmEvalShaped.value(QStringLiteral("results")).toObject();
  const QJsonObject groups = lmEvalShaped.value(QStringLiteral("group_subtasks")).toObject();
  const QJsonObject nSamples = lmEvalShaped.value(QStringLiteral("n-samples")).toObject();
  // A group with one subtask adds nothing (its subtask stays); a shown group covers its parts,
  // and a covered group its own parts (mmlu covers mmlu_stem, which covers its subjects).
  QSet<QString> hidden, covered;
  for (auto g = groups.begin(); g != groups.end(); ++g)
    if (g->toArray().size() <= 1) hidden.insert(g.key());
  for (auto g = groups.begin(); g != groups.end(); ++g)
    if (!hidden.contains(g.key()) && results.contains(g.key()))
      for (const QJsonValue s : g->toArray()) covered.insert(s.toString());
  for (bool grew = true; grew;) {
    grew = false;
    for (auto g = groups.begin(); g != groups.end(); ++g)
      if (covered.contains(g.key()))
        for (const QJsonValue s : g->toArray())
          if (!covered.contains(s.toString())) {
            covered.insert(s.toString());
            grew = true;
          }
  }
  hidden.unite(covered);
  for (auto it = results.begin(); it != results.end(); ++it) {
    if (hidden.contains(it.key())) continue;
    eval::TaskResult t;
    t.task = it.key();
    const QJsonObject o = it->toObject();
    for (auto m = o.begin(); m != o.end(); ++m)
      if (m.key().contains(QLatin1Char(',')) && !m.key().section(QLatin1Char(','), 0, 0).endsWith(QStringLiteral("_stderr")) && m->isDouble())
        t.metrics.insert(m.key(), eval::MetricValue{m->toDouble(), std::nullopt});
    const QString key = eval::headlineMetric(t);
    if (key.isEmpty()) continue;
    Bar b;
    b.value = 100 * t.metrics[key].value;
    const QJsonValue se = o.value(key.section(QLatin1Char(','), 0, 0) + QStringLiteral("_stderr,") + key.section(QLatin1Char(','), 1));
    if (se.isDouble()) b.stderr_ = 100 * se.toDouble();
    b.n = nSamples.value(it.key()).toObject().value(QStringLiteral("effective")).toInt();
    out.insert(it.key(), b);
  }
  return out;
}

bool isUrlUsable(const QString& url) {
  const QUrl u(url);
  return !url.isEmpty() && u.isValid() && (u.scheme() == QLatin1String("http") || u.scheme() == QLatin1String("https")) && !u.host().isEmpty();
}

}  // namespace

EvaluatePage::EvaluatePage(jobs::JobManager* manager, services::ServiceRegistry* registry, QWidget* parent)
    : QWidget(parent),
      manager_(manager),
      registry_(registry),
      form_(new QFormLayout),
      framework_(new QComboBox(this)),
      runOn_(new QComboBox(this)),
      servedLabel_(new QLabel(this)),
      served_(new QLineEdit(this)),
      tasks_(new QListWidget(this)),
      apiKey_(new QLineEdit(this)),
      limit_(new QSpinBox(this)),
      fewshot_(new QSpinBox(this)),
      concurrency_(new QSpinBox(this)),
      chat_(new QCheckBox(this)),
      stopAfter_(new QCheckBox(this)),
      hint_(new QLabel(this)),
      start_(new QPushButton(this)),
      status_(new QLabel(this)),
      detail_(new JobDetail(this)),
      chart_(new QChartView(this)),
      history_(new QListWidget(this)),
      right_(new QTabWidget(this)),
      table_(new QTextBrowser(this)),
      net_(new QNetworkAccessManager(this)) {
  right_->setObjectName(QStringLiteral("evalTabs"));
  table_->setObjectName(QStringLiteral("evalTable"));
  dataDir_ = makePathField(this, QStringLiteral("evalDataDir"), PathKind::ExistingFolder);
  framework_->setObjectName(QStringLiteral("evalFramework"));
  framework_->addItems({QString(), QString(), QString()});
  tasks_->setObjectName(QStringLiteral("evalTasks"));
  for (const char* t : kTasks) {
    auto* item = new QListWidgetItem(QString::fromLatin1(t), tasks_);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(QLatin1String(t) == QLatin1String("demo") ? Qt::Checked : Qt::Unchecked);
  }
  tasks_->setFixedHeight(120);
  const QStringList names{QStringLiteral("origin"), QStringLiteral("quant"), QStringLiteral("fpga")};
  for (const QString& n : names) {
    Row r{n, new QCheckBox(this), new TargetPicker(registry_, this)};
    r.include->setObjectName(QStringLiteral("evalInclude_") + n);
    r.picker->setObjectName(QStringLiteral("evalTarget_") + n);
    r.picker->urlEdit()->setObjectName(n == QLatin1String("origin") ? QStringLiteral("evalOrigin") : n == QLatin1String("quant") ? QStringLiteral("evalQuant") : QStringLiteral("evalFpga"));
    rows_ << r;
  }
  // The natural pairing: the float model, its newest quantized checkpoint, the newest image.
  rows_[0].picker->setPreferredKind(services::SourceKind::Model);
  rows_[1].picker->setPreferredKind(services::SourceKind::Checkpoint);
  rows_[2].picker->setPreferredKind(services::SourceKind::Image);
  rows_[0].include->setChecked(true);
  rows_[1].include->setChecked(!rows_[1].picker->isUrl());
  rows_[2].include->setChecked(false);
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
  stopAfter_->setObjectName(QStringLiteral("evalStopServices"));
  stopAfter_->setChecked(true);
  hint_->setWordWrap(true);
  hint_->setObjectName(QStringLiteral("evalHint"));
  hint_->setStyleSheet(QStringLiteral("QLabel { color: #8a4b00; }"));
  start_->setObjectName(QStringLiteral("evalStart"));
  RoleGate::guard(start_, auth::Action::RunStage);
  status_->setObjectName(QStringLiteral("evalStatus"));
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  chart_->setObjectName(QStringLiteral("evalChart"));
  chart_->setMinimumHeight(260);
  chart_->setRenderHint(QPainter::Antialiasing);
  history_->setObjectName(QStringLiteral("evalHistory"));

  for (int i = 0; i < 13; ++i) labels_.append(new QLabel(this));
  auto targetRow = [this](const Row& r) {
    auto* w = new QWidget(this);
    auto* h = new QHBoxLayout(w);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(r.include, 0, Qt::AlignTop);
    h->addWidget(r.picker, 1);
    return w;
  };
  QWidget* fields[] = {framework_, tasks_, targetRow(rows_[0]), targetRow(rows_[1]), targetRow(rows_[2]), apiKey_, dataDir_->parentWidget(),
                       limit_, fewshot_, concurrency_, chat_, stopAfter_};
  for (int i = 0; i < 12; ++i) form_->addRow(labels_[i], fields[i]);
  // lm-eval and EvalPlus can run on a GPU host; the built-in evaluator runs here.
  runOn_->setObjectName(QStringLiteral("evalRunOn"));
  runOn_->addItem(QString(), QString());
  form_->insertRow(1, labels_[12], runOn_);
  form_->setRowVisible(runOn_, false);
  served_->setObjectName(QStringLiteral("evalServedModel"));
  form_->insertRow(2, servedLabel_, served_);
  form_->setRowVisible(served_, false);
  connect(runOn_, &QComboBox::currentIndexChanged, this, &EvaluatePage::updateState);
  connect(served_, &QLineEdit::textChanged, this, &EvaluatePage::updateState);
  form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form_->setRowWrapPolicy(QFormLayout::WrapLongRows);
  auto* left = new QWidget(this);
  auto* l = new QVBoxLayout(left);
  l->addLayout(form_);
  // The hint has a fixed place under the form: rows above it never move when it changes.
  l->addWidget(hint_);
  l->addWidget(start_, 0, Qt::AlignLeft);
  l->addWidget(status_);
  l->addStretch(1);
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(left);
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setMinimumWidth(320);
  // The run, its results, and past runs each get the whole right side in turn.
  auto* results = new QWidget(this);
  auto* rl = new QVBoxLayout(results);
  rl->setContentsMargins(0, 0, 0, 0);
  rl->addWidget(chart_, 3);
  rl->addWidget(table_, 2);
  right_->addTab(detail_, QString());
  right_->addTab(results, QString());
  right_->addTab(history_, QString());
  auto* right = right_;
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(scroll);
  split->addWidget(right);
  split->setStretchFactor(1, 1);
  split->setSizes({420, 640});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);

  connect(dataDir_, &QLineEdit::textChanged, this, &EvaluatePage::updateState);
  for (const Row& r : rows_) {
    connect(r.picker, &TargetPicker::changed, this, &EvaluatePage::updateState);
    connect(r.include, &QCheckBox::toggled, this, &EvaluatePage::updateState);
  }
  connect(framework_, &QComboBox::currentIndexChanged, this, &EvaluatePage::updateState);
  connect(tasks_, &QListWidget::itemChanged, this, &EvaluatePage::updateState);
  connect(start_, &QPushButton::clicked, this, [this] { start(); });
  connect(history_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) { showResult(item->data(Qt::UserRole).toJsonObject()); });
  connect(history_, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) { showResult(item->data(Qt::UserRole).toJsonObject()); });
  if (manager_) connect(manager_, &jobs::JobManager::jobFinished, this, [this] { refreshHistory(); });
  retranslate();
  refreshHistory();
}

const EvaluatePage::Row* EvaluatePage::row(const QString& name) const {
  for (const Row& r : rows_)
    if (r.name == name) return &r;
  return nullptr;
}

void EvaluatePage::setEndpoint(const QString& target, const QString& url) {
  if (const Row* r = row(target)) {
    r->picker->setUrl(url);
    r->include->setChecked(true);
  }
}

void EvaluatePage::setApiKey(const QString& key) { apiKey_->setText(key); }

bool EvaluatePage::setTarget(const QString& target, const QString& folder) {
  const Row* r = row(target);
  if (!r) return false;
  r->picker->refresh();
  const bool ok = r->picker->selectId(QStringLiteral("folder:") + QDir::cleanPath(QFileInfo(folder).absoluteFilePath()));
  if (ok) r->include->setChecked(true);
  return ok;
}

void EvaluatePage::setIncluded(const QString& target, bool on) {
  if (const Row* r = row(target)) r->include->setChecked(on);
}

void EvaluatePage::setTasks(const QStringList& tasks) {
  for (int i = 0; i < tasks_->count(); ++i) tasks_->item(i)->setCheckState(tasks.contains(tasks_->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
}

void EvaluatePage::setLimit(int n) { limit_->setValue(n); }

void EvaluatePage::setFramework(const QString& name) {
  framework_->setCurrentIndex(name == QLatin1String("lm-eval") ? 1 : name == QLatin1String("evalplus") ? 2 : 0);
}

QStringList EvaluatePage::selectedTasks() const {
  QStringList out;
  for (int i = 0; i < tasks_->count(); ++i)
    if (tasks_->item(i)->checkState() == Qt::Checked) out << tasks_->item(i)->text();
  return out;
}

QList<QPair<QString, QString>> EvaluatePage::resolvedTargets() const {
  QList<QPair<QString, QString>> out;
  for (const Row& r : rows_) {
    if (!r.include->isChecked()) continue;
    const auto t = r.picker->current();
    if (!t) continue;
    const QString url = t->kind == services::Target::Kind::Folder ? (t->service && t->service->isUp() ? t->service->url() : QString()) : t->url;
    out << qMakePair(r.name, url);
  }
  return out;
}

QString EvaluatePage::runKey() const {
  // The key typed here, else the first target's own (a registered endpoint's or a service's).
  QString key = apiKey_->text();
  for (const Row& r : rows_)
    if (key.isEmpty() && r.include->isChecked())
      if (const auto t = r.picker->current()) key = t->apiKey;
  return key;
}

QStringList EvaluatePage::arguments() const {
  QStringList a{QStringLiteral("eval"), QStringLiteral("--tasks"), selectedTasks().join(QLatin1Char(','))};
  const auto targets = runTargets_.isEmpty() ? resolvedTargets() : runTargets_;
  if (targets.size() == 1) {
    a << QStringLiteral("--endpoint") << targets.first().second;
  } else if (targets.size() > 1) {
    QStringList parts;
    for (const auto& [name, url] : targets) parts << name + QLatin1Char('=') + url;
    a << QStringLiteral("--targets") << parts.join(QLatin1Char(','));
  }
  static const char* const fw[] = {"native", "lm-eval", "evalplus"};
  if (framework_->currentIndex() != 0) a << QStringLiteral("--framework") << QLatin1String(fw[framework_->currentIndex()]);
  if (!host().isEmpty()) a << QStringLiteral("--on") << host() << QStringLiteral("--model") << served_->text().trimmed();
  if (!dataDir_->text().isEmpty()) a << QStringLiteral("--data-dir") << dataDir_->text();
  if (limit_->value() > 0) a << QStringLiteral("--limit") << QString::number(limit_->value());
  if (fewshot_->value() >= 0) a << QStringLiteral("--num-fewshot") << QString::number(fewshot_->value());
  a << QStringLiteral("--concurrency") << QString::number(concurrency_->value());
  if (chat_->isChecked()) a << QStringLiteral("--chat");
  return a;
}

QString EvaluatePage::checkInputs() const {
  const QStringList tasks = selectedTasks();
  if (tasks.isEmpty()) return tr("Choose at least one task.");
  const int fw = framework_->currentIndex();
  const QString on = host();
  // The tools are looked for now, not after the start ("execve: No such file"); on a host,
  // `ct eval --on` looks for them there and names the one that is missing.
  if (on.isEmpty() && fw == 1 && QStandardPaths::findExecutable(QStringLiteral("lm_eval")).isEmpty())
    return tr("lm_eval is not installed on this machine (pip install lm-eval). Use the built-in evaluator, or install it and check with Tools ▸ Check this machine.");
  if (on.isEmpty() && fw == 2 && QStandardPaths::findExecutable(QStringLiteral("evalplus.evaluate")).isEmpty())
    return tr("EvalPlus is not installed on this machine (pip install evalplus). Use the built-in evaluator, or install it and check with Tools ▸ Check this machine.");
  if (fw == 2)
    for (const QString& t : tasks)
      if (t != QLatin1String("humaneval") && t != QLatin1String("mbpp")) return tr("EvalPlus runs humaneval and mbpp only: untick %1 or choose another framework.").arg(t);
  if (fw == 0 && (tasks.contains(QStringLiteral("humaneval")) || tasks.contains(QStringLiteral("mbpp"))) &&
      QStandardPaths::findExecutable(QStringLiteral("python3")).isEmpty())
    return tr("Code tasks run the generated programs with python3, which this machine lacks: install python3 or untick humaneval and mbpp.");
  if (!dataDir_->text().isEmpty() && !QFileInfo(dataDir_->text()).isDir())
    return tr("The data folder %1 does not exist: choose another, or leave it empty for the bundled samples.").arg(dataDir_->text());
  int included = 0;
  for (const Row& r : rows_) {
    if (!r.include->isChecked()) continue;
    ++included;
    const QString who = labels_[2 + static_cast<int>(&r - rows_.data())]->text();
    const auto t = r.picker->current();
    if (!t) return tr("Choose what %1 is.").arg(who);
    if (!on.isEmpty() && !r.picker->isUrl() && t->kind != services::Target::Kind::Endpoint)
      return tr("On %1 the tool reaches %2 itself: pick a registered endpoint or type its URL as %1 sees it (a folder or a service on this machine cannot be reached from there).")
          .arg(on, who);
    if (r.picker->isUrl() && !isUrlUsable(t->url)) return tr("Give the OpenAI base URL of %1, e.g. http://127.0.0.1:8000/v1, or pick a known model.").arg(who);
    if (t->kind == services::Target::Kind::Folder && !(t->service && t->service->isUp())) {
      const QString bad = services::checkSource(services::Source{t->folderKind, t->path, {}});
      if (!bad.isEmpty()) return tr("%1: %2").arg(who, bad);
    }
  }
  if (!on.isEmpty() && served_->text().trimmed().isEmpty())
    return tr("Give the model name the endpoint serves (as its /v1/models lists it): it cannot be asked from this machine.");
  if (included == 0 && fw == 0) return tr("The built-in evaluator scores endpoints: include at least one target.");
  if (job_ && !job_->isFinished()) return tr("An evaluation is running: wait for it, or cancel it on the right.");
  if (preparing_) return tr("Starting the services for this evaluation …");
  return {};
}

QString EvaluatePage::startReason() const { return start_->isEnabled() ? QString() : hint_->text(); }

void EvaluatePage::updateState() {
  form_->setRowVisible(runOn_, framework_->currentIndex() != 0);
  form_->setRowVisible(served_, !host().isEmpty());
  const QString reason = checkInputs();
  int included = 0;
  bool serves = false;
  for (const Row& r : rows_)
    if (r.include->isChecked()) {
      ++included;
      if (const auto t = r.picker->current(); t && t->kind == services::Target::Kind::Folder && !(t->service && t->service->isUp())) serves = true;
    }
  QString hint = reason;
  if (hint.isEmpty() && !host().isEmpty())
    hint = tr("Runs on %1: the tool is started there and its result files come back here.").arg(host());
  if (hint.isEmpty() && serves) hint = tr("The chosen folders are served first (ct host + ct serve on free ports), then scored.");
  if (hint.isEmpty() && included > 1) hint = tr("The same items go to every target; the first is the baseline of the comparison.");
  hint_->setText(hint);
  hint_->setStyleSheet(reason.isEmpty() ? QString() : QStringLiteral("QLabel { color: #8a4b00; }"));
  setEnabledOrWhy(start_, reason);
  if (!reason.isEmpty()) start_->setToolTip(reason);
}

void EvaluatePage::setStatus(std::function<QString()> text, bool error) {
  status_fn_ = std::move(text);
  statusError_ = error;
  status_->setText(status_fn_ ? status_fn_() : QString());
  status_->setStyleSheet(error ? QStringLiteral("QLabel { color: #b71c1c; background: #fdecea; border: 1px solid #f5c2c0; padding: 6px; }") : QString());
}

QString EvaluatePage::statusText() const { return status_->text(); }

bool EvaluatePage::start() {
  updateState();
  if (!start_->isEnabled()) return false;
  startedForRun_.clear();
  starting_.clear();
  runTargets_.clear();
  // Folders not served yet are served now; the evaluation waits until every one is ready.
  for (const Row& r : rows_) {
    if (!r.include->isChecked()) continue;
    const auto t = r.picker->current();
    if (!t || t->kind != services::Target::Kind::Folder || (t->service && t->service->isUp())) continue;
    services::LocalService* s = registry_->serve(services::Source{t->folderKind, t->path, {}});
    starting_ << qMakePair(r.name, QPointer<services::LocalService>(s));
    startedForRun_ << s;
    connect(s, &services::LocalService::changed, this, &EvaluatePage::continueStart, Qt::UniqueConnection);
  }
  preparing_ = true;
  updateState();
  continueStart();
  return true;
}

void EvaluatePage::continueStart() {
  if (!preparing_) return;
  QStringList waiting;
  for (const auto& [name, s] : starting_) {
    if (!s) continue;
    if (s->state() == services::LocalService::State::Failed) {
      preparing_ = false;
      const QString who = name, folder = s->source().path, why = s->failure();
      setStatus([who, folder, why] { return tr("Target %1 (%2) could not be served: %3").arg(who, folder, why); }, true);
      for (const auto& st : startedForRun_)
        if (st) st->stop();
      updateState();
      return;
    }
    if (s->state() != services::LocalService::State::Ready) waiting << QStringLiteral("%1 (%2)").arg(name, s->source().label());
  }
  if (!waiting.isEmpty()) {
    setStatus([waiting] { return tr("Serving %1 before scoring …").arg(waiting.join(QStringLiteral(", "))); }, false);
    return;
  }
  starting_.clear();
  preflight(resolvedTargets());
}

// Every endpoint is asked for its models first, so a wrong address is reported with the target
// and the URL instead of as a bare "Connection refused" from the middle of a run.
void EvaluatePage::preflight(const QList<QPair<QString, QString>>& targets) {
  setStatus([] { return tr("Checking that every endpoint answers …"); }, false);
  auto left = std::make_shared<int>(static_cast<int>(targets.size()));
  auto problems = std::make_shared<QStringList>();
  const QString key = runKey();
  // URLs given as a GPU host sees them cannot be asked from here; ct eval --on checks them there.
  if (targets.isEmpty() || !host().isEmpty()) {
    launch(targets);
    return;
  }
  for (const auto& [name, url] : targets) {
    QNetworkRequest req(QUrl(url + QStringLiteral("/models")));
    req.setTransferTimeout(8000);
    if (!key.isEmpty()) req.setRawHeader("Authorization", "Bearer " + key.toUtf8());
    QNetworkReply* reply = net_->get(req);
    connect(reply, &QNetworkReply::finished, this, [this, reply, name, url, left, problems, targets] {
      reply->deleteLater();
      const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
      if (reply->error() != QNetworkReply::NoError || status != 200) {
        const QString why = status == 401 ? tr("the API key was refused (401)") : reply->errorString();
        problems->append(tr("Target %1 (%2) does not answer: %3. Start it on the Serve page, or check the address and key.").arg(name, url, why));
      }
      if (--*left > 0) return;
      if (!problems->isEmpty()) {
        preparing_ = false;
        const QStringList p = *problems;
        setStatus([p] { return p.join(QLatin1Char('\n')); }, true);
        for (const auto& s : startedForRun_)
          if (s) s->stop();
        updateState();
        return;
      }
      launch(targets);
    });
  }
}

void EvaluatePage::launch(const QList<QPair<QString, QString>>& targets) {
  preparing_ = false;
  runTargets_ = targets;
  const QStringList args = arguments();
  QStringList names;
  for (const auto& [name, url] : targets) names << QStringLiteral("%1=%2").arg(name, url);
  // The key reaches the child on its stdin, never on its command line (which ps shows everyone).
  QHash<QString, QString> secrets;
  if (const QString key = runKey(); !key.isEmpty()) secrets.insert(QStringLiteral("api-key"), key);
  job_ = manager_->startCt(QStringLiteral("eval"), args,
                           {{QStringLiteral("tasks"), selectedTasks().join(QLatin1Char(','))}, {QStringLiteral("command"), args.join(QLatin1Char(' '))},
                            {QStringLiteral("targets"), names.join(QLatin1Char(','))}},
                           secrets);
  runTargets_.clear();
  if (job_) {
    detail_->showJob(job_);
    right_->setCurrentIndex(0);
    setStatus([names] { return tr("Scoring %1 …").arg(names.join(QStringLiteral(", "))); }, false);
    connect(job_, &jobs::Job::finished, this, &EvaluatePage::finishRun);
    Q_EMIT jobStarted(job_);
  }
  updateState();
}

QString EvaluatePage::describeFailure(const jobs::JobRecord& r) const {
  // ct eval names the failing target as "NAME: message"; give its address and a way out too.
  QString msg = r.errorMessage.isEmpty() ? r.errorCode : r.errorMessage;
  const QStringList targets = r.params.value(QStringLiteral("targets")).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
  for (const QString& t : targets) {
    const QString name = t.section(QLatin1Char('='), 0, 0), url = t.section(QLatin1Char('='), 1);
    if (msg.startsWith(name + QStringLiteral(": ")) || targets.size() == 1)
      return tr("Target %1 (%2) failed: %3. Check that its service is still running (Serve page) and answers at that address.")
          .arg(name, url, msg.startsWith(name + QStringLiteral(": ")) ? msg.mid(name.size() + 2) : msg);
  }
  return tr("The evaluation failed: %1").arg(msg);
}

void EvaluatePage::finishRun() {
  if (!job_) return;
  const jobs::JobRecord r = job_->record();
  if (r.state == jobs::JobState::Succeeded) {
    showResult(r.result);
    setStatus([] { return tr("Finished: the scores are under Results on the right."); }, false);
  } else if (r.state == jobs::JobState::Cancelled) {
    setStatus([] { return tr("Evaluation cancelled."); }, false);
  } else {
    const QString text = describeFailure(r);
    setStatus([text] { return text; }, true);
  }
  if (stopAfter_->isChecked())
    for (const auto& s : startedForRun_)
      if (s) s->stop();
  startedForRun_.clear();
  updateState();
}

bool EvaluatePage::showResult(const QJsonObject& result) {
  QList<QPair<QString, QMap<QString, Bar>>> perTarget;
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
  shownResult_ = result;
  QStringList categories;
  for (const auto& [name, scores] : perTarget)
    for (auto it = scores.begin(); it != scores.end(); ++it)
      if (!categories.contains(it.key())) categories << it.key();
  auto* series = new QBarSeries;
  for (const auto& [name, scores] : perTarget) {
    auto* set = new QBarSet(name);
    set->setLabelColor(palette().color(QPalette::WindowText));  // values above the bars, readable
    for (const QString& c : categories) *set << scores.value(c).value;
    series->append(set);
  }
  series->setLabelsVisible(true);
  series->setLabelsFormat(QStringLiteral("@value"));
  series->setLabelsPrecision(3);
  series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
  // Tooltips carry what bars cannot: ± stderr and the number of items.
  connect(series, &QBarSeries::hovered, this, [perTarget, categories](bool on, int index, QBarSet* set) {
    if (!on) return QToolTip::hideText();
    for (const auto& [name, scores] : perTarget) {
      if (name != set->label() || index >= categories.size()) continue;
      const Bar b = scores.value(categories[index]);
      QString text = QStringLiteral("%1 · %2\n%3").arg(categories[index], name, uiLocale().toString(b.value, 'f', 1) + QLatin1Char('%'));
      if (b.stderr_ >= 0) text += QStringLiteral(" ± ") + uiLocale().toString(b.stderr_, 'f', 1);
      if (b.n > 0) text += QStringLiteral("\n") + tr("%n item(s)", nullptr, b.n);
      QToolTip::showText(QCursor::pos(), text);
    }
  });
  auto* chart = new QChart;
  chart->addSeries(series);
  chart->setTitle(tr("Headline score per task and target"));
  auto* x = new QBarCategoryAxis;
  x->append(categories);
  x->setTitleText(tr("Task"));
  auto* y = new QValueAxis;
  y->setRange(0, 100);
  y->setLabelFormat(QStringLiteral("%d"));
  y->setTitleText(tr("Score, %"));
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(x);
  series->attachAxis(y);
  chart->legend()->setAlignment(Qt::AlignBottom);
  QChart* old = chart_->chart();
  chart_->setChart(chart);
  delete old;
  table_->setHtml(evalResultHtml(result));
  right_->setCurrentIndex(1);
  return true;
}

void EvaluatePage::refreshHistory() {
  if (!manager_) return;
  history_->clear();
  for (const jobs::JobRecord& r : manager_->history()) {
    if (r.kind != QLatin1String("eval") || r.state != jobs::JobState::Succeeded) continue;
    const QString targets = r.params.value(QStringLiteral("targets")).toString();
    auto* item = new QListWidgetItem(QStringLiteral("%1  %2%3").arg(r.started.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm")),
                                                                    r.params.value(QStringLiteral("tasks")).toString(),
                                                                    targets.isEmpty() ? QString() : QStringLiteral("  ·  ") + targets),
                                     history_);
    item->setData(Qt::UserRole, r.result);
    item->setToolTip(r.id);
  }
}

QString EvaluatePage::host() const { return framework_->currentIndex() != 0 ? runOn_->currentData().toString() : QString(); }

void EvaluatePage::refreshHosts() {
  fillHostChoices(runOn_);
}

void EvaluatePage::showEvent(QShowEvent* event) {
  refreshHosts();
  updateState();
  QWidget::showEvent(event);
}

void EvaluatePage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void EvaluatePage::retranslate() {
  const QString labels[] = {tr("Framework"), tr("Tasks"), tr("Baseline (origin)"), tr("Quantized"), tr("FPGA"), tr("API key"), tr("Data folder"),
                            tr("Items per task (0 = all)"), tr("Few-shot (-1 = task default)"), tr("Requests in flight"), tr("Chat API for generation"),
                            tr("Afterwards")};
  for (int i = 0; i < 12; ++i) labels_[i]->setText(labels[i]);
  labels_[12]->setText(tr("Run on"));
  servedLabel_->setText(tr("Served model name"));
  served_->setPlaceholderText(tr("as the endpoint's /v1/models lists it"));
  retranslateHostChoices(runOn_);
  framework_->setItemText(0, tr("built-in evaluator"));
  framework_->setItemText(1, tr("lm-evaluation-harness (lm_eval)"));
  framework_->setItemText(2, tr("EvalPlus"));
  for (const Row& r : rows_) r.include->setToolTip(tr("Score this target"));
  stopAfter_->setText(tr("stop the services it started"));
  dataDir_->setPlaceholderText(tr("bundled samples"));
  apiKey_->setPlaceholderText(tr("the targets' own, or none"));
  fewshot_->setSpecialValueText(tr("task default"));
  limit_->setSpecialValueText(tr("all"));
  right_->setTabText(0, tr("Run"));
  right_->setTabText(1, tr("Results"));
  right_->setTabText(2, tr("Past evaluations"));
  if (!shownResult_.isEmpty()) table_->setHtml(evalResultHtml(shownResult_));
  else table_->setHtml(QStringLiteral("<p style='color:#777'>%1</p>").arg(tr("The scores of a finished evaluation appear here, and past ones under Past evaluations.").toHtmlEscaped()));
  start_->setText(tr("Evaluate"));
  if (status_fn_) status_->setText(status_fn_());
  if (!shownResult_.isEmpty()) showResult(shownResult_);
  updateState();
}

}  // namespace ct::ui
