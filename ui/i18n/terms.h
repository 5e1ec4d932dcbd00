#pragma once
#include <QString>

#include "jobs/job_state.h"

namespace ct::ui {

// Words that reach the window at run time from `ct` children and core (job kinds, progress
// units, chart series, log levels, link states, error codes), shown in the interface language.
// An unknown word is shown as it came, so a newer `ct` never shows an empty cell.
QString jobKindName(const QString& kind);
QString unitName(const QString& unit);
QString seriesName(const QString& series);
QString levelName(jobs::LogLevel level);
QString linkStateName(const QString& state);
QString linkModeName(const QString& mode);
QString stageName(const QString& stage);  // known stages; "layer 3/28 q_proj" keeps its figures
// What an error code means and what to do, one sentence; empty for codes without advice.
QString errorAdvice(const QString& code);

}  // namespace ct::ui
