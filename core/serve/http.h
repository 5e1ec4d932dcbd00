#pragma once
// A small HTTP/1.1 server for the OpenAI-compatible API: keep-alive and pipelining, Content-Length
// and chunked request bodies with limits, fixed-length responses and chunked server-sent-event
// streams. Written on QTcpServer so that streaming, limits, back-pressure and time-outs are fully
// under our control.
#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QTimer>
#include <functional>

#include "serve/http_parser.h"

class QTcpServer;
class QTcpSocket;

namespace ct::serve {

class HttpExchange;
using HttpHandler = std::function<void(HttpExchange*)>;
using Headers = QList<QPair<QByteArray, QByteArray>>;
// An error the HTTP layer answered itself (malformed request, limits): peer, status, reason.
using HttpErrorLogger = std::function<void(const QString& peer, int status, const QByteArray& message)>;

// One connection; a request is answered through respond() or a stream, then the next is read.
class HttpExchange : public QObject {
  Q_OBJECT
 public:
  HttpExchange(QTcpSocket* socket, HttpLimits limits, int idleTimeoutMs, HttpHandler handler, HttpErrorLogger logger, QObject* parent);

  const HttpRequest& request() const { return req_; }
  QString peer() const { return peer_; }
  void respond(int status, const QByteArray& contentType, const QByteArray& body, const Headers& extra = {});
  void beginStream(const Headers& extra = {});  // text/event-stream, chunked
  // Writes "event: NAME\n" (when given) and "data: ...\n\n".
  void streamEvent(const QByteArray& data, const QByteArray& event = {});
  void endStream();
  bool answered() const { return state_ != State::Handling; }
  bool streaming() const { return state_ == State::Streaming; }

 Q_SIGNALS:
  void clientGone();  // the client closed the connection while its request was running

 private:
  enum class State { Reading, Handling, Streaming, Lingering, Closed };
  void onData();
  void pump();
  void fail(int status, const QByteArray& message);
  void finishExchange();
  void close();
  void linger();
  void write(const QByteArray& bytes);

  QTcpSocket* socket_;
  HttpLimits limits_;
  HttpHandler handler_;
  HttpErrorLogger logger_;
  HttpRequestParser parser_;
  QByteArray buffer_;
  int64_t front_ = 0;  // bytes of buffer_ already answered (dropped in batches, not per request)
  HttpRequest req_;
  State state_ = State::Reading;
  bool keepAlive_ = true;
  bool pumping_ = false;
  bool waitingForDrain_ = false;
  QTimer idle_, lingerTimer_;
  QString peer_;
};

class HttpServer : public QObject {
  Q_OBJECT
 public:
  HttpServer(HttpHandler handler, HttpLimits limits, QObject* parent = nullptr);
  bool listen(const QHostAddress& address, quint16 port, QString* error);
  quint16 port() const;
  void setErrorLogger(HttpErrorLogger logger) { logger_ = std::move(logger); }

 private:
  QTcpServer* server_;
  HttpHandler handler_;
  HttpErrorLogger logger_;
  HttpLimits limits_;
};

QByteArray statusText(int status);
// The OpenAI error body {"error":{"message","type","param","code"}}, shared by every layer.
QByteArray openAiErrorJson(const QString& message, const QString& type, const QString& param = {}, const QString& code = {});

}  // namespace ct::serve
