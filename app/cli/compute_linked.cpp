#include "cli/compute.h"
#include "fpga/emulator.h"
#include "model/demo/train_demo.h"
#include "model/generation.h"
#include "quant/quantize_run.h"

namespace ct::cli::compute {

// `ct-compute`: the compute library's entry points, linked in.
const Work* work() {
  static const Work linked{&model::LanguageModel::load, &fpga::loadEmulator, &quant::runQuantize, &model::demo::trainDemo};
  return &linked;
}

}  // namespace ct::cli::compute
