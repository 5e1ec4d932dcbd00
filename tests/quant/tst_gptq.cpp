#include <torch/torch.h>

#include <QtTest>

#include "quant/gptq.h"
#include "quant/packing.h"

using namespace ct::quant;

namespace {

// Correlated inputs (as real activations are), so that GPTQ's error feedback has work to do.
torch::Tensor inputs(int64_t tokens, int64_t cols, uint64_t seed) {
  torch::manual_seed(seed);
  const torch::Tensor mix = torch::randn({cols, cols}) / std::sqrt(static_cast<double>(cols)) + torch::eye(cols);
  return torch::randn({tokens, cols}).matmul(mix) * (torch::rand({cols}) * 2 + 0.1);
}

torch::Tensor hessianOf(const torch::Tensor& x) {
  torch::Tensor h = torch::zeros({x.size(1), x.size(1)});
  accumulateHessian(h, x.slice(0, 0, x.size(0) / 2));
  accumulateHessian(h, x.slice(0, x.size(0) / 2));
  finishHessian(h, 4);
  return h;
}

double outputError(const torch::Tensor& w, const torch::Tensor& q, const torch::Tensor& x) {
  return x.matmul((w - q).t()).pow(2).sum().item<double>() / x.matmul(w.t()).pow(2).sum().item<double>();
}

// The reference algorithm written plainly with tensor operations (one column at a time, H⁻¹ by
// a full inverse, then its upper Cholesky factor), for comparison with the fast path.
torch::Tensor referenceCodes(torch::Tensor W, torch::Tensor H, int bits, int64_t g, double damp) {
  W = W.clone();
  H = H.clone();
  const int64_t cols = W.size(1);
  const int maxq = (1 << bits) - 1;
  const torch::Tensor dead = H.diagonal() == 0;
  H.diagonal().masked_fill_(dead, 1);
  W.index_put_({torch::indexing::Slice(), dead}, 0);
  H.diagonal().add_(damp * H.diagonal().mean());
  const torch::Tensor U = torch::linalg_cholesky(torch::cholesky_inverse(torch::linalg_cholesky(H))).t().contiguous();
  torch::Tensor codes = torch::zeros_like(W, torch::kUInt8);
  torch::Tensor scale, zero;
  for (int64_t j = 0; j < cols; ++j) {
    if (j % g == 0) {
      const torch::Tensor blk = W.slice(1, j, j + g);
      torch::Tensor xmax = torch::maximum(blk.amin(1).abs(), blk.amax(1)).clamp_min(0);
      xmax = torch::where(xmax == 0, torch::ones_like(xmax), xmax);
      scale = (2 * xmax / maxq).to(torch::kHalf).to(torch::kFloat32);
      zero = torch::full_like(scale, (maxq + 1) / 2);
    }
    const torch::Tensor w = W.select(1, j);
    const torch::Tensor c = torch::clamp(torch::round(w / scale) + zero, 0, maxq);
    const torch::Tensor q = scale * (c - zero);
    codes.select(1, j).copy_(c);
    const torch::Tensor err = (w - q) / U[j][j];
    W.slice(1, j) -= err.unsqueeze(1) * U[j].slice(0, j).unsqueeze(0);
  }
  return codes;
}

}  // namespace

