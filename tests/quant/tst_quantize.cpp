// `ct quantize` end to end on the embedded demo model and on a small vision-language
// checkpoint: the real command as a child process, the output loaded back by the project's
// own loader.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>
#include <csignal>
#include <random>

#include "model/chat_template.h"
#include "model/demo/demo_task.h"
#include "model/generation.h"
#include "model/model_config.h"
#include "model/safetensors.h"
#include "model/safetensors_writer.h"
#include "model/tokenizer.h"
#include "quant/packing.h"

using namespace ct;

static const QString kDemo = QStringLiteral(CT_SOURCE_DIR "/resources/demo-model");

namespace {

struct Run {
  int exitCode = -1;
  QByteArray out, err;
  QJsonObject result;
  QString errorMessage;
};

Run runCt(const QStringList& args, int timeoutMs = 240000) {
  QProcess p;
  p.start(QStringLiteral(CT_BIN_PATH), args);
  Run r;
  if (!p.waitForFinished(timeoutMs)) {
    p.kill();
    p.waitForFinished();
    return r;
  }
  r.exitCode = p.exitCode();
  r.out = p.readAllStandardOutput();
  r.err = p.readAllStandardError();
  for (const QByteArray& line : r.out.split('\n')) {
    const QJsonObject o = QJsonDocument::fromJson(line).object();
    if (o.value(QStringLiteral("type")).toString() == QLatin1String("result")) r.result = o.value(QStringLiteral("result")).toObject();
    if (o.value(QStringLiteral("type")).toString() == QLatin1String("error")) r.errorMessage = o.value(QStringLiteral("msg")).toString();
  }
  return r;
}

QByteArray fileBytes(const QString& path) {
  QFile f(path);
  f.open(QIODevice::ReadOnly);
  return f.readAll();
}

double demoAccuracy(const QString& dir, int n) {
  QString error;
  auto tok = model::Tokenizer::load(dir, &error);
  auto cfg = model::ModelConfig::load(dir, &error);
  auto tpl = model::ChatTemplate::load(dir, &error);
  auto lm = model::LanguageModel::load(dir, model::LoadOptions{}, &error);
  if (!tok || !cfg || !tpl || !lm) {
    qWarning("%s", qPrintable(error));
    return -1;
  }
  return model::demo::evaluate(*lm, *tok, *tpl, model::stopTokenIds(dir, *cfg, *tok), n, 4242).rate();
}

}  // namespace

