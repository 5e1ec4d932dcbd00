#pragma once
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

// What a pipeline run has done so far, kept in its folder as run.json (rewritten atomically at
// every change), so `ct pipeline status / cancel / resume / report / stop` and the Pipeline
// page read the same facts a running `ct pipeline run` writes.
namespace ct::pipeline {

// pending → running → succeeded | failed | cancelled; kept: succeeded in an earlier attempt
// and checked unchanged; skipped: not needed by this recipe.
struct StageRecord {
  QString name, kind;  // "quantize:int4", "quantize"
  QStringList after;
  QString state = QStringLiteral("pending");
  QString job;          // the stage's own job id (its log: ct jobs logs JOB)
  qint64 startedMs = 0, endedMs = 0;
  QString inputFp, outputFp;  // fingerprints (sha256 hex) when it succeeded
  QString output;       // the file or folder it made ("HOST:PATH" on a host)
  QJsonObject result;   // the stage command's result
  QString error;        // why it failed
  QString note;         // e.g. why a finished stage is run again on resume
  double progress = 0;  // 0..1 while running

  double seconds() const { return endedMs > startedMs && startedMs > 0 ? (endedMs - startedMs) / 1000.0 : 0; }
  QJsonObject toJson() const;
  static StageRecord fromJson(const QJsonObject& o);
};

// A service the run started and leaves up (keep_running): the board's service, a local service
// used for scoring, or a deployment on a GPU host.
struct ServiceRecord {
  QString stage, label;  // "board", "board"
  QString url, model;    // OpenAI base URL (…/v1) and served model name
  QString deployment;    // ct deploy's name, for deployments
  QString host;
  QJsonArray daemons;    // [{pid, start}] of local children (ct host, ct serve)
  QJsonObject toJson() const;
  static ServiceRecord fromJson(const QJsonObject& o);
};

struct RunState {
  QString id;          // also the job id of the `ct pipeline run` that made it
  QString dir;
  QJsonObject recipe;  // the recipe as run
  QString recipeFile;
  QString state = QStringLiteral("running");  // running, succeeded, failed, cancelled
  qint64 pid = 0, pidStart = 0;               // the runner, while it runs
  qint64 createdMs = 0, endedMs = 0;
  int attempts = 0;
  QList<StageRecord> stages;
  QList<ServiceRecord> services;
  QString error;

  StageRecord* stage(const QString& name);
  const StageRecord* stage(const QString& name) const;
  QString reportHtml() const;  // dir/report.html
  QString reportJson() const;
  bool runnerAlive() const;

  QJsonObject toJson() const;
  static std::optional<RunState> fromJson(const QJsonObject& o, QString* error);
  bool save(QString* error) const;  // dir/run.json, atomically
};

// Runs live under the data folder's pipelines/ (or a folder the caller names: ct demo's work folder).
class RunStore {
 public:
  explicit RunStore(QString root = {});  // empty: <data folder>/pipelines
  const QString& root() const { return root_; }
  QString newRunId(const QString& recipeName) const;
  // RUN is an id under the root, or a run folder's path.
  std::optional<RunState> load(const QString& run, QString* error) const;
  QList<RunState> list() const;  // newest first

 private:
  QString root_;
};

}  // namespace ct::pipeline
