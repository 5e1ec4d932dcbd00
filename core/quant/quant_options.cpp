#include "quant/quant_options.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QRegularExpression>
#include <algorithm>
#include <numeric>

#include "model/model_config.h"

namespace ct::quant {
namespace {

struct Linear {
  const char* name;
  int64_t out, in;
};

QList<Linear> linears(const model::ModelConfig& c) {
  const int64_t H = c.hiddenSize, I = c.intermediateSize, q = static_cast<int64_t>(c.numHeads) * c.headDim,
                kv = static_cast<int64_t>(c.numKvHeads) * c.headDim;
  return {{"self_attn.q_proj", q, H}, {"self_attn.k_proj", kv, H}, {"self_attn.v_proj", kv, H},
          {"self_attn.o_proj", H, q}, {"mlp.gate_proj", I, H},     {"mlp.up_proj", I, H},
          {"mlp.down_proj", H, I}};
}

}  // namespace

QJsonObject QuantOptions::toJson() const {
  if (isAwq())
    return {{QStringLiteral("method"), method},          {QStringLiteral("bits"), bits},
            {QStringLiteral("group_size"), groupSize},   {QStringLiteral("zero_point"), true},
            {QStringLiteral("duo_scaling"), duoScaling}, {QStringLiteral("grid"), grid},
            {QStringLiteral("clip"), awqClip},           {QStringLiteral("nsamples"), nsamples},
            {QStringLiteral("seqlen"), seqlen},          {QStringLiteral("seed"), QString::number(seed)},
            {QStringLiteral("calib_field"), calibField}};
  return {{QStringLiteral("method"), method},         {QStringLiteral("bits"), bits},
          {QStringLiteral("group_size"), groupSize},  {QStringLiteral("desc_act"), descAct},
          {QStringLiteral("sym"), sym},               {QStringLiteral("static_groups"), staticGroups},
          {QStringLiteral("damp_percent"), damp},     {QStringLiteral("block_size"), blockSize},
          {QStringLiteral("nsamples"), nsamples},     {QStringLiteral("seqlen"), seqlen},
          {QStringLiteral("seed"), QString::number(seed)}, {QStringLiteral("calib_field"), calibField}};
}

int64_t estimatePeakBytes(const QuantOptions& given, const model::ModelConfig& c) {
  const QuantOptions o = resolved(given, c);
  const int64_t H = c.hiddenSize, I = c.intermediateSize;
  const int64_t q = static_cast<int64_t>(c.numHeads) * c.headDim, kv = static_cast<int64_t>(c.numKvHeads) * c.headDim;
  const int64_t layerParams = H * (q + 2 * kv) + q * H + 3 * H * I;
  const int64_t tokens = static_cast<int64_t>(o.nsamples) * o.seqlen;
  const int64_t actBytes = c.torchDtype == QLatin1String("float32") ? 4 : 2;
  const int64_t chunkTokens = std::max<int64_t>(o.seqlen, 2048);
  const int64_t maxK = std::max(H, I);
  if (o.isAwq()) {
    // AWQ keeps every Linear's input for all calibration tokens (the scale search runs the
    // module over them once per ratio), the reference output of the group being searched, and
    // per module the sample rows and their float outputs for the error figures.
    int64_t peak = layerParams * 4;                 // the layer's weights in fp32
    peak += tokens * H * actBytes;                  // the layer input, replaced by its output
    peak += tokens * (2 * H + q + I) * actBytes;    // inputs of q/k/v, o, gate/up, down
    peak += tokens * H * 4;                         // the reference output of one group
    peak += 4 * chunkTokens * I * 4;                // MLP intermediates of one chunk, fp32
    peak += std::min<int64_t>(tokens, 1024) * ((2 * H + q + I) + (q + 2 * kv + H + 2 * I + H)) * 4;
    peak += std::max(H, q) * I * 4 * 4;             // two quantized copies of gate/up during the search
    peak += 400LL << 20;
    return std::max<int64_t>(peak, static_cast<int64_t>(c.vocabSize) * H * (2 + actBytes) + (400LL << 20));
  }
  int64_t peak = 0;
  peak += layerParams * 4;                       // the layer's weights in fp32 (quantized ones replace them)
  peak += 2 * tokens * H * actBytes;             // layer input/output and attention output
  peak += 4 * chunkTokens * I * 4;               // MLP intermediates of one chunk, fp32
  peak += std::min<int64_t>(tokens, 1024) * maxK * 4;  // the sample rows kept for the error figure
  if (o.method == QLatin1String("gptq")) {
    peak += maxK * maxK * 4 * (o.descAct ? 2 : 1);   // the Hessian (+ its permuted copy)
  }
  peak += std::max(H, q) * I * 10;  // one module's working copy, codes, dequantized weight and RTN comparison
  peak += 400LL << 20;  // runtime and libraries
  // Writing the checkpoint converts the embedding (and lm_head) one at a time to fp16.
  peak = std::max<int64_t>(peak, static_cast<int64_t>(c.vocabSize) * H * (2 + actBytes) + (400LL << 20));
  return peak;
}

QuantOptions resolved(QuantOptions o, const model::ModelConfig& c) {
  // AutoAWQ calibrates on 512-token blocks; GPTQ's references on 2048-token windows.
  if (o.seqlen <= 0) o.seqlen = std::min(o.isAwq() ? 512 : 2048, c.maxPositionEmbeddings);
  if (o.isAwq()) o.sym = false;  // AWQ's GEMM format always carries zero points
  return o;
}

namespace {

// The vLLM --tensor-parallel-size values (of 1, 2, 4, 8) an AWQ checkpoint of these shapes can
// run with: the heads divide, column-parallel outputs stay whole packed words, and row-parallel
// inputs (o_proj, down_proj) split into whole quantization groups.
QList<int> awqTensorParallel(const QuantOptions& o, const model::ModelConfig& c) {
  QList<int> out;
  for (int tp : {1, 2, 4, 8}) {
    bool ok = c.numHeads % tp == 0 && (c.numKvHeads % tp == 0 || tp % c.numKvHeads == 0);
    for (const Linear& l : linears(c)) {
      const bool rowParallel = QLatin1String(l.name).endsWith(QLatin1String("o_proj")) || QLatin1String(l.name).endsWith(QLatin1String("down_proj"));
      const bool replicatedKv = (QLatin1String(l.name).endsWith(QLatin1String("k_proj")) || QLatin1String(l.name).endsWith(QLatin1String("v_proj"))) && tp > c.numKvHeads;
      if (rowParallel) ok = ok && l.in % tp == 0 && (o.groupSize <= 0 || (l.in / tp) % o.groupSize == 0);
      else if (!replicatedKv) ok = ok && l.out % tp == 0 && (l.out / tp) % 8 == 0;
    }
    if (ok) out << tp;
  }
  return out;
}

QuantPlan planAwq(const QuantOptions& o, const model::ModelConfig& c) {
  QuantPlan p;
  if (o.bits != 4)
    p.errors << QStringLiteral("--bits must be 4 for AWQ (the GEMM format AutoAWQ writes and vLLM's AWQ kernels read holds 4-bit codes only), not %1").arg(o.bits);
  if (o.groupSize != -1 && o.groupSize != 32 && o.groupSize != 64 && o.groupSize != 128)
    p.errors << QStringLiteral("--group-size must be -1, 32, 64 or 128, not %1").arg(o.groupSize);
  if (o.descAct || o.staticGroups) p.errors << QStringLiteral("act-order and static groups are GPTQ options; AWQ keeps the input order");
  if (o.grid < 1 || o.grid > 1000) p.errors << QStringLiteral("--grid must be between 1 and 1000 ratios, not %1").arg(o.grid);
  if (o.nsamples < 1) p.errors << QStringLiteral("--nsamples must be at least 1");
  if (o.seqlen < 8) p.errors << QStringLiteral("--seqlen must be at least 8 tokens");
  if (o.seqlen > c.maxPositionEmbeddings)
    p.errors << QStringLiteral("--seqlen %1 exceeds the model's max_position_embeddings (%2)").arg(o.seqlen).arg(c.maxPositionEmbeddings);
  if (!p.errors.isEmpty()) return p;

  bool marlinShapes = true;
  for (const Linear& l : linears(c)) {
    if (o.groupSize > 0 && l.in % o.groupSize != 0)
      p.errors << QStringLiteral("%1 has %2 input features, not a multiple of --group-size %3; choose a group size that divides it or -1")
                      .arg(QLatin1String(l.name)).arg(l.in).arg(o.groupSize);
    if (l.out % 8 != 0)
      p.errors << QStringLiteral("%1: %2 output features cannot be packed eight to a word as the AWQ GEMM format needs").arg(QLatin1String(l.name)).arg(l.out);
    if (l.out % 64 != 0 || l.in % 128 != 0) marlinShapes = false;
  }
  if (marlinShapes) {
    p.kernel = QStringLiteral("awq_marlin");
    p.kernelNote = QCoreApplication::translate("ct::quant::Plan", "4-bit with zero points, group %1: vLLM serves it with the fast awq_marlin kernel in float16 or bfloat16").arg(o.groupSize);
  } else {
    p.kernel = QStringLiteral("awq");
    p.kernelNote = QCoreApplication::translate("ct::quant::Plan", "layer shapes are not multiples of 64 (outputs) and 128 (inputs): awq_marlin cannot take them, so vLLM falls back to its slower awq kernel, float16 only");
    if (o.groupSize == -1) p.kernelNote += QCoreApplication::translate("ct::quant::Plan", ", which cannot load group size -1 at all");
    p.warnings << p.kernelNote;
  }
  const int64_t kv = static_cast<int64_t>(c.numKvHeads) * c.headDim, q = static_cast<int64_t>(c.numHeads) * c.headDim;
  if (kv == c.hiddenSize && q == c.hiddenSize)
    p.notes << QCoreApplication::translate("ct::quant::Plan", "v_proj → o_proj is scaled too (multi-head attention: v_proj and o_proj have the same shape)");
  else
    p.notes << QCoreApplication::translate("ct::quant::Plan", "v_proj → o_proj scaling is skipped, as AutoAWQ does for grouped-query attention (v_proj is [%1, %2], o_proj [%2, %3]): o_proj is only clipped and quantized")
                   .arg(kv).arg(c.hiddenSize).arg(q);
  if (!o.awqClip) p.notes << QCoreApplication::translate("ct::quant::Plan", "no clipping search (--no-clip)");
  p.tensorParallel = awqTensorParallel(o, c);
  QStringList tp;
  for (int t : p.tensorParallel) tp << QString::number(t);
  p.notes << QCoreApplication::translate("ct::quant::Plan", "vLLM --tensor-parallel-size the shapes allow: %1").arg(tp.isEmpty() ? QStringLiteral("none") : tp.join(QStringLiteral(", ")));
  if (c.isVisionLanguage)
    p.warnings << QCoreApplication::translate("ct::quant::Plan", "vision-language model: the language model is quantized; the vision tower is copied unchanged (modules_to_not_convert [\"visual\"])");

  p.estimatedPeakBytes = estimatePeakBytes(o, c);
  if (o.maxMemoryBytes > 0 && p.estimatedPeakBytes > o.maxMemoryBytes)
    p.errors << QCoreApplication::translate("ct::quant::Plan", "this run needs about %1 of memory (one %2×%3 layer in fp32, every Linear's input for %4 calibration tokens) "
                               "but --max-memory is %5; lower --nsamples or --seqlen, or raise --max-memory")
                    .arg(formatBytes(p.estimatedPeakBytes))
                    .arg(c.hiddenSize).arg(c.intermediateSize)
                    .arg(static_cast<qint64>(o.nsamples) * o.seqlen)
                    .arg(formatBytes(o.maxMemoryBytes));
  return p;
}

}  // namespace

// The messages a person reads in the GUI go through QCoreApplication::translate: in the
// interface language there, English in `ct` (which installs no translator).
QuantPlan planQuantization(const QuantOptions& given, const model::ModelConfig& c) {
  const QuantOptions o = resolved(given, c);
  if (o.isAwq()) return planAwq(o, c);
  QuantPlan p;
  if (o.method != QLatin1String("gptq") && o.method != QLatin1String("rtn"))
    p.errors << QStringLiteral("--method must be gptq, rtn or awq, not \"%1\"").arg(o.method);
  if (o.bits != 2 && o.bits != 3 && o.bits != 4 && o.bits != 8)
    p.errors << QStringLiteral("--bits must be 2, 3, 4 or 8 (vLLM's GPTQ kernels read no other widths), not %1").arg(o.bits);
  if (o.groupSize != -1 && o.groupSize != 32 && o.groupSize != 64 && o.groupSize != 128)
    p.errors << QStringLiteral("--group-size must be -1, 32, 64 or 128, not %1").arg(o.groupSize);
  if (!(o.damp > 0 && o.damp < 1)) p.errors << QStringLiteral("--damp must be between 0 and 1 (exclusive), not %1").arg(o.damp);
  if (o.staticGroups && o.groupSize == -1) p.errors << QCoreApplication::translate("ct::quant::Plan", "--static-groups needs a --group-size (it fixes each group's scale before act-order)");
  if (o.nsamples < 1) p.errors << QStringLiteral("--nsamples must be at least 1");
  if (o.seqlen < 8) p.errors << QStringLiteral("--seqlen must be at least 8 tokens");
  if (o.seqlen > c.maxPositionEmbeddings)
    p.errors << QCoreApplication::translate("ct::quant::Plan", "--seqlen %1 exceeds the model's max_position_embeddings (%2)").arg(o.seqlen).arg(c.maxPositionEmbeddings);
  if (!p.errors.isEmpty()) return p;

  for (const Linear& l : linears(c)) {
    if (o.groupSize > 0 && l.in % o.groupSize != 0)
      p.errors << QCoreApplication::translate("ct::quant::Plan", "%1 has %2 input features, not a multiple of --group-size %3; choose a group size that divides it or -1")
                      .arg(QLatin1String(l.name)).arg(l.in).arg(o.groupSize);
    const int granule = 32 / std::gcd(32, o.bits);
    if (l.in % granule != 0)
      p.errors << QCoreApplication::translate("ct::quant::Plan", "%1: %2 input features cannot be packed at %3 bits (needs a multiple of %4)")
                      .arg(QLatin1String(l.name)).arg(l.in).arg(o.bits).arg(granule);
    if (l.out % granule != 0)
      p.errors << QCoreApplication::translate("ct::quant::Plan", "%1: %2 output features cannot hold %3-bit zero points (needs a multiple of %4)")
                      .arg(QLatin1String(l.name)).arg(l.out).arg(o.bits).arg(granule);
  }

  const bool marlinType = (o.bits == 4 || o.bits == 8) && o.sym;
  bool marlinShapes = true;
  for (const Linear& l : linears(c))
    if (l.out % 64 != 0 || l.in % 128 != 0) marlinShapes = false;
  if (marlinType && marlinShapes) {
    p.kernel = QStringLiteral("gptq_marlin");
    p.kernelNote = QCoreApplication::translate("ct::quant::Plan", "%1-bit symmetric: vLLM serves it with the fast gptq_marlin kernel in float16 or bfloat16").arg(o.bits);
  } else {
    p.kernel = QStringLiteral("gptq");
    if (!marlinType)
      p.kernelNote = QCoreApplication::translate("ct::quant::Plan", "%1-bit %2: only vLLM's slower gptq kernel serves this, in float16 only (gptq_marlin needs 4 or 8 bits, symmetric)")
                         .arg(o.bits).arg(o.sym ? QCoreApplication::translate("ct::quant::Plan", "symmetric") : QCoreApplication::translate("ct::quant::Plan", "asymmetric"));
    else
      p.kernelNote = QCoreApplication::translate("ct::quant::Plan", "layer shapes are not multiples of 64 (outputs) and 128 (inputs): gptq_marlin cannot take them, so vLLM falls back to its slower gptq kernel, float16 only");
    p.warnings << p.kernelNote;
  }
  if (o.descAct && o.groupSize == -1)
    p.warnings << QCoreApplication::translate("ct::quant::Plan", "--desc-act with one group per row changes nothing in the checkpoint's layout; vLLM treats it as desc_act=false");
  if (c.isVisionLanguage)
    p.warnings << QCoreApplication::translate("ct::quant::Plan", "vision-language model: the language model is quantized; the vision tower is copied unchanged");

  p.estimatedPeakBytes = estimatePeakBytes(o, c);
  if (o.maxMemoryBytes > 0 && p.estimatedPeakBytes > o.maxMemoryBytes)
    p.errors << QCoreApplication::translate("ct::quant::Plan", "this run needs about %1 of memory (one %2×%3 layer in fp32, %4 calibration tokens, the largest Hessian %5×%5) "
                               "but --max-memory is %6; lower --nsamples or --seqlen, or raise --max-memory")
                    .arg(formatBytes(p.estimatedPeakBytes))
                    .arg(c.hiddenSize).arg(c.intermediateSize)
                    .arg(static_cast<qint64>(o.nsamples) * o.seqlen)
                    .arg(std::max(c.hiddenSize, c.intermediateSize))
                    .arg(formatBytes(o.maxMemoryBytes));
  return p;
}

QJsonObject quantizationConfig(const QuantOptions& o, bool visionCarried) {
  const QString format = o.sym ? QStringLiteral("gptq") : QStringLiteral("gptq_v2");
  QJsonObject meta{{QStringLiteral("quantizer"), QJsonArray{QStringLiteral("ct-studio:%1").arg(QStringLiteral(CT_VERSION))}},
                   {QStringLiteral("method"), o.method},
                   {QStringLiteral("damp_percent"), o.damp},
                   {QStringLiteral("static_groups"), o.staticGroups},
                   {QStringLiteral("true_sequential"), true},
                   {QStringLiteral("nsamples"), o.nsamples},
                   {QStringLiteral("seqlen"), o.seqlen},
                   {QStringLiteral("scales_rounded_to_fp16_before_use"), true}};
  if (visionCarried) meta.insert(QStringLiteral("vision_tower"), QStringLiteral("not quantized, copied unchanged"));
  return {{QStringLiteral("bits"), o.bits},
          {QStringLiteral("group_size"), o.groupSize},
          {QStringLiteral("desc_act"), o.descAct},
          {QStringLiteral("sym"), o.sym},
          {QStringLiteral("damp_percent"), o.damp},
          {QStringLiteral("static_groups"), o.staticGroups},
          {QStringLiteral("true_sequential"), true},
          {QStringLiteral("lm_head"), false},
          {QStringLiteral("quant_method"), QStringLiteral("gptq")},
          {QStringLiteral("checkpoint_format"), format},
          {QStringLiteral("format"), format},
          {QStringLiteral("pack_dtype"), QStringLiteral("int32")},
          {QStringLiteral("model_name_or_path"), QJsonValue::Null},
          {QStringLiteral("model_file_base_name"), QStringLiteral("model")},
          {QStringLiteral("meta"), meta}};
}

QJsonObject awqQuantizationConfig(const QuantOptions& o, bool visionCarried) {
  return {{QStringLiteral("quant_method"), QStringLiteral("awq")},
          {QStringLiteral("zero_point"), true},
          {QStringLiteral("group_size"), o.groupSize},
          {QStringLiteral("bits"), o.bits},
          {QStringLiteral("version"), QStringLiteral("gemm")},
          {QStringLiteral("modules_to_not_convert"), visionCarried ? QJsonValue(QJsonArray{QStringLiteral("visual")}) : QJsonValue(QJsonValue::Null)}};
}

QString stagingDir(const QString& outDir) { return QDir::cleanPath(outDir) + QStringLiteral(".partial"); }

QString formatBytes(int64_t bytes) {
  const double b = static_cast<double>(bytes);
  if (b >= 1e9) return QStringLiteral("%1 GB").arg(b / 1e9, 0, 'f', 1);
  if (b >= 1e6) return QStringLiteral("%1 MB").arg(b / 1e6, 0, 'f', 0);
  return QStringLiteral("%1 kB").arg(b / 1e3, 0, 'f', 0);
}

int64_t parseBytes(const QString& text) {
  static const QRegularExpression re(QStringLiteral("^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([kKmMgGtT]?)(i?[bB])?\\s*$"));
  const auto m = re.match(text);
  if (!m.hasMatch()) return -1;
  double v = m.captured(1).toDouble();
  const QString unit = m.captured(2).toUpper();
  const double base = m.captured(3).startsWith(QLatin1Char('i')) ? 1024.0 : 1000.0;
  if (unit == QLatin1String("K")) v *= base;
  else if (unit == QLatin1String("M")) v *= base * base;
  else if (unit == QLatin1String("G")) v *= base * base * base;
  else if (unit == QLatin1String("T")) v *= base * base * base * base;
  return static_cast<int64_t>(v);
}

}  // namespace ct::quant
