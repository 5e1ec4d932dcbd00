#include "pipeline/recipe.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

namespace ct::pipeline {
namespace {

const QString kQuantize = QStringLiteral("quantize");
const QString kVariant = QStringLiteral("quantize.variants[]");

QList<FieldSpec> makeFields() {
  auto f = [](const char* s, const char* k, const char* t, const char* d) {
    return FieldSpec{QString::fromLatin1(s), QString::fromLatin1(k), QString::fromLatin1(t), QString::fromUtf8(d)};
  };
  return {
      f("", "recipe_version", "int", "1. A newer version is refused with the version this ct reads."),
      f("", "name", "string", "Name of the recipe; runs and deployments are named after it (letters, digits, - _ .)."),
      f("", "targets", "string", "gpu (vLLM on a GPU host), fpga (the board's service) or both."),
      f("", "model", "object", "The float checkpoint."),
      f("", "quantize", "object", "Quantized variants and where they are made."),
      f("", "compile", "object", "FPGA image (targets fpga or both)."),
      f("", "fpga_service", "object", "The board's OpenAI service (ct host + ct serve)."),
      f("", "deploy", "object", "vLLM deployments on the GPU host (targets gpu or both)."),
      f("", "evaluate", "object", "What is scored and how."),
      f("", "services", "object", "What happens to the services the run starts."),
      f("", "chat", "object", "A question asked at the end, as a smoke test of the served model."),
      f("", "why", "object", "Explanations written by ct pipeline init; ignored when read."),
      f("model", "path", "string", "Checkpoint folder (Hugging Face layout: config.json, *.safetensors, tokenizer)."),
      f("model", "host", "string", "A host added with ct hosts add when the folder is on it; empty: this machine."),
      f("quantize", "run_on", "string", "A host to quantize on (ct or GPTQModel there); empty: this machine."),
      f("quantize", "variants", "array", "One entry per quantized model; an empty list quantizes nothing."),
      f("quantize.variants[]", "name", "string", "Short name (int4, awq4, ...): stage, folder and endpoint names."),
      f("quantize.variants[]", "method", "string", "gptq, awq or rtn (round-to-nearest baseline)."),
      f("quantize.variants[]", "bits", "int", "2, 3, 4 or 8 (AWQ: 4)."),
      f("quantize.variants[]", "group_size", "int", "-1, 32, 64 or 128."),
      f("quantize.variants[]", "desc_act", "bool", "GPTQ act-order."),
      f("quantize.variants[]", "sym", "bool", "GPTQ symmetric zero point (false writes gptq_v2)."),
      f("quantize.variants[]", "damp", "number", "GPTQ damping as a fraction of mean(diag H)."),
      f("quantize.variants[]", "static_groups", "bool", "GPTQ: fix each group's scale before act-order."),
      f("quantize.variants[]", "calib", "string", "Calibration text (.txt, .jsonl, .json); empty: the bundled text."),
      f("quantize.variants[]", "calib_field", "string", "JSON field holding the text."),
      f("quantize.variants[]", "nsamples", "int", "Calibration windows."),
      f("quantize.variants[]", "seqlen", "int", "Tokens per window; 0: automatic."),
      f("quantize.variants[]", "seed", "int", "Seed of the window positions."),
      f("quantize.variants[]", "max_memory", "string", "Refuse up front if the run would need more (e.g. 16G)."),
      f("quantize.variants[]", "no_clip", "bool", "AWQ: skip the clipping search."),
      f("quantize.variants[]", "duo_scaling", "bool", "AWQ: scale by activation and weight means (AutoAWQ's default)."),
      f("quantize.variants[]", "grid", "int", "AWQ: scaling ratios tried per group."),
      f("compile", "from", "string", "The variant compiled for the board."),
      f("compile", "board", "string", "Board profile: a built-in name (vcu128) or a JSON file."),
      f("compile", "external", "string", "Another compiler's command line ({checkpoint} {out} {board} {bits} {group_size} {desc_act})."),
      f("fpga_service", "link", "string", "emulator (ct host runs the image on this machine's CPU) or ADDR:PORT of the FPGA host PC."),
      f("fpga_service", "link_via", "string", "Reach link through this SSH host (a watched tunnel)."),
      f("fpga_service", "port", "int", "HTTP port of the service; 0: a free one."),
      f("fpga_service", "bind", "string", "Address the service listens on."),
      f("fpga_service", "model_name", "string", "Served model name; empty: <name>-board."),
      f("fpga_service", "context_length", "int", "Context limit; 0: the host's."),
      f("fpga_service", "temperature", "number", "Default temperature."),
      f("fpga_service", "max_tokens", "int", "Default max_tokens."),
      f("fpga_service", "max_tokens_limit", "int", "Largest max_tokens accepted."),
      f("fpga_service", "queue_depth", "int", "Requests in flight before 429."),
      f("fpga_service", "body_limit", "int", "Largest request body in bytes."),
      f("fpga_service", "timeout", "int", "Request time-out in seconds."),
      f("fpga_service", "keys_from_db", "bool", "Accept the service keys issued with ct keys create."),
      f("fpga_service", "api_key_file", "string", "File with the accepted keys, one per line."),
      f("fpga_service", "log_prompts", "bool", "Also log request messages."),
      f("fpga_service", "legacy", "bool", "The FPGA host speaks the legacy protocol."),
      f("fpga_service", "threads", "int", "Emulator: CPU threads; 0: all cores."),
      f("deploy", "host", "string", "The GPU host (ct hosts add)."),
      f("deploy", "models", "strings", "What to deploy: origin and variant names."),
      f("deploy", "gpus", "string", "auto, a count, or GPUs by index, UUID or bus id."),
      f("deploy", "memory", "number", "Memory budget per GPU in GiB; 0: ct's estimate."),
      f("deploy", "gpu_memory_utilization", "number", "Budget as vLLM's fraction of each GPU; 0: from memory."),
      f("deploy", "max_model_len", "int", "Context length; 0: the model's."),
      f("deploy", "port", "string", "auto or a port in the host's range."),
      f("deploy", "tensor_parallel_size", "int", "Tensor-parallel ranks; 0: the GPU count."),
      f("deploy", "quantization", "string", "vLLM --quantization; empty: what the checkpoint says."),
      f("deploy", "dtype", "string", "vLLM --dtype; empty: vLLM's choice."),
      f("deploy", "vllm_args", "strings", "More arguments for vllm serve."),
      f("deploy", "timeout", "int", "Seconds to wait for vLLM to answer."),
      f("evaluate", "framework", "string", "native (ct's own evaluator), lm-eval or evalplus."),
      f("evaluate", "tasks", "strings", "Tasks or groups (ct eval --list)."),
      f("evaluate", "models", "strings", "What is scored: origin, variant names, board; or all, none."),
      f("evaluate", "limit", "int", "First N items per task; 0: all."),
      f("evaluate", "task_limits", "object", "Items of particular tasks ({\"humaneval\": 20}), instead of limit."),
      f("evaluate", "num_fewshot", "int", "Few-shot examples; -1: each task's own."),
      f("evaluate", "max_gen_toks", "int", "Tokens per generated answer; 0: each task's."),
      f("evaluate", "seed", "int", "Seed for few-shot sampling and item order."),
      f("evaluate", "concurrency", "int", "Requests in flight per endpoint."),
      f("evaluate", "chat", "bool", "Generation tasks through /v1/chat/completions."),
      f("evaluate", "data_dir", "string", "Benchmark data folder; empty: the bundled samples."),
      f("evaluate", "run_on", "string", "lm-eval / evalplus: the host they run on; empty: this machine."),
      f("evaluate", "agreement", "bool", "Next-token KL / top-1 agreement of each model with origin."),
      f("services", "keep_running", "bool", "Leave the FPGA service and deployments up after the run (ct pipeline stop RUN ends them)."),
      f("chat", "question", "string", "Asked at the end; empty: none."),
  };
}

bool typeMatches(const QJsonValue& v, const QString& type) {
  if (type == QLatin1String("string")) return v.isString();
  if (type == QLatin1String("bool")) return v.isBool();
  if (type == QLatin1String("number")) return v.isDouble();
  if (type == QLatin1String("int")) return v.isDouble() && v.toDouble() == static_cast<double>(static_cast<qint64>(v.toDouble()));
  if (type == QLatin1String("object")) return v.isObject();
  if (type == QLatin1String("array")) return v.isArray();
  if (type == QLatin1String("strings")) {
    if (!v.isArray()) return false;
    for (const QJsonValue e : v.toArray())
      if (!e.isString()) return false;
    return true;
  }
  return false;
}

QString typeWords(const QString& type) {
  if (type == QLatin1String("strings")) return QStringLiteral("a list of strings");
  if (type == QLatin1String("int")) return QStringLiteral("a whole number");
  if (type == QLatin1String("bool")) return QStringLiteral("true or false");
  if (type == QLatin1String("object")) return QStringLiteral("an object");
  if (type == QLatin1String("array")) return QStringLiteral("a list");
  return QStringLiteral("a ") + type;
}

// Checks one object against its section's fields: unknown keys (with the nearest known one) and types.
void checkSection(const QJsonObject& o, const QString& section, const QString& path, QList<Problem>* problems) {
  QHash<QString, QString> types;
  for (const FieldSpec& s : recipeFields())
    if (s.section == section) types.insert(s.key, s.type);
  for (auto it = o.begin(); it != o.end(); ++it) {
    const QString field = path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key();
    if (it.key() == QLatin1String("why")) continue;
    if (!types.contains(it.key())) {
      QStringList known = types.keys();
      known.sort();
      problems->append({field, QStringLiteral("unknown field; %1 accepts: %2").arg(path.isEmpty() ? QStringLiteral("the recipe") : path, known.join(QStringLiteral(", ")))});
      continue;
    }
    if (!typeMatches(it.value(), types.value(it.key())))
      problems->append({field, QStringLiteral("must be %1").arg(typeWords(types.value(it.key())))});
  }
}

bool validName(const QString& s) {
  static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
  return re.match(s).hasMatch();
}

QStringList strings(const QJsonValue& v) {
  QStringList out;
  for (const QJsonValue e : v.toArray()) out << e.toString();
  return out;
}

}  // namespace

QString describeProblems(const QList<Problem>& problems) {
  QStringList lines;
  for (const Problem& p : problems)
    lines << QStringLiteral("  %1 %2: %3").arg(p.warning ? QStringLiteral("warning") : QStringLiteral("error  "), p.field, p.message);
  return lines.join(QLatin1Char('\n'));
}

QString Variant::method() const { return options.value(QStringLiteral("method")).toString(QStringLiteral("gptq")); }
int Variant::bits() const { return options.value(QStringLiteral("bits")).toInt(4); }

const Variant* Recipe::variant(const QString& n) const {
  for (const Variant& v : variants)
    if (v.name == n) return &v;
  return nullptr;
}

QStringList Recipe::evaluatedModels() const {
  const QJsonValue m = evaluate.value(QStringLiteral("models"));
  QStringList all{QStringLiteral("origin")};
  for (const Variant& v : variants) all << v.name;
  if (board()) all << QStringLiteral("board");
  if (m.isUndefined()) return all;
  const QStringList asked = strings(m);
  if (asked == QStringList{QStringLiteral("all")}) return all;
  if (asked == QStringList{QStringLiteral("none")}) return {};
  QStringList out;
  for (const QString& a : all)
    if (asked.contains(a)) out << a;
  return out;
}

QStringList Recipe::deployedModels() const {
  if (!gpu()) return {};
  const QJsonValue m = deploy.value(QStringLiteral("models"));
  if (m.isUndefined()) {
    QStringList out{QStringLiteral("origin")};
    for (const Variant& v : variants) out << v.name;
    return out;
  }
  return strings(m);
}

const QList<FieldSpec>& recipeFields() {
  static const QList<FieldSpec> fields = makeFields();
  return fields;
}

std::optional<Recipe> parseRecipe(const QJsonObject& json, QList<Problem>* problems, bool lenient) {
  QList<Problem> found;
  Recipe r;
  r.json = json;
  const QJsonValue version = json.value(QStringLiteral("recipe_version"));
  if (version.isUndefined())
    found.append({QStringLiteral("recipe_version"), QStringLiteral("missing; this ct reads version %1").arg(kRecipeVersion)});
  else if (version.toInt() != kRecipeVersion)
    found.append({QStringLiteral("recipe_version"), QStringLiteral("is %1; this ct reads version %2 (write the recipe again with ct pipeline init, or use the ct that wrote it)")
                                                         .arg(version.toVariant().toString()).arg(kRecipeVersion)});
  checkSection(json, QString(), QString(), &found);
  for (const char* s : {"model", "quantize", "compile", "fpga_service", "deploy", "evaluate", "services", "chat"}) {
    const QString sec = QString::fromLatin1(s);
    if (json.value(sec).isObject()) checkSection(json.value(sec).toObject(), sec, sec, &found);
  }

  r.name = json.value(QStringLiteral("name")).toString();
  if (!validName(r.name)) found.append({QStringLiteral("name"), QStringLiteral("'%1' is not a usable name: 1–64 letters, digits, '-', '_' or '.', starting with a letter or digit").arg(r.name)});
  const QJsonObject model = json.value(QStringLiteral("model")).toObject();
  r.modelPath = model.value(QStringLiteral("path")).toString();
  r.modelHost = model.value(QStringLiteral("host")).toString();
  if (r.modelPath.isEmpty()) found.append({QStringLiteral("model.path"), QStringLiteral("missing: the checkpoint folder to start from")});
  r.targets = json.value(QStringLiteral("targets")).toString(QStringLiteral("both"));
  if (r.targets != QLatin1String("gpu") && r.targets != QLatin1String("fpga") && r.targets != QLatin1String("both"))
    found.append({QStringLiteral("targets"), QStringLiteral("'%1': must be gpu, fpga or both").arg(r.targets)});

  const QJsonObject quant = json.value(kQuantize).toObject();
  r.quantizeOn = quant.value(QStringLiteral("run_on")).toString();
  const QJsonArray variants = quant.value(QStringLiteral("variants")).toArray();
  QSet<QString> names;
  for (int i = 0; i < variants.size(); ++i) {
    const QString path = QStringLiteral("quantize.variants[%1]").arg(i);
    if (!variants[i].isObject()) {
      found.append({path, QStringLiteral("must be an object")});
      continue;
    }
    QJsonObject o = variants[i].toObject();
    checkSection(o, kVariant, path, &found);
    Variant v;
    v.name = o.take(QStringLiteral("name")).toString();
    o.remove(QStringLiteral("why"));
    v.options = o;
    if (!validName(v.name) || v.name == QLatin1String("origin") || v.name == QLatin1String("board"))
      found.append({path + QStringLiteral(".name"), QStringLiteral("'%1': give each variant a short name of letters, digits, '-', '_' or '.' (not origin or board)").arg(v.name)});
    else if (names.contains(v.name))
      found.append({path + QStringLiteral(".name"), QStringLiteral("'%1' is used twice; each variant needs its own name").arg(v.name)});
    names.insert(v.name);
    const QString method = v.method();
    if (method != QLatin1String("gptq") && method != QLatin1String("awq") && method != QLatin1String("rtn"))
      found.append({path + QStringLiteral(".method"), QStringLiteral("'%1': must be gptq, awq or rtn").arg(method)});
    r.variants << v;
  }

  r.compile = json.value(QStringLiteral("compile")).toObject();
  r.fpga = json.value(QStringLiteral("fpga_service")).toObject();
  r.deploy = json.value(QStringLiteral("deploy")).toObject();
  r.evaluate = json.value(QStringLiteral("evaluate")).toObject();
  r.keepServices = json.value(QStringLiteral("services")).toObject().value(QStringLiteral("keep_running")).toBool(true);
  r.chatQuestion = json.value(QStringLiteral("chat")).toObject().value(QStringLiteral("question")).toString();

  if (r.board()) {
    const QString from = r.compileFrom();
    if (from.isEmpty())
      found.append({QStringLiteral("compile.from"), QStringLiteral("missing: name the variant the board runs (one of: %1)").arg(QStringList(names.values()).join(QStringLiteral(", ")))});
    else if (!names.contains(from))
      found.append({QStringLiteral("compile.from"), QStringLiteral("'%1' is not a variant of quantize.variants (%2)").arg(from, QStringList(names.values()).join(QStringLiteral(", ")))});
    const QString link = r.fpga.value(QStringLiteral("link")).toString(QStringLiteral("emulator"));
    static const QRegularExpression addr(QStringLiteral("^[^:\\s]+:\\d{1,5}$"));
    if (link != QLatin1String("emulator") && !addr.match(link).hasMatch())
      found.append({QStringLiteral("fpga_service.link"), QStringLiteral("'%1': emulator, or ADDR:PORT of the FPGA host PC (where ct host runs)").arg(link)});
  }
  if (r.gpu()) {
    if (r.deploy.value(QStringLiteral("host")).toString().isEmpty())
      found.append({QStringLiteral("deploy.host"), QStringLiteral("missing: targets %1 deploys on a GPU host; name one added with ct hosts add (or set targets to fpga)").arg(r.targets)});
    const QStringList models = r.deployedModels();
    for (int i = 0; i < models.size(); ++i)
      if (models[i] != QLatin1String("origin") && !names.contains(models[i]))
        found.append({QStringLiteral("deploy.models[%1]").arg(i), QStringLiteral("'%1' is neither origin nor a variant name").arg(models[i])});
  }
  const QJsonValue em = r.evaluate.value(QStringLiteral("models"));
  if (em.isArray()) {
    const QStringList asked = strings(em);
    for (int i = 0; i < asked.size(); ++i) {
      const QString& a = asked[i];
      const bool known = a == QLatin1String("origin") || names.contains(a) || (a == QLatin1String("board") && r.board()) ||
                         ((a == QLatin1String("all") || a == QLatin1String("none")) && asked.size() == 1);
      if (!known)
        found.append({QStringLiteral("evaluate.models[%1]").arg(i),
                      a == QLatin1String("board") ? QStringLiteral("board is scored only when targets is fpga or both")
                                                  : QStringLiteral("'%1' is none of: origin, %2board, all, none").arg(a, names.isEmpty() ? QString() : QStringList(names.values()).join(QStringLiteral(", ")) + QStringLiteral(", "))});
    }
  }
  const QString fw = r.evaluate.value(QStringLiteral("framework")).toString(QStringLiteral("native"));
  if (fw != QLatin1String("native") && fw != QLatin1String("lm-eval") && fw != QLatin1String("evalplus"))
    found.append({QStringLiteral("evaluate.framework"), QStringLiteral("'%1': must be native, lm-eval or evalplus").arg(fw)});

  bool fatal = false;
  for (const Problem& p : found) fatal = fatal || !p.warning;
  if (problems) problems->append(found);
  if (fatal && !lenient) return std::nullopt;
  return r;
}

std::optional<Recipe> loadRecipe(const QString& path, QList<Problem>* problems) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    problems->append({QStringLiteral("(file)"), QStringLiteral("cannot read %1: %2").arg(path, f.errorString())});
    return std::nullopt;
  }
  QJsonParseError pe{};
  const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
  if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
    problems->append({QStringLiteral("(file)"), QStringLiteral("%1 is not a JSON object: %2 at byte %3").arg(path, pe.errorString()).arg(pe.offset)});
    return std::nullopt;
  }
  return parseRecipe(doc.object(), problems);
}

}  // namespace ct::pipeline
