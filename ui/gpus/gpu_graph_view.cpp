#include "gpus/gpu_graph_view.h"

#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QMap>
#include <QPainter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ct::ui {
namespace {

const QColor kOther(0xd0, 0x7a, 0x2a), kLeased(0x35, 0x72, 0xc8), kFree(0xd9, 0xe6, 0xd2);

QString gib(double mib) { return QString::number(mib / 1024.0, 'f', 1); }

// Colour of a link code: NVLink strongest, SYS weakest (nvidia-smi's own order).
QColor linkColor(const QString& code) {
  if (code.startsWith(QLatin1String("NV"))) return {0xb8, 0xe0, 0xb0};
  if (code == QLatin1String("PIX") || code == QLatin1String("PXB")) return {0xd8, 0xea, 0xf8};
  if (code == QLatin1String("PHB") || code == QLatin1String("NODE")) return {0xf4, 0xec, 0xd0};
  if (code == QLatin1String("SYS")) return {0xf6, 0xd8, 0xd0};
  return {};
}

}  // namespace

MemoryBar::MemoryBar(QWidget* parent) : QWidget(parent) { setMinimumHeight(14); }

void MemoryBar::setParts(double totalMiB, double otherMiB, double leasedMiB) {
  total_ = totalMiB;
  other_ = std::max(0.0, otherMiB);
  leased_ = std::max(0.0, leasedMiB);
  update();
}

double MemoryBar::freeMiB() const { return std::max(0.0, total_ - other_ - leased_); }

void MemoryBar::paintEvent(QPaintEvent*) {
  QPainter p(this);
  const QRectF r = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
  p.fillRect(r, kFree);
  if (total_ > 0) {
    const double w = r.width();
    const double a = std::min(w, w * other_ / total_), b = std::min(w - a, w * leased_ / total_);
    p.fillRect(QRectF(r.left(), r.top(), a, r.height()), kOther);
    p.fillRect(QRectF(r.left() + a, r.top(), b, r.height()), kLeased);
  } else {
    p.setPen(palette().color(QPalette::Mid));
    p.drawText(r, Qt::AlignCenter, QStringLiteral("N/A"));
  }
  p.setPen(palette().color(QPalette::Mid));
  p.drawRect(r);
}

GpuGraphView::GpuGraphView(QWidget* parent) : QWidget(parent) {
  frames_ = new QVBoxLayout;
  frames_->setContentsMargins(0, 0, 0, 0);
  linksTitle_ = new QLabel(this);
  cliques_ = new QLabel(this);
  cliques_->setObjectName(QStringLiteral("cliqueList"));
  cliques_->setWordWrap(true);
  links_ = new QTableWidget(this);
  links_->setObjectName(QStringLiteral("linkTable"));
  links_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  links_->setSelectionMode(QAbstractItemView::NoSelection);
  links_->horizontalHeader()->setDefaultSectionSize(52);
  links_->horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  links_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  links_->verticalHeader()->setDefaultSectionSize(22);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(frames_);
  layout->addWidget(linksTitle_);
  layout->addWidget(cliques_);
  layout->addWidget(links_);
  layout->addStretch(1);
  clear();
}

void GpuGraphView::clear() {
  graph_ = {};
  gpuCount_ = 0;
  if (content_) content_->deleteLater();
  content_ = nullptr;
  links_->clear();
  links_->setRowCount(0);
  links_->setColumnCount(0);
  links_->hide();
  linksTitle_->hide();
  cliques_->hide();
}

