#pragma once
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>

#include "jobs/event.h"
#include "proc/process.h"

namespace ct::jobs {
class JobContext;
}

namespace ct::pipeline {

// One `ct … --json` child of a stage: its events go on to the run's stream tagged with the stage
// (log, progress, metric, text); its job id, result and error are kept; secrets reach it on stdin.
class ChildRun : public QObject {
  Q_OBJECT
 public:
  ChildRun(jobs::JobContext& ctx, QString stage, const QString& program, QStringList args, const QHash<QString, QString>& secrets = {}, QObject* parent = nullptr);
  void start();
  void cancel() { p_.cancel(); }
  bool isRunning() const { return p_.isRunning(); }
  qint64 pid() const { return p_.pid(); }
  bool ok() const { return p_.result().ok() && !failed_; }
  bool cancelled() const;
  const QString& job() const { return job_; }
  const QJsonObject& result() const { return result_; }
  QString error() const;  // the child's own error message, else how it ended
  double fraction() const { return fraction_; }
  // Log lines' data objects (ct quantize's per-module figures), in order.
  const QList<QJsonObject>& logData() const { return logData_; }

 Q_SIGNALS:
  void progressed();
  void done();

 private:
  jobs::JobContext& ctx_;
  QString stage_;
  proc::ProcessSpec spec_;
  proc::Process p_;
  QString job_, error_, lastStderr_;
  QJsonObject result_;
  QList<QJsonObject> logData_;
  double fraction_ = 0;
  bool failed_ = false;
};

}  // namespace ct::pipeline
