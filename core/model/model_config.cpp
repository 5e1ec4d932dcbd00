#include "model/model_config.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace ct::model {
namespace {

QList<int> idList(const QJsonValue& v) {
  QList<int> out;
  if (v.isArray())
    for (const QJsonValue x : v.toArray()) out.append(x.toInt());
  else if (v.isDouble())
    out.append(v.toInt());
  return out;
}

}  // namespace

std::optional<ModelConfig> ModelConfig::fromJson(const QJsonObject& root, QString* error) {
  ModelConfig c;
  c.raw = root;
  c.architecture = root.value(QStringLiteral("architectures")).toArray().first().toString();
  c.modelType = root.value(QStringLiteral("model_type")).toString();
  c.isVisionLanguage = c.modelType == QLatin1String("qwen2_vl") || c.modelType == QLatin1String("qwen2_5_vl") ||
                       root.contains(QStringLiteral("vision_config"));
  const bool known = c.modelType == QLatin1String("qwen2") || c.isVisionLanguage ||
                     c.architecture.startsWith(QLatin1String("Qwen2"));
  if (!known) {
    if (error)
      *error = QStringLiteral("model_type \"%1\" (%2) is not a Qwen2-architecture model; supported: qwen2, qwen2_vl, qwen2_5_vl")
                   .arg(c.modelType, c.architecture.isEmpty() ? QStringLiteral("no architectures") : c.architecture);
    return std::nullopt;
  }
  // Newer transformers nest the language model's fields under text_config.
  const QJsonObject text = root.value(QStringLiteral("text_config")).toObject();
  auto value = [&](const char* key) {
    const QJsonValue v = text.value(QLatin1String(key));
    return v.isUndefined() || v.isNull() ? root.value(QLatin1String(key)) : v;
  };
  QStringList missing;
  auto need = [&](const char* key) {
    const QJsonValue v = value(key);
    if (!v.isDouble()) missing.append(QLatin1String(key));
    return v.toInt();
  };
  c.hiddenSize = need("hidden_size");
  c.intermediateSize = need("intermediate_size");
  c.numLayers = need("num_hidden_layers");
  c.numHeads = need("num_attention_heads");
  c.vocabSize = need("vocab_size");
  if (!missing.isEmpty()) {
    if (error) *error = QStringLiteral("config.json lacks %1").arg(missing.join(QStringLiteral(", ")));
    return std::nullopt;
  }
  c.numKvHeads = value("num_key_value_heads").toInt(c.numHeads);
  c.headDim = value("head_dim").toInt(c.numHeads > 0 ? c.hiddenSize / c.numHeads : 0);
  QJsonValue theta = value("rope_theta");
  if (!theta.isDouble()) theta = value("rope_parameters").toObject().value(QStringLiteral("rope_theta"));
  c.ropeTheta = theta.toDouble(10000.0);
  c.rmsNormEps = value("rms_norm_eps").toDouble(1e-6);
  c.tieWordEmbeddings = root.value(QStringLiteral("tie_word_embeddings")).toBool(value("tie_word_embeddings").toBool(false));
  c.maxPositionEmbeddings = value("max_position_embeddings").toInt(32768);
  c.torchDtype = value("torch_dtype").toString(root.value(QStringLiteral("dtype")).toString(QStringLiteral("bfloat16")));
  c.eosTokenIds = idList(value("eos_token_id"));
  c.bosTokenId = value("bos_token_id").toInt(-1);
  c.quantizationConfig = root.value(QStringLiteral("quantization_config")).toObject();

  QString bad;
  if (c.numHeads <= 0 || c.hiddenSize <= 0 || c.numLayers <= 0 || c.vocabSize <= 0 || c.intermediateSize <= 0)
    bad = QStringLiteral("sizes must be positive");
  else if (c.numKvHeads <= 0 || c.numHeads % c.numKvHeads != 0)
    bad = QStringLiteral("num_attention_heads (%1) must be a multiple of num_key_value_heads (%2)").arg(c.numHeads).arg(c.numKvHeads);
  else if (c.headDim <= 0 || c.headDim % 2 != 0)
    bad = QStringLiteral("head dimension %1 must be even for rotary embeddings").arg(c.headDim);
  if (!bad.isEmpty()) {
    if (error) *error = QStringLiteral("config.json is inconsistent: %1").arg(bad);
    return std::nullopt;
  }
  return c;
}

