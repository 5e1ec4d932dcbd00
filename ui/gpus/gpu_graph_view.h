#pragma once
#include <QJsonObject>
#include <QWidget>

class QGridLayout;
class QLabel;
class QTableWidget;
class QVBoxLayout;

namespace ct::ui {

// One GPU's memory as three parts: used outside any lease, promised to leases, free.
class MemoryBar : public QWidget {
  Q_OBJECT
 public:
  explicit MemoryBar(QWidget* parent = nullptr);
  void setParts(double totalMiB, double otherMiB, double leasedMiB);
  double otherMiB() const { return other_; }
  double leasedMiB() const { return leased_; }
  double freeMiB() const;
  QSize sizeHint() const override { return {220, 16}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  double total_ = 0, other_ = 0, leased_ = 0;
};

// A host's device graph as `ct gpus NAME --json` reports it: GPUs in frames by NUMA node and,
// inside, by NVLink clique; a card per GPU (name, bus id, memory bar, utilisation, processes,
// lease holders); and the link matrix with nvidia-smi's codes (NV#, PIX, PXB, PHB, NODE, SYS).
class GpuGraphView : public QWidget {
  Q_OBJECT
 public:
  explicit GpuGraphView(QWidget* parent = nullptr);
  void setGraph(const QJsonObject& graph);  // the JSON of `ct gpus NAME --json`
  void clear();
  QTableWidget* linkTable() const { return links_; }
  int gpuCount() const { return gpuCount_; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  QWidget* card(const QJsonObject& gpu, const QStringList& holders, double leasedMiB);
  QWidget* content_ = nullptr;
  QVBoxLayout* frames_;
  QLabel* linksTitle_;
  QLabel* cliques_;
  QTableWidget* links_;
  QJsonObject graph_;
  int gpuCount_ = 0;
};

}  // namespace ct::ui
