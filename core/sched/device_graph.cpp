#include "sched/device_graph.h"

#include <QJsonArray>
#include <QMap>
#include <algorithm>
#include <functional>

namespace ct::sched {

LinkCell DeviceGraph::link(int a, int b) const {
  if (a == b) return {Link::Self, 0};
  if (links.empty()) return {};
  return links[size_t(a)][size_t(b)];
}

namespace {

using Bits = std::vector<bool>;

void bronKerbosch(std::vector<int>& r, std::vector<int> p, std::vector<int> x, const std::vector<Bits>& adj,
                  std::vector<std::vector<int>>* out) {
  if (p.empty() && x.empty()) {
    if (r.size() >= 2) out->push_back(r);
    return;
  }
  // Pivot: the vertex with most neighbours in P, so only its non-neighbours are branched on.
  int pivot = -1;
  size_t best = 0;
  for (const auto* set : {&p, &x})
    for (int u : *set) {
      size_t n = 0;
      for (int v : p) n += adj[size_t(u)][size_t(v)];
      if (pivot < 0 || n > best) pivot = u, best = n;
    }
  const std::vector<int> branch = [&] {
    std::vector<int> b;
    for (int v : p)
      if (!adj[size_t(pivot)][size_t(v)]) b.push_back(v);
    return b;
  }();
  for (int v : branch) {
    std::vector<int> np, nx;
    for (int u : p)
      if (adj[size_t(v)][size_t(u)]) np.push_back(u);
    for (int u : x)
      if (adj[size_t(v)][size_t(u)]) nx.push_back(u);
    r.push_back(v);
    bronKerbosch(r, np, nx, adj, out);
    r.pop_back();
    p.erase(std::find(p.begin(), p.end(), v));
    x.push_back(v);
  }
}

}  // namespace

std::vector<Clique> nvlinkCliques(const std::vector<std::vector<LinkCell>>& links) {
  const int n = int(links.size());
  std::vector<Bits> adj(size_t(n), Bits(size_t(n), false));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) adj[size_t(i)][size_t(j)] = i != j && links[size_t(i)][size_t(j)].kind == Link::NvLink;
  std::vector<int> all(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) all[size_t(i)] = i;
  std::vector<std::vector<int>> found;
  std::vector<int> r;
  bronKerbosch(r, all, {}, adj, &found);
  std::vector<Clique> out;
  for (auto& g : found) {
    std::sort(g.begin(), g.end());
    Clique c{g, 1 << 30};
    for (int a : g)
      for (int b : g)
        if (a != b) c.minLinks = std::min(c.minLinks, links[size_t(a)][size_t(b)].nvLinks);
    out.push_back(c);
  }
  std::sort(out.begin(), out.end(), [](const Clique& a, const Clique& b) {
    return a.gpus.size() != b.gpus.size() ? a.gpus.size() > b.gpus.size() : a.gpus < b.gpus;
  });
  return out;
}

