#pragma once
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <cstdint>

namespace ct::model {
struct ModelConfig;
}

namespace ct::quant {

// Everything that decides what `ct quantize` produces. Two runs with equal options, model and
// calibration write byte-identical checkpoints.
struct QuantOptions {
  QString method = QStringLiteral("gptq");  // "gptq", "rtn" or "awq"
  int bits = 4;                             // 2, 3, 4, 8 (AWQ: 4)
  int groupSize = 128;                      // -1 (one group per row), 32, 64, 128
  bool descAct = false;                     // act-order: columns by descending Hessian diagonal
  bool sym = true;
  bool staticGroups = false;
  double damp = 0.01;  // fraction of mean(diag H) added to the diagonal
  int blockSize = 128;
  QString calibPath;  // empty: the built-in text (demo model only)
  QString calibField = QStringLiteral("text");
  int nsamples = 128;
  int seqlen = 0;  // 0: min(2048, the model's max_position_embeddings)
  uint64_t seed = 0;
  int64_t maxMemoryBytes = 0;  // 0: no limit
  // AWQ only
  bool awqClip = true;     // the clipping search after scaling
  bool duoScaling = true;  // s = x_mean^r / w_mean^(1−r) (AutoAWQ); off: x_mean^r (the paper)
  int grid = 20;           // ratios tried by the scale search

  bool isAwq() const { return method == QLatin1String("awq"); }

  QJsonObject toJson() const;  // what the fingerprint and the job parameters record
};

// What the options mean for this model, known before any work: errors stop the run; warnings
// are shown first (the user may be about to spend an hour on a checkpoint vLLM serves slowly).
struct QuantPlan {
  QStringList errors;
  QStringList warnings;
  QString kernel;      // the vLLM kernel that will serve the result: "gptq_marlin", "gptq", "awq_marlin" or "awq"
  QString kernelNote;  // why, in one sentence
  QStringList notes;   // what the run will do that the user may not expect (not a problem)
  QList<int> tensorParallel;  // AWQ: the vLLM --tensor-parallel-size values the shapes allow (of 1, 2, 4, 8)
  int64_t estimatedPeakBytes = 0;
};

QuantPlan planQuantization(const QuantOptions& options, const model::ModelConfig& config);

// The options with automatic values filled in for this model.
QuantOptions resolved(QuantOptions options, const model::ModelConfig& config);

// quantization_config for config.json and quantize_config.json (the keys vLLM, transformers and
// GPTQModel read; v1 "gptq" for sym, "gptq_v2" for asym).
QJsonObject quantizationConfig(const QuantOptions& options, bool visionCarried);
// AWQ's quantization_config (config.json only), exactly AutoAWQ's keys: quant_method "awq",
// bits, group_size, zero_point true, version "gemm", modules_to_not_convert (["visual"] for
// Qwen2-VL, else null).
QJsonObject awqQuantizationConfig(const QuantOptions& options, bool visionCarried);

// Peak resident memory of a run, estimated from the layer shapes and the calibration size.
int64_t estimatePeakBytes(const QuantOptions& options, const model::ModelConfig& config);

// The staging folder a run of OUT works in (OUT + ".partial"); OUT appears only when complete.
QString stagingDir(const QString& outDir);

// "4.7 GB" style.
QString formatBytes(int64_t bytes);
// "4G", "4.5GB", "800M", "1073741824" → bytes; -1 when unreadable.
int64_t parseBytes(const QString& text);

}  // namespace ct::quant
