#pragma once
#include <QString>

#include "charts/metric_chart.h"

namespace ct::ui {

// Axis titles, units and ticks for the series each kind of job reports.
ChartSpec chartSpecFor(const QString& kind);

}  // namespace ct::ui
