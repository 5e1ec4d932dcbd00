#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <csignal>

#include "auth/audit_log.h"
#include "auth/session.h"
#include "cli/commands.h"
#include "jobs/job_state.h"
#include "jobs/job_store.h"
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
  QString summary() const override { return QStringLiteral("List, show, tail or cancel jobs from the job history."); }
  QString synopsis() const override { return QStringLiteral("[list | show ID | log ID | cancel ID]"); }
  void addOptions(QCommandLineParser& p) override {
    p.addOption({QStringLiteral("limit"), QStringLiteral("How many jobs to list (default 20)."), QStringLiteral("n")});
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list (default), show, log or cancel"));
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
    if (action != QLatin1String("show") && action != QLatin1String("log") && action != QLatin1String("cancel"))
      throw UsageError{QStringLiteral("unknown action '%1' (use list, show, log or cancel)").arg(action)};
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
    return cancel(r, env);
  }

 private:
  int list(jobs::JobStore& store, int limit, CliEnv& env) {
    const auto records = store.list(limit);
    if (env.json) {
      QJsonArray a;
      for (const auto& r : records) a.append(r.toJson());
      env.out << QJsonDocument(a).toJson(QJsonDocument::Compact) << "\n";
      return 0;
    }
    if (records.isEmpty()) {
      env.out << "no jobs yet (history: " << store.path() << ")\n";
      return 0;
    }
    env.out << QStringLiteral("%1  %2  %3  %4  %5\n")
                   .arg(QStringLiteral("ID").leftJustified(22), QStringLiteral("KIND").leftJustified(10),
                        QStringLiteral("STATE").leftJustified(10), QStringLiteral("STARTED").leftJustified(19),
                        QStringLiteral("TIME"));
    for (const auto& r : records)
      env.out << QStringLiteral("%1  %2  %3  %4  %5\n")
                     .arg(r.id.leftJustified(22), r.kind.leftJustified(10), jobs::nameOf(r.state).leftJustified(10),
                          shortTime(r.started).leftJustified(19), duration(r));
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
            << "\nprocess:  " << r.pid << " on " << r.host << "\nlog:      " << (r.logPath.isEmpty() ? QStringLiteral("-") : r.logPath)
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
};

}  // namespace

std::unique_ptr<Command> makeJobsCommand() { return std::make_unique<JobsCommand>(); }

}  // namespace ct::cli
