#include "pipeline/pipeline_page.h"

#include "auth/authorize.h"
#include "widgets/role_gate.h"

#include <QDateTime>
#include <QMap>
#include <algorithm>
#include <QDesktopServices>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScrollArea>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

#include "charts/chart_specs.h"
#include "charts/metric_chart.h"
#include "gpus/ct_query.h"
#include "i18n/format.h"
#include "jobs/event.h"
#include "jobs/job.h"
#include "jobs/job_manager.h"
#include "log/log_file_tail.h"
#include "log/log_view.h"
#include "pipeline/recipe_form.h"
#include "pipeline/service_runs.h"
#include "pipeline/stage_graph.h"
#include "service/ab_chat.h"
#include "util/paths.h"

namespace ct::ui {
namespace {

enum Tab { RecipeTab, RunTab, ReportTab, RunsTab };

// QTextBrowser draws no SVG inside HTML: the report's inline charts are replaced by a line that
// points to the chart drawn under it (and to the browser, which shows the file as written).
QString withoutSvg(QString html, const QString& note) {
  static const QRegularExpression svg(QStringLiteral("<svg\\b.*?</svg>"), QRegularExpression::DotMatchesEverythingOption | QRegularExpression::CaseInsensitiveOption);
  return html.replace(svg, QStringLiteral("<p><i>%1</i></p>").arg(note.toHtmlEscaped()));
}

// A quantize stage's per-layer error (GPTQ and round-to-nearest, in %), from its result's modules.
QHash<QString, QList<QPointF>> layerErrors(const QJsonObject& result, const QString& prefix) {
  QMap<int, QPair<double, int>> gptq, rtn;
  for (const QJsonValue m : result.value(QStringLiteral("modules")).toArray()) {
    const int layer = m[QStringLiteral("layer")].toInt();
    gptq[layer].first += m[QStringLiteral("err")].toDouble() * 100;
    gptq[layer].second += 1;
    rtn[layer].first += m[QStringLiteral("err_rtn")].toDouble() * 100;
    rtn[layer].second += 1;
  }
  QHash<QString, QList<QPointF>> out;
  for (auto it = gptq.begin(); it != gptq.end(); ++it) out[prefix + QStringLiteral("gptq")].append(QPointF(it.key(), it->first / it->second));
  for (auto it = rtn.begin(); it != rtn.end(); ++it) out[prefix + QStringLiteral("rtn")].append(QPointF(it.key(), it->first / it->second));
  return out;
}

}  // namespace

PipelinePage::PipelinePage(jobs::JobManager* manager, services::ServiceRegistry* registry, QWidget* parent)
    : QWidget(parent),
      manager_(manager),
      registry_(registry),
      query_(new CtQuery(this)),
      form_(new RecipeForm(this)),
      defaults_(new QPushButton(this)),
      load_(new QPushButton(this)),
      save_(new QPushButton(this)),
      validate_(new QPushButton(this)),
      start_(new QPushButton(this)),
      cancel_(new QPushButton(this)),
      resume_(new QPushButton(this)),
      abChat_(new QPushButton(this)),
      status_(new QLabel(this)),
      problems_(new QListWidget(this)),
      tabs_(new QTabWidget(this)),
      graph_(new StageGraph(this)),
      stageTitle_(new QLabel(this)),
      stageTabs_(new QTabWidget(this)),
      stageLog_(new LogView(this)),
      stageChart_(new MetricChart(this)),
      report_(new QTextBrowser(this)),
      errorChart_(new MetricChart(this)),
      openBrowser_(new QPushButton(this)),
      reportAb_(new QPushButton(this)),
      runs_(new QTreeWidget(this)),
      runShow_(new QPushButton(this)),
      runResume_(new QPushButton(this)),
      runStop_(new QPushButton(this)),
      runRefresh_(new QPushButton(this)) {
  defaults_->setObjectName(QStringLiteral("pipelineDefaults"));
  load_->setObjectName(QStringLiteral("pipelineLoad"));
  save_->setObjectName(QStringLiteral("pipelineSave"));
  validate_->setObjectName(QStringLiteral("pipelineValidate"));
  start_->setObjectName(QStringLiteral("pipelineStart"));
  cancel_->setObjectName(QStringLiteral("pipelineCancel"));
  resume_->setObjectName(QStringLiteral("pipelineResume"));
  RoleGate::guard(start_, auth::Action::RunStage);
  RoleGate::guard(resume_, auth::Action::RunStage);
  RoleGate::guard(runResume_, auth::Action::RunStage);
  RoleGate::guard(cancel_, auth::Action::CancelJob);
  RoleGate::guard(runStop_, auth::Action::Serve);
  abChat_->setObjectName(QStringLiteral("pipelineAbChat"));
  status_->setObjectName(QStringLiteral("pipelineStatus"));
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  problems_->setObjectName(QStringLiteral("pipelineProblems"));
  problems_->setMaximumHeight(120);
  problems_->hide();
  report_->setObjectName(QStringLiteral("pipelineReport"));
  report_->setOpenExternalLinks(true);
  openBrowser_->setObjectName(QStringLiteral("pipelineOpenBrowser"));
  reportAb_->setObjectName(QStringLiteral("pipelineReportAbChat"));
  runs_->setObjectName(QStringLiteral("pipelineRuns"));
  runs_->setRootIsDecorated(false);
  runs_->setColumnCount(5);
  runs_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  stageLog_->setObjectName(QStringLiteral("pipelineStageLog"));
  stageChart_->setObjectName(QStringLiteral("pipelineStageChart"));
  errorChart_->setObjectName(QStringLiteral("pipelineErrorChart"));
  errorChart_->setMinimumHeight(280);
  stageTitle_->setObjectName(QStringLiteral("pipelineStageTitle"));

  auto* buttons = new QHBoxLayout;
  for (QPushButton* b : {validate_, start_, cancel_, resume_, abChat_}) buttons->addWidget(b);
  buttons->addStretch(1);

  // Recipe: the form, scrolled; the problems of the last validation above it.
  auto* recipeTab = new QWidget(this);
  auto* rl = new QVBoxLayout(recipeTab);
  rl->setContentsMargins(0, 0, 0, 0);
  auto* scroll = new QScrollArea(recipeTab);
  scroll->setWidget(form_);
  scroll->setWidgetResizable(true);
  auto* recipeButtons = new QHBoxLayout;
  for (QPushButton* b : {defaults_, load_, save_}) recipeButtons->addWidget(b);
  recipeButtons->addStretch(1);
  rl->addLayout(recipeButtons);
  rl->addWidget(problems_);
  rl->addWidget(scroll, 1);

  // Run: the stage graph over the chosen stage's log and chart.
  auto* runTab = new QSplitter(Qt::Vertical, this);
  runTab->addWidget(graph_);
  auto* detail = new QWidget(runTab);
  auto* dl = new QVBoxLayout(detail);
  dl->setContentsMargins(0, 0, 0, 0);
  dl->addWidget(stageTitle_);
  stageTabs_->addTab(stageLog_, QString());
  stageTabs_->addTab(stageChart_, QString());
  dl->addWidget(stageTabs_, 1);
  runTab->addWidget(detail);
  runTab->setSizes({300, 300});

  auto* reportTab = new QWidget(this);
  auto* pl = new QVBoxLayout(reportTab);
  pl->setContentsMargins(0, 0, 0, 0);
  auto* reportButtons = new QHBoxLayout;
  reportButtons->addWidget(openBrowser_);
  reportButtons->addWidget(reportAb_);
  reportButtons->addStretch(1);
  pl->addLayout(reportButtons);
  auto* reportSplit = new QSplitter(Qt::Vertical, reportTab);
  reportSplit->addWidget(report_);
  reportSplit->addWidget(errorChart_);
  reportSplit->setStretchFactor(0, 3);
  reportSplit->setStretchFactor(1, 2);
  pl->addWidget(reportSplit, 1);

  auto* runsTab = new QWidget(this);
  auto* hl = new QVBoxLayout(runsTab);
  hl->setContentsMargins(0, 0, 0, 0);
  auto* runButtons = new QHBoxLayout;
  for (QPushButton* b : {runShow_, runResume_, runStop_, runRefresh_}) runButtons->addWidget(b);
  runButtons->addStretch(1);
  hl->addLayout(runButtons);
  hl->addWidget(runs_, 1);

  tabs_->setObjectName(QStringLiteral("pipelineTabs"));
  tabs_->addTab(recipeTab, QString());
  tabs_->addTab(runTab, QString());
  tabs_->addTab(reportTab, QString());
  tabs_->addTab(runsTab, QString());

  auto* l = new QVBoxLayout(this);
  l->addLayout(buttons);
  l->addWidget(status_);
  l->addWidget(tabs_, 1);

  connect(defaults_, &QPushButton::clicked, this, &PipelinePage::fillDefaults);
  connect(validate_, &QPushButton::clicked, this, &PipelinePage::validate);
  connect(start_, &QPushButton::clicked, this, [this] { start(); });
  connect(cancel_, &QPushButton::clicked, this, &PipelinePage::cancel);
  connect(resume_, &QPushButton::clicked, this, [this] { resume(); });
  connect(abChat_, &QPushButton::clicked, this, &PipelinePage::openAbChat);
  connect(reportAb_, &QPushButton::clicked, this, &PipelinePage::openAbChat);
  connect(load_, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Load recipe"), recipePath_, tr("Recipes (*.json)"));
    QString error;
    if (!f.isEmpty() && !loadRecipeFile(f, &error)) setStatus(error);
  });
  connect(save_, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getSaveFileName(this, tr("Save recipe"), recipePath_, tr("Recipes (*.json)"));
    QString error;
    if (!f.isEmpty() && !saveRecipeFile(f, &error)) setStatus(error);
  });
  connect(openBrowser_, &QPushButton::clicked, this, [this] {
    if (state_) QDesktopServices::openUrl(QUrl::fromLocalFile(state_->reportHtml()));
  });
  connect(problems_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
    tabs_->setCurrentIndex(RecipeTab);
    form_->focusField(item->data(Qt::UserRole).toString());
  });
  connect(graph_, &StageGraph::stageSelected, this, &PipelinePage::showStage);
  connect(form_, &RecipeForm::edited, this, &PipelinePage::updateButtons);
  auto selectedRun = [this] { return runs_->currentItem() ? runs_->currentItem()->data(0, Qt::UserRole).toString() : QString(); };
  connect(runShow_, &QPushButton::clicked, this, [this, selectedRun] {
    if (!selectedRun().isEmpty()) showRun(selectedRun());
  });
  connect(runs_, &QTreeWidget::itemActivated, this, [this, selectedRun] { showRun(selectedRun()); });
  connect(runResume_, &QPushButton::clicked, this, [this, selectedRun] {
    if (!selectedRun().isEmpty()) resume(selectedRun());
  });
  connect(runStop_, &QPushButton::clicked, this, [this, selectedRun] {
    if (!selectedRun().isEmpty()) stopServices(selectedRun());
  });
  connect(runRefresh_, &QPushButton::clicked, this, &PipelinePage::refreshRuns);
  connect(runs_, &QTreeWidget::currentItemChanged, this, &PipelinePage::updateButtons);
  poll_.setInterval(500);
  connect(&poll_, &QTimer::timeout, this, &PipelinePage::poll);
  retranslate();
  setStatus(std::function<QString()>([] { return tr("Fill in a recipe (or fill its defaults from a model), validate it, then start."); }));
  updateButtons();
}

