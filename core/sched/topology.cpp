#include "sched/topology.h"

#include <QRegularExpression>

namespace ct::sched {

QString linkName(const LinkCell& c) {
  switch (c.kind) {
    case Link::Self: return QStringLiteral("X");
    case Link::NvLink: return QStringLiteral("NV%1").arg(c.nvLinks);
    case Link::Pix: return QStringLiteral("PIX");
    case Link::Pxb: return QStringLiteral("PXB");
    case Link::Phb: return QStringLiteral("PHB");
    case Link::Node: return QStringLiteral("NODE");
    case Link::Sys: return QStringLiteral("SYS");
    case Link::Unknown: break;
  }
  return QStringLiteral("?");
}

int linkRank(const LinkCell& c) {
  switch (c.kind) {
    case Link::Self: return 10000;
    case Link::NvLink: return 100 + c.nvLinks;
    case Link::Pix: return 6;
    case Link::Pxb: return 5;
    case Link::Phb: return 4;
    case Link::Node: return 3;
    case Link::Sys: return 2;
    case Link::Unknown: break;
  }
  return 0;
}

namespace {

bool parseCell(const QString& s, LinkCell* c) {
  static const QRegularExpression nv(QStringLiteral("^NV(\\d+)$"));
  if (s == QLatin1String("X")) c->kind = Link::Self;
  else if (s == QLatin1String("PIX")) c->kind = Link::Pix;
  else if (s == QLatin1String("PXB")) c->kind = Link::Pxb;
  else if (s == QLatin1String("PHB")) c->kind = Link::Phb;
  else if (s == QLatin1String("NODE")) c->kind = Link::Node;
  else if (s == QLatin1String("SYS")) c->kind = Link::Sys;
  else if (const auto m = nv.match(s); m.hasMatch() && m.captured(1).toInt() > 0) {
    c->kind = Link::NvLink;
    c->nvLinks = m.captured(1).toInt();
  } else
    return false;
  return true;
}

// The affinity headers are several words; fold them so the header splits on whitespace.
QStringList headerTokens(QString line) {
  line.replace(QLatin1String("CPU Affinity"), QLatin1String("CPU_Affinity"));
  line.replace(QLatin1String("NUMA Affinity"), QLatin1String("NUMA_Affinity"));
  line.replace(QLatin1String("GPU NUMA ID"), QLatin1String("GPU_NUMA_ID"));
  return line.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
}

}  // namespace

bool parseTopology(const QString& text, Topology* topo, QString* error) {
  static const QRegularExpression ws(QStringLiteral("\\s+"));
  static const QRegularExpression gpuName(QStringLiteral("^GPU(\\d+)$"));
  const QStringList lines = text.split(QLatin1Char('\n'));
  int headerAt = -1;
  for (int i = 0; i < lines.size(); ++i) {
    const QStringList t = lines.at(i).split(ws, Qt::SkipEmptyParts);
    if (!t.isEmpty() && t.first() == QLatin1String("GPU0")) {
      headerAt = i;
      break;
    }
  }
  if (headerAt < 0) {
    *error = QStringLiteral("nvidia-smi topo -m: no matrix header (a line starting with GPU0) found");
    return false;
  }
  const QStringList header = headerTokens(lines.at(headerAt));
  QStringList devices, affinity;
  for (const QString& h : header) {
    if (h.endsWith(QLatin1String("_Affinity")) || h == QLatin1String("GPU_NUMA_ID")) affinity << h;
    else if (!affinity.isEmpty()) {
      *error = QStringLiteral("nvidia-smi topo -m: device column '%1' after the affinity columns; the header is glued or unknown").arg(h);
      return false;
    } else
      devices << h;
  }
  Topology t;
  for (const QString& d : devices) {
    const auto m = gpuName.match(d);
    if (m.hasMatch()) {
      if (!t.nics.isEmpty() || m.captured(1).toInt() != t.gpuCount) {
        *error = QStringLiteral("nvidia-smi topo -m: header column '%1' is out of order (expected GPU%2)").arg(d).arg(t.gpuCount);
        return false;
      }
      ++t.gpuCount;
    } else if (QRegularExpression(QStringLiteral("^[A-Za-z][A-Za-z0-9_]*$")).match(d).hasMatch() && !d.startsWith(QLatin1String("GPU"))) {
      t.nics << d;
    } else {
      *error = QStringLiteral("nvidia-smi topo -m: cannot read header column '%1'").arg(d);
      return false;
    }
  }
  const int nDev = int(devices.size());
  t.hasCpuAffinity = affinity.contains(QStringLiteral("CPU_Affinity"));
  t.hasNumaAffinity = affinity.contains(QStringLiteral("NUMA_Affinity"));
  t.gpu.assign(size_t(t.gpuCount), std::vector<LinkCell>(size_t(t.gpuCount)));
  t.gpuNic.assign(size_t(t.gpuCount), std::vector<LinkCell>(size_t(t.nics.size())));
  t.cpuAffinity = QStringList(QList<QString>(t.gpuCount));
  t.numaAffinity = QStringList(QList<QString>(t.gpuCount));

  int row = 0;
  for (int i = headerAt + 1; i < lines.size() && row < nDev; ++i) {
    QStringList cells = lines.at(i).split(ws, Qt::SkipEmptyParts);
    if (cells.isEmpty()) continue;
    if (cells.first() != devices.at(row)) {
      *error = QStringLiteral("nvidia-smi topo -m, line %1: expected the row for %2, found '%3'")
                   .arg(i + 1).arg(devices.at(row), cells.first());
      return false;
    }
    const bool isGpu = row < t.gpuCount;
    // NIC rows carry no affinity cells; GPU rows carry one per affinity column.
    const int want = 1 + nDev + (isGpu ? int(affinity.size()) : 0);
    if (cells.size() != want) {
      *error = QStringLiteral("nvidia-smi topo -m, line %1: row %2 has %3 cells, the header names %4; columns may be glued or missing")
                   .arg(i + 1).arg(devices.at(row)).arg(cells.size() - 1).arg(want - 1);
      return false;
    }
    for (int c = 0; c < nDev; ++c) {
      LinkCell cell;
      if (!parseCell(cells.at(1 + c), &cell)) {
        *error = QStringLiteral("nvidia-smi topo -m, line %1: unknown link code '%2' between %3 and %4")
                     .arg(i + 1).arg(cells.at(1 + c), devices.at(row), devices.at(c));
        return false;
      }
      if ((cell.kind == Link::Self) != (c == row)) {
        *error = QStringLiteral("nvidia-smi topo -m, line %1: 'X' must be on the diagonal only (row %2, column %3)")
                     .arg(i + 1).arg(devices.at(row), devices.at(c));
        return false;
      }
      if (isGpu && c < t.gpuCount) t.gpu[size_t(row)][size_t(c)] = cell;
      else if (isGpu) t.gpuNic[size_t(row)][size_t(c - t.gpuCount)] = cell;
      else if (c < t.gpuCount && linkName(t.gpuNic[size_t(c)][size_t(row - t.gpuCount)]) != linkName(cell)) {
        *error = QStringLiteral("nvidia-smi topo -m, line %1: %2-%3 is %4 but %3-%2 is %5").arg(i + 1)
                     .arg(devices.at(row), devices.at(c), cells.at(1 + c), linkName(t.gpuNic[size_t(c)][size_t(row - t.gpuCount)]));
        return false;
      }
    }
    if (isGpu)
      for (int a = 0; a < affinity.size(); ++a) {
        const QString v = cells.at(1 + nDev + a);
        if (affinity.at(a) == QLatin1String("CPU_Affinity")) t.cpuAffinity[row] = v;
        if (affinity.at(a) == QLatin1String("NUMA_Affinity")) t.numaAffinity[row] = v;
      }
    ++row;
  }
  if (row < nDev) {
    *error = QStringLiteral("nvidia-smi topo -m: the matrix ends after %1 of %2 rows").arg(row).arg(nDev);
    return false;
  }
  for (int i = 0; i < t.gpuCount; ++i)
    for (int j = 0; j < i; ++j)
      if (linkName(t.gpu[size_t(i)][size_t(j)]) != linkName(t.gpu[size_t(j)][size_t(i)])) {
        *error = QStringLiteral("nvidia-smi topo -m: GPU%1-GPU%2 is %3 but GPU%2-GPU%1 is %4")
                     .arg(i).arg(j).arg(linkName(t.gpu[size_t(i)][size_t(j)]), linkName(t.gpu[size_t(j)][size_t(i)]));
        return false;
      }
  // "NIC0: mlx5_0" lines map generic NIC names to device names.
  static const QRegularExpression legend(QStringLiteral("^\\s*(NIC\\d+):\\s*(\\S+)\\s*$"));
  for (const QString& l : lines) {
    const auto m = legend.match(l);
    if (!m.hasMatch()) continue;
    const int n = int(t.nics.indexOf(m.captured(1)));
    if (n >= 0) t.nics[n] = m.captured(2);
  }
  *topo = std::move(t);
  return true;
}

}  // namespace ct::sched
