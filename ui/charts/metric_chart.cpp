#include "charts/metric_chart.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>
#include <limits>

namespace ct::ui {

MetricChart::MetricChart(QWidget* parent)
    : QWidget(parent), chart_(new QChart), axisX_(new QValueAxis), axisY_(new QValueAxis) {
  chart_->addAxis(axisX_, Qt::AlignBottom);
  chart_->addAxis(axisY_, Qt::AlignLeft);
  chart_->legend()->setAlignment(Qt::AlignBottom);
  chart_->setMargins(QMargins(4, 4, 4, 4));
  view_ = new QChartView(chart_, this);
  view_->setRenderHint(QPainter::Antialiasing);
  view_->setObjectName(QStringLiteral("metricChartView"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view_);
  tick_.setInterval(200);
  tick_.setSingleShot(true);
  connect(&tick_, &QTimer::timeout, this, &MetricChart::redraw);
}

QLineSeries* MetricChart::seriesFor(const QString& name) {
  if (auto it = series_.find(name); it != series_.end()) return *it;
  auto* s = new QLineSeries;
  s->setName(name);
  chart_->addSeries(s);
  s->attachAxis(axisX_);
  s->attachAxis(axisY_);
  series_.insert(name, s);
  return s;
}

void MetricChart::addPoint(const QString& series, double x, double y) {
  pending_[series].append(QPointF(x, y));
  if (!tick_.isActive()) tick_.start();
}

void MetricChart::setSeries(const QHash<QString, QList<QPointF>>& all) {
  clear();
  for (auto it = all.begin(); it != all.end(); ++it) pending_[it.key()] = it.value();
  redraw();
}

void MetricChart::clear() {
  pending_.clear();
  chart_->removeAllSeries();
  series_.clear();
}

int MetricChart::pointCount(const QString& series) const {
  auto it = series_.find(series);
  return it == series_.end() ? 0 : static_cast<int>((*it)->count());
}

QStringList MetricChart::seriesNames() const { return series_.keys(); }

void MetricChart::redraw() {
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    QLineSeries* s = seriesFor(it.key());
    QList<QPointF> points = s->points() + it.value();
    if (points.size() > kMaxDrawnPoints) {
      QList<QPointF> thin;
      thin.reserve(points.size() / 2 + 1);
      for (qsizetype i = 0; i < points.size(); i += 2) thin.append(points[i]);
      if (thin.back() != points.back()) thin.append(points.back());
      points = thin;
    }
    s->replace(points);
  }
  pending_.clear();
  double minX = std::numeric_limits<double>::max(), maxX = std::numeric_limits<double>::lowest();
  double minY = minX, maxY = maxX;
  for (QLineSeries* s : series_) {
    for (const QPointF& p : s->points()) {
      minX = std::min(minX, p.x());
      maxX = std::max(maxX, p.x());
      minY = std::min(minY, p.y());
      maxY = std::max(maxY, p.y());
    }
  }
  if (minX > maxX) return;
  if (minX == maxX) maxX = minX + 1;
  const double pad = (maxY - minY) * 0.05 + (maxY == minY ? 1 : 0);
  axisX_->setRange(minX, maxX);
  axisY_->setRange(minY - pad, maxY + pad);
}

}  // namespace ct::ui
