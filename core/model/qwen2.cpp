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

namespace ct::model {
namespace {

torch::Dtype torchDtype(DType t) {
  switch (t) {
    case DType::F32: return torch::kFloat32;
    case DType::F16: return torch::kFloat16;
    case DType::BF16: return torch::kBFloat16;
    case DType::I32: return torch::kInt32;
    case DType::I8: return torch::kInt8;
    case DType::U8: return torch::kUInt8;
    case DType::I64: return torch::kInt64;
    case DType::F64: return torch::kFloat64;
    default: return torch::kUInt8;
  }
}

class Qwen2Model final : public LanguageModel {
 public:
  Qwen2Model(ModelConfig c, std::unique_ptr<TensorSet> w, torch::Dtype dtype, QString prefix)
      : weights_(std::move(w)), dtype_(dtype),
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

  std::vector<float> score(const std::vector<int32_t>& ids, std::vector<float>* lastLogits) override {
    torch::NoGradGuard ng;
    const torch::Tensor h = math_.forward(idTensor(ids), 0, nullptr, nullptr)[0];  // [T, H]
    std::vector<float> out;
    out.reserve(ids.size());
    const int64_t T = h.size(0);
    for (int64_t start = 0; start < T; start += 256) {  // bounded memory for long texts and big vocabularies
      const int64_t end = std::min<int64_t>(T, start + 256);
      const torch::Tensor logits = math_.logits(h.slice(0, start, end)).to(torch::kFloat32);
      const torch::Tensor logp = torch::log_softmax(logits, -1);
      for (int64_t i = start; i < end; ++i) {
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
    const TensorView view = weights_->view(name);
    if (!view.info) return {};
    const auto t = torch::from_blob(const_cast<uint8_t*>(view.data), view.info->shape, torch::TensorOptions().dtype(torchDtype(view.info->dtype)));
    return t.to(dtype_);
  }

  std::unique_ptr<TensorSet> weights_;
  torch::Dtype dtype_;
  Qwen2Math math_;
  std::vector<torch::Tensor> kCache_, vCache_;
  int position_ = 0;
};

}  // namespace

std::unique_ptr<LanguageModel> LanguageModel::load(const QString& dir, const LoadOptions& options, QString* error) {
  auto cfg = ModelConfig::load(dir, error);
  if (!cfg) return nullptr;
  if (!cfg->quantizationConfig.isEmpty()) {
    if (error) *error = QStringLiteral("%1 is a quantized checkpoint; this loader runs float checkpoints").arg(dir);
    return nullptr;
  }
  auto weights = TensorSet::open(dir, error);
  if (!weights) return nullptr;
  QString prefix = QStringLiteral("model.");
  if (!weights->contains(prefix + QStringLiteral("embed_tokens.weight")) && weights->contains(QStringLiteral("model.language_model.embed_tokens.weight")))
    prefix = QStringLiteral("model.language_model.");
  // Every tensor the forward needs, with its shape, checked before the first token.
  const auto need = cfg->expectedTensors(prefix, !cfg->tieWordEmbeddings || weights->contains(QStringLiteral("lm_head.weight")));
  for (const auto& [name, shape] : need) {
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
  return std::make_unique<Qwen2Model>(std::move(*cfg), std::move(weights), dtype, prefix);
}

}  // namespace ct::model
