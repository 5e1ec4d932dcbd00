#pragma once
#include <QString>
#include <QStringList>
#include <vector>

// `nvidia-smi topo -m` as data. Only link codes are parsed (never the legend sentences), and a
// matrix that does not check out (cell count, unknown code, asymmetry, misplaced X) is refused.
namespace ct::sched {

enum class Link { Self, NvLink, Pix, Pxb, Phb, Node, Sys, Unknown };

struct LinkCell {
  Link kind = Link::Unknown;
  int nvLinks = 0;  // the # of NV#
};

QString linkName(const LinkCell& c);
// Higher is better for GPU-to-GPU traffic: NV# (by count) > PIX > PXB > PHB > NODE > SYS.
int linkRank(const LinkCell& c);

struct Topology {
  int gpuCount = 0;
  QStringList nics;                          // NIC names as mapped by the NIC legend (mlx5_0...), else as headed
  std::vector<std::vector<LinkCell>> gpu;    // gpu[i][j]
  std::vector<std::vector<LinkCell>> gpuNic; // gpuNic[i][n]
  QStringList cpuAffinity, numaAffinity;     // per GPU; empty strings when the column is absent
  bool hasCpuAffinity = false, hasNumaAffinity = false;
};

bool parseTopology(const QString& text, Topology* topo, QString* error);

}  // namespace ct::sched
