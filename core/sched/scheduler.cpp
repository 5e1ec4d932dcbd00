#include "sched/scheduler.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace ct::sched {

namespace {
constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kGiB = kMiB * 1024.0;
QString gib(double bytes) { return QString::number(bytes / kGiB, 'f', 2) + QStringLiteral(" GiB"); }

bool tpDivides(const ModelShape& m, int tp, QString* why) {
  if (m.attentionHeads > 0 && m.attentionHeads % tp != 0) {
    *why = QStringLiteral("%1 attention heads are not divisible by tensor-parallel size %2").arg(m.attentionHeads).arg(tp);
    return false;
  }
  if (m.kvHeads > 0 && m.kvHeads % tp != 0 && tp % m.kvHeads != 0) {
    *why = QStringLiteral("%1 KV heads neither divide nor are divided by tensor-parallel size %2").arg(m.kvHeads).arg(tp);
    return false;
  }
  return true;
}

QString allowedTp(const ModelShape& m, int upTo) {
  QStringList ok;
  QString dummy;
  for (int tp = 1; tp <= std::max(upTo, 8); ++tp)
    if (tpDivides(m, tp, &dummy)) ok << QString::number(tp);
  return ok.join(QStringLiteral(", "));
}

struct Candidate {
  std::vector<int> gpus;
  int level = 0;  // 0 nvlink clique, 1 pcie switch, 2 one numa node, 3 cross numa
  int numaSpan = 0, breaks = 0, minRank = 0;
};

const char* levelName(int level, int count) {
  if (count == 1) return "single";
  static const char* names[] = {"nvlink-clique", "pcie-switch", "numa-node", "cross-numa"};
  return names[level];
}

}  // namespace

MemoryEstimate estimateMemory(const ModelShape& m, int tp) {
  MemoryEstimate e;
  tp = std::max(tp, 1);
  e.weightsPerGpu = (m.weightBytes + tp - 1) / tp;
  // KV heads split across ranks, or replicated one per rank when TP exceeds them.
  const int kvPerRank = m.kvHeads > 0 ? std::max(1, m.kvHeads / tp) : 0;
  e.kvCachePerGpu = 2LL * m.layers * kvPerRank * m.headDim * qint64(m.contextLength) * m.kvBytesPerValue;
  e.overheadPerGpu = kOverheadBytes;
  return e;
}

