#pragma once
#include <QList>
#include <optional>

namespace ct::eval {

double mean(const QList<double>& xs);
// lm-eval's mean_stderr: sample standard deviation (n-1) over sqrt(n); nullopt below two items
// (written as "N/A" in results files).
std::optional<double> meanStderr(const QList<double>& xs);
// lm-eval's pooled_sample_stderr for a group averaged weighted by size.
std::optional<double> pooledStderr(const QList<double>& stderrs, const QList<int>& sizes);
// The unbiased pass@k estimator 1 - C(n-c, k) / C(n, k) for one task with n samples, c correct.
double passAtK(int n, int c, int k);

// lm-eval multiple_choice metrics from per-choice log-likelihoods.
struct ChoiceScores {
  bool acc = false;      // argmax of the summed log-likelihood is the gold choice
  bool accNorm = false;  // argmax of log-likelihood / character length of the choice
};
ChoiceScores scoreChoices(const QList<double>& logLikelihoods, const QList<int>& choiceLengths, int gold);

}  // namespace ct::eval
