#pragma once
#include <QAbstractListModel>
#include <QTimer>
#include <deque>

#include "jobs/log_ring.h"

namespace ct::ui {

// Log lines for one view, bounded in memory. Lines arriving in a flood are queued and
// inserted in one batch per tick, so a burst of 50k lines/s costs the event loop a few
// model updates a second rather than one per line.
class LogModel : public QAbstractListModel {
  Q_OBJECT
 public:
  enum Roles { LevelRole = Qt::UserRole + 1, MessageRole };

  explicit LogModel(int capacity = 100000, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;

  void enqueue(const QList<jobs::LogLine>& lines);
  void flush();  // inserts what is queued now
  void clear();
  int capacity() const { return capacity_; }
  quint64 received() const { return received_; }

 Q_SIGNALS:
  void flushed(int inserted);

 private:
  struct Entry {
    jobs::LogLevel level;
    qint64 timeMs;
    QString message;
  };
  int capacity_;
  std::deque<Entry> rows_;
  std::deque<Entry> pending_;
  QTimer tick_;
  quint64 received_ = 0;
};

}  // namespace ct::ui
