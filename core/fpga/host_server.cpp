#include "fpga/host_server.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <cmath>

#include "fpga/link_protocol.h"

namespace ct::fpga {

// One client. Lives in the server's (main) thread; the worker posts results back to it.
class HostConnection : public QObject {
 public:
  HostConnection(HostServer* server, QTcpSocket* socket)
      : QObject(server), server_(server), socket_(socket), decoder_(server->options().maxFrameBytes) {
    socket_->setParent(this);
    peer_ = QStringLiteral("%1:%2").arg(socket_->peerAddress().toString()).arg(socket_->peerPort());
    connect(socket_, &QTcpSocket::readyRead, this, &HostConnection::onData);
    connect(socket_, &QTcpSocket::disconnected, this, &HostConnection::onClosed);
    connect(socket_, &QTcpSocket::bytesWritten, this, [this] {
      if (socket_->bytesToWrite() == 0) writeTimer_.stop();
    });
    readTimer_.setSingleShot(true);
    writeTimer_.setSingleShot(true);
    connect(&readTimer_, &QTimer::timeout, this, [this] { drop(QStringLiteral("an unfinished frame waited too long")); });
    connect(&writeTimer_, &QTimer::timeout, this, [this] { drop(QStringLiteral("the client stopped reading replies")); });
  }

  void send(const QByteArray& bytes) {
    if (closed_) return;
    socket_->write(bytes);
    if (!writeTimer_.isActive()) writeTimer_.start(server_->options().writeTimeoutMs);
  }

 private:
  enum class Mode { Unknown, Ct, Legacy };

  void drop(const QString& why) {
    if (closed_) return;
    server_->log(QStringLiteral("%1: disconnected: %2").arg(peer_, why));
    socket_->abort();
    onClosed();
  }

  void onClosed() {
    if (closed_) return;
    closed_ = true;
    for (auto& [id, flag] : inflight_) flag->store(true);  // a client that left cancels its requests
    deleteLater();
  }

  void onData() {
    decoder_.feed(socket_->readAll());
    for (;;) {
      QByteArray payload;
      const auto st = decoder_.next(&payload);
      if (st == link::FrameDecoder::Status::NeedMore) break;
      if (st == link::FrameDecoder::Status::TooLarge) {
        const QString why = QStringLiteral("a frame of %1 bytes is over the %2-byte limit").arg(decoder_.declared()).arg(server_->options().maxFrameBytes);
        if (mode_ == Mode::Legacy) send(link::legacyFrame(QStringLiteral("[error] ") + why, server_->options().endMarker));
        else send(link::messageFrame(link::errorMessage({}, QStringLiteral("frame_too_large"), why)));
        socket_->flush();
        drop(why);
        return;
      }
      handle(payload);
      if (closed_) return;
    }
    if (decoder_.partial()) {
      if (!readTimer_.isActive()) readTimer_.start(server_->options().readTimeoutMs);
    } else {
      readTimer_.stop();
    }
  }

  void handle(const QByteArray& payload) {
    if (mode_ == Mode::Unknown) {
      QString ignored;
      const auto m = link::parseMessage(payload, &ignored);
      mode_ = (m && m->value(QStringLiteral("type")).toString() == QLatin1String("hello")) ? Mode::Ct : Mode::Legacy;
      server_->log(QStringLiteral("%1: %2 mode").arg(peer_, mode_ == Mode::Ct ? QStringLiteral("CT") : QStringLiteral("legacy")));
    }
    if (mode_ == Mode::Legacy) legacy(payload);
    else ct(payload);
  }

  void legacy(const QByteArray& payload) {
    const QByteArray marker = server_->options().endMarker;
    QString why;
    const auto req = link::parseLegacyRequest(payload, marker, &why);
    if (!req) {
      send(link::legacyFrame(QStringLiteral("[error] ") + why, marker));
      return;
    }
    GenerateParams p = params(*req);
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    const QString id = QStringLiteral("legacy-%1").arg(++legacyCount_);
    inflight_[id] = cancel;
    QPointer<HostConnection> self(this);
    HostServer* server = server_;
    const bool queued = server_->enqueue([server, self, p, cancel, id, marker] {
      QString text;
      const GenerateOutcome r = server->backend_->generate(p, [&](const TokenOut& t) {
        text += t.text;
        return !cancel->load() && !server->shuttingDown();
      });
      QMetaObject::invokeMethod(server, [self, r, text, id, marker] {
        if (!self) return;
        self->inflight_.erase(id);
        self->send(link::legacyFrame(r.errorCode.isEmpty() ? text : QStringLiteral("[error] ") + r.error, marker));
      }, Qt::QueuedConnection);
    });
    if (!queued) {
      inflight_.erase(id);
      send(link::legacyFrame(QStringLiteral("[error] the host is busy; try again"), marker));
    }
  }

