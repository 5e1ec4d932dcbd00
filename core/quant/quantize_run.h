#pragma once
#include <QString>

#include "quant/quant_options.h"

namespace ct::jobs {
class JobContext;
}

namespace ct::quant {

struct QuantizeRequest {
  QString modelDir;
  QString outDir;
  QuantOptions options;
  bool resume = false;
  int threads = 0;  // 0: all cores
};

// `ct quantize`: plans, calibrates, quantizes layer by layer (each layer fed by the already
// quantized previous one), checkpoints each finished layer for --resume, and writes the GPTQ
// checkpoint into OUT.partial, renamed to OUT only when complete. Returns the exit code.
int runQuantize(jobs::JobContext& ctx, const QuantizeRequest& request);

}  // namespace ct::quant
