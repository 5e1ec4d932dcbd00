#include "jobs/job_list_model.h"

#include <QColor>
#include <QCoreApplication>
#include <QSet>

#include "i18n/format.h"
#include "i18n/terms.h"
#include "jobs/job_manager.h"

#include <QFileInfo>
#include <algorithm>

namespace ct::ui {

QString stateText(jobs::JobState s) {
  switch (s) {
    case jobs::JobState::Queued: return QCoreApplication::translate("ct::ui::JobListModel", "queued");
    case jobs::JobState::Running: return QCoreApplication::translate("ct::ui::JobListModel", "running");
    case jobs::JobState::Succeeded: return QCoreApplication::translate("ct::ui::JobListModel", "succeeded");
    case jobs::JobState::Failed: return QCoreApplication::translate("ct::ui::JobListModel", "failed");
    case jobs::JobState::Cancelled: return QCoreApplication::translate("ct::ui::JobListModel", "cancelled");
  }
  return {};
}

QString progressText(const jobs::JobRecord& r) {
  if (r.total <= 0) return {};
  if (r.unit == QLatin1String("bytes")) return QStringLiteral("%1 / %2").arg(formatBytesDecimal(r.done), formatBytesDecimal(r.total));
  return QStringLiteral("%1 / %2 %3").arg(formatCount(r.done), formatCount(r.total), unitName(r.unit));
}

QString jobFolder(const jobs::JobRecord& r) {
  for (const char* key : {"out", "image", "model", "checkpoint"}) {
    QString v = r.result.value(QLatin1String(key)).toString();
    if (v.isEmpty()) v = r.params.value(QLatin1String(key)).toString();
    if (!v.isEmpty()) return v;
  }
  return {};
}

QString jobSubject(const jobs::JobRecord& r) {
  if (r.kind == QLatin1String("eval")) {
    const QString targets = r.params.value(QStringLiteral("targets")).toString();
    return r.params.value(QStringLiteral("tasks")).toString() + (targets.isEmpty() ? QString() : QStringLiteral(" · ") + targets);
  }
  if (r.kind == QLatin1String("serve")) {
    const QString source = r.params.value(QStringLiteral("source")).toString();
    return source.isEmpty() ? r.params.value(QStringLiteral("host_link")).toString() : QFileInfo(source).fileName();
  }
  for (const char* key : {"model", "checkpoint", "image"}) {
    const QString v = r.params.value(QLatin1String(key)).toString();
    if (!v.isEmpty()) return QFileInfo(v).fileName();
  }
  return {};
}

JobListModel::JobListModel(jobs::JobManager* manager, QObject* parent) : QAbstractTableModel(parent), manager_(manager) {
  connect(manager_, &jobs::JobManager::jobStarted, this, [this](jobs::Job* job) {
    watch(job);
    reload();
  });
  connect(manager_, &jobs::JobManager::jobFinished, this, &JobListModel::reload);
  reload();
}

void JobListModel::watch(jobs::Job* job) {
  connect(job, &jobs::Job::changed, this, [this, job] {
    const int row = rowOf(job->id());
    if (row >= 0) Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
  });
}

void JobListModel::reload() {
  beginResetModel();
  rows_.clear();
  QSet<QString> seen;
  const auto live = manager_->liveJobs();
  for (auto it = live.rbegin(); it != live.rend(); ++it) {
    rows_.append(Row{*it, {}});
    seen.insert((*it)->id());
  }
  for (const auto& r : manager_->history())
    if (!seen.contains(r.id)) rows_.append(Row{nullptr, r});
  // One order for all: newest first, whoever started the job.
  std::stable_sort(rows_.begin(), rows_.end(), [this](const Row& a, const Row& b) {
    const jobs::JobRecord &x = recordOf(a), &y = recordOf(b);
    return x.created != y.created ? x.created > y.created : x.id > y.id;
  });
  endResetModel();
}

int JobListModel::rowOf(const QString& id) const {
  for (int i = 0; i < rows_.size(); ++i)
    if (recordOf(rows_[i]).id == id) return i;
  return -1;
}

jobs::Job* JobListModel::liveJobAt(int row) const { return row >= 0 && row < rows_.size() ? rows_[row].live.data() : nullptr; }

jobs::JobRecord JobListModel::recordAt(int row) const {
  return row >= 0 && row < rows_.size() ? recordOf(rows_[row]) : jobs::JobRecord{};
}

int JobListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }
int JobListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant JobListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rows_.size()) return {};
  const jobs::JobRecord& r = recordOf(rows_[index.row()]);
  if (role == IdRole) return r.id;
  if (role == KindRole) return r.kind;
  if (role == StateRole) return static_cast<int>(r.state);
  if (role == FolderRole) return jobFolder(r);
  if (role == Qt::ToolTipRole && index.column() == Subject) return jobFolder(r);
  if (role == Qt::ToolTipRole && index.column() == State && !r.errorMessage.isEmpty()) return r.errorMessage;
  if (role == Qt::ForegroundRole && index.column() == State) {
    if (r.state == jobs::JobState::Failed) return QColor(0xc6, 0x28, 0x28);
    if (r.state == jobs::JobState::Succeeded) return QColor(0x2e, 0x7d, 0x32);
    return {};
  }
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Id: return r.id;
    case Kind: return jobKindName(r.kind);
    case Subject: return jobSubject(r);
    case State: return stateText(r.state);
    case Progress: return progressText(r);
    case Started: return r.started.isValid() ? r.started.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm:ss")) : QString();
    case Duration: {
      if (!r.started.isValid()) return {};
      const QDateTime end = r.finished.isValid() ? r.finished : QDateTime::currentDateTimeUtc();
      const qint64 s = r.started.secsTo(end);
      return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    }
    default: return {};
  }
}

QVariant JobListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case Id: return tr("Job");
    case Kind: return tr("Kind");
    case Subject: return tr("Working on");
    case State: return tr("State");
    case Progress: return tr("Progress");
    case Started: return tr("Started");
    case Duration: return tr("Time");
    default: return {};
  }
}

}  // namespace ct::ui
