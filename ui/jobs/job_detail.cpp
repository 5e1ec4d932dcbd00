#include "jobs/job_detail.h"

#include <QDateTime>
#include <QEvent>
#include <QFile>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include "charts/metric_chart.h"
#include "jobs/job_list_model.h"
#include "jobs/job_manager.h"
#include "log/log_view.h"

namespace ct::ui {
namespace {

QString etaText(double seconds) {
  if (seconds < 0) return QStringLiteral("—");
  const qint64 s = qRound64(seconds);
  if (s >= 3600) return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

// The tail of a job's log file is enough to see how a past job ended.
QList<jobs::LogLine> tailOfLogFile(const QString& path, int maxLines) {
  QList<jobs::LogLine> lines;
  QFile f(path);
  if (path.isEmpty() || !f.open(QIODevice::ReadOnly)) return lines;
  if (f.size() > 4 * 1024 * 1024) f.seek(f.size() - 4 * 1024 * 1024);
  const QList<QByteArray> raw = f.readAll().split('\n');
  const qsizetype from = std::max<qsizetype>(0, raw.size() - maxLines);
  for (qsizetype i = from; i < raw.size(); ++i) {
    if (raw[i].isEmpty()) continue;
    // "2026-11-24T22:15:01.123 info    message"
    const QString text = QString::fromUtf8(raw[i]);
    jobs::LogLine l;
    l.timeMs = QDateTime::fromString(text.left(23), Qt::ISODateWithMs).toMSecsSinceEpoch();
    const QString level = text.mid(24, 7).trimmed();
    l.level = level == QLatin1String("error") ? jobs::LogLevel::Error
              : level == QLatin1String("warning") ? jobs::LogLevel::Warning
              : level == QLatin1String("debug")   ? jobs::LogLevel::Debug
                                                  : jobs::LogLevel::Info;
    l.message = text.size() > 32 ? text.mid(32) : text;
    lines.append(l);
  }
  return lines;
}

}  // namespace

JobDetail::JobDetail(QWidget* parent)
    : QWidget(parent),
      title_(new QLabel(this)),
      progress_(new QProgressBar(this)),
      eta_(new QLabel(this)),
      cancel_(new QPushButton(this)),
      tabs_(new QTabWidget(this)),
      log_(new LogView(this)),
      chart_(new MetricChart(this)),
      result_(new QPlainTextEdit(this)) {
  title_->setObjectName(QStringLiteral("jobTitle"));
  progress_->setObjectName(QStringLiteral("jobProgress"));
  eta_->setObjectName(QStringLiteral("jobEta"));
  cancel_->setObjectName(QStringLiteral("cancelButton"));
  log_->setObjectName(QStringLiteral("jobLog"));
  chart_->setObjectName(QStringLiteral("jobChart"));
  result_->setReadOnly(true);
  QFont bold = title_->font();
  bold.setBold(true);
  title_->setFont(bold);
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
  chart_->setMinimumWidth(280);
  tabs_->addTab(split, QString());
  tabs_->addTab(result_, QString());
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addLayout(bar);
  layout->addWidget(tabs_, 1);

  connect(cancel_, &QPushButton::clicked, this, [this] {
    if (!job_ || !job_->canCancel()) return;
    // Cancelling goes through the manager that owns the job: the role check and the audit log.
    QString refusal;
    auto* manager = qobject_cast<jobs::JobManager*>(job_->parent());
    if (manager && !manager->cancel(job_, &refusal)) {
      QMessageBox::warning(this, tr("Cancel"), tr("This job cannot be cancelled by you:\n%1").arg(refusal));
      return;
    }
    if (!manager) job_->cancel();
    cancel_->setEnabled(false);
  });
  retranslate();
  refresh();
}

void JobDetail::detach() {
  if (job_) job_->disconnect(this);
  job_ = nullptr;
  log_->clear();
  chart_->clear();
  result_->clear();
}

void JobDetail::showJob(jobs::Job* job) {
  if (job == job_ && job) return;
  detach();
  job_ = job;
  if (job) {
    log_->append(job->logs().since(0));
    chart_->setSeries(job->metrics());
    connect(job, &jobs::Job::logsAppended, log_, &LogView::append);
    connect(job, &jobs::Job::metricAdded, chart_, &MetricChart::addPoint);
    connect(job, &jobs::Job::changed, this, &JobDetail::refresh);
  }
  refresh();
}

void JobDetail::showRecord(const jobs::JobRecord& rec) {
  detach();
  record_ = rec;
  log_->append(tailOfLogFile(rec.logPath, 5000));
  refresh();
}

void JobDetail::refresh() {
  const jobs::JobRecord& r = job_ ? job_->record() : record_;
  if (r.id.isEmpty()) {
    title_->setText(tr("No job selected"));
    progress_->setValue(0);
    eta_->clear();
    cancel_->setEnabled(false);
    return;
  }
  title_->setText(QStringLiteral("%1 · %2 · %3").arg(r.kind, r.id, stateText(r.state)));
  progress_->setValue(r.total > 0 ? qRound(1000.0 * r.done / r.total) : (r.state == jobs::JobState::Succeeded ? 1000 : 0));
  progress_->setFormat(r.total > 0 ? QStringLiteral("%1 / %2 %3").arg(r.done).arg(r.total).arg(r.unit) : QString());
  const QString stage = job_ ? job_->stage() : QString();
  eta_->setText(job_ && !job_->isFinished() ? tr("ETA %1").arg(etaText(job_->etaSeconds())) + (stage.isEmpty() ? QString() : QStringLiteral(" · ") + stage)
                                            : QString());
  cancel_->setEnabled(job_ && job_->canCancel());
  QString text;
  if (!r.result.isEmpty()) text = QString::fromUtf8(QJsonDocument(r.result).toJson(QJsonDocument::Indented));
  if (!r.errorMessage.isEmpty()) text += tr("Error (%1): %2").arg(r.errorCode, r.errorMessage);
  result_->setPlainText(text);
}

void JobDetail::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void JobDetail::retranslate() {
  cancel_->setText(tr("Cancel"));
  tabs_->setTabText(0, tr("Log and chart"));
  tabs_->setTabText(1, tr("Result"));
  refresh();
}

}  // namespace ct::ui
