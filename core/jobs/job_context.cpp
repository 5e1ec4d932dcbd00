#include "jobs/job_context.h"

#include <QCoreApplication>
#include <QDateTime>
#include <cmath>
#include <unistd.h>

#include "auth/audit_log.h"
#include "auth/session.h"
#include "jobs/job_store.h"
#include "util/cancel.h"
#include "util/paths.h"

namespace ct::jobs {
namespace {

// Audit names by what a job is: deployments and services are listed apart from stages.
QString auditCategory(const QString& kind) {
  if (kind == QLatin1String("deploy")) return QStringLiteral("deploy");
  if (kind == QLatin1String("serve") || kind == QLatin1String("host")) return QStringLiteral("service");
  return QStringLiteral("stage");
}

}  // namespace

JobContext::JobContext(QString kind, QJsonObject params, JobContextOptions options) : options_(std::move(options)) {
  record_.id = options_.jobId.isEmpty() ? JobRecord::newId() : options_.jobId;
  record_.kind = std::move(kind);
  record_.params = auth::redactSecrets(params);  // the history and its readers never hold a secret
  record_.created = QDateTime::currentDateTimeUtc();
  record_.pid = ::getpid();
  record_.host = thisHost();
}

JobContext::~JobContext() {
  if (!finished_) fail(QStringLiteral("internal"), QStringLiteral("the command ended without reporting a result"));
}

void JobContext::begin() {
  cancel::setCooperative(true);
  record_.state = JobState::Running;
  if (!record_.started.isValid() || !options_.resume) record_.started = QDateTime::currentDateTimeUtc();
  record_.user = auth::currentIdentity().user;
  if (options_.keepHistory) {
    QJsonObject params = record_.params;
    params.insert(QStringLiteral("kind"), record_.kind);
    auth::recordAudit(auth::currentIdentity(), auditCategory(record_.kind) + QStringLiteral(".start"), record_.id, params,
                      QStringLiteral("ok"));
    QString error;
    store_ = std::make_unique<JobStore>(paths::jobsDatabase());
    if (!store_->open(&error)) {
      store_.reset();
      log(LogLevel::Warning, error + QStringLiteral(" — the job runs without history"));
    } else if (options_.resume) {
      if (const auto old = store_->get(record_.id)) {
        const qint64 pid = record_.pid;
        const QString host = record_.host;
        record_ = *old;
        record_.pid = pid;
        record_.host = host;
      }
    }
    const QString logPath = paths::jobLogDir() + QLatin1Char('/') + record_.id + QStringLiteral(".log");
    if (logFile_.open(logPath, &error)) record_.logPath = logPath;
    else log(LogLevel::Warning, error);
  }
  persist(true);
  emitEvent(Event::stateChange(JobState::Running));
  sinceSave_.start();
}

void JobContext::log(LogLevel level, const QString& message, const QJsonObject& data) {
  Event e = Event::log(level, message);
  e.data = data;
  emitEvent(std::move(e));
}

void JobContext::logQuietly(LogLevel level, const QString& message) {
  if (options_.json) {
    log(level, message);
    return;
  }
  logFile_.write(level, message);
}

void JobContext::setRemote(const QString& host, const QJsonObject& remote) {
  record_.remoteHost = host;
  record_.remote = remote;
  persist(true);
}

void JobContext::updateRemote(const QJsonObject& remote) {
  record_.remote = remote;
  persist(false);
}

int JobContext::detach() {
  finished_ = true;
  cancel::setCooperative(false);
  persist(true);
  logFile_.flush();
  return exit_code::ok;
}

void JobContext::progress(double done, double total, const QString& unit, const QString& stage) {
  const qint64 now = QDateTime::currentMSecsSinceEpoch();
  eta_.add(now, done);
  record_.done = done;
  record_.total = total;
  record_.unit = unit;
  Event e = Event::progress(done, total, unit, eta_.secondsLeft(total), stage);
  e.timeMs = now;
  emitEvent(std::move(e));
  persist(false);
}

void JobContext::metric(const QString& series, double x, double y) { emitEvent(Event::metric(series, x, y)); }

void JobContext::text(const QString& piece) {
  if (options_.json) {
    emitEvent(Event::textDelta(piece));
    return;
  }
  const QByteArray bytes = piece.toUtf8();
  std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), options_.out);
  std::fflush(options_.out);
}

bool JobContext::cancelled() const { return cancel::requested(); }

