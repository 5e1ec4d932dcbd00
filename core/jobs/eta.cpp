#include "jobs/eta.h"

namespace ct::jobs {

void EtaEstimator::add(qint64 timeMs, double done) {
  if (!samples_.empty() && done < samples_.back().done) samples_.clear();  // restarted
  if (!samples_.empty() && done == samples_.back().done) return;         // no step finished
  samples_.push_back({timeMs, done});
  while (static_cast<int>(samples_.size()) > window_ + 1) samples_.pop_front();
}

double EtaEstimator::ratePerSecond() const {
  if (samples_.size() < 2) return 0;
  const Sample& a = samples_.front();
  const Sample& b = samples_.back();
  const double dt = (b.t - a.t) / 1000.0;
  if (dt <= 0) return 0;
  return (b.done - a.done) / dt;
}

double EtaEstimator::secondsLeft(double total) const {
  const double rate = ratePerSecond();
  if (rate <= 0) return -1;
  const double left = total - samples_.back().done;
  return left <= 0 ? 0 : left / rate;
}

}  // namespace ct::jobs
