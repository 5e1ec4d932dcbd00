#include <QtTest>

#include "deploy/model_checks.h"
#include "deploy/vllm_log.h"

using namespace ct::deploy;

// The checks ct makes before vLLM starts, on the shapes of the models the project serves, and
// the failure texts vLLM prints (as quoted in the project's vLLM facts) read back with advice.
class TstDeployChecks : public QObject {
  Q_OBJECT

  static ModelFacts qwen7b(const QByteArray& quant = {}) {
    QString e;
    const QByteArray cfg = R"({"architectures":["Qwen2ForCausalLM"],"model_type":"qwen2","hidden_size":3584,"num_attention_heads":28,"num_key_value_heads":4,)"
                           R"("num_hidden_layers":28,"max_position_embeddings":32768,"torch_dtype":"bfloat16")" +
                           (quant.isEmpty() ? QByteArray() : QByteArray(",\"quantization_config\":") + quant) + "}";
    auto m = ModelFacts::fromConfig(cfg, 15LL << 30, &e);
    if (!m) qFatal("%s", qPrintable(e));
    return *m;
  }

 private Q_SLOTS:
  void tensorParallelOnQwen7b() {
    const ModelFacts m = qwen7b();
    QVERIFY(checkTensorParallel(m, 1).isEmpty());
    QVERIFY(checkTensorParallel(m, 2).isEmpty());
    QVERIFY(checkTensorParallel(m, 4).isEmpty());
    const QString eight = checkTensorParallel(m, 8);
    QVERIFY2(eight.contains(QStringLiteral("does not divide the model's 28 attention heads")) && eight.contains(QStringLiteral("use one of 1, 2, 4")), qPrintable(eight));
    const QString seven = checkTensorParallel(m, 7);  // divides 28 heads, but 4 KV heads neither split nor replicate
    QVERIFY2(seven.contains(QStringLiteral("4 KV heads")), qPrintable(seven));
  }

