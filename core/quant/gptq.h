#pragma once
// GPTQ and round-to-nearest for one Linear weight (compute code only: brings in libtorch).
#include <torch/torch.h>

#include <QString>

namespace ct::quant {

struct GptqParams {
  int bits = 4;
  int groupSize = 128;  // -1: one group per row
  bool sym = true;
  bool descAct = false;
  bool staticGroups = false;
  double damp = 0.01;
  int blockSize = 128;
};

// A quantized Linear in original column order. Scales are fp16-representable (rounded to fp16
// before they are used), so scales·(codes − zeros) computed in fp32 is bit-identical to what a
// loader dequantizes from the checkpoint.
struct QuantizedLinear {
  torch::Tensor codes;    // uint8 [rows, cols]
  torch::Tensor scales;   // float32 [G, rows]
  torch::Tensor zeros;    // uint8 [G, rows], the true zero point
  torch::Tensor gIdx;     // int32 [cols]
  torch::Tensor dequant;  // float32 [rows, cols]
  double loss = 0;        // GPTQ's Σ (w − q)² / d² / 2 (0 for round-to-nearest)
  double damp = 0;        // damp_percent that made the Hessian positive definite
  int deadColumns = 0;
};

// weight: [rows, cols] any float dtype (copied). hessian: fp32 [cols, cols] symmetric, consumed
// (overwritten). On a Hessian that stays singular even at damp 1.0 returns nullopt + reason.
std::optional<QuantizedLinear> gptqQuantize(const torch::Tensor& weight, torch::Tensor hessian, const GptqParams& p,
                                            QString* error);
QuantizedLinear rtnQuantize(const torch::Tensor& weight, const GptqParams& p);

// H += Xᵀ·X for X [tokens, cols] fp32 (only the lower triangle in row-major terms is written;
// finishHessian mirrors it and applies the 2/nsamples scale).
void accumulateHessian(torch::Tensor& h, const torch::Tensor& x);
void finishHessian(torch::Tensor& h, int64_t nsamples);

// w = scales[g_idx[k]] · (q − z) from the checkpoint tensors; v2 = zeros stored as is (gptq_v2),
// else stored + 1 (v1). Returns fp32 [out, in].
torch::Tensor dequantizeGptq(const torch::Tensor& qweight, const torch::Tensor& qzeros, const torch::Tensor& scales,
                             const torch::Tensor& gIdx, int bits, bool v2);

}  // namespace ct::quant
