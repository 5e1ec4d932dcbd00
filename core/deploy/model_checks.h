#pragma once
#include <QByteArray>
#include <QString>
#include <optional>

#include "sched/scheduler.h"

// What ct checks about a checkpoint before vLLM is started on it: the numbers vLLM itself will
// refuse on (tensor-parallel divisibility of attention and KV heads), and the quantization kernel
// vLLM will pick for a GPTQ or AWQ checkpoint, so a refusal comes in seconds with the fix
// instead of minutes into a start.
namespace ct::deploy {

struct QuantFacts {
  QString method;       // "gptq", "awq", ... ; empty: not quantized
  int bits = 0;
  int groupSize = -1;   // -1: per channel
  bool descAct = false;
  bool sym = true;
  bool zeroPoint = true;  // AWQ
};

struct ModelFacts {
  QString architecture, modelType, dtype;
  int heads = 0, kvHeads = 0, layers = 0, hidden = 0, maxPositions = 0;
  qint64 weightBytes = 0;
  QuantFacts quant;

  // config.json's text (a multimodal checkpoint's text_config is read for the language model).
  static std::optional<ModelFacts> fromConfig(const QByteArray& configJson, qint64 weightBytes, QString* error);
  sched::ModelShape shape(int contextLength) const;
};

// Empty when vLLM accepts this tensor-parallel size for the model; otherwise the refusal with
// the sizes that would work.
QString checkTensorParallel(const ModelFacts& m, int tp);

struct KernelChoice {
  QString kernel;   // what vLLM will run: gptq_marlin, gptq, awq_marlin, awq, or empty (not quantized)
  QString why;
  QString warning;  // e.g. an explicit --quantization that forces a slower kernel
  QString refusal;  // non-empty: vLLM cannot load this checkpoint with these settings
};
// computeCapability: the lowest of the GPUs it will run on, as 75 for 7.5; 0 when unknown,
// which is taken as Ampere or newer (8.0+, where the Marlin kernels run).
KernelChoice predictKernel(const ModelFacts& m, const QString& requestedQuantization, const QString& dtype, int computeCapability = 0);

// Compute capability of a GPU from the name nvidia-smi prints, for the generations before
// Ampere that change vLLM's choices (Marlin needs 8.0, AWQ 7.5, vLLM itself 7.0); 0 when the
// name is none of them.
int computeCapabilityFromName(const QString& gpuName);

}  // namespace ct::deploy
