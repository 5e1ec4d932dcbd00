#include "remote/job_relay.h"

#include <QJsonDocument>
#include <cstdio>

#include "jobs/event.h"
#include "jobs/job_context.h"
#include "util/cancel.h"

namespace ct::remote {

EventRelay::EventRelay(jobs::JobContext& ctx, bool printRawLines) : ctx_(ctx), printRaw_(printRawLines) {}

void EventRelay::line(const QByteArray& raw) {
  using T = jobs::Event::Type;
  std::optional<jobs::Event> e;
  if (raw.startsWith('{')) e = jobs::Event::parseLine(raw, nullptr);
  if (!e) {
    const QString text = QString::fromUtf8(raw);
    if (plainLine) {
      plainLine(text);
    } else if (printRaw_) {
      std::fwrite(raw.constData(), 1, static_cast<size_t>(raw.size()), stdout);
      std::fputc('\n', stdout);
      std::fflush(stdout);
      ctx_.logQuietly(jobs::LogLevel::Info, text);
    } else {
      ctx_.log(jobs::LogLevel::Info, text);
    }
    return;
  }
  switch (e->type) {
    case T::Log: ctx_.log(e->level, e->message, e->data); break;
    case T::Progress: ctx_.progress(e->done, e->total, e->unit, e->stage); break;
    case T::Metric: ctx_.metric(e->series, e->x, e->y); break;
    case T::Text: ctx_.text(e->text); break;
    case T::Result: result = e->result; break;
    case T::Error:
      errorCode = e->code;
      errorMessage = e->message;
      break;
    case T::State:
      if (jobs::isFinal(e->state)) reportedFinal = e->state;
      break;
  }
}

namespace {

struct Followed {
  FollowOutcome outcome;
};

Followed followInto(jobs::JobContext& ctx, SshHost& ssh, RemoteJobInfo& info, const std::optional<RemoteJobSpec>& start, EventRelay& relay, const QString& id,
                    int graceMs = 5000, const std::function<bool()>& alsoCancel = {}) {
  RemoteJobRunner runner(ssh);
  FollowCallbacks cb;
  cb.line = [&](const QByteArray& l) { relay.line(l); };
  cb.notice = [&](const QString& m) { ctx.warn(m); };
  cb.progress = [&](const RemoteJobInfo& i) { ctx.updateRemote(i.toJson()); };
  cb.cancelRequested = [&] { return ctx.cancelled() || (alsoCancel && alsoCancel()); };
  cb.cancelGraceMs = graceMs;
  cb.detachRequested = [] { return cancel::detachRequested(); };
  Followed f;
  if (start) {
    info.dir = RemoteJobRunner::jobDir(ssh.profile(), id);
    ctx.setRemote(ssh.profile().name, info.toJson());
    f.outcome = runner.run(id, *start, info, cb, [&](const RemoteJobInfo& i) {
      ctx.setRemote(ssh.profile().name, i.toJson());
      ctx.log(jobs::LogLevel::Debug, QStringLiteral("started on %1 as process group %2 in %3").arg(ssh.label()).arg(i.pid).arg(i.dir));
    });
  } else {
    f.outcome = runner.follow(info, cb);
  }
  ctx.setRemote(ssh.profile().name, info.toJson());
  return f;
}

QString describeExit(int code) {
  if (code > 128 && code < 160) return QStringLiteral("was ended by signal %1").arg(code - 128);
  return QStringLiteral("exited with code %1").arg(code);
}

}  // namespace

int followAsJob(jobs::JobContext& ctx, SshHost& ssh, RemoteJobInfo& info, const std::optional<RemoteJobSpec>& start, EventRelay& relay, const QJsonObject& extraResult,
                int cancelGraceMs) {
  const Followed f = followInto(ctx, ssh, info, start, relay, ctx.id(), cancelGraceMs);
  using E = FollowOutcome::End;
  switch (f.outcome.end) {
    case E::Exited: {
      if (f.outcome.exitCode == 0 && relay.reportedFinal.value_or(jobs::JobState::Succeeded) == jobs::JobState::Succeeded) {
        QJsonObject r = relay.result;
        for (auto it = extraResult.begin(); it != extraResult.end(); ++it) r.insert(it.key(), it.value());
        r.insert(QStringLiteral("host"), ssh.profile().name);
        r.insert(QStringLiteral("exit_code"), 0);
        r.insert(QStringLiteral("job_dir"), info.dir);
        return ctx.succeed(r);
      }
      if (relay.reportedFinal == jobs::JobState::Cancelled || f.outcome.exitCode == jobs::exit_code::cancelled) return ctx.cancel();
      return ctx.fail(relay.errorCode.isEmpty() ? QStringLiteral("remote_exit") : relay.errorCode,
                      relay.errorMessage.isEmpty() ? QStringLiteral("the command %1 on %2").arg(describeExit(f.outcome.exitCode), ssh.label())
                                                   : QStringLiteral("%1 (on %2)").arg(relay.errorMessage, ssh.label()));
    }
    case E::Cancelled:
      ctx.info(QStringLiteral("cancelled on %1: %2").arg(ssh.label(), f.outcome.message));
      return ctx.cancel();
    case E::Detached: return ctx.detach();
    case E::Lost:
      ctx.log(jobs::LogLevel::Error, f.outcome.message);
      ctx.detach();
      return jobs::exit_code::failed;
    case E::Failed: break;
  }
  return ctx.fail(QStringLiteral("remote_job"), f.outcome.message);
}

StageOutcome runStage(jobs::JobContext& ctx, SshHost& ssh, const QString& stageId, const RemoteJobSpec& spec, EventRelay& relay,
                      const std::function<bool()>& alsoCancel) {
  StageOutcome s;
  RemoteJobInfo info;
  const Followed f = followInto(ctx, ssh, info, spec, relay, stageId, 5000, alsoCancel);
  s.exitCode = f.outcome.exitCode;
  using E = FollowOutcome::End;
  if (f.outcome.end == E::Exited && f.outcome.exitCode == 0) s.ok = true;
  else if (f.outcome.end == E::Cancelled) s.cancelled = true, s.error = QStringLiteral("cancelled");
  else if (f.outcome.end == E::Exited)
    s.error = relay.errorMessage.isEmpty() ? QStringLiteral("%1 %2 on %3").arg(spec.argv.value(0), describeExit(f.outcome.exitCode), ssh.label()) : relay.errorMessage;
  else s.error = f.outcome.message;
  return s;
}

}  // namespace ct::remote
