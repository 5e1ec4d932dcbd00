#include "service/chat_panel.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ct::ui {

ChatPanel::ChatPanel(QWidget* parent)
    : QWidget(parent),
      endpoint_(new QLineEdit(QStringLiteral("http://127.0.0.1:8000/v1"), this)),
      key_(new QLineEdit(this)),
      model_(new QComboBox(this)),
      refresh_(new QPushButton(this)),
      log_(new QPlainTextEdit(this)),
      input_(new QLineEdit(this)),
      send_(new QPushButton(this)),
      clear_(new QPushButton(this)),
      net_(new QNetworkAccessManager(this)) {
  endpoint_->setObjectName(QStringLiteral("chatEndpoint"));
  key_->setObjectName(QStringLiteral("chatKey"));
  key_->setEchoMode(QLineEdit::Password);
  model_->setObjectName(QStringLiteral("chatModel"));
  model_->setEditable(true);
  log_->setObjectName(QStringLiteral("chatLog"));
  log_->setReadOnly(true);
  input_->setObjectName(QStringLiteral("chatInput"));
  send_->setObjectName(QStringLiteral("chatSend"));
  auto* top = new QHBoxLayout;
  top->addWidget(endpoint_, 3);
  top->addWidget(key_, 1);
  top->addWidget(model_, 1);
  top->addWidget(refresh_);
  auto* bottom = new QHBoxLayout;
  bottom->addWidget(input_, 1);
  bottom->addWidget(send_);
  bottom->addWidget(clear_);
  auto* l = new QVBoxLayout(this);
  l->setContentsMargins(0, 0, 0, 0);
  l->addLayout(top);
  l->addWidget(log_, 1);
  l->addLayout(bottom);
  connect(refresh_, &QPushButton::clicked, this, &ChatPanel::refreshModels);
  connect(send_, &QPushButton::clicked, this, [this] { send(input_->text()); });
  connect(input_, &QLineEdit::returnPressed, this, [this] { send(input_->text()); });
  connect(clear_, &QPushButton::clicked, this, &ChatPanel::newChat);
  retranslate();
}

void ChatPanel::setEndpoint(const QString& baseUrl, const QString& key) {
  endpoint_->setText(baseUrl);
  key_->setText(key);
}

void ChatPanel::refreshModels() {
  QNetworkRequest req(QUrl(endpoint_->text() + QStringLiteral("/models")));
  if (!key_->text().isEmpty()) req.setRawHeader("Authorization", "Bearer " + key_->text().toUtf8());
  QNetworkReply* r = net_->get(req);
  connect(r, &QNetworkReply::finished, this, [this, r] {
    r->deleteLater();
    const QJsonArray data = QJsonDocument::fromJson(r->readAll()).object().value(QStringLiteral("data")).toArray();
    if (data.isEmpty()) return;
    const QString current = model_->currentText();
    model_->clear();
    for (const QJsonValue m : data) model_->addItem(m[QStringLiteral("id")].toString());
    if (!current.isEmpty() && model_->findText(current) >= 0) model_->setCurrentText(current);
  });
}

void ChatPanel::send(const QString& text) {
  if (text.trimmed().isEmpty() || reply_) return;
  history_.append({QStringLiteral("user"), text});
  log_->appendPlainText(QStringLiteral("› %1").arg(text));
  input_->clear();
  QJsonArray messages;
  for (const auto& [role, content] : history_) messages.append(QJsonObject{{QStringLiteral("role"), role}, {QStringLiteral("content"), content}});
  QJsonObject body{{QStringLiteral("messages"), messages}, {QStringLiteral("stream"), true}};
  if (!model_->currentText().isEmpty()) body.insert(QStringLiteral("model"), model_->currentText());
  QNetworkRequest req(QUrl(endpoint_->text() + QStringLiteral("/chat/completions")));
  req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
  if (!key_->text().isEmpty()) req.setRawHeader("Authorization", "Bearer " + key_->text().toUtf8());
  answer_.clear();
  pending_.clear();
  log_->appendPlainText(QString());
  reply_ = net_->post(req, QJsonDocument(body).toJson(QJsonDocument::Compact));
  send_->setEnabled(false);
  connect(reply_, &QNetworkReply::readyRead, this, &ChatPanel::onChunk);
  connect(reply_, &QNetworkReply::finished, this, [this] {
    onChunk();
    QString error;
    if (reply_->error() != QNetworkReply::NoError) {
      const QJsonObject e = QJsonDocument::fromJson(pending_ + reply_->readAll()).object().value(QStringLiteral("error")).toObject();
      error = e.isEmpty() ? reply_->errorString() : e.value(QStringLiteral("message")).toString();
    }
    finishTurn(error);
  });
}

void ChatPanel::onChunk() {
  if (!reply_) return;
  pending_ += reply_->readAll();
  for (;;) {
    const int end = static_cast<int>(pending_.indexOf("\n\n"));
    if (end < 0) break;
    const QByteArray event = pending_.left(end);
    pending_.remove(0, end + 2);
    if (!event.startsWith("data: ")) continue;
    const QByteArray data = event.mid(6);
    if (data == "[DONE]") continue;
    const QJsonObject o = QJsonDocument::fromJson(data).object();
    if (o.contains(QStringLiteral("error"))) {
      answer_ += QStringLiteral(" [%1]").arg(o[QStringLiteral("error")][QStringLiteral("message")].toString());
      continue;
    }
    for (const QJsonValue c : o.value(QStringLiteral("choices")).toArray()) {
      const QString piece = c[QStringLiteral("delta")][QStringLiteral("content")].toString();
      if (piece.isEmpty()) continue;
      answer_ += piece;
      log_->moveCursor(QTextCursor::End);
      log_->insertPlainText(piece);
    }
  }
}

void ChatPanel::finishTurn(const QString& error) {
  if (!error.isEmpty()) log_->appendPlainText(tr("Error: %1").arg(error));
  else history_.append({QStringLiteral("assistant"), answer_});
  reply_->deleteLater();
  reply_ = nullptr;
  send_->setEnabled(true);
}

void ChatPanel::newChat() {
  history_.clear();
  log_->clear();
}

QString ChatPanel::transcript() const { return log_->toPlainText(); }

void ChatPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void ChatPanel::retranslate() {
  endpoint_->setPlaceholderText(tr("OpenAI base URL, e.g. http://127.0.0.1:8000/v1"));
  key_->setPlaceholderText(tr("API key"));
  refresh_->setText(tr("Models"));
  input_->setPlaceholderText(tr("Message"));
  send_->setText(tr("Send"));
  clear_->setText(tr("New chat"));
}

}  // namespace ct::ui
