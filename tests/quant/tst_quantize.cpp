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
    const double base = demoAccuracy(kDemo, 60);
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
  }
};

QTEST_GUILESS_MAIN(TstQuantize)
#include "tst_quantize.moc"
