#include <QCoreApplication>

#include "brand/brand.h"
#include "cli/askpass.h"
#include "cli/commands.h"
#include "proc/daemon.h"
#include "remote/ssh_askpass.h"
#include "util/cancel.h"
#include "util/paths.h"

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  const auto& brand = ct::brand::Brand::current();
  QCoreApplication::setOrganizationName(brand.applicationId);
  QCoreApplication::setApplicationName(QStringLiteral("ct"));
  QCoreApplication::setApplicationVersion(brand.version());
  ct::paths::setApplicationFolder(brand.applicationId);  // the GUI's history, accounts and logs
  ct::cancel::installSignalHandlers();
  ct::proc::watchParentFromEnvironment();

  ct::cli::Registry registry;
  registry.add(ct::cli::makeAuditCommand());
  registry.add(ct::cli::makeCompileCommand());
  registry.add(ct::cli::makeDemoCommand());
  registry.add(ct::cli::makeDoctorCommand());
  registry.add(ct::cli::makeEvalCommand());
  registry.add(ct::cli::makeGpusCommand());
  registry.add(ct::cli::makeHostCommand());
  registry.add(ct::cli::makeLeaseCommand());
  registry.add(ct::cli::makeLeasesCommand());
  registry.add(ct::cli::makeHostsCommand());
  registry.add(ct::cli::makeJobsCommand());
  registry.add(ct::cli::makeKeysCommand());
  registry.add(ct::cli::makeLoginCommand());
  registry.add(ct::cli::makeLogoutCommand());
  registry.add(ct::cli::makeModelCommand());
  registry.add(ct::cli::makeGenerateCommand());
  registry.add(ct::cli::makePullCommand());
  registry.add(ct::cli::makePushCommand());
  registry.add(ct::cli::makeQuantizeCommand());
  registry.add(ct::cli::makeRunCommand());
  registry.add(ct::cli::makeScoreCommand());
  registry.add(ct::cli::makeServeCommand());
  registry.add(ct::cli::makeTokenizeCommand());
  registry.add(ct::cli::makeTrainDemoCommand());
  registry.add(ct::cli::makeUsersCommand());
  registry.add(ct::cli::makeTunnelCommand());
  registry.add(ct::cli::makeDeployCommand());
  registry.add(ct::cli::makePipelineCommand());
  registry.add(ct::cli::makeVersionCommand());
  registry.add(ct::cli::makeWhoamiCommand());
  const QStringList args = QCoreApplication::arguments();
  if (ct::cli::startedAsAskpass(args, registry.find(args.value(1)) != nullptr)) return ct::cli::runAskpass(args);
  // ssh runs this same binary as its askpass when a host's passphrase is remembered.
  ct::remote::setAskpassProgram(QCoreApplication::applicationFilePath());
  return registry.dispatch(args);
}
