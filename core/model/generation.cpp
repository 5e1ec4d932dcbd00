#include "model/generation.h"

#include "model/model_config.h"
#include "model/tokenizer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace ct::model {

Sampler::Sampler(const SamplingParams& p) : p_(p), state_(p.seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL) {}

double Sampler::uniform() {
  // splitmix64: seeded, identical on every platform.
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * (1.0 / 9007199254740992.0);
}

int Sampler::next(std::vector<float> logits, const std::vector<int32_t>& context) {
  if (p_.repetitionPenalty != 1.0) {
    std::vector<bool> seen(logits.size(), false);
    for (int32_t id : context)
      if (id >= 0 && static_cast<size_t>(id) < logits.size() && !seen[static_cast<size_t>(id)]) {
        seen[static_cast<size_t>(id)] = true;
        float& l = logits[static_cast<size_t>(id)];
        l = l > 0 ? static_cast<float>(l / p_.repetitionPenalty) : static_cast<float>(l * p_.repetitionPenalty);
      }
  }
  if (p_.temperature <= 0) return static_cast<int>(std::max_element(logits.begin(), logits.end()) - logits.begin());
  std::vector<int> order(logits.size());
  std::iota(order.begin(), order.end(), 0);
  size_t keep = order.size();
  if (p_.topK > 0 && static_cast<size_t>(p_.topK) < keep) keep = static_cast<size_t>(p_.topK);
  std::partial_sort(order.begin(), order.begin() + static_cast<long>(keep), order.end(),
                    [&](int a, int b) { return logits[static_cast<size_t>(a)] > logits[static_cast<size_t>(b)]; });
  order.resize(keep);
  const double maxLogit = logits[static_cast<size_t>(order[0])];
  std::vector<double> prob(keep);
  double sum = 0;
  for (size_t i = 0; i < keep; ++i) sum += prob[i] = std::exp((logits[static_cast<size_t>(order[i])] - maxLogit) / p_.temperature);
  size_t cut = keep;
  if (p_.topP < 1.0) {
    double acc = 0;
    for (size_t i = 0; i < keep; ++i) {
      acc += prob[i] / sum;
      if (acc >= p_.topP) {
        cut = i + 1;
        break;
      }
    }
  }
  double total = 0;
  for (size_t i = 0; i < cut; ++i) total += prob[i];
  double r = uniform() * total;
  for (size_t i = 0; i < cut; ++i) {
    r -= prob[i];
    if (r <= 0) return order[i];
  }
  return order[cut - 1];
}

std::string Utf8Stream::push(const std::string& bytes) {
  pending_ += bytes;
  // Find the end of the last complete character.
  size_t end = pending_.size();
  size_t i = end;
  int back = 0;
  while (i > 0 && back < 4) {
    --i;
    ++back;
    const auto c = static_cast<unsigned char>(pending_[i]);
    if ((c & 0xc0) != 0x80) {
      const int need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
      if (need > back) end = i;
      break;
    }
  }
  std::string out = pending_.substr(0, end);
  pending_.erase(0, end);
  return out;
}

std::vector<int32_t> stopTokenIds(const QString& dir, const ModelConfig& config, const Tokenizer& tokenizer) {
  std::vector<int32_t> ids(config.eosTokenIds.begin(), config.eosTokenIds.end());
  QFile f(QDir(dir).filePath(QStringLiteral("generation_config.json")));
  if (f.open(QIODevice::ReadOnly)) {
    const QJsonValue eos = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("eos_token_id"));
    if (eos.isDouble()) ids.push_back(eos.toInt());
    for (const QJsonValue v : eos.toArray()) ids.push_back(v.toInt());
  }
  for (const char* marker : {"<|im_end|>", "<|endoftext|>"})
    if (auto id = tokenizer.tokenId(marker)) ids.push_back(*id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

GenerationResult generate(LanguageModel& model, const Tokenizer& tokenizer, const std::vector<int32_t>& prompt,
                          const SamplingParams& params, const std::vector<int32_t>& stopIds,
                          const std::function<bool(const std::string&)>& onText) {
  GenerationResult r;
  QElapsedTimer clock;
  clock.start();
  r.promptTokens = static_cast<int>(prompt.size());
  model.reset();
  Sampler sampler(params);
  Utf8Stream stream;
  std::vector<int32_t> context = prompt;
  std::vector<float> logits = model.feed(prompt);
  r.prefillSeconds = clock.nsecsElapsed() / 1e9;
  r.finishReason = QStringLiteral("length");
  while (r.completionTokens < params.maxTokens) {
    const int next = sampler.next(std::move(logits), context);
    if (std::find(stopIds.begin(), stopIds.end(), next) != stopIds.end()) {
      r.finishReason = QStringLiteral("stop");
      break;
    }
    ++r.completionTokens;
    context.push_back(next);
    const std::string piece = stream.push(tokenizer.tokenBytes(next));
    r.text += piece;
    if (!piece.empty() && onText && !onText(piece)) {
      r.finishReason = QStringLiteral("cancelled");
      break;
    }
    if (model.contextLength() >= model.maxContext() || r.completionTokens >= params.maxTokens) break;
    logits = model.feed({next});
  }
  const std::string rest = stream.flush();
  if (!rest.empty()) {
    r.text += rest;
    if (onText) onText(rest);
  }
  r.seconds = clock.nsecsElapsed() / 1e9;
  return r;
}

std::string Utf8Stream::flush() {
  std::string out;
  out.swap(pending_);
  return out;
}

}  // namespace ct::model
