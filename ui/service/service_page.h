#pragma once
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;
class QSpinBox;

namespace ct::jobs {
class Job;
class JobManager;
}  // namespace ct::jobs

namespace ct::ui {

class ChatPanel;
class JobDetail;

// The FPGA service: start and stop `ct serve` (and, for demos, a local `ct host` with the
// emulator behind it), its settings, the link state, the live request log, a tokens/s chart
// beside the board's bandwidth bound, and a chat panel for any OpenAI-compatible endpoint.
class ServicePage : public QWidget {
  Q_OBJECT
 public:
  explicit ServicePage(jobs::JobManager* manager, QWidget* parent = nullptr);

  void setImage(const QString& dir);
  bool start();
  void stop();
  QString linkState() const;
  QString baseUrl() const;
  ChatPanel* chat() const { return chat_; }
  jobs::Job* serviceJob() const { return serve_; }
  jobs::Job* hostJob() const { return host_; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void poll();
  void updateButtons();

  jobs::JobManager* manager_;
  QFormLayout* form_;
  QLineEdit* image_;
  QCheckBox* localHost_;
  QLineEdit* hostLink_;
  QSpinBox* port_;
  QLineEdit* bind_;
  QLineEdit* key_;
  QSpinBox* context_;
  QDoubleSpinBox* temperature_;
  QSpinBox* maxTokens_;
  QPushButton* start_;
  QPushButton* stop_;
  QLabel* state_;
  JobDetail* detail_;
  ChatPanel* chat_;
  QNetworkAccessManager* net_;
  QTimer poll_;
  QPointer<jobs::Job> serve_, host_;
  int servicePort_ = 0;
  QString link_ = QStringLiteral("stopped");
  QList<QLabel*> labels_;
};

}  // namespace ct::ui
