#pragma once
#include <QString>
#include <cstdint>
#include <optional>

namespace ct::model {

// Element types of safetensors files (the ones this project reads and writes).
enum class DType : uint8_t { Bool, U8, I8, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64 };

int dtypeSize(DType t);
QString dtypeName(DType t);  // "F16", "BF16", ...
std::optional<DType> dtypeFromName(const QString& name);

// fp16/bf16 <-> fp32 without torch, for code that must stay light (inspection, packing).
float halfToFloat(uint16_t h);
uint16_t floatToHalf(float f);
inline float bf16ToFloat(uint16_t b) {
  const uint32_t bits = static_cast<uint32_t>(b) << 16;
  float f;
  __builtin_memcpy(&f, &bits, 4);
  return f;
}

}  // namespace ct::model
