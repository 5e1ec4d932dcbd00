// Qwen2 decoder forward in libtorch (CPU fp32 / bf16): RMSNorm, rotary (halves layout), GQA with
// q/k/v bias, SiLU MLP, tied or untied lm_head, KV cache. Weights are views into the mapped
// safetensors files, taken one layer at a time; a dtype conversion, when the checkpoint's dtype
// differs from the compute dtype, lives only while its layer runs.
#include <torch/torch.h>

#include <QThread>
#include <cmath>
#include <limits>

#include "model/generation.h"
#include "model/model_config.h"
#include "model/qwen2_math.h"
#include "model/safetensors.h"
#include "model/torch_tensors.h"
#include "quant/awq.h"
#include "quant/gptq.h"
#include "model/qwen2_model.h"

#include <QJsonObject>
#include <unordered_map>

namespace ct::model {
namespace {

class Qwen2Model final : public LanguageModel {
 public:
  Qwen2Model(ModelConfig c, std::unique_ptr<TensorSet> w, torch::Dtype dtype, QString prefix,
             std::unordered_map<std::string, torch::Tensor> dequantized)
      : weights_(std::move(w)), dtype_(dtype), dequantized_(std::move(dequantized)),
        math_(std::move(c), std::move(prefix), [this](const QString& name) { return weight(name); }) {
    kCache_.resize(static_cast<size_t>(math_.config().numLayers));
    vCache_.resize(static_cast<size_t>(math_.config().numLayers));
  }

  std::vector<float> feed(const std::vector<int32_t>& ids) override {
    torch::NoGradGuard ng;
    const torch::Tensor h = math_.forward(idTensor(ids), position_, &kCache_, &vCache_);
    position_ += static_cast<int>(ids.size());
    const torch::Tensor logits = math_.logits(h[0][h.size(1) - 1]).to(torch::kFloat32).contiguous();
    return std::vector<float>(logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel());
  }

  std::vector<float> score(const std::vector<int32_t>& ids, std::vector<float>* lastLogits,
                           std::vector<std::pair<int, float>>* top1) override {
    torch::NoGradGuard ng;
    const torch::Tensor h = math_.forward(idTensor(ids), 0, nullptr, nullptr)[0];  // [T, H]
    std::vector<float> out;
    out.reserve(ids.size());
    const int64_t T = h.size(0);
    for (int64_t start = 0; start < T; start += 256) {  // bounded memory for long texts and big vocabularies
      const int64_t end = std::min<int64_t>(T, start + 256);
      const torch::Tensor logits = math_.logits(h.slice(0, start, end)).to(torch::kFloat32);
      const torch::Tensor logp = torch::log_softmax(logits, -1);
      torch::Tensor best, bestIdx;
      if (top1) std::tie(best, bestIdx) = logp.max(-1);
      for (int64_t i = start; i < end; ++i) {
        if (top1 && i + 1 < T) top1->emplace_back(static_cast<int>(bestIdx[i - start].item<int64_t>()), best[i - start].item<float>());
        if (i + 1 < T) out.push_back(logp[i - start][ids[static_cast<size_t>(i + 1)]].item<float>());
        else if (lastLogits) {
          const torch::Tensor last = logits[i - start].contiguous();
          lastLogits->assign(last.data_ptr<float>(), last.data_ptr<float>() + last.numel());
        }
      }
    }
    return out;
  }

  void reset() override {
    position_ = 0;
    for (auto& t : kCache_) t = torch::Tensor();
    for (auto& t : vCache_) t = torch::Tensor();
  }
  int contextLength() const override { return position_; }
  int maxContext() const override { return math_.config().maxPositionEmbeddings; }
  int vocabSize() const override { return math_.config().vocabSize; }

 private:
  static torch::Tensor idTensor(const std::vector<int32_t>& ids) {
    return torch::from_blob(const_cast<int32_t*>(ids.data()), {1, static_cast<int64_t>(ids.size())}, torch::kInt32).to(torch::kInt64);
  }

  // A checkpoint tensor as a zero-copy view of the mapped file, in the compute dtype.
  torch::Tensor weight(const QString& name) const {
    if (!dequantized_.empty()) {
      const auto it = dequantized_.find(name.toStdString());
      if (it != dequantized_.end()) return it->second;
    }
    if (!weights_) return {};
    const TensorView view = weights_->view(name);
    if (!view.info) return {};
    return viewOf(view).to(dtype_);
  }

