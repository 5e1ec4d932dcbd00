#include "deploy/model_checks.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <numeric>

namespace ct::deploy {

std::optional<ModelFacts> ModelFacts::fromConfig(const QByteArray& configJson, qint64 weightBytes, QString* error) {
  QJsonParseError pe;
  const QJsonDocument d = QJsonDocument::fromJson(configJson, &pe);
  if (!d.isObject()) {
    *error = QStringLiteral("config.json is not a JSON object (%1)").arg(pe.errorString());
    return std::nullopt;
  }
  const QJsonObject root = d.object();
  const QJsonObject c = root.contains(QStringLiteral("text_config")) ? root.value(QStringLiteral("text_config")).toObject() : root;
  ModelFacts m;
  m.architecture = root.value(QStringLiteral("architectures")).toArray().first().toString();
  m.modelType = root.value(QStringLiteral("model_type")).toString();
  m.dtype = root.value(QStringLiteral("torch_dtype")).toString(c.value(QStringLiteral("torch_dtype")).toString());
  m.heads = c.value(QStringLiteral("num_attention_heads")).toInt();
  m.kvHeads = c.value(QStringLiteral("num_key_value_heads")).toInt(m.heads);
  m.layers = c.value(QStringLiteral("num_hidden_layers")).toInt();
  m.hidden = c.value(QStringLiteral("hidden_size")).toInt();
  m.maxPositions = c.value(QStringLiteral("max_position_embeddings")).toInt();
  m.weightBytes = weightBytes;
  if (m.heads <= 0 || m.layers <= 0 || m.hidden <= 0) {
    *error = QStringLiteral("config.json lacks num_attention_heads, num_hidden_layers or hidden_size; is this a language model checkpoint?");
    return std::nullopt;
  }
  const QJsonObject q = root.value(QStringLiteral("quantization_config")).toObject();
  if (!q.isEmpty()) {
    m.quant.method = q.value(QStringLiteral("quant_method")).toString().toLower();
    m.quant.bits = q.value(QStringLiteral("bits")).toInt(q.value(QStringLiteral("w_bit")).toInt());
    m.quant.groupSize = q.value(QStringLiteral("group_size")).toInt(q.value(QStringLiteral("q_group_size")).toInt(-1));
    m.quant.descAct = q.value(QStringLiteral("desc_act")).toBool();
    m.quant.sym = q.value(QStringLiteral("sym")).toBool(true);
    m.quant.zeroPoint = q.value(QStringLiteral("zero_point")).toBool(true);
  }
  return m;
}

sched::ModelShape ModelFacts::shape(int contextLength) const {
  sched::ModelShape s;
  s.attentionHeads = heads;
  s.kvHeads = kvHeads;
  s.layers = layers;
  s.headDim = heads > 0 ? hidden / heads : 0;
  s.weightBytes = weightBytes;
  s.contextLength = contextLength > 0 ? contextLength : maxPositions;
  return s;
}

QString checkTensorParallel(const ModelFacts& m, int tp) {
  if (tp < 1) return QStringLiteral("--tensor-parallel-size must be 1 or more");
  QStringList fits;
  for (int t = 1; t <= std::max(8, tp); ++t)
    if (m.heads % t == 0 && (m.kvHeads % t == 0 || t % m.kvHeads == 0)) fits << QString::number(t);
  if (m.heads % tp != 0)
    return QStringLiteral("tensor-parallel size %1 does not divide the model's %2 attention heads (vLLM: \"Total number of attention heads (%2) must be divisible by "
                          "tensor parallel size (%1).\"); use one of %3")
        .arg(tp).arg(m.heads).arg(fits.join(QStringLiteral(", ")));
  if (m.kvHeads % tp != 0 && tp % m.kvHeads != 0)
    return QStringLiteral("tensor-parallel size %1 neither divides the model's %2 KV heads nor is a multiple of them, so vLLM cannot split or replicate them; use one of %3")
        .arg(tp).arg(m.kvHeads).arg(fits.join(QStringLiteral(", ")));
  return {};
}

int computeCapabilityFromName(const QString& name) {
  static const struct {
    const char* pattern;
    int cc;
  } table[] = {{"\\bK80\\b", 37},           {"\\bM(40|60)\\b", 52},        {"\\bP100\\b", 60},
               {"\\bP(4|40)\\b", 61},       {"GTX 10\\d0", 61},             {"TITAN Xp?\\b", 61},
               {"\\bV100\\b", 70},          {"TITAN V\\b", 70},             {"\\bT4\\b", 75},
               {"RTX 20\\d0", 75},           {"TITAN RTX", 75},               {"Quadro RTX", 75},
               {"GTX 16\\d0", 75}};
  for (const auto& t : table)
    if (QRegularExpression(QString::fromLatin1(t.pattern), QRegularExpression::CaseInsensitiveOption).match(name).hasMatch()) return t.cc;
  return 0;
}

KernelChoice predictKernel(const ModelFacts& m, const QString& requested, const QString& dtype, int cc) {
  KernelChoice k;
  const QuantFacts& q = m.quant;
  const bool ampere = cc == 0 || cc >= 80;
  const QString ccText = QStringLiteral("%1.%2").arg(cc / 10).arg(cc % 10);
  if (cc > 0 && cc < 70) {
    k.refusal = QStringLiteral("vLLM needs GPUs of compute capability 7.0 or newer; these are %1").arg(ccText);
    return k;
  }
  const bool marlinGroup = ampere && (q.groupSize == -1 || q.groupSize == 32 || q.groupSize == 64 || q.groupSize == 128);
  const QString shapeText = QStringLiteral("%1-bit, group %2%3").arg(q.bits).arg(q.groupSize).arg(q.method == QLatin1String("gptq") ? (q.descAct ? QStringLiteral(", desc_act") : QString()) + (q.sym ? QString() : QStringLiteral(", asymmetric")) : QString());
  if (q.method.isEmpty()) {
    if (!requested.isEmpty() && requested != QLatin1String("fp8") && requested != QLatin1String("bitsandbytes"))
      k.refusal = QStringLiteral("--quantization %1 given, but the checkpoint has no quantization_config (it is not a %1 checkpoint); leave --quantization out").arg(requested);
    return k;
  }
  if (q.method == QLatin1String("gptq")) {
    const bool marlin = (q.bits == 4 || q.bits == 8) && marlinGroup && q.sym;
    if (!(q.bits == 2 || q.bits == 3 || q.bits == 4 || q.bits == 8)) {
      k.refusal = QStringLiteral("vLLM has no GPTQ kernel for %1-bit weights (gptq: 2, 3, 4, 8 bits; gptq_marlin: 4, 8); quantize with 4 or 8 bits").arg(q.bits);
      return k;
    }
    if (requested.isEmpty() || requested == QLatin1String("gptq_marlin")) {
      if (marlin) {
        k.kernel = QStringLiteral("gptq_marlin");
        k.why = QStringLiteral("%1 checkpoint: vLLM converts it to gptq_marlin at load (\"The model is convertible to gptq_marlin during runtime. Using gptq_marlin kernel.\")").arg(shapeText);
      } else if (requested == QLatin1String("gptq_marlin")) {
        k.refusal = ampere ? QStringLiteral("--quantization gptq_marlin cannot run this %1 checkpoint (Marlin needs 4 or 8 bits, symmetric, group -1/32/64/128); leave --quantization out to use gptq").arg(shapeText)
                           : QStringLiteral("--quantization gptq_marlin needs compute capability 8.0 or newer; these GPUs are %1; leave --quantization out to use gptq").arg(ccText);
      } else {
        k.kernel = QStringLiteral("gptq");
        k.why = ampere ? QStringLiteral("%1 checkpoint: Marlin cannot run it (needs 4 or 8 bits, symmetric, group -1/32/64/128), so vLLM uses the slower gptq kernel").arg(shapeText)
                       : QStringLiteral("%1 checkpoint on compute capability %2: Marlin needs 8.0, so vLLM uses the gptq kernel").arg(shapeText, ccText);
      }
    } else if (requested == QLatin1String("gptq")) {
      k.kernel = QStringLiteral("gptq");
      k.why = QStringLiteral("--quantization gptq forces the gptq kernel");
      if (marlin) k.warning = QStringLiteral("this %1 checkpoint could run the faster gptq_marlin kernel; --quantization gptq forces gptq (leave --quantization out or use gptq_marlin)").arg(shapeText);
    } else {
      k.refusal = QStringLiteral("--quantization %1 does not match the checkpoint's quant_method gptq; leave --quantization out (vLLM reads it from config.json)").arg(requested);
    }
    if (k.refusal.isEmpty() && k.kernel == QLatin1String("gptq") && dtype == QLatin1String("bfloat16"))
      k.refusal = QStringLiteral("the gptq kernel runs float16 only (vLLM: GPTQ does not support bfloat16); use --dtype float16 or auto");
    return k;
  }
  if (q.method == QLatin1String("awq")) {
    const bool marlin = q.bits == 4 && marlinGroup;
    if (q.bits != 4) {
      k.refusal = QStringLiteral("vLLM's AWQ kernels take 4-bit weights only; this checkpoint has %1 bits").arg(q.bits);
      return k;
    }
    if (cc > 0 && cc < 75) {
      k.refusal = QStringLiteral("vLLM's AWQ kernels need compute capability 7.5 or newer; these GPUs are %1 (quantize with GPTQ for them)").arg(ccText);
      return k;
    }
    if (requested.isEmpty() || requested == QLatin1String("awq_marlin")) {
      k.kernel = marlin ? QStringLiteral("awq_marlin") : QStringLiteral("awq");
      k.why = marlin ? QStringLiteral("%1 AWQ checkpoint: vLLM upgrades it to awq_marlin").arg(shapeText)
                     : QStringLiteral("%1 AWQ checkpoint: Marlin needs group -1/32/64/128, so vLLM uses awq").arg(shapeText);
    } else if (requested == QLatin1String("awq")) {
      k.kernel = QStringLiteral("awq");
      k.why = QStringLiteral("--quantization awq forces the awq kernel");
      if (marlin) k.warning = QStringLiteral("this checkpoint could run awq_marlin; --quantization awq forces the slower awq kernel");
    } else {
      k.refusal = QStringLiteral("--quantization %1 does not match the checkpoint's quant_method awq; leave --quantization out").arg(requested);
    }
    return k;
  }
  k.kernel = requested.isEmpty() ? q.method : requested;
  k.why = QStringLiteral("quant_method %1 (ct does not predict this method's kernel)").arg(q.method);
  return k;
}

}  // namespace ct::deploy
