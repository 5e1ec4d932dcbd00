#pragma once
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace ct::eval {

// A small blocking client for OpenAI-compatible endpoints (vLLM, `ct serve`, anything else),
// for the CLI's evaluators: it runs a local event loop until the answer or the time-out.
class OpenAiClient {
 public:
  OpenAiClient(QString baseUrl, QString apiKey = {}, int timeoutMs = 120000);
  ~OpenAiClient();

  struct Reply {
    int status = 0;       // HTTP status; 0 when nothing came back
    QJsonObject body;     // the parsed JSON answer
    QString error;        // a sentence when status is not 200
  };
  Reply get(const QString& path);
  Reply post(const QString& path, const QJsonObject& body);
  // First model the endpoint lists (what to send as "model" when the user named none).
  QString firstModel(QString* error);
  // Chat completion text, or the error.
  QString chat(const QString& model, const QJsonArray& messages, double temperature, int maxTokens, QString* error);

 private:
  Reply wait(QNetworkReply* r);
  QString base_, key_;
  int timeoutMs_;
  QNetworkAccessManager* net_;
};

}  // namespace ct::eval
