#pragma once
#include <QJsonArray>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>
#include <vector>

#include "model/chat_template.h"
#include "model/generation.h"
#include "model/tokenizer.h"

namespace ct::fpga {

struct GenerateParams {
  QJsonArray messages;  // through the chat template; or, when empty, the raw prompt below
  QString prompt;
  std::vector<int> promptIds;
  double temperature = 0.0;
  double topP = 1.0;
  int topK = 0;
  int maxTokens = 256;
  uint64_t seed = 0;
  int contextLimit = 0;  // a tighter context limit set by the service (0: the model's)
};

struct TokenOut {
  QString text;  // complete characters only (may be empty while a character is split)
  int id = 0;
  double logprob = 0;
};

struct GenerateOutcome {
  QString finishReason;  // "stop", "length", "cancelled"; empty with errorCode set
  int promptTokens = 0, completionTokens = 0;
  double prefillMs = 0, decodeMs = 0;
  QString errorCode, error;
};

struct ScoreOutcome {
  std::vector<int> ids;
  QStringList tokens;
  std::vector<double> logprobs;  // one per id; the first is NaN (nothing precedes it)
  std::vector<int> topIds;        // the most likely token at each position (first: -1)
  QStringList topTokens;
  std::vector<double> topLogprobs;
  int nextId = -1;  // the greedy continuation after the last id, with its log-probability
  QString nextToken;
  double nextLogprob = 0;
  QString errorCode, error;
};

// What `ct host` runs requests on: a model (a checkpoint, or the emulator reading an image),
// its tokenizer and chat template. Not thread-safe: the host calls it from one worker thread.
class HostBackend {
 public:
  HostBackend(std::unique_ptr<model::LanguageModel> model, std::unique_ptr<model::Tokenizer> tokenizer, model::ChatTemplate tpl,
              std::vector<int32_t> stopIds, QString name, int contextLength);

  // The chat template over the whole conversation, then sampling until a stop token, max
  // tokens or the context limit. `emit` returns false to stop (the request was cancelled).
  GenerateOutcome generate(const GenerateParams& p, const std::function<bool(const TokenOut&)>& emit);
  // Log-probabilities of a text's tokens (or of given token ids), with the most likely token at
  // each position and the greedy next token: what completions echo + logprobs needs.
  ScoreOutcome score(const QString& text, const std::vector<int>& ids = {});

  const QString& name() const { return name_; }
  int contextLength() const { return context_; }

 private:
  std::unique_ptr<model::LanguageModel> model_;
  std::unique_ptr<model::Tokenizer> tokenizer_;
  model::ChatTemplate template_;
  std::vector<int32_t> stopIds_;
  QString name_;
  int context_;
};

}  // namespace ct::fpga
