#include "fpga/host_backend.h"

#include <QElapsedTimer>
#include <algorithm>
#include <cmath>
#include <limits>

#include "util/text.h"

namespace ct::fpga {
namespace {

double logSoftmaxAt(const std::vector<float>& logits, int id) {
  const float mx = *std::max_element(logits.begin(), logits.end());
  double sum = 0;
  for (float v : logits) sum += std::exp(static_cast<double>(v - mx));
  return static_cast<double>(logits[static_cast<size_t>(id)] - mx) - std::log(sum);
}

}  // namespace

HostBackend::HostBackend(std::unique_ptr<model::LanguageModel> model, std::unique_ptr<model::Tokenizer> tokenizer, model::ChatTemplate tpl,
                         std::vector<int32_t> stopIds, QString name, int contextLength)
    : model_(std::move(model)), tokenizer_(std::move(tokenizer)), template_(std::move(tpl)), stopIds_(std::move(stopIds)),
      name_(std::move(name)), context_(contextLength) {}

GenerateOutcome HostBackend::generate(const GenerateParams& p, const std::function<bool(const TokenOut&)>& emit) {
  GenerateOutcome out;
  std::vector<int32_t> ids;
  if (!p.messages.isEmpty()) {
    QString why;
    const auto prompt = template_.render(p.messages, true, &why);
    if (!prompt) {
      out.errorCode = QStringLiteral("bad_request");
      out.error = why;
      return out;
    }
    ids = tokenizer_->encode(prompt->toStdString());
  } else if (!p.promptIds.empty()) {
    for (int id : p.promptIds) {
      if (id < 0 || id >= model_->vocabSize()) {
        out.errorCode = QStringLiteral("bad_request");
        out.error = QStringLiteral("token id %1 is outside the vocabulary (0..%2)").arg(id).arg(model_->vocabSize() - 1);
        return out;
      }
      ids.push_back(id);
    }
  } else {
    ids = tokenizer_->encode(p.prompt.toStdString());
  }
  if (ids.empty()) {
    out.errorCode = QStringLiteral("bad_request");
    out.error = QStringLiteral("the prompt is empty");
    return out;
  }
  out.promptTokens = static_cast<int>(ids.size());
  const int limit = p.contextLimit > 0 ? std::min(p.contextLimit, context_) : context_;
  if (static_cast<int>(ids.size()) >= limit) {
    out.errorCode = QStringLiteral("context_length_exceeded");
    out.error = QStringLiteral("the conversation is %1 tokens; the context limit is %2").arg(ids.size()).arg(limit);
    return out;
  }
  model::SamplingParams sp;
  sp.temperature = p.temperature;
  sp.topP = p.topP;
  sp.topK = p.topK;
  sp.seed = p.seed;
  model::Sampler sampler(sp);
  model::Utf8Stream utf8;
  QElapsedTimer clock;
  clock.start();
  model_->reset();
  std::vector<float> logits = model_->feed(ids);
  out.prefillMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
  std::vector<int32_t> context = ids;
  const int budget = std::min(p.maxTokens, limit - static_cast<int>(ids.size()));
  out.finishReason = QStringLiteral("length");
  for (int n = 0; n < budget; ++n) {
    const int id = sampler.next(logits, context);
    if (std::find(stopIds_.begin(), stopIds_.end(), id) != stopIds_.end()) {
      out.finishReason = QStringLiteral("stop");
      break;
    }
    TokenOut t;
    t.id = id;
    t.logprob = logSoftmaxAt(logits, id);
    t.text = ct::text::fromUtf8(utf8.push(tokenizer_->tokenBytes(id)));
    ++out.completionTokens;
    if (!emit(t)) {
      out.finishReason = QStringLiteral("cancelled");
      break;
    }
    context.push_back(id);
    if (n + 1 < budget) logits = model_->feed({id});
  }
  const std::string rest = utf8.flush();
  if (!rest.empty() && out.finishReason != QLatin1String("cancelled")) {
    TokenOut t;
    t.id = -1;
    t.text = ct::text::fromUtf8(rest);
    emit(t);
  }
  out.decodeMs = static_cast<double>(clock.nsecsElapsed()) / 1e6 - out.prefillMs;
  return out;
}

ScoreOutcome HostBackend::score(const QString& text, const std::vector<int>& given) {
  ScoreOutcome out;
  std::vector<int32_t> ids;
  if (!given.empty()) {
    for (int id : given) {
      if (id < 0 || id >= model_->vocabSize()) {
        out.errorCode = QStringLiteral("bad_request");
        out.error = QStringLiteral("token id %1 is outside the vocabulary (0..%2)").arg(id).arg(model_->vocabSize() - 1);
        return out;
      }
      ids.push_back(id);
    }
  } else {
    ids = tokenizer_->encode(text.toStdString());
  }
  if (ids.empty()) {
    out.errorCode = QStringLiteral("bad_request");
    out.error = QStringLiteral("nothing to score: the text is empty");
    return out;
  }
  if (static_cast<int>(ids.size()) >= context_) {
    out.errorCode = QStringLiteral("context_length_exceeded");
    out.error = QStringLiteral("the text is %1 tokens; the model's context is %2").arg(ids.size()).arg(context_);
    return out;
  }
  auto tokenText = [&](int id) { return ct::text::fromUtf8(tokenizer_->tokenBytes(id)); };
  std::vector<float> last;
  std::vector<std::pair<int, float>> top;
  const std::vector<float> lp = model_->score(ids, &last, &top);
  out.logprobs.push_back(std::numeric_limits<double>::quiet_NaN());
  out.topIds.push_back(-1);
  out.topTokens << QString();
  out.topLogprobs.push_back(std::numeric_limits<double>::quiet_NaN());
  for (size_t i = 0; i < lp.size(); ++i) {
    out.logprobs.push_back(lp[i]);
    out.topIds.push_back(top[i].first);
    out.topTokens << tokenText(top[i].first);
    out.topLogprobs.push_back(top[i].second);
  }
  for (int32_t id : ids) {
    out.ids.push_back(id);
    out.tokens << tokenText(id);
  }
  if (!last.empty()) {
    out.nextId = static_cast<int>(std::max_element(last.begin(), last.end()) - last.begin());
    out.nextLogprob = logSoftmaxAt(last, out.nextId);
    out.nextToken = tokenText(out.nextId);
  }
  return out;
}

}  // namespace ct::fpga
