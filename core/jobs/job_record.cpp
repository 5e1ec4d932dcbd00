#include "jobs/job_record.h"

#include <QRandomGenerator>

namespace ct::jobs {
namespace {

QJsonValue timeValue(const QDateTime& t) {
  return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

}  // namespace

QJsonObject JobRecord::toJson() const {
  QJsonObject o{{QStringLiteral("id"), id},
                {QStringLiteral("kind"), kind},
                {QStringLiteral("params"), params},
                {QStringLiteral("state"), nameOf(state)},
                {QStringLiteral("created"), timeValue(created)},
                {QStringLiteral("started"), timeValue(started)},
                {QStringLiteral("finished"), timeValue(finished)},
                {QStringLiteral("done"), done},
                {QStringLiteral("total"), total},
                {QStringLiteral("unit"), unit},
                {QStringLiteral("log"), logPath},
                {QStringLiteral("pid"), pid},
                {QStringLiteral("host"), host},
                {QStringLiteral("user"), user}};
  if (!remoteHost.isEmpty()) {
    o.insert(QStringLiteral("remote_host"), remoteHost);
    o.insert(QStringLiteral("remote"), remote);
  }
  if (!result.isEmpty()) o.insert(QStringLiteral("result"), result);
  if (!errorCode.isEmpty() || !errorMessage.isEmpty())
    o.insert(QStringLiteral("error"),
             QJsonObject{{QStringLiteral("code"), errorCode}, {QStringLiteral("message"), errorMessage}});
  return o;
}

QString JobRecord::newId() {
  // yyyyMMdd-hhmmss-xxxxxx: readable in a shell, sorts by time, 24 random bits against clashes.
  const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-hhmmss"));
  const quint32 r = QRandomGenerator::global()->generate() & 0xFFFFFF;
  return stamp + QLatin1Char('-') + QStringLiteral("%1").arg(r, 6, 16, QLatin1Char('0'));
}

}  // namespace ct::jobs
