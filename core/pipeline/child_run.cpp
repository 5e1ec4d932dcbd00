#include "pipeline/child_run.h"

#include "auth/session.h"
#include "jobs/job_context.h"
#include "proc/daemon.h"

namespace ct::pipeline {

ChildRun::ChildRun(jobs::JobContext& ctx, QString stage, const QString& program, QStringList args, const QHash<QString, QString>& secrets, QObject* parent)
    : QObject(parent), ctx_(ctx), stage_(std::move(stage)) {
  spec_.program = program;
  spec_.args = std::move(args);
  spec_.args << QStringLiteral("--json");
  spec_.env = proc::tiedToThisProcess();  // a stage does not outlive its run, even a run that is killed
  auth::addSecretsHandoff(&spec_.args, &spec_.stdinData, secrets);
  connect(&p_, &proc::Process::stdoutLines, this, [this](const QList<QByteArray>& lines) {
    for (const QByteArray& line : lines) {
      auto e = jobs::Event::parseLine(line, nullptr);
      if (!e) continue;
      if (job_.isEmpty()) job_ = e->job;
      switch (e->type) {
        case jobs::Event::Type::Result: result_ = e->result; break;
        case jobs::Event::Type::Error:
          error_ = e->message;
          failed_ = true;
          ctx_.forward(jobs::Event::log(jobs::LogLevel::Error, e->message), stage_);
          break;
        case jobs::Event::Type::State: break;
        case jobs::Event::Type::Progress:
          if (e->total > 0) fraction_ = std::clamp(e->done / e->total, 0.0, 1.0);
          ctx_.forward(*e, stage_);
          Q_EMIT progressed();
          break;
        case jobs::Event::Type::Log:
          if (!e->data.isEmpty()) logData_ << e->data;
          ctx_.forward(*e, stage_);
          break;
        default: ctx_.forward(*e, stage_);
      }
    }
  });
  connect(&p_, &proc::Process::stderrLines, this, [this](const QList<QByteArray>& lines) {
    for (const QByteArray& l : lines) {
      ctx_.forward(jobs::Event::log(jobs::LogLevel::Warning, QString::fromUtf8(l)), stage_);
      // A usage error is said on stderr only ("ct quantize: --bits …"): it is the stage's error.
      if (l.startsWith("ct ") && lastStderr_.isEmpty()) lastStderr_ = QString::fromUtf8(l);
    }
  });
  connect(&p_, &proc::Process::done, this, [this] { Q_EMIT done(); });
}

void ChildRun::start() { p_.start(spec_); }

bool ChildRun::cancelled() const { return p_.result().outcome == proc::ProcessResult::Outcome::Cancelled || p_.result().exitCode == 130; }

QString ChildRun::error() const {
  if (!error_.isEmpty()) return error_;
  if (!lastStderr_.isEmpty()) return lastStderr_;
  return p_.result().describe();
}

}  // namespace ct::pipeline
