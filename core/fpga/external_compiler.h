#pragma once
#include <QString>
#include <QStringList>

#include "fpga/image.h"

namespace ct::jobs {
class JobContext;
}

namespace ct::fpga {

// The in-house board compiler (or any other) run as a job: the template is a command line
// whose words may hold {checkpoint} {out} {board} {bits} {group_size} {desc_act}; it is split
// into words at spaces (double quotes group words) and run without a shell, each word substituted on its
// own, so paths with spaces or quotes cannot inject anything. stdout/stderr become the log.
QStringList externalCommand(const QString& commandTemplate, const CompileRequest& request, QString* error);
int runExternalCompiler(jobs::JobContext& ctx, const CompileRequest& request, const QString& commandTemplate);

}  // namespace ct::fpga