class TstQuantize : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir tmp_;
  double base_ = -1;  // the float model's accuracy on the 60 questions, measured once

  double baseAccuracy() {
    if (base_ < 0) base_ = demoAccuracy(kDemo, 60);
    return base_;
  }

 private Q_SLOTS:
  void int4GroupOf32AnswersThroughGenerate() {
    const QString out = tmp_.filePath(QStringLiteral("q4"));
    const Run r = runCt({QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), out, QStringLiteral("--bits"), QStringLiteral("4"),
                      QStringLiteral("--group-size"), QStringLiteral("32"), QStringLiteral("--nsamples"), QStringLiteral("32"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.result.value(QStringLiteral("mean_err")).toDouble() < r.result.value(QStringLiteral("mean_err_rtn")).toDouble());
    QCOMPARE(r.result.value(QStringLiteral("kernel")).toString(), QStringLiteral("gptq_marlin"));
    QVERIFY(!QFileInfo::exists(out + QStringLiteral(".partial")));

    // The format: every Linear replaced by qweight/qzeros/scales/g_idx, the rest F16.
    QString error;
    auto set = model::TensorSet::open(out, &error);
    QVERIFY2(set, qPrintable(error));
    QVERIFY(!set->contains(QStringLiteral("model.layers.0.self_attn.q_proj.weight")));
    const auto* qw = set->info(QStringLiteral("model.layers.0.mlp.down_proj.qweight"));
    QVERIFY(qw && qw->dtype == model::DType::I32 && qw->shape == (std::vector<int64_t>{384 * 4 / 32, 128}));
    QCOMPARE(set->info(QStringLiteral("model.layers.0.mlp.down_proj.qzeros"))->shape, (std::vector<int64_t>{12, 16}));
    QCOMPARE(set->info(QStringLiteral("model.layers.0.mlp.down_proj.scales"))->dtype, model::DType::F16);
    QCOMPARE(set->info(QStringLiteral("model.layers.0.self_attn.q_proj.bias"))->dtype, model::DType::F16);
    QCOMPARE(set->info(QStringLiteral("model.embed_tokens.weight"))->dtype, model::DType::F16);
    const auto zeros = set->view(QStringLiteral("model.layers.0.mlp.down_proj.qzeros"));
    QCOMPARE(*reinterpret_cast<const uint32_t*>(zeros.data), 0x77777777u);  // sym v1
    const QJsonObject cfg = QJsonDocument::fromJson(fileBytes(out + QStringLiteral("/config.json"))).object();
    const QJsonObject q = cfg.value(QStringLiteral("quantization_config")).toObject();
    QCOMPARE(q.value(QStringLiteral("bits")).toInt(), 4);
    QCOMPARE(q.value(QStringLiteral("group_size")).toInt(), 32);
    QCOMPARE(q.value(QStringLiteral("sym")).toBool(), true);
    QCOMPARE(q.value(QStringLiteral("desc_act")).toBool(), false);
    QCOMPARE(cfg.value(QStringLiteral("torch_dtype")).toString(), QStringLiteral("float16"));
    QCOMPARE(QJsonDocument::fromJson(fileBytes(out + QStringLiteral("/quantize_config.json"))).object(), q);
    for (const char* f : {"tokenizer.json", "tokenizer_config.json", "generation_config.json"})
      QCOMPARE(fileBytes(out + QLatin1Char('/') + QLatin1String(f)), fileBytes(kDemo + QLatin1Char('/') + QLatin1String(f)));

    QProcess g;
    g.start(QStringLiteral(CT_BIN_PATH), {QStringLiteral("generate"), QStringLiteral("--model"), out, QStringLiteral("--prompt"), QStringLiteral("What is 17 + 5?")});
    QVERIFY(g.waitForFinished(60000));
    QCOMPARE(g.exitCode(), 0);
    QCOMPARE(g.readAllStandardOutput().trimmed(), QByteArray("22"));
  }

  void accuracyAtEachWidth() {
    const double base = baseAccuracy();
    qInfo("float32: %.1f%%", base * 100);
    for (int bits : {8, 4, 3, 2}) {
      const QString out = tmp_.filePath(QStringLiteral("acc%1").arg(bits));
      const Run r = runCt({QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), out, QStringLiteral("--bits"), QString::number(bits),
                        QStringLiteral("--group-size"), QStringLiteral("32"), QStringLiteral("--nsamples"), QStringLiteral("32"), QStringLiteral("--json")});
      QVERIFY2(r.exitCode == 0, r.err.constData());
      const double acc = demoAccuracy(out, 60);
      qInfo("%d-bit g32: accuracy %.1f%%, mean output error %.3f%% (RTN %.3f%%)", bits, acc * 100,
            r.result.value(QStringLiteral("mean_err")).toDouble() * 100, r.result.value(QStringLiteral("mean_err_rtn")).toDouble() * 100);
      if (bits >= 4) QVERIFY2(acc >= base - 0.05, qPrintable(QStringLiteral("%1-bit accuracy %2 vs float %3").arg(bits).arg(acc).arg(base)));
      QDir(out).removeRecursively();
    }
  }

  void killedRunResumesToTheSameBytes() {
    const QStringList common{QStringLiteral("--bits"), QStringLiteral("4"), QStringLiteral("--group-size"), QStringLiteral("64"),
                             QStringLiteral("--desc-act"), QStringLiteral("--nsamples"), QStringLiteral("24"), QStringLiteral("--json")};
    const QString whole = tmp_.filePath(QStringLiteral("whole")), cut = tmp_.filePath(QStringLiteral("cut"));
    QCOMPARE(runCt(QStringList{QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), whole} + common).exitCode, 0);

    // Kill -9 once two layers are saved: nothing at OUT, a resumable OUT.partial.
    QProcess p;
    p.start(QStringLiteral(CT_BIN_PATH), QStringList{QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), cut} + common);
    QVERIFY(p.waitForStarted());
    QByteArray seen;
    bool killed = false;
    while (!killed && p.state() == QProcess::Running && p.waitForReadyRead(60000)) {
      seen += p.readAllStandardOutput();
      if (seen.contains("layer 2/4 done")) {
        ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
        killed = true;
      }
    }
    QVERIFY(killed);
    p.waitForFinished();
    QVERIFY(!QFileInfo::exists(cut));
    QVERIFY(QFileInfo::exists(cut + QStringLiteral(".partial/resume/state.json")));

    const Run r = runCt(QStringList{QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), cut, QStringLiteral("--resume")} + common);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("resuming after layer 2 of 4"));
    QVERIFY(!r.out.contains("layer 1/4 self_attn"));
    QCOMPARE(fileBytes(cut + QStringLiteral("/model.safetensors")), fileBytes(whole + QStringLiteral("/model.safetensors")));
    QCOMPARE(fileBytes(cut + QStringLiteral("/config.json")), fileBytes(whole + QStringLiteral("/config.json")));

    // --resume with other options is refused rather than mixing two runs.
    const QString other = tmp_.filePath(QStringLiteral("other"));
    QProcess k;
    k.start(QStringLiteral(CT_BIN_PATH), QStringList{QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), other} + common);
    QVERIFY(k.waitForStarted());
    seen.clear();
    while (k.state() == QProcess::Running && k.waitForReadyRead(60000)) {
      seen += k.readAllStandardOutput();
      if (seen.contains("layer 1/4 done")) {
        ::kill(static_cast<pid_t>(k.processId()), SIGKILL);
        break;
      }
    }
    k.waitForFinished();
    const Run mismatch = runCt({QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), other, QStringLiteral("--resume"), QStringLiteral("--bits"),
                             QStringLiteral("8"), QStringLiteral("--nsamples"), QStringLiteral("24"), QStringLiteral("--json")});
    QCOMPARE(mismatch.exitCode, 1);
    QVERIFY2(mismatch.errorMessage.contains(QStringLiteral("other model, options or calibration")), qPrintable(mismatch.errorMessage));
  }

  void refusesBadRequestsWithTheReason() {
    const QString out = tmp_.filePath(QStringLiteral("bad"));
    Run r = runCt({QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), out, QStringLiteral("--bits"), QStringLiteral("5"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.errorMessage.contains(QStringLiteral("--bits must be 2, 3, 4 or 8")));
    r = runCt({QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), out, QStringLiteral("--max-memory"), QStringLiteral("10M"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.errorMessage.contains(QStringLiteral("needs about")) && r.errorMessage.contains(QStringLiteral("--max-memory is 10 MB")), qPrintable(r.errorMessage));
    r = runCt({QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), out, QStringLiteral("--calib"), tmp_.filePath(QStringLiteral("none.jsonl")), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.errorMessage.contains(QStringLiteral("none.jsonl")));
    QDir().mkpath(out);
    r = runCt({QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), out, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.errorMessage.contains(QStringLiteral("already exists")));
    r = runCt({QStringLiteral("quantize"), kDemo});
    QCOMPARE(r.exitCode, 2);  // usage: --out missing
    QVERIFY(!QFileInfo::exists(out + QStringLiteral(".partial")));
    r = runCt({QStringLiteral("quantize"), kDemo, QStringLiteral("--check"), QStringLiteral("--bits"), QStringLiteral("3")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("gptq kernel") || r.out.contains("vLLM kernel: gptq "));
  }

  // AWQ int4 (AutoAWQ's recipe: group 128, zero points, duo scaling, clipping) on the demo model:
  // the AutoAWQ GEMM layout, every layer's output error below round-to-nearest's on the same
  // calibration inputs, and the checkpoint answers through `ct generate`.
  void awqInt4AnswersThroughGenerate() {
    const QString out = tmp_.filePath(QStringLiteral("awq4"));
    const Run r = runCt({QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), out, QStringLiteral("--method"), QStringLiteral("awq"),
                         QStringLiteral("--nsamples"), QStringLiteral("8"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, (r.err + r.out.right(2000)).constData());
    QCOMPARE(r.result.value(QStringLiteral("kernel")).toString(), QStringLiteral("awq_marlin"));
    QVERIFY(r.out.contains("v_proj → o_proj scaling is skipped"));
    QVERIFY(r.out.contains("tensor-parallel-size the shapes allow: 1\""));  // o_proj's 128 inputs are one group of 128
    const QJsonObject report = QJsonDocument::fromJson(fileBytes(out + QStringLiteral("/ct_quant_report.json"))).object();
    const QJsonArray layers = report.value(QStringLiteral("layers")).toArray();
    QCOMPARE(layers.size(), 4);
    for (const QJsonValue l : layers) {
      const double err = l[QStringLiteral("err")].toDouble(), rtn = l[QStringLiteral("err_rtn")].toDouble();
      qInfo("layer %d: AWQ output error %.3f%%, round-to-nearest %.3f%%", l[QStringLiteral("layer")].toInt() + 1, err * 100, rtn * 100);
      QVERIFY(err > 0 && err < rtn);
      QCOMPARE(l[QStringLiteral("scaling")].toArray().size(), 3);  // GQA: no v_proj → o_proj group
    }

    QString error;
    auto set = model::TensorSet::open(out, &error);
    QVERIFY2(set, qPrintable(error));
    QVERIFY(!set->contains(QStringLiteral("model.layers.0.self_attn.q_proj.weight")));
    QVERIFY(!set->contains(QStringLiteral("model.layers.0.mlp.down_proj.g_idx")));
    const auto* qw = set->info(QStringLiteral("model.layers.0.mlp.down_proj.qweight"));
    QVERIFY(qw && qw->dtype == model::DType::I32 && qw->shape == (std::vector<int64_t>{384, 128 / 8}));  // [K, N/8]: packed along the outputs
    QCOMPARE(set->info(QStringLiteral("model.layers.0.mlp.down_proj.qzeros"))->shape, (std::vector<int64_t>{3, 16}));
    QCOMPARE(set->info(QStringLiteral("model.layers.0.mlp.down_proj.scales"))->shape, (std::vector<int64_t>{3, 128}));
    QCOMPARE(set->info(QStringLiteral("model.layers.0.mlp.down_proj.scales"))->dtype, model::DType::F16);
    QCOMPARE(set->info(QStringLiteral("model.layers.0.self_attn.k_proj.qweight"))->shape, (std::vector<int64_t>{128, 64 / 8}));
    QCOMPARE(set->info(QStringLiteral("model.layers.0.self_attn.q_proj.bias"))->dtype, model::DType::F16);
    QCOMPARE(set->info(QStringLiteral("model.embed_tokens.weight"))->dtype, model::DType::F16);
    // The scales were folded into the norms: their weights differ from the source's.
    auto src = model::TensorSet::open(kDemo, &error);
    const auto ln = set->view(QStringLiteral("model.layers.0.input_layernorm.weight"));
    QCOMPARE(ln.info->dtype, model::DType::F16);
    const auto* orig = reinterpret_cast<const float*>(src->view(QStringLiteral("model.layers.0.input_layernorm.weight")).data);
    int changed = 0;
    for (int i = 0; i < 128; ++i)
      if (std::abs(model::halfToFloat(reinterpret_cast<const uint16_t*>(ln.data)[i]) - orig[i]) > 0.01f * std::abs(orig[i])) ++changed;
    QVERIFY(changed > 0);
    // Zero points are true zeros in 0..15, not all the same (asymmetric).
    const auto qz = set->view(QStringLiteral("model.layers.1.mlp.gate_proj.qzeros"));
    const auto zeros = quant::unpackAwq(reinterpret_cast<const int32_t*>(qz.data), qz.info->shape[0], qz.info->shape[1] * 8);
    QVERIFY(*std::min_element(zeros.begin(), zeros.end()) < *std::max_element(zeros.begin(), zeros.end()));

    const QJsonObject cfg = QJsonDocument::fromJson(fileBytes(out + QStringLiteral("/config.json"))).object();
    QCOMPARE(cfg.value(QStringLiteral("quantization_config")).toObject(),
             (QJsonObject{{QStringLiteral("quant_method"), QStringLiteral("awq")}, {QStringLiteral("zero_point"), true}, {QStringLiteral("group_size"), 128},
                          {QStringLiteral("bits"), 4}, {QStringLiteral("version"), QStringLiteral("gemm")}, {QStringLiteral("modules_to_not_convert"), QJsonValue::Null}}));
    QCOMPARE(cfg.value(QStringLiteral("torch_dtype")).toString(), QStringLiteral("float16"));
    QVERIFY(!QFileInfo::exists(out + QStringLiteral("/quantize_config.json")));  // AutoAWQ writes config.json's only
    for (const char* f : {"tokenizer.json", "tokenizer_config.json", "generation_config.json"})
      QCOMPARE(fileBytes(out + QLatin1Char('/') + QLatin1String(f)), fileBytes(kDemo + QLatin1Char('/') + QLatin1String(f)));

    QProcess g;
    g.start(QStringLiteral(CT_BIN_PATH), {QStringLiteral("generate"), QStringLiteral("--model"), out, QStringLiteral("--prompt"), QStringLiteral("What is 17 + 5?")});
    QVERIFY(g.waitForFinished(60000));
    QCOMPARE(g.exitCode(), 0);
    QCOMPARE(g.readAllStandardOutput().trimmed(), QByteArray("22"));
    const double base = baseAccuracy(), acc = demoAccuracy(out, 60);
    qInfo("AWQ int4 g128: accuracy %.1f%% (float %.1f%%), mean output error %.3f%% (RTN %.3f%%)", acc * 100, base * 100,
          r.result.value(QStringLiteral("mean_err")).toDouble() * 100, r.result.value(QStringLiteral("mean_err_rtn")).toDouble() * 100);
    QVERIFY2(acc >= base - 0.05, qPrintable(QStringLiteral("AWQ accuracy %1 vs float %2").arg(acc).arg(base)));
  }

  void awqKilledRunResumesToTheSameBytes() {
    const QStringList common{QStringLiteral("--method"), QStringLiteral("awq"), QStringLiteral("--group-size"), QStringLiteral("64"),
                             QStringLiteral("--nsamples"), QStringLiteral("4"), QStringLiteral("--seqlen"), QStringLiteral("256"), QStringLiteral("--json")};
    const QString whole = tmp_.filePath(QStringLiteral("awq-whole")), cut = tmp_.filePath(QStringLiteral("awq-cut"));
    QCOMPARE(runCt(QStringList{QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), whole} + common).exitCode, 0);
    QProcess p;
    p.start(QStringLiteral(CT_BIN_PATH), QStringList{QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), cut} + common);
    QVERIFY(p.waitForStarted());
    QByteArray seen;
    bool killed = false;
    while (!killed && p.state() == QProcess::Running && p.waitForReadyRead(60000)) {
      seen += p.readAllStandardOutput();
      if (seen.contains("layer 2/4 done")) {
        ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
        killed = true;
      }
    }
    QVERIFY(killed);
    p.waitForFinished();
    QVERIFY(!QFileInfo::exists(cut));
    const Run r = runCt(QStringList{QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), cut, QStringLiteral("--resume")} + common);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("resuming after layer 2 of 4"));
    QVERIFY(!r.out.contains("layer 1/4 scaling"));
    QCOMPARE(fileBytes(cut + QStringLiteral("/model.safetensors")), fileBytes(whole + QStringLiteral("/model.safetensors")));
    QCOMPARE(fileBytes(cut + QStringLiteral("/config.json")), fileBytes(whole + QStringLiteral("/config.json")));
  }

  void awqRefusesOptionsItCannotHonour() {
    const QString out = tmp_.filePath(QStringLiteral("awq-bad"));
    Run r = runCt({QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), out, QStringLiteral("--method"), QStringLiteral("awq"), QStringLiteral("--bits"), QStringLiteral("3"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.errorMessage.contains(QStringLiteral("--bits must be 4 for AWQ")), qPrintable(r.errorMessage));
    r = runCt({QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), out, QStringLiteral("--method"), QStringLiteral("awq"), QStringLiteral("--desc-act")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("GPTQ option"));
    r = runCt({QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), out, QStringLiteral("--no-clip")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--method awq"));
    r = runCt({QStringLiteral("quantize"), kDemo, QStringLiteral("--method"), QStringLiteral("awq"), QStringLiteral("--check")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("vLLM kernel: awq_marlin") && r.out.contains("tensor-parallel-size"), r.out.constData());
    QVERIFY(!QFileInfo::exists(out + QStringLiteral(".partial")));
  }

  // Qwen2-VL layout: the language model under model.language_model., a vision tower under
  // model.visual. that must come through byte for byte.
  void visionLanguageModelKeepsItsVisionTower() {
    const QString src = tmp_.filePath(QStringLiteral("vl"));
    QDir().mkpath(src);
    const QJsonObject demoCfg = QJsonDocument::fromJson(fileBytes(kDemo + QStringLiteral("/config.json"))).object();
    QJsonObject cfg = demoCfg;
    cfg.insert(QStringLiteral("architectures"), QJsonArray{QStringLiteral("Qwen2VLForConditionalGeneration")});
    cfg.insert(QStringLiteral("model_type"), QStringLiteral("qwen2_vl"));
    cfg.insert(QStringLiteral("vision_config"), QJsonObject{{QStringLiteral("depth"), 1}});
    cfg.insert(QStringLiteral("tie_word_embeddings"), false);
    QFile cf(src + QStringLiteral("/config.json"));
    QVERIFY(cf.open(QIODevice::WriteOnly));
    cf.write(QJsonDocument(cfg).toJson());
    cf.close();
    for (const char* f : {"tokenizer.json", "tokenizer_config.json"}) QFile::copy(kDemo + QLatin1Char('/') + QLatin1String(f), src + QLatin1Char('/') + QLatin1String(f));
    QString error;
    auto demo = model::TensorSet::open(kDemo, &error);
    QVERIFY(demo);
    {
      model::CheckpointWriter w(src);
      for (const QString& n : demo->names()) {
        const auto v = demo->view(n);
        QString name = n;
        name.replace(QStringLiteral("model."), QStringLiteral("model.language_model."));
        QVERIFY(w.add(name, v.info->dtype, v.info->shape, v.data, v.info->bytes(), &error));
      }
      const auto e = demo->view(QStringLiteral("model.embed_tokens.weight"));
      QVERIFY(w.add(QStringLiteral("lm_head.weight"), e.info->dtype, e.info->shape, e.data, e.info->bytes(), &error));
      std::vector<uint16_t> vis(64 * 48);
      std::mt19937 rng(1);
      for (auto& x : vis) x = static_cast<uint16_t>(rng());
      QVERIFY(w.add(QStringLiteral("model.visual.blocks.0.attn.qkv.weight"), model::DType::BF16, {64, 48}, vis.data(), vis.size() * 2, &error));
      QVERIFY2(w.finish(&error), qPrintable(error));
    }
    QFile calib(tmp_.filePath(QStringLiteral("calib.jsonl")));
    QVERIFY(calib.open(QIODevice::WriteOnly));
    for (int i = 0; i < 200; ++i) calib.write(QStringLiteral("{\"content\": \"What is %1 + %2? The answer is %3.\"}\n").arg(i % 20).arg(i % 7).arg(i % 20 + i % 7).toUtf8());
    calib.close();
    const QString out = tmp_.filePath(QStringLiteral("vl-q"));
    const Run r = runCt({QStringLiteral("quantize"), src, QStringLiteral("--out"), out, QStringLiteral("--calib"), calib.fileName(), QStringLiteral("--calib-field"),
                      QStringLiteral("content"), QStringLiteral("--nsamples"), QStringLiteral("8"), QStringLiteral("--seqlen"), QStringLiteral("128"),
                      QStringLiteral("--group-size"), QStringLiteral("64"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, (r.err + r.out.right(2000)).constData());
    auto q = model::TensorSet::open(out, &error);
    QVERIFY(q);
    QVERIFY(q->contains(QStringLiteral("model.language_model.layers.3.mlp.up_proj.qweight")));
    const auto a = q->view(QStringLiteral("model.visual.blocks.0.attn.qkv.weight"));
    QCOMPARE(a.info->dtype, model::DType::BF16);
    auto s = model::TensorSet::open(src, &error);
    const auto b = s->view(QStringLiteral("model.visual.blocks.0.attn.qkv.weight"));
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(a.data), 64 * 48 * 2), QByteArray(reinterpret_cast<const char*>(b.data), 64 * 48 * 2));
    const QJsonObject qc = QJsonDocument::fromJson(fileBytes(out + QStringLiteral("/config.json"))).object().value(QStringLiteral("quantization_config")).toObject();
    QVERIFY(qc.value(QStringLiteral("meta")).toObject().value(QStringLiteral("vision_tower")).toString().contains(QStringLiteral("not quantized")));
    QVERIFY(r.out.contains("vision tower is copied unchanged"));
    QVERIFY(model::LanguageModel::load(out, model::LoadOptions{}, &error) != nullptr);

    // AWQ: modules_to_not_convert names the vision tower, which comes through byte for byte.
    const QString awq = tmp_.filePath(QStringLiteral("vl-awq"));
    const Run ra = runCt({QStringLiteral("quantize"), src, QStringLiteral("--out"), awq, QStringLiteral("--method"), QStringLiteral("awq"), QStringLiteral("--calib"), calib.fileName(),
                          QStringLiteral("--calib-field"), QStringLiteral("content"), QStringLiteral("--nsamples"), QStringLiteral("4"), QStringLiteral("--seqlen"),
                          QStringLiteral("64"), QStringLiteral("--group-size"), QStringLiteral("64"), QStringLiteral("--json")});
    QVERIFY2(ra.exitCode == 0, (ra.err + ra.out.right(2000)).constData());
    auto qa = model::TensorSet::open(awq, &error);
    QVERIFY(qa && qa->contains(QStringLiteral("model.language_model.layers.3.mlp.up_proj.qweight")));
    const auto va = qa->view(QStringLiteral("model.visual.blocks.0.attn.qkv.weight"));
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(va.data), 64 * 48 * 2), QByteArray(reinterpret_cast<const char*>(b.data), 64 * 48 * 2));
    const QJsonObject qca = QJsonDocument::fromJson(fileBytes(awq + QStringLiteral("/config.json"))).object().value(QStringLiteral("quantization_config")).toObject();
    QCOMPARE(qca.value(QStringLiteral("modules_to_not_convert")).toArray(), QJsonArray{QStringLiteral("visual")});
    QVERIFY(model::LanguageModel::load(awq, model::LoadOptions{}, &error) != nullptr);
  }
};

QTEST_GUILESS_MAIN(TstQuantize)
#include "tst_quantize.moc"
