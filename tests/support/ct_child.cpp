#include "ct_child.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <csignal>

namespace ct::test {

quint16 freePort() {
  QTcpServer s;
  s.listen(QHostAddress::LocalHost, 0);
  return s.serverPort();
}

QString ctBinary() { return QStringLiteral(CT_BIN_PATH); }

bool CtChild::launch(const QStringList& args) {
  process_.start(ctBinary(), args);
  if (!process_.waitForStarted()) return false;
  pid_ = process_.processId();
  return true;
}

quint16 CtChild::start(const QStringList& args, int timeoutMs) {
  if (!launch(args + QStringList{QStringLiteral("--json")})) return 0;
  QByteArray pending;
  while (process_.waitForReadyRead(timeoutMs)) {
    const QByteArray got = process_.readAllStandardOutput();
    seen_ += got;
    pending += got;
    int nl;
    while ((nl = static_cast<int>(pending.indexOf('\n'))) >= 0) {
      const QJsonObject o = QJsonDocument::fromJson(pending.left(nl)).object();
      pending.remove(0, nl + 1);
      const QJsonValue port = o.value(QStringLiteral("data")).toObject().value(QStringLiteral("port"));
      if (port.isDouble()) return port_ = static_cast<quint16>(port.toInt());
    }
  }
  seen_ += process_.readAllStandardError();
  return 0;
}

void CtChild::stop(int graceMs) {
  if (pid_ <= 0 || process_.state() == QProcess::NotRunning) return;
  ::kill(static_cast<pid_t>(pid_), SIGTERM);
  if (!process_.waitForFinished(graceMs)) kill();
}

void CtChild::kill() {
  if (pid_ <= 0 || process_.state() == QProcess::NotRunning) return;
  ::kill(static_cast<pid_t>(pid_), SIGKILL);
  process_.waitForFinished(5000);
}

}  // namespace ct::test