PipelinePage::~PipelinePage() = default;

void PipelinePage::setStatus(const QString& text) {
  statusText_ = nullptr;
  status_->setText(text);
}

void PipelinePage::setStatus(std::function<QString()> text) {
  statusText_ = std::move(text);
  status_->setText(statusText_());
}

QString PipelinePage::statusText() const { return status_->text(); }

QStringList PipelinePage::problems() const { return problemLines_; }

bool PipelinePage::busy() const { return query_->isRunning(); }

void PipelinePage::setRecipe(const QJsonObject& recipe) {
  form_->setRecipe(recipe);
  problemLines_.clear();
  problems_->clear();
  problems_->hide();
  updateButtons();
}

QJsonObject PipelinePage::recipe() const { return form_->recipe(); }

bool PipelinePage::loadRecipeFile(const QString& path, QString* error) {
  QFile f(path);
  QJsonParseError pe{};
  const QByteArray bytes = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
  if (!f.isOpen() || !doc.isObject()) {
    if (error) *error = !f.isOpen() ? tr("Cannot read %1: %2").arg(path, f.errorString()) : tr("%1 is not a recipe (a JSON object): %2").arg(path, pe.errorString());
    return false;
  }
  setRecipe(doc.object());
  recipePath_ = QFileInfo(path).absoluteFilePath();
  setStatus(tr("Loaded %1.").arg(recipePath_));
  tabs_->setCurrentIndex(RecipeTab);
  return true;
}

