#pragma once
// Checkpoint tensors as libtorch tensors (compute code only).
#include <torch/torch.h>

#include "model/dtype.h"
#include "model/safetensors.h"

namespace ct::model {

inline torch::Dtype torchDtype(DType t) {
  switch (t) {
    case DType::F32: return torch::kFloat32;
    case DType::F16: return torch::kFloat16;
    case DType::BF16: return torch::kBFloat16;
    case DType::I32: return torch::kInt32;
    case DType::I8: return torch::kInt8;
    case DType::U8: return torch::kUInt8;
    case DType::I64: return torch::kInt64;
    case DType::F64: return torch::kFloat64;
    case DType::I16: return torch::kInt16;
    case DType::Bool: return torch::kBool;
    default: return torch::kUInt8;
  }
}

// A zero-copy, read-only view of a mapped tensor (undefined when absent). Never write into it.
inline torch::Tensor viewOf(const TensorView& v) {
  if (!v.info) return {};
  return torch::from_blob(const_cast<uint8_t*>(v.data), v.info->shape, torch::TensorOptions().dtype(torchDtype(v.info->dtype)));
}

}  // namespace ct::model
