#pragma once
#include <QList>

#include "pipeline/recipe.h"

namespace ct::pipeline {

struct ValidateOptions {
  QString evalDataDir;     // the bundled samples
  bool contactHosts = true;  // reach every host the recipe names (ssh)
};

// Everything that can be known before a run: the model inspected, each variant's quantization
// plan and kernel, the task data, the hosts reachable, tensor parallelism and the kernel vLLM
// will pick, the image against the board's memory, the service's port, name clashes with
// deployments that already exist. Every problem at once, each with its field.
QList<Problem> validateRecipe(const Recipe& recipe, const ValidateOptions& options);

}  // namespace ct::pipeline