bool buildDeviceGraph(const std::vector<GpuRow>& rows, const std::vector<AppRow>& apps, const Topology* topo,
                      DeviceGraph* graph, QString* error) {
  DeviceGraph g;
  for (const GpuRow& r : rows) {
    if (r.uuid.isEmpty()) {
      *error = QStringLiteral("nvidia-smi --query-gpu output has no uuid for GPU %1; ct identifies GPUs by UUID").arg(r.index);
      return false;
    }
    Gpu gpu;
    gpu.index = r.index;
    gpu.uuid = r.uuid;
    gpu.busId = r.busId;
    gpu.name = r.name;
    gpu.totalMiB = r.totalMiB;
    gpu.usedMiB = r.usedMiB;
    gpu.freeMiB = r.freeMiB;
    gpu.utilPercent = r.utilPercent;
    g.gpus.push_back(gpu);
  }
  std::sort(g.gpus.begin(), g.gpus.end(), [](const Gpu& a, const Gpu& b) { return a.index < b.index; });
  for (int i = 0; i < int(g.gpus.size()); ++i)
    if (g.gpus[size_t(i)].index != i) {
      *error = QStringLiteral("nvidia-smi lists GPU indices that are not 0..%1 in order (found %2)").arg(g.gpus.size() - 1).arg(g.gpus[size_t(i)].index);
      return false;
    }
  for (const AppRow& a : apps) {
    auto it = std::find_if(g.gpus.begin(), g.gpus.end(), [&](const Gpu& x) { return x.uuid == a.gpuUuid; });
    if (it == g.gpus.end()) {
      *error = QStringLiteral("nvidia-smi lists process %1 on GPU %2, which is not in the GPU list").arg(a.pid).arg(a.gpuUuid);
      return false;
    }
    it->processes.push_back({a.pid, a.processName, a.usedMiB});
  }
  const int n = int(g.gpus.size());
  g.numaSource = QStringLiteral("unknown");
  if (topo) {
    if (topo->gpuCount != n) {
      *error = QStringLiteral("nvidia-smi topo -m shows %1 GPUs but the GPU query lists %2; run both on the same host and view").arg(topo->gpuCount).arg(n);
      return false;
    }
    g.links = topo->gpu;
    g.nics = topo->nics;
    g.cliques = nvlinkCliques(g.links);
    // NUMA: the NUMA Affinity column when it has numbers, else identical CPU Affinity lists, else
    // components of non-SYS links (SYS is the only code that crosses the socket link).
    bool numaNumbers = topo->hasNumaAffinity;
    for (int i = 0; i < n && numaNumbers; ++i) {
      bool ok = false;
      topo->numaAffinity.at(i).toInt(&ok);
      numaNumbers = ok;
    }
    bool cpuLists = topo->hasCpuAffinity;
    for (int i = 0; i < n && cpuLists; ++i) cpuLists = topo->cpuAffinity.at(i) != QLatin1String("N/A");
    if (numaNumbers) {
      g.numaSource = QStringLiteral("NUMA Affinity");
      for (int i = 0; i < n; ++i) g.gpus[size_t(i)].numaNode = topo->numaAffinity.at(i).toInt();
    } else if (cpuLists) {
      g.numaSource = QStringLiteral("CPU Affinity");
      QMap<QString, int> ids;
      for (int i = 0; i < n; ++i) {
        const QString& key = topo->cpuAffinity.at(i);
        if (!ids.contains(key)) ids.insert(key, int(ids.size()));
        g.gpus[size_t(i)].numaNode = ids.value(key);
      }
    } else {
      g.numaSource = QStringLiteral("SYS links");
      int next = 0;
      std::function<void(int, int)> mark = [&](int i, int id) {
        g.gpus[size_t(i)].numaNode = id;
        for (int j = 0; j < n; ++j)
          if (g.gpus[size_t(j)].numaNode < 0 && g.links[size_t(i)][size_t(j)].kind != Link::Sys) mark(j, id);
      };
      for (int i = 0; i < n; ++i)
        if (g.gpus[size_t(i)].numaNode < 0) mark(i, next++);
    }
    // PCIe switch groups: components of PIX/PXB links (NVLink-joined GPUs are grouped by cliques instead).
    int next = 0;
    std::function<void(int, int)> mark = [&](int i, int id) {
      g.gpus[size_t(i)].pcieSwitch = id;
      for (int j = 0; j < n; ++j) {
        const Link k = g.links[size_t(i)][size_t(j)].kind;
        if (g.gpus[size_t(j)].pcieSwitch < 0 && (k == Link::Pix || k == Link::Pxb)) mark(j, id);
      }
    };
    for (int i = 0; i < n; ++i) {
      if (g.gpus[size_t(i)].pcieSwitch >= 0) continue;
      bool any = false;
      for (int j = 0; j < n; ++j) any |= g.links[size_t(i)][size_t(j)].kind == Link::Pix || g.links[size_t(i)][size_t(j)].kind == Link::Pxb;
      if (any) mark(i, next++);
    }
  }
  *graph = std::move(g);
  return true;
}

bool buildDeviceGraph(const QString& gpuCsv, const QString& appsCsv, const QString& topoText, DeviceGraph* graph, QString* error) {
  std::vector<GpuRow> rows;
  std::vector<AppRow> apps;
  if (!parseGpuQuery(gpuCsv, &rows, error) || !parseAppsQuery(appsCsv, &apps, error)) return false;
  if (topoText.trimmed().isEmpty()) return buildDeviceGraph(rows, apps, nullptr, graph, error);
  Topology topo;
  if (!parseTopology(topoText, &topo, error)) return false;
  return buildDeviceGraph(rows, apps, &topo, graph, error);
}

namespace {
QJsonValue optNum(const std::optional<qint64>& v) { return v ? QJsonValue(double(*v)) : QJsonValue(); }
}  // namespace

QJsonObject DeviceGraph::toJson() const {
  QJsonArray gs;
  for (const Gpu& g : gpus) {
    QJsonArray ps;
    for (const Process& p : g.processes) ps.append(QJsonObject{{QStringLiteral("pid"), double(p.pid)}, {QStringLiteral("name"), p.name},
                                                               {QStringLiteral("used_mib"), optNum(p.usedMiB)}});
    QJsonArray ls;
    for (int j = 0; j < int(gpus.size()); ++j) ls.append(linkName(link(g.index, j)));
    gs.append(QJsonObject{{QStringLiteral("index"), g.index}, {QStringLiteral("uuid"), g.uuid}, {QStringLiteral("bus_id"), g.busId},
                          {QStringLiteral("name"), g.name}, {QStringLiteral("total_mib"), optNum(g.totalMiB)},
                          {QStringLiteral("used_mib"), optNum(g.usedMiB)}, {QStringLiteral("free_mib"), optNum(g.freeMiB)},
                          {QStringLiteral("utilization"), g.utilPercent ? QJsonValue(*g.utilPercent) : QJsonValue()},
                          {QStringLiteral("numa_node"), g.numaNode}, {QStringLiteral("pcie_switch"), g.pcieSwitch},
                          {QStringLiteral("links"), ls}, {QStringLiteral("processes"), ps}});
  }
  QJsonArray cs;
  for (const Clique& c : cliques) {
    QJsonArray m;
    for (int i : c.gpus) m.append(i);
    cs.append(QJsonObject{{QStringLiteral("gpus"), m}, {QStringLiteral("min_links"), c.minLinks}});
  }
  return {{QStringLiteral("gpus"), gs}, {QStringLiteral("nvlink_cliques"), cs}, {QStringLiteral("numa_source"), numaSource},
          {QStringLiteral("nics"), QJsonArray::fromStringList(nics)}};
}

}  // namespace ct::sched
