#include <QtTest>

#include "sched/device_graph.h"
#include "sched_fixtures.h"

using namespace ct::sched;
using ct::test::fixture;
using ct::test::outputBlocks;

namespace {
QList<QList<int>> cliqueSets(const DeviceGraph& g) {
  QList<QList<int>> out;
  for (const Clique& c : g.cliques) out << QList<int>(c.gpus.begin(), c.gpus.end());
  return out;
}
QList<int> numa(const DeviceGraph& g) {
  QList<int> out;
  for (const Gpu& x : g.gpus) out << x.numaNode;
  return out;
}
// A GPU list matching a topology's GPU count, so the topology can be built into a graph.
std::vector<GpuRow> gpus(int n) {
  std::vector<GpuRow> rows;
  for (int i = 0; i < n; ++i) rows.push_back({i, QStringLiteral("GPU-%1").arg(i), {}, QStringLiteral("x"), 1000, 0, 1000, 0});
  return rows;
}
DeviceGraph graphOf(const QString& file) {
  Topology t;
  QString error;
  if (!parseTopology(fixture(file), &t, &error)) qFatal("%s: %s", qPrintable(file), qPrintable(error));
  DeviceGraph g;
  if (!buildDeviceGraph(gpus(t.gpuCount), {}, &t, &g, &error)) qFatal("%s", qPrintable(error));
  return g;
}
}  // namespace