PlanResult plan(const DeviceGraph& g, const QMap<QString, LeasedMemory>& leases, const PlanRequest& req) {
  PlanResult res;
  const int n = int(g.gpus.size());
  const int want = req.explicitGpus.empty() ? req.count : int(req.explicitGpus.size());
  if (n == 0) {
    res.error = QStringLiteral("no GPUs: nvidia-smi lists none on this host");
    return res;
  }
  if (want < 1) {
    res.error = QStringLiteral("ask for at least one GPU");
    return res;
  }
  QString why;
  if (!tpDivides(req.model, want, &why)) {
    res.error = QStringLiteral("tensor-parallel size %1 cannot run this model: %2; use one of: %3").arg(want).arg(why, allowedTp(req.model, n));
    return res;
  }
  if (want > n) {
    res.error = QStringLiteral("%1 GPUs asked for, the host has %2").arg(want).arg(n);
    return res;
  }
  const bool haveModel = req.model.weightBytes > 0;
  if (haveModel) res.estimate = estimateMemory(req.model, want);
  if (!req.budgetBytes && !req.fraction && !haveModel) {
    res.error = QStringLiteral("give a memory budget (--memory GB or --gpu-memory-utilization F) or the model's size to estimate one");
    return res;
  }
  auto budgetOn = [&](const Gpu& gpu) -> qint64 {
    if (req.budgetBytes) return *req.budgetBytes;
    if (req.fraction) return qint64(*req.fraction * double(gpu.totalMiB.value_or(0)) * kMiB);
    return res.estimate->total();
  };
  if (haveModel && req.budgetBytes && res.estimate->total() > *req.budgetBytes) {
    const auto& e = *res.estimate;
    res.error = QStringLiteral("the model does not fit the budget: it needs about %1 per GPU (weights %2 + KV cache %3 for %4 tokens + overhead %5) "
                               "and the budget is %6; raise --memory, lower --max-model-len or use more GPUs")
                    .arg(gib(double(e.total())), gib(double(e.weightsPerGpu)), gib(double(e.kvCachePerGpu))).arg(req.model.contextLength)
                    .arg(gib(double(e.overheadPerGpu)), gib(double(*req.budgetBytes)));
    return res;
  }

  // Admission: live free memory, less what leases promised but their processes may not hold yet.
  std::vector<bool> fits(size_t(n), false);
  std::vector<qint64> avail(size_t(n), 0);
  for (const Gpu& gpu : g.gpus) {
    const qint64 budget = budgetOn(gpu);
    const LeasedMemory leased = leases.value(gpu.uuid);
    if (!gpu.totalMiB || !gpu.freeMiB) {
      res.passedOver.insert(gpu.index, QStringLiteral("memory unknown (nvidia-smi reports N/A); ct will not place work it cannot account for"));
      continue;
    }
    const qint64 total = qint64(double(*gpu.totalMiB) * kMiB);
    const qint64 free = qint64(double(*gpu.freeMiB) * kMiB);
    avail[size_t(gpu.index)] = free - leased.bytes;
    if (budget > total) {
      res.passedOver.insert(gpu.index, QStringLiteral("budget %1 exceeds its total memory %2").arg(gib(double(budget)), gib(double(total))));
      continue;
    }
    if (avail[size_t(gpu.index)] < budget + req.marginBytes) {
      QString r = QStringLiteral("not enough free memory: free %1").arg(gib(double(free)));
      if (leased.bytes > 0) r += QStringLiteral(", leased to %1: %2").arg(leased.holders.join(QStringLiteral(", ")), gib(double(leased.bytes)));
      r += QStringLiteral(", needs %1 + margin %2").arg(gib(double(budget)), gib(double(req.marginBytes)));
      if (!gpu.processes.empty()) r += QStringLiteral(" (%1 other process(es))").arg(gpu.processes.size());
      res.passedOver.insert(gpu.index, r);
      continue;
    }
    fits[size_t(gpu.index)] = true;
  }

  auto resolveExplicit = [&](const QString& s) -> int {
    for (const Gpu& gpu : g.gpus)
      if (gpu.uuid == s || (!gpu.busId.isEmpty() && gpu.busId.compare(s, Qt::CaseInsensitive) == 0) || QString::number(gpu.index) == s)
        return gpu.index;
    return -1;
  };

  // A clique is "whole" while every member fits; a GPU's value is the largest whole clique it
  // belongs to, so small requests take low-value GPUs first and big cliques stay intact.
  std::vector<bool> whole(g.cliques.size());
  std::vector<int> value(size_t(n), 1);
  for (size_t c = 0; c < g.cliques.size(); ++c) {
    whole[c] = std::all_of(g.cliques[c].gpus.begin(), g.cliques[c].gpus.end(), [&](int i) { return fits[size_t(i)]; });
    if (whole[c])
      for (int i : g.cliques[c].gpus) value[size_t(i)] = std::max(value[size_t(i)], int(g.cliques[c].gpus.size()));
  }
  auto describe = [&](std::vector<int> set) {
    Candidate c;
    std::sort(set.begin(), set.end());
    c.gpus = set;
    c.minRank = 1 << 30;
    bool allNv = true, allSwitch = true;
    std::set<int> numa;
    for (int a : set) {
      numa.insert(g.gpus[size_t(a)].numaNode);
      for (int b : set)
        if (a < b) {
          const LinkCell l = g.link(a, b);
          c.minRank = std::min(c.minRank, linkRank(l));
          allNv &= l.kind == Link::NvLink;
          allSwitch &= l.kind == Link::NvLink || l.kind == Link::Pix || l.kind == Link::Pxb;
        }
    }
    if (set.size() == 1) c.minRank = 0;
    c.numaSpan = int(numa.size());
    const bool numaKnown = !numa.count(-1);
    c.level = allNv ? 0 : allSwitch ? 1 : (c.numaSpan == 1 && numaKnown) ? 2 : 3;
    for (size_t k = 0; k < g.cliques.size(); ++k) {
      if (!whole[k]) continue;
      const auto& m = g.cliques[k].gpus;
      const int inside = int(std::count_if(set.begin(), set.end(), [&](int i) { return std::binary_search(m.begin(), m.end(), i); }));
      if (inside > 0 && inside < int(m.size())) ++c.breaks;
    }
    return c;
  };

  Candidate best;
  bool found = false;
  if (!req.explicitGpus.empty()) {
    std::vector<int> set;
    for (const QString& s : req.explicitGpus) {
      const int i = resolveExplicit(s);
      if (i < 0) {
        res.error = QStringLiteral("no GPU '%1' on this host (give a UUID, a bus id or an index from 'ct gpus')").arg(s);
        return res;
      }
      if (!fits[size_t(i)]) {
        res.error = QStringLiteral("GPU %1 (%2) cannot take this: %3").arg(i).arg(g.gpus[size_t(i)].uuid, res.passedOver.value(i));
        return res;
      }
      if (std::find(set.begin(), set.end(), i) != set.end()) {
        res.error = QStringLiteral("GPU %1 is named twice").arg(i);
        return res;
      }
      set.push_back(i);
    }
    best = describe(set);
    found = true;
  } else {
    // Groups to pick from: each clique, each PCIe switch, each NUMA node, and the whole host.
    std::vector<std::vector<int>> groups;
    for (const Clique& c : g.cliques) groups.push_back(c.gpus);
    std::map<int, std::vector<int>> sw, numa;
    for (const Gpu& gpu : g.gpus) {
      if (gpu.pcieSwitch >= 0) sw[gpu.pcieSwitch].push_back(gpu.index);
      if (gpu.numaNode >= 0) numa[gpu.numaNode].push_back(gpu.index);
    }
    for (auto& [k, v] : sw) groups.push_back(v);
    for (auto& [k, v] : numa) groups.push_back(v);
    std::vector<int> all(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) all[size_t(i)] = i;
    groups.push_back(all);
    auto better = [](const Candidate& a, const Candidate& b) {
      if (a.level != b.level) return a.level < b.level;
      if (a.numaSpan != b.numaSpan) return a.numaSpan < b.numaSpan;
      if (a.breaks != b.breaks) return a.breaks < b.breaks;
      if (a.minRank != b.minRank) return a.minRank > b.minRank;
      return a.gpus < b.gpus;
    };
    for (const auto& group : groups) {
      std::vector<int> pool;
      for (int i : group)
        if (fits[size_t(i)]) pool.push_back(i);
      if (int(pool.size()) < want) continue;
      // Greedy: seed with the least valuable GPU, then add the one with the best weakest link.
      std::stable_sort(pool.begin(), pool.end(), [&](int a, int b) { return value[size_t(a)] < value[size_t(b)]; });
      std::vector<int> set{pool.front()};
      std::vector<bool> used(size_t(n), false);
      used[size_t(pool.front())] = true;
      while (int(set.size()) < want) {
        int pick = -1, pickRank = -1;
        for (int c : pool) {
          if (used[size_t(c)]) continue;
          int r = 1 << 30;
          for (int s : set) r = std::min(r, linkRank(g.link(s, c)));
          if (r > pickRank) pick = c, pickRank = r;
        }
        used[size_t(pick)] = true;
        set.push_back(pick);
      }
      const Candidate c = describe(set);
      if (!found || better(c, best)) best = c, found = true;
    }
  }
  if (!found) {
    int fitting = int(std::count(fits.begin(), fits.end(), true));
    QStringList lines;
    for (auto it = res.passedOver.cbegin(); it != res.passedOver.cend(); ++it)
      lines << QStringLiteral("GPU %1: %2").arg(it.key()).arg(it.value());
    res.error = QStringLiteral("%1 GPU(s) needed, %2 can take the budget now; %3").arg(want).arg(fitting).arg(lines.join(QStringLiteral("; ")));
    return res;
  }

  res.ok = true;
  res.picked = best.gpus;
  res.level = QLatin1String(levelName(best.level, want));
  qint64 minTotal = std::numeric_limits<qint64>::max();
  for (int i : best.gpus) minTotal = std::min(minTotal, qint64(double(*g.gpus[size_t(i)].totalMiB) * kMiB));
  res.budgetBytes = budgetOn(g.gpus[size_t(best.gpus.front())]);
  // vLLM reserves ceil(total × gmu) on every rank; rounding down keeps that inside the budget
  // on the smallest GPU (and so inside what was admitted on each).
  res.gpuMemoryUtilization = req.fraction ? *req.fraction : std::floor(double(res.budgetBytes) / double(minTotal) * 1000.0) / 1000.0;
  if (res.gpuMemoryUtilization <= 0) {
    res.ok = false;
    res.error = QStringLiteral("the budget %1 is below 0.1%% of the GPU memory; give a larger --memory").arg(gib(double(res.budgetBytes)));
    return res;
  }
  QStringList idx;
  for (int i : best.gpus) idx << QString::number(i);
  static const char* levelWhy[] = {"every pair joined by NVLink", "all under one PCIe switch", "all on one NUMA node",
                                   "spans NUMA nodes: no single clique, switch or node has enough free GPUs"};
  res.why = want == 1 ? QStringLiteral("GPU %1 fits the budget").arg(idx.first())
                      : QStringLiteral("GPUs %1: %2").arg(idx.join(QLatin1Char(',')), QLatin1String(levelWhy[best.level]));
  if (best.breaks == 0 && !g.cliques.empty()) res.why += QStringLiteral("; no free NVLink clique broken up");
  for (int i = 0; i < n; ++i)
    if (fits[size_t(i)] && !std::binary_search(best.gpus.begin(), best.gpus.end(), i))
      res.passedOver.insert(i, value[size_t(i)] > 1 ? QStringLiteral("fits, kept free: member of a whole %1-GPU NVLink clique").arg(value[size_t(i)])
                                                    : QStringLiteral("fits, but the pick is a better-connected or lower-numbered set"));
  return res;
}