void JobContext::forward(Event e, const QString& runStage) {
  e.runStage = runStage;
  e.job = record_.id;
  if (options_.json) {
    const QByteArray line = e.toLine();
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), options_.out);
    std::fflush(options_.out);
    return;
  }
  if (e.type != Event::Type::Log || e.level == LogLevel::Info || e.level == LogLevel::Debug) return;
  const QByteArray text = QStringLiteral("[%1] %2: %3\n").arg(runStage, nameOf(e.level), e.message).toUtf8();
  std::fwrite(text.constData(), 1, static_cast<size_t>(text.size()), options_.err);
  std::fflush(options_.err);
}

int JobContext::succeed(const QJsonObject& result) {
  record_.result = result;
  emitEvent(Event::resultOf(result));
  return finish(JobState::Succeeded, exit_code::ok);
}

int JobContext::fail(const QString& code, const QString& message) {
  record_.errorCode = code;
  record_.errorMessage = message;
  emitEvent(Event::error(code, message));
  return finish(JobState::Failed, exit_code::failed);
}

int JobContext::cancel() {
  record_.errorCode = QStringLiteral("cancelled");
  record_.errorMessage = QStringLiteral("cancelled by the user");
  return finish(JobState::Cancelled, exit_code::cancelled);
}

int JobContext::finish(JobState state, int exitCode) {
  finished_ = true;
  cancel::setCooperative(false);
  record_.state = state;
  record_.finished = QDateTime::currentDateTimeUtc();
  emitEvent(Event::stateChange(state));
  persist(true);
  logFile_.flush();
  if (options_.keepHistory)
    auth::recordAudit(auth::currentIdentity(), auditCategory(record_.kind) + (auditCategory(record_.kind) == QLatin1String("service") ? QStringLiteral(".stop") : QStringLiteral(".finish")),
                      record_.id, QJsonObject{{QStringLiteral("kind"), record_.kind}}, nameOf(state), record_.errorMessage);
  return exitCode;
}

void JobContext::persist(bool force) {
  if (!store_) return;
  if (!force && sinceSave_.isValid() && sinceSave_.elapsed() < 1000) return;  // SQLite is not a progress bus
  QString error;
  if (!store_->save(record_, &error) && force) {
    const QByteArray line = error.toUtf8();
    std::fprintf(options_.err, "warning: %s\n", line.constData());
  }
  sinceSave_.restart();
}

void JobContext::emitEvent(Event e) {
  e.job = record_.id;
  if (e.type == Event::Type::Log) logFile_.write(e.level, e.message);
  else if (e.type == Event::Type::Error) logFile_.write(LogLevel::Error, e.code + QStringLiteral(": ") + e.message);
  else if (e.type == Event::Type::State) logFile_.write(LogLevel::Info, QStringLiteral("state ") + nameOf(e.state));

  if (options_.json) {
    const QByteArray line = e.toLine();
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), options_.out);
    std::fflush(options_.out);
    return;
  }
  QByteArray text;
  switch (e.type) {
    case Event::Type::Log:
      if (e.level == LogLevel::Debug) return;
      text = (e.level == LogLevel::Info ? QString() : nameOf(e.level) + QStringLiteral(": ")).toUtf8() +
             e.message.toUtf8();
      break;
    case Event::Type::Progress: {
      const int percent = e.total > 0 ? static_cast<int>(std::floor(100.0 * e.done / e.total)) : 0;
      if (percent == lastHumanPercent_ && e.stage == lastHumanStage_) return;
      lastHumanPercent_ = percent;
      lastHumanStage_ = e.stage;
      auto number = [](double v) { return v == std::floor(v) && std::abs(v) < 1e15 ? QString::number(static_cast<qint64>(v)) : QString::number(v); };
      QString s = QStringLiteral("[%1/%2 %3] %4%").arg(number(e.done), number(e.total), e.unit).arg(percent);
      if (e.etaSeconds >= 0) s += QStringLiteral(" ETA %1s").arg(qRound(e.etaSeconds));
      if (!e.stage.isEmpty()) s += QStringLiteral(" ") + e.stage;
      text = s.toUtf8();
      break;
    }
    case Event::Type::Error:
      text = QStringLiteral("error: %1").arg(e.message).toUtf8();
      break;
    default:
      return;  // metrics, states and results are for machines; the command prints its own summary
  }
  text.append('\n');
  std::fwrite(text.constData(), 1, static_cast<size_t>(text.size()), options_.err);
  std::fflush(options_.err);
}

}  // namespace ct::jobs
