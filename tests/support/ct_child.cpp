#include "ct_child.h"

#include <QElapsedTimer>
#include <QFile>
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

bool CtChild::launch(const QStringList& args) { return launchProgram(ctBinary(), args); }

bool CtChild::launchProgram(const QString& program, const QStringList& args) {
  if (!output_.isOpen() && !output_.open()) return false;
  process_.setProcessChannelMode(QProcess::MergedChannels);
  process_.setStandardOutputFile(output_.fileName(), QIODevice::Append);
  process_.start(program, args);
  if (!process_.waitForStarted()) return false;
  pid_ = process_.processId();
  if (!input_.isEmpty()) {
    process_.write(input_);
    process_.closeWriteChannel();
  }
  return true;
}

QByteArray CtChild::seen() const {
  QFile f(output_.fileName());
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

quint16 CtChild::start(const QStringList& args, int timeoutMs) {
  if (!launch(args + QStringList{QStringLiteral("--json")})) return 0;
  QElapsedTimer t;
  t.start();
  qint64 scanned = 0;
  while (t.elapsed() < timeoutMs) {
    const QByteArray all = seen();
    const qint64 complete = all.lastIndexOf('\n') + 1;
    for (const QByteArray& line : all.mid(scanned, complete - scanned).split('\n')) {
      const QJsonValue port = QJsonDocument::fromJson(line).object().value(QStringLiteral("data")).toObject().value(QStringLiteral("port"));
      if (port.isDouble()) return port_ = static_cast<quint16>(port.toInt());
    }
    scanned = complete;
    if (process_.waitForFinished(20)) return 0;  // it ended without announcing a port
  }
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