  GenerateParams params(const QJsonObject& o) const {
    GenerateParams p;
    p.messages = o.value(QStringLiteral("messages")).toArray();
    p.prompt = o.value(QStringLiteral("prompt")).toString();
    for (const QJsonValue v : o.value(QStringLiteral("prompt_ids")).toArray()) p.promptIds.push_back(v.toInt());
    p.temperature = o.value(QStringLiteral("temperature")).toDouble(0.0);
    p.topP = o.value(QStringLiteral("top_p")).toDouble(1.0);
    p.topK = o.value(QStringLiteral("top_k")).toInt(0);
    p.maxTokens = o.value(QStringLiteral("max_tokens")).toInt(server_->options().defaultMaxTokens);
    // Seeds arrive as JSON numbers, possibly negative or huge: bring them into range without UB.
    const double seed = o.value(QStringLiteral("seed")).toDouble(0);
    p.seed = !std::isfinite(seed) ? 0 : seed >= 0 ? (seed < 1.8e19 ? static_cast<uint64_t>(seed) : 0) : static_cast<uint64_t>(static_cast<int64_t>(std::max(seed, -9.2e18)));
    p.contextLimit = o.value(QStringLiteral("context_length")).toInt(0);
    return p;
  }

  void ct(const QByteArray& payload) {
    QString why;
    const auto m = link::parseMessage(payload, &why);
    if (!m) {
      // Answer under the request's id when the frame is JSON enough to carry one.
      const QString id = QJsonDocument::fromJson(payload).object().value(QStringLiteral("id")).toString();
      send(link::messageFrame(link::errorMessage(id, QStringLiteral("bad_frame"), why)));
      return;
    }
    const QString type = m->value(QStringLiteral("type")).toString();
    const QString id = m->value(QStringLiteral("id")).toString();
    if (type == QLatin1String("hello")) {
      send(link::messageFrame({{QStringLiteral("type"), QStringLiteral("hello")},
                               {QStringLiteral("version"), link::kVersion},
                               {QStringLiteral("mode"), QStringLiteral("ct")},
                               {QStringLiteral("model"), server_->backend_->name()},
                               {QStringLiteral("context_length"), server_->backend_->contextLength()},
                               {QStringLiteral("max_tokens"), server_->options().defaultMaxTokens},
                               {QStringLiteral("max_queue"), server_->options().maxQueued},
                               {QStringLiteral("max_frame_bytes"), static_cast<double>(server_->options().maxFrameBytes)}}));
    } else if (type == QLatin1String("ping")) {
      QJsonObject pong{{QStringLiteral("type"), QStringLiteral("pong")}};
      if (m->contains(QStringLiteral("id"))) pong.insert(QStringLiteral("id"), m->value(QStringLiteral("id")));
      send(link::messageFrame(pong));
    } else if (type == QLatin1String("cancel")) {
      auto it = inflight_.find(id);
      if (it != inflight_.end()) it->second->store(true);
    } else if (type == QLatin1String("generate") || type == QLatin1String("score")) {
      if (inflight_.count(id)) {
        send(link::messageFrame(link::errorMessage(id, QStringLiteral("duplicate_id"), QStringLiteral("request %1 is already running on this connection").arg(id))));
        return;
      }
      start(type, id, *m);
    } else {
      send(link::messageFrame(link::errorMessage(id, QStringLiteral("unexpected"), QStringLiteral("a client does not send \"%1\" frames").arg(type))));
    }
  }

