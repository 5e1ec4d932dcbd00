#include "remote/ssh_askpass.h"

#include <QFile>
#include <QHash>
#include <QLocalServer>
#include <QLocalSocket>
#include <QMutex>
#include <QRandomGenerator>

#include "remote/ssh_host.h"

namespace ct::remote {
namespace {

QMutex& lock() {
  static QMutex m;
  return m;
}
QString& program() {
  static QString p;
  return p;
}
QHash<QString, QByteArray>& passphrases() {
  static QHash<QString, QByteArray> h;
  return h;
}

void wipe(QByteArray& b) {
  volatile char* p = b.data();
  for (qsizetype i = 0; i < b.size(); ++i) p[i] = 0;
  b.clear();
}

}  // namespace

QString passphraseEntry(const QString& host) { return QStringLiteral("ssh-passphrase:") + host; }

void setAskpassProgram(const QString& p) {
  QMutexLocker l(&lock());
  program() = p;
}

QString askpassProgram() {
  QMutexLocker l(&lock());
  return program();
}

static void forget(const QString& host) {
  auto it = passphrases().find(host);
  if (it == passphrases().end()) return;
  wipe(*it);
  passphrases().erase(it);
}

void setSessionPassphrase(const QString& host, const QByteArray& passphrase) {
  QMutexLocker l(&lock());
  forget(host);
  passphrases().insert(host, passphrase);
}

bool hasSessionPassphrase(const QString& host) {
  QMutexLocker l(&lock());
  return passphrases().contains(host);
}

void clearSessionPassphrase(const QString& host) {
  QMutexLocker l(&lock());
  forget(host);
}

bool isPassphrasePrompt(const QString& prompt) {
  // OpenSSH: "Enter passphrase for key '/path': " (also "... for /path" from ssh-add).
  return prompt.contains(QLatin1String("passphrase"), Qt::CaseInsensitive) && !prompt.contains(QLatin1String("password"), Qt::CaseInsensitive) &&
         !prompt.contains(QLatin1String("yes/no"));
}

AskpassServer::AskpassServer(const QString& host) {
  QByteArray secret;
  {
    QMutexLocker l(&lock());
    secret = passphrases().value(host);
  }
  const QString dir = SshHost::runtimeDir();
  if (secret.isEmpty() || dir.isEmpty()) return;
  server_ = std::make_unique<QLocalServer>();
  server_->setSocketOptions(QLocalServer::UserAccessOption);
  const QString path = dir + QStringLiteral("/ask-%1").arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
  QFile::remove(path);
  if (!server_->listen(path)) {
    server_.reset();
    return;
  }
  QObject::connect(server_.get(), &QLocalServer::newConnection, server_.get(), [this, secret]() mutable {
    while (QLocalSocket* s = server_->nextPendingConnection()) {
      s->write(secret + '\n');
      s->flush();
      s->disconnectFromServer();
      QObject::connect(s, &QLocalSocket::disconnected, s, &QObject::deleteLater);
    }
  });
}

AskpassServer::~AskpassServer() {
  if (server_) server_->close();  // removes the socket file
}

QString AskpassServer::path() const { return server_ ? server_->fullServerName() : QString(); }

QByteArray fetchSessionPassphrase(const QString& socketPath, QString* error) {
  QLocalSocket s;
  s.connectToServer(socketPath);
  if (!s.waitForConnected(5000)) {
    if (error) *error = QStringLiteral("the ct process that started ssh no longer offers the passphrase (%1)").arg(s.errorString());
    return {};
  }
  QByteArray reply;
  while (!reply.contains('\n') && s.waitForReadyRead(5000)) reply += s.readAll();
  if (!reply.contains('\n')) reply += s.readAll();
  const qsizetype nl = reply.indexOf('\n');
  if (nl < 0) {
    if (error) *error = QStringLiteral("no passphrase came from the ct process that started ssh");
    wipe(reply);
    return {};
  }
  QByteArray out = reply.left(nl);
  wipe(reply);
  return out;
}

}  // namespace ct::remote
