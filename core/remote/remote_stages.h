#pragma once
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include "eval/tool_runner.h"
#include "remote/ssh_host.h"

namespace ct::jobs {
class JobContext;
}

namespace ct::remote {

// lm-eval / EvalPlus on a host: the command line the local runners build, run as a remote job
// (its tqdm bars become progress, the hang guard still watches it), then `remoteOut` is pulled
// into `localOut` so the existing result parsers read it as after a local run.
eval::ToolOutcome runToolOnHost(jobs::JobContext& ctx, SshHost& ssh, const QString& stageId, const QString& program, const QStringList& args,
                                const QMap<QString, QString>& env, const QString& remoteOut, const QString& localOut, const eval::ToolReporter& rep);

// What `ct quantize --on` runs on a host.
struct RemoteQuantize {
  QString model, out;        // paths on the host
  QStringList ctArgs;        // the options for `ct quantize` when ct is there (everything but --on/--pull)
  QJsonObject gptq;          // bits, group_size, desc_act, sym, damp, true_sequential, calib, calib_field, nsamples, seqlen, seed
  QString pullTo;            // local folder to copy the checkpoint to (empty: it stays on the host)
};
// ct on the host when it has one (its events are this job's events), else GPTQModel through a
// runner that builds its QuantizeConfig and turns its per-module log rows into the same
// per-module events. Returns ct's exit code.
int quantizeOnHost(jobs::JobContext& ctx, SshHost& ssh, const RemoteQuantize& q);

// The runner's Python source (exposed for the tests that read what it sends).
QByteArray gptqModelRunner();

}  // namespace ct::remote
