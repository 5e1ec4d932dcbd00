#pragma once
#include <QNetworkReply>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QNetworkAccessManager;

class QPlainTextEdit;
class QPushButton;

namespace ct::ui {

// A chat with any OpenAI-compatible endpoint (this service, vLLM, anything else): endpoint,
// key and model chosen here; replies stream in as server-sent events; the conversation is
// sent whole each turn.
class ChatPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ChatPanel(QWidget* parent = nullptr);
  void setEndpoint(const QString& baseUrl, const QString& key);
  void refreshModels();
  void send(const QString& text);
  void newChat();
  QString transcript() const;
  bool busy() const { return reply_ != nullptr; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void onChunk();
  void finishTurn(const QString& error);

  QLineEdit* endpoint_;
  QLineEdit* key_;
  QComboBox* model_;
  QPushButton* refresh_;
  QPlainTextEdit* log_;
  QLineEdit* input_;
  QPushButton* send_;
  QPushButton* clear_;
  QNetworkAccessManager* net_;
  QPointer<QNetworkReply> reply_;
  QByteArray pending_;
  QString answer_;
  QList<QPair<QString, QString>> history_;  // role, content
};

}  // namespace ct::ui
