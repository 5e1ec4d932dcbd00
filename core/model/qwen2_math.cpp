#include "model/qwen2_math.h"

#include <cmath>
#include <limits>

namespace ct::model {

Qwen2Math::Qwen2Math(ModelConfig cfg, QString prefix, WeightFn weight)
    : cfg_(std::move(cfg)), prefix_(std::move(prefix)), weight_(std::move(weight)) {
  // inv_freq[i] = 1 / theta^(2i/dim), from an int64 arange as transformers computes it.
  const auto idx = torch::arange(0, cfg_.headDim, 2, torch::kInt64).to(torch::kFloat32);
  invFreq_ = 1.0 / torch::pow(torch::tensor(cfg_.ropeTheta, torch::kFloat32), idx / static_cast<double>(cfg_.headDim));
}

QString Qwen2Math::layer(int i, const char* rest) const {
  return prefix_ + QStringLiteral("layers.%1.").arg(i) + QLatin1String(rest);
}

torch::Tensor Qwen2Math::rmsNorm(const torch::Tensor& x, const torch::Tensor& w) const {
  // fp32 statistics, back to the input dtype, then the weight multiply in that dtype.
  torch::Tensor f = x.to(torch::kFloat32);
  f = f * torch::rsqrt(f.pow(2).mean(-1, true) + cfg_.rmsNormEps);
  return f.to(x.scalar_type()) * w;
}

torch::Tensor Qwen2Math::rope(const torch::Tensor& x, int64_t pos0) const {
  const int64_t T = x.size(2);
  const torch::Tensor pos = torch::arange(pos0, pos0 + T, torch::kInt64).to(torch::kFloat32);
  const torch::Tensor freqs = torch::outer(pos, invFreq_);
  const torch::Tensor emb = torch::cat({freqs, freqs}, -1);  // halves layout
  const torch::Tensor cos = emb.cos().to(x.scalar_type()), sin = emb.sin().to(x.scalar_type());
  const int64_t half = x.size(-1) / 2;
  const torch::Tensor rotated = torch::cat({-x.slice(-1, half), x.slice(-1, 0, half)}, -1);
  return x * cos + rotated * sin;
}

torch::Tensor Qwen2Math::forward(const torch::Tensor& ids, int64_t pos0, std::vector<torch::Tensor>* kCache,
                                 std::vector<torch::Tensor>* vCache) const {
  namespace F = torch::nn::functional;
  const int64_t B = ids.size(0), T = ids.size(1);
  const int nh = cfg_.numHeads, nkv = cfg_.numKvHeads, hd = cfg_.headDim;
  torch::Tensor x = F::embedding(ids, weight_(prefix_ + QStringLiteral("embed_tokens.weight")));
  for (int l = 0; l < cfg_.numLayers; ++l) {
    torch::Tensor h = rmsNorm(x, weight_(layer(l, "input_layernorm.weight")));
    torch::Tensor q = F::linear(h, weight_(layer(l, "self_attn.q_proj.weight")), weight_(layer(l, "self_attn.q_proj.bias")));
    torch::Tensor k = F::linear(h, weight_(layer(l, "self_attn.k_proj.weight")), weight_(layer(l, "self_attn.k_proj.bias")));
    torch::Tensor v = F::linear(h, weight_(layer(l, "self_attn.v_proj.weight")), weight_(layer(l, "self_attn.v_proj.bias")));
    q = rope(q.view({B, T, nh, hd}).transpose(1, 2), pos0);  // [B, nh, T, hd]
    k = rope(k.view({B, T, nkv, hd}).transpose(1, 2), pos0);
    v = v.view({B, T, nkv, hd}).transpose(1, 2);
    if (kCache) {
      auto& kl = (*kCache)[static_cast<size_t>(l)];
      auto& vl = (*vCache)[static_cast<size_t>(l)];
      kl = kl.defined() ? torch::cat({kl, k}, 2) : k;
      vl = vl.defined() ? torch::cat({vl, v}, 2) : v;
      k = kl;
      v = vl;
    }
    const torch::Tensor attn = attention(q, k, v, pos0);
    x = x + F::linear(attn, weight_(layer(l, "self_attn.o_proj.weight")));
    h = rmsNorm(x, weight_(layer(l, "post_attention_layernorm.weight")));
    const torch::Tensor gate = F::linear(h, weight_(layer(l, "mlp.gate_proj.weight")));
    const torch::Tensor up = F::linear(h, weight_(layer(l, "mlp.up_proj.weight")));
    x = x + F::linear(torch::silu(gate) * up, weight_(layer(l, "mlp.down_proj.weight")));
  }
  return rmsNorm(x, weight_(prefix_ + QStringLiteral("norm.weight")));
}

torch::Tensor Qwen2Math::attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                   int64_t pos0) const {
  const int64_t B = q.size(0), T = q.size(2), S = k.size(2);
  const int nh = cfg_.numHeads, nkv = cfg_.numKvHeads, hd = cfg_.headDim;
  const double scale = 1.0 / std::sqrt(static_cast<double>(hd));
  // GQA: query head h reads kv head h / (nh / nkv).
  const torch::Tensor kk = k.repeat_interleave(nh / nkv, 1), vv = v.repeat_interleave(nh / nkv, 1);
  torch::Tensor scores = torch::matmul(q.to(torch::kFloat32), kk.to(torch::kFloat32).transpose(-1, -2)) * scale;
  if (T > 1) {
    const torch::Tensor qpos = torch::arange(pos0, pos0 + T, torch::kInt64).unsqueeze(1);
    const torch::Tensor kpos = torch::arange(0, S, torch::kInt64).unsqueeze(0);
    scores = scores.masked_fill(kpos > qpos, -std::numeric_limits<float>::infinity());
  }
  const torch::Tensor attn = torch::matmul(torch::softmax(scores, -1).to(q.scalar_type()), vv);  // [B, nh, T, hd]
  return attn.transpose(1, 2).reshape({B, T, nh * hd});
}

torch::Tensor Qwen2Math::attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v) const {
  const int64_t B = q.size(0), T = q.size(1);
  const int nh = cfg_.numHeads, nkv = cfg_.numKvHeads, hd = cfg_.headDim;
  return attention(rope(q.view({B, T, nh, hd}).transpose(1, 2), 0), rope(k.view({B, T, nkv, hd}).transpose(1, 2), 0),
                   v.view({B, T, nkv, hd}).transpose(1, 2), 0);
}

torch::Tensor Qwen2Math::logits(const torch::Tensor& hidden) const {
  torch::Tensor lm = weight_(QStringLiteral("lm_head.weight"));
  if (!lm.defined()) lm = weight_(prefix_ + QStringLiteral("embed_tokens.weight"));
  return torch::nn::functional::linear(hidden, lm);
}

}  // namespace ct::model
