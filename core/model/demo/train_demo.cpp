#include "model/demo/train_demo.h"

#include <torch/torch.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <cmath>
#include <dlfcn.h>
#include <map>

#include "jobs/job_context.h"
#include "model/chat_template.h"
#include "model/demo/bpe_trainer.h"
#include "model/demo/demo_task.h"
#include "model/generation.h"
#include "model/qwen2_math.h"
#include "model/safetensors_writer.h"
#include "model/tokenizer.h"

namespace ct::model::demo {
namespace {

const char* const kTemplate =
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

bool writeFile(const QString& path, const QByteArray& data, QString* error) {
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size()) {
    if (error) *error = QStringLiteral("%1: %2").arg(path, f.errorString());
    return false;
  }
  return true;
}

ModelConfig demoConfig(int vocab) {
  ModelConfig c;
  c.hiddenSize = 128;
  c.intermediateSize = 384;
  c.numLayers = 4;
  c.numHeads = 4;
  c.numKvHeads = 2;
  c.headDim = 32;
  c.vocabSize = vocab;
  c.ropeTheta = 10000;
  c.rmsNormEps = 1e-6;
  c.tieWordEmbeddings = true;
  // Room for the real benchmarks' prompts in the demo (scored, not learnt); training uses < 100.
  c.maxPositionEmbeddings = 1024;
  c.torchDtype = QStringLiteral("float32");
  return c;
}

}  // namespace

