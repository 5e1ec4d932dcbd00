#pragma once
#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace ct::jobs {
class Job;
class JobManager;
}  // namespace ct::jobs

namespace ct::services {
class ServiceRegistry;
}

namespace ct::ui {

class JobDetail;

// GPTQ or AWQ settings for a model (the basic ones first, the expert knobs folded away, only the
// chosen method's shown), the plan they imply (vLLM kernel, warnings, memory) before anything runs,
// why Start or Resume cannot be pressed and the way out (another folder, replace the old one,
// resume it), the running `ct quantize` child job (progress, ETA, log, per-layer error chart,
// cancel), and the next steps on the finished checkpoint (compile, evaluate, serve).
class QuantizePage : public QWidget {
  Q_OBJECT
 public:
  QuantizePage(jobs::JobManager* manager, services::ServiceRegistry* registry = nullptr, QWidget* parent = nullptr);

  void setModel(const QString& dir);
  QStringList arguments(bool resume) const;  // `ct quantize ...` for the current settings
  QString planText() const;
  QString startReason() const;   // why Start is disabled; empty when enabled
  QString resumeReason() const;  // why Resume is disabled
  jobs::Job* start(bool resume);
  JobDetail* detail() const { return detail_; }
  QString suggestedOutput() const;

 public Q_SLOTS:
  void suggestModel(const QString& dir);  // taken when the user has not chosen one here

 Q_SIGNALS:
  void nextStep(const QString& action, const QString& path);

 protected:
  void changeEvent(QEvent* event) override;
  void showEvent(QShowEvent* event) override;

 private:
  void retranslate();
  void updatePlan();
  void freshOutput();
  void replaceOutput();
  void updateMethod();
  void refreshHosts();         // the "Run on" choices: this machine and every GPU host profile
  QString host() const;        // the chosen GPU host; empty for this machine  // shows the chosen method's own options only
  bool awq() const;

  jobs::JobManager* manager_;
  services::ServiceRegistry* registry_;
  QFormLayout* form_;
  QFormLayout* advancedForm_;
  QWidget* advanced_;
  QToolButton* advancedToggle_;
  QLineEdit* model_;
  QComboBox* method_;
  QComboBox* bits_;
  QComboBox* group_;
  QCheckBox* descAct_;
  QCheckBox* sym_;
  QCheckBox* staticGroups_;
  QDoubleSpinBox* damp_;
  QCheckBox* awqClip_;
  QCheckBox* duoScaling_;
  QSpinBox* grid_;
  QLineEdit* calib_;
  QLineEdit* calibField_;
  QSpinBox* nsamples_;
  QSpinBox* seqlen_;
  QSpinBox* seed_;
  QLineEdit* maxMemory_;
  QLineEdit* out_;
  QComboBox* runOn_;
  QLineEdit* pull_;
  QLabel* plan_;
  QLabel* why_;
  QPushButton* fresh_;
  QPushButton* replace_;
  QPushButton* start_;
  QPushButton* resume_;
  QWidget* next_;
  QList<QPushButton*> nextButtons_;
  JobDetail* detail_;
  QPointer<jobs::Job> job_;
  QList<QLabel*> labels_;
  QString lastSuggestion_;
  bool modelChosen_ = false;
  QString finishedOut_;
};

}  // namespace ct::ui
