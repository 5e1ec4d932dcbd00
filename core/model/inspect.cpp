#include "model/inspect.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QMap>

#include "model/chat_template.h"
#include "model/model_config.h"
#include "model/safetensors.h"

namespace ct::model {

QJsonObject inspectCheckpoint(const QString& dir) {
  QJsonObject r{{QStringLiteral("path"), QDir(dir).absolutePath()}};
  QJsonArray problems, notes;
  QString error;
  const auto cfg = ModelConfig::load(dir, &error);
  if (!cfg) problems.append(error);
  const auto weights = TensorSet::open(dir, &error);
  if (!weights) problems.append(error);
  const QDir d(dir);
  const bool hasTokenizer = QFile::exists(d.filePath(QStringLiteral("tokenizer.json")));
  if (!hasTokenizer) problems.append(QStringLiteral("tokenizer.json is missing: the model cannot encode text"));
  const auto tpl = ChatTemplate::load(dir, &error);
  r.insert(QStringLiteral("tokenizer"), hasTokenizer);
  r.insert(QStringLiteral("chat_template"), tpl.has_value());
  if (tpl && !tpl->defaultSystem().isEmpty()) r.insert(QStringLiteral("default_system"), tpl->defaultSystem());
  if (!tpl && hasTokenizer) notes.append(QStringLiteral("no chat template: a base model, or chat is not possible"));
  r.insert(QStringLiteral("generation_config"), QFile::exists(d.filePath(QStringLiteral("generation_config.json"))));

  if (cfg) {
    r.insert(QStringLiteral("architecture"), cfg->architecture);
    r.insert(QStringLiteral("model_type"), cfg->modelType);
    r.insert(QStringLiteral("vision_language"), cfg->isVisionLanguage);
    r.insert(QStringLiteral("layers"), cfg->numLayers);
    r.insert(QStringLiteral("hidden_size"), cfg->hiddenSize);
    r.insert(QStringLiteral("intermediate_size"), cfg->intermediateSize);
    r.insert(QStringLiteral("heads"), cfg->numHeads);
    r.insert(QStringLiteral("kv_heads"), cfg->numKvHeads);
    r.insert(QStringLiteral("head_dim"), cfg->headDim);
    r.insert(QStringLiteral("vocab_size"), cfg->vocabSize);
    r.insert(QStringLiteral("max_position_embeddings"), cfg->maxPositionEmbeddings);
    r.insert(QStringLiteral("rope_theta"), cfg->ropeTheta);
    r.insert(QStringLiteral("tie_word_embeddings"), cfg->tieWordEmbeddings);
    r.insert(QStringLiteral("torch_dtype"), cfg->torchDtype);
    if (!cfg->quantizationConfig.isEmpty()) r.insert(QStringLiteral("quantization_config"), cfg->quantizationConfig);
  }
  if (weights) {
    double params = 0, vision = 0;
    QMap<QString, double> dtypes;
    // A GPTQ checkpoint packs 32/bits weights into each int32 of qweight; its qzeros, scales and
    // g_idx describe those weights and are not parameters of the model.
    const int bits = cfg ? cfg->quantizationConfig.value(QStringLiteral("bits")).toInt() : 0;
    for (const QString& n : weights->names()) {
      const TensorInfo* t = weights->info(n);
      if (bits > 0 && (n.endsWith(QLatin1String(".qzeros")) || n.endsWith(QLatin1String(".scales")) || n.endsWith(QLatin1String(".g_idx")))) {
        dtypes[dtypeName(t->dtype)] += static_cast<double>(t->bytes());
        continue;
      }
      params += static_cast<double>(t->numel()) * (bits > 0 && n.endsWith(QLatin1String(".qweight")) ? 32.0 / bits : 1.0);
      dtypes[dtypeName(t->dtype)] += static_cast<double>(t->bytes());
      if (n.startsWith(QLatin1String("visual.")) || n.startsWith(QLatin1String("model.visual."))) vision += static_cast<double>(t->numel());
    }
    QJsonObject dt;
    for (auto it = dtypes.begin(); it != dtypes.end(); ++it) dt.insert(it.key(), it.value());
    r.insert(QStringLiteral("parameters"), params);
    if (vision > 0) r.insert(QStringLiteral("vision_parameters"), vision);
    r.insert(QStringLiteral("bytes"), static_cast<double>(weights->totalBytes()));
    r.insert(QStringLiteral("bytes_by_dtype"), dt);
    QJsonArray shards;
    for (const auto& f : weights->files()) shards.append(QFileInfo(f->path()).fileName());
    r.insert(QStringLiteral("shards"), shards);
    r.insert(QStringLiteral("tensors"), static_cast<int>(weights->names().size()));
  }
  if (cfg && weights && cfg->quantizationConfig.isEmpty()) {
    const QString prefix = weights->contains(QStringLiteral("model.language_model.embed_tokens.weight")) ? QStringLiteral("model.language_model.") : QStringLiteral("model.");
    const auto need = cfg->expectedTensors(prefix, !cfg->tieWordEmbeddings);
    int missing = 0;
    for (const auto& [name, shape] : need) {
      const TensorInfo* t = weights->info(name);
      if (!t) {
        if (++missing <= 5) problems.append(QStringLiteral("tensor %1 is missing").arg(name));
      } else if (t->shape != shape) {
        problems.append(QStringLiteral("tensor %1 has the wrong shape for config.json").arg(name));
      }
    }
    if (missing > 5) problems.append(QStringLiteral("... and %1 more missing tensors").arg(missing - 5));
    if (cfg->isVisionLanguage) notes.append(QStringLiteral("vision-language model: the language model is used; the vision tower is carried unchanged"));
  }
  r.insert(QStringLiteral("problems"), problems);
  r.insert(QStringLiteral("notes"), notes);
  r.insert(QStringLiteral("ok"), problems.isEmpty());
  return r;
}

QString describeInspection(const QJsonObject& r) {
  const QLocale c = QLocale::c();
  QString s;
  s += QStringLiteral("%1\n").arg(r.value(QStringLiteral("path")).toString());
  if (r.contains(QStringLiteral("architecture")))
    s += QStringLiteral("  %1 (%2): %3 layers, hidden %4, intermediate %5, heads %6 / kv %7 (head dim %8), vocab %9\n")
             .arg(r.value(QStringLiteral("architecture")).toString(), r.value(QStringLiteral("model_type")).toString())
             .arg(r.value(QStringLiteral("layers")).toInt()).arg(r.value(QStringLiteral("hidden_size")).toInt())
             .arg(r.value(QStringLiteral("intermediate_size")).toInt()).arg(r.value(QStringLiteral("heads")).toInt())
             .arg(r.value(QStringLiteral("kv_heads")).toInt()).arg(r.value(QStringLiteral("head_dim")).toInt())
             .arg(r.value(QStringLiteral("vocab_size")).toInt());
  if (r.contains(QStringLiteral("parameters"))) {
    QStringList dts;
    const QJsonObject bd = r.value(QStringLiteral("bytes_by_dtype")).toObject();
    for (auto it = bd.begin(); it != bd.end(); ++it) dts << it.key();
    s += QStringLiteral("  %1 parameters, %2 bytes (%3) in %4 file(s), %5 tensors\n")
             .arg(c.toString(r.value(QStringLiteral("parameters")).toDouble(), 'f', 0), c.toString(r.value(QStringLiteral("bytes")).toDouble(), 'f', 0),
                  dts.join(QStringLiteral(", ")))
             .arg(r.value(QStringLiteral("shards")).toArray().size()).arg(r.value(QStringLiteral("tensors")).toInt());
  }
  s += QStringLiteral("  tokenizer: %1, chat template: %2\n")
           .arg(r.value(QStringLiteral("tokenizer")).toBool() ? QStringLiteral("yes") : QStringLiteral("MISSING"),
                r.value(QStringLiteral("chat_template")).toBool() ? QStringLiteral("yes") : QStringLiteral("no"));
  if (r.contains(QStringLiteral("quantization_config")))
    s += QStringLiteral("  quantized: %1\n").arg(QString::fromUtf8(QJsonDocument(r.value(QStringLiteral("quantization_config")).toObject()).toJson(QJsonDocument::Compact)));
  for (const QJsonValue n : r.value(QStringLiteral("notes")).toArray()) s += QStringLiteral("  note: %1\n").arg(n.toString());
  for (const QJsonValue p : r.value(QStringLiteral("problems")).toArray()) s += QStringLiteral("  problem: %1\n").arg(p.toString());
  return s;
}

}  // namespace ct::model
