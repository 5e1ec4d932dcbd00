#pragma once
#include <QString>
#include <cstdint>

namespace ct::jobs {
class JobContext;
}

namespace ct::model::demo {

struct TrainOptions {
  int steps = 2400;
  int batch = 32;
  uint64_t seed = 20261124;
  int threads = 0;
  int evalExamples = 300;
};

// Trains the embedded demo model from nothing: its own byte-level BPE tokenizer, then a tiny
// Qwen2 (tied embeddings) on the synthetic arithmetic task, with the same forward code that
// runs it afterwards; writes a Hugging Face folder to outDir and scores the held-out split.
int trainDemo(jobs::JobContext& ctx, const QString& outDir, const TrainOptions& options);

}  // namespace ct::model::demo
