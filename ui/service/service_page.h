#pragma once
#include <QPointer>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;

namespace ct::jobs {
class Job;
class JobManager;
}  // namespace ct::jobs

namespace ct::services {
class LocalService;
class ServiceRegistry;
}  // namespace ct::services

namespace ct::ui {

class ChatPanel;
class JobDetail;

// Serves any model, checkpoint or image as an OpenAI endpoint (`ct host` + `ct serve` on free
// ports), or links `ct serve` to a board's host program; lists the services this window runs
// with their state, address and the reason one failed; shows the selected one's request log,
// its host's log, and a chat with it.
class ServicePage : public QWidget {
  Q_OBJECT
 public:
  ServicePage(jobs::JobManager* manager, services::ServiceRegistry* registry, QWidget* parent = nullptr);

  void setImage(const QString& dir);   // serve a compiled image on the emulator
  void setFolder(const QString& dir);  // serve a model or checkpoint
  bool start();                        // false (and the reason on the page) when it cannot start
  void stop();                         // the selected service
  QString linkState() const;           // of the selected service: "ready", "starting", "failed", …
  QString baseUrl() const;
  QString statusText() const;          // what the page says about the selected service
  QString startReason() const;         // why Start is disabled; empty when enabled
  ChatPanel* chat() const { return chat_; }
  void chatWith(const QString& baseUrl, const QString& apiKey);  // an endpoint from elsewhere (a deployment)
  services::LocalService* current() const;

  jobs::Job* serviceJob() const;
  jobs::Job* hostJob() const;

 Q_SIGNALS:
  // The A/B chat with this service on one side (label: what it serves).
  void abChatRequested(const QString& url, const QString& apiKey, const QString& label);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void updateForm();
  void refreshTable();
  void select(services::LocalService* s);
  void showStatus();
  void refreshKnown();

  jobs::JobManager* manager_;
  services::ServiceRegistry* registry_;
  QFormLayout* form_;
  QComboBox* what_;
  QComboBox* known_;
  QLineEdit* folder_;
  QLineEdit* hostLink_;
  QSpinBox* port_;
  QLineEdit* bind_;
  QLineEdit* key_;
  QSpinBox* context_;
  QDoubleSpinBox* temperature_;
  QSpinBox* maxTokens_;
  QLabel* check_;
  QPushButton* start_;
  QTableWidget* table_;
  QPushButton* stop_;
  QPushButton* copyUrl_;
  QPushButton* copyCurl_;
  QPushButton* forget_;
  QPushButton* abChat_;
  QLabel* state_;
  QTabWidget* tabs_;
  JobDetail* serveDetail_;
  JobDetail* hostDetail_;
  ChatPanel* chat_;
  QPointer<services::LocalService> current_;
  QList<QLabel*> labels_;
  QString chatUrl_;
};

}  // namespace ct::ui
