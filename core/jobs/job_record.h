#pragma once
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include "jobs/job_state.h"

namespace ct::jobs {

// What the history keeps of one job: enough to list it, show it, and know whether the
// process that ran it is still alive.
struct JobRecord {
  QString id;
  QString kind;  // "quantize", "doctor", ...
  QJsonObject params;
  JobState state = JobState::Queued;
  QDateTime created, started, finished;  // UTC; invalid while not reached
  double done = 0, total = 0;
  QString unit;
  QJsonObject result;
  QString errorCode, errorMessage;
  QString logPath;
  qint64 pid = 0;  // process that runs the job, on `host`
  QString host;
  QString user;  // who started it (the signed-in user; the OS login in single-user mode)
  // Jobs run on a GPU host: the host profile's name, and where the job lives there (its folder,
  // process group, how much of its log was read). `pid` is then the local process following it.
  QString remoteHost;
  QJsonObject remote;

  QJsonObject toJson() const;
  static QString newId();  // short, sortable by creation time, unique
};

}  // namespace ct::jobs
