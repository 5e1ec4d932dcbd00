#pragma once
#include <memory>

#include "cli/command.h"

namespace ct::cli {

std::unique_ptr<Command> makeVersionCommand();
std::unique_ptr<Command> makeJobsCommand();
std::unique_ptr<Command> makeDoctorCommand();
std::unique_ptr<Command> makeTokenizeCommand();
std::unique_ptr<Command> makeGenerateCommand();
std::unique_ptr<Command> makeScoreCommand();
std::unique_ptr<Command> makeTrainDemoCommand();
std::unique_ptr<Command> makeModelCommand();
std::unique_ptr<Command> makeQuantizeCommand();
std::unique_ptr<Command> makeCompileCommand();
std::unique_ptr<Command> makeHostCommand();
std::unique_ptr<Command> makeServeCommand();
std::unique_ptr<Command> makeDemoCommand();
std::unique_ptr<Command> makeEvalCommand();
std::unique_ptr<Command> makeGpusCommand();
std::unique_ptr<Command> makeLeasesCommand();
std::unique_ptr<Command> makeLeaseCommand();
std::unique_ptr<Command> makeUsersCommand();
std::unique_ptr<Command> makeLoginCommand();
std::unique_ptr<Command> makeLogoutCommand();
std::unique_ptr<Command> makeWhoamiCommand();
std::unique_ptr<Command> makeAuditCommand();
std::unique_ptr<Command> makeKeysCommand();
std::unique_ptr<Command> makeHostsCommand();
std::unique_ptr<Command> makeRunCommand();
std::unique_ptr<Command> makePushCommand();
std::unique_ptr<Command> makePullCommand();
std::unique_ptr<Command> makeTunnelCommand();
std::unique_ptr<Command> makeDeployCommand();
std::unique_ptr<Command> makePipelineCommand();

}  // namespace ct::cli
