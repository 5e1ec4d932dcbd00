#include "charts/metric_chart.h"

#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QEvent>
#include <QLineSeries>
#include <QLocale>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>
#include <limits>

#include "i18n/terms.h"

namespace ct::ui {
namespace {

// A tick step of 1, 2 or 5 × 10^k giving at most `maxTicks` intervals.
double niceStep(double span, int maxTicks) {
  if (span <= 0) return 1;
  const double raw = span / maxTicks;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

}  // namespace

MetricChart::MetricChart(QWidget* parent)
    : QWidget(parent), chart_(new QChart), axisX_(new QValueAxis), axisY_(new QValueAxis) {
  chart_->addAxis(axisX_, Qt::AlignBottom);
  chart_->addAxis(axisY_, Qt::AlignLeft);
  chart_->legend()->setAlignment(Qt::AlignBottom);
  chart_->setMargins(QMargins(4, 4, 4, 4));
  QFont small = chart_->titleFont();
  small.setPointSizeF(small.pointSizeF() * 0.9);
  axisX_->setTitleFont(small);
  axisY_->setTitleFont(small);
  view_ = new QChartView(chart_, this);
  view_->setRenderHint(QPainter::Antialiasing);
  view_->setObjectName(QStringLiteral("metricChartView"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view_);
  tick_.setInterval(200);
  tick_.setSingleShot(true);
  connect(&tick_, &QTimer::timeout, this, &MetricChart::redraw);
  clear();
}

void MetricChart::setSpec(const ChartSpec& spec) {
  spec_ = spec;
  axisX_->setLabelFormat(spec_.integerX ? QStringLiteral("%d") : QStringLiteral("%g"));
  retitle();
}

void MetricChart::retitle() {
  QString title = spec_.title ? spec_.title() : QString();
  // A reference value (the bandwidth bound) and how much of it the newest measurement reaches.
  for (const QString& name : spec_.referenceSeries) {
    if (!reference_.contains(name)) continue;
    const double ref = reference_.value(name);
    QString line = tr("%1: %2 %3").arg(seriesName(name), QLocale().toString(ref, 'f', 0), spec_.yUnit);
    double latest = -1;
    for (auto it = series_.begin(); it != series_.end(); ++it)
      if (!it.value()->points().isEmpty()) latest = it.value()->points().back().y();
    if (latest >= 0 && ref > 0) line += tr(" — the last measurement is %1% of it").arg(QLocale().toString(100 * latest / ref, 'f', latest / ref < 0.01 ? 3 : 1));
    title += (title.isEmpty() ? QString() : QStringLiteral("<br>")) + QStringLiteral("<small>%1</small>").arg(line.toHtmlEscaped());
  }
  chart_->setTitle(title);
  axisX_->setTitleText(spec_.xTitle ? spec_.xTitle() : QString());
  axisY_->setTitleText(spec_.yTitle ? spec_.yTitle() : QString());
  for (auto it = series_.begin(); it != series_.end(); ++it) it.value()->setName(seriesName(it.key()));
}

QLineSeries* MetricChart::seriesFor(const QString& name) {
  if (auto it = series_.find(name); it != series_.end()) return *it;
  auto* s = new QLineSeries;
  s->setName(seriesName(name));
  chart_->addSeries(s);
  s->attachAxis(axisX_);
  s->attachAxis(axisY_);
  connect(s, &QLineSeries::hovered, this, [this, s](const QPointF& p, bool state) {
    if (!state) return QToolTip::hideText();
    const QString x = spec_.integerX ? QString::number(qRound(p.x())) : QLocale().toString(p.x(), 'g', 4);
    QToolTip::showText(QCursor::pos(), QStringLiteral("%1\n%2: %3\n%4: %5 %6").arg(s->name(), axisX_->titleText(), x, axisY_->titleText(),
                                                                                   QLocale().toString(p.y(), 'g', 4), spec_.yUnit));
  });
  series_.insert(name, s);
  return s;
}

void MetricChart::addPoint(const QString& series, double x, double y) {
  if (spec_.referenceSeries.contains(series)) {
    reference_[series] = y;
    if (!tick_.isActive()) tick_.start();
    return;
  }
  pending_[series].append(QPointF(x + spec_.xOffset, y));
  if (!tick_.isActive()) tick_.start();
}

void MetricChart::setSeries(const QHash<QString, QList<QPointF>>& all) {
  clear();
  for (auto it = all.begin(); it != all.end(); ++it) {
    if (spec_.referenceSeries.contains(it.key())) {
      if (!it.value().isEmpty()) reference_[it.key()] = it.value().back().y();
      continue;
    }
    QList<QPointF>& p = pending_[it.key()];
    for (const QPointF& q : it.value()) p.append(QPointF(q.x() + spec_.xOffset, q.y()));
  }
  redraw();
}

void MetricChart::clear() {
  tick_.stop();
  pending_.clear();
  reference_.clear();
  chart_->removeAllSeries();
  series_.clear();
  axisX_->setRange(0, 1);
  axisY_->setRange(0, 1);
  axisX_->setTickType(QValueAxis::TicksFixed);
  axisX_->setTickCount(2);
  retitle();
}

int MetricChart::pointCount(const QString& series) const {
  if (spec_.referenceSeries.contains(series)) return reference_.contains(series) ? 1 : 0;
  auto it = series_.find(series);
  return it == series_.end() ? 0 : static_cast<int>((*it)->count());
}

QStringList MetricChart::seriesNames() const { return series_.keys(); }
double MetricChart::referenceValue(const QString& series) const { return reference_.value(series, -1); }
QString MetricChart::titleText() const { return chart_->title(); }
QString MetricChart::axisTitle(Qt::Orientation o) const { return (o == Qt::Horizontal ? axisX_ : axisY_)->titleText(); }
QPair<double, double> MetricChart::axisRange(Qt::Orientation o) const {
  const QValueAxis* a = o == Qt::Horizontal ? axisX_ : axisY_;
  return {a->min(), a->max()};
}

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
    s->setPointsVisible(points.size() <= 40);
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
  retitle();
  if (minX > maxX) return;
  if (spec_.integerX) {
    // Whole ticks only: 4 layers read 1 2 3 4, not 0.75 steps.
    minX = std::floor(minX);
    maxX = std::max(std::ceil(maxX), minX + 1);
    const double step = std::max(1.0, niceStep(maxX - minX, 10));
    axisX_->setTickType(QValueAxis::TicksDynamic);
    axisX_->setTickAnchor(minX);
    axisX_->setTickInterval(step);
  } else if (minX == maxX) {
    maxX = minX + 1;
  }
  // Rates and errors are never negative: the axis starts at 0 rather than below it.
  if (minY >= 0) minY = 0;
  if (maxY <= minY) maxY = minY + 1;
  const double pad = (maxY - minY) * 0.08;
  axisX_->setRange(minX, maxX);
  axisY_->setRange(minY, maxY + pad);
  axisY_->applyNiceNumbers();
  if (axisY_->min() < 0 && minY >= 0) axisY_->setMin(0);
}

void MetricChart::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retitle();
  QWidget::changeEvent(event);
}

}  // namespace ct::ui
