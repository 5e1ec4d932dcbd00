#include "jobs/job_detail.h"

#include <QDateTime>
#include <QEvent>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include "charts/chart_specs.h"
#include "charts/metric_chart.h"
#include "i18n/format.h"
#include "i18n/terms.h"
#include "jobs/job_list_model.h"
#include "jobs/job_manager.h"
#include "log/log_file_tail.h"
#include "log/log_view.h"
#include "results/result_view.h"
#include "widgets/role_gate.h"

namespace ct::ui {
namespace {

QString etaText(double seconds) {
  if (seconds < 0) return QStringLiteral("—");
  const qint64 s = qRound64(seconds);
  if (s >= 3600) return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

bool charts(const QString& kind) {
  return kind == QLatin1String("quantize") || kind == QLatin1String("serve") || kind == QLatin1String("demo") || kind == QLatin1String("train-demo") ||
         kind == QLatin1String("helper");
}

bool runsUntilStopped(const QString& kind) { return kind == QLatin1String("serve") || kind == QLatin1String("host"); }

}  // namespace

JobDetail::JobDetail(QWidget* parent)
    : QWidget(parent),
      title_(new QLabel(this)),
      progress_(new QProgressBar(this)),
      eta_(new QLabel(this)),
      error_(new QLabel(this)),
      cancel_(new QPushButton(this)),
      tabs_(new QTabWidget(this)),
      log_(new LogView(this)),
      chart_(new MetricChart(this)),
      result_(new ResultView(this)) {
  title_->setObjectName(QStringLiteral("jobTitle"));
  progress_->setObjectName(QStringLiteral("jobProgress"));
  eta_->setObjectName(QStringLiteral("jobEta"));
  error_->setObjectName(QStringLiteral("jobError"));
  error_->setWordWrap(true);
  error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  error_->setStyleSheet(QStringLiteral("QLabel { color: #b71c1c; background: #fdecea; border: 1px solid #f5c2c0; padding: 6px; }"));
  error_->hide();
  cancel_->setObjectName(QStringLiteral("cancelButton"));
  RoleGate::guard(cancel_, auth::Action::CancelJob);
  log_->setObjectName(QStringLiteral("jobLog"));
  chart_->setObjectName(QStringLiteral("jobChart"));
  result_->setObjectName(QStringLiteral("jobResult"));
  tabs_->setObjectName(QStringLiteral("jobTabs"));
  QFont bold = title_->font();
  bold.setBold(true);
  title_->setFont(bold);
  title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  progress_->setRange(0, 1000);
  progress_->setTextVisible(true);

  auto* top = new QHBoxLayout;
  top->addWidget(title_, 1);
  top->addWidget(cancel_);
  auto* bar = new QHBoxLayout;
  bar->addWidget(progress_, 1);
  bar->addWidget(eta_);
  // Log and chart side by side: the chart explains the log and the log explains the chart.
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(log_);
  split->addWidget(chart_);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  split->setSizes({600, 400});
  chart_->setMinimumWidth(260);
  tabs_->addTab(split, QString());
  tabs_->addTab(result_, QString());
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addLayout(bar);
  layout->addWidget(error_);
  layout->addWidget(tabs_, 1);

  connect(cancel_, &QPushButton::clicked, this, [this] {
    if (!job_ || !job_->canCancel()) return;
    // Through the manager that owns the job: the role check and the audit log. A server is
    // stopped (its normal end), anything else cancelled.
    QString refusal;
    const bool stop = runsUntilStopped(job_->record().kind);
    auto* manager = qobject_cast<jobs::JobManager*>(job_->parent());
    if (manager && !(stop ? manager->stop(job_, &refusal) : manager->cancel(job_, &refusal))) {
      QMessageBox::warning(this, tr("Cancel"), tr("This job cannot be cancelled by you:\n%1").arg(refusal));
      return;
    }
    if (!manager) stop ? job_->stop() : job_->cancel();
    cancel_->setEnabled(false);
  });
  life_.setInterval(1000);
  connect(&life_, &QTimer::timeout, this, &JobDetail::tickLife);
  chart_->hide();
  retranslate();
  refresh();
}

void JobDetail::setCancelVisible(bool on) {
  cancelVisible_ = on;
  cancel_->setVisible(on);
}

QString JobDetail::shownId() const { return job_ ? job_->id() : record_.id; }

void JobDetail::detach() {
  if (job_) job_->disconnect(this);
  job_ = nullptr;
  record_ = {};
  life_.stop();
  lastDone_ = -1;
  log_->clear();
  chart_->clear();
  result_->clear();
  shownResult_ = {};
}

void JobDetail::prepareFor(const QString& kind) {
  if (kind != chartKind_) {
    chartKind_ = kind;
    chart_->setSpec(chartSpecFor(kind));
  }
  chart_->setVisible(charts(kind));
  tabs_->setCurrentIndex(0);  // a new job starts on its log, not on an empty result
}

void JobDetail::showJob(jobs::Job* job) {
  if (job == job_ && job) return;
  detach();
  job_ = job;
  if (job) {
    prepareFor(job->record().kind);
    log_->append(job->logs().since(0));
    chart_->setSeries(job->metrics());
    // Every connection has this view as its context, so detach() cuts them all; the id check
    // keeps a queued batch of the previous job out as well.
    const QString id = job->id();
    connect(job, &jobs::Job::logsAppended, this, [this, id](const QList<jobs::LogLine>& lines) {
      if (job_ && job_->id() == id) log_->append(lines);
    });
    connect(job, &jobs::Job::metricAdded, this, [this, id](const QString& series, double x, double y) {
      if (job_ && job_->id() == id) chart_->addPoint(series, x, y);
    });
    connect(job, &jobs::Job::changed, this, &JobDetail::refresh);
    sinceProgress_.start();
    life_.start();
  }
  refresh();
}

void JobDetail::showRecord(const jobs::JobRecord& rec) {
  detach();
  record_ = rec;
  prepareFor(rec.kind);
  log_->append(tailOfLogFile(rec.logPath, rec.id, 5000));
  // The history keeps no chart points: a past job shows no chart rather than another's.
  chart_->setVisible(false);
  refresh();
  if (rec.state == jobs::JobState::Succeeded && !rec.result.isEmpty()) tabs_->setCurrentIndex(1);
}

QString JobDetail::failureText(const jobs::JobRecord& r) {
  if (r.state == jobs::JobState::Cancelled) return tr("Cancelled.");
  if (r.state != jobs::JobState::Failed) return {};
  const QString advice = errorAdvice(r.errorCode);
  QString text = tr("Failed: %1").arg(r.errorMessage.isEmpty() ? r.errorCode : r.errorMessage);
  if (!advice.isEmpty()) text += QStringLiteral("\n") + advice;
  return text;
}

QString JobDetail::failureText() const { return error_->isVisible() ? error_->text() : QString(); }

void JobDetail::tickLife() {
  if (!job_ || job_->isFinished()) {
    life_.stop();
    refresh();
    return;
  }
  refresh();
}

void JobDetail::refresh() {
  const jobs::JobRecord& r = job_ ? job_->record() : record_;
  if (r.id.isEmpty()) {
    title_->setText(tr("No job selected"));
    progress_->setValue(0);
    progress_->setFormat(QString());
    eta_->clear();
    error_->hide();
    cancel_->setText(tr("Cancel"));
    cancel_->setEnabled(false);
    cancel_->setToolTip(tr("Select a running job to cancel it."));
    return;
  }
  title_->setText(QStringLiteral("%1 · %2 · %3").arg(jobKindName(r.kind), r.id, stateText(r.state)));
  // A server has no end to progress towards: how long it has run says more than an empty bar.
  progress_->setVisible(!runsUntilStopped(r.kind));
  progress_->setValue(r.total > 0 ? qRound(1000.0 * r.done / r.total) : (r.state == jobs::JobState::Succeeded ? 1000 : 0));
  progress_->setFormat(progressText(r));
  const bool running = job_ && !job_->isFinished();
  if (r.done != lastDone_) {
    lastDone_ = r.done;
    sinceProgress_.restart();
  }
  QString eta;
  if (running) {
    const QString stage = job_->stage();
    const double still = sinceProgress_.isValid() ? sinceProgress_.elapsed() / 1000.0 : 0;
    if (runsUntilStopped(r.kind)) {
      eta = r.started.isValid() ? tr("running for %1").arg(formatSeconds(r.started.secsTo(QDateTime::currentDateTimeUtc()))) : QString();
    } else {
      eta = tr("ETA %1").arg(etaText(job_->etaSeconds()));
      if (!stage.isEmpty()) eta += QStringLiteral(" · ") + stageName(stage);
      // The ETA is only as fresh as the last step: say so when a step takes long.
      if (still >= 10) eta += QStringLiteral(" · ") + tr("working on this step for %1").arg(formatSeconds(still));
    }
  }
  eta_->setText(eta);
  const QString failure = failureText(r);
  error_->setText(failure);
  error_->setVisible(!failure.isEmpty());
  const bool stopKind = runsUntilStopped(r.kind);
  cancel_->setText(stopKind ? tr("Stop") : tr("Cancel"));
  cancel_->setEnabled(job_ && job_->canCancel());
  cancel_->setToolTip(cancel_->isEnabled() ? QString()
                      : !job_           ? tr("A job from the history: it is not running in this window.")
                                        : tr("The job has ended."));
  if (r.result != shownResult_) {  // progress events come often; a result is rendered once
    shownResult_ = r.result;
    result_->setResult(r.kind, r.result, r.params);
  }
}

void JobDetail::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void JobDetail::retranslate() {
  tabs_->setTabText(0, tr("Log and chart"));
  tabs_->setTabText(1, tr("Result"));
  refresh();
}

}  // namespace ct::ui