int trainDemo(jobs::JobContext& ctx, const QString& outDir, const TrainOptions& o) {
  // The model's matrices are tiny: OpenBLAS's own threads on top of torch's only fight over the
  // two cores (measured: 0.49 s per step with them, 0.21 s without).
  if (auto setThreads = reinterpret_cast<void (*)(int)>(::dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) setThreads(1);
  torch::manual_seed(static_cast<uint64_t>(o.seed));
  torch::set_num_threads(o.threads > 0 ? o.threads : std::max(1, QThread::idealThreadCount()));
  uint64_t rng = o.seed;

  // 1. Tokenizer, learnt from the task's own text.
  std::vector<std::string> corpus;
  for (int i = 0; i < 20000; ++i) {
    const Example e = sample(rng);
    corpus.push_back((e.question + QLatin1Char('\n') + e.answer).toStdString());
  }
  const BpeVocabulary bpe = trainBpe(corpus, 160);
  const QByteArray tokJson = tokenizerJson(bpe);
  QString error;
  auto tok = Tokenizer::fromJson(tokJson, &error);
  if (!tok) return ctx.fail(QStringLiteral("tokenizer"), error);
  const int imEnd = *tok->tokenId("<|im_end|>");
  const int pad = *tok->tokenId("<|endoftext|>");
  const int vocab = (tok->size() + 7) / 8 * 8;
  ctx.info(QStringLiteral("tokenizer: %1 tokens (%2 merges), vocab padded to %3").arg(tok->size()).arg(bpe.merges.size()).arg(vocab));
  const ChatTemplate tpl = ChatTemplate::fromTemplateText(QString::fromLatin1(kTemplate));

  // 2. Parameters with Hugging Face names, initialised as transformers does (normal 0.02).
  const ModelConfig cfg = demoConfig(vocab);
  std::map<QString, torch::Tensor> params;
  auto add = [&](const QString& name, std::vector<int64_t> shape, int kind) {
    torch::Tensor t = kind == 0 ? torch::randn(shape) * 0.02 : kind == 1 ? torch::ones(shape) : torch::zeros(shape);
    params[name] = t.set_requires_grad(true);
  };
  const int H = cfg.hiddenSize, I = cfg.intermediateSize, kv = cfg.numKvHeads * cfg.headDim;
  add(QStringLiteral("model.embed_tokens.weight"), {vocab, H}, 0);
  add(QStringLiteral("model.norm.weight"), {H}, 1);
  for (int l = 0; l < cfg.numLayers; ++l) {
    const QString p = QStringLiteral("model.layers.%1.").arg(l);
    add(p + QStringLiteral("input_layernorm.weight"), {H}, 1);
    add(p + QStringLiteral("post_attention_layernorm.weight"), {H}, 1);
    add(p + QStringLiteral("self_attn.q_proj.weight"), {H, H}, 0);
    add(p + QStringLiteral("self_attn.q_proj.bias"), {H}, 2);
    add(p + QStringLiteral("self_attn.k_proj.weight"), {kv, H}, 0);
    add(p + QStringLiteral("self_attn.k_proj.bias"), {kv}, 2);
    add(p + QStringLiteral("self_attn.v_proj.weight"), {kv, H}, 0);
    add(p + QStringLiteral("self_attn.v_proj.bias"), {kv}, 2);
    add(p + QStringLiteral("self_attn.o_proj.weight"), {H, H}, 0);
    add(p + QStringLiteral("mlp.gate_proj.weight"), {I, H}, 0);
    add(p + QStringLiteral("mlp.up_proj.weight"), {I, H}, 0);
    add(p + QStringLiteral("mlp.down_proj.weight"), {H, I}, 0);
  }
  const Qwen2Math math(cfg, QStringLiteral("model."), [&](const QString& n) {
    auto it = params.find(n);
    return it == params.end() ? torch::Tensor() : it->second;
  });
  std::vector<torch::Tensor> all;
  int64_t count = 0;
  for (auto& [n, t] : params) {
    all.push_back(t);
    count += t.numel();
  }
  ctx.info(QStringLiteral("model: %1 layers, hidden %2, %3 parameters").arg(cfg.numLayers).arg(H).arg(count));
  torch::optim::AdamW opt(all, torch::optim::AdamWOptions(2e-3).weight_decay(0.01).betas({0.9, 0.98}));

  // 3. Supervised fine-tuning style: loss on the assistant's reply and its <|im_end|> only.
  QElapsedTimer clock;
  clock.start();
  double smooth = 0;
  for (int step = 1; step <= o.steps; ++step) {
    if (ctx.cancelled()) return ctx.cancel();
    std::vector<std::vector<int32_t>> seqs, labels;
    size_t maxLen = 0;
    for (int b = 0; b < o.batch; ++b) {
      const Example e = sample(rng);
      const QJsonArray msgs{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), e.question}}};
      const std::vector<int32_t> prompt = tok->encode(tpl.render(msgs, true, nullptr)->toStdString());
      std::vector<int32_t> reply = tok->encode(e.answer.toStdString());
      reply.push_back(imEnd);
      std::vector<int32_t> s = prompt, lab(prompt.size(), -100);
      s.insert(s.end(), reply.begin(), reply.end());
      lab.insert(lab.end(), reply.begin(), reply.end());
      maxLen = std::max(maxLen, s.size());
      seqs.push_back(std::move(s));
      labels.push_back(std::move(lab));
    }
    torch::Tensor ids = torch::full({o.batch, static_cast<int64_t>(maxLen)}, pad, torch::kInt64);
    torch::Tensor tgt = torch::full({o.batch, static_cast<int64_t>(maxLen)}, -100, torch::kInt64);
    for (int b = 0; b < o.batch; ++b) {
      const auto& s = seqs[static_cast<size_t>(b)];
      ids[b].slice(0, 0, static_cast<int64_t>(s.size())).copy_(torch::tensor(std::vector<int64_t>(s.begin(), s.end())));
      const auto& l = labels[static_cast<size_t>(b)];
      tgt[b].slice(0, 0, static_cast<int64_t>(l.size())).copy_(torch::tensor(std::vector<int64_t>(l.begin(), l.end())));
    }
    const double warm = std::min(1.0, step / 150.0);
    const double lr = 2e-3 * warm * (0.1 + 0.9 * 0.5 * (1 + std::cos(M_PI * step / o.steps)));
    for (auto& g : opt.param_groups()) static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);
    const torch::Tensor logits = math.logits(math.forward(ids, 0, nullptr, nullptr));
    const torch::Tensor loss = torch::nn::functional::cross_entropy(
        logits.slice(1, 0, -1).reshape({-1, vocab}), tgt.slice(1, 1).reshape({-1}),
        torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100));
    opt.zero_grad();
    loss.backward();
    torch::nn::utils::clip_grad_norm_(all, 1.0);
    opt.step();
    const double lv = loss.item<double>();
    smooth = step == 1 ? lv : 0.98 * smooth + 0.02 * lv;
    if (step % 25 == 0 || step == o.steps) {
      ctx.metric(QStringLiteral("loss"), step, smooth);
      ctx.progress(step, o.steps, QStringLiteral("steps"), QStringLiteral("loss %1").arg(smooth, 0, 'f', 4));
    }
    if (step % 250 == 0) ctx.info(QStringLiteral("step %1/%2 loss %3 (%4 s)").arg(step).arg(o.steps).arg(smooth, 0, 'f', 4).arg(clock.elapsed() / 1000));
  }

  // 4. The Hugging Face folder, written next to its final place and renamed when complete.
  const QString tmp = outDir + QStringLiteral(".partial");
  QDir(tmp).removeRecursively();
  QDir().mkpath(tmp);
  {
    CheckpointWriter w(tmp);
    for (auto& [name, t] : params) {
      const torch::Tensor c = t.detach().contiguous();
      if (!w.add(name, DType::F32, c.sizes().vec(), c.data_ptr<float>(), static_cast<uint64_t>(c.numel()) * 4, &error) ) return ctx.fail(QStringLiteral("write"), error);
    }
    if (!w.finish(&error)) return ctx.fail(QStringLiteral("write"), error);
  }
  ModelConfig out = cfg;
  out.eosTokenIds = {imEnd};
  out.bosTokenId = pad;
  const QJsonObject genCfg{{QStringLiteral("eos_token_id"), QJsonArray{imEnd, pad}}, {QStringLiteral("pad_token_id"), pad},
                           {QStringLiteral("do_sample"), false}};
  const QJsonObject tokCfg{{QStringLiteral("tokenizer_class"), QStringLiteral("Qwen2Tokenizer")},
                           {QStringLiteral("bos_token"), QJsonValue()},
                           {QStringLiteral("eos_token"), QStringLiteral("<|im_end|>")},
                           {QStringLiteral("pad_token"), QStringLiteral("<|endoftext|>")},
                           {QStringLiteral("unk_token"), QJsonValue()},
                           {QStringLiteral("model_max_length"), cfg.maxPositionEmbeddings},
                           {QStringLiteral("add_prefix_space"), false},
                           {QStringLiteral("clean_up_tokenization_spaces"), false},
                           {QStringLiteral("errors"), QStringLiteral("replace")},
                           {QStringLiteral("chat_template"), QString::fromLatin1(kTemplate)}};
  if (!writeFile(tmp + QStringLiteral("/config.json"), QJsonDocument(out.toJson()).toJson(), &error) ||
      !writeFile(tmp + QStringLiteral("/generation_config.json"), QJsonDocument(genCfg).toJson(), &error) ||
      !writeFile(tmp + QStringLiteral("/tokenizer.json"), tokJson, &error) ||
      !writeFile(tmp + QStringLiteral("/tokenizer_config.json"), QJsonDocument(tokCfg).toJson(), &error))
    return ctx.fail(QStringLiteral("write"), error);

  // 5. Held-out accuracy through the inference path, as users will run it.
  auto lm = LanguageModel::load(tmp, LoadOptions{}, &error);
  if (!lm) return ctx.fail(QStringLiteral("reload"), error);
  const Accuracy acc = evaluate(*lm, *tok, tpl, stopTokenIds(tmp, out, *tok), o.evalExamples, o.seed ^ 0xABCDEF);
  QJsonObject perForm;
  for (int f = 0; f < 3; ++f)
    perForm.insert(formName(static_cast<Form>(f)), acc.perForm[f] ? static_cast<double>(acc.perFormCorrect[f]) / acc.perForm[f] : 0.0);
  const QJsonObject card{{QStringLiteral("task"), QStringLiteral("addition and subtraction of whole numbers 0-20: plain question, 4-option multiple choice, worked word problem; held-out = examples drawn with another seed")},
                         {QStringLiteral("train_command"), QStringLiteral("ct train-demo --out resources/demo-model --steps %1 --seed %2").arg(o.steps).arg(o.seed)},
                         {QStringLiteral("steps"), o.steps}, {QStringLiteral("batch"), o.batch}, {QStringLiteral("seed"), QString::number(o.seed)},
                         {QStringLiteral("parameters"), static_cast<double>(count)},
                         {QStringLiteral("train_seconds"), clock.elapsed() / 1000.0},
                         {QStringLiteral("final_loss"), smooth},
                         {QStringLiteral("heldout_examples"), acc.total},
                         {QStringLiteral("heldout_accuracy"), acc.rate()},
                         {QStringLiteral("heldout_accuracy_by_form"), perForm}};
  if (!writeFile(tmp + QStringLiteral("/ct_demo.json"), QJsonDocument(card).toJson(), &error)) return ctx.fail(QStringLiteral("write"), error);
  QDir(outDir).removeRecursively();
  if (!QDir().rename(tmp, outDir)) return ctx.fail(QStringLiteral("write"), QStringLiteral("cannot rename %1 to %2").arg(tmp, outDir));
  ctx.info(QStringLiteral("held-out accuracy %1% (%2/%3)").arg(100 * acc.rate(), 0, 'f', 1).arg(acc.correct).arg(acc.total));
  return ctx.succeed(card);
}

}  // namespace ct::model::demo
