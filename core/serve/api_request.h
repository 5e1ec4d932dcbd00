#pragma once
// One generation request from the moment it is admitted to its last byte: the host request(s),
// stop strings, streaming (started only when the host has produced something, so a refusal is
// still a proper HTTP error), the time-out and the client leaving. It owns everything the request
// holds and deletes itself when it ends, so nothing outlives the request.
#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include "serve/reply_json.h"
#include "serve/request_checks.h"

namespace ct::serve {

class HostLink;
class HttpExchange;
class StopFilter;

class ApiRequest : public QObject {
  Q_OBJECT
 public:
  enum class Kind { Chat, Completion, Response };
  struct Context {
    QString rid;     // req-N, for logs and x-request-id
    QString model;   // served name
    int timeoutMs = 300000;
    QJsonObject body;  // the request body (Responses echoes some fields back)
  };
  ApiRequest(Kind kind, GenerationSpec spec, Context ctx, HostLink* link, HttpExchange* ex, QObject* parent);
  ~ApiRequest() override;
  void start();

 Q_SIGNALS:
  // Exactly once: the HTTP status sent (499 when the client left) and the tokens counted.
  void ended(int status, int promptTokens, int completionTokens);

 private:
  void submitGenerate();
  void onToken(const QJsonObject& t);
  void onDone(const QJsonObject& d);
  void onScored(const QJsonObject& d);
  void onError(const QString& code, const QString& message);
  void afterStopString();
  void ensureStream();
  void emitText(const QString& text, const QJsonArray& logprobs);
  void finish(QString reason);
  void end(int status);
  void responseEvent(const QString& type, const QJsonObject& fields);

  Kind kind_;
  GenerationSpec spec_;
  Context ctx_;
  HostLink* link_;
  QPointer<HttpExchange> ex_;
  reply::Meta meta_;
  std::unique_ptr<StopFilter> filter_;
  QTimer timeout_, stopGrace_;
  QString hostId_, text_;
  QJsonArray tokens_, tokenLogprobs_, topLogprobs_, chatLogprobs_;
  int prompt_ = 0, completion_ = 0, sequence_ = 0;
  bool stopped_ = false, streamStarted_ = false, over_ = false;
};

}  // namespace ct::serve
