#pragma once
#include <QDateTime>
#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include "serve/http.h"
#include "serve/host_link.h"

namespace ct::serve {

struct ServeOptions {
  QHostAddress bind = QHostAddress::LocalHost;
  quint16 port = 8000;
  QStringList apiKeys;  // empty: no key needed
  QString modelName;    // served name; empty: the host's
  int contextLength = 0;    // 0: the host's
  int defaultMaxTokens = 256;
  int maxMaxTokens = 4096;
  double defaultTemperature = 0.7;
  int64_t maxBodyBytes = 4 << 20;
  int requestTimeoutMs = 300000;
  int queueDepth = 64;  // requests in flight before 429
  bool logPrompts = false;
};

// The OpenAI-compatible HTTP API over the FPGA link: /health, /v1/models, /v1/chat/completions
// (plain and server-sent events), /v1/completions (including echo + logprobs as lm-eval sends
// it). OpenAI-shaped bodies and errors; one log line per request, prompts only when asked.
class OpenAiServer : public QObject {
  Q_OBJECT
 public:
  OpenAiServer(HostLink* link, ServeOptions options, QObject* parent = nullptr);
  bool listen(QString* error);
  quint16 port() const;
  QString modelName() const;
  int contextLength() const;

 Q_SIGNALS:
  void logLine(const QString& line);
  void requestDone(const QJsonObject& summary);  // id, path, status, tokens, ms

 private:
  void handle(HttpExchange* ex);
  bool authorized(const HttpRequest& r) const;
  void chat(HttpExchange* ex, const QJsonObject& body, const QString& requestId);
  void completions(HttpExchange* ex, const QJsonObject& body, const QString& requestId);
  void error(HttpExchange* ex, int status, const QString& message, const QString& type, const QString& code, const QString& requestId);
  void finished(const QString& requestId, const HttpRequest& r, int status, int promptTokens, int completionTokens, qint64 startedMs);

  HostLink* link_;
  ServeOptions options_;
  HttpServer* http_;
  qint64 created_;
  int inFlight_ = 0;
  quint64 counter_ = 0;
};

// Validation helpers shared by the routes (and unit tests): OpenAI's field rules.
QString checkChatBody(const QJsonObject& body);
bool constantTimeEquals(const QByteArray& a, const QByteArray& b);

}  // namespace ct::serve
