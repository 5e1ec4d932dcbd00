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

// fp16 <-> fp32 without torch, for code that must stay light (inspection, packing).
float halfToFloat(uint16_t h);
uint16_t floatToHalf(float f);

}  // namespace ct::model