class TestSmiParse : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void topoNvSwitch8() {
    // Every pair NV18 → one clique of all eight; NUMA Affinity column says 0 for GPU0-3, 1 for GPU4-7.
    const DeviceGraph g = graphOf(QStringLiteral("topo-8xH100-nv18-2numa.txt"));
    QCOMPARE(cliqueSets(g), (QList<QList<int>>{{0, 1, 2, 3, 4, 5, 6, 7}}));
    QCOMPARE(g.cliques[0].minLinks, 18);
    QCOMPARE(numa(g), (QList<int>{0, 0, 0, 0, 1, 1, 1, 1}));
    QCOMPARE(g.numaSource, QStringLiteral("NUMA Affinity"));
    QVERIFY(g.nics.isEmpty());
  }
  void topoTwelveNicsOffGrid() {
    // Same clique; 12 NICs renamed by the legend; affinity lists are container-limited (4,6,8,...),
    // NUMA still read from the NUMA Affinity column.
    const DeviceGraph g = graphOf(QStringLiteral("topo-8xH100-nv18-12nic-mlx5-2numa.txt"));
    QCOMPARE(cliqueSets(g), (QList<QList<int>>{{0, 1, 2, 3, 4, 5, 6, 7}}));
    QCOMPARE(g.nics.size(), 12);
    QCOMPARE(g.nics.first(), QStringLiteral("mlx5_0"));
    QCOMPARE(g.nics.last(), QStringLiteral("mlx5_11"));
    QCOMPARE(numa(g), (QList<int>{0, 0, 0, 0, 1, 1, 1, 1}));
  }
  void topoContainerPhb() {
    const DeviceGraph g = graphOf(QStringLiteral("topo-4xH100-nv18-8nic-phb-1numa.txt"));
    QCOMPARE(cliqueSets(g), (QList<QList<int>>{{0, 1, 2, 3}}));
    QCOMPARE(numa(g), (QList<int>{0, 0, 0, 0}));
    QCOMPARE(g.nics.size(), 8);
  }
  void topoBridgedPairs() {
    // NV4 only inside {0,1} and {2,3}; SYS between pairs. NUMA 0,0,1,1.
    const DeviceGraph g = graphOf(QStringLiteral("topo-4xA30-nv4-pairs-2numa-1nic.txt"));
    QCOMPARE(cliqueSets(g), (QList<QList<int>>{{0, 1}, {2, 3}}));
    QCOMPARE(g.cliques[0].minLinks, 4);
    QCOMPARE(numa(g), (QList<int>{0, 0, 1, 1}));
    QCOMPARE(g.nics, QStringList{QStringLiteral("mlx5_0")});
  }
  void topoTabsNoLegend() {
    // Tabs, an empty cell before GPU NUMA ID, no legend: NICs keep their NICn names; no NVLink.
    const DeviceGraph g = graphOf(QStringLiteral("topo-8x4090-pcie-all-sys-2numa-2nic-tabs.txt"));
    QVERIFY(g.cliques.empty());
    QCOMPARE(numa(g), (QList<int>{0, 0, 0, 0, 1, 1, 1, 1}));
    QCOMPARE(g.nics, (QStringList{QStringLiteral("NIC0"), QStringLiteral("NIC1")}));
    QCOMPARE(linkName(g.link(0, 7)), QStringLiteral("SYS"));
    for (const Gpu& x : g.gpus) QCOMPARE(x.pcieSwitch, -1);
  }
  void topoHybridCubeMesh() {
    // Driver 440: only CPU Affinity, mlx5_0 as a column. NV edges: {0,1,2,3} all NV1/NV2, {4..7}
    // likewise, plus the cross links 0-4, 1-5, 2-6, 3-7 (NV2); e.g. 0-5 is SYS. Maximal cliques
    // are the two quads (weakest link NV1) and the four cross pairs (NV2).
    const DeviceGraph g = graphOf(QStringLiteral("topo-8xV100-hybrid-cube-mesh-nv1-nv2-mlx5.txt"));
    QCOMPARE(cliqueSets(g), (QList<QList<int>>{{0, 1, 2, 3}, {4, 5, 6, 7}, {0, 4}, {1, 5}, {2, 6}, {3, 7}}));
    QCOMPARE(g.cliques[0].minLinks, 1);
    QCOMPARE(g.cliques[2].minLinks, 2);
    QCOMPARE(g.numaSource, QStringLiteral("CPU Affinity"));
    QCOMPARE(numa(g), (QList<int>{0, 0, 0, 0, 1, 1, 1, 1}));
    QCOMPARE(g.nics, QStringList{QStringLiteral("mlx5_0")});
  }
  void topoAfterPlainTable() {
    // The matrix follows a plain `nvidia-smi` table in this recording; NV4 all-to-all, NUMA 0.
    const DeviceGraph g = graphOf(QStringLiteral("nvidia-smi-table-4xA100-64GB-busy-plus-topo.txt"));
    QCOMPARE(cliqueSets(g), (QList<QList<int>>{{0, 1, 2, 3}}));
    QCOMPARE(numa(g), (QList<int>{0, 0, 0, 0}));
  }
  void numaFromSysWhenNoAffinity() {
    // No affinity columns: components of non-SYS links. {0,1} PIX, {2,3} NODE, SYS across.
    const QString text = QStringLiteral(
        "        GPU0    GPU1    GPU2    GPU3\nGPU0     X      PIX     SYS     SYS\nGPU1    PIX      X      SYS     SYS\n"
        "GPU2    SYS     SYS      X      NODE\nGPU3    SYS     SYS     NODE     X\n");
    Topology t;
    QString e;
    QVERIFY2(parseTopology(text, &t, &e), qPrintable(e));
    DeviceGraph g;
    QVERIFY(buildDeviceGraph(gpus(4), {}, &t, &g, &e));
    QCOMPARE(g.numaSource, QStringLiteral("SYS links"));
    QCOMPARE(numa(g), (QList<int>{0, 0, 1, 1}));
    QCOMPARE(g.gpus[0].pcieSwitch, g.gpus[1].pcieSwitch);
    QCOMPARE(g.gpus[2].pcieSwitch, -1);
  }
  void refusesBrokenMatrices_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    const QString head = QStringLiteral("        GPU0    GPU1    NIC0    CPU Affinity\n");
    QTest::newRow("glued columns") << QStringLiteral("        GPU0    GPU1    NIC0NIC1    CPU Affinity\nGPU0     X      NV4     SYS     SYS   0-7\nGPU1    NV4      X      SYS     SYS   0-7\n")
                                   << QStringLiteral("cells");
    QTest::newRow("missing cell") << head + QStringLiteral("GPU0     X      NV4     0-7\nGPU1    NV4      X      SYS     0-7\nNIC0    SYS SYS X\n") << QStringLiteral("cells");
    QTest::newRow("unknown code") << head + QStringLiteral("GPU0     X      NVX     SYS     0-7\nGPU1    NVX      X      SYS     0-7\nNIC0    SYS SYS X\n") << QStringLiteral("unknown link code");
    QTest::newRow("asymmetric") << head + QStringLiteral("GPU0     X      NV4     SYS     0-7\nGPU1    PIX      X      SYS     0-7\nNIC0    SYS SYS X\n") << QStringLiteral("but");
    QTest::newRow("X off diagonal") << head + QStringLiteral("GPU0     X      X     SYS     0-7\nGPU1    NV4      X      SYS     0-7\nNIC0    SYS SYS X\n") << QStringLiteral("diagonal");
    QTest::newRow("truncated") << head + QStringLiteral("GPU0     X      NV4     SYS     0-7\n") << QStringLiteral("ends after");
    QTest::newRow("no matrix") << QStringLiteral("NVIDIA-SMI has failed\n") << QStringLiteral("no matrix header");
  }
  void refusesBrokenMatrices() {
    QFETCH(QString, text);
    QFETCH(QString, message);
    Topology t;
    QString e;
    QVERIFY(!parseTopology(text, &t, &e));
    QVERIFY2(e.contains(message), qPrintable(e));
  }
  void topoCountMustMatchGpuList() {
    Topology t;
    QString e;
    QVERIFY(parseTopology(fixture(QStringLiteral("topo-4xA30-nv4-pairs-2numa-1nic.txt")), &t, &e));
    DeviceGraph g;
    QVERIFY(!buildDeviceGraph(gpus(3), {}, &t, &g, &e));
    QVERIFY2(e.contains(QStringLiteral("4 GPUs")), qPrintable(e));
  }

  // ---- CSV queries: every recorded block
  void queryH200BeforeAfter() {
    const QStringList b = outputBlocks(fixture(QStringLiteral("query-gpu-and-compute-apps-8xH200-busy-before-after.txt")));
    QCOMPARE(b.size(), 4);
    std::vector<GpuRow> rows;
    std::vector<AppRow> apps;
    QString e;
    QVERIFY2(parseGpuQuery(b[0], &rows, &e), qPrintable(e));
    QCOMPARE(int(rows.size()), 8);
    QCOMPARE(rows[7].uuid, QStringLiteral("GPU-28780eb0-24d5-1f13-59b8-ae5c23617a72"));
    QCOMPARE(*rows[7].usedMiB, 58071);
    QCOMPARE(*rows[7].freeMiB, 143771 - 58071);  // derived: free = total - used
    QCOMPARE(*rows[0].utilPercent, 100);
    QVERIFY(parseAppsQuery(b[1], &apps, &e));
    QCOMPARE(int(apps.size()), 8);
    QCOMPARE(apps[7].processName, QStringLiteral("[Not Found]"));
    QCOMPARE(*apps[7].usedMiB, 58060);
    DeviceGraph g;
    QVERIFY2(buildDeviceGraph(rows, apps, nullptr, &g, &e), qPrintable(e));
    QCOMPARE(int(g.gpus[7].processes.size()), 1);
    QVERIFY(parseGpuQuery(b[2], &rows, &e));
    QCOMPARE(*rows[2].usedMiB, 0);
    QVERIFY(parseAppsQuery(b[3], &apps, &e));
    QCOMPARE(int(apps.size()), 4);
  }
  void queryContainerVsHost() {
    // Inside the container the one visible GPU is index 0 with the host GPU 0's UUID.
    const QStringList b = outputBlocks(fixture(QStringLiteral("query-gpu-index-uuid-name-memtotal-memused-4xH200-host-vs-container.txt")));
    QCOMPARE(b.size(), 1);  // the prompts are dropped; both outputs run together
    const QStringList lines = b[0].split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    std::vector<GpuRow> c, h;
    QString e;
    QVERIFY(parseGpuQuery(lines.mid(0, 2).join(QLatin1Char('\n')), &c, &e));
    QVERIFY(parseGpuQuery(lines.mid(2).join(QLatin1Char('\n')), &h, &e));
    QCOMPARE(int(c.size()), 1);
    QCOMPARE(int(h.size()), 4);
    QCOMPARE(c[0].uuid, h[0].uuid);
    QCOMPARE(*h[1].freeMiB, 144384 - 131470);
  }
  void queryMixedCompose() {
    const QStringList b = outputBlocks(fixture(QStringLiteral("query-gpu-index-uuid-name-memtotal-mixed-4080S-3090-compose.txt")));
    QCOMPARE(b.size(), 3);
    std::vector<GpuRow> rows;
    QString e;
    QVERIFY(parseGpuQuery(b[0], &rows, &e));
    QCOMPARE(rows[1].name, QStringLiteral("NVIDIA GeForce RTX 3090"));
    QCOMPARE(*rows[0].totalMiB, 16376);
    QVERIFY(!rows[0].freeMiB);  // not queried: unknown, never guessed
    for (int i = 1; i < 3; ++i) {
      QVERIFY(parseGpuQuery(b[i], &rows, &e));
      QCOMPARE(int(rows.size()), 1);
      QCOMPARE(rows[0].index, 0);
    }
  }
  void queryFiveMixedPciBus() {
    std::vector<GpuRow> rows;
    QString e;
    QVERIFY(parseGpuQuery(outputBlocks(fixture(QStringLiteral("query-gpu-name-pcibus-index-uuid-5gpu-mixed.txt")))[0], &rows, &e));
    QCOMPARE(int(rows.size()), 5);
    QCOMPARE(rows[1].name, QStringLiteral("GeForce GTX 1080 Ti"));
    QCOMPARE(rows[4].index, 4);
  }
  void queryNoHeaderNoUnits() {
    std::vector<GpuRow> rows;
    QString e;
    const QString b = outputBlocks(fixture(QStringLiteral("query-gpu-noheader-nounits-name-memfree-2gpu.txt")))[0];
    QVERIFY(parseGpuQuery(b, &rows, &e, {QStringLiteral("gpu_name"), QStringLiteral("memory.free")}));
    QCOMPARE(*rows[1].freeMiB, 16000);
    QCOMPARE(rows[0].name, QStringLiteral("NVIDIA GeForce GTX 1050 Ti"));
  }
  void queryL40SAndVllmApps() {
    QStringList b = outputBlocks(fixture(QStringLiteral("query-gpu-and-compute-apps-1xL40S-triton.txt")));
    std::vector<GpuRow> rows;
    std::vector<AppRow> apps;
    QString e;
    QVERIFY(parseGpuQuery(b[0], &rows, &e));
    QCOMPARE(*rows[0].freeMiB, 36346);
    QVERIFY(parseAppsQuery(b[1], &apps, &e));
    QCOMPARE(apps[1].processName, QStringLiteral("/opt/tritonserver/backends/python/triton_python_backend_stub"));
    b = outputBlocks(fixture(QStringLiteral("query-compute-apps-pid-name-mem-two-vllm-enginecore.txt")));
    QVERIFY(parseAppsQuery(b[0], &apps, &e));
    QCOMPARE(apps[1].processName, QStringLiteral("VLLM::EngineCore"));
    QCOMPARE(*apps[1].usedMiB, 5530);
  }
  void query3090WithExtraColumns() {
    const QStringList b = outputBlocks(fixture(QStringLiteral("query-compute-apps-and-gpu-noheader-nounits-1x3090.txt")));
    std::vector<AppRow> apps;
    std::vector<GpuRow> rows;
    QString e;
    QVERIFY2(parseAppsQuery(b[0], &apps, &e), qPrintable(e));
    QCOMPARE(apps[0].pid, 1106871);
    QVERIFY(parseAppsQuery(b[1], &apps, &e, {QStringLiteral("timestamp"), QStringLiteral("gpu_name"), QStringLiteral("pid"), QStringLiteral("process_name"), QStringLiteral("used_memory")}));
    QCOMPARE(*apps[0].usedMiB, 23342);
    // The header-only gpu query block, then its noheader row with 13 named fields.
    QVERIFY(parseGpuQuery(b[2], &rows, &e));
    QVERIFY(rows.empty());
    const QStringList f = {QStringLiteral("index"), QStringLiteral("name"), QStringLiteral("utilization.gpu"), QStringLiteral("utilization.memory"),
                           QStringLiteral("memory.total"), QStringLiteral("memory.free"), QStringLiteral("memory.used"), QStringLiteral("temperature.gpu"),
                           QStringLiteral("clocks.gr"), QStringLiteral("power.draw"), QStringLiteral("power.limit"), QStringLiteral("pstate"), QStringLiteral("clocks_event_reasons.active")};
    QVERIFY2(parseGpuQuery(b[3], &rows, &e, f), qPrintable(e));
    QCOMPARE(*rows[0].freeMiB, 767);
  }
  void plainTablesAreRefused() {
    // ct never runs plain `nvidia-smi`; fed one, the query parser must refuse, not invent GPUs.
    for (const char* f : {"nvidia-smi-table-3xA6000-idle.txt", "nvidia-smi-table-4xH100-idle.txt"}) {
      std::vector<GpuRow> rows;
      QString e;
      QVERIFY(!parseGpuQuery(fixture(QLatin1String(f)), &rows, &e));
      QVERIFY2(e.contains(QStringLiteral("--query-gpu")), qPrintable(e));
    }
  }
  void naMemoryAndBadNumbers() {
    std::vector<GpuRow> rows;
    QString e;
    QVERIFY(parseGpuQuery(QStringLiteral("0, GPU-a, 00000000:01:00.0, NVIDIA GB10, [N/A], [N/A], [N/A], 3 %\n"), &rows, &e));
    QVERIFY(!rows[0].totalMiB && !rows[0].freeMiB);
    QCOMPARE(*rows[0].utilPercent, 3);
    QVERIFY(!parseGpuQuery(QStringLiteral("0, GPU-a, 00000000:01:00.0, X, lots, 1, 1, 3\n"), &rows, &e));
    QVERIFY2(e.contains(QStringLiteral("'lots'")), qPrintable(e));
  }
  void appsOnUnknownGpuRefused() {
    std::vector<GpuRow> rows{{0, QStringLiteral("GPU-a"), {}, {}, 10, 0, 10, 0}};
    std::vector<AppRow> apps{{5, QStringLiteral("GPU-zzz"), QStringLiteral("p"), 1}};
    DeviceGraph g;
    QString e;
    QVERIFY(!buildDeviceGraph(rows, apps, nullptr, &g, &e));
    QVERIFY(e.contains(QStringLiteral("GPU-zzz")));
  }
};

QTEST_GUILESS_MAIN(TestSmiParse)
#include "tst_smi_parse.moc"
