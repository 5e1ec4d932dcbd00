#pragma once
#include <QString>
#include <memory>

#include "model/generation.h"

namespace ct::fpga {

// The golden model of the board: a Qwen2 LanguageModel whose weights are read from a compiled
// image — the integer codes, scales, zero points and input permutation the board reads —
// dequantized exactly as checkpoint loaders do, so its logits equal the dequantized
// checkpoint's forward bit for bit.
std::unique_ptr<model::LanguageModel> loadEmulator(const QString& imageDir, const model::LoadOptions& options, QString* error);

}  // namespace ct::fpga
