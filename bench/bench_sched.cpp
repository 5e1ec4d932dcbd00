// Scheduler decision time on generated hosts of 8, 64 and 512 GPUs: 8-GPU NVSwitch boards
// (NV18 inside a board, SYS between boards), 4 boards per NUMA node, every 4th GPU busy on the 64- and 512-GPU hosts.
#include <QElapsedTimer>
#include <cstdio>

#include "sched/scheduler.h"

using namespace ct::sched;

namespace {
DeviceGraph generate(int n) {
  std::vector<GpuRow> rows;
  Topology t;
  t.gpuCount = n;
  t.hasNumaAffinity = true;
  t.gpu.assign(size_t(n), std::vector<LinkCell>(size_t(n)));
  for (int i = 0; i < n; ++i) {
    const qint64 free = (n > 8 && i % 4 == 3) ? 2000 : 80000;
    rows.push_back({i, QStringLiteral("GPU-%1").arg(i), {}, QStringLiteral("H100"), 81559, 81559 - free, free, 0});
    t.cpuAffinity << QStringLiteral("0-7");
    t.numaAffinity << QString::number(i / 32);
    for (int j = 0; j < n; ++j)
      t.gpu[size_t(i)][size_t(j)] = i == j ? LinkCell{Link::Self, 0} : (i / 8 == j / 8) ? LinkCell{Link::NvLink, 18} : (i / 32 == j / 32) ? LinkCell{Link::Node, 0} : LinkCell{Link::Sys, 0};
  }
  DeviceGraph g;
  QString e;
  buildDeviceGraph(rows, {}, &t, &g, &e);
  return g;
}
}  // namespace

int main() {
  // Target: a decision well under the time nvidia-smi itself takes to answer (~50 ms): 1 ms at
  // 64 GPUs, 20 ms at 512.
  const struct { int gpus; double targetMs; } cases[] = {{8, 0.2}, {64, 1.0}, {512, 20.0}};
  std::printf("%-6s %-4s %12s %12s\n", "gpus", "tp", "measured_ms", "target_ms");
  for (const auto& c : cases) {
    const DeviceGraph g = generate(c.gpus);
    for (int tp : {1, 2, 4, 8}) {
      PlanRequest r;
      r.count = tp;
      r.budgetBytes = 40LL << 30;
      const int reps = c.gpus >= 512 ? 20 : 200;
      QElapsedTimer t;
      t.start();
      bool ok = true;
      for (int k = 0; k < reps; ++k) ok &= plan(g, {}, r).ok;
      const double ms = double(t.nsecsElapsed()) / 1e6 / reps;
      std::printf("%-6d %-4d %12.3f %12.1f%s\n", c.gpus, tp, ms, c.targetMs, ok ? "" : "  (refused!)");
    }
  }
  return 0;
}
