#include "serve/http.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <sys/socket.h>

namespace ct::serve {
namespace {
// Bytes read ahead of the request being answered (pipelined requests); past this the socket is
// left unread, so TCP flow control holds the client back instead of our memory.
constexpr int64_t kReadAhead = 256 * 1024;
// Unsent response bytes past which no further pipelined request is answered until the client reads.
constexpr int64_t kMaxUnsent = 1 << 20;
// After an error that closes the connection: how long the rest of an upload is read and dropped,
// so that the client sees the response rather than a reset.
constexpr int kLingerMs = 2000;
}  // namespace

QByteArray statusText(int status) {
  switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Status";
  }
}

QByteArray openAiErrorJson(const QString& message, const QString& type, const QString& param, const QString& code) {
  const QJsonObject e{{QStringLiteral("message"), message},
                      {QStringLiteral("type"), type},
                      {QStringLiteral("param"), param.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(param)},
                      {QStringLiteral("code"), code.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(code)}};
  return QJsonDocument(QJsonObject{{QStringLiteral("error"), e}}).toJson(QJsonDocument::Compact);
}

HttpExchange::HttpExchange(QTcpSocket* socket, HttpLimits limits, int idleTimeoutMs, HttpHandler handler, HttpErrorLogger logger, QObject* parent)
    : QObject(parent), socket_(socket), limits_(limits), handler_(std::move(handler)), logger_(std::move(logger)), parser_(limits) {
  socket_->setParent(this);
  socket_->setSocketOption(QAbstractSocket::LowDelayOption, 1);
  socket_->setReadBufferSize(kReadAhead);
  peer_ = socket_->peerAddress().toString();
  connect(socket_, &QTcpSocket::readyRead, this, &HttpExchange::onData);
  connect(socket_, &QTcpSocket::bytesWritten, this, [this] {
    if (state_ == State::Lingering && socket_->bytesToWrite() == 0) {
      ::shutdown(static_cast<int>(socket_->socketDescriptor()), SHUT_WR);  // response out; keep reading what the client still sends
    }
    if (waitingForDrain_ && socket_->bytesToWrite() < kMaxUnsent / 2) {
      waitingForDrain_ = false;
      pump();
    }
  });
  connect(socket_, &QTcpSocket::disconnected, this, [this] {
    const bool running = state_ == State::Handling || state_ == State::Streaming;
    state_ = State::Closed;
    if (running) Q_EMIT clientGone();
    deleteLater();
  });
  idle_.setSingleShot(true);
  idle_.setInterval(idleTimeoutMs);
  connect(&idle_, &QTimer::timeout, this, [this] {
    if (state_ != State::Reading) return;
    if (parser_.started() || buffer_.size() > front_) fail(408, "the request did not arrive in time");
    else close();
  });
  lingerTimer_.setSingleShot(true);
  connect(&lingerTimer_, &QTimer::timeout, this, [this] {
    state_ = State::Closed;
    socket_->abort();
    deleteLater();
  });
  idle_.start();
}

void HttpExchange::onData() {
  if (state_ == State::Closed) return;
  if (state_ == State::Lingering) {
    socket_->readAll();  // dropped: the connection closes once the client has seen our answer
    return;
  }
  // While a request is being answered, read ahead only so far; the kernel holds the rest.
  if (state_ != State::Reading && buffer_.size() - front_ >= kReadAhead) return;
  buffer_ += socket_->readAll();
  if (state_ == State::Reading) pump();
}

// Answers as many buffered requests as are complete, in a loop (never by recursion, so any
// number of pipelined requests is safe), stopping while the client is not reading our answers.
void HttpExchange::pump() {
  if (pumping_) return;
  pumping_ = true;
  while (state_ == State::Reading) {
    if (socket_->bytesToWrite() > kMaxUnsent) {
      waitingForDrain_ = true;
      break;
    }
    if (socket_->bytesAvailable() > 0) buffer_ += socket_->readAll();
    const auto status = parser_.parse(buffer_);
    if (status == HttpRequestParser::Status::NeedMore) break;
    if (status == HttpRequestParser::Status::Error) {
      fail(parser_.errorStatus(), parser_.errorMessage());
      break;
    }
    req_ = std::move(parser_.request());
    front_ = parser_.end();
    if (front_ == buffer_.size() || front_ > (64 << 10)) {
      buffer_.remove(0, front_);
      front_ = 0;
    }
    parser_.reset(front_);
    keepAlive_ = req_.keepAlive;
    state_ = State::Handling;
    idle_.stop();
    handler_(this);
  }
  pumping_ = false;
}

