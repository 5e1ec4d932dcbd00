#include "pipeline/recipe_init.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include "deploy/model_checks.h"
#include "eval/tasks.h"
#include "model/model_config.h"
#include "pipeline/recipe.h"
#include "quant/quant_options.h"
#include "remote/host_store.h"
#include "remote/ssh_host.h"
#include "util/paths.h"

namespace ct::pipeline {
namespace {

std::optional<QByteArray> readConfig(const InitOptions& o, QString* error) {
  if (o.modelHost.isEmpty()) {
    QFile f(QDir(o.modelPath).filePath(QStringLiteral("config.json")));
    if (!f.open(QIODevice::ReadOnly)) {
      *error = QStringLiteral("%1 has no readable config.json (%2): give a Hugging Face model folder").arg(o.modelPath, f.errorString());
      return std::nullopt;
    }
    return f.readAll();
  }
  remote::HostStore store(paths::jobsDatabase());
  if (!store.open(error)) return std::nullopt;
  const auto p = store.get(o.modelHost);
  if (!p) {
    *error = QStringLiteral("no host '%1' (ct hosts add)").arg(o.modelHost);
    return std::nullopt;
  }
  remote::SshHost ssh(*p);
  const auto r = ssh.exec({QStringLiteral("cat"), o.modelPath + QStringLiteral("/config.json")});
  if (!r.ok()) {
    *error = QStringLiteral("%1: cannot read %2/config.json (%3)").arg(o.modelHost, o.modelPath, r.error());
    return std::nullopt;
  }
  return r.out;
}

QString safeName(const QString& s) {
  QString n = s;
  n.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("-"));
  while (!n.isEmpty() && !n.front().isLetterOrNumber()) n.remove(0, 1);
  return n.left(48).isEmpty() ? QStringLiteral("model") : n.left(48).toLower();
}

}  // namespace

// The default tasks: a spread of knowledge, reasoning, maths and code, each kept only when its
// data is in the folder (the bundled samples hold five mmlu subjects, not all 57).
QJsonArray defaultTasks(const QString& dataDir) {
  QStringList wanted{QStringLiteral("arc_easy"), QStringLiteral("arc_challenge"), QStringLiteral("hellaswag"), QStringLiteral("gsm8k"), QStringLiteral("humaneval")};
  QString err;
  if (const auto subjects = eval::expandTaskNames({QStringLiteral("mmlu")}, &err)) wanted << *subjects;
  QJsonArray out;
  eval::LoadOptions lo;
  lo.dataDir = dataDir;
  for (const QString& t : wanted) {
    const eval::TaskSpec* spec = eval::findTask(t);
    eval::ReadError re;
    if (spec && (dataDir.isEmpty() || eval::loadTask(*spec, lo, &re))) out.append(t);
  }
  return out;
}

