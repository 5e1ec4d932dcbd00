#pragma once
#include <memory>

#include "cli/command.h"

namespace ct::cli {

std::unique_ptr<Command> makeVersionCommand();
std::unique_ptr<Command> makeJobsCommand();
std::unique_ptr<Command> makeDoctorCommand();
std::unique_ptr<Command> makeTokenizeCommand();

}  // namespace ct::cli
