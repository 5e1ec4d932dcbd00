#pragma once
#include <QSortFilterProxyModel>

#include "jobs/job_state.h"

namespace ct::ui {

// Level threshold + case-insensitive text search over a LogModel.
class LogFilter : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  using QSortFilterProxyModel::QSortFilterProxyModel;

  void setMinimumLevel(jobs::LogLevel level);
  void setNeedle(const QString& text);

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  jobs::LogLevel minLevel_ = jobs::LogLevel::Debug;
  QString needle_;
};

}  // namespace ct::ui
