#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "cli/commands.h"
#include "cli/compute.h"
#include "jobs/job_context.h"
#include "model/chat_template.h"
#include "model/generation.h"
#include "model/model_config.h"
#include "model/safetensors_writer.h"
#include "model/tokenizer.h"
#include "util/text.h"

namespace ct::cli {
namespace {

double parseNumber(const QCommandLineParser& p, const QString& option, double fallback, double lo, double hi) {
  if (!p.isSet(option)) return fallback;
  bool ok = false;
  const double v = p.value(option).toDouble(&ok);
  if (!ok || v < lo || v > hi)
    throw UsageError{QStringLiteral("--%1 must be a number from %2 to %3, got '%4'").arg(option).arg(lo).arg(hi).arg(p.value(option))};
  return v;
}

void addModelOptions(QCommandLineParser& p) {
  p.addOption({QStringLiteral("model"), QStringLiteral("Model folder (Hugging Face layout)."), QStringLiteral("dir")});
  p.addOption({QStringLiteral("dtype"), QStringLiteral("Compute dtype: float32 (default) or bfloat16."), QStringLiteral("dtype")});
  p.addOption({QStringLiteral("threads"), QStringLiteral("CPU threads (default: all cores)."), QStringLiteral("n")});
}

model::LoadOptions loadOptions(const QCommandLineParser& p) {
  if (!p.isSet(QStringLiteral("model"))) throw UsageError{QStringLiteral("--model DIR is required")};
  model::LoadOptions o;
  if (p.isSet(QStringLiteral("dtype"))) o.dtype = p.value(QStringLiteral("dtype"));
  o.threads = parsePositiveInt(p, QStringLiteral("threads"), 0);
  return o;
}

class GenerateCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("generate"); }
  QString summary() const override { return QStringLiteral("Generate text with a model on the CPU, streaming tokens."); }
  void addOptions(QCommandLineParser& p) override {
    addModelOptions(p);
    p.addOption({QStringLiteral("prompt"), QStringLiteral("The user's message (chat template applied unless --raw)."), QStringLiteral("text")});
    p.addOption({QStringLiteral("messages"), QStringLiteral("JSON file with an OpenAI-style message list."), QStringLiteral("file")});
    p.addOption({QStringLiteral("raw"), QStringLiteral("Use --prompt as plain text, without the chat template.")});
    p.addOption({QStringLiteral("max-tokens"), QStringLiteral("Most tokens to generate (default 256)."), QStringLiteral("n")});
    p.addOption({QStringLiteral("temperature"), QStringLiteral("0 = greedy (default)."), QStringLiteral("t")});
    p.addOption({QStringLiteral("top-k"), QStringLiteral("Sample from the k most likely tokens (0 = off)."), QStringLiteral("k")});
    p.addOption({QStringLiteral("top-p"), QStringLiteral("Nucleus sampling mass (default 1)."), QStringLiteral("p")});
    p.addOption({QStringLiteral("repetition-penalty"), QStringLiteral("Default 1 (off)."), QStringLiteral("r")});
    p.addOption({QStringLiteral("seed"), QStringLiteral("Sampling seed (default 0)."), QStringLiteral("s")});
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    const model::LoadOptions lo = loadOptions(p);
    if (p.isSet(QStringLiteral("prompt")) == p.isSet(QStringLiteral("messages"))) throw UsageError{QStringLiteral("give either --prompt TEXT or --messages FILE")};
    model::SamplingParams sp;
    sp.maxTokens = parsePositiveInt(p, QStringLiteral("max-tokens"), 256);
    sp.temperature = parseNumber(p, QStringLiteral("temperature"), 0, 0, 10);
    sp.topK = static_cast<int>(parseNumber(p, QStringLiteral("top-k"), 0, 0, 1e9));
    sp.topP = parseNumber(p, QStringLiteral("top-p"), 1, 0.0001, 1);
    sp.repetitionPenalty = parseNumber(p, QStringLiteral("repetition-penalty"), 1, 0.01, 10);
    sp.seed = static_cast<uint64_t>(parseNumber(p, QStringLiteral("seed"), 0, 0, 9e15));
    const QString dir = p.value(QStringLiteral("model"));
    const compute::Work* work = compute::work();
    if (!work) return compute::handOver(name(), env);

    jobs::JobContextOptions jo{env.json, env.jobId};
    jo.keepHistory = !env.jobId.isEmpty();
    jobs::JobContext ctx(QStringLiteral("generate"), QJsonObject{{QStringLiteral("model"), dir}}, jo);
    ctx.begin();
    QString error;
    auto tok = model::Tokenizer::load(dir, &error);
    auto cfg = tok ? model::ModelConfig::load(dir, &error) : std::nullopt;
    if (!tok || !cfg) return ctx.fail(QStringLiteral("model"), error);

    QString prompt;
    if (p.isSet(QStringLiteral("raw"))) {
      prompt = p.value(QStringLiteral("prompt"));
    } else {
      QJsonArray messages;
      if (p.isSet(QStringLiteral("messages"))) {
        QFile f(p.value(QStringLiteral("messages")));
        if (!f.open(QIODevice::ReadOnly)) return ctx.fail(QStringLiteral("input"), QStringLiteral("%1: %2").arg(f.fileName(), f.errorString()));
        QJsonParseError pe{};
        const QJsonDocument doc = ct::text::parseJson(f.readAll(), &pe);
        if (!doc.isArray()) return ctx.fail(QStringLiteral("input"), QStringLiteral("%1: expected a JSON array of messages (%2)").arg(f.fileName(), pe.errorString()));
        messages = doc.array();
      } else {
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), p.value(QStringLiteral("prompt"))}});
      }
      const auto tpl = model::ChatTemplate::load(dir, &error);
      if (!tpl) return ctx.fail(QStringLiteral("model"), error + QStringLiteral(" (use --raw for plain text)"));
      const auto text = tpl->render(messages, true, &error);
      if (!text) return ctx.fail(QStringLiteral("input"), error);
      prompt = *text;
    }
    const QByteArray promptUtf8 = prompt.toUtf8();
    const std::vector<int32_t> ids = tok->encode(std::string_view(promptUtf8.constData(), static_cast<size_t>(promptUtf8.size())));
    if (ids.empty()) return ctx.fail(QStringLiteral("input"), QStringLiteral("the prompt is empty"));

    auto lm = work->loadModel(dir, lo, &error);
    if (!lm) return ctx.fail(QStringLiteral("model"), error);
    if (static_cast<int>(ids.size()) >= lm->maxContext())
      return ctx.fail(QStringLiteral("context"), QStringLiteral("the prompt has %1 tokens; the model's context is %2").arg(ids.size()).arg(lm->maxContext()));
    int produced = 0;
    const auto r = model::generate(*lm, *tok, ids, sp, model::stopTokenIds(dir, *cfg, *tok), [&](const std::string& piece) {
      ctx.text(ct::text::fromUtf8(piece));
      if (env.json) ctx.progress(++produced, sp.maxTokens, QStringLiteral("tokens"));  // people read the text itself
      return !ctx.cancelled();
    });
    if (!env.json) std::fputs("\n", stdout);
    const double decode = r.seconds - r.prefillSeconds;
    const double tps = decode > 0 && r.completionTokens > 1 ? (r.completionTokens - 1) / decode : 0;
    ctx.log(jobs::LogLevel::Info, QStringLiteral("%1 prompt + %2 generated tokens, %3 s, %4 tokens/s, finish: %5")
                                      .arg(r.promptTokens).arg(r.completionTokens).arg(r.seconds, 0, 'f', 2).arg(tps, 0, 'f', 1).arg(r.finishReason));
    if (r.finishReason == QLatin1String("cancelled")) return ctx.cancel();
    return ctx.succeed(QJsonObject{{QStringLiteral("text"), ct::text::fromUtf8(r.text)},
                                   {QStringLiteral("finish_reason"), r.finishReason},
                                   {QStringLiteral("prompt_tokens"), r.promptTokens},
                                   {QStringLiteral("completion_tokens"), r.completionTokens},
                                   {QStringLiteral("seconds"), r.seconds},
                                   {QStringLiteral("tokens_per_s"), tps}});
  }
};

class ScoreCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("score"); }
  QString summary() const override { return QStringLiteral("Per-token log-probabilities and perplexity of a text under a model."); }
  void addOptions(QCommandLineParser& p) override {
    addModelOptions(p);
    p.addOption({QStringLiteral("text"), QStringLiteral("File with the text to score (UTF-8)."), QStringLiteral("file")});
    p.addOption({QStringLiteral("logits-out"), QStringLiteral("Write the final position's logits as F32 safetensors (tensor \"logits\")."), QStringLiteral("file")});
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    const model::LoadOptions lo = loadOptions(p);
    if (!p.isSet(QStringLiteral("text"))) throw UsageError{QStringLiteral("--text FILE is required")};
    const compute::Work* work = compute::work();
    if (!work) return compute::handOver(name(), env);
    const QString dir = p.value(QStringLiteral("model"));
    QFile f(p.value(QStringLiteral("text")));
    if (!f.open(QIODevice::ReadOnly)) {
      env.err << "ct score: " << f.fileName() << ": " << f.errorString() << "\n";
      return 1;
    }
    const QByteArray text = f.readAll();
    QString error;
    auto tok = model::Tokenizer::load(dir, &error);
    auto lm = tok ? work->loadModel(dir, lo, &error) : nullptr;
    if (!lm) {
      env.err << "ct score: " << error << "\n";
      return 1;
    }
    const auto ids = tok->encode(std::string_view(text.constData(), static_cast<size_t>(text.size())));
    if (ids.size() < 2) {
      env.err << "ct score: the text must have at least two tokens\n";
      return 1;
    }
    std::vector<float> last;
    const std::vector<float> lp = lm->score(ids, &last);
    double sum = 0;
    for (float v : lp) sum += v;
    const double ppl = std::exp(-sum / static_cast<double>(lp.size()));
    if (p.isSet(QStringLiteral("logits-out"))) {
      model::SafetensorsWriter w(p.value(QStringLiteral("logits-out")));
      if (!w.add(QStringLiteral("logits"), model::DType::F32, {static_cast<int64_t>(last.size())}, last.data(), last.size() * 4, &error) ||
          !w.finish(&error)) {
        env.err << "ct score: " << error << "\n";
        return 1;
      }
    }
    if (env.json) {
      QJsonArray tokens;
      tokens.append(QJsonObject{{QStringLiteral("id"), ids[0]}, {QStringLiteral("token"), tok->tokenString(ids[0])}, {QStringLiteral("logprob"), QJsonValue()}});
      for (size_t i = 1; i < ids.size(); ++i)
        tokens.append(QJsonObject{{QStringLiteral("id"), ids[i]}, {QStringLiteral("token"), tok->tokenString(ids[i])}, {QStringLiteral("logprob"), lp[i - 1]}});
      env.out << QJsonDocument(QJsonObject{{QStringLiteral("tokens"), tokens}, {QStringLiteral("perplexity"), ppl},
                                           {QStringLiteral("scored_tokens"), static_cast<int>(lp.size())}, {QStringLiteral("sum_logprob"), sum}})
                     .toJson(QJsonDocument::Compact)
              << "\n";
    } else {
      for (size_t i = 1; i < ids.size(); ++i) env.out << ids[i] << "\t" << lp[i - 1] << "\t" << tok->tokenString(ids[i]) << "\n";
      env.out << "perplexity " << ppl << " over " << lp.size() << " tokens\n";
    }
    return 0;
  }
};

}  // namespace

std::unique_ptr<Command> makeGenerateCommand() { return std::make_unique<GenerateCommand>(); }
std::unique_ptr<Command> makeScoreCommand() { return std::make_unique<ScoreCommand>(); }

}  // namespace ct::cli
