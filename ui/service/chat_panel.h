#pragma once
#include <QElapsedTimer>
#include <QNetworkReply>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;
class QTextBrowser;

namespace ct::services {
class ServiceRegistry;
}

namespace ct::ui {

class TargetPicker;

// A chat with what the app serves or knows (running services, registered endpoints; any
// OpenAI-compatible URL as the exception). Replies stream in as server-sent events into message
// bubbles, each with its tokens, tokens/s and time to the first token; the conversation is
// sent whole each turn.
class ChatPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ChatPanel(services::ServiceRegistry* registry, QWidget* parent = nullptr);
  void setEndpoint(const QString& baseUrl, const QString& key);
  QString endpoint() const;
  void refreshModels();
  void send(const QString& text);
  void newChat();
  QString transcript() const;  // the conversation as plain text
  QString lastStats() const;   // the figures under the last reply
  bool busy() const { return reply_ != nullptr; }
  // The served model name to ask for (a pipeline run's endpoints serve under their own names).
  void setModel(const QString& name);
  QString model() const;
  // Off where one prompt drives several panels (the A/B chat): no input row of its own.
  void setComposerVisible(bool on);
  TargetPicker* targetPicker() const { return target_; }

 Q_SIGNALS:
  void replyFinished();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  struct Turn {
    QString role, content;
    QString problem;  // what went wrong, when something did
    bool error = false;
    int tokens = -1;  // figures of a finished reply, worded when shown
    double firstS = 0, totalS = 0;
  };
  static QString stats(const Turn& t);
  void retranslate();
  void onChunk();
  void finishTurn(const QString& error);
  void render();

  TargetPicker* target_;
  QLineEdit* key_;
  QComboBox* model_;
  QPushButton* refresh_;
  QTextBrowser* log_;
  QLineEdit* input_;
  QPushButton* send_;
  QPushButton* clear_;
  QNetworkAccessManager* net_;
  QPointer<QNetworkReply> reply_;
  QByteArray pending_;
  QList<Turn> turns_;
  QElapsedTimer sent_;
  qint64 firstTokenMs_ = -1;
  int completionTokens_ = 0;
};

}  // namespace ct::ui
