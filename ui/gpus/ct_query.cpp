#include "gpus/ct_query.h"

#include "auth/session.h"
#include "jobs/job_manager.h"
#include "proc/process.h"

namespace ct::ui {

CtQuery::CtQuery(QObject* parent) : QObject(parent) {}

CtQuery::~CtQuery() { cancel(); }

bool CtQuery::isRunning() const { return process_ && process_->isRunning(); }

void CtQuery::cancel() {
  if (!process_) return;
  process_->disconnect(this);
  if (process_->isRunning()) process_->cancel();
  process_->deleteLater();  // the wrapper ends its group on the way out
  process_ = nullptr;
}

void CtQuery::run(const QStringList& args, std::function<void(const Reply&)> done, int timeoutMs) {
  cancel();
  out_.clear();
  err_.clear();
  proc::ProcessSpec spec;
  spec.program = jobs::JobManager::ctProgram();
  spec.args = args + QStringList{QStringLiteral("--json")};
  spec.wallTimeoutMs = timeoutMs;
  if (!auth::currentSessionToken().isEmpty()) {
    spec.args << QStringLiteral("--") + auth::kSecretsStdinOption;
    spec.stdinData = auth::encodeHandoff({});
  }
  process_ = new proc::Process(this);
  connect(process_, &proc::Process::stdoutLines, this, [this](const QList<QByteArray>& lines) {
    for (const QByteArray& l : lines) out_ += l + '\n';
  });
  connect(process_, &proc::Process::stderrLines, this, [this](const QList<QByteArray>& lines) {
    for (const QByteArray& l : lines) err_ << QString::fromUtf8(l);
    while (err_.size() > 20) err_.removeFirst();
  });
  connect(process_, &proc::Process::done, this, [this, done](const proc::ProcessResult& r) {
    Reply reply;
    reply.ok = r.ok();
    reply.out = out_;
    reply.error = err_.join(QLatin1Char('\n')).trimmed();
    if (!reply.ok && reply.error.isEmpty()) reply.error = r.describe();
    process_->deleteLater();
    process_ = nullptr;
    done(reply);
  });
  process_->start(spec);
}

}  // namespace ct::ui