QJsonObject PlanResult::toJson(const DeviceGraph& g) const {
  QJsonObject o{{QStringLiteral("ok"), ok}};
  if (!ok) o.insert(QStringLiteral("error"), error);
  QJsonArray p;
  for (int i : picked)
    p.append(QJsonObject{{QStringLiteral("index"), i}, {QStringLiteral("uuid"), g.gpus[size_t(i)].uuid}, {QStringLiteral("bus_id"), g.gpus[size_t(i)].busId}});
  if (ok) {
    o.insert(QStringLiteral("picked"), p);
    o.insert(QStringLiteral("level"), level);
    o.insert(QStringLiteral("why"), why);
    o.insert(QStringLiteral("gpu_memory_utilization"), gpuMemoryUtilization);
    o.insert(QStringLiteral("budget_bytes"), double(budgetBytes));
  }
  if (estimate)
    o.insert(QStringLiteral("estimate"), QJsonObject{{QStringLiteral("weights_bytes"), double(estimate->weightsPerGpu)},
                                                    {QStringLiteral("kv_cache_bytes"), double(estimate->kvCachePerGpu)},
                                                    {QStringLiteral("overhead_bytes"), double(estimate->overheadPerGpu)},
                                                    {QStringLiteral("total_bytes"), double(estimate->total())}});
  QJsonArray po;
  for (auto it = passedOver.cbegin(); it != passedOver.cend(); ++it)
    po.append(QJsonObject{{QStringLiteral("index"), it.key()}, {QStringLiteral("uuid"), g.gpus[size_t(it.key())].uuid}, {QStringLiteral("reason"), it.value()}});
  o.insert(QStringLiteral("passed_over"), po);
  return o;
}

}  // namespace ct::sched