bool PipelinePage::saveRecipeFile(const QString& path, QString* error) {
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(recipe()).toJson()) < 0 || !f.commit()) {
    if (error) *error = tr("Cannot write %1: %2").arg(path, f.errorString());
    return false;
  }
  recipePath_ = QFileInfo(path).absoluteFilePath();
  setStatus(tr("Saved %1.").arg(recipePath_));
  return true;
}

QString PipelinePage::recipeTempFile(const QString& stem) {
  const QString dir = QDir(paths::dataDir()).filePath(QStringLiteral("pipelines/recipes"));
  QDir().mkpath(dir);
  return QDir(dir).filePath(stem + QStringLiteral(".recipe.json"));
}

void PipelinePage::loadDemoRecipe() {
  const QString file = recipeTempFile(QStringLiteral("demo"));
  setStatus(tr("Writing the demo recipe…"));
  query_->run({QStringLiteral("demo"), QStringLiteral("--recipe"), file}, [this, file](const CtQuery::Reply& r) {
    QString error;
    if (!r.ok || !loadRecipeFile(file, &error)) {
      setStatus(tr("The demo recipe could not be written: %1").arg(r.ok ? error : r.error));
      return;
    }
    setStatus(tr("The demo recipe: the embedded demo model quantized, compiled for the emulated board, served and scored. Validate, then Start."));
    updateButtons();
  });
  updateButtons();
}

