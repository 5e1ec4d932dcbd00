#pragma once
#include <QList>
#include <QMutex>
#include <QString>
#include <deque>

#include "jobs/job_state.h"

namespace ct::jobs {

struct LogLine {
  quint64 id = 0;  // increasing across the ring's life; readers remember the last one seen
  QString job;
  LogLevel level = LogLevel::Info;
  qint64 timeMs = 0;
  QString message;
};

// Thread-safe bounded ring of recent log lines: writers never block on a slow reader and
// memory stays at `capacity` lines whatever the flood.
class LogRing {
 public:
  explicit LogRing(int capacity = 10000) : capacity_(capacity) {}

  quint64 append(const QString& job, LogLevel level, qint64 timeMs, const QString& message);
  // Lines with id > lastSeenId still held (older ones may have been dropped).
  QList<LogLine> since(quint64 lastSeenId) const;
  int size() const;
  int capacity() const { return capacity_; }
  quint64 dropped() const;

 private:
  mutable QMutex mutex_;
  int capacity_;
  std::deque<LogLine> lines_;
  quint64 nextId_ = 1;
  quint64 dropped_ = 0;
};

}  // namespace ct::jobs
