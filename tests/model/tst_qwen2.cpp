#include <torch/torch.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include "model/generation.h"
#include "model/inspect.h"
#include "model/qwen2_math.h"
#include "model/safetensors_writer.h"

using namespace ct::model;

namespace {

// A random checkpoint with the real Qwen2.5-7B head layout (28 query heads, 4 kv heads, q/k/v
// bias, untied lm_head) at a width small enough for a test.
ModelConfig smallConfig() {
  ModelConfig c;
  c.hiddenSize = 28 * 8;
  c.intermediateSize = 96;
  c.numLayers = 2;
  c.numHeads = 28;
  c.numKvHeads = 4;
  c.headDim = 8;
  c.vocabSize = 64;
  c.ropeTheta = 1e6;
  c.maxPositionEmbeddings = 128;
  c.eosTokenIds = {63};
  return c;
}

void writeRandomModel(const QString& dir, const ModelConfig& c, bool breakShape = false) {
  torch::manual_seed(7);
  CheckpointWriter w(dir);
  QString error;
  auto put = [&](const QString& name, std::vector<int64_t> shape, double scale) {
    const torch::Tensor t = (torch::randn(shape) * scale + (shape.size() == 1 && name.contains(QStringLiteral("norm")) ? 1.0 : 0.0)).contiguous();
    QVERIFY(w.add(name, DType::F32, shape, t.data_ptr<float>(), static_cast<uint64_t>(t.numel()) * 4, &error));
  };
  const int H = c.hiddenSize, kv = c.numKvHeads * c.headDim;
  put(QStringLiteral("model.embed_tokens.weight"), {c.vocabSize, H}, 1.0);
  put(QStringLiteral("model.norm.weight"), {H}, 0.1);
  put(QStringLiteral("lm_head.weight"), {c.vocabSize, breakShape ? H + 1 : H}, 0.1);
  for (int l = 0; l < c.numLayers; ++l) {
    const QString p = QStringLiteral("model.layers.%1.").arg(l);
    put(p + QStringLiteral("input_layernorm.weight"), {H}, 0.1);
    put(p + QStringLiteral("post_attention_layernorm.weight"), {H}, 0.1);
    put(p + QStringLiteral("self_attn.q_proj.weight"), {H, H}, 0.1);
    put(p + QStringLiteral("self_attn.q_proj.bias"), {H}, 0.1);
    put(p + QStringLiteral("self_attn.k_proj.weight"), {kv, H}, 0.1);
    put(p + QStringLiteral("self_attn.k_proj.bias"), {kv}, 0.1);
    put(p + QStringLiteral("self_attn.v_proj.weight"), {kv, H}, 0.1);
    put(p + QStringLiteral("self_attn.v_proj.bias"), {kv}, 0.1);
    put(p + QStringLiteral("self_attn.o_proj.weight"), {H, H}, 0.1);
    put(p + QStringLiteral("mlp.gate_proj.weight"), {c.intermediateSize, H}, 0.1);
    put(p + QStringLiteral("mlp.up_proj.weight"), {c.intermediateSize, H}, 0.1);
    put(p + QStringLiteral("mlp.down_proj.weight"), {H, c.intermediateSize}, 0.1);
  }
  QVERIFY(w.finish(&error));
  QFile f(QDir(dir).filePath(QStringLiteral("config.json")));
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(QJsonDocument(c.toJson()).toJson());
}

}  // namespace

