#include "log/log_file_tail.h"

#include <QDateTime>
#include <QFile>

namespace ct::ui {

QList<jobs::LogLine> tailOfLogFile(const QString& path, const QString& id, int maxLines) {
  QList<jobs::LogLine> lines;
  QFile f(path);
  if (path.isEmpty() || !f.open(QIODevice::ReadOnly)) return lines;
  if (f.size() > 4 * 1024 * 1024) f.seek(f.size() - 4 * 1024 * 1024);
  const QList<QByteArray> raw = f.readAll().split('\n');
  const qsizetype from = std::max<qsizetype>(0, raw.size() - maxLines);
  for (qsizetype i = from; i < raw.size(); ++i) {
    if (raw[i].isEmpty()) continue;
    // "2026-11-24T22:15:01.123 info    message"
    const QString text = QString::fromUtf8(raw[i]);
    jobs::LogLine l;
    l.job = id;
    l.timeMs = QDateTime::fromString(text.left(23), Qt::ISODateWithMs).toMSecsSinceEpoch();
    const QString level = text.mid(24, 7).trimmed();
    l.level = level == QLatin1String("error") ? jobs::LogLevel::Error
              : level == QLatin1String("warning") ? jobs::LogLevel::Warning
              : level == QLatin1String("debug")   ? jobs::LogLevel::Debug
                                                  : jobs::LogLevel::Info;
    l.message = text.size() > 32 ? text.mid(32) : text;
    lines.append(l);
  }
  return lines;
}

}  // namespace ct::ui