std::optional<ModelConfig> ModelConfig::load(const QString& dir, QString* error) {
  const QString path = QDir(dir).filePath(QStringLiteral("config.json"));
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    if (error) *error = QStringLiteral("%1: %2 (is this a Hugging Face model folder?)").arg(path, f.errorString());
    return std::nullopt;
  }
  QJsonParseError pe{};
  const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
  if (!doc.isObject()) {
    if (error) *error = QStringLiteral("%1: not a JSON object (%2 at offset %3)").arg(path, pe.errorString()).arg(pe.offset);
    return std::nullopt;
  }
  QString why;
  auto c = fromJson(doc.object(), &why);
  if (!c && error) *error = QStringLiteral("%1: %2").arg(path, why);
  return c;
}

QList<std::pair<QString, std::vector<int64_t>>> ModelConfig::expectedTensors(const QString& prefix, bool withLmHead) const {
  const int64_t H = hiddenSize, I = intermediateSize, qd = static_cast<int64_t>(numHeads) * headDim,
                kvd = static_cast<int64_t>(numKvHeads) * headDim;
  QList<std::pair<QString, std::vector<int64_t>>> need = {{prefix + QStringLiteral("embed_tokens.weight"), {vocabSize, H}},
                                                          {prefix + QStringLiteral("norm.weight"), {H}}};
  if (withLmHead) need.append({QStringLiteral("lm_head.weight"), {vocabSize, H}});
  for (int l = 0; l < numLayers; ++l) {
    const QString p = prefix + QStringLiteral("layers.%1.").arg(l);
    need.append({p + QStringLiteral("input_layernorm.weight"), {H}});
    need.append({p + QStringLiteral("post_attention_layernorm.weight"), {H}});
    need.append({p + QStringLiteral("self_attn.q_proj.weight"), {qd, H}});
    need.append({p + QStringLiteral("self_attn.k_proj.weight"), {kvd, H}});
    need.append({p + QStringLiteral("self_attn.v_proj.weight"), {kvd, H}});
    need.append({p + QStringLiteral("self_attn.o_proj.weight"), {H, qd}});
    need.append({p + QStringLiteral("mlp.gate_proj.weight"), {I, H}});
    need.append({p + QStringLiteral("mlp.up_proj.weight"), {I, H}});
    need.append({p + QStringLiteral("mlp.down_proj.weight"), {H, I}});
  }
  return need;
}

QJsonObject ModelConfig::toJson() const {
  QJsonArray eos;
  for (int id : eosTokenIds) eos.append(id);
  QJsonObject o{{QStringLiteral("architectures"), QJsonArray{QStringLiteral("Qwen2ForCausalLM")}},
                {QStringLiteral("model_type"), QStringLiteral("qwen2")},
                {QStringLiteral("hidden_size"), hiddenSize},
                {QStringLiteral("intermediate_size"), intermediateSize},
                {QStringLiteral("num_hidden_layers"), numLayers},
                {QStringLiteral("num_attention_heads"), numHeads},
                {QStringLiteral("num_key_value_heads"), numKvHeads},
                {QStringLiteral("vocab_size"), vocabSize},
                {QStringLiteral("rope_theta"), ropeTheta},
                {QStringLiteral("rms_norm_eps"), rmsNormEps},
                {QStringLiteral("tie_word_embeddings"), tieWordEmbeddings},
                {QStringLiteral("max_position_embeddings"), maxPositionEmbeddings},
                {QStringLiteral("hidden_act"), QStringLiteral("silu")},
                {QStringLiteral("use_sliding_window"), false},
                {QStringLiteral("torch_dtype"), torchDtype.isEmpty() ? QStringLiteral("float32") : torchDtype}};
  if (eosTokenIds.size() == 1) o.insert(QStringLiteral("eos_token_id"), eosTokenIds.first());
  else if (!eosTokenIds.isEmpty()) o.insert(QStringLiteral("eos_token_id"), eos);
  if (bosTokenId >= 0) o.insert(QStringLiteral("bos_token_id"), bosTokenId);
  if (!quantizationConfig.isEmpty()) o.insert(QStringLiteral("quantization_config"), quantizationConfig);
  return o;
}

}  // namespace ct::model
