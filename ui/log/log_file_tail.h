#pragma once
#include <QList>
#include <QString>

#include "jobs/log_ring.h"

namespace ct::ui {

// The last lines of a job's log file (as JobLogFile writes them), as log lines of job `id`: enough
// to see how a past job, or one a pipeline run started, went.
QList<jobs::LogLine> tailOfLogFile(const QString& path, const QString& id, int maxLines);

}  // namespace ct::ui
