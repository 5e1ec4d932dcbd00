#pragma once
#include <QString>

namespace ct::jobs {
class JobContext;
}

namespace ct::eval {

struct DemoOptions {
  QString ctProgram;  // the `ct` to run children with
  QString modelDir;   // the embedded demo model
  QString workDir;    // replaced on each run
  int items = 60;     // demo-task questions per target
  QString dataDir;    // benchmark samples for the real tasks (the bundled eval-samples)
  int realItems = 10; // items per real task; 0 skips them
  uint64_t seed = 2026;
};

// `ct demo`: the whole pipeline offline on the demo model — quantize (GPTQ 8, 4, 2 bits and AWQ
// 4 bits), compile the GPTQ 4-bit checkpoint for the VCU128, serve origin / quantized / emulated board through
// `ct host` + `ct serve` on free local ports, score all of them on the same demo-task items
// through the OpenAI API, print the comparison and the compile report, answer one chat
// question through the board's service, and stop every child it started.
int runDemo(jobs::JobContext& ctx, const DemoOptions& options);

}  // namespace ct::eval
