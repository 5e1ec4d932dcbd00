#include <QtTest>

#include "model/model_config.h"
#include "quant/calibration.h"
#include "quant/quant_options.h"

using namespace ct;
using namespace ct::quant;

namespace {

model::ModelConfig config(int hidden, int inter, int heads, int kv, int maxPos = 32768) {
  const QJsonObject o{{QStringLiteral("architectures"), QJsonArray{QStringLiteral("Qwen2ForCausalLM")}},
                      {QStringLiteral("model_type"), QStringLiteral("qwen2")},
                      {QStringLiteral("hidden_size"), hidden},
                      {QStringLiteral("intermediate_size"), inter},
                      {QStringLiteral("num_hidden_layers"), 2},
                      {QStringLiteral("num_attention_heads"), heads},
                      {QStringLiteral("num_key_value_heads"), kv},
                      {QStringLiteral("vocab_size"), 1000},
                      {QStringLiteral("max_position_embeddings"), maxPos}};
  return *model::ModelConfig::fromJson(o, nullptr);
}

model::ModelConfig qwen7b() { return config(3584, 18944, 28, 4); }

}  // namespace

class TstQuantOptions : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void marlinForFourAndEightBitSym() {
    QuantOptions o;
    for (int bits : {4, 8}) {
      o.bits = bits;
      const QuantPlan p = planQuantization(o, qwen7b());
      QVERIFY2(p.errors.isEmpty(), qPrintable(p.errors.join(QLatin1Char('\n'))));
      QCOMPARE(p.kernel, QStringLiteral("gptq_marlin"));
      QVERIFY(p.warnings.isEmpty());
    }
  }

  void slowKernelIsWarnedFor() {
    QuantOptions o;
    o.bits = 3;
    QuantPlan p = planQuantization(o, qwen7b());
    QVERIFY(p.errors.isEmpty());
    QCOMPARE(p.kernel, QStringLiteral("gptq"));
    QVERIFY(p.warnings.join(QLatin1Char(' ')).contains(QStringLiteral("float16 only")));
    o.bits = 4;
    o.sym = false;
    p = planQuantization(o, qwen7b());
    QCOMPARE(p.kernel, QStringLiteral("gptq"));
    QVERIFY(p.warnings.join(QLatin1Char(' ')).contains(QStringLiteral("asymmetric")));
    // Shapes Marlin cannot take: 4-bit sym still falls back, with the reason.
    o.sym = true;
    o.groupSize = 32;
    p = planQuantization(o, config(96, 192, 3, 1));
    QVERIFY(p.errors.isEmpty());
    QCOMPARE(p.kernel, QStringLiteral("gptq"));
    QVERIFY(p.kernelNote.contains(QStringLiteral("multiples of 64")));
  }

  void badOptionsAreRefusedWithTheReason() {
    QuantOptions o;
    o.bits = 5;
    QVERIFY(planQuantization(o, qwen7b()).errors.join(QLatin1Char(' ')).contains(QStringLiteral("--bits")));
    o = {};
    o.groupSize = 48;
    QVERIFY(!planQuantization(o, qwen7b()).errors.isEmpty());
    o = {};
    o.groupSize = 128;
    // 3584 + 64 = 3648 input features: not a multiple of 128.
    QVERIFY(planQuantization(o, config(3648, 18944, 57, 3)).errors.join(QLatin1Char(' ')).contains(QStringLiteral("not a multiple of --group-size 128")));
    o = {};
    o.bits = 3;
    o.groupSize = -1;
    // 3-bit needs multiples of 32 on both packed dimensions; 80 is not.
    QVERIFY(planQuantization(o, config(80, 160, 2, 1)).errors.join(QLatin1Char(' ')).contains(QStringLiteral("3-bit")));
    o = {};
    o.damp = 0;
    QVERIFY(!planQuantization(o, qwen7b()).errors.isEmpty());
    o = {};
    o.staticGroups = true;
    o.groupSize = -1;
    QVERIFY(!planQuantization(o, qwen7b()).errors.isEmpty());
  }

  void memoryBudgetIsRespectedOrRefusedWithNumbers() {
    QuantOptions o;
    o.nsamples = 8;
    o.seqlen = 512;
    const int64_t need = estimatePeakBytes(o, qwen7b());
    QVERIFY(need > 1'000'000'000LL && need < 4'700'000'000LL);
    o.maxMemoryBytes = need - 1;
    const QString e = planQuantization(o, qwen7b()).errors.join(QLatin1Char(' '));
    QVERIFY(e.contains(QStringLiteral("--max-memory")));
    QVERIFY(e.contains(formatBytes(need)));
    o.maxMemoryBytes = need;
    QVERIFY(planQuantization(o, qwen7b()).errors.isEmpty());
    QCOMPARE(parseBytes(QStringLiteral("4G")), 4'000'000'000LL);
    QCOMPARE(parseBytes(QStringLiteral("2GiB")), 2LL << 30);
    QCOMPARE(parseBytes(QStringLiteral("800M")), 800'000'000LL);
    QCOMPARE(parseBytes(QStringLiteral("lots")), -1LL);
  }

  void seqlenDefaultsToTheModelsContext() {
    QuantOptions o;
    QCOMPARE(resolved(o, config(128, 384, 4, 2, 256)).seqlen, 256);
    QCOMPARE(resolved(o, qwen7b()).seqlen, 2048);
    o.seqlen = 4096;
    QVERIFY(!planQuantization(o, config(128, 384, 4, 2, 256)).errors.isEmpty());
  }

  void configKeysFollowTheLoaders() {
    QuantOptions o;
    QJsonObject q = quantizationConfig(o, false);
    for (const char* k : {"bits", "group_size", "desc_act", "sym", "damp_percent", "quant_method", "checkpoint_format"})
      QVERIFY2(q.contains(QLatin1String(k)), k);
    QCOMPARE(q.value(QStringLiteral("checkpoint_format")).toString(), QStringLiteral("gptq"));
    o.sym = false;
    q = quantizationConfig(o, true);
    QCOMPARE(q.value(QStringLiteral("checkpoint_format")).toString(), QStringLiteral("gptq_v2"));
    QCOMPARE(q.value(QStringLiteral("format")).toString(), QStringLiteral("gptq_v2"));
    QVERIFY(q.value(QStringLiteral("meta")).toObject().contains(QStringLiteral("vision_tower")));
  }

  // AWQ: 4-bit with zero points → awq_marlin for Marlin-friendly shapes; the TP sizes follow
  // the heads and whole quantization groups on the row-parallel inputs.
  void awqPlanNamesKernelAndTensorParallel() {
    QuantOptions o;
    o.method = QStringLiteral("awq");
    QuantPlan p = planQuantization(o, qwen7b());
    QVERIFY2(p.errors.isEmpty(), qPrintable(p.errors.join(QLatin1Char('\n'))));
    QCOMPARE(p.kernel, QStringLiteral("awq_marlin"));
    QVERIFY(p.warnings.isEmpty());
    QCOMPARE(p.tensorParallel, (QList<int>{1, 2, 4}));  // 28 heads; down_proj's 18944 inputs / 8 = 18.5 groups
    QVERIFY(p.notes.join(QLatin1Char(' ')).contains(QStringLiteral("v_proj → o_proj scaling is skipped")));
    QCOMPARE(resolved(o, qwen7b()).seqlen, 512);
    QCOMPARE(resolved(o, qwen7b()).sym, false);
    // Qwen2.5-72B's intermediate 29568 = 231·128: no TP > 1 with group 128.
    QCOMPARE(planQuantization(o, config(8192, 29568, 64, 8)).tensorParallel, (QList<int>{1}));
    // Multi-head attention: v_proj → o_proj is scaled.
    QVERIFY(planQuantization(o, config(1024, 2816, 16, 16)).notes.join(QLatin1Char(' ')).contains(QStringLiteral("is scaled too")));
    for (int g : {-1, 32, 64}) {
      o.groupSize = g;
      QCOMPARE(planQuantization(o, qwen7b()).kernel, QStringLiteral("awq_marlin"));
    }
    // Shapes Marlin cannot take: the plain awq kernel, warned.
    o.groupSize = 32;
    p = planQuantization(o, config(96, 192, 3, 1));
    QVERIFY(p.errors.isEmpty());
    QCOMPARE(p.kernel, QStringLiteral("awq"));
    QVERIFY(p.warnings.join(QLatin1Char(' ')).contains(QStringLiteral("float16 only")));
  }

  void awqRefusesWhatItsFormatCannotHold() {
    QuantOptions o;
    o.method = QStringLiteral("awq");
    o.bits = 3;
    QVERIFY(planQuantization(o, qwen7b()).errors.join(QLatin1Char(' ')).contains(QStringLiteral("--bits must be 4 for AWQ")));
    o.bits = 4;
    o.groupSize = 48;
    QVERIFY(!planQuantization(o, qwen7b()).errors.isEmpty());
    o.groupSize = 128;
    o.descAct = true;
    QVERIFY(planQuantization(o, qwen7b()).errors.join(QLatin1Char(' ')).contains(QStringLiteral("GPTQ options")));
    o.descAct = false;
    o.grid = 0;
    QVERIFY(planQuantization(o, qwen7b()).errors.join(QLatin1Char(' ')).contains(QStringLiteral("--grid")));
    o.grid = 20;
    QVERIFY(planQuantization(o, config(3648, 18944, 57, 3)).errors.join(QLatin1Char(' ')).contains(QStringLiteral("not a multiple of --group-size 128")));
    o.nsamples = 128;
    o.maxMemoryBytes = 1'000'000'000LL;
    QVERIFY(planQuantization(o, qwen7b()).errors.join(QLatin1Char(' ')).contains(QStringLiteral("--max-memory")));
  }

  // Exactly AutoAWQ's keys; the GPTQ keys stay out of AWQ's options record.
  void awqConfigKeysAreAutoAwqs() {
    QuantOptions o;
    o.method = QStringLiteral("awq");
    const QJsonObject q = awqQuantizationConfig(o, false);
    QCOMPARE(q, (QJsonObject{{QStringLiteral("quant_method"), QStringLiteral("awq")}, {QStringLiteral("zero_point"), true},
                             {QStringLiteral("group_size"), 128}, {QStringLiteral("bits"), 4}, {QStringLiteral("version"), QStringLiteral("gemm")},
                             {QStringLiteral("modules_to_not_convert"), QJsonValue::Null}}));
    QCOMPARE(awqQuantizationConfig(o, true).value(QStringLiteral("modules_to_not_convert")).toArray(), QJsonArray{QStringLiteral("visual")});
    const QJsonObject j = o.toJson();
    QVERIFY(!j.contains(QStringLiteral("damp_percent")) && !j.contains(QStringLiteral("desc_act")));
    QCOMPARE(j.value(QStringLiteral("duo_scaling")).toBool(), true);
    QCOMPARE(j.value(QStringLiteral("grid")).toInt(), 20);
    // GPTQ's options record is what it was.
    QVERIFY(!QuantOptions{}.toJson().contains(QStringLiteral("duo_scaling")));
  }

  void calibrationWindowsAreSeededAndExact() {
    std::vector<int32_t> ids(1000);
    for (int i = 0; i < 1000; ++i) ids[static_cast<size_t>(i)] = i;
    const auto a = calibrationWindows(ids, 16, 100, 7, nullptr);
    const auto b = calibrationWindows(ids, 16, 100, 7, nullptr);
    const auto c = calibrationWindows(ids, 16, 100, 8, nullptr);
    QVERIFY(a && b && c);
    QCOMPARE(*a, *b);
    QVERIFY(*a != *c);
    for (const auto& w : *a) {
      QCOMPARE(w.size(), size_t(100));
      for (size_t i = 1; i < w.size(); ++i) QCOMPARE(w[i], w[i - 1] + 1);  // contiguous windows
    }
    QString err;
    QVERIFY(!calibrationWindows(ids, 4, 2000, 0, &err));
    QVERIFY(err.contains(QStringLiteral("1000 tokens")));
  }

  void calibrationFilesOfEachKind() {
    QTemporaryDir dir;
    auto write = [&](const char* name, const QByteArray& bytes) {
      QFile f(dir.filePath(QLatin1String(name)));
      f.open(QIODevice::WriteOnly);
      f.write(bytes);
      return f.fileName();
    };
    QString err;
    auto t = loadCalibrationText(write("a.txt", "plain text"), QStringLiteral("text"), &err);
    QCOMPARE(*t, QStringLiteral("plain text"));
    t = loadCalibrationText(write("b.jsonl", "{\"text\":\"one\"}\n\n{\"text\":\"two\"}\n\"three\"\n"), QStringLiteral("text"), &err);
    QCOMPARE(*t, QStringLiteral("one\n\ntwo\n\nthree"));
    t = loadCalibrationText(write("c.jsonl", "{\"content\":\"x\"}\n"), QStringLiteral("content"), &err);
    QCOMPARE(*t, QStringLiteral("x"));
    QVERIFY(!loadCalibrationText(write("d.jsonl", "{\"text\":\"ok\"}\n{\"body\":\"x\"}\n"), QStringLiteral("text"), &err));
    QVERIFY2(err.contains(QStringLiteral("line 2")) && err.contains(QStringLiteral("--calib-field")), qPrintable(err));
    QVERIFY(!loadCalibrationText(write("e.jsonl", "{broken\n"), QStringLiteral("text"), &err));
    QVERIFY(err.contains(QStringLiteral("line 1")));
    t = loadCalibrationText(write("f.json", "[\"a\", {\"text\":\"b\"}]"), QStringLiteral("text"), &err);
    QCOMPARE(*t, QStringLiteral("a\n\nb"));
    QVERIFY(!loadCalibrationText(dir.filePath(QStringLiteral("missing.txt")), QStringLiteral("text"), &err));
    QVERIFY(!loadCalibrationText(write("g.txt", "  \n"), QStringLiteral("text"), &err));
  }
};

QTEST_GUILESS_MAIN(TstQuantOptions)
#include "tst_quant_options.moc"
