#pragma once
#include <QObject>
#include <QString>
#include <QTimer>

#include "remote/ssh_host.h"

namespace ct::remote {

struct TunnelSpec {
  int remotePort = 0;
  QString remoteHost = QStringLiteral("127.0.0.1");  // as seen from the SSH host
  int localPort = 0;                                 // 0: a free one
};

// A local port forwarded through the host's master connection (ssh -O forward), watched by a
// connect probe and forwarded again (the master re-established first) when it stops answering.
class TunnelWatcher : public QObject {
  Q_OBJECT
 public:
  enum class State { Down, Up, RemoteClosed };  // RemoteClosed: the tunnel works, nothing listens at its far end

  TunnelWatcher(SshHost& ssh, TunnelSpec spec, QObject* parent = nullptr);
  ~TunnelWatcher() override;

  bool open(QString* error);  // forwards and starts watching
  void close();               // stops watching and removes the forward
  int localPort() const { return spec_.localPort; }
  QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(spec_.localPort); }
  State state() const { return state_; }
  void setProbeInterval(int ms) { timer_.setInterval(ms); }

  // One probe now: connect to the local end and see whether the far end keeps the connection.
  State probe() const;

 Q_SIGNALS:
  void stateChanged(ct::remote::TunnelWatcher::State state, const QString& detail);
  void reestablished(int attempt);

 private:
  bool forward(QString* error);
  void tick();
  QString spec() const;

  SshHost& ssh_;
  TunnelSpec spec_;
  QTimer timer_;
  State state_ = State::Down;
  int failures_ = 0;
  bool open_ = false;
};

QString nameOf(TunnelWatcher::State s);

}  // namespace ct::remote
