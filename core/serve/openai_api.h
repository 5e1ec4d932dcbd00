#pragma once
#include <QDateTime>
#include <QJsonObject>
#include <QObject>

#include "serve/host_link.h"
#include "serve/http.h"
#include "serve/serve_options.h"

namespace ct::serve {

// The OpenAI-compatible HTTP API over the FPGA link: /health, /v1/models, /v1/chat/completions
// (plain and server-sent events), /v1/completions (including echo + logprobs as lm-eval sends it)
// and /v1/responses (the text subset). OpenAI-shaped bodies and errors; one log line per request,
// prompts only when asked.
class OpenAiServer : public QObject {
  Q_OBJECT
 public:
  OpenAiServer(HostLink* link, ServeOptions options, QObject* parent = nullptr);
  bool listen(QString* error);
  quint16 port() const;
  QString modelName() const;
  int contextLength() const;
  // Requests admitted at once: --queue-depth, and never more than the host accepts.
  int admissionLimit() const;

 Q_SIGNALS:
  void logLine(const QString& line);
  void requestDone(const QJsonObject& summary);  // id, path, status, tokens, ms (and key when one was used)

 private:
  void handle(HttpExchange* ex);
  struct Caller {
    bool ok = false;
    QString keyId, reason;
  };
  Caller authorize(const HttpRequest& r) const;
  void finished(const QString& requestId, const QByteArray& method, const QByteArray& path, int status, int promptTokens, int completionTokens,
                qint64 startedMs, const QString& keyId);

  HostLink* link_;
  ServeOptions options_;
  HttpServer* http_;
  qint64 created_;
  int inFlight_ = 0;
  quint64 counter_ = 0;
};

bool constantTimeEquals(const QByteArray& a, const QByteArray& b);

}  // namespace ct::serve
