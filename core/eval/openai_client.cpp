#include "eval/openai_client.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include "util/text.h"

namespace ct::eval {

OpenAiClient::OpenAiClient(QString baseUrl, QString apiKey, int timeoutMs)
    : base_(std::move(baseUrl)), key_(std::move(apiKey)), timeoutMs_(timeoutMs), net_(new QNetworkAccessManager) {
  while (base_.endsWith(QLatin1Char('/'))) base_.chop(1);
}

OpenAiClient::~OpenAiClient() { delete net_; }

OpenAiClient::Reply OpenAiClient::wait(QNetworkReply* r) {
  QEventLoop loop;
  QTimer timer;
  timer.setSingleShot(true);
  QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
  QObject::connect(r, &QNetworkReply::finished, &loop, &QEventLoop::quit);
  timer.start(timeoutMs_);
  loop.exec();
  if (!r->isFinished()) {
    r->abort();
    Reply out;
    out.error = QStringLiteral("no answer within %1 s").arg(timeoutMs_ / 1000);
    r->deleteLater();
    return out;
  }
  Reply out = toReply(r);
  r->deleteLater();
  return out;
}

OpenAiClient::Reply OpenAiClient::toReply(QNetworkReply* r) {
  Reply out;
  out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
  const QByteArray data = r->readAll();
  out.body = ct::text::parseJson(data).object();
  if (out.status != 200) {
    const QString msg = out.body.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
    out.error = out.status == 0 ? r->errorString() : QStringLiteral("HTTP %1: %2").arg(out.status).arg(msg.isEmpty() ? QString::fromUtf8(data.left(200)) : msg);
  }
  return out;
}

QNetworkRequest OpenAiClient::request(const QString& path) const {
  QNetworkRequest req(QUrl(base_ + path));
  req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
  if (!key_.isEmpty()) req.setRawHeader("Authorization", "Bearer " + key_.toUtf8());
  req.setTransferTimeout(timeoutMs_);
  return req;
}

QNetworkReply* OpenAiClient::postAsync(const QString& path, const QJsonObject& body, std::function<void(const Reply&)> done) {
  QNetworkReply* r = net_->post(request(path), QJsonDocument(body).toJson(QJsonDocument::Compact));
  QObject::connect(r, &QNetworkReply::finished, r, [r, done = std::move(done)] {
    const Reply out = toReply(r);
    r->deleteLater();
    if (r->error() != QNetworkReply::OperationCanceledError || out.status != 0) done(out);
    else done(Reply{0, {}, QStringLiteral("cancelled or timed out")});
  });
  return r;
}

void OpenAiClient::abort(QNetworkReply* reply) {
  if (reply && reply->isRunning()) reply->abort();
}

OpenAiClient::Reply OpenAiClient::get(const QString& path) {
  QNetworkRequest req(QUrl(base_ + path));
  if (!key_.isEmpty()) req.setRawHeader("Authorization", "Bearer " + key_.toUtf8());
  return wait(net_->get(req));
}

OpenAiClient::Reply OpenAiClient::post(const QString& path, const QJsonObject& body) {
  return wait(net_->post(request(path), QJsonDocument(body).toJson(QJsonDocument::Compact)));
}

QString OpenAiClient::firstModel(QString* error) {
  const Reply r = get(QStringLiteral("/models"));
  const QJsonArray data = r.body.value(QStringLiteral("data")).toArray();
  if (r.status != 200 || data.isEmpty()) {
    if (error) *error = r.error.isEmpty() ? QStringLiteral("%1/models lists no model").arg(base_) : r.error;
    return {};
  }
  return data.first()[QStringLiteral("id")].toString();
}

QString OpenAiClient::chat(const QString& model, const QJsonArray& messages, double temperature, int maxTokens, QString* error) {
  const Reply r = post(QStringLiteral("/chat/completions"), {{QStringLiteral("model"), model}, {QStringLiteral("messages"), messages},
                                                             {QStringLiteral("temperature"), temperature}, {QStringLiteral("max_tokens"), maxTokens}});
  if (r.status != 200) {
    if (error) *error = r.error;
    return {};
  }
  return r.body.value(QStringLiteral("choices")).toArray().first()[QStringLiteral("message")][QStringLiteral("content")].toString();
}

}  // namespace ct::eval
