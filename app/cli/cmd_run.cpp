#include <QJsonArray>
#include <QRegularExpression>

#include "cli/commands.h"
#include "jobs/job_context.h"
#include "remote/host_store.h"
#include "remote/job_relay.h"

namespace ct::cli {
namespace {

class RunCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("run"); }
  QString summary() const override { return QStringLiteral("Run a command on a GPU host as a job that survives a dropped link (streamed, cancellable)."); }
  QString synopsis() const override { return QStringLiteral("HOST [--detach] -- COMMAND [ARG...]"); }
  void addOptions(QCommandLineParser& p) override {
    p.addPositionalArgument(QStringLiteral("host"), QStringLiteral("A host added with ct hosts add"));
    p.addPositionalArgument(QStringLiteral("command"), QStringLiteral("The program and its arguments, after --; each argument arrives exactly as given"));
    p.addOptions({
        {QStringLiteral("detach"), QStringLiteral("Start it and return; follow with ct jobs attach ID, stop with ct jobs cancel ID.")},
        {QStringLiteral("cd"), QStringLiteral("Folder on the host to run in (default: the login's home folder)."), QStringLiteral("dir")},
        {QStringLiteral("env"), QStringLiteral("Set NAME=VALUE for the command (repeatable; for secrets use --pass-env)."), QStringLiteral("name=value")},
        {QStringLiteral("pass-env"), QStringLiteral("Pass this variable's value from ct's own environment (sent over the connection, never on a command line)."), QStringLiteral("name")},
        {QStringLiteral("grace"), QStringLiteral("When cancelled: seconds between TERM and KILL to its process group (default 5)."), QStringLiteral("s")},
    });
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    const QStringList pos = p.positionalArguments();
    if (pos.size() < 2) throw UsageError{QStringLiteral("give a host and a command: ct run HOST -- COMMAND [ARG...]")};
    QString error;
    const auto profile = remote::loadHost(pos.first(), &error);
    if (!profile) {
      env.err << "ct run: " << error << "\n";
      return jobs::exit_code::failed;
    }
    remote::RemoteJobSpec spec;
    spec.argv = pos.mid(1);
    spec.cwd = p.value(QStringLiteral("cd"));
    static const QRegularExpression varName(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    for (const QString& kv : p.values(QStringLiteral("env"))) {
      const int eq = static_cast<int>(kv.indexOf(QLatin1Char('=')));
      if (eq <= 0 || !varName.match(kv.left(eq)).hasMatch()) throw UsageError{QStringLiteral("--env takes NAME=VALUE, got '%1'").arg(kv)};
      spec.env.insert(kv.left(eq), kv.mid(eq + 1));
    }
    for (const QString& name : p.values(QStringLiteral("pass-env"))) {
      if (!varName.match(name).hasMatch() || !qEnvironmentVariableIsSet(name.toUtf8().constData()))
        throw UsageError{QStringLiteral("--pass-env %1: no such variable in ct's environment").arg(name)};
      spec.env.insert(name, qEnvironmentVariable(name.toUtf8().constData()));
    }
    jobs::JobContext ctx(QStringLiteral("run"), {{QStringLiteral("host"), profile->name}, {QStringLiteral("argv"), QJsonArray::fromStringList(spec.argv)}}, {env.json, env.jobId});
    ctx.begin();
    remote::SshHost ssh(*profile);
    remote::RemoteJobInfo info;
    if (p.isSet(QStringLiteral("detach"))) {
      remote::RemoteJobRunner runner(ssh);
      info.dir = remote::RemoteJobRunner::jobDir(*profile, ctx.id());
      ctx.setRemote(profile->name, info.toJson());
      if (!runner.start(ctx.id(), spec, info, &error)) return ctx.fail(QStringLiteral("remote_job"), error);
      ctx.setRemote(profile->name, info.toJson());
      if (env.json) ctx.log(jobs::LogLevel::Info, QStringLiteral("started on %1").arg(ssh.label()), info.toJson());
      else env.out << "started job " << ctx.id() << " on " << profile->name << " (process group " << info.pid << ", " << info.dir << ")\n"
                   << "follow it: ct jobs attach " << ctx.id() << "\nstop it:   ct jobs cancel " << ctx.id() << "\n";
      return ctx.detach();
    }
    remote::EventRelay relay(ctx, !env.json);
    return remote::followAsJob(ctx, ssh, info, spec, relay, {}, parsePositiveInt(p, QStringLiteral("grace"), 5) * 1000);
  }
};

}  // namespace

std::unique_ptr<Command> makeRunCommand() { return std::make_unique<RunCommand>(); }

}  // namespace ct::cli
