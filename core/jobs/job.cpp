#include "jobs/job.h"

#include <QDateTime>

namespace ct::jobs {

Job::Job(JobRecord record, QObject* parent) : QObject(parent), record_(std::move(record)) {}

LogLine Job::addLog(LogLevel level, qint64 timeMs, const QString& message) {
  LogLine line{0, record_.id, level, timeMs, message};
  line.id = logs_.append(record_.id, level, timeMs, message);
  return line;
}

void Job::apply(const QList<Event>& events) {
  QList<LogLine> newLines;
  bool stateChanged = false;
  bool announced = false;
  for (const Event& e : events) {
    if (!e.runStage.isEmpty()) {
      if (e.type == Event::Type::Log) newLines.append(addLog(e.level, e.timeMs, QStringLiteral("[%1] %2").arg(e.runStage, e.message)));
      Q_EMIT stageEvent(e);
      continue;
    }
    switch (e.type) {
      case Event::Type::Log:
        newLines.append(addLog(e.level, e.timeMs, e.message));
        if (const QJsonValue port = e.data.value(QStringLiteral("port")); port.isDouble() && port.toInt() > 0) {
          announcedPort_ = port.toInt();
          announced = true;
        }
        break;
      case Event::Type::Progress:
        record_.done = e.done;
        record_.total = e.total;
        record_.unit = e.unit;
        etaSeconds_ = e.etaSeconds;
        if (!e.stage.isEmpty()) stage_ = e.stage;
        stateChanged = true;
        break;
      case Event::Type::Metric: {
        QList<QPointF>& points = metrics_[e.series];
        if (points.size() >= kMaxPointsPerSeries) points.remove(0, points.size() / 10);
        points.append(QPointF(e.x, e.y));
        Q_EMIT metricAdded(e.series, e.x, e.y);
        break;
      }
      case Event::Type::State:
        if (isFinal(record_.state)) break;
        record_.state = e.state;
        if (e.state == JobState::Running && !record_.started.isValid()) record_.started = QDateTime::currentDateTimeUtc();
        if (isFinal(e.state)) record_.finished = QDateTime::currentDateTimeUtc();
        stateChanged = true;
        break;
      case Event::Type::Result:
        record_.result = e.result;
        stateChanged = true;
        break;
      case Event::Type::Text:
        text_ += e.text;
        Q_EMIT textAppended(e.text);
        break;
      case Event::Type::Error:
        record_.errorCode = e.code;
        record_.errorMessage = e.message;
        newLines.append(addLog(LogLevel::Error, e.timeMs, e.message));
        stateChanged = true;
        break;
    }
  }
  if (!newLines.isEmpty()) Q_EMIT logsAppended(newLines);
  if (announced) Q_EMIT portAnnounced(announcedPort_);
  if (stateChanged) Q_EMIT changed();
  if (isFinished() && !announcedFinish_) {
    announcedFinish_ = true;
    Q_EMIT finished();
  }
}

void Job::conclude(JobState state, const QString& code, const QString& message) {
  if (!isFinal(record_.state)) {
    record_.state = state;
    record_.finished = QDateTime::currentDateTimeUtc();
  }
  if (!code.isEmpty()) record_.errorCode = code;
  if (!message.isEmpty()) {
    record_.errorMessage = message;
    const LogLine line = addLog(state == JobState::Cancelled ? LogLevel::Warning : LogLevel::Error,
                                QDateTime::currentMSecsSinceEpoch(), message);
    Q_EMIT logsAppended({line});
  }
  Q_EMIT changed();
  if (!announcedFinish_) {
    announcedFinish_ = true;
    Q_EMIT finished();
  }
}

}  // namespace ct::jobs
