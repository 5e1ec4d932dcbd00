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

namespace ct::jobs {
class Job;
class JobManager;
}  // namespace ct::jobs

namespace ct::ui {

class JobDetail;

// GPTQ or AWQ settings for a model, the plan they imply (vLLM kernel, warnings, memory) shown before
// anything runs, and the running `ct quantize` child job beside them: progress with ETA, log,
// the per-layer error chart (GPTQ and RTN on the same inputs), cancel and resume.
class QuantizePage : public QWidget {
  Q_OBJECT
 public:
  explicit QuantizePage(jobs::JobManager* manager, QWidget* parent = nullptr);

  void setModel(const QString& dir);
  QStringList arguments(bool resume) const;  // `ct quantize ...` for the current settings
  QString planText() const;
  jobs::Job* start(bool resume);
  JobDetail* detail() const { return detail_; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void updatePlan();
  void updateMethod();  // shows the chosen method's own options only
  bool awq() const;

  jobs::JobManager* manager_;
  QFormLayout* form_;
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
  QLabel* plan_;
  QPushButton* start_;
  QPushButton* resume_;
  JobDetail* detail_;
  QPointer<jobs::Job> job_;
  QList<QWidget*> labelled_;
};

}  // namespace ct::ui
