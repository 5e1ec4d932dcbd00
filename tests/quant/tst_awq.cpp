// AWQ's pieces (core/quant/awq.cpp) on values small enough to check by hand, and on the demo
// model's real weights: the quantizer's scale / zero / rounding rules, the GEMM packing round trip,
// a scaling group whose searched scales provably beat round-to-nearest, folding that leaves the
// float model's outputs unchanged, and the clipping search.
#include <torch/torch.h>

#include <QtTest>
#include <c10/util/Half.h>

#include "model/model_config.h"
#include "model/qwen2_math.h"
#include "model/safetensors.h"
#include "model/torch_tensors.h"
#include "quant/awq.h"
#include "quant/packing.h"

using namespace ct;

namespace {

const QString kDemo = QStringLiteral(CT_SOURCE_DIR "/resources/demo-model");

float half(float v) { return static_cast<float>(c10::Half(v)); }

// Σ (x·Wᵀ − x·Qᵀ)² / numel: a single Linear as its own module2inspect.
double linearError(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& q) {
  return (x.matmul(w.t()) - x.matmul(q.t())).pow(2).sum().item<double>() / static_cast<double>(x.size(0) * w.size(0));
}

}  // namespace

class TstAwq : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(2); }

  // Each row is one group of 4 (the quantizer takes any group width that divides the row).
  void quantizerRulesOnHandCheckedValues() {
    const torch::Tensor w = torch::tensor({-0.625f, 0.125f, 0.375f, 3.125f,   // range 3.75 → scale 0.25; min/scale = −2.5 rounds to −2 (half to even): zero 2
                                           1.0f, 2.0f, 3.0f, 4.75f,           // all positive: zero clamps to 0, 4.75/0.25 = 19 clamps to 15
                                           -4.75f, -3.0f, -2.0f, -1.0f,       // all negative: zero −round(−19) clamps to 15
                                           0.5f, 0.5f, 0.5f, 0.5f,            // constant: scale 1e-5/15 (in fp16), the value is lost
                                           -0.5f, -0.5f, -0.5f, -0.5f,
                                           0.0f, 1.5f, 0.75f, 0.0f})          // 1.5/15 = 0.1 is not an fp16 value: the scale is its fp16 rounding
                                .view({6, 4});
    const quant::AwqQuantized q = quant::pseudoQuantize(w, 4, 4);
    QCOMPARE(q.scales.sizes().vec(), (std::vector<int64_t>{6, 1}));
    auto codes = [&](int r) {
      std::vector<int> c;
      for (int i = 0; i < 4; ++i) c.push_back(q.codes[r][i].item<int>());
      return c;
    };
    auto deq = [&](int r) {
      std::vector<float> d;
      for (int i = 0; i < 4; ++i) d.push_back(q.dequant[r][i].item<float>());
      return d;
    };
    QCOMPARE(q.scales[0][0].item<float>(), 0.25f);
    QCOMPARE(q.zeros[0][0].item<int>(), 2);
    QCOMPARE(codes(0), (std::vector<int>{0, 2, 4, 14}));  // −2.5 → −2, 0.5 → 0, 1.5 → 2, 12.5 → 12: half to even
    QCOMPARE(deq(0), (std::vector<float>{-0.5f, 0.0f, 0.5f, 3.0f}));
    QCOMPARE(q.zeros[1][0].item<int>(), 0);
    QCOMPARE(codes(1), (std::vector<int>{4, 8, 12, 15}));
    QCOMPARE(deq(1), (std::vector<float>{1.0f, 2.0f, 3.0f, 3.75f}));
    QCOMPARE(q.zeros[2][0].item<int>(), 15);
    QCOMPARE(codes(2), (std::vector<int>{0, 3, 7, 11}));
    QCOMPARE(deq(2), (std::vector<float>{-3.75f, -3.0f, -2.0f, -1.0f}));
    const float tiny = half(1e-5f / 15);
    QCOMPARE(tiny, 11.0f * std::ldexp(1.0f, -24));  // an fp16 subnormal
    QCOMPARE(q.scales[3][0].item<float>(), tiny);
    QCOMPARE(q.zeros[3][0].item<int>(), 0);
    QCOMPARE(codes(3), (std::vector<int>{15, 15, 15, 15}));
    QCOMPARE(q.dequant[3][0].item<float>(), 15 * tiny);  // +0.5 decodes to ≈ +1e-5, as AutoAWQ's does
    QCOMPARE(q.zeros[4][0].item<int>(), 15);
    QCOMPARE(codes(4), (std::vector<int>{0, 0, 0, 0}));
    QCOMPARE(q.dequant[4][0].item<float>(), -15 * tiny);
    QCOMPARE(q.scales[5][0].item<float>(), half(0.1f));
    QCOMPARE(q.zeros[5][0].item<int>(), 0);
    QCOMPARE(codes(5), (std::vector<int>{0, 15, 8, 0}));  // 0.75 / 0.0999756 = 7.502 → 8
    // fakeQuantize is the same quantizer without the codes.
    QVERIFY(torch::equal(quant::fakeQuantize(w, 4, 4), q.dequant));
  }

  // qweight / qzeros / scales as the checkpoint holds them dequantize to exactly the quantizer's
  // weights, for every group size.
  void checkpointRoundTripsEveryGroupSize_data() {
    QTest::addColumn<int>("groupSize");
    for (int g : {-1, 32, 64, 128}) QTest::newRow(qPrintable(QStringLiteral("g%1").arg(g))) << g;
  }
  void checkpointRoundTripsEveryGroupSize() {
    QFETCH(int, groupSize);
    torch::manual_seed(groupSize + 7);
    const int64_t N = 48, K = 256, G = groupSize > 0 ? K / groupSize : 1;
    const torch::Tensor w = torch::randn({N, K}) * 0.05 + 0.01;
    const quant::AwqQuantized q = quant::pseudoQuantize(w, 4, groupSize);
    QCOMPARE(q.scales.size(1), G);
    const torch::Tensor codesKN = q.codes.t().contiguous(), zerosGN = q.zeros.t().contiguous();
    std::vector<int32_t> qweight = quant::packAwq(codesKN.data_ptr<uint8_t>(), K, N);
    std::vector<int32_t> qzeros = quant::packAwq(zerosGN.data_ptr<uint8_t>(), G, N);
    QCOMPARE(quant::unpackAwq(qweight.data(), K, N), std::vector<uint8_t>(codesKN.data_ptr<uint8_t>(), codesKN.data_ptr<uint8_t>() + K * N));
    QCOMPARE(quant::unpackAwq(qzeros.data(), G, N), std::vector<uint8_t>(zerosGN.data_ptr<uint8_t>(), zerosGN.data_ptr<uint8_t>() + G * N));
    const torch::Tensor scales = q.scales.t().contiguous().to(torch::kFloat16);
    QVERIFY(torch::equal(scales.to(torch::kFloat32), q.scales.t()));  // the scales are fp16 values already
    const torch::Tensor back = quant::dequantizeAwq(torch::from_blob(qweight.data(), {K, N / 8}, torch::kInt32),
                                                    torch::from_blob(qzeros.data(), {G, N / 8}, torch::kInt32), scales, groupSize);
    QVERIFY(torch::equal(back, q.dequant));
  }

  // With duo scaling off, ratio 0 gives s ≡ 1: plain round-to-nearest. The search keeps the
  // lowest error over the grid, so it can never do worse; on a layer with a few salient input
  // channels it must do strictly better, and the scales it returns reproduce its error.
  void searchedScalesBeatRoundToNearest() {
    torch::manual_seed(3);
    const int64_t T = 512, K = 128, N = 64;
    torch::Tensor x = torch::randn({T, K});
    x.slice(1, 0, 4).mul_(25.0);  // salient channels: large activations
    const torch::Tensor w = torch::randn({N, K}) * 0.02;
    const torch::Tensor ref = x.matmul(w.t());
    const quant::OutputError err = [&](const std::vector<torch::Tensor>& ws) {
      return (ref - x.matmul(ws[0].t())).pow(2).sum().item<double>() / static_cast<double>(ref.numel());
    };
    quant::ActivationMean xMean;
    xMean.add(x.slice(0, 0, 200));
    xMean.add(x.slice(0, 200, T));
    QVERIFY(torch::allclose(xMean.mean(), x.abs().mean(0), 1e-5, 1e-6));
    const double rtn = linearError(x, w, quant::fakeQuantize(w, 4, 32));
    for (bool duo : {false, true}) {
      quant::AwqParams p;
      p.groupSize = 32;
      p.duoScaling = duo;
      QString why;
      const auto best = quant::searchBestScale(xMean.mean(), {w}, err, p, &why);
      QVERIFY2(best, qPrintable(why));
      QCOMPARE(static_cast<int>(best->errors.size()), 20);
      if (!duo) QCOMPARE(best->errors[0], err({quant::fakeQuantize(w, 4, 32)}));  // ratio 0 is round-to-nearest
      qInfo("duo %d: ratio %.2f, error %.4g vs round-to-nearest %.4g", duo, best->ratio, best->error, rtn);
      QVERIFY(best->ratio > 0);
      QVERIFY(best->error < 0.8 * rtn);
      const torch::Tensor s = best->scales;
      QVERIFY(std::abs(linearError(x, w, quant::fakeQuantize(w * s, 4, 32) / s) - best->error) <= 1e-6 * best->error);
    }
  }

  void gridScalesFollowTheReference() {
    const torch::Tensor xMean = torch::tensor({0.5f, 2.0f, 8.0f, 0.0f});
    const torch::Tensor wMean = torch::tensor({0.25f, 0.5f, 0.5f, 1.0f});
    // duo off, ratio 0: all ones. Ratio 0.5: sqrt(x_mean) clamped at 1e-4, normalised by sqrt(max·min).
    QVERIFY(torch::equal(quant::gridScales(xMean, wMean, 0.0, false), torch::ones({4})));
    const torch::Tensor s = quant::gridScales(xMean, wMean, 0.5, false);
    const torch::Tensor raw = torch::tensor({std::sqrt(0.5f), std::sqrt(2.0f), std::sqrt(8.0f), 1e-4f});
    QVERIFY(torch::allclose(s, raw / std::sqrt(std::sqrt(8.0f) * 1e-4f)));
    // duo, ratio 0: 1 / (w_mean + 1e-4), not identity.
    const torch::Tensor d = quant::gridScales(xMean, wMean, 0.0, true);
    const torch::Tensor draw = 1.0 / (wMean + 1e-4);
    QVERIFY(torch::allclose(d, draw / (draw.max() * draw.min()).sqrt()));
    // w_mean: |w| over each group's max, averaged over the rows of every Linear of the group.
    const torch::Tensor a = torch::tensor({1.0f, -2.0f, 4.0f, 0.0f}).view({1, 4}), b = torch::tensor({-1.0f, 1.0f, 2.0f, -2.0f}).view({1, 4});
    const torch::Tensor m = quant::weightMean({a, b}, 2);
    QVERIFY(torch::allclose(m, torch::tensor({(0.5f + 1.0f) / 2, (1.0f + 1.0f) / 2, (1.0f + 1.0f) / 2, (0.0f + 1.0f) / 2}), 1e-5));
  }

  // Folding scales into the previous op is exact in arithmetic: the demo model's logits with
  // every layer's norms and Linears rescaled equal the original's to float rounding.
  void foldingLeavesTheFloatModelUnchanged() {
    QString error;
    const auto cfg = model::ModelConfig::load(kDemo, &error);
    auto set = model::TensorSet::open(kDemo, &error);
    QVERIFY2(cfg && set, qPrintable(error));
    std::map<QString, torch::Tensor> w;
    for (const QString& n : set->names()) w[n] = model::viewOf(set->view(n)).to(torch::kFloat32, false, true);
    auto forward = [&] {
      const model::Qwen2Math math(*cfg, QStringLiteral("model."), [&](const QString& n) { return w.count(n) ? w[n] : torch::Tensor(); });
      const torch::Tensor ids = torch::arange(3, 83, torch::kInt64).remainder(cfg->vocabSize).view({2, 40});
      return math.logits(math.forward(ids, 0, nullptr, nullptr));
    };
    torch::NoGradGuard ng;
    const torch::Tensor before = forward();
    torch::manual_seed(11);
    auto randomScales = [](int64_t n) { return torch::exp(torch::randn({n}) * 0.5); };  // about 0.2 … 5
    for (int l = 0; l < cfg->numLayers; ++l) {
      auto t = [&](const char* rest) -> torch::Tensor& { return w[QStringLiteral("model.layers.%1.").arg(l) + QLatin1String(rest)]; };
      quant::scaleNormFcs(t("input_layernorm.weight"), {&t("self_attn.q_proj.weight"), &t("self_attn.k_proj.weight"), &t("self_attn.v_proj.weight")},
                          randomScales(cfg->hiddenSize));
      quant::scaleNormFcs(t("post_attention_layernorm.weight"), {&t("mlp.gate_proj.weight"), &t("mlp.up_proj.weight")}, randomScales(cfg->hiddenSize));
      quant::scaleFcFc(t("mlp.up_proj.weight"), nullptr, t("mlp.down_proj.weight"), randomScales(cfg->intermediateSize));
    }
    const torch::Tensor after = forward();
    const double diff = (after - before).abs().max().item<double>(), scale = before.abs().max().item<double>();
    qInfo("max |Δ logit| %.3g (largest logit %.3g)", diff, scale);
    QVERIFY(diff <= 1e-5 * std::max(1.0, scale));

    // v_proj → o_proj (multi-head attention only): attention mixes each channel of v across
    // tokens linearly, so v's rows (and bias) ÷ s with o_proj's columns × s is exact too.
    model::ModelConfig mha = *cfg;
    mha.numKvHeads = mha.numHeads;
    const model::Qwen2Math math(mha, QStringLiteral("model."), [](const QString&) { return torch::Tensor(); });
    const int64_t H = mha.hiddenSize;
    const torch::Tensor x = torch::randn({2, 24, H});
    torch::Tensor wq = torch::randn({H, H}) * 0.1, wk = torch::randn({H, H}) * 0.1, wv = torch::randn({H, H}) * 0.1, wo = torch::randn({H, H}) * 0.1;
    torch::Tensor bv = torch::randn({H}) * 0.1;
    namespace F = torch::nn::functional;
    auto attn = [&] { return F::linear(math.attend(F::linear(x, wq), F::linear(x, wk), F::linear(x, wv, bv)), wo); };
    const torch::Tensor o1 = attn();
    quant::scaleFcFc(wv, &bv, wo, randomScales(H));
    const torch::Tensor o2 = attn();
    QVERIFY((o2 - o1).abs().max().item<double>() <= 1e-5 * std::max(1.0, o1.abs().max().item<double>()));
  }

  // Clipping tries "no clipping" first, so per (row, group) the chosen max never gives a larger
  // partial-output error than the full range; an outlier weight gets clipped.
  void clippingNeverRaisesTheGroupError() {
    torch::manual_seed(5);
    const int64_t T = 300, K = 128, N = 64, g = 32;
    const torch::Tensor x = torch::randn({T, K});
    torch::Tensor w = torch::randn({N, K}) * 0.02;
    w[3][5] = 0.6f;  // one outlier in row 3, group 0
    quant::AwqParams p;
    p.groupSize = static_cast<int>(g);
    const torch::Tensor maxVal = quant::searchBestClip(w, x, p);
    QCOMPARE(maxVal.sizes().vec(), (std::vector<int64_t>{N, K / g}));
    const torch::Tensor orgMax = w.abs().view({N, K / g, g}).amax(-1);
    QVERIFY((maxVal <= orgMax).all().item<bool>());
    QVERIFY((maxVal >= 0.5 * orgMax - 1e-7).all().item<bool>());
    auto groupErr = [&](const torch::Tensor& wc) {
      const torch::Tensor q = quant::fakeQuantize(wc, 4, p.groupSize);
      const torch::Tensor xg = x.view({T, K / g, g}).permute({1, 0, 2});
      const torch::Tensor d = torch::bmm(xg, (q - w).view({N, K / g, g}).permute({1, 2, 0}));  // [G, T, N]
      return d.pow(2).mean(1).t();  // [N, G]
    };
    torch::Tensor clipped = w.clone();
    quant::applyClip(clipped, maxVal, p.groupSize);
    QVERIFY((groupErr(clipped) <= groupErr(w) * (1 + 1e-5)).all().item<bool>());
    QVERIFY(maxVal[3][0].item<float>() < orgMax[3][0].item<float>());
    QCOMPARE(quant::clipTokenStep(300, p), int64_t(1));
    QCOMPARE(quant::clipTokenStep(8192, p), int64_t(16));
  }
};

QTEST_GUILESS_MAIN(TstAwq)
#include "tst_awq.moc"
