#include "serve/host_link.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ct::serve {

HostLink::HostLink(Options options, QObject* parent)
    : QObject(parent), options_(std::move(options)), mode_(options_.mode), decoder_(options_.maxFrame) {
  retry_.setSingleShot(true);
  helloTimeout_.setSingleShot(true);
  connect(&retry_, &QTimer::timeout, this, &HostLink::connectNow);
  connect(&socket_, &QTcpSocket::connected, this, &HostLink::onConnected);
  connect(&socket_, &QTcpSocket::readyRead, this, &HostLink::onData);
  connect(&socket_, &QTcpSocket::disconnected, this, [this] { onDropped(QStringLiteral("the host closed the connection")); });
  connect(&socket_, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
    if (socket_.state() != QAbstractSocket::ConnectedState) onDropped(socket_.errorString());
  });
  connect(&helloTimeout_, &QTimer::timeout, this, [this] {
    // No hello back: an older host program. Reconnect and speak its protocol.
    Q_EMIT logLine(QStringLiteral("host did not answer hello; switching to legacy mode"));
    mode_ = Mode::Legacy;
    hello_ = {};
    socket_.abort();
    onDropped(QStringLiteral("switching to legacy mode"));
    retry_.start(0);
  });
}

HostLink::~HostLink() {
  // The socket would report its own closing to a half-destroyed link otherwise.
  socket_.disconnect(this);
  retry_.stop();
  helloTimeout_.stop();
}

void HostLink::start() { connectNow(); }

QString HostLink::stateName() const {
  switch (state_) {
    case State::Down: return QStringLiteral("down");
    case State::Connecting: return QStringLiteral("connecting");
    case State::Ready: return QStringLiteral("ready");
  }
  return {};
}

void HostLink::setState(State s) {
  if (s == state_) return;
  state_ = s;
  Q_EMIT stateChanged();
}

void HostLink::connectNow() {
  if (socket_.state() != QAbstractSocket::UnconnectedState) return;
  setState(State::Connecting);
  decoder_ = fpga::link::FrameDecoder(options_.maxFrame);
  socket_.connectToHost(options_.host, options_.port);
}

void HostLink::onConnected() {
  socket_.setSocketOption(QAbstractSocket::LowDelayOption, 1);
  if (mode_ == Mode::Legacy) {
    backoffMs_ = 200;
    Q_EMIT logLine(QStringLiteral("connected to %1:%2 (legacy mode)").arg(options_.host).arg(options_.port));
    setState(State::Ready);
    sendNextLegacy();
    return;
  }
  socket_.write(fpga::link::messageFrame({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("version"), fpga::link::kVersion},
                                          {QStringLiteral("client"), QStringLiteral("ct serve")}}));
  helloTimeout_.start(mode_ == Mode::Ct ? 10000 : 2000);
}

void HostLink::onDropped(const QString& why) {
  if (dropping_) return;  // abort() below reports the same loss again
  dropping_ = true;
  helloTimeout_.stop();
  const bool wasUp = state_ != State::Down;
  setState(State::Down);
  failAll(QStringLiteral("host_unavailable"), QStringLiteral("the link to the FPGA host was lost (%1)").arg(why));
  if (socket_.state() != QAbstractSocket::UnconnectedState) socket_.abort();
  if (wasUp) Q_EMIT logLine(QStringLiteral("link down: %1; retrying in %2 ms").arg(why).arg(backoffMs_));
  if (!retry_.isActive()) retry_.start(backoffMs_);
  // Capped at 1 s so the service is back within about a second of the host, however long it was away.
  backoffMs_ = std::min(backoffMs_ * 2, 1000);
  dropping_ = false;
}

void HostLink::failAll(const QString& code, const QString& message) {
  const auto pending = handlers_;
  handlers_.clear();
  legacyQueue_.clear();
  legacyCurrent_.clear();
  for (const Handlers& h : pending)
    if (h.error) h.error(code, message);
}

void HostLink::onData() {
  decoder_.feed(socket_.readAll());
  for (;;) {
    QByteArray payload;
    const auto st = decoder_.next(&payload);
    if (st == fpga::link::FrameDecoder::Status::NeedMore) return;
    if (st == fpga::link::FrameDecoder::Status::TooLarge) {
      onDropped(QStringLiteral("the host sent a frame over the size limit"));
      return;
    }
    if (mode_ == Mode::Legacy) {
      const QString id = legacyCurrent_;
      legacyCurrent_.clear();
      const Handlers h = handlers_.take(id);
      QByteArray text = payload;
      if (text.endsWith(options_.endMarker)) text.chop(options_.endMarker.size());
      const QString s = QString::fromUtf8(text);
      if (s.startsWith(QLatin1String("[error]"))) {
        if (h.error) h.error(QStringLiteral("host_error"), s.mid(7).trimmed());
      } else {
        if (h.token) h.token({{QStringLiteral("type"), QStringLiteral("token")}, {QStringLiteral("id"), id}, {QStringLiteral("text"), s}});
        if (h.done) h.done({{QStringLiteral("type"), QStringLiteral("done")}, {QStringLiteral("id"), id}, {QStringLiteral("finish_reason"), QStringLiteral("stop")}});
      }
      sendNextLegacy();
      continue;
    }
    QString why;
    const auto m = fpga::link::parseMessage(payload, &why);
    if (!m) {
      Q_EMIT logLine(QStringLiteral("ignoring a bad frame from the host: %1").arg(why));
      continue;
    }
    if (state_ != State::Ready) {
      if (m->value(QStringLiteral("type")).toString() == QLatin1String("hello")) {
        helloTimeout_.stop();
        hello_ = *m;
        mode_ = Mode::Ct;
        backoffMs_ = 200;
        Q_EMIT logLine(QStringLiteral("connected to %1:%2 (CT mode, model %3, context %4)")
                           .arg(options_.host).arg(options_.port).arg(m->value(QStringLiteral("model")).toString()).arg(m->value(QStringLiteral("context_length")).toInt()));
        setState(State::Ready);
      }
      continue;
    }
    deliver(*m);
  }
}

