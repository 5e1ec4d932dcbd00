#pragma once
#include <QWidget>

#include "jobs/log_ring.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;

namespace ct::ui {

class LogModel;
class LogFilter;

// A live log: level filter, search, follow-the-tail, bounded memory.
class LogView : public QWidget {
  Q_OBJECT
 public:
  explicit LogView(QWidget* parent = nullptr);

  void append(const QList<jobs::LogLine>& lines);
  void clear();
  LogModel* model() const { return model_; }
  int visibleRows() const;

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void updateCount();

  LogModel* model_;
  LogFilter* filter_;
  QListView* list_;
  QComboBox* level_;
  QLineEdit* search_;
  QCheckBox* follow_;
  QLabel* count_;
};

}  // namespace ct::ui
