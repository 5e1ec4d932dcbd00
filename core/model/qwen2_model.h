#pragma once
// Building a Qwen2 LanguageModel from tensors already in memory (compute code only): the FPGA
// emulator hands over the weights it reconstructs from an image.
#include <torch/torch.h>

#include <QString>
#include <memory>
#include <string>
#include <unordered_map>

#include "model/generation.h"
#include "model/model_config.h"

namespace ct::model {

// weights: every tensor the forward reads, by checkpoint name, [out, in] for Linears.
std::unique_ptr<LanguageModel> makeQwen2Model(ModelConfig config, std::unordered_map<std::string, torch::Tensor> weights,
                                              torch::Dtype dtype, const QString& prefix);

}  // namespace ct::model
