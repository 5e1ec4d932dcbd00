#pragma once
#include <QByteArray>
#include <QJsonObject>
#include <functional>
#include <optional>

#include "jobs/job_state.h"
#include "remote/remote_job.h"

namespace ct::jobs {
class JobContext;
}

namespace ct::remote {

// Turns the lines of a remote job's log into this job's events. Lines that are events of a remote
// `ct ... --json` become this job's own logs, progress (ETA recomputed here), metrics and text,
// so a remote stage shows the same bars and charts as a local one; their result, error and
// final state are kept for the end. Other lines are log lines; people see them as they are.
class EventRelay {
 public:
  EventRelay(jobs::JobContext& ctx, bool printRawLines);
  void line(const QByteArray& line);
  // Replaces the plain-line handling (the tool runners' progress parsing).
  std::function<void(const QString& line)> plainLine;

  QJsonObject result;
  QString errorCode, errorMessage;
  std::optional<jobs::JobState> reportedFinal;

 private:
  jobs::JobContext& ctx_;
  bool printRaw_;
};

// Runs (or, without `start`, re-attaches to) a remote job as the job of this `ct` process: the
// host and job folder go into the history at once, the log offset as it advances, link drops
// are logged, the user's cancel ends the remote process group. Returns ct's exit code.
int followAsJob(jobs::JobContext& ctx, SshHost& ssh, RemoteJobInfo& info, const std::optional<RemoteJobSpec>& start, EventRelay& relay,
                const QJsonObject& extraResult = {}, int cancelGraceMs = 5000);

// The last outcome of followAsJob, for callers that go on after a remote stage (eval, quantize).
struct StageOutcome {
  bool ok = false, cancelled = false;
  int exitCode = -1;
  QString error;
};
// `alsoCancel` ends the remote job too (a runner's own reasons, such as a hang guard).
StageOutcome runStage(jobs::JobContext& ctx, SshHost& ssh, const QString& stageId, const RemoteJobSpec& spec, EventRelay& relay,
                      const std::function<bool()>& alsoCancel = {});

}  // namespace ct::remote
