#pragma once
#include <QByteArray>
#include <QString>

// Reads vLLM's start-up log for the failures that end a start, and says what to change.
namespace ct::deploy {

struct VllmFailure {
  QString kind;    // free_memory, out_of_memory, kv_cache, no_cache_blocks, max_model_len, quantization, address_in_use, tensor_parallel, no_gpu, argument
  QString line;    // the log line that said it
  QString advice;  // what to change in the ct deploy command
  bool isSet() const { return !kind.isEmpty(); }
};

// The first known failure in one log line; unset when the line is none of them.
VllmFailure diagnoseLine(const QByteArray& line);
// The readiness hints in vLLM's log (the HTTP checks decide).
bool isStartupComplete(const QByteArray& line);

}  // namespace ct::deploy