class TstGptq : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(2); }

  void hessianIsTwiceTheMeanOuterProduct() {
    const torch::Tensor x = inputs(64, 48, 1);
    const torch::Tensor h = hessianOf(x);
    QVERIFY(torch::allclose(h, x.t().matmul(x) * 2 / 4, 1e-4, 1e-3));
    QVERIFY(torch::equal(h, h.t()));
  }

  void gptqBeatsRoundToNearest_data() {
    QTest::addColumn<int>("bits");
    QTest::addColumn<int>("group");
    QTest::addColumn<bool>("descAct");
    QTest::addColumn<bool>("sym");
    QTest::newRow("4-bit g32") << 4 << 32 << false << true;
    QTest::newRow("4-bit g128 act-order") << 4 << 128 << true << true;
    QTest::newRow("3-bit per-row") << 3 << -1 << false << true;
    QTest::newRow("2-bit g64 asym") << 2 << 64 << false << false;
    QTest::newRow("8-bit g128") << 8 << 128 << false << true;
  }
  void gptqBeatsRoundToNearest() {
    QFETCH(int, bits);
    QFETCH(int, group);
    QFETCH(bool, descAct);
    QFETCH(bool, sym);
    const torch::Tensor x = inputs(2048, 256, 2);
    torch::manual_seed(3);
    const torch::Tensor w = torch::randn({96, 256}) * 0.05;
    GptqParams p;
    p.bits = bits;
    p.groupSize = group;
    p.descAct = descAct;
    p.sym = sym;
    auto g = gptqQuantize(w, hessianOf(x), p, nullptr);
    QVERIFY(g);
    const QuantizedLinear r = rtnQuantize(w, p);
    const double eg = outputError(w, g->dequant, x), er = outputError(w, r.dequant, x);
    qInfo("%d-bit group %d%s: output error GPTQ %.4f%%, RTN %.4f%%", bits, group, descAct ? " act-order" : "", eg * 100, er * 100);
    QVERIFY2(eg < er, qPrintable(QStringLiteral("GPTQ %1 vs RTN %2").arg(eg).arg(er)));
    QVERIFY(g->loss > 0);
    QCOMPARE(g->damp, 0.01);
  }

  void matchesThePlainReferenceAlgorithm() {
    const torch::Tensor x = inputs(1024, 256, 4);
    torch::manual_seed(5);
    const torch::Tensor w = torch::randn({64, 256}) * 0.05;
    const torch::Tensor h = hessianOf(x);
    GptqParams p;
    p.bits = 4;
    p.groupSize = 128;  // block-aligned groups: the plain loop sees the same weights at each group start
    auto fast = gptqQuantize(w, h.clone(), p, nullptr);
    const torch::Tensor ref = referenceCodes(w, h, 4, 128, 0.01);
    const double mismatch = (fast->codes != ref).to(torch::kFloat64).mean().item<double>();
    qInfo("codes differing from the plain reference: %.4f%%", mismatch * 100);
    QVERIFY(mismatch < 0.002);  // float summation order only
  }

  void checkpointDequantizesToTheQuantizersWeights_data() {
    QTest::addColumn<int>("bits");
    QTest::addColumn<bool>("sym");
    for (int b : {2, 3, 4, 8})
      for (bool s : {true, false}) QTest::newRow(qPrintable(QStringLiteral("%1-bit %2").arg(b).arg(s ? "sym" : "asym"))) << b << s;
  }
  void checkpointDequantizesToTheQuantizersWeights() {
    QFETCH(int, bits);
    QFETCH(bool, sym);
    const torch::Tensor x = inputs(512, 128, 6);
    torch::manual_seed(7);
    const torch::Tensor w = torch::randn({64, 128}) * 0.1;
    GptqParams p;
    p.bits = bits;
    p.groupSize = 32;
    p.sym = sym;
    p.descAct = true;
    auto q = gptqQuantize(w, hessianOf(x), p, nullptr);
    QVERIFY(q);
    const int64_t N = 64, K = 128, G = 4;
    // What the checkpoint writer stores: v1 zeros (zero − 1) for sym, v2 (the zero) for asym.
    const torch::Tensor codesKN = q->codes.t().contiguous();
    std::vector<int32_t> qweight = packRows(codesKN.data_ptr<uint8_t>(), K, N, bits);
    torch::Tensor z = q->zeros.clone();
    if (sym) z.sub_(1);
    std::vector<int32_t> qzeros = packCols(z.data_ptr<uint8_t>(), G, N, bits);
    const torch::Tensor scales = q->scales.to(torch::kHalf);
    const torch::Tensor back = dequantizeGptq(torch::from_blob(qweight.data(), {K * bits / 32, N}, torch::kInt32),
                                              torch::from_blob(qzeros.data(), {G, N * bits / 32}, torch::kInt32), scales, q->gIdx, bits,
                                              !sym);
    QVERIFY(torch::equal(back, q->dequant));  // bit for bit
    QVERIFY(torch::equal(scales.to(torch::kFloat32), q->scales));  // scales are fp16 values already
  }

  void groupIndexFollowsTheFormat() {
    const torch::Tensor x = inputs(512, 128, 8);
    torch::manual_seed(9);
    const torch::Tensor w = torch::randn({32, 128});
    const torch::Tensor h = hessianOf(x);
    GptqParams p;
    p.groupSize = 32;
    const torch::Tensor plain = torch::arange(128, torch::kInt32).div(32, "floor");
    QVERIFY(torch::equal(gptqQuantize(w, h.clone(), p, nullptr)->gIdx, plain));

    p.descAct = true;
    const torch::Tensor act = gptqQuantize(w, h.clone(), p, nullptr)->gIdx;
    QVERIFY(!torch::equal(act, plain));
    // g_idx[c] = (rank of column c by descending diag H) / 32
    const torch::Tensor order = std::get<1>(h.diagonal().sort(/*stable=*/true, 0, /*descending=*/true));
    torch::Tensor rank = torch::empty({128}, torch::kInt64);
    rank.index_put_({order}, torch::arange(128, torch::kInt64));
    QVERIFY(torch::equal(act, rank.div(32, "floor").to(torch::kInt32)));
    QVERIFY(torch::equal(std::get<0>(torch::_unique2(act, true, false, true)), torch::arange(4, torch::kInt32)));
    QVERIFY(torch::equal(act.bincount(), torch::full({4}, 32, torch::kInt64)));

    p.staticGroups = true;  // static groups keep c / g even with act-order
    QVERIFY(torch::equal(gptqQuantize(w, h.clone(), p, nullptr)->gIdx, plain));

    p = {};
    p.groupSize = -1;
    auto one = gptqQuantize(w, h.clone(), p, nullptr);
    QVERIFY(torch::equal(one->gIdx, torch::zeros({128}, torch::kInt32)));
    QCOMPARE(one->scales.size(0), 1);
  }

  void deadColumnsAreZeroed() {
    torch::Tensor x = inputs(256, 64, 10);
    x.select(1, 5).zero_();
    torch::manual_seed(11);
    const torch::Tensor w = torch::randn({32, 64});
    GptqParams p;
    p.groupSize = 32;
    auto q = gptqQuantize(w, hessianOf(x), p, nullptr);
    QCOMPARE(q->deadColumns, 1);
    QVERIFY(torch::equal(q->dequant.select(1, 5), torch::zeros({32})));
  }

  void dampingIsRaisedUntilCholeskyWorks() {
    // Slightly indefinite: eigenvalues 2.035 and −0.035 (mean diagonal 1); damping up to 0.03
    // cannot lift it, 0.04 can.
    torch::Tensor h = torch::tensor({1.0f, 1.035f, 1.035f, 1.0f}).view({2, 2});
    h = torch::kron(torch::eye(16), h).contiguous();
    const torch::Tensor w = torch::randn({8, 32});
    GptqParams p;
    p.groupSize = -1;
    auto q = gptqQuantize(w, h, p, nullptr);
    QVERIFY(q);
    QVERIFY2(q->damp > 0.03 && q->damp < 0.05, qPrintable(QString::number(q->damp)));
    QString why;
    QVERIFY(!gptqQuantize(w, -torch::eye(32), p, &why));
    QVERIFY(why.contains(QStringLiteral("singular")));
  }
};

QTEST_GUILESS_MAIN(TstGptq)
#include "tst_gptq.moc"