  void tensorParallelOnDemoModel() {
    QFile f(QStringLiteral(CT_SOURCE_DIR "/resources/demo-model/config.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QString e;
    const auto m = ModelFacts::fromConfig(f.readAll(), 0, &e);
    QVERIFY2(m, qPrintable(e));
    QCOMPARE(m->heads, 4);
    QCOMPARE(m->kvHeads, 2);
    QVERIFY(checkTensorParallel(*m, 2).isEmpty());
    QVERIFY(checkTensorParallel(*m, 4).isEmpty());
    QVERIFY(!checkTensorParallel(*m, 3).isEmpty());
  }

  void gptqKernels() {
    // 4-bit group 128 symmetric: Marlin.
    KernelChoice k = predictKernel(qwen7b(R"({"quant_method":"gptq","bits":4,"group_size":128,"desc_act":false,"sym":true})"), {}, {});
    QCOMPARE(k.kernel, QStringLiteral("gptq_marlin"));
    QVERIFY(k.refusal.isEmpty());
    // Forcing gptq on a Marlin-able checkpoint works but warns.
    k = predictKernel(qwen7b(R"({"quant_method":"gptq","bits":4,"group_size":128,"desc_act":true,"sym":true})"), QStringLiteral("gptq"), {});
    QCOMPARE(k.kernel, QStringLiteral("gptq"));
    QVERIFY(k.warning.contains(QStringLiteral("gptq_marlin")));
    // 3-bit: only the gptq kernel; asymmetric 4-bit: not Marlin either.
    QCOMPARE(predictKernel(qwen7b(R"({"quant_method":"gptq","bits":3,"group_size":128})"), {}, {}).kernel, QStringLiteral("gptq"));
    QCOMPARE(predictKernel(qwen7b(R"({"quant_method":"gptq","bits":4,"group_size":128,"sym":false})"), {}, {}).kernel, QStringLiteral("gptq"));
    // Group 256 cannot run Marlin; asking for it is refused up front.
    k = predictKernel(qwen7b(R"({"quant_method":"gptq","bits":4,"group_size":256})"), QStringLiteral("gptq_marlin"), {});
    QVERIFY(k.refusal.contains(QStringLiteral("gptq_marlin cannot run")));
    // 5-bit: no kernel at all; gptq kernel with bfloat16: refused.
    QVERIFY(predictKernel(qwen7b(R"({"quant_method":"gptq","bits":5,"group_size":128})"), {}, {}).refusal.contains(QStringLiteral("no GPTQ kernel for 5-bit")));
    QVERIFY(!predictKernel(qwen7b(R"({"quant_method":"gptq","bits":3,"group_size":128})"), {}, QStringLiteral("bfloat16")).refusal.isEmpty());
    // AWQ and mismatches.
    QCOMPARE(predictKernel(qwen7b(R"({"quant_method":"awq","bits":4,"group_size":128,"zero_point":true})"), {}, {}).kernel, QStringLiteral("awq_marlin"));
    QVERIFY(!predictKernel(qwen7b(R"({"quant_method":"awq","bits":4,"group_size":128})"), QStringLiteral("gptq"), {}).refusal.isEmpty());
    QVERIFY(!predictKernel(qwen7b(), QStringLiteral("awq"), {}).refusal.isEmpty());
    QVERIFY(predictKernel(qwen7b(), {}, {}).kernel.isEmpty());
  }

  void olderGpus() {
    QCOMPARE(computeCapabilityFromName(QStringLiteral("Tesla V100-SXM2-32GB")), 70);
    QCOMPARE(computeCapabilityFromName(QStringLiteral("Tesla T4")), 75);
    QCOMPARE(computeCapabilityFromName(QStringLiteral("NVIDIA GeForce RTX 2080 Ti")), 75);
    QCOMPARE(computeCapabilityFromName(QStringLiteral("Tesla P100-PCIE-16GB")), 60);
    QCOMPARE(computeCapabilityFromName(QStringLiteral("NVIDIA H100 80GB HBM3")), 0);
    QCOMPARE(computeCapabilityFromName(QStringLiteral("NVIDIA GeForce RTX 4090")), 0);
    QCOMPARE(computeCapabilityFromName(QStringLiteral("NVIDIA L4")), 0);
    const ModelFacts gptq = qwen7b(R"({"quant_method":"gptq","bits":4,"group_size":128,"sym":true})");
    KernelChoice k = predictKernel(gptq, {}, {}, 70);
    QCOMPARE(k.kernel, QStringLiteral("gptq"));
    QVERIFY(k.why.contains(QStringLiteral("Marlin needs 8.0")));
    QVERIFY(predictKernel(gptq, QStringLiteral("gptq_marlin"), {}, 75).refusal.contains(QStringLiteral("8.0 or newer")));
    QVERIFY(predictKernel(gptq, {}, {}, 60).refusal.contains(QStringLiteral("7.0 or newer")));
    const ModelFacts awq = qwen7b(R"({"quant_method":"awq","bits":4,"group_size":128})");
    QCOMPARE(predictKernel(awq, {}, {}, 75).kernel, QStringLiteral("awq"));
    QVERIFY(predictKernel(awq, {}, {}, 70).refusal.contains(QStringLiteral("7.5 or newer")));
  }

  void failureTexts() {
    struct Case {
      const char* line;
      const char* kind;
      const char* advice;
    } cases[] = {
        {"ValueError: Free memory on device cuda:0 (31.44/47.38 GiB) on startup is less than desired GPU memory utilization (0.95, 45.01 GiB). Decrease GPU memory "
         "utilization or reduce GPU memory used by other processes.",
         "free_memory", "smaller --memory"},
        {"Free memory on device (31.44/47.38 GiB) on startup is less than desired GPU memory utilization (0.95, 45.01 GiB)", "free_memory", "other --gpus"},
        {"torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.", "out_of_memory", "--max-model-len"},
        {"ValueError: To serve at least one request with the models's max seq len (32768), (1.75 GiB KV cache is needed, which is larger than the available KV cache "
         "memory (0.88 GiB). Based on the available memory, the estimated maximum model length is 16384. Try increasing `gpu_memory_utilization` or decreasing "
         "`max_model_len` when initializing the engine.",
         "kv_cache", "--max-model-len 16384"},
        {"ValueError: The model's max seq len (32768) is larger than the maximum number of tokens that can be stored in KV cache (20000). Try increasing "
         "`gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.",
         "kv_cache", "lower --max-model-len"},
        {"ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when initializing the engine.", "no_cache_blocks", "raise --memory"},
        {"ValueError: Unknown quantization method: xyz. Must be one of ['awq', 'gptq'].", "quantization", "--quantization"},
        {"OSError: [Errno 98] Address already in use", "address_in_use", "--port"},
        {"ValueError: Total number of attention heads (28) must be divisible by tensor parallel size (8).", "tensor_parallel", "--tensor-parallel-size"},
        {"RuntimeError: No CUDA GPUs are available", "no_gpu", "ct gpus"},
    };
    for (const auto& c : cases) {
      const VllmFailure f = diagnoseLine(c.line);
      QCOMPARE(f.kind, QString::fromLatin1(c.kind));
      QVERIFY2(f.advice.contains(QLatin1String(c.advice)), qPrintable(f.advice));
    }
    QVERIFY(!diagnoseLine("INFO 05-01 10:00:00 [gpu_worker.py:232] Available KV cache memory: 12.3 GiB").isSet());
    QVERIFY(isStartupComplete("INFO:     Application startup complete."));
  }
};

QTEST_GUILESS_MAIN(TstDeployChecks)
#include "tst_deploy_checks.moc"
