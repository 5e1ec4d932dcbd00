#pragma once
#include <QAbstractTableModel>
#include <QPointer>

#include "jobs/job.h"
#include "jobs/job_record.h"

namespace ct::jobs {
class JobManager;
}

namespace ct::ui {

// This window's jobs and the history (jobs `ct` ran outside it too), newest first, in one order.
class JobListModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Id, Kind, Subject, State, Progress, Started, Duration, ColumnCount };
  enum Roles { IdRole = Qt::UserRole + 1, KindRole, StateRole, FolderRole };

  explicit JobListModel(jobs::JobManager* manager, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  void reload();
  int rowOf(const QString& id) const;
  jobs::Job* liveJobAt(int row) const;
  jobs::JobRecord recordAt(int row) const;

 private:
  struct Row {
    QPointer<jobs::Job> live;
    jobs::JobRecord record;  // used when not live
  };
  const jobs::JobRecord& recordOf(const Row& r) const { return r.live ? r.live->record() : r.record; }
  void watch(jobs::Job* job);

  jobs::JobManager* manager_;
  QList<Row> rows_;
};

QString stateText(jobs::JobState s);  // translated
// What a job worked on (a model, checkpoint or image folder, tasks), for the list.
QString jobSubject(const jobs::JobRecord& r);
// "12 / 28 modules", "0.57 MB / 1.3 MB": a job's progress in the interface language.
QString progressText(const jobs::JobRecord& r);
// The folder a job wrote or read, when it has one.
QString jobFolder(const jobs::JobRecord& r);

}  // namespace ct::ui
