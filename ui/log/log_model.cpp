#include "log/log_model.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

#include "i18n/terms.h"

namespace ct::ui {

LogModel::LogModel(int capacity, QObject* parent) : QAbstractListModel(parent), capacity_(capacity) {
  tick_.setInterval(50);
  connect(&tick_, &QTimer::timeout, this, &LogModel::flush);
}

int LogModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

QVariant LogModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= static_cast<int>(rows_.size())) return {};
  const Entry& e = rows_[static_cast<size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
      return QDateTime::fromMSecsSinceEpoch(e.timeMs).toString(QStringLiteral("hh:mm:ss.zzz")) +
             QStringLiteral("  ") + levelName(e.level).leftJustified(7) + QStringLiteral(" ") + e.message;
    case Qt::ForegroundRole:
      if (e.level == jobs::LogLevel::Error) return QBrush(QColor(0xc6, 0x28, 0x28));
      if (e.level == jobs::LogLevel::Warning) return QBrush(QColor(0xb2, 0x6a, 0x00));
      if (e.level == jobs::LogLevel::Debug) return QBrush(QColor(0x80, 0x80, 0x80));
      return {};
    case LevelRole: return static_cast<int>(e.level);
    case MessageRole: return e.message;
    default: return {};
  }
}

void LogModel::enqueue(const QList<jobs::LogLine>& lines) {
  received_ += static_cast<quint64>(lines.size());
  for (const auto& l : lines) pending_.push_back({l.level, l.timeMs, l.message});
  // Anything beyond one screenful of capacity would be dropped on insert anyway.
  while (static_cast<int>(pending_.size()) > capacity_) pending_.pop_front();
  if (!tick_.isActive()) tick_.start();
}

void LogModel::flush() {
  if (pending_.empty()) {
    tick_.stop();
    return;
  }
  const int incoming = static_cast<int>(pending_.size());
  const int overflow = static_cast<int>(rows_.size()) + incoming - capacity_;
  if (overflow > 0) {
    const int drop = std::min(overflow, static_cast<int>(rows_.size()));
    beginRemoveRows({}, 0, drop - 1);
    rows_.erase(rows_.begin(), rows_.begin() + drop);
    endRemoveRows();
  }
  const int first = static_cast<int>(rows_.size());
  beginInsertRows({}, first, first + incoming - 1);
  std::move(pending_.begin(), pending_.end(), std::back_inserter(rows_));
  pending_.clear();
  endInsertRows();
  Q_EMIT flushed(incoming);
}

void LogModel::clear() {
  beginResetModel();
  rows_.clear();
  pending_.clear();
  endResetModel();
}

}  // namespace ct::ui
