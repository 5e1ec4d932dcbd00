#pragma once
#include <QJsonObject>
#include <QString>
#include <optional>
#include <vector>

#include "sched/smi_query.h"
#include "sched/topology.h"

// One host's GPUs joined with their links: what the scheduler reasons on. GPUs are keyed by
// UUID + bus id; the index is only nvidia-smi's current PCI-order position.
namespace ct::sched {

struct Process {
  qint64 pid = 0;
  QString name;
  std::optional<qint64> usedMiB;
};

struct Gpu {
  int index = 0;
  QString uuid, busId, name;
  std::optional<qint64> totalMiB, usedMiB, freeMiB;
  std::optional<int> utilPercent;
  std::vector<Process> processes;
  int numaNode = -1;   // -1: unknown
  int pcieSwitch = -1; // group of GPUs joined by PIX/PXB; -1: none
};

struct Clique {
  std::vector<int> gpus;  // indices, ascending
  int minLinks = 0;       // the weakest NV# inside
};

struct DeviceGraph {
  std::vector<Gpu> gpus;
  std::vector<std::vector<LinkCell>> links;  // empty when no topology was read
  std::vector<Clique> cliques;               // maximal NVLink cliques of two or more GPUs
  QString numaSource;                        // "NUMA Affinity", "CPU Affinity", "SYS links" or "unknown"
  QStringList nics;

  LinkCell link(int a, int b) const;
  QJsonObject toJson() const;
};

// topoText may be empty (no topology known: every pair Unknown, NUMA unknown). Fails when the
// parts disagree (GPU counts, processes on unknown UUIDs) rather than guess.
bool buildDeviceGraph(const QString& gpuCsv, const QString& appsCsv, const QString& topoText, DeviceGraph* graph, QString* error);
bool buildDeviceGraph(const std::vector<GpuRow>& gpus, const std::vector<AppRow>& apps, const Topology* topo,
                      DeviceGraph* graph, QString* error);

// Maximal cliques of the NVLink graph (Bron–Kerbosch with pivot).
std::vector<Clique> nvlinkCliques(const std::vector<std::vector<LinkCell>>& links);

}  // namespace ct::sched