void HostLink::deliver(const QJsonObject& frame) {
  const QString type = frame.value(QStringLiteral("type")).toString();
  const QString id = frame.value(QStringLiteral("id")).toString();
  auto it = handlers_.find(id);
  if (it == handlers_.end()) return;  // a cancelled request's late frames
  if (type == QLatin1String("token")) {
    // A copy: the handler may cancel its own request, which erases the stored one while it runs.
    const auto token = it->token;
    if (token) token(frame);
  } else if (type == QLatin1String("done") || type == QLatin1String("scored")) {
    const Handlers h = *it;
    handlers_.erase(it);
    if (h.done) h.done(frame);
  } else if (type == QLatin1String("error")) {
    const Handlers h = *it;
    handlers_.erase(it);
    if (h.error) h.error(frame.value(QStringLiteral("code")).toString(), frame.value(QStringLiteral("message")).toString());
  }
}

QString HostLink::submit(const QString& type, QJsonObject body, Handlers handlers) {
  const QString id = QStringLiteral("s%1").arg(++counter_);
  if (state_ != State::Ready || (mode_ == Mode::Legacy && type != QLatin1String("generate"))) {
    const QString msg = state_ != State::Ready ? QStringLiteral("the FPGA host is not connected (link %1)").arg(stateName())
                                               : QStringLiteral("the host speaks the legacy protocol, which has no log-probabilities");
    const QString code = state_ != State::Ready ? QStringLiteral("host_unavailable") : QStringLiteral("not_supported");
    QMetaObject::invokeMethod(this, [handlers, code, msg] { if (handlers.error) handlers.error(code, msg); }, Qt::QueuedConnection);
    return id;
  }
  handlers_.insert(id, std::move(handlers));
  if (mode_ == Mode::Legacy) {
    legacyQueue_.emplace_back(id, body);
    sendNextLegacy();
    return id;
  }
  body.insert(QStringLiteral("type"), type);
  body.insert(QStringLiteral("id"), id);
  socket_.write(fpga::link::messageFrame(body));
  return id;
}

void HostLink::sendNextLegacy() {
  if (!legacyCurrent_.isEmpty() || legacyQueue_.empty() || state_ != State::Ready) return;
  auto [id, body] = legacyQueue_.front();
  legacyQueue_.pop_front();
  if (!handlers_.contains(id)) return sendNextLegacy();  // cancelled while waiting
  legacyCurrent_ = id;
  QJsonObject req{{QStringLiteral("model"), body.value(QStringLiteral("model")).toString()},
                  {QStringLiteral("messages"), body.value(QStringLiteral("messages"))},
                  {QStringLiteral("temperature"), body.value(QStringLiteral("temperature")).toDouble(0)},
                  {QStringLiteral("max_tokens"), body.value(QStringLiteral("max_tokens")).toInt(256)}};
  socket_.write(fpga::link::legacyRequestFrame(req, options_.endMarker));
}

int HostLink::hostQueueLimit() const {
  const int waiting = hello_.value(QStringLiteral("max_queue")).toInt(-1);
  return waiting < 0 ? 0 : waiting + 1;  // the one running plus those waiting
}

void HostLink::stop(const QString& id) {
  if (!handlers_.contains(id) || mode_ == Mode::Legacy) return;
  socket_.write(fpga::link::messageFrame({{QStringLiteral("type"), QStringLiteral("cancel")}, {QStringLiteral("id"), id}}));
}

void HostLink::cancel(const QString& id) {
  if (!handlers_.contains(id)) return;
  if (mode_ == Mode::Legacy) {
    if (id == legacyCurrent_) handlers_[id] = Handlers{};  // the legacy protocol cannot cancel: drop the reply
    else handlers_.remove(id);
    return;
  }
  handlers_.remove(id);
  socket_.write(fpga::link::messageFrame({{QStringLiteral("type"), QStringLiteral("cancel")}, {QStringLiteral("id"), id}}));
}

}  // namespace ct::serve
