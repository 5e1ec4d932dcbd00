#include <QtTest>

#include "sched/scheduler.h"
#include "sched_fixtures.h"

using namespace ct::sched;
using ct::test::fixture;
using ct::test::outputBlocks;

namespace {
constexpr qint64 GiB = 1LL << 30;

// Equal GPUs of totalMiB with the given free MiB each, joined with a recorded topology.
DeviceGraph graph(const QString& topoFile, qint64 totalMiB, const QList<qint64>& freeMiB) {
  Topology t;
  QString e;
  const bool parsed = topoFile.isEmpty() || parseTopology(topoFile.startsWith(QLatin1String("  ")) ? topoFile : fixture(topoFile), &t, &e);
  if (!parsed) qFatal("%s", qPrintable(e));
  std::vector<GpuRow> rows;
  for (int i = 0; i < freeMiB.size(); ++i)
    rows.push_back({i, QStringLiteral("GPU-%1").arg(i), QStringLiteral("00000000:%1:00.0").arg(i + 1, 2, 16, QLatin1Char('0')),
                    QStringLiteral("G"), totalMiB, totalMiB - freeMiB[i], freeMiB[i], 0});
  DeviceGraph g;
  if (!buildDeviceGraph(rows, {}, topoFile.isEmpty() ? nullptr : &t, &g, &e)) qFatal("%s", qPrintable(e));
  return g;
}
PlanResult pick(const DeviceGraph& g, int n, qint64 budget, const QMap<QString, LeasedMemory>& leases = {}) {
  PlanRequest r;
  r.count = n;
  r.budgetBytes = budget;
  return plan(g, leases, r);
}
QList<int> picked(const PlanResult& r) { return QList<int>(r.picked.begin(), r.picked.end()); }
const QString kA30 = QStringLiteral("topo-4xA30-nv4-pairs-2numa-1nic.txt");
const QString kV100 = QStringLiteral("topo-8xV100-hybrid-cube-mesh-nv1-nv2-mlx5.txt");
const QString k4090 = QStringLiteral("topo-8x4090-pcie-all-sys-2numa-2nic-tabs.txt");
}  // namespace

