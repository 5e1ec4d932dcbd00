#pragma once
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <optional>
#include <vector>

#include "sched/device_graph.h"

// Picks GPUs for one vLLM instance and says why. Pure function of the graph, the leases and the
// request, so it runs the same on a workstation for a remote host as for `local`.
namespace ct::sched {

struct ModelShape {
  int attentionHeads = 0, kvHeads = 0;  // 0: unknown, no divisibility check
  int layers = 0, headDim = 0;
  qint64 weightBytes = 0;
  int contextLength = 0;
  int kvBytesPerValue = 2;  // fp16/bf16 KV cache
};

// Memory one tensor-parallel rank needs, as ct estimates it (stated, not measured):
// weights / TP + KV cache for one sequence of contextLength + a fixed overhead for the CUDA
// context, activations during profiling and CUDA graphs.
struct MemoryEstimate {
  qint64 weightsPerGpu = 0, kvCachePerGpu = 0, overheadPerGpu = 0;
  qint64 total() const { return weightsPerGpu + kvCachePerGpu + overheadPerGpu; }
};
inline constexpr qint64 kOverheadBytes = 2LL << 30;
MemoryEstimate estimateMemory(const ModelShape& m, int tp);

struct PlanRequest {
  int count = 1;                     // GPUs wanted (= tensor-parallel size) unless explicit is set
  std::vector<QString> explicitGpus; // UUIDs, bus ids or indices as text
  std::optional<qint64> budgetBytes; // per GPU
  std::optional<double> fraction;    // of each GPU's total
  ModelShape model;
  qint64 marginBytes = 512LL << 20;  // kept free beyond the budget
};

// Memory already promised to leases on a GPU (by UUID), and who holds it.
struct LeasedMemory {
  qint64 bytes = 0;
  QStringList holders;
};

struct PlanResult {
  bool ok = false;
  QString error;                 // the refusal, with numbers
  std::vector<int> picked;       // indices
  QString level;                 // "nvlink-clique", "pcie-switch", "numa-node", "cross-numa", "single"
  QString why;
  double gpuMemoryUtilization = 0;  // --gpu-memory-utilization as vLLM defines it (fraction of total)
  qint64 budgetBytes = 0;
  std::optional<MemoryEstimate> estimate;
  QMap<int, QString> passedOver;    // index → reason
  QJsonObject toJson(const DeviceGraph& g) const;
};

PlanResult plan(const DeviceGraph& graph, const QMap<QString, LeasedMemory>& leases, const PlanRequest& req);

}  // namespace ct::sched
