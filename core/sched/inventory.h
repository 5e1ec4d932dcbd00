#pragma once
#include <QString>
#include <QStringList>
#include <functional>

#include "sched/device_graph.h"

// Reads a host's device graph through a command runner: the local one runs nvidia-smi here; the
// remote layer supplies one that runs the same argument lists over SSH.
namespace ct::sched {

// Runs `nvidia-smi ARGS...` on the host; returns false with *error naming the step.
using SmiRunner = std::function<bool(const QStringList& args, QString* out, QString* error)>;

SmiRunner localSmiRunner(const QString& program = QStringLiteral("nvidia-smi"));
bool readInventory(const SmiRunner& run, DeviceGraph* graph, QString* error);

}  // namespace ct::sched
