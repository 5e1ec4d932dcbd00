#include <QElapsedTimer>

#include "cli/commands.h"
#include "jobs/job_context.h"
#include "remote/host_store.h"
#include "remote/transfer.h"

namespace ct::cli {
namespace {

QString rate(double bytesPerSecond) {
  if (bytesPerSecond >= 1e9) return QStringLiteral("%1 GB/s").arg(bytesPerSecond / 1e9, 0, 'f', 2);
  return QStringLiteral("%1 MB/s").arg(bytesPerSecond / 1e6, 0, 'f', 1);
}

// ct push and ct pull: one command class, two directions.
class TransferCommand : public Command {
 public:
  explicit TransferCommand(bool push) : push_(push) {}
  QString name() const override { return push_ ? QStringLiteral("push") : QStringLiteral("pull"); }
  QString summary() const override {
    return push_ ? QStringLiteral("Copy a model folder or file to a GPU host (resumable, verified by SHA-256, complete only when verified).")
                 : QStringLiteral("Copy a folder or file from a GPU host (resumable, verified by SHA-256, complete only when verified).");
  }
  QString synopsis() const override { return push_ ? QStringLiteral("HOST LOCAL REMOTE") : QStringLiteral("HOST REMOTE LOCAL"); }
  void addOptions(QCommandLineParser& p) override {
    p.addPositionalArgument(QStringLiteral("host"), QStringLiteral("A host added with ct hosts add"));
    p.addPositionalArgument(push_ ? QStringLiteral("local") : QStringLiteral("remote"), QStringLiteral("Source path"));
    p.addPositionalArgument(push_ ? QStringLiteral("remote") : QStringLiteral("local"),
                            QStringLiteral("The path the copy will have (written as PATH.partial, renamed when verified; relative remote paths are under the login's home)"));
    p.addOptions({
        {QStringLiteral("method"), QStringLiteral("rsync or sftp (default: rsync when the host has it)."), QStringLiteral("m")},
        {QStringLiteral("retries"), QStringLiteral("Resume this many times after a dropped link (default 3)."), QStringLiteral("n")},
    });
    if (push_) p.addOption({QStringLiteral("check"), QStringLiteral("Send nothing: compare an existing copy with LOCAL (sizes and SHA-256).")});
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 3) throw UsageError{QStringLiteral("give HOST, %1").arg(push_ ? QStringLiteral("LOCAL and REMOTE") : QStringLiteral("REMOTE and LOCAL"))};
    remote::TransferOptions o;
    const QString method = p.value(QStringLiteral("method"));
    if (method == QLatin1String("rsync")) o.method = remote::TransferOptions::Method::Rsync;
    else if (method == QLatin1String("sftp")) o.method = remote::TransferOptions::Method::Sftp;
    else if (!method.isEmpty()) throw UsageError{QStringLiteral("--method must be rsync or sftp")};
    o.retries = p.isSet(QStringLiteral("retries")) ? p.value(QStringLiteral("retries")).toInt() : 3;
    QString error;
    const auto profile = remote::loadHost(pos[0], &error);
    if (!profile) {
      env.err << "ct " << name() << ": " << error << "\n";
      return jobs::exit_code::failed;
    }
    const QString local = push_ ? pos[1] : pos[2];
    const QString remotePath = push_ ? pos[2] : pos[1];
    jobs::JobContext ctx(name(), {{QStringLiteral("host"), profile->name}, {QStringLiteral("local"), local}, {QStringLiteral("remote"), remotePath}}, {env.json, env.jobId});
    ctx.begin();
    remote::SshHost ssh(*profile);
    QElapsedTimer clock;
    clock.start();
    remote::TransferCallbacks cb;
    cb.log = [&](const QString& m) { ctx.info(m); };
    cb.cancelled = [&] { return ctx.cancelled(); };
    cb.progress = [&](const remote::TransferProgress& pr) {
      ctx.progress(static_cast<double>(pr.done), static_cast<double>(pr.total), QStringLiteral("bytes"),
                   pr.bytesPerSecond > 0 ? QStringLiteral("%1 %2").arg(pr.stage, rate(pr.bytesPerSecond)) : pr.stage);
      if (pr.bytesPerSecond > 0) ctx.metric(QStringLiteral("MB/s"), clock.elapsed() / 1000.0, pr.bytesPerSecond / 1e6);
    };
    remote::Transfer t(ssh, cb);
    if (push_ && p.isSet(QStringLiteral("check"))) {
      remote::ManifestDiff diff;
      if (!t.verifyPush(local, remotePath, &diff, &error)) return ctx.fail(QStringLiteral("transfer"), error);
      if (!diff.same()) return ctx.fail(QStringLiteral("copy_differs"), QStringLiteral("%1:%2 differs from %3: %4").arg(profile->name, remotePath, local, diff.describe()));
      if (!env.json) env.err << "the copy on " << profile->name << " matches " << local << "\n";
      return ctx.succeed({{QStringLiteral("same"), true}});
    }
    remote::TransferReport report;
    const bool ok = push_ ? t.push(local, remotePath, o, &report, &error) : t.pull(remotePath, local, o, &report, &error);
    if (!ok) {
      if (ctx.cancelled()) {
        ctx.warn(error);
        return ctx.cancel();
      }
      return ctx.fail(QStringLiteral("transfer"), error);
    }
    if (!env.json)
      env.err << QStringLiteral("%1 → %2: %3 files, %4 bytes verified (%5; %6 bytes sent) in %7 s\n")
                     .arg(report.source, report.target)
                     .arg(report.files)
                     .arg(report.bytes)
                     .arg(report.method)
                     .arg(report.sentBytes)
                     .arg(report.seconds, 0, 'f', 1);
    return ctx.succeed(report.toJson());
  }

 private:
  bool push_;
};

}  // namespace

std::unique_ptr<Command> makePushCommand() { return std::make_unique<TransferCommand>(true); }
std::unique_ptr<Command> makePullCommand() { return std::make_unique<TransferCommand>(false); }

}  // namespace ct::cli
