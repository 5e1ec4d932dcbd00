#include "auth/keychain.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QHash>
#include <QMutex>
#include <QTimer>
#include <qt6keychain/keychain.h>

namespace ct::auth {
namespace {

QString explain(QKeychain::Error e, const QString& text) {
  if (text.contains(QLatin1String("autolaunch"), Qt::CaseInsensitive) || text.contains(QLatin1String("DBUS"), Qt::CaseInsensitive))
    return QStringLiteral("no D-Bus session to reach a keychain through (%1)").arg(text);
  if (text.contains(QLatin1String("collection"), Qt::CaseInsensitive))
    return QStringLiteral("the keychain is locked or has no default collection (%1)").arg(text);
  switch (e) {
    case QKeychain::NoBackendAvailable: return QStringLiteral("no keychain service is running (%1)").arg(text);
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser: return QStringLiteral("the keychain refused access (%1)").arg(text);
    default: return text.isEmpty() ? QStringLiteral("the keychain did not answer") : text;
  }
}

// Runs a QtKeychain job to its end. On a time-out the job is left to delete itself.
Keychain::Reply run(QKeychain::Job* job, int timeoutMs, QByteArray (*data)(QKeychain::Job*)) {
  Keychain::Reply reply;
  if (!QCoreApplication::instance()) {
    delete job;
    reply.message = QStringLiteral("internal: the keychain needs a running application object");
    return reply;
  }
  job->setAutoDelete(false);
  job->setInsecureFallback(false);  // never a plain-text file instead of the keychain
  QEventLoop loop;
  bool done = false;
  QObject::connect(job, &QKeychain::Job::finished, &loop, [&] {
    done = true;
    loop.quit();
  });
  QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
  job->start();
  if (!done) loop.exec();
  if (!done) {
    job->setAutoDelete(true);
    reply.message = QStringLiteral("the keychain did not answer within %1 s").arg(timeoutMs / 1000);
    return reply;
  }
  if (job->error() == QKeychain::NoError) {
    reply.status = Keychain::Status::Ok;
    if (data) reply.data = data(job);
  } else if (job->error() == QKeychain::EntryNotFound) {
    reply.status = Keychain::Status::NotFound;
  } else {
    reply.message = explain(job->error(), job->errorString());
  }
  delete job;
  return reply;
}

QMutex availabilityMutex;
QHash<QString, QString>& availabilityCache() {  // service → "" (available) or the reason
  static QHash<QString, QString> c;
  return c;
}

}  // namespace

Keychain::Keychain(QString service, int timeoutMs) : service_(std::move(service)), timeoutMs_(timeoutMs) {}

Keychain::Reply Keychain::read(const QString& key) const {
  auto* job = new QKeychain::ReadPasswordJob(service_);
  job->setKey(key);
  return run(job, timeoutMs_, [](QKeychain::Job* j) { return static_cast<QKeychain::ReadPasswordJob*>(j)->binaryData(); });
}

Keychain::Reply Keychain::write(const QString& key, const QByteArray& secret) const {
  auto* job = new QKeychain::WritePasswordJob(service_);
  job->setKey(key);
  job->setBinaryData(secret);
  return run(job, timeoutMs_, nullptr);
}

Keychain::Reply Keychain::remove(const QString& key) const {
  auto* job = new QKeychain::DeletePasswordJob(service_);
  job->setKey(key);
  return run(job, timeoutMs_, nullptr);
}

bool Keychain::available(QString* why) const {
  {
    QMutexLocker lock(&availabilityMutex);
    const auto it = availabilityCache().constFind(service_);
    if (it != availabilityCache().constEnd()) {
      if (why) *why = *it;
      return it->isEmpty();
    }
  }
  const Reply r = read(QStringLiteral("availability-probe"));
  const QString reason = r.status == Status::Unavailable ? (r.message.isEmpty() ? QStringLiteral("no keychain") : r.message) : QString();
  QMutexLocker lock(&availabilityMutex);
  availabilityCache().insert(service_, reason);
  if (why) *why = reason;
  return reason.isEmpty();
}

QString keychainUnavailableHelp(const QString& reason) {
  return QStringLiteral("No keychain is reachable: %1. Secrets are kept only in the OS keychain (Secret Service: "
                        "GNOME Keyring, KWallet), so nothing is remembered: you will be asked for the password each "
                        "time. Sign in to a desktop session, or start a keyring in this session "
                        "(e.g. gnome-keyring-daemon --unlock --components=secrets inside dbus-run-session).")
      .arg(reason);
}

}  // namespace ct::auth
