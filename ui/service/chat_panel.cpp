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
#include <QPushButton>
#include <QScrollBar>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "i18n/format.h"
#include "services/service_registry.h"
#include "widgets/target_picker.h"

namespace ct::ui {

ChatPanel::ChatPanel(services::ServiceRegistry* registry, QWidget* parent)
    : QWidget(parent),
      target_(new TargetPicker(registry, this)),
      key_(new QLineEdit(this)),
      model_(new QComboBox(this)),
      refresh_(new QPushButton(this)),
      log_(new QTextBrowser(this)),
      input_(new QLineEdit(this)),
      send_(new QPushButton(this)),
      clear_(new QPushButton(this)),
      net_(new QNetworkAccessManager(this)) {
  // Only what answers now: running services and registered endpoints.
  target_->setFilter([](const services::Target& t) { return t.kind != services::Target::Kind::Folder || (t.service && t.service->isUp()); });
  target_->setObjectName(QStringLiteral("chatTarget"));
  target_->urlEdit()->setObjectName(QStringLiteral("chatEndpoint"));
  key_->setObjectName(QStringLiteral("chatKey"));
  key_->setEchoMode(QLineEdit::Password);
  key_->setMaximumWidth(140);
  model_->setObjectName(QStringLiteral("chatModel"));
  model_->setEditable(true);
  model_->setMinimumContentsLength(8);
  model_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  log_->setObjectName(QStringLiteral("chatLog"));
  log_->setOpenLinks(false);
  input_->setObjectName(QStringLiteral("chatInput"));
  send_->setObjectName(QStringLiteral("chatSend"));
  auto* top = new QHBoxLayout;
  top->addWidget(target_, 3);
  top->addWidget(key_, 1, Qt::AlignTop);
  top->addWidget(model_, 1, Qt::AlignTop);
  top->addWidget(refresh_, 0, Qt::AlignTop);
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
  connect(target_, &TargetPicker::changed, this, [this] {
    if (auto t = target_->current(); t && !target_->isUrl() && !t->apiKey.isEmpty()) key_->setText(t->apiKey);
  });
  retranslate();
  render();
}

QString ChatPanel::endpoint() const {
  const auto t = target_->current();
  if (!t) return {};
  return t->kind == services::Target::Kind::Folder ? (t->service ? t->service->url() : QString()) : t->url;
}

void ChatPanel::setEndpoint(const QString& baseUrl, const QString& key) {
  target_->refresh();
  bool found = false;
  for (int i = 0; i < target_->combo()->count() && !found; ++i) {
    target_->combo()->setCurrentIndex(i);
    found = !target_->isUrl() && endpoint() == baseUrl;
  }
  if (!found) target_->setUrl(baseUrl);
  key_->setText(key);
}

void ChatPanel::refreshModels() {
  QNetworkRequest req(QUrl(endpoint() + QStringLiteral("/models")));
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
  const QString url = endpoint();
  if (url.isEmpty()) {
    turns_.append({QStringLiteral("assistant"), tr("Choose a running service or an endpoint to chat with (the Serve page starts one)."), {}, true, -1, 0, 0});
    render();
    Q_EMIT replyFinished();
    return;
  }
  turns_.append({QStringLiteral("user"), text, {}, false, -1, 0, 0});
  input_->clear();
  QJsonArray messages;
  for (const Turn& t : turns_)
    if (!t.error) messages.append(QJsonObject{{QStringLiteral("role"), t.role}, {QStringLiteral("content"), t.content}});
  QJsonObject body{{QStringLiteral("messages"), messages}, {QStringLiteral("stream"), true},
                   {QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}}}};
  if (!model_->currentText().isEmpty()) body.insert(QStringLiteral("model"), model_->currentText());
  QNetworkRequest req(QUrl(url + QStringLiteral("/chat/completions")));
  req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
  if (!key_->text().isEmpty()) req.setRawHeader("Authorization", "Bearer " + key_->text().toUtf8());
  turns_.append({QStringLiteral("assistant"), QString(), {}, false, -1, 0, 0});
  pending_.clear();
  firstTokenMs_ = -1;
  completionTokens_ = 0;
  sent_.start();
  reply_ = net_->post(req, QJsonDocument(body).toJson(QJsonDocument::Compact));
  send_->setEnabled(false);
  render();
  connect(reply_, &QNetworkReply::readyRead, this, &ChatPanel::onChunk);
  connect(reply_, &QNetworkReply::finished, this, [this, url] {
    onChunk();
    QString error;
    if (reply_->error() != QNetworkReply::NoError) {
      const QJsonObject e = QJsonDocument::fromJson(pending_ + reply_->readAll()).object().value(QStringLiteral("error")).toObject();
      error = tr("%1 answered: %2").arg(url, e.isEmpty() ? reply_->errorString() : e.value(QStringLiteral("message")).toString());
    }
    finishTurn(error);
  });
}

