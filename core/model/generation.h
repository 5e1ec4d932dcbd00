#pragma once
#include <QList>
#include <QString>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ct::model {

struct SamplingParams {
  double temperature = 0.0;  // 0 = greedy
  int topK = 0;              // 0 = off
  double topP = 1.0;
  double repetitionPenalty = 1.0;
  uint64_t seed = 0;
  int maxTokens = 256;
};

struct LoadOptions {
  QString dtype = QStringLiteral("float32");  // compute dtype: float32 or bfloat16
  int threads = 0;                            // 0 = all cores
};

// Picks the next token from logits: repetition penalty (the HF rule: positive logits divided,
// negative multiplied), temperature, top-k, top-p, then a draw from a seeded generator.
class Sampler {
 public:
  explicit Sampler(const SamplingParams& p);
  int next(std::vector<float> logits, const std::vector<int32_t>& context);

 private:
  SamplingParams p_;
  uint64_t state_;
  double uniform();
};

// Yields complete UTF-8 text as token bytes arrive, holding back a partial character.
class Utf8Stream {
 public:
  std::string push(const std::string& bytes);
  std::string flush();

 private:
  std::string pending_;
};

// A Qwen2 model ready to run: libtorch stays behind this interface so callers compile without it.
class LanguageModel {
 public:
  virtual ~LanguageModel() = default;
  static std::unique_ptr<LanguageModel> load(const QString& dir, const LoadOptions& options, QString* error);

  // Appends ids to the cached context and returns the logits of the last position.
  virtual std::vector<float> feed(const std::vector<int32_t>& ids) = 0;
  // Log-probabilities of ids[i] given ids[..i) for i >= 1 (one value per id after the first);
  // the final position's logits go to lastLogits when given. Does not touch the cache.
  // With top1, also the most likely token at every position and its log-probability (what an
  // OpenAI completions response lists as top_logprobs), one entry per id after the first.
  virtual std::vector<float> score(const std::vector<int32_t>& ids, std::vector<float>* lastLogits,
                                   std::vector<std::pair<int, float>>* top1 = nullptr) = 0;
  virtual void reset() = 0;
  virtual int contextLength() const = 0;  // tokens in the cache
  virtual int maxContext() const = 0;
  virtual int vocabSize() const = 0;
};

class Tokenizer;
struct ModelConfig;

// eos ids from config.json and generation_config.json, plus the ChatML end markers the
// tokenizer knows (<|im_end|>, <|endoftext|>).
std::vector<int32_t> stopTokenIds(const QString& dir, const ModelConfig& config, const Tokenizer& tokenizer);

struct GenerationResult {
  std::string text;
  QString finishReason;  // "stop" (a stop token), "length" (max tokens or context), "cancelled"
  int promptTokens = 0;
  int completionTokens = 0;
  double seconds = 0;        // whole call
  double prefillSeconds = 0; // time to the first token
};

// Prompt in, streamed text out: `onText` gets each complete-character piece and may return
// false to stop (cancel). The model's cache is reset first.
GenerationResult generate(LanguageModel& model, const Tokenizer& tokenizer, const std::vector<int32_t>& prompt,
                          const SamplingParams& params, const std::vector<int32_t>& stopIds,
                          const std::function<bool(const std::string&)>& onText);

}  // namespace ct::model
