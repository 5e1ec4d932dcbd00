// AWQ's pieces as AutoAWQ's quantizer runs them (awq/quantize/quantizer.py and scale.py). Two
// deliberate differences, neither of which changes the algorithm: the arithmetic is fp32 where
// the reference works in the fp16 the model was loaded in (only the scale is rounded to fp16, as
// the checkpoint stores it), and the clipping search forms its partial outputs Σ_group x·w as one
// batched product per group instead of a broadcast [rows, tokens, groups, g] tensor.
#include "quant/awq.h"

#include <ATen/Parallel.h>
#include <c10/util/Half.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "quant/packing.h"

namespace ct::quant {
namespace {

inline float roundToHalf(float v) { return static_cast<float>(c10::Half(v)); }

struct GroupParams {
  float scale, zero;
};

// One group's scale and zero point (the reference's max_val/min_val, scales, zeros).
inline GroupParams groupParams(const float* w, int64_t n, int maxInt) {
  float mx = -std::numeric_limits<float>::infinity(), mn = std::numeric_limits<float>::infinity();
  for (int64_t i = 0; i < n; ++i) {
    mx = std::max(mx, w[i]);
    mn = std::min(mn, w[i]);
  }
  const float scale = roundToHalf(std::max(mx - mn, 1e-5f) / static_cast<float>(maxInt));
  const float zero = std::clamp(-std::nearbyint(mn / scale), 0.0f, static_cast<float>(maxInt));
  return {scale, zero};
}

inline float code(float w, GroupParams p, int maxInt) {
  return std::clamp(std::nearbyint(w / p.scale) + p.zero, 0.0f, static_cast<float>(maxInt));
}

int64_t groupWidth(int64_t K, int groupSize) { return groupSize > 0 ? groupSize : K; }

// Q(W·diag(s))·diag(s)⁻¹ (s null: Q(W)), row-parallel on raw memory; the search calls this
// once per ratio and Linear, so it makes no temporaries of the weight's size.
torch::Tensor fakeQuantizeScaled(const torch::Tensor& weight, int bits, int groupSize, const float* s) {
  const torch::Tensor W = weight.to(torch::kFloat32).contiguous();
  const int64_t N = W.size(0), K = W.size(1), g = groupWidth(K, groupSize), G = K / g;
  const int maxInt = (1 << bits) - 1;
  torch::Tensor out = torch::empty({N, K}, torch::kFloat32);
  const float* w = W.data_ptr<float>();
  float* o = out.data_ptr<float>();
  at::parallel_for(0, N, 16, [&](int64_t b, int64_t e) {
    std::vector<float> ws(static_cast<size_t>(g));
    for (int64_t n = b; n < e; ++n)
      for (int64_t j = 0; j < G; ++j) {
        const float* src = w + n * K + j * g;
        for (int64_t i = 0; i < g; ++i) ws[static_cast<size_t>(i)] = s ? src[i] * s[j * g + i] : src[i];
        const GroupParams p = groupParams(ws.data(), g, maxInt);
        float* dst = o + n * K + j * g;
        for (int64_t i = 0; i < g; ++i) {
          const float wq = (code(ws[static_cast<size_t>(i)], p, maxInt) - p.zero) * p.scale;
          dst[i] = s ? wq / s[j * g + i] : wq;
        }
      }
  });
  return out;
}

}  // namespace

AwqQuantized pseudoQuantize(const torch::Tensor& weight, int bits, int groupSize) {
  const torch::Tensor W = weight.to(torch::kFloat32).contiguous();
  const int64_t N = W.size(0), K = W.size(1), g = groupWidth(K, groupSize), G = K / g;
  const int maxInt = (1 << bits) - 1;
  AwqQuantized q;
  q.codes = torch::empty({N, K}, torch::kUInt8);
  q.scales = torch::empty({N, G}, torch::kFloat32);
  q.zeros = torch::empty({N, G}, torch::kUInt8);
  q.dequant = torch::empty({N, K}, torch::kFloat32);
  const float* w = W.data_ptr<float>();
  uint8_t* c = q.codes.data_ptr<uint8_t>();
  float* sc = q.scales.data_ptr<float>();
  uint8_t* z = q.zeros.data_ptr<uint8_t>();
  float* d = q.dequant.data_ptr<float>();
  at::parallel_for(0, N, 16, [&](int64_t b, int64_t e) {
    for (int64_t n = b; n < e; ++n)
      for (int64_t j = 0; j < G; ++j) {
        const int64_t at = n * K + j * g;
        const GroupParams p = groupParams(w + at, g, maxInt);
        sc[n * G + j] = p.scale;
        z[n * G + j] = static_cast<uint8_t>(p.zero);
        for (int64_t i = 0; i < g; ++i) {
          const float qi = code(w[at + i], p, maxInt);
          c[at + i] = static_cast<uint8_t>(qi);
          d[at + i] = (qi - p.zero) * p.scale;
        }
      }
  });
  return q;
}

torch::Tensor fakeQuantize(const torch::Tensor& w, int bits, int groupSize) { return fakeQuantizeScaled(w, bits, groupSize, nullptr); }

torch::Tensor weightMean(const std::vector<torch::Tensor>& weights, int groupSize) {
  torch::NoGradGuard ng;
  const int64_t K = weights.front().size(1), g = groupWidth(K, groupSize);
  torch::Tensor sum = torch::zeros({K}, torch::kFloat32);
  int64_t rows = 0;
  for (const torch::Tensor& w : weights) {
    // A few thousand rows at a time: the normalised copy of a 7B gate/up pair would be 0.5 GB.
    for (int64_t r0 = 0; r0 < w.size(0); r0 += 4096) {
      const torch::Tensor part = w.slice(0, r0, std::min(w.size(0), r0 + 4096)).to(torch::kFloat32).abs().reshape({-1, g});
      const torch::Tensor scaled = part / (part.amax(1, true) + 1e-6);
      sum += scaled.reshape({-1, K}).sum(0);
    }
    rows += w.size(0);
  }
  return sum / static_cast<double>(rows);
}

void ActivationMean::add(const torch::Tensor& x) {
  const torch::Tensor flat = x.reshape({-1, x.size(-1)});
  const torch::Tensor s = flat.to(torch::kFloat32).abs().sum(0);
  sum_ = sum_.defined() ? sum_ + s : s;
  tokens_ += flat.size(0);
}

torch::Tensor ActivationMean::mean() const { return sum_ / static_cast<double>(std::max<int64_t>(1, tokens_)); }

torch::Tensor gridScales(const torch::Tensor& xMean, const torch::Tensor& wMean, double ratio, bool duoScaling) {
  torch::Tensor s = duoScaling ? xMean.pow(ratio) / (wMean.pow(1.0 - ratio) + 1e-4) : xMean.pow(ratio);
  s = s.clamp_min(1e-4);
  s = s / (s.max() * s.min()).sqrt();
  return torch::where(torch::isfinite(s), s, torch::ones_like(s));
}

std::optional<ScaleSearch> searchBestScale(const torch::Tensor& xMean, const std::vector<torch::Tensor>& weights,
                                           const OutputError& outputError, const AwqParams& p, QString* error) {
  torch::NoGradGuard ng;
  const torch::Tensor wMean = p.duoScaling ? weightMean(weights, p.groupSize) : torch::Tensor();
  ScaleSearch best;
  double bestError = std::numeric_limits<double>::infinity();
  for (int k = 0; k < p.nGrid; ++k) {
    const double ratio = static_cast<double>(k) / p.nGrid;
    const torch::Tensor scales = gridScales(xMean, wMean, ratio, p.duoScaling).contiguous();
    std::vector<torch::Tensor> scaled;
    scaled.reserve(weights.size());
    for (const torch::Tensor& w : weights) scaled.push_back(fakeQuantizeScaled(w, p.bits, p.groupSize, scales.data_ptr<float>()));
    const double e = outputError(scaled);
    best.errors.push_back(e);
    if (e < bestError) {
      bestError = e;
      best.ratio = ratio;
      best.scales = scales;
    }
  }
  if (!best.scales.defined()) {
    if (error) *error = QStringLiteral("no scaling ratio gave a finite output error (the weights or the calibration activations hold NaN/Inf)");
    return std::nullopt;
  }
  best.error = bestError;
  return best;
}

void scaleNormFcs(torch::Tensor& normWeight, const std::vector<torch::Tensor*>& fcs, const torch::Tensor& scales) {
  torch::NoGradGuard ng;
  normWeight.div_(scales);
  for (torch::Tensor* fc : fcs) fc->mul_(scales.view({1, -1}));
}

void scaleFcFc(torch::Tensor& prevWeight, torch::Tensor* prevBias, torch::Tensor& weight, const torch::Tensor& scales) {
  torch::NoGradGuard ng;
  const int64_t n = scales.size(0), rows = prevWeight.size(0);
  prevWeight.slice(0, rows - n, rows).div_(scales.view({-1, 1}));
  if (prevBias && prevBias->defined()) prevBias->slice(0, rows - n, rows).div_(scales);
  weight.mul_(scales.view({1, -1}));
}

int64_t clipTokenStep(int64_t tokens, const AwqParams& p) { return std::max<int64_t>(1, tokens / p.nSampleTokens); }

torch::Tensor searchBestClip(const torch::Tensor& weight, const torch::Tensor& x, const AwqParams& p) {
  torch::NoGradGuard ng;
  const torch::Tensor w = weight.to(torch::kFloat32).contiguous();
  const int64_t N = w.size(0), K = w.size(1), g = groupWidth(K, p.groupSize), G = K / g, T = x.size(0);
  // input_feat [T, G, g] → [G, T, g]: the partial output of group j is a product over g.
  const torch::Tensor xg = x.to(torch::kFloat32).reshape({T, G, g}).permute({1, 0, 2}).contiguous();
  const torch::Tensor wv = w.view({N, G, g});
  torch::Tensor bestMaxVal = torch::empty({N, G}, torch::kFloat32);
  const int64_t batch = N % 256 == 0 ? 256 : 64;
  const int steps = static_cast<int>(p.maxShrink * p.nGrid);
  for (int64_t o0 = 0; o0 < N; o0 += batch) {
    const int64_t o1 = std::min(N, o0 + batch), ob = o1 - o0;
    const torch::Tensor wb = wv.slice(0, o0, o1);               // [ob, G, g]
    const torch::Tensor orgMaxVal = wb.abs().amax(-1);          // [ob, G]
    const torch::Tensor orgOut = torch::bmm(xg, wb.permute({1, 2, 0}));  // [G, T, ob]
    torch::Tensor minErrs = torch::full({ob, G}, 1e9, torch::kFloat32);
    torch::Tensor best = orgMaxVal.clone();
    for (int i = 0; i < steps; ++i) {
      const torch::Tensor maxVal = orgMaxVal * (1.0 - static_cast<double>(i) / p.nGrid);
      const torch::Tensor mv = maxVal.unsqueeze(-1);
      const torch::Tensor curW = torch::max(torch::min(wb, mv), -mv);
      const torch::Tensor qW = fakeQuantize(curW.reshape({ob, K}), p.bits, p.groupSize).view({ob, G, g});
      const torch::Tensor curOut = torch::bmm(xg, qW.permute({1, 2, 0}));
      const torch::Tensor err = (curOut - orgOut).pow(2).mean(1).t();  // mean over tokens → [ob, G]
      const torch::Tensor better = err < minErrs;
      minErrs = torch::where(better, err, minErrs);
      best = torch::where(better, maxVal, best);
    }
    bestMaxVal.slice(0, o0, o1).copy_(best);
  }
  return bestMaxVal;
}

void applyClip(torch::Tensor& w, const torch::Tensor& maxVal, int groupSize) {
  torch::NoGradGuard ng;
  const int64_t N = w.size(0), K = w.size(1), g = groupWidth(K, groupSize);
  const torch::Tensor mv = maxVal.view({N, K / g, 1});
  const torch::Tensor wv = w.view({N, K / g, g});
  w.copy_(torch::max(torch::min(wv, mv), -mv).view({N, K}));
}

torch::Tensor dequantizeAwq(const torch::Tensor& qweight, const torch::Tensor& qzeros, const torch::Tensor& scales, int groupSize) {
  const int64_t K = qweight.size(0), N = scales.size(1), G = scales.size(0);
  const int64_t g = groupWidth(K, groupSize);
  const torch::Tensor qw = qweight.contiguous(), qz = qzeros.contiguous();
  const std::vector<uint8_t> q = unpackAwq(qw.data_ptr<int32_t>(), K, N);
  const std::vector<uint8_t> z = unpackAwq(qz.data_ptr<int32_t>(), G, N);
  const torch::Tensor s = scales.to(torch::kFloat32).contiguous();
  const float* sp = s.data_ptr<float>();
  torch::Tensor out = torch::empty({N, K}, torch::kFloat32);
  float* o = out.data_ptr<float>();
  at::parallel_for(0, N, 64, [&](int64_t b, int64_t e) {
    for (int64_t n = b; n < e; ++n)
      for (int64_t k = 0; k < K; ++k) {
        const int64_t j = k / g;
        o[n * K + k] = (static_cast<float>(q[static_cast<size_t>(k * N + n)]) - static_cast<float>(z[static_cast<size_t>(j * N + n)])) * sp[j * N + n];
      }
  });
  return out;
}

}  // namespace ct::quant