std::optional<QJsonObject> initialRecipe(const InitOptions& o, QString* error) {
  if (o.targets != QLatin1String("gpu") && o.targets != QLatin1String("fpga") && o.targets != QLatin1String("both")) {
    *error = QStringLiteral("--targets must be gpu, fpga or both, not '%1'").arg(o.targets);
    return std::nullopt;
  }
  const auto bytes = readConfig(o, error);
  if (!bytes) return std::nullopt;
  QJsonParseError pe{};
  const QJsonObject cj = QJsonDocument::fromJson(*bytes, &pe).object();
  const auto config = model::ModelConfig::fromJson(cj, error);
  if (!config) return std::nullopt;
  const auto facts = deploy::ModelFacts::fromConfig(*bytes, 0, error);
  if (!facts) return std::nullopt;

  const bool gpu = o.targets != QLatin1String("fpga"), board = o.targets != QLatin1String("gpu");
  // The largest group size the layer shapes take (vLLM's kernels and the board both want 128).
  int group = -1;
  QString kernelNote;
  for (int g : {128, 64, 32}) {
    quant::QuantOptions q;
    q.groupSize = g;
    const quant::QuantPlan plan = quant::planQuantization(quant::resolved(q, *config), *config);
    if (plan.errors.isEmpty()) {
      group = g;
      kernelNote = plan.kernelNote;
      break;
    }
  }
  QJsonObject variant{{QStringLiteral("name"), QStringLiteral("int4")}, {QStringLiteral("method"), QStringLiteral("gptq")}, {QStringLiteral("bits"), 4},
                      {QStringLiteral("group_size"), group},        {QStringLiteral("desc_act"), false},             {QStringLiteral("sym"), true},
                      {QStringLiteral("damp"), 0.01},               {QStringLiteral("calib"), QString()},            {QStringLiteral("nsamples"), 128},
                      {QStringLiteral("seqlen"), 0}};
  QJsonObject quantWhy{
      {QStringLiteral("variants"), QStringLiteral("4-bit GPTQ: what vLLM serves fastest and the board holds; add entries (method awq, bits 8, ...) to compare several precisions in one run")},
      {QStringLiteral("group_size"), group > 0 ? QStringLiteral("%1: the largest group every layer's input width divides; %2").arg(group).arg(kernelNote)
                                               : QStringLiteral("-1: no group size of 32, 64 or 128 divides every layer's input width")},
      {QStringLiteral("desc_act"), QStringLiteral("false: with groups, act-order makes gptq_marlin gather scales per column and the board read groups out of order; its accuracy gain is small at group 128")},
      {QStringLiteral("sym"), QStringLiteral("true: symmetric GPTQ is what gptq_marlin serves (asymmetric falls back to the slower gptq kernel)")},
      {QStringLiteral("calib"), QStringLiteral("empty: the bundled text; for a real model name a few MB of text like its real use (.txt or .jsonl)")},
      {QStringLiteral("nsamples"), QStringLiteral("128 windows of seqlen tokens: GPTQ's usual calibration size")},
      {QStringLiteral("seqlen"), QStringLiteral("0: min(2048, max_position_embeddings = %1)").arg(config->maxPositionEmbeddings)},
  };
  QJsonObject quantize{{QStringLiteral("run_on"), o.modelHost}, {QStringLiteral("variants"), QJsonArray{variant}}, {QStringLiteral("why"), quantWhy}};

  QJsonObject recipe{{QStringLiteral("recipe_version"), kRecipeVersion},
                     {QStringLiteral("name"), o.name.isEmpty() ? safeName(QFileInfo(o.modelPath).fileName()) : o.name},
                     {QStringLiteral("targets"), o.targets},
                     {QStringLiteral("model"), QJsonObject{{QStringLiteral("path"), o.modelPath}, {QStringLiteral("host"), o.modelHost}}},
                     {QStringLiteral("quantize"), quantize}};
  if (board) {
    recipe.insert(QStringLiteral("compile"), QJsonObject{{QStringLiteral("from"), QStringLiteral("int4")}, {QStringLiteral("board"), QStringLiteral("vcu128")},
                                                        {QStringLiteral("why"), QStringLiteral("the 4-bit variant on the VCU128 profile (ct compile --board)")}});
    recipe.insert(QStringLiteral("fpga_service"),
                  QJsonObject{{QStringLiteral("link"), QStringLiteral("emulator")}, {QStringLiteral("port"), 0}, {QStringLiteral("bind"), QStringLiteral("127.0.0.1")},
                              {QStringLiteral("context_length"), 0}, {QStringLiteral("temperature"), 0.7}, {QStringLiteral("max_tokens"), 256},
                              {QStringLiteral("why"), QStringLiteral("link emulator: ct host runs the image on this machine's CPU, bit-exact with the board; set ADDR:PORT of the FPGA host PC to use the board. port 0: a free one")}});
  }
  if (gpu) {
    QStringList tps;
    for (int tp : {1, 2, 4, 8})
      if (deploy::checkTensorParallel(*facts, tp).isEmpty()) tps << QString::number(tp);
    const int ctx = std::min(config->maxPositionEmbeddings, 32768);
    recipe.insert(QStringLiteral("deploy"),
                  QJsonObject{{QStringLiteral("host"), o.gpuHost},
                              {QStringLiteral("models"), QJsonArray{QStringLiteral("origin"), QStringLiteral("int4")}},
                              {QStringLiteral("gpus"), QStringLiteral("auto")},
                              {QStringLiteral("max_model_len"), ctx},
                              {QStringLiteral("tensor_parallel_size"), 0},
                              {QStringLiteral("gpu_memory_utilization"), 0},
                              {QStringLiteral("timeout"), 900},
                              {QStringLiteral("why"),
                               QJsonObject{{QStringLiteral("models"), QStringLiteral("origin and int4 side by side, so the scores compare the same serving stack")},
                                           {QStringLiteral("max_model_len"), QStringLiteral("%1: the model's max_position_embeddings (%2), capped at 32768 so the KV cache leaves room for batches")
                                                                                 .arg(ctx).arg(config->maxPositionEmbeddings)},
                                           {QStringLiteral("tensor_parallel_size"), QStringLiteral("0: the scheduler picks the fewest GPUs that hold the model; vLLM accepts %1 for %2 attention and %3 KV heads")
                                                                                        .arg(tps.join(QStringLiteral(", "))).arg(facts->heads).arg(facts->kvHeads)},
                                           {QStringLiteral("gpus"), QStringLiteral("auto: free GPUs under a lease, NVLink neighbours first")},
                                           {QStringLiteral("gpu_memory_utilization"), QStringLiteral("0: from ct's estimate of weights + KV cache, so two models can share a GPU")}}}});
  }
  QJsonArray models{QStringLiteral("origin"), QStringLiteral("int4")};
  if (board) models.append(QStringLiteral("board"));
  recipe.insert(QStringLiteral("evaluate"),
                QJsonObject{{QStringLiteral("framework"), QStringLiteral("native")},
                            {QStringLiteral("tasks"), defaultTasks(o.evalDataDir)},
                            {QStringLiteral("models"), models},
                            {QStringLiteral("limit"), 100},
                            {QStringLiteral("agreement"), true},
                            {QStringLiteral("why"), QStringLiteral("ct's own evaluator through each model's OpenAI endpoint, the same items for every model; "
                                                                   "the tasks whose data is in the bundled samples (evaluate.data_dir: a folder with more); limit 100 items per task keeps a run to minutes (0: all); agreement: next-token KL and top-1 against origin")}});
  recipe.insert(QStringLiteral("services"), QJsonObject{{QStringLiteral("keep_running"), true},
                                                       {QStringLiteral("why"), QStringLiteral("the endpoints stay up for chat and agents; ct pipeline stop RUN ends them")}});
  return recipe;
}