void PipelinePage::fillDefaults() {
  const QString model = form_->modelPath();
  if (model.isEmpty()) {
    setStatus(tr("Choose the model folder first; its config.json gives the defaults."));
    return;
  }
  const QString file = recipeTempFile(QStringLiteral("init"));
  QStringList args{QStringLiteral("pipeline"), QStringLiteral("init"), model, QStringLiteral("--targets"), form_->targets().isEmpty() ? QStringLiteral("both") : form_->targets(),
                   QStringLiteral("--out"), file, QStringLiteral("--force")};
  const QJsonObject current = recipe();
  if (const QString host = current.value(QStringLiteral("model")).toObject().value(QStringLiteral("host")).toString(); !host.isEmpty()) args << QStringLiteral("--host") << host;
  if (const QString gpu = current.value(QStringLiteral("deploy")).toObject().value(QStringLiteral("host")).toString(); !gpu.isEmpty()) args << QStringLiteral("--gpu-host") << gpu;
  if (const QString name = current.value(QStringLiteral("name")).toString(); !name.isEmpty()) args << QStringLiteral("--name") << name;
  setStatus(tr("Reading %1 for its defaults…").arg(model));
  query_->run(args, [this, file](const CtQuery::Reply& r) {
    QString error;
    if (!r.ok) {
      setStatus(tr("No defaults: %1").arg(r.error));
    } else if (!loadRecipeFile(file, &error)) {
      setStatus(error);
    } else {
      recipePath_.clear();
      setStatus(tr("Every field is filled from the model and the targets; each section says why. Validate, then Start."));
    }
    updateButtons();
  });
  updateButtons();
}

