#include "proc_scan.h"

#include <QDir>
#include <QFile>
#include <QUuid>
#include <csignal>

namespace ct::test {

QString uniqueMarker() { return QStringLiteral("CT_TEST_MARK=") + QUuid::createUuid().toString(QUuid::WithoutBraces); }

QList<qint64> pidsWithMarker(const QString& marker) {
  QList<qint64> out;
  const QByteArray want = marker.toUtf8();
  for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
    bool ok = false;
    const qint64 pid = entry.toLongLong(&ok);
    if (!ok) continue;
    QFile env(QStringLiteral("/proc/%1/environ").arg(pid));
    if (!env.open(QIODevice::ReadOnly) || !env.readAll().split('\0').contains(want)) continue;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.open(QIODevice::ReadOnly) && stat.readAll().contains(") Z ")) continue;
    out << pid;
  }
  return out;
}

void killAll(const QList<qint64>& pids) {
  for (qint64 pid : pids) ::kill(static_cast<pid_t>(pid), SIGKILL);
}

}  // namespace ct::test
