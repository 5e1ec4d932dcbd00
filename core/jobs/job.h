#pragma once
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointF>

#include "jobs/eta.h"
#include "jobs/event.h"
#include "jobs/job_record.h"
#include "jobs/log_ring.h"

namespace ct::jobs {

// A job as the application sees it while it runs: the record, recent log lines, metric
// series and ETA, all updated from events. Subclasses say how it runs and how it is cancelled.
class Job : public QObject {
  Q_OBJECT
 public:
  static constexpr int kMaxPointsPerSeries = 20000;

  explicit Job(JobRecord record, QObject* parent = nullptr);

  const JobRecord& record() const { return record_; }
  QString id() const { return record_.id; }
  bool isFinished() const { return isFinal(record_.state); }
  double etaSeconds() const { return etaSeconds_; }
  QString stage() const { return stage_; }
  const QString& text() const { return text_; }  // generated output so far
  const LogRing& logs() const { return logs_; }
  const QHash<QString, QList<QPointF>>& metrics() const { return metrics_; }
  // The port a server child announced in a log line's data (docs/events.md); 0 until then.
  int announcedPort() const { return announcedPort_; }

  // Applies events in order; log lines are announced once per batch, not once per line.
  void apply(const QList<Event>& events);
  void apply(const Event& e) { apply(QList<Event>{e}); }

  virtual bool canCancel() const { return false; }
  virtual void cancel() {}
  // A normal end of a job that runs until told (a server): like cancel, but a child that then
  // reports its own final state ends in that state instead of "cancelled".
  virtual void stop() { cancel(); }

 Q_SIGNALS:
  void changed();  // state, progress, result or error
  void logsAppended(const QList<ct::jobs::LogLine>& lines);
  void metricAdded(const QString& series, double x, double y);
  void textAppended(const QString& piece);
  void portAnnounced(int port);
  // An event of one stage of a pipeline run (Event::runStage set): its log lines also reach
  // logsAppended, tagged with the stage; its progress and metrics are the stage's, not the job's.
  void stageEvent(const ct::jobs::Event& event);
  void finished();

 protected:
  // Ends the job from outside its event stream (its process died, was cancelled, ...).
  void conclude(JobState state, const QString& code, const QString& message);
  LogLine addLog(LogLevel level, qint64 timeMs, const QString& message);

 private:
  JobRecord record_;
  LogRing logs_{20000};
  QHash<QString, QList<QPointF>> metrics_;
  double etaSeconds_ = -1;
  QString stage_;
  QString text_;
  int announcedPort_ = 0;
  bool announcedFinish_ = false;
};

}  // namespace ct::jobs
