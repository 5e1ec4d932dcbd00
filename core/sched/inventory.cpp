#include "sched/inventory.h"

#include <QObject>

#include "proc/process.h"

namespace ct::sched {

SmiRunner localSmiRunner(const QString& program) {
  return [program](const QStringList& args, QString* out, QString* error) {
    proc::Process p;
    QByteArray text, err;
    QObject::connect(&p, &proc::Process::stdoutLines, [&](const QList<QByteArray>& lines) {
      for (const auto& l : lines) text += l + '\n';
    });
    QObject::connect(&p, &proc::Process::stderrLines, [&](const QList<QByteArray>& lines) {
      for (const auto& l : lines) err += l + '\n';
    });
    proc::ProcessSpec spec;
    spec.program = program;
    spec.args = args;
    spec.wallTimeoutMs = 30000;
    p.start(spec);
    p.waitForDone(-1);
    if (!p.result().ok()) {
      *error = QStringLiteral("'%1 %2' failed: %3%4").arg(program, args.join(QLatin1Char(' ')), p.result().describe(),
                                                         (err + text).trimmed().isEmpty() ? QString() : QStringLiteral(": ") + QString::fromUtf8((err + text).trimmed().left(600)));
      if (p.result().outcome == proc::ProcessResult::Outcome::FailedToStart)
        *error += QStringLiteral(" — no NVIDIA driver here? Install it, or read a GPU host's GPUs with ct gpus HOST (ct hosts add HOST --ssh DEST)");
      return false;
    }
    *out = QString::fromUtf8(text);
    return true;
  };
}

bool readInventory(const SmiRunner& run, DeviceGraph* graph, QString* error) {
  QString gpus, apps, topo;
  if (!run(gpuQueryArgs(), &gpus, error) || !run(appsQueryArgs(), &apps, error) || !run(topoArgs(), &topo, error)) return false;
  return buildDeviceGraph(gpus, apps, topo, graph, error);
}

}  // namespace ct::sched
