#include "cli/compute.h"

namespace ct::cli::compute {

// `ct`: no compute library here; compute commands hand themselves over to ct-compute.
const Work* work() { return nullptr; }

}  // namespace ct::cli::compute
