#include "serve/http.h"

#include <QTcpServer>
#include <QTcpSocket>

namespace ct::serve {
namespace {
constexpr int kMaxHeaderBytes = 32 * 1024;
}

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
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
  }
}

HttpExchange::HttpExchange(QTcpSocket* socket, int64_t maxBody, int idleTimeoutMs, HttpHandler handler, QObject* parent)
    : QObject(parent), socket_(socket), maxBody_(maxBody), handler_(std::move(handler)) {
  socket_->setParent(this);
  socket_->setSocketOption(QAbstractSocket::LowDelayOption, 1);
  peer_ = socket_->peerAddress().toString();
  connect(socket_, &QTcpSocket::readyRead, this, &HttpExchange::onData);
  connect(socket_, &QTcpSocket::disconnected, this, [this] {
    const bool running = state_ == State::Handling || state_ == State::Streaming;
    state_ = State::Closed;
    if (running) Q_EMIT clientGone();
    deleteLater();
  });
  idle_.setSingleShot(true);
  idle_.setInterval(idleTimeoutMs);
  connect(&idle_, &QTimer::timeout, this, [this] {
    if (state_ == State::Reading) {
      if (!buffer_.isEmpty()) fail(408, "the request did not arrive in time");
      else close();
    }
  });
  idle_.start();
}

void HttpExchange::onData() {
  if (state_ == State::Closed) return;
  buffer_ += socket_->readAll();
  if (state_ == State::Reading) parse();
}

void HttpExchange::parse() {
  const int headerEnd = static_cast<int>(buffer_.indexOf("\r\n\r\n"));
  if (headerEnd < 0) {
    if (buffer_.size() > kMaxHeaderBytes) fail(431, "request headers over 32 KiB");
    return;
  }
  req_ = HttpRequest{};
  const QList<QByteArray> lines = buffer_.left(headerEnd).split('\n');
  const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
  if (first.size() != 3 || !first[2].startsWith("HTTP/1.")) return fail(400, "malformed request line");
  req_.method = first[0];
  const QByteArray target = first[1];
  const int q = static_cast<int>(target.indexOf('?'));
  req_.path = q < 0 ? target : target.left(q);
  req_.query = q < 0 ? QByteArray() : target.mid(q + 1);
  for (int i = 1; i < lines.size(); ++i) {
    const QByteArray line = lines[i].trimmed();
    const int colon = static_cast<int>(line.indexOf(':'));
    if (colon <= 0) return fail(400, "malformed header line");
    req_.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
  }
  keepAlive_ = first[2] == "HTTP/1.1" ? req_.headers.value("connection").toLower() != "close" : req_.headers.value("connection").toLower() == "keep-alive";
  if (req_.headers.contains("transfer-encoding")) return fail(411, "chunked request bodies are not accepted; send Content-Length");
  bool ok = true;
  const int64_t length = req_.headers.contains("content-length") ? req_.headers.value("content-length").toLongLong(&ok) : 0;
  if (!ok || length < 0) return fail(400, "bad Content-Length");
  if (length > maxBody_) return fail(413, QByteArray("request body over the ") + QByteArray::number(maxBody_) + " byte limit");
  if (buffer_.size() < headerEnd + 4 + length) return;  // wait for the rest of the body
  req_.body = buffer_.mid(headerEnd + 4, length);
  buffer_.remove(0, headerEnd + 4 + length);
  state_ = State::Handling;
  idle_.stop();
  handler_(this);
}

void HttpExchange::respond(int status, const QByteArray& contentType, const QByteArray& body, const QList<QPair<QByteArray, QByteArray>>& extra) {
  if (state_ != State::Handling && state_ != State::Reading) return;
  QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + statusText(status) + "\r\nContent-Type: " + contentType +
                    "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
  for (const auto& [k, v] : extra) head += k + ": " + v + "\r\n";
  if (!keepAlive_) head += "Connection: close\r\n";
  socket_->write(head + "\r\n" + body);
  finishExchange();
}

void HttpExchange::beginStream(const QList<QPair<QByteArray, QByteArray>>& extra) {
  if (state_ != State::Handling) return;
  QByteArray head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n";
  for (const auto& [k, v] : extra) head += k + ": " + v + "\r\n";
  socket_->write(head + "\r\n");
  state_ = State::Streaming;
}

void HttpExchange::streamEvent(const QByteArray& data) {
  if (state_ != State::Streaming) return;
  const QByteArray event = "data: " + data + "\n\n";
  socket_->write(QByteArray::number(event.size(), 16) + "\r\n" + event + "\r\n");
}

void HttpExchange::endStream() {
  if (state_ != State::Streaming) return;
  socket_->write("0\r\n\r\n");
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
  if (!buffer_.isEmpty()) parse();
}

void HttpExchange::fail(int status, const QByteArray& message) {
  keepAlive_ = false;  // the stream position is unknown after a broken request
  state_ = State::Handling;
  const QByteArray body = "{\"error\":{\"message\":\"" + message + "\",\"type\":\"invalid_request_error\",\"code\":null}}";
  respond(status, "application/json", body);
}

void HttpExchange::close() {
  if (state_ == State::Closed) return;
  state_ = State::Closed;
  socket_->disconnectFromHost();
}

HttpServer::HttpServer(HttpHandler handler, int64_t maxBody, QObject* parent)
    : QObject(parent), server_(new QTcpServer(this)), handler_(std::move(handler)), maxBody_(maxBody) {
  connect(server_, &QTcpServer::newConnection, this, [this] {
    while (QTcpSocket* s = server_->nextPendingConnection()) new HttpExchange(s, maxBody_, 120000, handler_, this);
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
