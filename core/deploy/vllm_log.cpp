#include "deploy/vllm_log.h"

#include <QRegularExpression>

namespace ct::deploy {

VllmFailure diagnoseLine(const QByteArray& raw) {
  const QString line = QString::fromUtf8(raw).trimmed();
  VllmFailure f;
  auto set = [&](const char* kind, const QString& advice) {
    f.kind = QLatin1String(kind);
    f.line = line.left(600);
    f.advice = advice;
    return f;
  };
  if (line.contains(QLatin1String("on startup is less than desired GPU memory utilization")))
    return set("free_memory", QStringLiteral("another process took memory on the GPU since ct planned the start: look with 'ct gpus HOST', then deploy with a smaller --memory "
                                             "(or --gpu-memory-utilization) or on other --gpus"));
  if (line.contains(QLatin1String("CUDA out of memory")) || line.contains(QLatin1String("OutOfMemoryError")))
    return set("out_of_memory", QStringLiteral("the model ran out of GPU memory: raise --memory, lower --max-model-len, or spread it over more GPUs with --tensor-parallel-size"));
  static const QRegularExpression estimated(QStringLiteral("estimated maximum model length is (\\d+)"));
  if (line.contains(QLatin1String("larger than the available KV cache memory")) || line.contains(QLatin1String("larger than the maximum number of tokens that can be stored in KV cache"))) {
    const auto m = estimated.match(line);
    return set("kv_cache", m.hasMatch() ? QStringLiteral("the KV cache cannot hold one request of --max-model-len tokens: deploy with --max-model-len %1 or less, or raise --memory").arg(m.captured(1))
                                        : QStringLiteral("the KV cache cannot hold one request of --max-model-len tokens: lower --max-model-len or raise --memory"));
  }
  if (line.contains(QLatin1String("No available memory for the cache blocks")))
    return set("no_cache_blocks", QStringLiteral("the weights left no memory for the KV cache: raise --memory (or --gpu-memory-utilization) or use more GPUs"));
  if (line.contains(QLatin1String("is greater than the derived max_model_len")))
    return set("max_model_len", QStringLiteral("--max-model-len is above what the model supports (its max_position_embeddings): lower it"));
  if (line.contains(QLatin1String("Unknown quantization method")) || line.contains(QLatin1String("is not supported for quantization")) ||
      line.contains(QLatin1String("Cannot find the config file for")) || line.contains(QLatin1String("does not support bfloat16")))
    return set("quantization", QStringLiteral("vLLM cannot load this checkpoint's quantization: leave --quantization out (vLLM reads quantization_config) or use --dtype float16 for GPTQ"));
  if (line.contains(QLatin1String("Address already in use")))
    return set("address_in_use", QStringLiteral("the port was taken by a program outside ct's leases between the check and the start: deploy again (another port is picked) or give --port"));
  if (line.contains(QLatin1String("must be divisible by tensor parallel size")))
    return set("tensor_parallel", QStringLiteral("use a --tensor-parallel-size that divides the model's attention heads"));
  if (line.contains(QLatin1String("No CUDA GPUs are available")) || line.contains(QLatin1String("CUDA driver version is insufficient")))
    return set("no_gpu", QStringLiteral("vLLM sees no usable GPU: check the driver with 'ct gpus HOST' and that the leased indices exist"));
  if (line.contains(QLatin1String("error: unrecognized arguments")) || line.contains(QLatin1String("error: argument ")))
    return set("argument", QStringLiteral("this vLLM does not take one of the arguments: check --vllm-arg values against 'vllm serve --help' on the host"));
  return f;
}

bool isStartupComplete(const QByteArray& line) {
  return line.contains("Application startup complete.") || line.contains("Starting vLLM API server");
}

}  // namespace ct::deploy
