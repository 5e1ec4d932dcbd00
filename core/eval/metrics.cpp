#include "eval/metrics.h"

#include <cmath>

namespace ct::eval {

double mean(const QList<double>& xs) {
  if (xs.isEmpty()) return 0;
  double s = 0;
  for (double x : xs) s += x;
  return s / static_cast<double>(xs.size());
}

std::optional<double> meanStderr(const QList<double>& xs) {
  const auto n = static_cast<double>(xs.size());
  if (xs.size() < 2) return std::nullopt;
  const double mu = mean(xs);
  double ss = 0;
  for (double x : xs) ss += (x - mu) * (x - mu);
  return std::sqrt(ss / (n - 1)) / std::sqrt(n);
}

std::optional<double> pooledStderr(const QList<double>& stderrs, const QList<int>& sizes) {
  if (stderrs.size() != sizes.size() || stderrs.isEmpty()) return std::nullopt;
  double num = 0, total = 0;
  for (qsizetype i = 0; i < sizes.size(); ++i) {
    num += (sizes[i] - 1) * stderrs[i] * stderrs[i] * sizes[i];
    total += sizes[i];
  }
  const double dof = total - static_cast<double>(sizes.size());
  if (dof <= 0) return std::nullopt;
  return std::sqrt(num / dof / total);
}

double passAtK(int n, int c, int k) {
  if (n - c < k) return 1.0;
  double prod = 1.0;  // C(n-c, k) / C(n, k) as a product, stable for large n
  for (int i = n - c + 1; i <= n; ++i) prod *= 1.0 - static_cast<double>(k) / i;
  return 1.0 - prod;
}

ChoiceScores scoreChoices(const QList<double>& ll, const QList<int>& lengths, int gold) {
  ChoiceScores s;
  if (ll.isEmpty()) return s;
  int best = 0, bestNorm = 0;
  for (int i = 1; i < ll.size(); ++i) {
    // Ties go to the first, as numpy's argmax does.
    if (ll[i] > ll[best]) best = i;
    const double a = ll[i] / std::max(1, lengths.value(i, 1)), b = ll[bestNorm] / std::max(1, lengths.value(bestNorm, 1));
    if (a > b) bestNorm = i;
  }
  s.acc = best == gold;
  s.accNorm = bestNorm == gold;
  return s;
}

}  // namespace ct::eval