void PipelinePage::validate() {
  QString error;
  const QString file = recipeTempFile(QStringLiteral("validate"));
  if (!saveRecipeFile(file, &error)) {
    setStatus(error);
    return;
  }
  setStatus(tr("Validating: the model, each stage's plan, the task data, the hosts…"));
  problems_->clear();
  problemLines_.clear();
  query_->run({QStringLiteral("pipeline"), QStringLiteral("validate"), file}, [this](const CtQuery::Reply& r) {
    const QJsonObject o = QJsonDocument::fromJson(r.out.trimmed().split('\n').last()).object();
    if (!o.contains(QStringLiteral("ok"))) {
      setStatus(tr("Validation did not run: %1").arg(r.error));
      updateButtons();
      return;
    }
    int errors = 0;
    for (const QJsonValue p : o.value(QStringLiteral("problems")).toArray()) {
      const bool warning = p[QStringLiteral("warning")].toBool();
      errors += warning ? 0 : 1;
      const QString field = p[QStringLiteral("field")].toString();
      const QString line = QStringLiteral("%1: %2").arg(field, p[QStringLiteral("message")].toString());
      problemLines_ << line;
      auto* item = new QListWidgetItem((warning ? tr("Warning") : tr("Problem")) + QStringLiteral(" · ") + line, problems_);
      item->setData(Qt::UserRole, field);
      item->setForeground(warning ? QColor(0xb2, 0x6a, 0x00) : QColor(0xc6, 0x28, 0x28));
    }
    problems_->setVisible(problems_->count() > 0);
    tabs_->setCurrentIndex(RecipeTab);
    if (o.value(QStringLiteral("ok")).toBool())
      setStatus(problemLines_.isEmpty() ? tr("Ready to run: nothing to change.") : tr("Ready to run, with %n warning(s) listed above.", nullptr, static_cast<int>(problemLines_.size())));
    else
      setStatus(tr("%n problem(s) to fix, listed above with the field to change; nothing was started.", nullptr, errors));
    updateButtons();
  });
  updateButtons();
}