QWidget* GpuGraphView::card(const QJsonObject& g, const QStringList& holders, double leasedMiB) {
  const int index = g.value(QStringLiteral("index")).toInt();
  auto* box = new QFrame;
  box->setObjectName(QStringLiteral("gpuCard%1").arg(index));
  box->setFrameShape(QFrame::StyledPanel);
  box->setMinimumWidth(250);
  auto* v = new QVBoxLayout(box);
  v->setSpacing(3);
  auto* title = new QLabel(QStringLiteral("<b>GPU %1</b> · %2").arg(index).arg(g.value(QStringLiteral("name")).toString().toHtmlEscaped()), box);
  const int pcieSwitch = g.value(QStringLiteral("pcie_switch")).toInt(-1);
  auto* bus = new QLabel(pcieSwitch < 0 ? g.value(QStringLiteral("bus_id")).toString()
                                        : tr("%1 · PCIe switch %2").arg(g.value(QStringLiteral("bus_id")).toString()).arg(pcieSwitch),
                         box);
  bus->setToolTip(g.value(QStringLiteral("uuid")).toString());
  bus->setStyleSheet(QStringLiteral("color: palette(mid);"));
  auto* bar = new MemoryBar(box);
  bar->setObjectName(QStringLiteral("memoryBar"));
  const QJsonValue totalV = g.value(QStringLiteral("total_mib")), usedV = g.value(QStringLiteral("used_mib"));
  const double total = totalV.toDouble(), used = usedV.toDouble();
  // A lease's budget covers what its own vLLM holds; memory used beyond the leases is someone else's.
  const double other = std::max(0.0, used - leasedMiB);
  bar->setParts(totalV.isDouble() ? total : 0, other, leasedMiB);
  auto* mem = new QLabel(box);
  mem->setObjectName(QStringLiteral("memoryText"));
  if (totalV.isDouble())
    mem->setText(tr("%1 GiB used outside leases · %2 GiB leased · %3 GiB free of %4 GiB").arg(gib(other), gib(leasedMiB), gib(bar->freeMiB()), gib(total)));
  else
    mem->setText(tr("Memory not reported by nvidia-smi (N/A)"));
  mem->setWordWrap(true);
  mem->setToolTip(tr("nvidia-smi: %1 MiB used, %2 MiB free, %3 MiB total").arg(usedV.toVariant().toString(), g.value(QStringLiteral("free_mib")).toVariant().toString(),
                                                                              totalV.toVariant().toString()));
  const QJsonValue util = g.value(QStringLiteral("utilization"));
  const QJsonArray procs = g.value(QStringLiteral("processes")).toArray();
  QStringList procLines;
  for (const auto& pv : procs) {
    const QJsonObject p = pv.toObject();
    procLines << QStringLiteral("pid %1 %2 %3 MiB").arg(qint64(p.value(QStringLiteral("pid")).toDouble())).arg(p.value(QStringLiteral("name")).toString(),
                                                                                                          p.value(QStringLiteral("used_mib")).toVariant().toString());
  }
  auto* load = new QLabel(tr("Utilisation %1 · %n process(es)", nullptr, int(procs.size())).arg(util.isDouble() ? QStringLiteral("%1 %").arg(util.toInt()) : QStringLiteral("N/A")), box);
  load->setToolTip(procLines.join(QLatin1Char('\n')));
  v->addWidget(title);
  v->addWidget(bus);
  v->addWidget(bar);
  v->addWidget(mem);
  v->addWidget(load);
  auto* lease = new QLabel(box);
  lease->setObjectName(QStringLiteral("leaseText"));
  lease->setWordWrap(true);
  lease->setText(holders.isEmpty() ? tr("No lease") : tr("Leased by %1").arg(holders.join(QStringLiteral("; "))));
  if (!holders.isEmpty()) lease->setStyleSheet(QStringLiteral("color: %1;").arg(kLeased.name()));
  v->addWidget(lease);
  return box;
}

