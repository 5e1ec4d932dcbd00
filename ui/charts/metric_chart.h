#pragma once
#include <QHash>
#include <QPointF>
#include <QTimer>
#include <QWidget>
#include <functional>

class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;

namespace ct::ui {

// How one kind of job's series are drawn: titled axes with units, integer x ticks where x
// counts things (layers, requests), an x offset (layer 0 is "layer 1"), and series that are
// a reference value rather than a measurement (the board's bound): those are named in the
// title with the measured share of them instead of squashing the measured line to zero.
struct ChartSpec {
  std::function<QString()> title, xTitle, yTitle;  // called again on a language change
  bool integerX = false;
  double xOffset = 0;
  QStringList referenceSeries;
  QString yUnit;  // in tooltips
};

// Line chart of a job's metric series. Points are buffered and drawn a few times a second;
// long series are thinned so drawing stays cheap.
class MetricChart : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kMaxDrawnPoints = 4000;

  explicit MetricChart(QWidget* parent = nullptr);

  void setSpec(const ChartSpec& spec);
  void addPoint(const QString& series, double x, double y);
  void setSeries(const QHash<QString, QList<QPointF>>& all);
  void clear();  // no series, no axes of a chart shown before
  int pointCount(const QString& series) const;
  QStringList seriesNames() const;
  double referenceValue(const QString& series) const;
  QString titleText() const;
  QString axisTitle(Qt::Orientation o) const;
  QPair<double, double> axisRange(Qt::Orientation o) const;

 protected:
  void changeEvent(QEvent* event) override;

 private:
  QLineSeries* seriesFor(const QString& name);
  void redraw();
  void retitle();

  QChart* chart_;
  QChartView* view_;
  QValueAxis* axisX_;
  QValueAxis* axisY_;
  ChartSpec spec_;
  QHash<QString, QLineSeries*> series_;
  QHash<QString, QList<QPointF>> pending_;
  QHash<QString, double> reference_;
  QTimer tick_;
};

}  // namespace ct::ui
