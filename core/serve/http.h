#pragma once
// A small HTTP/1.1 server for the OpenAI-compatible API: keep-alive, Content-Length request
// bodies with a size limit, fixed-length responses and chunked server-sent-event streams.
// Written on QTcpServer so that streaming, limits and time-outs are fully under our control.
#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>

class QTcpServer;
class QTcpSocket;

namespace ct::serve {

struct HttpRequest {
  QByteArray method, path, query;
  QHash<QByteArray, QByteArray> headers;  // names lower-cased
  QByteArray body;
};

class HttpExchange;
using HttpHandler = std::function<void(HttpExchange*)>;

// One connection; a request is answered through respond() or a stream, then the next is read.
class HttpExchange : public QObject {
  Q_OBJECT
 public:
  HttpExchange(QTcpSocket* socket, int64_t maxBody, int idleTimeoutMs, HttpHandler handler, QObject* parent);

  const HttpRequest& request() const { return req_; }
  QString peer() const { return peer_; }
  void respond(int status, const QByteArray& contentType, const QByteArray& body, const QList<QPair<QByteArray, QByteArray>>& extra = {});
  void beginStream(const QList<QPair<QByteArray, QByteArray>>& extra = {});  // text/event-stream, chunked
  void streamEvent(const QByteArray& data);                                   // writes "data: ...\n\n"
  void endStream();
  bool answered() const { return state_ != State::Handling; }
  bool streaming() const { return state_ == State::Streaming; }

 Q_SIGNALS:
  void clientGone();  // the client closed the connection while its request was running

 private:
  enum class State { Reading, Handling, Streaming, Closed };
  void onData();
  void parse();
  void fail(int status, const QByteArray& message);
  void finishExchange();
  void close();

  QTcpSocket* socket_;
  int64_t maxBody_;
  HttpHandler handler_;
  QByteArray buffer_;
  HttpRequest req_;
  State state_ = State::Reading;
  bool keepAlive_ = true;
  QTimer idle_;
  QString peer_;
};

class HttpServer : public QObject {
  Q_OBJECT
 public:
  HttpServer(HttpHandler handler, int64_t maxBody, QObject* parent = nullptr);
  bool listen(const QHostAddress& address, quint16 port, QString* error);
  quint16 port() const;

 private:
  QTcpServer* server_;
  HttpHandler handler_;
  int64_t maxBody_;
};

QByteArray statusText(int status);

}  // namespace ct::serve