void GpuGraphView::setGraph(const QJsonObject& graph) {
  clear();
  graph_ = graph;
  const QJsonArray gpus = graph.value(QStringLiteral("gpus")).toArray();
  gpuCount_ = int(gpus.size());
  // Lease budgets and holders per GPU UUID.
  QMap<QString, double> leased;
  QMap<QString, QStringList> holders;
  for (const auto& lv : graph.value(QStringLiteral("leases")).toArray()) {
    const QJsonObject l = lv.toObject();
    const QString app = l.value(QStringLiteral("app_user")).toString();
    const QString who = QStringLiteral("%1 (%2, %3)").arg(l.value(QStringLiteral("os_user")).toString(), app.isEmpty() ? l.value(QStringLiteral("job_id")).toString() : app,
                                                          l.value(QStringLiteral("id")).toString());
    for (const auto& gv : l.value(QStringLiteral("gpus")).toArray()) {
      const QJsonObject g = gv.toObject();
      const QString uuid = g.value(QStringLiteral("uuid")).toString();
      leased[uuid] += g.value(QStringLiteral("budget_bytes")).toDouble() / (1024.0 * 1024.0);
      holders[uuid] << who;
    }
  }
  // Each GPU in its largest NVLink clique (cliques come largest first).
  QMap<int, int> cliqueOf;
  const QJsonArray cliques = graph.value(QStringLiteral("nvlink_cliques")).toArray();
  for (int c = 0; c < cliques.size(); ++c)
    for (const auto& iv : cliques[c].toObject().value(QStringLiteral("gpus")).toArray())
      if (!cliqueOf.contains(iv.toInt())) cliqueOf.insert(iv.toInt(), c);
  QMap<int, QMap<int, QList<QJsonObject>>> numa;  // node → clique (-1: none) → GPUs
  for (const auto& gv : gpus) {
    const QJsonObject g = gv.toObject();
    const int i = g.value(QStringLiteral("index")).toInt();
    numa[g.value(QStringLiteral("numa_node")).toInt(-1)][cliqueOf.value(i, -1)].append(g);
  }
  content_ = new QWidget(this);
  auto* row = new QHBoxLayout(content_);
  row->setContentsMargins(0, 0, 0, 0);
  const QString source = graph.value(QStringLiteral("numa_source")).toString();
  for (auto n = numa.cbegin(); n != numa.cend(); ++n) {
    auto* node = new QGroupBox(n.key() < 0 ? tr("NUMA node unknown") : tr("NUMA node %1 (from %2)").arg(n.key()).arg(source), content_);
    node->setObjectName(QStringLiteral("numaNode%1").arg(n.key()));
    auto* nodeLayout = new QHBoxLayout(node);
    for (auto c = n.value().cbegin(); c != n.value().cend(); ++c) {
      QWidget* holder = node;
      QGridLayout* grid = nullptr;
      if (c.key() >= 0) {
        const QJsonObject cl = cliques[c.key()].toObject();
        QStringList members;
        for (const auto& iv : cl.value(QStringLiteral("gpus")).toArray()) members << QString::number(iv.toInt());
        auto* box = new QGroupBox(tr("NVLink clique {%1}, NV%2 or more between each pair").arg(members.join(QLatin1Char(','))).arg(cl.value(QStringLiteral("min_links")).toInt()), node);
        box->setObjectName(QStringLiteral("clique%1").arg(c.key()));
        box->setStyleSheet(QStringLiteral("QGroupBox { border: 2px solid #8cc084; border-radius: 4px; margin-top: 1.4em; } QGroupBox::title { subcontrol-origin: margin; left: 8px; }"));
        grid = new QGridLayout(box);
        holder = box;
        nodeLayout->addWidget(box);
      } else {
        auto* plain = new QWidget(node);
        grid = new QGridLayout(plain);
        grid->setContentsMargins(0, 0, 0, 0);
        holder = plain;
        nodeLayout->addWidget(plain);
      }
      int k = 0;
      const int perRow = c.value().size() > 4 ? 4 : 2;
      for (const QJsonObject& g : c.value()) {
        const QString uuid = g.value(QStringLiteral("uuid")).toString();
        grid->addWidget(card(g, holders.value(uuid), leased.value(uuid)), k / perRow, k % perRow);
        ++k;
      }
      Q_UNUSED(holder);
    }
    nodeLayout->addStretch(1);
    row->addWidget(node);
  }
  row->addStretch(1);
  frames_->addWidget(content_);
  content_->show();
  // The link matrix, as nvidia-smi topo -m codes it.
  if (gpuCount_ > 1 && !gpus[0].toObject().value(QStringLiteral("links")).toArray().isEmpty()) {
    links_->setRowCount(gpuCount_);
    links_->setColumnCount(gpuCount_);
    QStringList heads;
    for (int i = 0; i < gpuCount_; ++i) heads << QStringLiteral("GPU%1").arg(i);
    links_->setHorizontalHeaderLabels(heads);
    links_->setVerticalHeaderLabels(heads);
    for (int i = 0; i < gpuCount_; ++i) {
      const QJsonArray l = gpus[i].toObject().value(QStringLiteral("links")).toArray();
      for (int j = 0; j < gpuCount_; ++j) {
        const QString code = l.at(j).toString();
        auto* item = new QTableWidgetItem(code);
        item->setTextAlignment(Qt::AlignCenter);
        if (linkColor(code).isValid()) item->setBackground(linkColor(code));
        links_->setItem(i, j, item);
      }
    }
    links_->setFixedHeight(links_->horizontalHeader()->height() + 22 * gpuCount_ + 4);
    links_->setMaximumWidth(links_->verticalHeader()->sizeHint().width() + 52 * gpuCount_ + 4);
    links_->show();
    linksTitle_->show();
  }
  // Every clique, also those that overlap the frames above (a GPU is framed in its largest).
  QStringList all;
  for (const auto& cv : cliques) {
    QStringList members;
    for (const auto& iv : cv.toObject().value(QStringLiteral("gpus")).toArray()) members << QString::number(iv.toInt());
    all << QStringLiteral("{%1} NV%2+").arg(members.join(QLatin1Char(','))).arg(cv.toObject().value(QStringLiteral("min_links")).toInt());
  }
  cliques_->setText(all.isEmpty() ? tr("No NVLink between these GPUs") : tr("NVLink cliques: %1").arg(all.join(QStringLiteral(", "))));
  cliques_->setVisible(gpuCount_ > 1);
  changeEvent(nullptr);
}

void GpuGraphView::changeEvent(QEvent* event) {
  linksTitle_->setText(tr("Links between GPUs (NV# = NVLink with # links; PIX/PXB = one PCIe switch; PHB = one host bridge; NODE = one NUMA node; SYS = across sockets)"));
  linksTitle_->setWordWrap(true);
  if (event) {
    if (event->type() == QEvent::LanguageChange && !graph_.isEmpty()) setGraph(QJsonObject(graph_));
    QWidget::changeEvent(event);
  }
}

}  // namespace ct::ui
