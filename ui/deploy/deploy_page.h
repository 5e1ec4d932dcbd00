#pragma once
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTextBrowser;

namespace ct::jobs {
class Job;
class JobManager;
}  // namespace ct::jobs

namespace ct::ui {

class CtQuery;
class JobDetail;

// vLLM on a GPU host from one form: every `ct deploy` flag; the scheduler's pick with its
// reasons before anything starts (`ct gpus HOST --plan`); the deploy as a `ct deploy` child job
// with its log; an origin + quantized pair in one action (two jobs, one shared key, the budget
// split between them); and the deployments with state, URL, log, stop, and the hand-off to the
// chat and to evaluation.
class DeployPage : public QWidget {
  Q_OBJECT
 public:
  explicit DeployPage(jobs::JobManager* manager, QWidget* parent = nullptr);

  void reloadHosts();
  void setHost(const QString& name);
  void setModel(const QString& folder);
  void setQuantizedModel(const QString& folder);
  void setName(const QString& name);
  void setGpus(const QString& gpus);           // auto, N, or a list
  void setMemoryGiB(double gib);               // 0: ct's estimate
  void setMemoryFraction(double f);
  void setMaxModelLen(int n);
  void setApiKey(const QString& key);

  // `ct deploy` arguments for the form (without the key, which goes on the child's stdin).
  QStringList deployArguments() const;
  QStringList planArguments() const;
  QString problem() const;  // why the form cannot start; empty when it can

  void plan();
  jobs::Job* deploy();
  QList<jobs::Job*> deployPair();
  jobs::Job* stop(const QString& name);
  jobs::Job* showLogs(const QString& name);
  void refreshDeployments();

  QString planText() const;
  bool planOk() const { return planOk_; }
  bool isPlanning() const;
  QTableWidget* deploymentTable() const { return table_; }
  QString stateOf(const QString& name) const;
  QString urlOf(const QString& name) const;
  JobDetail* detail() const { return detail_; }
  void select(const QString& name);
  QString selected() const;

 Q_SIGNALS:
  void planned();
  void listed();
  void chatRequested(const QString& url, const QString& apiKey);
  // The A/B chat with this deployment on one side (label: its name).
  void abChatRequested(const QString& url, const QString& apiKey, const QString& label);
  // target: "origin" or "quant", the Evaluate page's rows.
  void evaluateRequested(const QString& target, const QString& url, const QString& apiKey);

 protected:
  void changeEvent(QEvent* event) override;
  void showEvent(QShowEvent* event) override;
  void hideEvent(QHideEvent* event) override;

 private:
  struct Budget {
    double gib = 0, fraction = 0;  // both 0: ct's estimate
  };
  QStringList argumentsFor(const QString& model, const QString& name, const QString& served, const QString& quantization, Budget b, bool port) const;
  Budget budget() const;
  void retranslate();
  QString stateText(const QString& state) const;
  void updateButtons();
  void showPlan(const QByteArray& out, const QString& error, bool ok);
  QString localChecks() const;
  void showDeployments(const QByteArray& listJson);
  jobs::Job* startDeploy(const QStringList& args, const QString& name, const QString& key);

  jobs::JobManager* manager_;
  QFormLayout* form_;
  QComboBox* host_;
  QLineEdit* model_;
  QLineEdit* quantModel_;
  QLineEdit* name_;
  QComboBox* gpus_;
  QComboBox* memMode_;
  QDoubleSpinBox* memValue_;
  QSpinBox* maxLen_;
  QLineEdit* port_;
  QLineEdit* apiKey_;
  QSpinBox* tp_;
  QLineEdit* served_;
  QComboBox* quant_;
  QComboBox* dtype_;
  QLineEdit* extra_;
  QLabel* problem_;
  QPushButton* plan_;
  QPushButton* deploy_;
  QPushButton* pair_;
  QLabel* planTitle_;
  QTextBrowser* planView_;
  QLabel* listTitle_;
  QTableWidget* table_;
  QPushButton* refreshList_;
  QPushButton* logs_;
  QPushButton* stop_;
  QPushButton* chat_;
  QPushButton* abChat_;
  QPushButton* evaluate_;
  QLabel* keyNote_;
  JobDetail* detail_;
  CtQuery* planQuery_;
  CtQuery* listQuery_;
  QTimer listTimer_;
  QList<QLabel*> labels_;
  QString planText_;
  bool planOk_ = false;
  QByteArray lastList_;
  QByteArray planOut_;
  QString planError_;
  bool planReplyOk_ = false;
  bool planShown_ = false;
};

}  // namespace ct::ui
