#pragma once
#include <QJsonObject>
#include <QPointer>
#include <QWidget>
#include <functional>

#include "jobs/job_record.h"

class QChartView;
class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QNetworkAccessManager;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTextBrowser;

namespace ct::jobs {
class Job;
class JobManager;
}  // namespace ct::jobs

namespace ct::services {
class LocalService;
class ServiceRegistry;
}  // namespace ct::services

namespace ct::ui {

class JobDetail;
class TargetPicker;

// Accuracy of origin vs quantized vs board from this page alone: each target is picked from
// what the app knows (a model or checkpoint folder is served on free ports first, a running
// service or registered endpoint is used as it is; a raw URL is the exception); inputs and
// tools are checked before anything starts; the `ct eval` child job with live progress and log;
// a task × target result table and bar chart; the history of past evaluations.
class EvaluatePage : public QWidget {
  Q_OBJECT
 public:
  EvaluatePage(jobs::JobManager* manager, services::ServiceRegistry* registry, QWidget* parent = nullptr);

  // "origin", "quant", "fpga": includes the row and points it at a URL / a known folder.
  void setEndpoint(const QString& target, const QString& url);
  void setApiKey(const QString& key);
  bool setTarget(const QString& target, const QString& folder);
  void setIncluded(const QString& target, bool on);
  void setTasks(const QStringList& tasks);
  void setLimit(int n);
  void setFramework(const QString& name);  // native, lm-eval, evalplus
  QStringList arguments() const;  // with the URLs known now
  // Serves what needs serving, checks every endpoint answers, then starts `ct eval`. False with
  // the reason on the page when it cannot start.
  bool start();
  jobs::Job* job() const { return job_; }
  QString startReason() const;  // why Evaluate is disabled; empty when enabled
  QString statusText() const;   // what the page says about the run in progress or the last one
  JobDetail* detail() const { return detail_; }
  bool showResult(const QJsonObject& result);
  QChartView* chart() const { return chart_; }
  QListWidget* history() const { return history_; }
  void refreshHistory();

 Q_SIGNALS:
  void jobStarted(ct::jobs::Job* job);

 protected:
  void changeEvent(QEvent* event) override;
  void showEvent(QShowEvent* event) override;

 private:
  struct Row {
    QString name;  // origin, quant, fpga
    QCheckBox* include;
    TargetPicker* picker;
  };
  void retranslate();
  void updateState();
  QString checkInputs() const;
  QString host() const;  // the GPU host lm-eval / EvalPlus run on; empty for this machine
  void refreshHosts();
  QStringList selectedTasks() const;
  QString runKey() const;
  QList<QPair<QString, QString>> resolvedTargets() const;  // name → URL, for rows that have one
  const Row* row(const QString& name) const;
  void continueStart();
  void preflight(const QList<QPair<QString, QString>>& targets);
  void launch(const QList<QPair<QString, QString>>& targets);
  void setStatus(std::function<QString()> text, bool error);
  void finishRun();
  QString describeFailure(const jobs::JobRecord& r) const;

  jobs::JobManager* manager_;
  services::ServiceRegistry* registry_;
  QFormLayout* form_;
  QComboBox* framework_;
  QComboBox* runOn_;
  QLabel* servedLabel_;
  QLineEdit* served_;  // with a host: the model name the endpoint serves (it cannot be asked from here)
  QListWidget* tasks_;
  QList<Row> rows_;
  QLineEdit* apiKey_;
  QLineEdit* dataDir_;
  QSpinBox* limit_;
  QSpinBox* fewshot_;
  QSpinBox* concurrency_;
  QCheckBox* chat_;
  QCheckBox* stopAfter_;
  QLabel* hint_;
  QPushButton* start_;
  QLabel* status_;
  JobDetail* detail_;
  QChartView* chart_;
  QListWidget* history_;
  QTabWidget* right_;
  QTextBrowser* table_;
  QNetworkAccessManager* net_;
  QPointer<jobs::Job> job_;
  QList<QPair<QString, QPointer<services::LocalService>>> starting_;  // row name → service being started
  QList<QPointer<services::LocalService>> startedForRun_;
  QList<QPair<QString, QString>> runTargets_;
  bool preparing_ = false;
  std::function<QString()> status_fn_;
  bool statusError_ = false;
  QList<QLabel*> labels_;
  QJsonObject shownResult_;
};

}  // namespace ct::ui
