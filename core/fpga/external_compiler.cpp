#include "fpga/external_compiler.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTimer>

#include "jobs/job_context.h"
#include "model/model_config.h"
#include "proc/process.h"

namespace ct::fpga {

QStringList externalCommand(const QString& commandTemplate, const CompileRequest& r, QString* error) {
  QStringList words = QProcess::splitCommand(commandTemplate);
  if (words.isEmpty()) {
    if (error) *error = QStringLiteral("the external compiler command is empty");
    return {};
  }
  int bits = r.bits, group = r.groupSize;
  bool descAct = r.descAct.value_or(false);
  QString why;
  if (auto cfg = model::ModelConfig::load(r.checkpointDir, &why)) {  // fill what the user left to the checkpoint
    const QJsonObject q = cfg->quantizationConfig;
    if (!bits) bits = q.value(QStringLiteral("bits")).toInt();
    if (!group) group = q.value(QStringLiteral("group_size")).toInt(-1);
    if (!r.descAct) descAct = q.value(QStringLiteral("desc_act")).toBool();
  }
  for (QString& w : words) {
    w.replace(QStringLiteral("{checkpoint}"), r.checkpointDir);
    w.replace(QStringLiteral("{out}"), r.outDir);
    w.replace(QStringLiteral("{board}"), r.board);
    w.replace(QStringLiteral("{bits}"), QString::number(bits));
    w.replace(QStringLiteral("{group_size}"), QString::number(group));
    w.replace(QStringLiteral("{desc_act}"), descAct ? QStringLiteral("true") : QStringLiteral("false"));
  }
  return words;
}

int runExternalCompiler(jobs::JobContext& ctx, const CompileRequest& r, const QString& commandTemplate) {
  QString error;
  const QStringList words = externalCommand(commandTemplate, r, &error);
  if (words.isEmpty()) return ctx.fail(QStringLiteral("bad_command"), error);
  ctx.info(QStringLiteral("running %1").arg(words.join(QLatin1Char(' '))));
  proc::Process p;
  QObject::connect(&p, &proc::Process::stdoutLines, [&ctx](const QList<QByteArray>& lines) {
    for (const QByteArray& l : lines) ctx.info(QString::fromUtf8(l));
  });
  QObject::connect(&p, &proc::Process::stderrLines, [&ctx](const QList<QByteArray>& lines) {
    for (const QByteArray& l : lines) ctx.warn(QString::fromUtf8(l));
  });
  QTimer poll;
  QObject::connect(&poll, &QTimer::timeout, [&] {
    if (ctx.cancelled() && p.isRunning()) p.cancel();
  });
  poll.start(100);
  proc::ProcessSpec spec;
  spec.program = words.first();
  spec.args = words.mid(1);
  p.start(spec);
  p.waitForDone(-1);
  const proc::ProcessResult res = p.result();
  if (res.outcome == proc::ProcessResult::Outcome::Cancelled) return ctx.cancel();
  if (!res.ok()) return ctx.fail(QStringLiteral("external_failed"), QStringLiteral("the external compiler %1").arg(res.describe()));
  return ctx.succeed(QJsonObject{{QStringLiteral("out"), r.outDir}, {QStringLiteral("external"), words.first()}});
}

}  // namespace ct::fpga