class TestScheduler : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void bridgedPairs() {
    const DeviceGraph g = graph(kA30, 24576, {24000, 24000, 24000, 24000});
    // Two GPUs: the pair {0,1} is a whole NV4 clique (same NUMA node), lowest-numbered wins the tie with {2,3}.
    PlanResult r = pick(g, 2, 10 * GiB);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(picked(r), (QList<int>{0, 1}));
    QCOMPARE(r.level, QStringLiteral("nvlink-clique"));
    // Four: no clique, switch or node holds four, so all four across the two NUMA nodes.
    r = pick(g, 4, 10 * GiB);
    QCOMPARE(picked(r), (QList<int>{0, 1, 2, 3}));
    QCOMPARE(r.level, QStringLiteral("cross-numa"));
    // gmu = 10 GiB / 24 GiB = 0.41666 → 0.416 (rounded down so vLLM's ceil(total × gmu) stays inside the budget).
    QCOMPARE(r.gpuMemoryUtilization, 0.416);
  }
  void busyGpuKeepsWholeCliqueFree() {
    // GPU0 is busy (1000 MiB free). One GPU: GPU1's pair is already broken, GPUs 2 and 3 form a
    // whole clique; taking GPU1 breaks nothing, so GPU1 — not the lower-numbered-but-valuable 2.
    const DeviceGraph g = graph(kA30, 24576, {1000, 24000, 24000, 24000});
    PlanResult r = pick(g, 1, 10 * GiB);
    QCOMPARE(picked(r), (QList<int>{1}));
    QVERIFY(r.passedOver.value(0).contains(QStringLiteral("not enough free memory")));
    QVERIFY(r.passedOver.value(2).contains(QStringLiteral("NVLink clique")));
    r = pick(g, 2, 10 * GiB);
    QCOMPARE(picked(r), (QList<int>{2, 3}));
  }
  void cubeMesh() {
    const DeviceGraph g = graph(kV100, 16160, QList<qint64>(8, 16000));
    // Four: the quad {0,1,2,3} is a clique (and one NUMA node); {4..7} ties and loses on numbering.
    QCOMPARE(picked(pick(g, 4, 8 * GiB)), (QList<int>{0, 1, 2, 3}));
    // Two: candidates {0,4} (NV2, but two NUMA nodes) vs pairs inside a quad. Inside {0,1,2,3}
    // the greedy seeds GPU0 and adds its strongest link, GPU3 (NV2): one node, NV2 → {0,3}.
    const PlanResult r = pick(g, 2, 8 * GiB);
    QCOMPARE(picked(r), (QList<int>{0, 3}));
    QCOMPARE(r.level, QStringLiteral("nvlink-clique"));
    // Eight: not a clique (0-5 is SYS) → cross-numa.
    QCOMPARE(pick(g, 8, 8 * GiB).level, QStringLiteral("cross-numa"));
  }
  void pcieOnlyPrefersOneNumaNode() {
    // All pairs SYS; NUMA 0 = GPUs 0-3, 1 = 4-7. Two → {0,1} in node 0. With 0-2 busy, node 0
    // has only GPU3 left, so two come from node 1: {4,5}.
    DeviceGraph g = graph(k4090, 24564, QList<qint64>(8, 24000));
    PlanResult r = pick(g, 2, 20 * GiB);
    QCOMPARE(picked(r), (QList<int>{0, 1}));
    QCOMPARE(r.level, QStringLiteral("numa-node"));
    g = graph(k4090, 24564, {100, 100, 100, 24000, 24000, 24000, 24000, 24000});
    QCOMPARE(picked(pick(g, 2, 20 * GiB)), (QList<int>{4, 5}));
  }
  void ownMixedBoxSingleAvoidsPair() {
    // GPU0-1 an NV4 pair, GPU2-3 under one PCIe switch (PIX), one NUMA node. One GPU → from the
    // switch (value 1), not from the pair; two → the pair (NVLink beats PIX).
    const QString topo = QStringLiteral(
        "  \tGPU0\tGPU1\tGPU2\tGPU3\tCPU Affinity\tNUMA Affinity\n"
        "GPU0\t X \tNV4\tNODE\tNODE\t0-15\t0\nGPU1\tNV4\t X \tNODE\tNODE\t0-15\t0\n"
        "GPU2\tNODE\tNODE\t X \tPIX\t0-15\t0\nGPU3\tNODE\tNODE\tPIX\t X \t0-15\t0\n");
    const DeviceGraph g = graph(topo, 49140, QList<qint64>(4, 49000));
    QCOMPARE(picked(pick(g, 1, 20 * GiB)), (QList<int>{2}));
    QCOMPARE(picked(pick(g, 2, 20 * GiB)), (QList<int>{0, 1}));
    // Pair busy on GPU1 → two from the switch.
    const DeviceGraph g2 = graph(topo, 49140, {49000, 10, 49000, 49000});
    const PlanResult r = pick(g2, 2, 20 * GiB);
    QCOMPARE(picked(r), (QList<int>{2, 3}));
    QCOMPARE(r.level, QStringLiteral("pcie-switch"));
  }
  void recordedBusyH200() {
    // Free = 143771 − used: GPU0 13758, 1 13718, 2 37920, 3 13778, 4 37680, 5 37920, 6 37632,
    // 7 85700 MiB. 20 GiB (+0.5 GiB margin = 20992 MiB) fits 2,4,5,6,7; no topology → lowest: 2.
    const QStringList b = outputBlocks(fixture(QStringLiteral("query-gpu-and-compute-apps-8xH200-busy-before-after.txt")));
    DeviceGraph g;
    QString e;
    QVERIFY2(buildDeviceGraph(b[0], b[1], QString(), &g, &e), qPrintable(e));
    PlanResult r = pick(g, 1, 20 * GiB);
    QCOMPARE(picked(r), (QList<int>{2}));
    // 40 GiB: only GPU7 (85700 MiB free).
    QCOMPARE(picked(pick(g, 1, 40 * GiB)), (QList<int>{7}));
    // Two at 40 GiB: refused with the count and each GPU's numbers.
    r = pick(g, 2, 40 * GiB);
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(QStringLiteral("2 GPU(s) needed, 1 can take")), qPrintable(r.error));
    QVERIFY(r.error.contains(QStringLiteral("GPU 0: not enough free memory: free 13.44 GiB")));
  }
  void containerView() {
    // Host view of the 4x H200 podman host, no topology: free 98722, 12914, 7129, 33302 MiB.
    const QStringList lines = outputBlocks(fixture(QStringLiteral("query-gpu-index-uuid-name-memtotal-memused-4xH200-host-vs-container.txt")))[0]
                                  .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    DeviceGraph host, container;
    QString e;
    QVERIFY(buildDeviceGraph(lines.mid(2).join(QLatin1Char('\n')), QString(), QString(), &host, &e));
    QVERIFY(buildDeviceGraph(lines.mid(0, 2).join(QLatin1Char('\n')), QString(), QString(), &container, &e));
    QCOMPARE(picked(pick(host, 1, 30 * GiB)), (QList<int>{0}));
    // 32 GiB: GPU0 and GPU3 (33302 MiB ≥ 32768 + 512) fit.
    QCOMPARE(picked(pick(host, 2, 32 * GiB)), (QList<int>{0, 3}));
    // The container sees one GPU: two are refused outright.
    const PlanResult r = pick(container, 2, 1 * GiB);
    QVERIFY(r.error.contains(QStringLiteral("the host has 1")));
  }
  void naMemoryIsPassedOver() {
    std::vector<GpuRow> rows{{0, QStringLiteral("GPU-a"), {}, QStringLiteral("GB10"), {}, {}, {}, {}},
                             {1, QStringLiteral("GPU-b"), {}, QStringLiteral("L40S"), 46068, 9123, 36945, 0}};
    DeviceGraph g;
    QString e;
    QVERIFY(buildDeviceGraph(rows, {}, nullptr, &g, &e));
    const PlanResult r = pick(g, 1, 8 * GiB);
    QCOMPARE(picked(r), (QList<int>{1}));
    QVERIFY(r.passedOver.value(0).contains(QStringLiteral("N/A")));
  }
  void mixedModelsFractionAndGmu() {
    // 4080 SUPER (16376 MiB) + 3090 (24576 MiB). 12 GiB on both: gmu from the smaller total:
    // 12288 / 16376 = 0.7503 → 0.750.
    std::vector<GpuRow> rows{{0, QStringLiteral("GPU-e4252fcb"), {}, QStringLiteral("4080S"), 16376, 0, 16376, 0},
                             {1, QStringLiteral("GPU-358353dd"), {}, QStringLiteral("3090"), 24576, 0, 24576, 0}};
    DeviceGraph g;
    QString e;
    QVERIFY(buildDeviceGraph(rows, {}, nullptr, &g, &e));
    PlanResult r = pick(g, 2, 12 * GiB);
    QCOMPARE(r.gpuMemoryUtilization, 0.75);
    // 20 GiB only fits the 3090.
    r = pick(g, 1, 20 * GiB);
    QCOMPARE(picked(r), (QList<int>{1}));
    QVERIFY(r.passedOver.value(0).contains(QStringLiteral("exceeds its total")));
    PlanRequest f;
    f.count = 1;
    f.fraction = 0.9;
    r = plan(g, {}, f);
    QCOMPARE(r.gpuMemoryUtilization, 0.9);
  }
  void leasesCountAgainstFree() {
    // GPU0 shows 24000 MiB free but another user's lease holds 16 GiB not yet loaded.
    const DeviceGraph g = graph(kA30, 24576, {24000, 24000, 24000, 24000});
    QMap<QString, LeasedMemory> leases;
    leases[QStringLiteral("GPU-0")] = {16 * GiB, {QStringLiteral("bob (job-7, lease x)")}};
    const PlanResult r = pick(g, 1, 10 * GiB, leases);
    QVERIFY(r.picked.front() != 0);
    QVERIFY2(r.passedOver.value(0).contains(QStringLiteral("leased to bob")), qPrintable(r.passedOver.value(0)));
  }
  void explicitGpus() {
    const DeviceGraph g = graph(kA30, 24576, {1000, 24000, 24000, 24000});
    PlanRequest req;
    req.budgetBytes = 10 * GiB;
    req.explicitGpus = {QStringLiteral("GPU-2"), QStringLiteral("00000000:04:00.0")};
    PlanResult r = plan(g, {}, req);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(picked(r), (QList<int>{2, 3}));
    req.explicitGpus = {QStringLiteral("0")};
    r = plan(g, {}, req);
    QVERIFY(!r.ok);
    QVERIFY(r.error.contains(QStringLiteral("GPU 0")));
  }
  void tensorParallelDivisibility() {
    // Qwen2.5-7B: 28 heads, 4 KV heads → TP 1, 2, 4 only (8: 28 % 8; 7: 7 % 4 and 4 % 7).
    const DeviceGraph g = graph(QStringLiteral("topo-8xH100-nv18-2numa.txt"), 81559, QList<qint64>(8, 81000));
    PlanRequest req;
    req.count = 8;
    req.budgetBytes = 20 * GiB;
    req.model.attentionHeads = 28;
    req.model.kvHeads = 4;
    PlanResult r = plan(g, {}, req);
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(QStringLiteral("28 attention heads are not divisible by tensor-parallel size 8")), qPrintable(r.error));
    QVERIFY(r.error.contains(QStringLiteral("use one of: 1, 2, 4")));
    req.count = 4;
    r = plan(g, {}, req);
    QVERIFY(r.ok);
    QCOMPARE(picked(r), (QList<int>{0, 1, 2, 3}));  // one clique and one NUMA node
    QCOMPARE(r.gpuMemoryUtilization, 0.251);         // 20480 / 81559 = 0.2511
  }
  void memoryEstimateRefusesUpFront() {
    // Qwen2.5-7B bf16: 15.23 GB weights, 28 layers, 4 KV heads × 128, 32768 tokens:
    // KV = 2 × 28 × 4 × 128 × 32768 × 2 B = 1.75 GiB; + 2 GiB overhead → ~17.9 GiB at TP 1.
    const DeviceGraph g = graph(kA30, 24576, QList<qint64>(4, 24000));
    PlanRequest req;
    req.count = 1;
    req.budgetBytes = 10 * GiB;
    req.model = {28, 4, 28, 128, 15231233024LL, 32768, 2};
    PlanResult r = plan(g, {}, req);
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(QStringLiteral("KV cache 1.75 GiB")), qPrintable(r.error));
    QVERIFY(r.error.contains(QStringLiteral("budget is 10.00 GiB")));
    // Without a budget the estimate is the budget; TP 2 halves the weights and the KV heads.
    req.budgetBytes.reset();
    req.count = 2;
    r = plan(g, {}, req);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.estimate->kvCachePerGpu, 2LL * 28 * 2 * 128 * 32768 * 2);
    QCOMPARE(r.budgetBytes, r.estimate->total());
  }
  void jsonExplainsEveryGpu() {
    const DeviceGraph g = graph(kA30, 24576, {1000, 24000, 24000, 24000});
    const PlanResult r = pick(g, 1, 10 * GiB);
    const QJsonObject o = r.toJson(g);
    QCOMPARE(o.value(QStringLiteral("picked")).toArray().size(), 1);
    QCOMPARE(o.value(QStringLiteral("passed_over")).toArray().size(), 3);
  }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
