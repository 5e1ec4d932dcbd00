#include "pipeline/stage_graph.h"

#include <QDateTime>
#include <QEvent>
#include <QHeaderView>
#include <algorithm>
#include <functional>

#include "i18n/format.h"

namespace ct::ui {

StageGraph::StageGraph(QWidget* parent) : QTreeWidget(parent) {
  setObjectName(QStringLiteral("pipelineStages"));
  setColumnCount(5);
  setRootIsDecorated(false);
  setIndentation(22);
  setUniformRowHeights(true);
  header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  header()->setStretchLastSection(true);
  connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
    if (item) Q_EMIT stageSelected(item->data(0, Qt::UserRole).toString());
  });
  retranslate();
}

QString StageGraph::stateName(const QString& state) {
  if (state == QLatin1String("pending")) return tr("waiting");
  if (state == QLatin1String("running")) return tr("running");
  if (state == QLatin1String("succeeded")) return tr("done");
  if (state == QLatin1String("failed")) return tr("failed");
  if (state == QLatin1String("cancelled")) return tr("cancelled");
  if (state == QLatin1String("kept")) return tr("kept (unchanged)");
  if (state == QLatin1String("skipped")) return tr("skipped");
  return state;
}

QColor StageGraph::stateColour(const QString& state) {
  if (state == QLatin1String("running")) return QColor(0x1f, 0x6f, 0xd1);
  if (state == QLatin1String("succeeded") || state == QLatin1String("kept")) return QColor(0x2e, 0x8b, 0x3e);
  if (state == QLatin1String("failed")) return QColor(0xc6, 0x28, 0x28);
  if (state == QLatin1String("cancelled")) return QColor(0xb2, 0x6a, 0x00);
  return QColor(0x70, 0x70, 0x70);
}

void StageGraph::fill(QTreeWidgetItem* item, const pipeline::StageRecord& s) {
  item->setText(0, (s.after.isEmpty() ? QString() : QStringLiteral("→ ")) + s.name);
  QStringList others = s.after;
  others.removeAll(parents_.value(s.name));
  item->setData(0, Qt::UserRole, s.name);
  item->setText(1, stateName(s.state));
  item->setForeground(1, stateColour(s.state));
  QFont bold = font();
  bold.setBold(s.state == QLatin1String("running") || s.state == QLatin1String("failed"));
  item->setFont(1, bold);
  double seconds = s.seconds();
  if (s.state == QLatin1String("running") && s.startedMs > 0) seconds = (QDateTime::currentMSecsSinceEpoch() - s.startedMs) / 1000.0;
  item->setText(2, seconds > 0 ? formatSeconds(seconds) : QString());
  const bool finished = s.state == QLatin1String("succeeded") || s.state == QLatin1String("kept");
  item->setText(3, s.state == QLatin1String("running") ? formatPercent(s.progress, 0) : finished ? formatPercent(1, 0) : QString());
  item->setText(4, others.join(QStringLiteral(", ")));
  QString tip = s.error.isEmpty() ? s.note : s.error + (s.note.isEmpty() ? QString() : QStringLiteral("\n") + s.note);
  for (int c = 0; c < columnCount(); ++c) item->setToolTip(c, tip);
}

void StageGraph::setRun(const pipeline::RunState& run) {
  bool same = run.stages.size() == stages_.size();
  for (int i = 0; same && i < run.stages.size(); ++i) same = run.stages[i].name == stages_[i].name;
  stages_ = run.stages;
  if (!same) {
    const QString keep = selectedStage();
    const QSignalBlocker block(this);
    clear();
    items_.clear();
    parents_.clear();
    // Each stage hangs under the dependency that finishes last in the graph (the deepest one), so
    // the tree reads as the run's layers: the report under compare, compare under the scoring.
    QHash<QString, int> depth;
    std::function<int(const QString&, int)> depthOf = [&](const QString& name, int guard) -> int {
      if (depth.contains(name)) return depth[name];
      int d = 0;
      for (const auto& st : stages_)
        if (st.name == name && guard < 64)
          for (const QString& a : st.after) d = qMax(d, depthOf(a, guard + 1) + 1);
      depth.insert(name, d);
      return d;
    };
    QList<pipeline::StageRecord> ordered = stages_;
    for (const auto& st : ordered) depthOf(st.name, 0);
    std::stable_sort(ordered.begin(), ordered.end(), [&](const auto& a, const auto& b) { return depth[a.name] < depth[b.name]; });
    for (const auto& st : ordered) {
      QString parentName;
      for (const QString& a : st.after)
        if (items_.contains(a) && (parentName.isEmpty() || depth[a] >= depth[parentName])) parentName = a;
      parents_.insert(st.name, parentName);
      QTreeWidgetItem* parent = items_.value(parentName);
      items_.insert(st.name, parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(this));
    }
    expandAll();
    if (!keep.isEmpty()) selectStage(keep);
  }
  for (const auto& s : stages_)
    if (auto* item = items_.value(s.name)) fill(item, s);
}

void StageGraph::clearRun() {
  stages_.clear();
  parents_.clear();
  items_.clear();
  clear();
}

QString StageGraph::selectedStage() const { return currentItem() ? currentItem()->data(0, Qt::UserRole).toString() : QString(); }

bool StageGraph::selectStage(const QString& name) {
  QTreeWidgetItem* item = items_.value(name);
  if (!item) return false;
  setCurrentItem(item);
  return true;
}

QString StageGraph::stateOf(const QString& stage) const {
  for (const auto& s : stages_)
    if (s.name == stage) return s.state;
  return {};
}

void StageGraph::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslate();
    for (const auto& s : stages_)
      if (auto* item = items_.value(s.name)) fill(item, s);
  }
  QTreeWidget::changeEvent(event);
}

void StageGraph::retranslate() { setHeaderLabels({tr("Stage"), tr("State"), tr("Time"), tr("Progress"), tr("Also after")}); }

}  // namespace ct::ui
