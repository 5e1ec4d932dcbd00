#pragma once
#include <QJsonObject>
#include <QPointer>
#include <QWidget>

class QChartView;
class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace ct::jobs {
class Job;
class JobManager;
}  // namespace ct::jobs

namespace ct::ui {

class JobDetail;

// Accuracy of origin vs quantized vs board: framework, tasks, which targets (their OpenAI
// endpoints), settings; the `ct eval` child job with live progress and log; a grouped bar chart
// of each task's headline score per target; and the history of past evaluations.
class EvaluatePage : public QWidget {
  Q_OBJECT
 public:
  explicit EvaluatePage(jobs::JobManager* manager, QWidget* parent = nullptr);

  void setEndpoint(const QString& target, const QString& url);  // "origin", "quant", "fpga"
  void setTasks(const QStringList& tasks);
  void setLimit(int n);
  QStringList arguments() const;
  jobs::Job* start();
  JobDetail* detail() const { return detail_; }
  // Draws the chart from a finished `ct eval` result (one endpoint or --targets).
  bool showResult(const QJsonObject& result);
  QChartView* chart() const { return chart_; }
  QListWidget* history() const { return history_; }
  void refreshHistory();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void updateState();
  QStringList selectedTasks() const;
  QList<QPair<QString, QString>> activeTargets() const;

  jobs::JobManager* manager_;
  QFormLayout* form_;
  QComboBox* framework_;
  QListWidget* tasks_;
  QComboBox* targets_;
  QLineEdit* origin_;
  QLineEdit* quant_;
  QLineEdit* fpga_;
  QLineEdit* apiKey_;
  QLineEdit* dataDir_;
  QSpinBox* limit_;
  QSpinBox* fewshot_;
  QSpinBox* concurrency_;
  QCheckBox* chat_;
  QLabel* hint_;
  QPushButton* start_;
  JobDetail* detail_;
  QChartView* chart_;
  QListWidget* history_;
  QPointer<jobs::Job> job_;
  QList<QLabel*> labels_;
};

}  // namespace ct::ui
