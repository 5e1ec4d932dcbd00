#pragma once
#include <QJsonObject>
#include <QList>
#include <QString>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace ct::model {

// What the Qwen2 decoder needs from config.json. Qwen2-VL / Qwen2.5-VL configs are read for
// their language model (top level or "text_config"); their vision tower is carried, not run.
struct ModelConfig {
  QString architecture;  // "Qwen2ForCausalLM", "Qwen2VLForConditionalGeneration", ...
  QString modelType;     // "qwen2", "qwen2_vl", "qwen2_5_vl"
  bool isVisionLanguage = false;
  int hiddenSize = 0;
  int intermediateSize = 0;
  int numLayers = 0;
  int numHeads = 0;
  int numKvHeads = 0;
  int headDim = 0;
  int vocabSize = 0;
  double ropeTheta = 10000.0;
  double rmsNormEps = 1e-6;
  bool tieWordEmbeddings = false;
  int maxPositionEmbeddings = 32768;
  QString torchDtype;  // "bfloat16", "float16", "float32"
  QList<int> eosTokenIds;
  int bosTokenId = -1;
  QJsonObject quantizationConfig;  // present in GPTQ checkpoints
  QJsonObject raw;

  // Every float tensor a Qwen2 forward reads, with its shape, under the language model's
  // prefix ("model." or "model.language_model."); lm_head only when it is not tied.
  QList<std::pair<QString, std::vector<int64_t>>> expectedTensors(const QString& prefix, bool withLmHead) const;

  static std::optional<ModelConfig> fromJson(const QJsonObject& o, QString* error);
  static std::optional<ModelConfig> load(const QString& dir, QString* error);
  QJsonObject toJson() const;  // a config.json for a Qwen2ForCausalLM with these values
};

}  // namespace ct::model
