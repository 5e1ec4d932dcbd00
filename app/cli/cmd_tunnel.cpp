#include <QJsonArray>
#include <QJsonDocument>
#include <csignal>

#include "cli/commands.h"
#include "jobs/job_context.h"
#include "jobs/job_store.h"
#include "remote/host_store.h"
#include "remote/tunnel.h"
#include "util/paths.h"

namespace ct::cli {
namespace {

class TunnelCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("tunnel"); }
  QString summary() const override { return QStringLiteral("Forward a local port to a port on (or behind) a GPU host, watched and re-established; list or close tunnels."); }
  QString synopsis() const override { return QStringLiteral("HOST REMOTE_PORT [--local PORT] | list | close ID"); }
  void addOptions(QCommandLineParser& p) override {
    p.addPositionalArgument(QStringLiteral("host"), QStringLiteral("A host added with ct hosts add (or: list, close)"));
    p.addPositionalArgument(QStringLiteral("remote_port"), QStringLiteral("The port on the host (or on --remote-host as the host sees it)"));
    p.addOptions({
        {QStringLiteral("local"), QStringLiteral("Local port on 127.0.0.1 (default: a free one, announced)."), QStringLiteral("port")},
        {QStringLiteral("remote-host"), QStringLiteral("Address the host forwards to (default 127.0.0.1, the host itself)."), QStringLiteral("addr")},
        {QStringLiteral("probe-interval"), QStringLiteral("Seconds between connect probes (default 1)."), QStringLiteral("s")},
    });
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    const QStringList pos = p.positionalArguments();
    if (pos.value(0) == QLatin1String("list") && pos.size() == 1) return list(env);
    if (pos.value(0) == QLatin1String("close") && pos.size() == 2) return close(pos[1], env);
    if (pos.size() != 2) throw UsageError{QStringLiteral("give HOST and REMOTE_PORT (or: ct tunnel list, ct tunnel close ID)")};
    bool ok = false;
    remote::TunnelSpec spec;
    spec.remotePort = pos[1].toInt(&ok);
    if (!ok || spec.remotePort < 1 || spec.remotePort > 65535) throw UsageError{QStringLiteral("REMOTE_PORT must be 1-65535, got '%1'").arg(pos[1])};
    if (p.isSet(QStringLiteral("local"))) {
      spec.localPort = p.value(QStringLiteral("local")).toInt(&ok);
      if (!ok || spec.localPort < 1 || spec.localPort > 65535) throw UsageError{QStringLiteral("--local must be 1-65535")};
    }
    if (p.isSet(QStringLiteral("remote-host"))) spec.remoteHost = p.value(QStringLiteral("remote-host"));
    if (spec.remoteHost.isEmpty() || spec.remoteHost.contains(QLatin1Char(' ')) || spec.remoteHost.contains(QLatin1Char(':')) && !spec.remoteHost.startsWith(QLatin1Char('[')))
      throw UsageError{QStringLiteral("--remote-host must be a host name or address")};
    QString error;
    const auto profile = remote::loadHost(pos[0], &error);
    if (!profile) {
      env.err << "ct tunnel: " << error << "\n";
      return jobs::exit_code::failed;
    }
    jobs::JobContext ctx(QStringLiteral("tunnel"),
                         {{QStringLiteral("host"), profile->name}, {QStringLiteral("remote_port"), spec.remotePort}, {QStringLiteral("remote_host"), spec.remoteHost}},
                         {env.json, env.jobId});
    ctx.begin();
    remote::SshHost ssh(*profile);
    remote::TunnelWatcher watcher(ssh, spec);
    watcher.setProbeInterval(parsePositiveInt(p, QStringLiteral("probe-interval"), 1) * 1000);
    if (!watcher.open(&error)) return ctx.fail(QStringLiteral("tunnel"), error);
    const QJsonObject where{{QStringLiteral("port"), watcher.localPort()}, {QStringLiteral("url"), watcher.url()},
                            {QStringLiteral("remote"), QStringLiteral("%1:%2").arg(spec.remoteHost).arg(spec.remotePort)}};
    ctx.setRemote(profile->name, where);
    ctx.log(jobs::LogLevel::Info,
            QStringLiteral("tunnel open: %1 → %2 %3:%4 (%5)").arg(watcher.url(), profile->name, spec.remoteHost).arg(spec.remotePort).arg(remote::nameOf(watcher.state())), where);
    if (!env.json) env.out << watcher.url() << "\n" << Qt::flush;
    QObject::connect(&watcher, &remote::TunnelWatcher::stateChanged, [&](remote::TunnelWatcher::State s, const QString& detail) {
      const QString m = QStringLiteral("tunnel %1 → %2:%3 %4%5").arg(watcher.url(), profile->name).arg(spec.remotePort).arg(remote::nameOf(s), detail.isEmpty() ? QString() : QStringLiteral(": ") + detail);
      if (s == remote::TunnelWatcher::State::Down) ctx.warn(m);
      else ctx.info(m);
    });
    runUntilCancelled(ctx);
    watcher.close();
    return ctx.succeed({{QStringLiteral("closed"), true}, {QStringLiteral("port"), watcher.localPort()}});
  }

 private:
  static QList<jobs::JobRecord> open(jobs::JobStore& store) {
    QList<jobs::JobRecord> out;
    for (const auto& r : store.list(500))
      if (r.kind == QLatin1String("tunnel") && r.state == jobs::JobState::Running && r.host == jobs::thisHost() && jobs::processAlive(r.pid)) out << r;
    return out;
  }

  int list(CliEnv& env) {
    jobs::JobStore store(paths::jobsDatabase());
    QString error;
    if (!store.open(&error)) {
      env.err << "ct tunnel: " << error << "\n";
      return jobs::exit_code::failed;
    }
    const auto tunnels = open(store);
    if (env.json) {
      QJsonArray a;
      for (const auto& r : tunnels) {
        QJsonObject o = r.remote;
        o.insert(QStringLiteral("id"), r.id);
        o.insert(QStringLiteral("host"), r.remoteHost);
        o.insert(QStringLiteral("pid"), r.pid);
        a.append(o);
      }
      env.out << QJsonDocument(a).toJson(QJsonDocument::Compact) << "\n";
      return 0;
    }
    if (tunnels.isEmpty()) {
      env.out << "no open tunnels\n";
      return 0;
    }
    for (const auto& r : tunnels)
      env.out << QStringLiteral("%1  %2  → %3 %4\n").arg(r.id, r.remote.value(QStringLiteral("url")).toString().leftJustified(24), r.remoteHost, r.remote.value(QStringLiteral("remote")).toString());
    return 0;
  }

  int close(const QString& id, CliEnv& env) {
    jobs::JobStore store(paths::jobsDatabase());
    QString error;
    if (!store.open(&error)) {
      env.err << "ct tunnel: " << error << "\n";
      return jobs::exit_code::failed;
    }
    for (const auto& r : open(store))
      if (r.id.startsWith(id)) {
        ::kill(static_cast<pid_t>(r.pid), SIGTERM);
        env.out << "closing tunnel " << r.id << " (" << r.remote.value(QStringLiteral("url")).toString() << ")\n";
        return 0;
      }
    env.err << "ct tunnel: no open tunnel with id '" << id << "' (ct tunnel list)\n";
    return jobs::exit_code::failed;
  }
};

}  // namespace

std::unique_ptr<Command> makeTunnelCommand() { return std::make_unique<TunnelCommand>(); }

}  // namespace ct::cli
