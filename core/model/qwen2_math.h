#pragma once
// The Qwen2 decoder's math on batched tensors, shared by inference (weights from the mapped
// checkpoint) and training (the demo model's parameters): one definition, so what is trained is
// exactly what is run. Only compute code includes this (it brings in libtorch).
#include <torch/torch.h>

#include <QString>
#include <functional>
#include <vector>

#include "model/model_config.h"

namespace ct::model {

class Qwen2Math {
 public:
  using WeightFn = std::function<torch::Tensor(const QString&)>;  // undefined tensor if absent

  Qwen2Math(ModelConfig cfg, QString prefix, WeightFn weight);

  // ids [B, T] (int64) at positions pos0..pos0+T-1 → final hidden states [B, T, H].
  // With caches (one K and one V per layer, [B, kv, S, hd]) the new keys/values are appended.
  torch::Tensor forward(const torch::Tensor& ids, int64_t pos0, std::vector<torch::Tensor>* kCache,
                        std::vector<torch::Tensor>* vCache) const;
  torch::Tensor logits(const torch::Tensor& hidden) const;  // [..., H] → [..., vocab]

  torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& w) const;
  torch::Tensor rope(const torch::Tensor& x, int64_t pos0) const;  // x [B, heads, T, hd]
  // Causal self-attention of projected q [B, T, nh·hd], k and v [B, T, nkv·hd] at positions
  // 0..T-1 (rotary applied here) → [B, T, nh·hd], before o_proj. The quantizer runs a layer
  // piece by piece with this.
  torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v) const;
  const ModelConfig& config() const { return cfg_; }
  const QString& prefix() const { return prefix_; }

 private:
  QString layer(int i, const char* rest) const;
  // q [B, nh, T, hd] at positions pos0.., k/v [B, nkv, S, hd] → [B, T, nh·hd]
  torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, int64_t pos0) const;

  ModelConfig cfg_;
  QString prefix_;
  WeightFn weight_;
  torch::Tensor invFreq_;
};

}  // namespace ct::model
