#include "log/log_filter.h"

#include "log/log_model.h"

namespace ct::ui {

void LogFilter::setMinimumLevel(jobs::LogLevel level) {
  minLevel_ = level;
  invalidateFilter();
}

void LogFilter::setNeedle(const QString& text) {
  needle_ = text;
  invalidateFilter();
}

bool LogFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
  if (i.data(LogModel::LevelRole).toInt() < static_cast<int>(minLevel_)) return false;
  return needle_.isEmpty() || i.data(LogModel::MessageRole).toString().contains(needle_, Qt::CaseInsensitive);
}

}  // namespace ct::ui
