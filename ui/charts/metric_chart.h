#pragma once
#include <QHash>
#include <QPointF>
#include <QTimer>
#include <QWidget>

class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;

namespace ct::ui {

// Line chart of a job's metric series (loss per layer, tokens/s, ...). Points are buffered and
// drawn a few times a second; long series are thinned so drawing stays cheap.
class MetricChart : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kMaxDrawnPoints = 4000;

  explicit MetricChart(QWidget* parent = nullptr);

  void addPoint(const QString& series, double x, double y);
  void setSeries(const QHash<QString, QList<QPointF>>& all);
  void clear();
  int pointCount(const QString& series) const;
  QStringList seriesNames() const;

 private:
  QLineSeries* seriesFor(const QString& name);
  void redraw();

  QChart* chart_;
  QChartView* view_;
  QValueAxis* axisX_;
  QValueAxis* axisY_;
  QHash<QString, QLineSeries*> series_;
  QHash<QString, QList<QPointF>> pending_;
  QTimer tick_;
};

}  // namespace ct::ui
