#pragma once
#include <QList>
#include <QString>
#include <optional>

#include "jobs/job_record.h"

namespace ct::jobs {

// Job history in the application's SQLite file (WAL, so the GUI and several `ct` processes
// share it; schema in util/app_database).
// Each instance owns its own connection; use one per thread.
class JobStore {
 public:
  explicit JobStore(QString path);
  ~JobStore();
  JobStore(const JobStore&) = delete;
  JobStore& operator=(const JobStore&) = delete;

  bool open(QString* error);
  QString path() const { return path_; }

  bool save(const JobRecord& r, QString* error = nullptr);  // insert or replace
  std::optional<JobRecord> get(const QString& id) const;
  // Newest first. `prefix` matches the start of an id so users can type a short one.
  QList<JobRecord> list(int limit = 100, const QString& idPrefix = {}) const;
  bool remove(const QString& id);

  // Marks jobs that claim to be running on this host but whose process is gone as failed
  // ("lost"). Returns how many were fixed. Jobs running on a GPU host are left alone: the
  // local process only followed them, and they are re-attached instead.
  int reapLost();

 private:
  QString path_;
  QString connection_;
};

bool processAlive(qint64 pid);
QString thisHost();

}  // namespace ct::jobs
