#pragma once
#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTcpSocket>
#include <QTimer>
#include <deque>
#include <functional>

#include "fpga/link_protocol.h"

namespace ct::serve {

// The service's side of the FPGA link: one connection to `ct host` (CT mode, several requests
// in flight told apart by id) or to a legacy host script (one request at a time, the whole
// reply at once). Reconnects with back-off; when the link drops, every request in flight gets
// an error at once — never a hang.
class HostLink : public QObject {
  Q_OBJECT
 public:
  enum class Mode { Auto, Ct, Legacy };
  enum class State { Down, Connecting, Ready };
  struct Options {
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 7100;
    Mode mode = Mode::Auto;  // Auto: CT if the host answers hello, else legacy
    QByteArray endMarker = "<|ct-end|>";
    int64_t maxFrame = 64 << 20;
  };
  struct Handlers {
    std::function<void(const QJsonObject&)> token;  // CT "token" frames (legacy: one with the whole text)
    std::function<void(const QJsonObject&)> done;   // "done" or "scored"
    std::function<void(const QString& code, const QString& message)> error;
  };

  explicit HostLink(Options options, QObject* parent = nullptr);
  ~HostLink() override;
  void start();

  State state() const { return state_; }
  Mode mode() const { return mode_; }
  QString stateName() const;
  QJsonObject hello() const { return hello_; }
  int inFlight() const { return static_cast<int>(handlers_.size()); }

  // body: the generate/score fields (messages or prompt, sampling). Returns the request id; a
  // link that is down answers through handlers.error on the next event-loop turn.
  QString submit(const QString& type, QJsonObject body, Handlers handlers);
  // Asks the host to stop and forgets the request: nothing more is delivered for it.
  void cancel(const QString& id);
  // Asks the host to stop but keeps listening: its final "done" (with the token counts) still
  // arrives. A legacy host cannot stop; its whole reply arrives as usual.
  void stop(const QString& id);
  // Requests the host accepts at once (running + waiting), from its hello; 0 when it does not say.
  int hostQueueLimit() const;

 Q_SIGNALS:
  void stateChanged();
  void logLine(const QString& line);

 private:
  void connectNow();
  void onConnected();
  void onData();
  void onDropped(const QString& why);
  void setState(State s);
  void failAll(const QString& code, const QString& message);
  void sendNextLegacy();
  void deliver(const QJsonObject& frame);

  Options options_;
  Mode mode_;
  State state_ = State::Down;
  QTcpSocket socket_;
  fpga::link::FrameDecoder decoder_;
  QTimer retry_, helloTimeout_;
  int backoffMs_ = 200;
  QJsonObject hello_;
  QHash<QString, Handlers> handlers_;
  std::deque<std::pair<QString, QJsonObject>> legacyQueue_;  // waiting for the one legacy slot
  QString legacyCurrent_;
  quint64 counter_ = 0;
  bool dropping_ = false;
};

}  // namespace ct::serve
