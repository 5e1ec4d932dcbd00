// GPTQ speed and memory on the real 7B decoder-layer shapes (hidden 3584, intermediate 18944,
// 28 heads / 4 kv heads, bf16), through the real `ct quantize` as a child process:
//   1. one layer, 8 samples × 512 tokens, 4-bit, group 128: seconds per module and per layer,
//      peak RSS — beside the targets and a straightforward Python implementation's figures;
//   2. the same with 3 layers: peak RSS stays near one layer's worth;
//   3. AWQ on the one layer (4-bit, group 128, zero points, duo scaling, clipping, the same
//      calibration): seconds per scaling group, clipping and quantization, peak RSS.
// Usage: bench_gptq [--layers-whole N] [--only gptq|awq] [--awq-threads N]
#include <torch/torch.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>
#include <cstdio>
#include <map>
#include <sys/wait.h>
#include <unistd.h>

#include "child_run.h"
#include "model/safetensors_writer.h"

namespace {

const QString kDemo = QStringLiteral(CT_SOURCE_DIR "/resources/demo-model");

void makeModel(const QString& dir, int layers) {
  QDir().mkpath(dir);
  const int H = 3584, I = 18944, vocab = 344, kv = 512;
  QJsonObject cfg{{QStringLiteral("architectures"), QJsonArray{QStringLiteral("Qwen2ForCausalLM")}},
                  {QStringLiteral("model_type"), QStringLiteral("qwen2")},
                  {QStringLiteral("hidden_size"), H},
                  {QStringLiteral("intermediate_size"), I},
                  {QStringLiteral("num_hidden_layers"), layers},
                  {QStringLiteral("num_attention_heads"), 28},
                  {QStringLiteral("num_key_value_heads"), 4},
                  {QStringLiteral("vocab_size"), vocab},
                  {QStringLiteral("rope_theta"), 1000000.0},
                  {QStringLiteral("rms_norm_eps"), 1e-6},
                  {QStringLiteral("max_position_embeddings"), 32768},
                  {QStringLiteral("tie_word_embeddings"), false},
                  {QStringLiteral("torch_dtype"), QStringLiteral("bfloat16")},
                  {QStringLiteral("eos_token_id"), 2}};
  QFile f(dir + QStringLiteral("/config.json"));
  f.open(QIODevice::WriteOnly);
  f.write(QJsonDocument(cfg).toJson());
  f.close();
  // The demo tokenizer and its built-in calibration text: the bench measures the layer math.
  for (const char* n : {"tokenizer.json", "tokenizer_config.json", "ct_demo.json"})
    QFile::copy(kDemo + QLatin1Char('/') + QLatin1String(n), dir + QLatin1Char('/') + QLatin1String(n));
  ct::model::CheckpointWriter w(dir);
  QString err;
  torch::manual_seed(0);
  auto add = [&](const QString& name, std::vector<int64_t> shape, double std, double mean = 0) {
    const torch::Tensor t = (torch::randn(shape) * std + mean).to(torch::kBFloat16).contiguous();
    if (!w.add(name, ct::model::DType::BF16, shape, t.data_ptr(), static_cast<uint64_t>(t.nbytes()), &err)) qFatal("%s", qPrintable(err));
  };
  add(QStringLiteral("model.embed_tokens.weight"), {vocab, H}, 0.02);
  add(QStringLiteral("lm_head.weight"), {vocab, H}, 0.02);
  add(QStringLiteral("model.norm.weight"), {H}, 0.05, 1.0);
  for (int l = 0; l < layers; ++l) {
    const QString p = QStringLiteral("model.layers.%1.").arg(l);
    add(p + QStringLiteral("input_layernorm.weight"), {H}, 0.05, 1.0);
    add(p + QStringLiteral("post_attention_layernorm.weight"), {H}, 0.05, 1.0);
    add(p + QStringLiteral("self_attn.q_proj.weight"), {H, H}, 0.02);
    add(p + QStringLiteral("self_attn.q_proj.bias"), {H}, 0.02);
    add(p + QStringLiteral("self_attn.k_proj.weight"), {kv, H}, 0.02);
    add(p + QStringLiteral("self_attn.k_proj.bias"), {kv}, 0.02);
    add(p + QStringLiteral("self_attn.v_proj.weight"), {kv, H}, 0.02);
    add(p + QStringLiteral("self_attn.v_proj.bias"), {kv}, 0.02);
    add(p + QStringLiteral("self_attn.o_proj.weight"), {H, H}, 0.02);
    add(p + QStringLiteral("mlp.gate_proj.weight"), {I, H}, 0.02);
    add(p + QStringLiteral("mlp.up_proj.weight"), {I, H}, 0.02);
    add(p + QStringLiteral("mlp.down_proj.weight"), {H, I}, 0.02);
  }
  if (!w.finish(&err)) qFatal("%s", qPrintable(err));
}

struct Child {
  int status = -1;
  double seconds = 0;
  long maxRssKb = 0;
  QByteArray out;
};

// The real command, waited for with wait4 so its own peak RSS is known.
Child runCt(const QStringList& args, const QString& logPath) {
  QList<QByteArray> argv;
  for (const QString& a : args) argv.push_back(a.toLocal8Bit());
  const ct::bench::ChildRun run = ct::bench::runChild(CT_BIN_PATH, argv, QFile::encodeName(logPath));
  Child c{run.status, run.seconds, run.maxRssKb, {}};
  QFile f(logPath);
  f.open(QIODevice::ReadOnly);
  c.out = f.readAll();
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  const QStringList args = app.arguments();
  int wholeLayers = 3;
  if (const int i = static_cast<int>(args.indexOf(QStringLiteral("--layers-whole"))); i > 0 && i + 1 < args.size()) wholeLayers = args[i + 1].toInt();
  QTemporaryDir tmp;
  const QString base = tmp.path();
  std::printf("Making a 1-layer checkpoint with Qwen2.5-7B layer shapes (bf16) ...\n");
  std::fflush(stdout);
  if (const pid_t gen = fork(); gen == 0) {  // in a child: ct's peak RSS must not include ours
    makeModel(base + QStringLiteral("/one"), 1);
    _exit(0);
  } else {
    int st = 0;
    waitpid(gen, &st, 0);
  }
  const QStringList common{QStringLiteral("--bits"), QStringLiteral("4"), QStringLiteral("--group-size"), QStringLiteral("128"),
                           QStringLiteral("--nsamples"), QStringLiteral("8"), QStringLiteral("--seqlen"), QStringLiteral("512"), QStringLiteral("--json")};
  QString only;
  if (const int i = static_cast<int>(args.indexOf(QStringLiteral("--only"))); i > 0 && i + 1 < args.size()) only = args[i + 1];
  if (only != QLatin1String("gptq")) {
    QStringList awqArgs{QStringLiteral("--method"), QStringLiteral("awq"), QStringLiteral("--group-size"), QStringLiteral("128"),
                        QStringLiteral("--nsamples"), QStringLiteral("8"), QStringLiteral("--seqlen"), QStringLiteral("512"), QStringLiteral("--json")};
    // --awq-threads 1 (with OMP_NUM_THREADS=1): no OpenMP workers spinning while they wait for a
    // sibling that other load on the machine has descheduled.
    int awqThreads = QThread::idealThreadCount();
    if (const int i = static_cast<int>(args.indexOf(QStringLiteral("--awq-threads"))); i > 0 && i + 1 < args.size()) awqThreads = args[i + 1].toInt();
    awqArgs << QStringLiteral("--threads") << QString::number(awqThreads);
    std::printf("AWQ on it: 4-bit, group 128, zero points, duo scaling, 20 ratios, clipping, 8 samples x 512 tokens, %d threads ...\n", awqThreads);
    std::fflush(stdout);
    const Child awq = runCt(QStringList{QStringLiteral("quantize"), base + QStringLiteral("/one"), QStringLiteral("--out"), base + QStringLiteral("/one-awq")} + awqArgs,
                            base + QStringLiteral("/awq.log"));
    if (!WIFEXITED(awq.status) || WEXITSTATUS(awq.status) != 0) {
      std::fprintf(stderr, "ct quantize --method awq failed:\n%s\n", awq.out.right(3000).constData());
      return 1;
    }
    double layer = 0, searched = 0, quantized = 0;
    std::printf("\nAWQ, one 7B-shaped layer:\n");
    for (const QByteArray& line : awq.out.split('\n')) {
      const QJsonObject e = QJsonDocument::fromJson(line).object();
      const QJsonObject d = e.value(QStringLiteral("data")).toObject();
      if (d.contains(QStringLiteral("group"))) {
        searched += d.value(QStringLiteral("seconds")).toDouble();
        std::printf("  scale search %-42s %7.1f s  (ratio %.2f; output error %.3g vs round-to-nearest %.3g)\n", qPrintable(d.value(QStringLiteral("group")).toString()),
                    d.value(QStringLiteral("seconds")).toDouble(), d.value(QStringLiteral("ratio")).toDouble(), d.value(QStringLiteral("error")).toDouble(),
                    d.value(QStringLiteral("error_rtn")).toDouble());
      }
      if (d.contains(QStringLiteral("module"))) {
        quantized += d.value(QStringLiteral("seconds")).toDouble();
        std::printf("  clip + quantize %-39s %7.1f s  (output error %.3f%% vs round-to-nearest %.3f%%)\n", qPrintable(d.value(QStringLiteral("module")).toString()),
                    d.value(QStringLiteral("seconds")).toDouble(), 100 * d.value(QStringLiteral("err")).toDouble(), 100 * d.value(QStringLiteral("err_rtn")).toDouble());
      }
      if (e.value(QStringLiteral("type")).toString() == QLatin1String("result"))
        layer = e.value(QStringLiteral("result")).toObject().value(QStringLiteral("layer_seconds")).toDouble();
    }
    std::printf("%-44s %9.1f s\n", "scale search, all groups", searched);
    std::printf("%-44s %9.1f s\n", "clipping search + quantization, 7 modules", quantized);
    std::printf("%-44s %9.1f s\n", "float pass, error figures", layer - searched - quantized);
    std::printf("%-44s %9.1f s\n", "layer total", layer);
    std::printf("%-44s %9.1f s\n", "whole command (load, calibrate, write)", awq.seconds);
    std::printf("%-44s %7.2f GB\n\n", "peak RSS", awq.maxRssKb * 1024.0 / 1e9);
    if (only == QLatin1String("awq")) return 0;
  }
  std::printf("Quantizing it: 4-bit, group 128, sym, 8 samples x 512 tokens, %d threads ...\n", QThread::idealThreadCount());
  std::fflush(stdout);
  const Child one = runCt(QStringList{QStringLiteral("quantize"), base + QStringLiteral("/one"), QStringLiteral("--out"), base + QStringLiteral("/one-q")} + common,
                          base + QStringLiteral("/one.log"));
  if (!WIFEXITED(one.status) || WEXITSTATUS(one.status) != 0) {
    std::fprintf(stderr, "ct quantize failed:\n%s\n", one.out.right(3000).constData());
    return 1;
  }
  std::map<QString, double> moduleSeconds;
  double layerSeconds = 0;
  for (const QByteArray& line : one.out.split('\n')) {
    const QJsonObject e = QJsonDocument::fromJson(line).object();
    const QJsonObject d = e.value(QStringLiteral("data")).toObject();
    if (d.contains(QStringLiteral("module"))) moduleSeconds[d.value(QStringLiteral("module")).toString()] = d.value(QStringLiteral("seconds")).toDouble();
    if (e.value(QStringLiteral("type")).toString() == QLatin1String("result"))
      layerSeconds = e.value(QStringLiteral("result")).toObject().value(QStringLiteral("layer_seconds")).toDouble();
  }
  double quantSeconds = 0;
  std::printf("\nPer module (quantization step; Hessian passes are in the layer total):\n");
  for (const char* m : {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"}) {
    const double s = moduleSeconds[QLatin1String(m)];
    quantSeconds += s;
    std::printf("  %-18s %7.1f s%s\n", m, s, QLatin1String(m) == QLatin1String("mlp.down_proj") ? "   (Python reference: 162 s)" : "");
  }
  std::printf("\n%-44s %10s %12s %12s\n", "one 7B-shaped layer", "this", "target", "Python ref");
  std::printf("%-44s %9.1f s %10s %11s\n", "quantization steps (7 modules)", quantSeconds, "", "257 s");
  std::printf("%-44s %9.1f s %10s %11s\n", "Hessian + forward passes", layerSeconds - quantSeconds, "", "157 s");
  std::printf("%-44s %9.1f s %10s %11s\n", "layer total", layerSeconds, "<= 175 s", "439 s");
  std::printf("%-44s %9.1f s\n", "whole command (load, calibrate, write)", one.seconds);
  std::printf("%-44s %7.2f GB %10s %11s\n", "peak RSS", one.maxRssKb * 1024.0 / 1e9, "<= 4.7 GB", "4.7 GB");

  if (wholeLayers > 1) {
    std::printf("\nMaking a %d-layer checkpoint with the same shapes ...\n", wholeLayers);
    std::fflush(stdout);
    QDir(base + QStringLiteral("/one")).removeRecursively();
    if (const pid_t gen = fork(); gen == 0) {  // in a child: ct's peak RSS must not include ours
    makeModel(base + QStringLiteral("/many"), wholeLayers);
    _exit(0);
  } else {
    int st = 0;
    waitpid(gen, &st, 0);
  }
    const Child many = runCt(QStringList{QStringLiteral("quantize"), base + QStringLiteral("/many"), QStringLiteral("--out"), base + QStringLiteral("/many-q")} + common,
                             base + QStringLiteral("/many.log"));
    if (!WIFEXITED(many.status) || WEXITSTATUS(many.status) != 0) {
      std::fprintf(stderr, "ct quantize failed:\n%s\n", many.out.right(3000).constData());
      return 1;
    }
    std::printf("%-44s %7.2f GB  (1 layer: %.2f GB) in %.0f s\n", qPrintable(QStringLiteral("peak RSS, %1 layers").arg(wholeLayers)),
                many.maxRssKb * 1024.0 / 1e9, one.maxRssKb * 1024.0 / 1e9, many.seconds);
  }
  return 0;
}
