#pragma once
#include <QPointer>
#include <QWidget>

class QBarSet;
class QChartView;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace ct::jobs {
class Job;
class JobManager;
}  // namespace ct::jobs

namespace ct::services {
class ServiceRegistry;
}

namespace ct::ui {

class JobDetail;

// A GPTQ checkpoint into an FPGA weight image: checkpoint, board profile, the parameters the
// user expects (checked against the checkpoint), output folder, or an external compiler
// command; the `ct compile` child job with its log; then the report as a table and a
// per-channel fill chart.
class CompilePage : public QWidget {
  Q_OBJECT
 public:
  CompilePage(jobs::JobManager* manager, services::ServiceRegistry* registry = nullptr, QWidget* parent = nullptr);

  void setCheckpoint(const QString& dir);
  QStringList arguments() const;
  jobs::Job* start();
  JobDetail* detail() const { return detail_; }
  bool showReport(const QString& imageDir);  // false when the folder has no readable report
  QTableWidget* reportTable() const { return table_; }
  QString startReason() const;

 Q_SIGNALS:
  void nextStep(const QString& action, const QString& path);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void updateState();
  void refreshKnown();

  jobs::JobManager* manager_;
  services::ServiceRegistry* registry_;
  QFormLayout* form_;
  QComboBox* known_;
  QPushButton* fresh_;
  QWidget* next_;
  QList<QPushButton*> nextButtons_;
  QString finishedOut_;
  QString reportDir_;
  bool outputAuto_ = true;
  QLineEdit* checkpoint_;
  QComboBox* board_;
  QComboBox* bits_;
  QComboBox* group_;
  QComboBox* descAct_;
  QLineEdit* out_;
  QLineEdit* external_;
  QLabel* hint_;
  QPushButton* start_;
  JobDetail* detail_;
  QTableWidget* table_;
  QChartView* chart_;
  QPointer<jobs::Job> job_;
  QList<QLabel*> labels_;
};

}  // namespace ct::ui
