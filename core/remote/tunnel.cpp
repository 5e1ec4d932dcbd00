#include "remote/tunnel.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>

namespace ct::remote {

QString nameOf(TunnelWatcher::State s) {
  switch (s) {
    case TunnelWatcher::State::Down: return QStringLiteral("down");
    case TunnelWatcher::State::Up: return QStringLiteral("up");
    case TunnelWatcher::State::RemoteClosed: return QStringLiteral("up, nothing listening on the host");
  }
  return {};
}

TunnelWatcher::TunnelWatcher(SshHost& ssh, TunnelSpec spec, QObject* parent) : QObject(parent), ssh_(ssh), spec_(std::move(spec)) {
  timer_.setInterval(1000);
  connect(&timer_, &QTimer::timeout, this, &TunnelWatcher::tick);
}

TunnelWatcher::~TunnelWatcher() { close(); }

QString TunnelWatcher::spec() const { return QStringLiteral("127.0.0.1:%1:%2:%3").arg(spec_.localPort).arg(spec_.remoteHost).arg(spec_.remotePort); }

bool TunnelWatcher::forward(QString* error) {
  const SshHost::MasterStart m = ssh_.ensureMaster();
  if (!m.ok) {
    *error = m.failure.message;
    return false;
  }
  const LocalRun r = runLocal(QStringLiteral("ssh"),
                              {QStringLiteral("-o"), QStringLiteral("ControlPath=") + ssh_.controlPath(), QStringLiteral("-O"), QStringLiteral("forward"), QStringLiteral("-L"), spec(),
                               QStringLiteral("--"), ssh_.profile().dest},
                              15000);
  if (r.exitCode != 0) {
    *error = QStringLiteral("%1: cannot forward 127.0.0.1:%2 to %3:%4 (%5)")
                 .arg(ssh_.label())
                 .arg(spec_.localPort)
                 .arg(spec_.remoteHost)
                 .arg(spec_.remotePort)
                 .arg(QString::fromUtf8(r.err + r.out).trimmed());
    return false;
  }
  return true;
}

bool TunnelWatcher::open(QString* error) {
  if (spec_.localPort == 0) {
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    spec_.localPort = s.serverPort();
  }
  if (!forward(error)) return false;
  open_ = true;
  state_ = probe();
  Q_EMIT stateChanged(state_, {});
  timer_.start();
  return true;
}

void TunnelWatcher::close() {
  timer_.stop();
  if (!open_) return;
  open_ = false;
  if (ssh_.masterAlive())
    runLocal(QStringLiteral("ssh"), {QStringLiteral("-o"), QStringLiteral("ControlPath=") + ssh_.controlPath(), QStringLiteral("-O"), QStringLiteral("cancel"), QStringLiteral("-L"), spec(),
                                     QStringLiteral("--"), ssh_.profile().dest},
             10000);
  state_ = State::Down;
}

TunnelWatcher::State TunnelWatcher::probe() const {
  QTcpSocket s;
  s.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(spec_.localPort));
  if (!s.waitForConnected(2000)) return State::Down;
  // The master accepts at once and then opens a channel to the far end; when nothing listens
  // there it closes our connection within a round trip.
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < 300) {
    if (s.state() != QAbstractSocket::ConnectedState) return State::RemoteClosed;
    if (s.waitForDisconnected(50)) return State::RemoteClosed;
  }
  return State::Up;
}

void TunnelWatcher::tick() {
  const State now = probe();
  if (now != State::Down) {
    if (now != state_) Q_EMIT stateChanged(now, {});
    state_ = now;
    failures_ = 0;
    return;
  }
  if (state_ != State::Down) Q_EMIT stateChanged(State::Down, QStringLiteral("the local end stopped answering (master connection gone?)"));
  state_ = State::Down;
  ++failures_;
  // Back off while the host stays away: every tick, then every 2nd, 4th, ... up to every 16th.
  const int every = 1 << std::min(4, std::max(0, failures_ - 3));
  if (failures_ % every != 0) return;
  QString error;
  if (forward(&error)) {
    state_ = probe();
    Q_EMIT reestablished(failures_);
    Q_EMIT stateChanged(state_, QStringLiteral("re-established"));
    failures_ = 0;
  } else {
    Q_EMIT stateChanged(State::Down, error);
  }
}

}  // namespace ct::remote
