#include "jobs/log_ring.h"

#include <algorithm>

namespace ct::jobs {

quint64 LogRing::append(const QString& job, LogLevel level, qint64 timeMs, const QString& message) {
  QMutexLocker lock(&mutex_);
  const quint64 id = nextId_++;
  lines_.push_back({id, job, level, timeMs, message});
  if (static_cast<int>(lines_.size()) > capacity_) {
    lines_.pop_front();
    ++dropped_;
  }
  return id;
}

QList<LogLine> LogRing::since(quint64 lastSeenId) const {
  QMutexLocker lock(&mutex_);
  auto first = std::upper_bound(lines_.begin(), lines_.end(), lastSeenId,
                                [](quint64 v, const LogLine& l) { return v < l.id; });
  QList<LogLine> out;
  out.reserve(static_cast<qsizetype>(std::distance(first, lines_.end())));
  std::copy(first, lines_.end(), std::back_inserter(out));
  return out;
}

int LogRing::size() const {
  QMutexLocker lock(&mutex_);
  return static_cast<int>(lines_.size());
}

quint64 LogRing::dropped() const {
  QMutexLocker lock(&mutex_);
  return dropped_;
}

}  // namespace ct::jobs
