#pragma once
#include <QPointer>
#include <QWidget>

#include "jobs/job.h"

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace ct::ui {

class LogView;
class MetricChart;

// One job in detail: state, progress with ETA, cancel, live log, metric chart, result.
class JobDetail : public QWidget {
  Q_OBJECT
 public:
  explicit JobDetail(QWidget* parent = nullptr);

  void showJob(jobs::Job* job);                 // live: follows its events
  void showRecord(const jobs::JobRecord& rec);  // history: the stored row and its log file
  jobs::Job* job() const { return job_; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void refresh();
  void retranslate();
  void detach();

  QPointer<jobs::Job> job_;
  jobs::JobRecord record_;
  QLabel* title_;
  QProgressBar* progress_;
  QLabel* eta_;
  QPushButton* cancel_;
  QTabWidget* tabs_;
  LogView* log_;
  MetricChart* chart_;
  QPlainTextEdit* result_;
};

}  // namespace ct::ui
