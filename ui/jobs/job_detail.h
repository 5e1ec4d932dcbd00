#pragma once
#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include "jobs/job.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace ct::ui {

class LogView;
class MetricChart;
class ResultView;

// One job in detail: state, progress with ETA, cancel, live log, metric chart, result. It shows
// exactly one job: switching jobs drops every connection to the one shown before, so no line or
// point of another job can reach this view.
class JobDetail : public QWidget {
  Q_OBJECT
 public:
  explicit JobDetail(QWidget* parent = nullptr);

  void showJob(jobs::Job* job);                 // live: follows its events
  void showRecord(const jobs::JobRecord& rec);  // history: the stored row and its log file
  jobs::Job* job() const { return job_; }
  // Off where the page has its own control for the job (a service is stopped as a whole).
  void setCancelVisible(bool on);
  QString shownId() const;
  // A failed job's reason, as the banner above the log shows it (empty otherwise).
  QString failureText() const;
  static QString failureText(const jobs::JobRecord& r);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void refresh();
  void retranslate();
  void detach();
  void prepareFor(const QString& kind);
  void tickLife();

  QPointer<jobs::Job> job_;
  jobs::JobRecord record_;
  QLabel* title_;
  QProgressBar* progress_;
  QLabel* eta_;
  QLabel* error_;
  QPushButton* cancel_;
  QTabWidget* tabs_;
  LogView* log_;
  MetricChart* chart_;
  ResultView* result_;
  QString chartKind_;
  QJsonObject shownResult_;
  // A sign of life during a long step: how long the current progress figure has stood still.
  QTimer life_;
  QElapsedTimer sinceProgress_;
  double lastDone_ = -1;
  bool cancelVisible_ = true;
};

}  // namespace ct::ui
