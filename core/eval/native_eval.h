#pragma once
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

#include "eval/code_sandbox.h"
#include "eval/results.h"
#include "eval/tasks.h"

namespace ct::eval {

struct NativeOptions {
  QString endpoint;  // OpenAI base URL, e.g. http://127.0.0.1:8000/v1
  QString apiKey;
  QString model;     // empty: the first the endpoint lists
  QStringList tasks; // already expanded (expandTaskNames)
  QStringList optionalTasks;  // brought in by a group: skipped, not an error, when their data is absent
  LoadOptions data;
  int limit = 0;        // first N items per task; 0 = all (the demo task: 100)
  int numFewshot = -1;  // -1: the task's default
  int maxGenToks = 0;   // generation and code tasks: tokens per answer; 0 = the task's (256, code 768)
  uint64_t seed = 1234;
  int concurrency = 4;
  int maxRetries = 3;
  int timeoutMs = 300000;
  bool chat = false;             // generation tasks through /chat/completions, few-shot as turns
  bool codeCompletions = false;  // code tasks as plain completions of the prompt (base models)
  SandboxLimits sandbox;
  int sandboxParallel = 2;
};

struct Reporter {
  std::function<void(double done, double total, const QString& stage)> progress;
  std::function<void(const QString& message)> log;
  std::function<bool()> cancelled;
};

// Scores one endpoint on the tasks: multiple choice by log-likelihood through /v1/completions
// with echo + logprobs, generation with the task's stop strings and answer filters, code in the
// sandbox. Returns nullopt with *error on a fatal problem (bad data, endpoint refusing the key
// or the model); *cancelled is set when the reporter asked to stop.
std::optional<EvalResults> evaluateEndpoint(const NativeOptions& options, const Reporter& reporter, QString* error, bool* cancelled);

// Log-likelihood of the continuation from a /v1/completions echo answer: the tokens whose text
// ends after `contextChars` characters (code points) and starts before the prompt's end.
std::optional<double> continuationLogLikelihood(const QJsonObject& completion, qsizetype contextChars, qsizetype promptChars);

// EvalPlus's chat instruction for a code prompt.
QString codeInstruction(const QString& prompt);

}  // namespace ct::eval
