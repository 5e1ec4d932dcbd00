#include <QJsonArray>

#include "cli/commands.h"
#include "diag/doctor.h"
#include "jobs/job_context.h"

namespace ct::cli {
namespace {

class DoctorCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("doctor"); }
  QString summary() const override {
    return QStringLiteral("Check this machine: job history, folders, SSH client, python3, GPUs.");
  }
  int run(const QCommandLineParser&, CliEnv& env) override {
    jobs::JobContext ctx(QStringLiteral("doctor"), {}, {env.json, env.jobId});
    ctx.begin();
    const int code = diag::runDoctor(ctx);
    if (!env.json && code == jobs::exit_code::ok) env.out << "all required checks passed (job " << ctx.id() << ")\n";
    return code;
  }
};

}  // namespace

std::unique_ptr<Command> makeDoctorCommand() { return std::make_unique<DoctorCommand>(); }

}  // namespace ct::cli
