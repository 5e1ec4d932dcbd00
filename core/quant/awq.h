#pragma once
// AWQ (Lin et al., "Activation-aware Weight Quantization") as AutoAWQ runs it for Qwen2, one
// piece at a time: the asymmetric group quantizer, the per-input-channel scale search over a grid
// of ratios (duo scaling), folding the chosen scales into the previous op, and the clipping
// search. Names follow the reference (x_mean, w_mean, ratio, scales, max_val) so it can be read
// beside it. The decoder-layer plumbing that feeds these is awq_layer.cpp. Compute code only.
#include <torch/torch.h>

#include <QString>
#include <functional>
#include <optional>
#include <vector>

namespace ct::quant {

struct AwqParams {
  int bits = 4;
  int groupSize = 128;       // -1: one group per row
  bool duoScaling = true;    // s = x_mean^r / w_mean^(1−r) (AutoAWQ's default); off: s = x_mean^r (the paper)
  int nGrid = 20;            // ratios 0, 1/n_grid, …, (n_grid−1)/n_grid (1.0 is not tried)
  double maxShrink = 0.5;    // clipping tries max|w|·(1 − i/n_grid) for i < max_shrink·n_grid
  int nSampleTokens = 512;   // clipping looks at every (tokens / n_sample_token)-th token
};

// pseudo_quantize_tensor with a zero point, per row and per group of g input columns:
//   scale = max(max − min, 1e-5) / (2^b − 1), rounded to fp16 (the value the checkpoint stores),
//   zero  = clamp(−round(min / scale), 0, 2^b − 1),
//   q     = clamp(round(w / scale) + zero, 0, 2^b − 1),   round half to even,
//   w_q   = (q − zero) · scale.
// The range is not widened to include 0 (GPTQ's quantizer does that).
struct AwqQuantized {
  torch::Tensor codes;    // uint8 [N, K]
  torch::Tensor scales;   // float32 [N, G], fp16-representable
  torch::Tensor zeros;    // uint8 [N, G]
  torch::Tensor dequant;  // float32 [N, K]
};
AwqQuantized pseudoQuantize(const torch::Tensor& w, int bits, int groupSize);
torch::Tensor fakeQuantize(const torch::Tensor& w, int bits, int groupSize);  // only w_q, float32 [N, K]

// w_mean: the group's weights stacked along their outputs, each quantization group divided by
// its max |w| (+1e-6), then the mean over all rows: one value per input channel [K].
torch::Tensor weightMean(const std::vector<torch::Tensor>& weights, int groupSize);

// x_mean: the mean |x| of each input channel over every calibration token, summed in fp32.
class ActivationMean {
 public:
  void add(const torch::Tensor& x);  // [..., K]
  torch::Tensor mean() const;        // float32 [K]

 private:
  torch::Tensor sum_;
  int64_t tokens_ = 0;
};

// The scales tried at one ratio: duo s = x_mean^r / (w_mean^(1−r) + 1e-4), else s = x_mean^r;
// then clamp_min 1e-4, divided by sqrt(max(s)·min(s)), inf/NaN → 1.
torch::Tensor gridScales(const torch::Tensor& xMean, const torch::Tensor& wMean, double ratio, bool duoScaling);

// The output error of the module the group is judged on (module2inspect) when the group's
// Linears carry the given weights, on the original inputs: Σ (out_ref − out)² / numel.
using OutputError = std::function<double(const std::vector<torch::Tensor>& weights)>;

struct ScaleSearch {
  torch::Tensor scales;         // float32 [K], the best ratio's
  double ratio = 0;
  double error = 0;             // output error at that ratio
  std::vector<double> errors;   // at every ratio of the grid
};

// _search_best_scale: for each ratio, every W of the group becomes Q(W·diag(s))·diag(s)⁻¹ and
// the module's output error is measured; the first strictly lowest ratio wins. Fails (nullopt +
// reason) when no ratio gives a finite error.
std::optional<ScaleSearch> searchBestScale(const torch::Tensor& xMean, const std::vector<torch::Tensor>& weights,
                                           const OutputError& outputError, const AwqParams& p, QString* error);

// apply_scale, previous op an RMSNorm: gamma ← gamma / s; every W of the group: W[:, k] ← W[:, k]·s[k].
// (The Linears' biases are unchanged.)
void scaleNormFcs(torch::Tensor& normWeight, const std::vector<torch::Tensor*>& fcs, const torch::Tensor& scales);
// apply_scale, previous op a Linear: its last len(s) rows (and bias) ÷ s; the next W's columns × s.
void scaleFcFc(torch::Tensor& prevWeight, torch::Tensor* prevBias, torch::Tensor& weight, const torch::Tensor& scales);

// _compute_best_clip: per (row, group) the max |w| to clamp to, among max|w|·(1 − i/n_grid), that
// gives the lowest mean squared partial output Σ_group x·Q(clamp(w)) − Σ_group x·w over the given
// tokens. w [N, K] (already scaled), x [T, K] (already divided by the scales). → float32 [N, G].
torch::Tensor searchBestClip(const torch::Tensor& w, const torch::Tensor& x, const AwqParams& p);
// apply_clip: w ← clamp(w, −max_val, +max_val) per (row, group), in place.
void applyClip(torch::Tensor& w, const torch::Tensor& maxVal, int groupSize);
// The token stride the clipping search samples with: max(1, tokens / n_sample_token).
int64_t clipTokenStep(int64_t tokens, const AwqParams& p);

// W[n, k] = (q[k, n] − z[k/g, n]) · scales[k/g, n] from an AutoAWQ GEMM Linear (qweight [K, N/8],
// qzeros [G, N/8] int32, scales [G, N]), in fp32 (exact: what the kernels compute) → [N, K].
torch::Tensor dequantizeAwq(const torch::Tensor& qweight, const torch::Tensor& qzeros, const torch::Tensor& scales,
                            int groupSize);

}  // namespace ct::quant
