#pragma once
#include <QJsonObject>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace ct::ui {

class CtQuery;
class GpuGraphView;

// A GPU host's devices as the scheduler sees them: pick a host (each profile, or this machine),
// and `ct gpus NAME --json` is read off the GUI thread and drawn — GPUs by NUMA node and NVLink
// clique, links, memory (used outside leases / leased / free), utilisation, lease holders — again
// every few seconds while the page is shown. A host that cannot be read says why (host and step).
class GpusPage : public QWidget {
  Q_OBJECT
 public:
  explicit GpusPage(QWidget* parent = nullptr);

  void reloadHosts();
  void setHost(const QString& name);
  QString host() const;
  void refresh();
  bool isRefreshing() const;
  QString statusText() const;
  QJsonObject graph() const { return graph_; }
  GpuGraphView* view() const { return view_; }
  QTableWidget* leaseTable() const { return leases_; }
  void setInterval(int ms) { timer_.setInterval(ms); }

 Q_SIGNALS:
  void refreshed();  // after every read, good or not

 protected:
  void changeEvent(QEvent* event) override;
  void showEvent(QShowEvent* event) override;
  void hideEvent(QHideEvent* event) override;

 private:
  void retranslate();
  void showLeases();
  void setStatus(const QString& text, bool error);

  QComboBox* hosts_;
  QPushButton* refresh_;
  QCheckBox* live_;
  QLabel* legend_;
  QList<QLabel*> legendParts_;
  QLabel* status_;
  QLabel* leasesTitle_;
  GpuGraphView* view_;
  QTableWidget* leases_;
  CtQuery* query_;
  QTimer timer_;
  QJsonObject graph_;
  QString shownHost_;
  bool error_ = false;
};

}  // namespace ct::ui
