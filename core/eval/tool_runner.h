#pragma once
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

#include "eval/results.h"

namespace ct::eval {

// lm-evaluation-harness, as the user would type it. `backend`: vllm or hf load `model` (a path
// or Hugging Face id) themselves; local-completions / local-chat-completions talk to a deployed
// OpenAI endpoint at `baseUrl` (…/v1) serving `model`.
struct LmEvalRun {
  QString program = QStringLiteral("lm_eval");
  QString backend = QStringLiteral("local-completions");
  QString model;
  QString baseUrl;
  QString tokenizer;     // local-*: the tokenizer lm-eval loads (default: model)
  QString apiKey;        // exported as OPENAI_API_KEY, never on the command line
  QStringList tasks;
  int numFewshot = -1;
  int limit = 0;
  int concurrency = 4;
  int maxLength = 0;     // local-*: the server's context (lm-eval's default 2048 truncates silently)
  uint64_t seed = 1234;
  bool applyChatTemplate = false;
  bool logSamples = false;
  QString outputPath;    // a folder
  QString extraModelArgs;
};
QStringList lmEvalArguments(const LmEvalRun& r);

struct EvalPlusRun {
  QString program = QStringLiteral("evalplus.evaluate");
  QString backend = QStringLiteral("openai");  // openai | vllm | hf
  QString model;
  QString baseUrl;
  QString apiKey;
  QString dataset = QStringLiteral("humaneval");  // humaneval | mbpp
  QString root;          // output folder (EvalPlus's --root)
  bool baseOnly = false;
  int parallel = 0;
};
QStringList evalPlusArguments(const EvalPlusRun& r);
// Where EvalPlus puts its samples and its results for a run (both naming schemes of the result
// file are looked for: HEAD's ".eval_results.json" and 0.3.1's "_eval_results.json").
QString evalPlusSamplesPath(const EvalPlusRun& r);
QString findEvalPlusResults(const EvalPlusRun& r);
// lm-eval's newest results_*.json under outputPath/<sanitized model>/ (or anywhere below).
QString findLmEvalResults(const QString& outputPath, const QString& model);
QString lmEvalSanitizedModel(const QString& model);

struct ToolProgress {
  double done = 0, total = 0;
  QString stage;
};
// tqdm bars ("Requesting API:  42%|####  | 420/1000 [00:10<00:14]"), the last \r-segment of a line.
std::optional<ToolProgress> parseTqdm(const QString& line);

// Watches a tool's output for the ways it hangs instead of failing: EvalPlus's openai backend
// retries 4xx answers forever, and both tools can stop at an interactive [Y/N] prompt.
class HangGuard {
 public:
  // Returns a reason when the tool should be stopped.
  std::optional<QString> feed(const QString& line);

 private:
  QString lastError_;
  int repeats_ = 0;
};

struct ToolReporter {
  std::function<void(const QString& line, bool stderrLine)> line;
  std::function<void(const ToolProgress&)> progress;
  std::function<bool()> cancelled;
};
struct ToolOutcome {
  bool ok = false;
  bool cancelled = false;
  QString error;
};
// Runs a tool through the process wrapper (own process group, stdin from /dev/null, killed with
// its children on cancel or when the hang guard trips).
ToolOutcome runTool(const QString& program, const QStringList& args, const QProcessEnvironment& env, const QString& workDir,
                    const ToolReporter& reporter);

}  // namespace ct::eval
