#pragma once
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

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

  static std::optional<ModelConfig> fromJson(const QJsonObject& o, QString* error);
  static std::optional<ModelConfig> load(const QString& dir, QString* error);
  QJsonObject toJson() const;  // a config.json for a Qwen2ForCausalLM with these values
};

}  // namespace ct::model