  void start(const QString& type, const QString& id, const QJsonObject& m) {
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    inflight_[id] = cancel;
    QPointer<HostConnection> self(this);
    HostServer* server = server_;
    std::function<void()> work;
    if (type == QLatin1String("score")) {
      const QString text = m.value(QStringLiteral("text")).toString();
      std::vector<int> ids;
      for (const QJsonValue v : m.value(QStringLiteral("token_ids")).toArray()) ids.push_back(v.toInt());
      work = [server, self, id, text, ids, cancel] {
        const ScoreOutcome r = cancel->load() ? ScoreOutcome{} : server->backend_->score(text, ids);
        QMetaObject::invokeMethod(server, [self, id, r] {
          if (!self) return;
          self->inflight_.erase(id);
          if (!r.errorCode.isEmpty()) {
            self->send(link::messageFrame(link::errorMessage(id, r.errorCode, r.error)));
            return;
          }
          QJsonArray ids, tokens, logprobs, topIds, topTokens, topLogprobs;
          for (int v : r.ids) ids.append(v);
          for (const QString& t : r.tokens) tokens.append(t);
          for (double v : r.logprobs) logprobs.append(std::isnan(v) ? QJsonValue() : QJsonValue(v));
          for (int v : r.topIds) topIds.append(v < 0 ? QJsonValue() : QJsonValue(v));
          for (const QString& t : r.topTokens) topTokens.append(t);
          for (double v : r.topLogprobs) topLogprobs.append(std::isnan(v) ? QJsonValue() : QJsonValue(v));
          QJsonObject scored{{QStringLiteral("type"), QStringLiteral("scored")}, {QStringLiteral("id"), id},
                             {QStringLiteral("token_ids"), ids}, {QStringLiteral("tokens"), tokens}, {QStringLiteral("logprobs"), logprobs},
                             {QStringLiteral("top_token_ids"), topIds}, {QStringLiteral("top_tokens"), topTokens}, {QStringLiteral("top_logprobs"), topLogprobs}};
          if (r.nextId >= 0)
            scored.insert(QStringLiteral("next"), QJsonObject{{QStringLiteral("token_id"), r.nextId}, {QStringLiteral("token"), r.nextToken}, {QStringLiteral("logprob"), r.nextLogprob}});
          self->send(link::messageFrame(scored));
        }, Qt::QueuedConnection);
      };
    } else {
      const GenerateParams p = params(m);
      work = [server, self, id, p, cancel] {
        GenerateOutcome r;
        if (cancel->load()) r.finishReason = QStringLiteral("cancelled");
        else
          r = server->backend_->generate(p, [&](const TokenOut& t) {
            QMetaObject::invokeMethod(server, [self, id, t] {
              if (!self) return;
              QJsonObject tok{{QStringLiteral("type"), QStringLiteral("token")}, {QStringLiteral("id"), id}, {QStringLiteral("text"), t.text}};
              if (t.id >= 0) {
                tok.insert(QStringLiteral("token_id"), t.id);
                tok.insert(QStringLiteral("logprob"), t.logprob);
              }
              self->send(link::messageFrame(tok));
            }, Qt::QueuedConnection);
            return !cancel->load() && !server->shuttingDown();
          });
        QMetaObject::invokeMethod(server, [self, id, r] {
          if (!self) return;
          self->inflight_.erase(id);
          if (!r.errorCode.isEmpty()) {
            self->send(link::messageFrame(link::errorMessage(id, r.errorCode, r.error)));
            return;
          }
          self->send(link::messageFrame({{QStringLiteral("type"), QStringLiteral("done")},
                                         {QStringLiteral("id"), id},
                                         {QStringLiteral("finish_reason"), r.finishReason},
                                         {QStringLiteral("prompt_tokens"), r.promptTokens},
                                         {QStringLiteral("completion_tokens"), r.completionTokens},
                                         {QStringLiteral("prefill_ms"), r.prefillMs},
                                         {QStringLiteral("decode_ms"), r.decodeMs}}));
          self->server_->log(QStringLiteral("%1: %2 %3, %4 + %5 tokens, %6 ms").arg(self->peer_, id, r.finishReason).arg(r.promptTokens).arg(r.completionTokens)
                                 .arg(r.prefillMs + r.decodeMs, 0, 'f', 0));
        }, Qt::QueuedConnection);
      };
    }
    if (!server_->enqueue(std::move(work))) {
      inflight_.erase(id);
      send(link::messageFrame(link::errorMessage(id, QStringLiteral("busy"), QStringLiteral("%1 requests are waiting; try again").arg(server_->options().maxQueued))));
    }
  }

  HostServer* server_;
  QTcpSocket* socket_;
  link::FrameDecoder decoder_;
  Mode mode_ = Mode::Unknown;
  std::map<QString, std::shared_ptr<std::atomic<bool>>> inflight_;
  QTimer readTimer_, writeTimer_;
  QString peer_;
  int legacyCount_ = 0;
  bool closed_ = false;
};

HostServer::HostServer(std::unique_ptr<HostBackend> backend, HostOptions options, QObject* parent)
    : QObject(parent), backend_(std::move(backend)), options_(std::move(options)), server_(new QTcpServer(this)) {
  connect(server_, &QTcpServer::newConnection, this, [this] {
    while (QTcpSocket* s = server_->nextPendingConnection()) {
      new HostConnection(this, s);
      log(QStringLiteral("connection from %1:%2").arg(s->peerAddress().toString()).arg(s->peerPort()));
    }
  });
  worker_ = std::thread([this] { workerLoop(); });
}

HostServer::~HostServer() {
  shutdown_.store(true);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  worker_.join();
}

bool HostServer::listen(QString* error) {
  if (!server_->listen(options_.address, options_.port)) {
    if (error) *error = QStringLiteral("cannot listen on %1:%2: %3").arg(options_.address.toString()).arg(options_.port).arg(server_->errorString());
    return false;
  }
  return true;
}

quint16 HostServer::port() const { return server_->serverPort(); }

bool HostServer::enqueue(std::function<void()> work) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // Waiting + running, counted from acceptance to completion: whether the worker has picked the
    // running one up yet must not change the answer (ct serve admits exactly maxQueued + 1).
    if (accepted_ >= options_.maxQueued + 1) return false;
    ++accepted_;
    queue_.push_back(std::move(work));
  }
  wake_.notify_one();
  return true;
}

void HostServer::workerLoop() {
  for (;;) {
    std::function<void()> work;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    work();
    std::lock_guard<std::mutex> lock(mutex_);
    --accepted_;
  }
}

}  // namespace ct::fpga
