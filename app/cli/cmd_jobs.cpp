#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <csignal>

#include "auth/audit_log.h"
#include "auth/session.h"
#include "cli/commands.h"
#include "jobs/job_context.h"
#include "jobs/job_state.h"
#include "jobs/job_store.h"
#include "remote/host_store.h"
#include "remote/job_relay.h"
#include "util/paths.h"

namespace ct::cli {
namespace {

QString shortTime(const QDateTime& t) { return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm:ss")) : QStringLiteral("-"); }

QString duration(const jobs::JobRecord& r) {
  if (!r.started.isValid()) return QStringLiteral("-");
  const QDateTime end = r.finished.isValid() ? r.finished : QDateTime::currentDateTimeUtc();
  const qint64 s = r.started.secsTo(end);
  return s >= 3600 ? QStringLiteral("%1h%2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'))
                   : QStringLiteral("%1m%2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

class JobsCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("jobs"); }
  QString summary() const override { return QStringLiteral("List, show, tail, cancel or re-attach jobs (local ones and those on GPU hosts)."); }
  QString synopsis() const override { return QStringLiteral("[list | show ID | log ID | cancel ID | attach ID]"); }
  void addOptions(QCommandLineParser& p) override {
    p.addOption({QStringLiteral("limit"), QStringLiteral("How many jobs to list (default 20)."), QStringLiteral("n")});
    p.addOption({QStringLiteral("grace"), QStringLiteral("cancel of a detached job on a GPU host: seconds between TERM and KILL (default 5)."), QStringLiteral("s")});
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list (default), show, log, cancel or attach (follow a job on a GPU host again)"));
    p.addPositionalArgument(QStringLiteral("id"), QStringLiteral("Job id or a unique prefix of it"));
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    const QStringList pos = p.positionalArguments();
    const QString action = pos.value(0, QStringLiteral("list"));
    jobs::JobStore store(paths::jobsDatabase());
    QString error;
    if (!store.open(&error)) {
      env.err << "ct jobs: " << error << "\n";
      return jobs::exit_code::failed;
    }
    store.reapLost();
    if (action == QLatin1String("list")) return list(store, parsePositiveInt(p, QStringLiteral("limit"), 20), env);
    if (action != QLatin1String("show") && action != QLatin1String("log") && action != QLatin1String("cancel") && action != QLatin1String("attach"))
      throw UsageError{QStringLiteral("unknown action '%1' (use list, show, log, cancel or attach)").arg(action)};
    if (pos.size() < 2) throw UsageError{QStringLiteral("'%1' needs a job id").arg(action)};
    const auto matches = store.list(2, pos.at(1));
    if (matches.isEmpty()) {
      env.err << "ct jobs: no job with id '" << pos.at(1) << "' (see 'ct jobs list')\n";
      return jobs::exit_code::failed;
    }
    if (matches.size() > 1) {
      env.err << "ct jobs: '" << pos.at(1) << "' matches several jobs; give more of the id\n";
      return jobs::exit_code::usage;
    }
    const jobs::JobRecord& r = matches.first();
    if (action == QLatin1String("show")) return show(r, env);
    if (action == QLatin1String("log")) return log(r, env);
    if (action == QLatin1String("attach")) return attach(store, r, env);
    if (!r.remoteHost.isEmpty() && !followed(r)) return cancelDetached(store, r, env, parsePositiveInt(p, QStringLiteral("grace"), 5) * 1000);
    return cancel(r, env);
  }

 private:
  // A job on a GPU host is followed by a local `ct` process; without one it runs there detached.
  static bool followed(const jobs::JobRecord& r) { return r.host == jobs::thisHost() && jobs::processAlive(r.pid); }

  int list(jobs::JobStore& store, int limit, CliEnv& env) {
    const auto records = store.list(limit);
    if (env.json) {
      QJsonArray a;
      for (const auto& r : records) {
        QJsonObject o = r.toJson();
        if (!r.remoteHost.isEmpty()) o.insert(QStringLiteral("followed"), !jobs::isFinal(r.state) && followed(r));
        a.append(o);
      }
      env.out << QJsonDocument(a).toJson(QJsonDocument::Compact) << "\n";
      return 0;
    }
    if (records.isEmpty()) {
      env.out << "no jobs yet (history: " << store.path() << ")\n";
      return 0;
    }
    env.out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                   .arg(QStringLiteral("ID").leftJustified(22), QStringLiteral("KIND").leftJustified(10),
                        QStringLiteral("STATE").leftJustified(10), QStringLiteral("HOST").leftJustified(12), QStringLiteral("STARTED").leftJustified(19),
                        QStringLiteral("TIME"));
    int detached = 0;
    for (const auto& r : records) {
      QString state = jobs::nameOf(r.state);
      if (!r.remoteHost.isEmpty() && !jobs::isFinal(r.state) && !followed(r)) state += QLatin1Char('*'), ++detached;
      env.out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                     .arg(r.id.leftJustified(22), r.kind.leftJustified(10), state.leftJustified(10), (r.remoteHost.isEmpty() ? QStringLiteral("-") : r.remoteHost).leftJustified(12),
                          shortTime(r.started).leftJustified(19), duration(r));
    }
    if (detached) env.out << "* runs on its host with nothing following it here: ct jobs attach ID follows it again, ct jobs cancel ID stops it\n";
    return 0;
  }

  int show(const jobs::JobRecord& r, CliEnv& env) {
    if (env.json) {
      env.out << QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact) << "\n";
      return 0;
    }
    env.out << "id:       " << r.id << "\nkind:     " << r.kind << "\nuser:     " << (r.user.isEmpty() ? QStringLiteral("-") : r.user)
            << "\nstate:    " << jobs::nameOf(r.state)
            << "\ncreated:  " << shortTime(r.created) << "\nstarted:  " << shortTime(r.started)
            << "\nfinished: " << shortTime(r.finished) << "\nprogress: " << r.done << "/" << r.total << " " << r.unit
            << "\nprocess:  " << r.pid << " on " << r.host;
    if (!r.remoteHost.isEmpty())
      env.out << "\nremote:   " << r.remoteHost << ": " << r.remote.value(QStringLiteral("dir")).toString() << " (process group "
              << r.remote.value(QStringLiteral("pid")).toInteger() << ", " << r.remote.value(QStringLiteral("offset")).toInteger() << " log bytes read"
              << (jobs::isFinal(r.state) ? QString() : followed(r) ? QStringLiteral(", followed") : QStringLiteral(", detached")) << ")";
    env.out << "\nlog:      " << (r.logPath.isEmpty() ? QStringLiteral("-") : r.logPath)
            << "\n";
    if (!r.params.isEmpty()) env.out << "params:   " << QJsonDocument(r.params).toJson(QJsonDocument::Compact) << "\n";
    if (!r.result.isEmpty()) env.out << "result:   " << QJsonDocument(r.result).toJson(QJsonDocument::Compact) << "\n";
    if (!r.errorMessage.isEmpty()) env.out << "error:    " << r.errorCode << ": " << r.errorMessage << "\n";
    return 0;
  }

  int log(const jobs::JobRecord& r, CliEnv& env) {
    QFile f(r.logPath);
    if (r.logPath.isEmpty() || !f.open(QIODevice::ReadOnly)) {
      env.err << "ct jobs: job " << r.id << " has no readable log file" << (r.logPath.isEmpty() ? QString() : QStringLiteral(" (") + r.logPath + QLatin1Char(')')) << "\n";
      return jobs::exit_code::failed;
    }
    env.out.flush();
    while (!f.atEnd()) {
      const QByteArray chunk = f.read(1 << 16);
      std::fwrite(chunk.constData(), 1, static_cast<size_t>(chunk.size()), stdout);
    }
    return 0;
  }

  int cancel(const jobs::JobRecord& r, CliEnv& env) {
    // Another user's job is the admin's to cancel; the request is audited either way.
    const auth::Identity me = auth::currentIdentity();
    const auth::Verdict v = auth::authorize(me, auth::Action::CancelJob, QStringLiteral("cancelling job %1").arg(r.id), r.user);
    auth::recordAudit(me, QStringLiteral("stage.cancel"), r.id, QJsonObject{{QStringLiteral("kind"), r.kind}, {QStringLiteral("owner"), r.user}},
                      v ? QStringLiteral("ok") : QStringLiteral("denied"), v.message);
    if (!v) {
      env.err << "ct jobs: " << v.message << "\n";
      return jobs::exit_code::denied;
    }
    if (jobs::isFinal(r.state)) {
      env.err << "ct jobs: job " << r.id << " already " << jobs::nameOf(r.state) << "\n";
      return jobs::exit_code::failed;
    }
    if (r.host != jobs::thisHost()) {
      env.err << "ct jobs: job " << r.id << " runs on " << r.host << ", not on this machine\n";
      return jobs::exit_code::failed;
    }
    if (!jobs::processAlive(r.pid) || ::kill(static_cast<pid_t>(r.pid), SIGTERM) != 0) {
      env.err << "ct jobs: the process of job " << r.id << " (pid " << r.pid << ") is gone\n";
      return jobs::exit_code::failed;
    }
    env.out << "sent a cancel request to job " << r.id << " (pid " << r.pid << ")\n";
    return 0;
  }

  static std::optional<remote::HostProfile> hostOf(const jobs::JobRecord& r, CliEnv& env) {
    QString error;
    auto p = remote::loadHost(r.remoteHost, &error);
    if (!p) env.err << "ct jobs: job " << r.id << " runs on host '" << r.remoteHost << "': " << error << "\n";
    return p;
  }

  int attach(jobs::JobStore& store, const jobs::JobRecord& r, CliEnv& env) {
    if (r.remoteHost.isEmpty()) {
      env.err << "ct jobs: job " << r.id << " ran on this machine; only jobs on GPU hosts can be re-attached (ct jobs log " << r.id << " shows its log)\n";
      return jobs::exit_code::failed;
    }
    if (jobs::isFinal(r.state)) {
      env.err << "ct jobs: job " << r.id << " already " << jobs::nameOf(r.state) << "\n";
      return jobs::exit_code::failed;
    }
    if (followed(r)) {
      env.err << "ct jobs: job " << r.id << " is followed by ct process " << r.pid << " already\n";
      return jobs::exit_code::failed;
    }
    const auto profile = hostOf(r, env);
    if (!profile) return jobs::exit_code::failed;
    Q_UNUSED(store);
    jobs::JobContextOptions o{env.json, r.id};
    o.resume = true;
    jobs::JobContext ctx(r.kind, r.params, o);
    ctx.begin();
    remote::SshHost ssh(*profile);
    remote::RemoteJobInfo info = remote::RemoteJobInfo::fromJson(r.remote);
    ctx.info(QStringLiteral("re-attached to job %1 on %2 from log byte %3").arg(r.id, ssh.label()).arg(info.offset));
    remote::EventRelay relay(ctx, !env.json);
    return remote::followAsJob(ctx, ssh, info, std::nullopt, relay);
  }

  int cancelDetached(jobs::JobStore& store, jobs::JobRecord r, CliEnv& env, int graceMs) {
    if (jobs::isFinal(r.state)) {
      env.err << "ct jobs: job " << r.id << " already " << jobs::nameOf(r.state) << "\n";
      return jobs::exit_code::failed;
    }
    const auto profile = hostOf(r, env);
    if (!profile) return jobs::exit_code::failed;
    remote::SshHost ssh(*profile);
    remote::RemoteJobRunner runner(ssh);
    QString report;
    if (!runner.cancel(remote::RemoteJobInfo::fromJson(r.remote), graceMs, &report)) {
      env.err << "ct jobs: could not cancel job " << r.id << " on " << ssh.label() << ": " << report << "\n";
      return jobs::exit_code::failed;
    }
    r.state = jobs::JobState::Cancelled;
    r.finished = QDateTime::currentDateTimeUtc();
    r.errorCode = QStringLiteral("cancelled");
    r.errorMessage = QStringLiteral("cancelled by the user (on %1: %2)").arg(profile->name, report);
    store.save(r);
    env.out << "cancelled job " << r.id << " on " << profile->name << ": " << report << "\n";
    return 0;
  }
};

}  // namespace

std::unique_ptr<Command> makeJobsCommand() { return std::make_unique<JobsCommand>(); }

}  // namespace ct::cli
