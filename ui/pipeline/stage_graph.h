#pragma once
#include <QTreeWidget>

#include "pipeline/run_state.h"

namespace ct::ui {

// A run's stages as a tree by dependency: each stage hangs under the stage it waits for (the
// deepest of them; the others are named in "Also after"), so the graph reads top-down as an indented
// list with arrows. Each row: state (coloured), time, progress.
class StageGraph : public QTreeWidget {
  Q_OBJECT
 public:
  explicit StageGraph(QWidget* parent = nullptr);

  void setRun(const pipeline::RunState& run);
  void clearRun();
  QString selectedStage() const;
  bool selectStage(const QString& name);
  QString stateOf(const QString& stage) const;
  static QString stateName(const QString& state);  // in the interface language
  static QColor stateColour(const QString& state);

 Q_SIGNALS:
  void stageSelected(const QString& name);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void fill(QTreeWidgetItem* item, const pipeline::StageRecord& s);

  QHash<QString, QTreeWidgetItem*> items_;
  QHash<QString, QString> parents_;  // the stage each hangs under
  QList<pipeline::StageRecord> stages_;
};

}  // namespace ct::ui