void ChatPanel::onChunk() {
  if (!reply_) return;
  pending_ += reply_->readAll();
  bool grew = false;
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
      turns_.last().content += QStringLiteral(" [%1]").arg(o[QStringLiteral("error")][QStringLiteral("message")].toString());
      grew = true;
      continue;
    }
    if (o.value(QStringLiteral("usage")).isObject()) completionTokens_ = o[QStringLiteral("usage")][QStringLiteral("completion_tokens")].toInt();
    for (const QJsonValue c : o.value(QStringLiteral("choices")).toArray()) {
      const QString piece = c[QStringLiteral("delta")][QStringLiteral("content")].toString();
      if (piece.isEmpty()) continue;
      if (firstTokenMs_ < 0) firstTokenMs_ = sent_.elapsed();
      turns_.last().content += piece;
      grew = true;
    }
  }
  if (grew) render();
}

void ChatPanel::finishTurn(const QString& error) {
  Turn& t = turns_.last();
  if (!error.isEmpty()) {
    if (t.content.isEmpty()) {
      t.content = error;
      t.error = true;
    } else {
      t.problem = error;
    }
  } else {
    t.totalS = std::max(1e-3, sent_.elapsed() / 1000.0);
    t.firstS = firstTokenMs_ >= 0 ? firstTokenMs_ / 1000.0 : t.totalS;
    t.tokens = std::max(0, completionTokens_);
  }
  reply_->deleteLater();
  reply_ = nullptr;
  send_->setEnabled(true);
  render();
  Q_EMIT replyFinished();
}

void ChatPanel::setModel(const QString& name) { model_->setCurrentText(name); }

QString ChatPanel::model() const { return model_->currentText(); }

void ChatPanel::setComposerVisible(bool on) {
  input_->setVisible(on);
  send_->setVisible(on);
  clear_->setVisible(on);
}

// Tokens over the whole reply, as the service's own chart counts them (a small model's tokens
// can arrive in one burst, which would make a decode-only rate meaningless).
QString ChatPanel::stats(const Turn& t) {
  if (!t.problem.isEmpty()) return t.problem;
  if (t.tokens < 0) return {};
  if (t.tokens == 0) return tr("%1 in all").arg(formatSeconds(t.totalS));
  return tr("%n token(s) · %1 tokens/s · first token after %2 · %3 in all", nullptr, t.tokens)
      .arg(uiLocale().toString(t.tokens / t.totalS, 'f', 1), formatSeconds(t.firstS), formatSeconds(t.totalS));
}

void ChatPanel::render() {
  QString html;
  if (turns_.isEmpty())
    html = QStringLiteral("<p style='color:#777'>%1</p>").arg(tr("Messages appear here. Pick a running service above; the Serve page starts one.").toHtmlEscaped());
  for (const Turn& t : turns_) {
    const bool user = t.role == QLatin1String("user");
    const QString bg = t.error ? QStringLiteral("#fdecea") : user ? QStringLiteral("#dcebff") : QStringLiteral("#f1f1f1");
    QString body = t.content.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    if (body.isEmpty() && !user) body = QStringLiteral("…");
    html += QStringLiteral("<table width='100%' cellspacing='0' cellpadding='0'><tr>%1<td width='80%' bgcolor='%2' style='padding:8px'>%3%4</td>%5</tr></table><br>")
                .arg(user ? QStringLiteral("<td width='20%'></td>") : QString(), bg, body,
                     stats(t).isEmpty() ? QString() : QStringLiteral("<br><small style='color:#666'>%1</small>").arg(stats(t).toHtmlEscaped()),
                     user ? QString() : QStringLiteral("<td width='20%'></td>"));
  }
  log_->setHtml(html);
  log_->verticalScrollBar()->setValue(log_->verticalScrollBar()->maximum());
}

void ChatPanel::newChat() {
  turns_.clear();
  render();
}

QString ChatPanel::transcript() const {
  QStringList out;
  for (const Turn& t : turns_) out << (t.role == QLatin1String("user") ? QStringLiteral("› ") : QString()) + t.content;
  return out.join(QLatin1Char('\n'));
}

QString ChatPanel::lastStats() const { return turns_.isEmpty() ? QString() : stats(turns_.last()); }

void ChatPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslate();
    render();
  }
  QWidget::changeEvent(event);
}

void ChatPanel::retranslate() {
  key_->setPlaceholderText(tr("API key"));
  refresh_->setText(tr("Models"));
  refresh_->setToolTip(tr("Ask the endpoint which models it serves"));
  input_->setPlaceholderText(tr("Message"));
  send_->setText(tr("Send"));
  clear_->setText(tr("New chat"));
}

}  // namespace ct::ui