  std::unique_ptr<TensorSet> weights_;
  torch::Dtype dtype_;
  std::unordered_map<std::string, torch::Tensor> dequantized_;  // GPTQ / AWQ linears, dequantized at load
  Qwen2Math math_;
  std::vector<torch::Tensor> kCache_, vCache_;
  int position_ = 0;
};

}  // namespace

std::unique_ptr<LanguageModel> makeQwen2Model(ModelConfig config, std::unordered_map<std::string, torch::Tensor> weights,
                                              torch::Dtype dtype, const QString& prefix) {
  for (auto& [name, w] : weights) w = w.to(dtype);
  return std::make_unique<Qwen2Model>(std::move(config), nullptr, dtype, prefix, std::move(weights));
}

namespace {

// The checkpoint's tensors of one quantized Linear, each checked for dtype and shape; false with
// *error set when one is missing or does not fit.
struct Need {
  const char* suffix;
  DType dtype;
  std::vector<int64_t> shape;
};
bool gather(const TensorSet& w, const QString& base, const std::vector<Need>& needs, const QString& what, torch::Tensor* out, QString* error) {
  for (size_t i = 0; i < needs.size(); ++i) {
    const QString name = base + QLatin1String(needs[i].suffix);
    const TensorInfo* info = w.info(name);
    // Scales may come in the model's float dtype from other writers.
    const bool scales = QLatin1String(needs[i].suffix) == QLatin1String(".scales");
    if (!info || info->shape != needs[i].shape || (info->dtype != needs[i].dtype && !(scales && (info->dtype == DType::BF16 || info->dtype == DType::F32)))) {
      if (error) *error = info ? QStringLiteral("tensor %1 does not have the dtype and shape a %2 layer has").arg(name, what)
                               : QStringLiteral("tensor %1 is missing").arg(name);
      return false;
    }
    out[i] = viewOf(w.view(name));
  }
  return true;
}

// A GPTQ Linear (qweight/qzeros/scales/g_idx) dequantized to fp32 [out, in].
torch::Tensor loadGptqLinear(const TensorSet& w, const ModelConfig& cfg, const QString& base, const std::vector<int64_t>& shape,
                             QString* error) {
  const QJsonObject q = cfg.quantizationConfig;
  const int bits = q.value(QStringLiteral("bits")).toInt();
  if (bits != 2 && bits != 3 && bits != 4 && bits != 8) {
    if (error) *error = QStringLiteral("GPTQ with %1 bits is not supported (2, 3, 4 and 8 are)").arg(bits);
    return {};
  }
  const bool v2 = q.value(QStringLiteral("checkpoint_format")).toString(q.value(QStringLiteral("format")).toString()) == QLatin1String("gptq_v2");
  const int64_t N = shape[0], K = shape[1];
  const int gs = q.value(QStringLiteral("group_size")).toInt(-1);
  const int64_t G = gs > 0 ? (K + gs - 1) / gs : 1;
  torch::Tensor t[4];
  if (!gather(w, base, {{".qweight", DType::I32, {K * bits / 32, N}}, {".qzeros", DType::I32, {G, N * bits / 32}}, {".scales", DType::F16, {G, N}}, {".g_idx", DType::I32, {K}}},
              QStringLiteral("%1-bit, group %2 GPTQ").arg(bits).arg(gs), t, error))
    return {};
  const torch::Tensor gidx = t[3];
  if (gidx.numel() > 0 && (gidx.min().item<int>() < 0 || gidx.max().item<int>() >= G)) {
    if (error) *error = QStringLiteral("%1.g_idx refers to groups outside 0..%2").arg(base).arg(G - 1);
    return {};
  }
  return quant::dequantizeGptq(t[0], t[1], t[2], gidx, bits, v2);
}

// An AutoAWQ GEMM Linear (qweight [K, N/8], qzeros [G, N/8], scales [G, N]) dequantized to fp32 [out, in].
torch::Tensor loadAwqLinear(const TensorSet& w, const ModelConfig& cfg, const QString& base, const std::vector<int64_t>& shape, QString* error) {
  const QJsonObject q = cfg.quantizationConfig;
  const int bits = q.value(QStringLiteral("bits")).toInt(q.value(QStringLiteral("w_bit")).toInt());
  const int gs = q.value(QStringLiteral("group_size")).toInt(q.value(QStringLiteral("q_group_size")).toInt(-1));
  const QString version = q.value(QStringLiteral("version")).toString(QStringLiteral("gemm")).toLower();
  if (bits != 4 || version != QLatin1String("gemm") || !q.value(QStringLiteral("zero_point")).toBool(true)) {
    if (error) *error = QStringLiteral("AWQ %1-bit, version \"%2\"%3 is not supported (the GEMM layout, 4-bit with zero points, is)")
                            .arg(bits).arg(version, q.value(QStringLiteral("zero_point")).toBool(true) ? QString() : QStringLiteral(", without zero points"));
    return {};
  }
  const int64_t N = shape[0], K = shape[1];
  if (N % 8 != 0 || (gs > 0 && K % gs != 0)) {
    if (error) *error = QStringLiteral("%1: %2×%3 does not fit AWQ group size %4").arg(base).arg(N).arg(K).arg(gs);
    return {};
  }
  const int64_t G = gs > 0 ? K / gs : 1;
  torch::Tensor t[3];
  if (!gather(w, base, {{".qweight", DType::I32, {K, N / 8}}, {".qzeros", DType::I32, {G, N / 8}}, {".scales", DType::F16, {G, N}}},
              QStringLiteral("4-bit, group %1 AWQ GEMM").arg(gs), t, error))
    return {};
  return quant::dequantizeAwq(t[0], t[1], t[2], gs);
}

// A quantized Linear of either format, as its quantization_config says.
torch::Tensor loadQuantLinear(const TensorSet& w, const ModelConfig& cfg, const QString& base, const std::vector<int64_t>& shape, QString* error) {
  const QString method = cfg.quantizationConfig.value(QStringLiteral("quant_method")).toString();
  if (method == QLatin1String("gptq")) return loadGptqLinear(w, cfg, base, shape, error);
  if (method == QLatin1String("awq")) return loadAwqLinear(w, cfg, base, shape, error);
  if (error) *error = QStringLiteral("quantization \"%1\" is not supported (GPTQ and AWQ are)").arg(method);
  return {};
}

}  // namespace

std::unique_ptr<LanguageModel> LanguageModel::load(const QString& dir, const LoadOptions& options, QString* error) {
  auto cfg = ModelConfig::load(dir, error);
  if (!cfg) return nullptr;
  auto weights = TensorSet::open(dir, error);
  if (!weights) return nullptr;
  QString prefix = QStringLiteral("model.");
  if (!weights->contains(prefix + QStringLiteral("embed_tokens.weight")) && weights->contains(QStringLiteral("model.language_model.embed_tokens.weight")))
    prefix = QStringLiteral("model.language_model.");
  // Every tensor the forward needs, with its shape, checked before the first token.
  const auto need = cfg->expectedTensors(prefix, !cfg->tieWordEmbeddings || weights->contains(QStringLiteral("lm_head.weight")));
  const bool quantized = !cfg->quantizationConfig.isEmpty();
  std::unordered_map<std::string, torch::Tensor> dequantized;
  for (const auto& [name, shape] : need) {
    // A Linear left in float (AWQ's modules_to_not_convert) keeps its plain .weight.
    if (quantized && name.endsWith(QLatin1String("_proj.weight")) && !weights->contains(name)) {
      auto w = loadQuantLinear(*weights, *cfg, name.left(name.size() - 7), shape, error);
      if (!w.defined()) {
        if (error) *error = QStringLiteral("%1: %2").arg(dir, *error);
        return nullptr;
      }
      dequantized.emplace(name.toStdString(), w);
      continue;
    }
    const TensorInfo* t = weights->info(name);
    if (!t) {
      if (error) *error = QStringLiteral("%1: tensor %2 is missing").arg(dir, name);
      return nullptr;
    }
    if (t->shape != shape) {
      if (error) *error = QStringLiteral("%1: tensor %2 has shape [%3], config.json implies [%4]").arg(dir, name)
                              .arg(QStringList([&] { QStringList s; for (auto d : t->shape) s << QString::number(d); return s; }()).join(QLatin1Char(',')))
                              .arg(QStringList([&] { QStringList s; for (auto d : shape) s << QString::number(d); return s; }()).join(QLatin1Char(',')));
      return nullptr;
    }
    if (t->dtype != DType::F32 && t->dtype != DType::F16 && t->dtype != DType::BF16) {
      if (error) *error = QStringLiteral("%1: tensor %2 has dtype %3; expected F32, F16 or BF16").arg(dir, name, dtypeName(t->dtype));
      return nullptr;
    }
  }
  torch::Dtype dtype;
  if (options.dtype == QLatin1String("float32") || options.dtype == QLatin1String("fp32")) dtype = torch::kFloat32;
  else if (options.dtype == QLatin1String("bfloat16") || options.dtype == QLatin1String("bf16")) dtype = torch::kBFloat16;
  else {
    if (error) *error = QStringLiteral("compute dtype \"%1\" is not available on CPU; use float32 or bfloat16").arg(options.dtype);
    return nullptr;
  }
  torch::set_num_threads(options.threads > 0 ? options.threads : std::max(1, QThread::idealThreadCount()));
  for (auto& [name, w] : dequantized) w = w.to(dtype);
  return std::make_unique<Qwen2Model>(std::move(*cfg), std::move(weights), dtype, prefix, std::move(dequantized));
}

}  // namespace ct::model