void HttpExchange::write(const QByteArray& bytes) {
  if (state_ != State::Closed) socket_->write(bytes);
}

void HttpExchange::respond(int status, const QByteArray& contentType, const QByteArray& body, const Headers& extra) {
  if (state_ != State::Handling && state_ != State::Reading) return;
  QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + statusText(status) + "\r\nContent-Type: " + contentType +
                    "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
  for (const auto& [k, v] : extra) head += k + ": " + v + "\r\n";
  if (!keepAlive_) head += "Connection: close\r\n";
  write(req_.head() ? head + "\r\n" : head + "\r\n" + body);  // HEAD: the headers GET would send, no body
  finishExchange();
}

void HttpExchange::beginStream(const Headers& extra) {
  if (state_ != State::Handling) return;
  QByteArray head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n";
  for (const auto& [k, v] : extra) head += k + ": " + v + "\r\n";
  if (!keepAlive_) head += "Connection: close\r\n";
  write(head + "\r\n");
  state_ = State::Streaming;
}

void HttpExchange::streamEvent(const QByteArray& data, const QByteArray& event) {
  if (state_ != State::Streaming) return;
  const QByteArray chunk = (event.isEmpty() ? QByteArray() : "event: " + event + '\n') + "data: " + data + "\n\n";
  write(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n");
}

void HttpExchange::endStream() {
  if (state_ != State::Streaming) return;
  write("0\r\n\r\n");
  finishExchange();
}

void HttpExchange::finishExchange() {
  if (!keepAlive_) {
    socket_->flush();
    close();
    return;
  }
  state_ = State::Reading;
  idle_.start();
  // A pipelined request may be waiting; answer it from the event loop when not already pumping.
  if (!pumping_) QMetaObject::invokeMethod(this, &HttpExchange::pump, Qt::QueuedConnection);
}

void HttpExchange::fail(int status, const QByteArray& message) {
  if (logger_) logger_(peer_, status, message);
  keepAlive_ = false;  // the stream position is unknown after a broken request
  const QString type = status >= 500 ? QStringLiteral("server_error") : QStringLiteral("invalid_request_error");
  const QByteArray body = openAiErrorJson(QString::fromUtf8(message), type);
  write("HTTP/1.1 " + QByteArray::number(status) + ' ' + statusText(status) + "\r\nContent-Type: application/json\r\nContent-Length: " +
        QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  linger();
}

void HttpExchange::linger() {
  if (state_ == State::Closed) return;
  state_ = State::Lingering;
  idle_.stop();
  buffer_.clear();
  front_ = 0;
  lingerTimer_.start(kLingerMs);
  socket_->flush();
  if (socket_->bytesToWrite() == 0) ::shutdown(static_cast<int>(socket_->socketDescriptor()), SHUT_WR);
  socket_->readAll();
}

void HttpExchange::close() {
  if (state_ == State::Closed || state_ == State::Lingering) return;
  state_ = State::Closed;
  socket_->disconnectFromHost();
}

HttpServer::HttpServer(HttpHandler handler, HttpLimits limits, QObject* parent)
    : QObject(parent), server_(new QTcpServer(this)), handler_(std::move(handler)), limits_(limits) {
  connect(server_, &QTcpServer::newConnection, this, [this] {
    while (QTcpSocket* s = server_->nextPendingConnection()) new HttpExchange(s, limits_, 120000, handler_, logger_, this);
  });
}

bool HttpServer::listen(const QHostAddress& address, quint16 port, QString* error) {
  if (!server_->listen(address, port)) {
    if (error) *error = QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(server_->errorString());
    return false;
  }
  return true;
}

quint16 HttpServer::port() const { return server_->serverPort(); }

}  // namespace ct::serve
