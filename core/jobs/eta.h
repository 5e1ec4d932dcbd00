#pragma once
#include <QtGlobal>
#include <deque>

namespace ct::jobs {

// ETA from a rolling average of recent step times: robust to a slow first step (model
// loading) and to rates that change over a run (longer layers later on).
class EtaEstimator {
 public:
  explicit EtaEstimator(int window = 20) : window_(window) {}

  void reset() { samples_.clear(); }
  void add(qint64 timeMs, double done);
  // Seconds left until `total`, or -1 while unknown (fewer than two samples, no progress).
  double secondsLeft(double total) const;
  double ratePerSecond() const;  // 0 while unknown

 private:
  struct Sample {
    qint64 t;
    double done;
  };
  int window_;
  std::deque<Sample> samples_;
};

}  // namespace ct::jobs
