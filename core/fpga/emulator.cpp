#include <torch/torch.h>

#include "fpga/emulator.h"

#include <QJsonObject>
#include <QThread>
#include <ATen/Parallel.h>

#include "fpga/image.h"
#include "model/model_config.h"
#include "model/qwen2_model.h"

namespace ct::fpga {

std::unique_ptr<model::LanguageModel> loadEmulator(const QString& imageDir, const model::LoadOptions& options, QString* error) {
  auto image = Image::open(imageDir, error);
  if (!image || !image->verifyChecksums(error)) return nullptr;  // a damaged image is refused, never run
  QString why;
  auto cfg = model::ModelConfig::fromJson(image->manifest().value(QStringLiteral("config")).toObject(), &why);
  if (!cfg) {
    if (error) *error = QStringLiteral("%1: the manifest's model config: %2").arg(imageDir, why);
    return nullptr;
  }
  torch::set_num_threads(options.threads > 0 ? options.threads : std::max(1, QThread::idealThreadCount()));
  std::unordered_map<std::string, torch::Tensor> weights;
  for (const QString& name : image->gptqTensors()) {
    auto a = image->readGptq(name, error);
    if (!a) return nullptr;
    const int64_t K = a->in, N = a->out;
    torch::Tensor w = torch::empty({N, K}, torch::kFloat32);
    const torch::Tensor scales = torch::from_blob(a->scales.data(), {a->groups, N}, torch::kHalf).to(torch::kFloat32).contiguous();
    const float* s = scales.data_ptr<float>();
    float* o = w.data_ptr<float>();
    at::parallel_for(0, N, 64, [&](int64_t b, int64_t e) {
      for (int64_t n = b; n < e; ++n)
        for (int64_t k = 0; k < K; ++k) {
          const int64_t g = a->gIdx[static_cast<size_t>(k)];
          o[n * K + k] = s[g * N + n] * (static_cast<float>(a->codes[static_cast<size_t>(k * N + n)]) - static_cast<float>(a->zeros[static_cast<size_t>(g * N + n)]));
        }
    });
    weights.emplace((name + QStringLiteral(".weight")).toStdString(), w);
  }
  for (const QString& name : image->f16Tensors()) {
    std::vector<int64_t> shape;
    auto h = image->readF16(name, &shape, error);
    if (!h) return nullptr;
    weights.emplace(name.toStdString(), torch::from_blob(h->data(), shape, torch::kHalf).clone());
  }
  const QString prefix = weights.count("model.language_model.embed_tokens.weight") ? QStringLiteral("model.language_model.") : QStringLiteral("model.");
  const auto need = cfg->expectedTensors(prefix, !cfg->tieWordEmbeddings || weights.count("lm_head.weight"));
  for (const auto& [name, shape] : need) {
    auto it = weights.find(name.toStdString());
    if (it == weights.end() || it->second.sizes().vec() != shape) {
      if (error) *error = QStringLiteral("%1: the image lacks %2 or holds it with another shape").arg(imageDir, name);
      return nullptr;
    }
  }
  torch::Dtype dtype = torch::kFloat32;
  if (options.dtype == QLatin1String("bfloat16") || options.dtype == QLatin1String("bf16")) dtype = torch::kBFloat16;
  return model::makeQwen2Model(std::move(*cfg), std::move(weights), dtype, prefix);
}

}  // namespace ct::fpga