jobs::Job* PipelinePage::start() {
  if (job_ && !job_->isFinished()) return nullptr;
  QString error;
  const QString stem = recipe().value(QStringLiteral("name")).toString();
  const QString file = recipeTempFile((stem.isEmpty() ? QStringLiteral("recipe") : stem) + QStringLiteral("-") + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
  if (!saveRecipeFile(file, &error)) {
    setStatus(error);
    return nullptr;
  }
  jobs::Job* job = manager_->startCt(QStringLiteral("pipeline"), {QStringLiteral("pipeline"), QStringLiteral("run"), file}, QJsonObject{{QStringLiteral("recipe"), file}});
  stageLines_.clear();
  stagePoints_.clear();
  watch(job, job->id());
  return job;
}

jobs::Job* PipelinePage::resume(const QString& run) {
  const QString id = run.isEmpty() ? runId_ : run;
  if (id.isEmpty() || (job_ && !job_->isFinished())) return nullptr;
  jobs::Job* job = manager_->startCt(QStringLiteral("pipeline"), {QStringLiteral("pipeline"), QStringLiteral("resume"), id}, QJsonObject{{QStringLiteral("resume"), id}});
  stageLines_.clear();
  stagePoints_.clear();
  watch(job, id);
  return job;
}

bool PipelinePage::cancel() {
  if (job_ && !job_->isFinished()) {
    QString refusal;
    if (!manager_->cancel(job_, &refusal)) {
      setStatus(refusal);
      return false;
    }
    setStatus(tr("Cancelling: every running stage is stopped…"));
    return true;
  }
  // A run started elsewhere (ct pipeline run in a terminal): its runner is told the same way.
  if (state_ && state_->runnerAlive()) {
    manager_->startCt(QStringLiteral("pipeline"), {QStringLiteral("pipeline"), QStringLiteral("cancel"), state_->id});
    poll_.start();
    return true;
  }
  return false;
}

jobs::Job* PipelinePage::stopServices(const QString& run) {
  const QString id = run.isEmpty() ? runId_ : run;
  if (id.isEmpty()) return nullptr;
  jobs::Job* job = manager_->startCt(QStringLiteral("pipeline"), {QStringLiteral("pipeline"), QStringLiteral("stop"), id}, QJsonObject{{QStringLiteral("stop"), id}});
  connect(job, &jobs::Job::finished, this, [this, job, id] {
    setStatus(job->record().state == jobs::JobState::Succeeded ? tr("The services of run %1 are stopped.").arg(id) : tr("Stopping the services of run %1 failed: %2").arg(id, job->record().errorMessage));
    refreshRuns();
    if (id == runId_) poll();
  });
  return job;
}

void PipelinePage::watch(jobs::Job* job, const QString& run) {
  if (job_) disconnect(job_, nullptr, this, nullptr);
  job_ = job;
  runId_ = run;
  state_.reset();
  graph_->clearRun();
  stageLog_->clear();
  stageChart_->clear();
  shownStage_.clear();
  report_->clear();
  errorChart_->clear();
  connect(job, &jobs::Job::stageEvent, this, &PipelinePage::onStageEvent);
  connect(job, &jobs::Job::changed, this, &PipelinePage::poll);
  connect(job, &jobs::Job::finished, this, [this] {
    poll();
    poll_.stop();
    refreshRuns();
    if (state_ && state_->state == QLatin1String("succeeded")) {
      showReport();
      tabs_->setCurrentIndex(ReportTab);
    }
  });
  tabs_->setCurrentIndex(RunTab);
  setStatus(tr("Run %1 starting…").arg(run));
  poll_.start();
  updateButtons();
}

void PipelinePage::onStageEvent(const jobs::Event& e) {
  if (e.type == jobs::Event::Type::Log) {
    jobs::LogLine line{0, e.runStage, e.level, e.timeMs, e.message};
    stageLines_[e.runStage].append(line);
    if (e.runStage == shownStage_) stageLog_->append({line});
  } else if (e.type == jobs::Event::Type::Metric) {
    stagePoints_[e.runStage][e.series].append(QPointF(e.x, e.y));
    if (e.runStage == shownStage_) stageChart_->addPoint(e.series, e.x, e.y);
  }
}

void PipelinePage::poll() {
  if (runId_.isEmpty()) return;
  QString error;
  auto s = pipeline::RunStore().load(runId_, &error);
  if (!s) {
    if (job_ && job_->isFinished())
      setStatus(job_->record().errorMessage.isEmpty() ? tr("Run %1 did not start: %2").arg(runId_, error) : job_->record().errorMessage);
    updateButtons();
    return;
  }
  state_ = s;
  graph_->setRun(*s);
  updateStageTitle();
  if (graph_->selectedStage().isEmpty()) {
    for (const auto& st : s->stages)
      if (st.state == QLatin1String("running")) {
        graph_->selectStage(st.name);
        break;
      }
  }
  int done = 0;
  for (const auto& st : s->stages) done += st.state == QLatin1String("succeeded") || st.state == QLatin1String("kept") || st.state == QLatin1String("skipped") ? 1 : 0;
  const bool live = (job_ && !job_->isFinished()) || s->runnerAlive();
  QString text = tr("Run %1: %2 — %3 of %4 stages done").arg(s->id, live ? StageGraph::stateName(QStringLiteral("running")) : StageGraph::stateName(s->state)).arg(done).arg(s->stages.size());
  if (!s->error.isEmpty()) text += QStringLiteral("\n") + s->error;
  else if (!live && job_ && job_->record().state == jobs::JobState::Failed && !job_->record().errorMessage.isEmpty()) text += QStringLiteral("\n") + job_->record().errorMessage;
  if (!live && s->state != QLatin1String("succeeded")) text += QStringLiteral("\n") + tr("Resume reruns it from the stage that did not finish; finished stages are kept when their inputs and outputs are unchanged.");
  for (const auto& svc : s->services) text += QStringLiteral("\n") + tr("Service %1 is up: %2 (model %3)").arg(svc.label, svc.url, svc.model);
  setStatus(text);
  if (!live) poll_.stop();
  updateButtons();
}

void PipelinePage::showStage(const QString& stage) {
  shownStage_ = stage;
  stageLog_->clear();
  stageChart_->clear();
  if (!state_) return;
  const pipeline::StageRecord* s = state_->stage(stage);
  if (!s) return;
  updateStageTitle();
  // What this page saw of the stage live; otherwise its job's log file (or, for the steps the
  // runner does itself, the runner's lines about it).
  if (stageLines_.contains(stage)) {
    stageLog_->append(stageLines_.value(stage));
  } else if (!s->job.isEmpty()) {
    stageLog_->append(tailOfLogFile(QDir(paths::jobLogDir()).filePath(s->job + QStringLiteral(".log")), s->job, 5000));
  } else {
    QList<jobs::LogLine> mine;
    for (const jobs::LogLine& l : tailOfLogFile(QDir(paths::jobLogDir()).filePath(state_->id + QStringLiteral(".log")), state_->id, 5000))
      if (l.message.contains(stage)) mine.append(l);
    stageLog_->append(mine);
  }
  stageChart_->setSpec(chartSpecFor(s->kind == QLatin1String("evaluate") ? QStringLiteral("demo") : s->kind));
  QHash<QString, QList<QPointF>> points = stagePoints_.value(stage);
  if (points.isEmpty() && s->kind == QLatin1String("quantize")) points = layerErrors(s->result, QString());
  stageChart_->setSeries(points);
  stageTabs_->setTabEnabled(1, !points.isEmpty() || s->state == QLatin1String("running"));
}

void PipelinePage::updateStageTitle() {
  const pipeline::StageRecord* s = state_ && !shownStage_.isEmpty() ? state_->stage(shownStage_) : nullptr;
  if (!s) {
    stageTitle_->setText(tr("Click a stage for its log and chart."));
    return;
  }
  QString title = tr("%1 · %2").arg(s->name, StageGraph::stateName(s->state));
  if (!s->job.isEmpty()) title += tr(" · job %1").arg(s->job);
  if (!s->error.isEmpty()) title += QStringLiteral("\n") + s->error;
  if (!s->note.isEmpty()) title += QStringLiteral("\n") + s->note;
  stageTitle_->setText(title);
}

void PipelinePage::showReport() {
  if (!state_) return;
  QFile f(state_->reportHtml());
  if (!f.open(QIODevice::ReadOnly)) {
    report_->setHtml(QStringLiteral("<p>%1</p>").arg(tr("Run %1 has no report yet; it is written when the run finishes.").arg(state_->id).toHtmlEscaped()));
    errorChart_->clear();
    return;
  }
  report_->setHtml(withoutSvg(QString::fromUtf8(f.readAll()), tr("(Chart: shown below in the app; Open in browser shows the report as written.)")));
  // The per-layer error chart of every variant (GPTQ against round-to-nearest), from report.json.
  QFile j(state_->reportJson());
  QHash<QString, QList<QPointF>> series;
  if (j.open(QIODevice::ReadOnly)) {
    const QJsonObject q = QJsonDocument::fromJson(j.readAll()).object().value(QStringLiteral("quantization")).toObject();
    for (auto it = q.begin(); it != q.end(); ++it) {
      const auto one = layerErrors(it.value().toObject(), it.key() + QStringLiteral(" "));
      for (auto s = one.begin(); s != one.end(); ++s) series.insert(s.key(), s.value());
    }
  }
  errorChart_->setSpec(chartSpecFor(QStringLiteral("quantize")));
  errorChart_->setSeries(series);
  errorChart_->setVisible(!series.isEmpty());
}

void PipelinePage::showRun(const QString& run) {
  if (job_ && !job_->isFinished() && run != runId_) {
    setStatus(tr("Run %1 is still being followed; cancel it or wait for its end first.").arg(runId_));
    return;
  }
  if (job_ && job_->isFinished()) {
    disconnect(job_, nullptr, this, nullptr);
    job_ = nullptr;
  }
  if (run != runId_) {
    stageLines_.clear();
    stagePoints_.clear();
    graph_->clearRun();
  }
  runId_ = run;
  poll();
  if (state_ && state_->runnerAlive()) poll_.start();
  showReport();
  tabs_->setCurrentIndex(state_ && QFile::exists(state_->reportHtml()) ? ReportTab : RunTab);
}

AbChatDialog* PipelinePage::openAbChat() {
  if (!abDialog_) {
    abDialog_ = new AbChatDialog(registry_, this);
    abDialog_->setAttribute(Qt::WA_DeleteOnClose);
  }
  // Origin on the left, the quantized model or the board on the right, when the run left them up.
  if (state_ && !state_->services.isEmpty()) {
    QList<pipeline::ServiceRecord> svcs = state_->services;
    std::stable_sort(svcs.begin(), svcs.end(), [](const auto& a, const auto& b) { return a.label == QLatin1String("origin") && b.label != QLatin1String("origin"); });
    for (int side = 0; side < 2 && side < svcs.size(); ++side) {
      const int pick = side == 1 && svcs.size() > 2 ? static_cast<int>(svcs.size()) - 1 : side;  // the board comes last
      QString why;
      abDialog_->setSide(side, svcs[pick].url, pipeline::serviceKey(svcs[pick], &why), svcs[pick].model, svcs[pick].label);
    }
  }
  abDialog_->show();
  abDialog_->raise();
  return abDialog_;
}

void PipelinePage::refreshRuns() {
  const QString keep = runs_->currentItem() ? runs_->currentItem()->data(0, Qt::UserRole).toString() : QString();
  runs_->clear();
  for (const pipeline::RunState& s : pipeline::RunStore().list()) {
    QString state = s.state;
    if (state == QLatin1String("running") && !s.runnerAlive()) state = QStringLiteral("cancelled");
    auto* item = new QTreeWidgetItem(runs_, {s.id, s.recipe.value(QStringLiteral("name")).toString(), StageGraph::stateName(state),
                                             QDateTime::fromMSecsSinceEpoch(s.createdMs).toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                             s.services.isEmpty() ? QString() : tr("%n up", nullptr, static_cast<int>(s.services.size()))});
    item->setData(0, Qt::UserRole, s.id);
    item->setForeground(2, StageGraph::stateColour(state));
    if (s.id == keep) runs_->setCurrentItem(item);
  }
  updateButtons();
}

void PipelinePage::updateButtons() {
  const bool running = job_ && !job_->isFinished();
  const bool querying = query_->isRunning();
  defaults_->setEnabled(!running && !querying);
  validate_->setEnabled(!running && !querying);
  start_->setEnabled(!running && !querying && !form_->modelPath().isEmpty());
  load_->setEnabled(!running);
  cancel_->setEnabled(running || (state_ && state_->runnerAlive()));
  const bool resumable = state_ && !running && !state_->runnerAlive() && state_->state != QLatin1String("succeeded");
  resume_->setEnabled(resumable);
  abChat_->setEnabled(true);
  openBrowser_->setEnabled(state_ && QFile::exists(state_->reportHtml()));
  const bool picked = runs_->currentItem() != nullptr;
  runShow_->setEnabled(picked);
  runResume_->setEnabled(picked && !running);
  runStop_->setEnabled(picked);
}

void PipelinePage::showEvent(QShowEvent* event) {
  refreshRuns();
  QWidget::showEvent(event);
}

void PipelinePage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void PipelinePage::retranslate() {
  defaults_->setText(tr("Fill defaults from the model"));
  defaults_->setToolTip(tr("ct pipeline init: every field from the model's config.json and the targets, each section explained"));
  load_->setText(tr("Load…"));
  save_->setText(tr("Save…"));
  validate_->setText(tr("Validate"));
  validate_->setToolTip(tr("Check everything before anything runs: the model, each stage's plan, task data, hosts, ports"));
  start_->setText(tr("Start"));
  cancel_->setText(tr("Cancel"));
  resume_->setText(tr("Resume"));
  resume_->setToolTip(tr("Rerun from the stage that failed or was cancelled"));
  abChat_->setText(tr("A/B chat"));
  abChat_->setToolTip(tr("One prompt to two endpoints side by side"));
  tabs_->setTabText(RecipeTab, tr("Recipe"));
  tabs_->setTabText(RunTab, tr("Stages"));
  tabs_->setTabText(ReportTab, tr("Report"));
  tabs_->setTabText(RunsTab, tr("Runs"));
  stageTabs_->setTabText(0, tr("Log"));
  stageTabs_->setTabText(1, tr("Chart"));
  updateStageTitle();
  openBrowser_->setText(tr("Open in browser"));
  reportAb_->setText(tr("A/B chat with the run's endpoints"));
  runs_->setHeaderLabels({tr("Run"), tr("Recipe"), tr("State"), tr("Started"), tr("Services")});
  runShow_->setText(tr("Show"));
  runResume_->setText(tr("Resume"));
  runStop_->setText(tr("Stop services"));
  runRefresh_->setText(tr("Refresh"));
  if (state_) poll();
  else if (statusText_) status_->setText(statusText_());
}

}  // namespace ct::ui
