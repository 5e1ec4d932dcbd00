#pragma once
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

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
  // Without blocking: `done` runs on this thread's event loop when the answer (or the time-out)
  // arrives. Returns a handle that abort() takes.
  QNetworkReply* postAsync(const QString& path, const QJsonObject& body, std::function<void(const Reply&)> done);
  static void abort(QNetworkReply* reply);
  const QString& baseUrl() const { return base_; }
  // First model the endpoint lists (what to send as "model" when the user named none).
  QString firstModel(QString* error);
  // Chat completion text, or the error.
  QString chat(const QString& model, const QJsonArray& messages, double temperature, int maxTokens, QString* error);

 private:
  Reply wait(QNetworkReply* r);
  static Reply toReply(QNetworkReply* r);
  QNetworkRequest request(const QString& path) const;
  QString base_, key_;
  int timeoutMs_;
  QNetworkAccessManager* net_;
};

}  // namespace ct::eval
