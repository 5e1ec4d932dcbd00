// ct compile throughput and memory on a generated 4-bit GPTQ checkpoint with Qwen2.5-7B shapes
// (hidden 3584, intermediate 18944, 28/4 heads, vocab 152064, untied lm_head; a few layers, since
// every layer is the same work), through the real command as a child process.
// Usage: bench_compile [--layers N]   (default 6)
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <cstdio>
#include <random>
#include <sys/wait.h>
#include <unistd.h>

#include "child_run.h"
#include "model/dtype.h"
#include "model/safetensors_writer.h"

namespace {

void makeCheckpoint(const QString& dir, int layers) {
  QDir().mkpath(dir);
  const int H = 3584, I = 18944, V = 152064, kv = 512, G = 28, GI = 148;
  QJsonObject q{{QStringLiteral("bits"), 4}, {QStringLiteral("group_size"), 128}, {QStringLiteral("desc_act"), false}, {QStringLiteral("sym"), true},
                {QStringLiteral("quant_method"), QStringLiteral("gptq")}, {QStringLiteral("checkpoint_format"), QStringLiteral("gptq")}};
  QJsonObject cfg{{QStringLiteral("architectures"), QJsonArray{QStringLiteral("Qwen2ForCausalLM")}}, {QStringLiteral("model_type"), QStringLiteral("qwen2")},
                  {QStringLiteral("hidden_size"), H}, {QStringLiteral("intermediate_size"), I}, {QStringLiteral("num_hidden_layers"), layers},
                  {QStringLiteral("num_attention_heads"), 28}, {QStringLiteral("num_key_value_heads"), 4}, {QStringLiteral("vocab_size"), V},
                  {QStringLiteral("tie_word_embeddings"), false}, {QStringLiteral("torch_dtype"), QStringLiteral("float16")}, {QStringLiteral("quantization_config"), q}};
  QFile f(dir + QStringLiteral("/config.json"));
  f.open(QIODevice::WriteOnly);
  f.write(QJsonDocument(cfg).toJson());
  f.close();
  std::mt19937_64 rng(1);
  ct::model::CheckpointWriter w(dir);
  QString err;
  auto addI32 = [&](const QString& name, std::vector<int64_t> shape, bool random, uint32_t fill) {
    int64_t n = 1;
    for (auto d : shape) n *= d;
    std::vector<uint32_t> v(static_cast<size_t>(n), fill);
    if (random)
      for (auto& x : v) x = static_cast<uint32_t>(rng());
    if (!w.add(name, ct::model::DType::I32, shape, v.data(), static_cast<uint64_t>(n) * 4, &err)) qFatal("%s", qPrintable(err));
  };
  auto addF16 = [&](const QString& name, std::vector<int64_t> shape) {
    int64_t n = 1;
    for (auto d : shape) n *= d;
    std::vector<uint16_t> v(static_cast<size_t>(n));
    for (auto& x : v) x = static_cast<uint16_t>(0x2000 | (rng() & 0x0FFF));  // small positive fp16 values
    if (!w.add(name, ct::model::DType::F16, shape, v.data(), static_cast<uint64_t>(n) * 2, &err)) qFatal("%s", qPrintable(err));
  };
  auto linear = [&](const QString& base, int64_t out, int64_t in, int64_t groups, bool bias) {
    addI32(base + QStringLiteral(".qweight"), {in / 8, out}, true, 0);
    addI32(base + QStringLiteral(".qzeros"), {groups, out / 8}, false, 0x77777777u);
    addF16(base + QStringLiteral(".scales"), {groups, out});
    std::vector<int32_t> g(static_cast<size_t>(in));
    for (int64_t k = 0; k < in; ++k) g[static_cast<size_t>(k)] = static_cast<int32_t>(k / 128);
    if (!w.add(base + QStringLiteral(".g_idx"), ct::model::DType::I32, {in}, g.data(), static_cast<uint64_t>(in) * 4, &err)) qFatal("%s", qPrintable(err));
    if (bias) addF16(base + QStringLiteral(".bias"), {out});
  };
  addF16(QStringLiteral("model.embed_tokens.weight"), {V, H});
  addF16(QStringLiteral("lm_head.weight"), {V, H});
  addF16(QStringLiteral("model.norm.weight"), {H});
  for (int l = 0; l < layers; ++l) {
    const QString p = QStringLiteral("model.layers.%1.").arg(l);
    addF16(p + QStringLiteral("input_layernorm.weight"), {H});
    addF16(p + QStringLiteral("post_attention_layernorm.weight"), {H});
    linear(p + QStringLiteral("self_attn.q_proj"), H, H, G, true);
    linear(p + QStringLiteral("self_attn.k_proj"), kv, H, G, true);
    linear(p + QStringLiteral("self_attn.v_proj"), kv, H, G, true);
    linear(p + QStringLiteral("self_attn.o_proj"), H, H, G, false);
    linear(p + QStringLiteral("mlp.gate_proj"), I, H, G, false);
    linear(p + QStringLiteral("mlp.up_proj"), I, H, G, false);
    linear(p + QStringLiteral("mlp.down_proj"), H, I, GI, false);
  }
  if (!w.finish(&err)) qFatal("%s", qPrintable(err));
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  int layers = 6;
  const QStringList args = app.arguments();
  if (const int i = static_cast<int>(args.indexOf(QStringLiteral("--layers"))); i > 0 && i + 1 < args.size()) layers = args[i + 1].toInt();
  QTemporaryDir tmp;
  if (qEnvironmentVariableIsSet("CT_BENCH_KEEP")) tmp.setAutoRemove(false);
  std::printf("(checkpoint in %s)\n", qPrintable(tmp.path()));
  std::printf("Generating a 4-bit g128 GPTQ checkpoint with 7B shapes, %d layers + embeddings + lm_head ...\n", layers);
  std::fflush(stdout);
  // Generated in a child process: the parent stays small, because a spawned process inherits its
  // parent's peak RSS figure and the measurement below must be ct's alone.
  if (const pid_t gen = fork(); gen == 0) {
    makeCheckpoint(tmp.filePath(QStringLiteral("ckpt")), layers);
    _exit(0);
  } else {
    int st = 0;
    waitpid(gen, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) return 1;
  }
  const QByteArray out = tmp.filePath(QStringLiteral("img")).toLocal8Bit(), ck = tmp.filePath(QStringLiteral("ckpt")).toLocal8Bit();
  const QByteArray log = tmp.filePath(QStringLiteral("log")).toLocal8Bit();
  const ct::bench::ChildRun run = ct::bench::runChild(CT_BIN_PATH, {"compile", ck, "--out", out, "--json"}, log);
  const double wall = run.seconds;
  QFile lf(QString::fromLocal8Bit(log));
  lf.open(QIODevice::ReadOnly);
  QJsonObject result;
  for (const QByteArray& line : lf.readAll().split('\n')) {
    const QJsonObject e = QJsonDocument::fromJson(line).object();
    if (e.value(QStringLiteral("type")).toString() == QLatin1String("result")) result = e.value(QStringLiteral("result")).toObject();
  }
  if (!run.succeeded() || result.isEmpty()) {
    std::fprintf(stderr, "ct compile failed\n");
    return 1;
  }
  const double bytes = result.value(QStringLiteral("source_bytes")).toDouble();
  std::printf("\n%-40s %12s %12s\n", "ct compile", "measured", "target");
  std::printf("%-40s %9.2f GB\n", "checkpoint size", bytes / 1e9);
  std::printf("%-40s %10.2f s\n", "compile time (inside ct)", result.value(QStringLiteral("seconds")).toDouble());
  std::printf("%-40s %7.2f GB/s %9s\n", "throughput", result.value(QStringLiteral("throughput_gbps")).toDouble(), ">= 1 GB/s");
  std::printf("%-40s %7.2f GB/s\n", "throughput incl. process start", bytes / wall / 1e9);
  std::printf("%-40s %7.0f MB %9s\n", "peak RSS", run.maxRssKb * 1024.0 / 1e6, "<= 1000 MB");
  std::printf("%-40s %7.2f MB (bound %.0f tokens/s at 460 GB/s)\n", "read per token (this many layers)", result.value(QStringLiteral("bytes_per_token")).toDouble() / 1e6,
              result.value(QStringLiteral("bound_tokens_per_s")).toDouble());
  return 0;
}