QJsonObject demoRecipe(const QString& modelDir, int items, int realItems) {
  auto gptq = [](int bits) {
    return QJsonObject{{QStringLiteral("name"), QStringLiteral("int%1").arg(bits)}, {QStringLiteral("method"), QStringLiteral("gptq")}, {QStringLiteral("bits"), bits},
                       {QStringLiteral("group_size"), 32}, {QStringLiteral("nsamples"), 32}};
  };
  // AWQ beside GPTQ at 4 bits: 8 windows of 512 tokens (its search runs each module 20 times).
  const QJsonObject awq{{QStringLiteral("name"), QStringLiteral("awq4")}, {QStringLiteral("method"), QStringLiteral("awq")}, {QStringLiteral("group_size"), 32}, {QStringLiteral("nsamples"), 8}};
  QJsonArray tasks{QStringLiteral("demo")};
  QJsonObject limits{{QStringLiteral("demo"), items}};
  if (realItems > 0) {
    for (const char* t : {"arc_easy", "hellaswag", "mmlu_abstract_algebra"}) {
      tasks.append(QLatin1String(t));
      limits.insert(QLatin1String(t), realItems);
    }
    tasks.append(QStringLiteral("humaneval"));
    limits.insert(QStringLiteral("humaneval"), std::max(1, realItems / 5));
  }
  return {{QStringLiteral("recipe_version"), kRecipeVersion},
          {QStringLiteral("name"), QStringLiteral("demo")},
          {QStringLiteral("targets"), QStringLiteral("fpga")},
          {QStringLiteral("model"), QJsonObject{{QStringLiteral("path"), modelDir}}},
          {QStringLiteral("quantize"), QJsonObject{{QStringLiteral("variants"), QJsonArray{gptq(8), gptq(4), gptq(2), awq}}}},
          {QStringLiteral("compile"), QJsonObject{{QStringLiteral("from"), QStringLiteral("int4")}, {QStringLiteral("board"), QStringLiteral("vcu128")}}},
          {QStringLiteral("fpga_service"), QJsonObject{{QStringLiteral("link"), QStringLiteral("emulator")}, {QStringLiteral("port"), 0}, {QStringLiteral("model_name"), QStringLiteral("demo-fpga")}}},
          {QStringLiteral("evaluate"), QJsonObject{{QStringLiteral("framework"), QStringLiteral("native")}, {QStringLiteral("tasks"), tasks}, {QStringLiteral("task_limits"), limits},
                                                   {QStringLiteral("models"), QJsonArray{QStringLiteral("all")}}, {QStringLiteral("max_gen_toks"), 48}, {QStringLiteral("seed"), 2026},
                                                   {QStringLiteral("agreement"), true}}},
          {QStringLiteral("services"), QJsonObject{{QStringLiteral("keep_running"), false}}},
          {QStringLiteral("chat"), QJsonObject{{QStringLiteral("question"), QStringLiteral("What is 17 + 5?")}}}};
}

}  // namespace ct::pipeline
