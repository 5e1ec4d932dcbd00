#pragma once
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>

#include "jobs/job_state.h"

namespace ct::jobs {

// One line of the JSON-lines event stream (docs/events.md). Every progress reporter in the
// project speaks it: `ct --json` writes it, the GUI parses it, job logs keep it.
struct Event {
  static constexpr int kSchemaVersion = 1;

  enum class Type { Log, Progress, Metric, State, Result, Error, Text };

  Type type = Type::Log;
  QString job;        // job id; empty when the emitter has none
  qint64 timeMs = 0;  // ms since the Unix epoch

  LogLevel level = LogLevel::Info;  // log
  QString message;                  // log, error
  QJsonObject data;                 // log: optional structured fields (a quantized module's figures, ...)
  double done = 0, total = 0;       // progress
  QString unit;                     // progress: "steps", "layers", "bytes", ...
  double etaSeconds = -1;           // progress; < 0 when unknown
  QString stage;                    // progress: what is being done now
  QString series;                   // metric
  double x = 0, y = 0;              // metric
  JobState state = JobState::Running;  // state
  QJsonObject result;               // result
  QString code;                     // error: machine-readable
  QString text;                     // text: a piece of generated output, in order
  // Any type: the pipeline stage (ct pipeline run) this event belongs to; empty for the run's
  // (or a plain job's) own events. A reader that does not follow stages ignores such progress.
  QString runStage;

  static Event log(LogLevel level, const QString& message);
  static Event progress(double done, double total, const QString& unit, double etaSeconds = -1,
                        const QString& stage = {});
  static Event metric(const QString& series, double x, double y);
  static Event stateChange(JobState state);
  static Event resultOf(const QJsonObject& result);
  static Event error(const QString& code, const QString& message);
  static Event textDelta(const QString& text);

  QJsonObject toJson() const;
  QByteArray toLine() const;  // compact JSON + '\n'

  // Reports what is wrong (field and reason) through *error on failure.
  static std::optional<Event> fromJson(const QJsonObject& o, QString* error);
  static std::optional<Event> parseLine(const QByteArray& line, QString* error);
};

QString nameOf(Event::Type t);

}  // namespace ct::jobs