class TestQwen2 : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void rmsNormKnownAnswer() {
    ModelConfig c = smallConfig();
    c.rmsNormEps = 0;
    const Qwen2Math m(c, QStringLiteral("model."), [](const QString&) { return torch::Tensor(); });
    const torch::Tensor y = m.rmsNorm(torch::tensor({1.0f, 2.0f, 3.0f, 4.0f}), torch::tensor({1.0f, 1.0f, 2.0f, 1.0f}));
    const float r = 1.0f / std::sqrt(7.5f);  // mean of squares = 30 / 4
    QVERIFY(torch::allclose(y, torch::tensor({r, 2 * r, 6 * r, 4 * r}), 1e-6, 1e-6));
  }
  void rotaryKnownAnswer() {
    ModelConfig c = smallConfig();
    c.headDim = 4;
    c.ropeTheta = 10000;  // inv_freq = [1, 0.01]
    const Qwen2Math m(c, QStringLiteral("model."), [](const QString&) { return torch::Tensor(); });
    // x = [1, 0, 0, 0] at position 1: halves layout pairs dims (0, 2) and (1, 3).
    const torch::Tensor x = torch::tensor({1.0f, 0.0f, 0.0f, 0.0f}).view({1, 1, 1, 4});
    const torch::Tensor y = m.rope(x, 1).flatten();
    QVERIFY(torch::allclose(y, torch::tensor({std::cos(1.0f), 0.0f, std::sin(1.0f), 0.0f}), 1e-6, 1e-6));
    const torch::Tensor x2 = torch::tensor({0.0f, 1.0f, 0.0f, 0.0f}).view({1, 1, 1, 4});
    QVERIFY(torch::allclose(m.rope(x2, 100).flatten(), torch::tensor({0.0f, std::cos(1.0f), 0.0f, std::sin(1.0f)}), 1e-5, 1e-5));
  }
  void incrementalDecodingEqualsFullForward() {
    QTemporaryDir dir;
    const ModelConfig c = smallConfig();
    writeRandomModel(dir.path(), c);
    QString error;
    auto lm = LanguageModel::load(dir.path(), LoadOptions{}, &error);
    QVERIFY2(lm, qPrintable(error));
    const std::vector<int32_t> ids{3, 17, 42, 5, 9, 60, 1, 33};
    std::vector<float> full;
    const std::vector<float> lp = lm->score(ids, &full);
    QCOMPARE(lp.size(), ids.size() - 1);
    // Prefill half, then one token at a time through the cache.
    std::vector<float> step = lm->feed({ids.begin(), ids.begin() + 4});
    for (size_t i = 4; i < ids.size(); ++i) step = lm->feed({ids[i]});
    QCOMPARE(lm->contextLength(), static_cast<int>(ids.size()));
    QCOMPARE(step.size(), full.size());
    double maxDiff = 0;
    for (size_t i = 0; i < full.size(); ++i) maxDiff = std::max(maxDiff, static_cast<double>(std::abs(full[i] - step[i])));
    QVERIFY2(maxDiff < 1e-4, qPrintable(QString::number(maxDiff)));
    // The cached log-probability of the last token equals the full forward's.
    lm->reset();
    const std::vector<float> prefix = lm->feed({ids.begin(), ids.end() - 1});
    const torch::Tensor logp = torch::log_softmax(torch::tensor(prefix), 0);
    QVERIFY(std::abs(logp[ids.back()].item<float>() - lp.back()) < 1e-4);
  }
  void bf16RunsCloseToFp32() {
    QTemporaryDir dir;
    writeRandomModel(dir.path(), smallConfig());
    QString error;
    auto f32 = LanguageModel::load(dir.path(), LoadOptions{}, &error);
    auto bf = LanguageModel::load(dir.path(), LoadOptions{QStringLiteral("bfloat16"), 0}, &error);
    QVERIFY2(bf, qPrintable(error));
    const auto a = f32->feed({1, 2, 3}), b = bf->feed({1, 2, 3});
    const auto argmax = [](const std::vector<float>& v) { return std::max_element(v.begin(), v.end()) - v.begin(); };
    QCOMPARE(argmax(a), argmax(b));
  }
  void badCheckpointsGiveOneClearLine() {
    QTemporaryDir dir;
    writeRandomModel(dir.path(), smallConfig(), true);
    QString error;
    QVERIFY(!LanguageModel::load(dir.path(), LoadOptions{}, &error));
    QVERIFY2(error.contains(QStringLiteral("lm_head.weight has shape")), qPrintable(error));
    QVERIFY(!error.contains(QLatin1Char('\n')));
    QVERIFY(!LanguageModel::load(dir.path(), LoadOptions{QStringLiteral("float16"), 0}, &error) && !error.isEmpty());
    const QJsonObject report = inspectCheckpoint(dir.path());
    QVERIFY(!report.value(QStringLiteral("ok")).toBool());
    QVERIFY(describeInspection(report).contains(QStringLiteral("tokenizer.json is missing")));
  }
  void samplerIsSeededAndGreedyIsArgmax() {
    std::vector<float> logits{0.1f, 2.0f, 1.9f, -1.0f};
    SamplingParams greedy;
    QCOMPARE(Sampler(greedy).next(logits, {}), 1);
    SamplingParams hot;
    hot.temperature = 1.0;
    hot.seed = 42;
    Sampler s1(hot), s2(hot);
    for (int i = 0; i < 20; ++i) QCOMPARE(s1.next(logits, {}), s2.next(logits, {}));
    SamplingParams top1 = hot;
    top1.topK = 1;
    QCOMPARE(Sampler(top1).next(logits, {}), 1);
    SamplingParams pen;
    pen.repetitionPenalty = 2.0;
    QCOMPARE(Sampler(pen).next(logits, {1}), 2);  // 2.0/2 < 1.9
  }
  void utf8StreamHoldsPartialCharacters() {
    Utf8Stream s;
    const std::string ni = "你";  // three bytes
    QCOMPARE(s.push(ni.substr(0, 1)), std::string());
    QCOMPARE(s.push(ni.substr(1, 1)), std::string());
    QCOMPARE(s.push(ni.substr(2) + "a"), ni + "a");
    QCOMPARE(s.flush(), std::string());
  }
};

QTEST_GUILESS_MAIN(TestQwen2)
#include "tst_qwen2.moc"
