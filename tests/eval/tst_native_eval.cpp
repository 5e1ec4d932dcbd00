// The native evaluator end to end: every task family of the registry, on the bundled samples
// (plus fixtures for the sets without a sample), against `ct serve` in front of `ct host` with the
// demo model unquantized and with its 4-bit image on the emulated board; results files per
// target and the comparison.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

#include "ct_child.h"
#include "ct_run.h"

using namespace ct::test;

namespace {

const QString kDemo = QStringLiteral(CT_SOURCE_DIR "/resources/demo-model");
const QString kSamples = QStringLiteral(CT_SOURCE_DIR "/resources/eval-samples");

void write(const QString& path, const QByteArray& data) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QFile f(path);
  if (f.open(QIODevice::WriteOnly)) f.write(data);
}

}  // namespace

class TestNativeEval : public QObject {
  Q_OBJECT
  QTemporaryDir work_;
  QString data_;

 private Q_SLOTS:
  void initTestCase() {
    // The bundled samples plus fixtures written to the documented schemas of the two sets that
    // have no public sample (OpenBookQA, GSM8K-Platinum).
    data_ = work_.filePath(QStringLiteral("data"));
    QProcess cp;
    cp.start(QStringLiteral("cp"), {QStringLiteral("-r"), kSamples, data_});
    QVERIFY(cp.waitForFinished() && cp.exitCode() == 0);
    write(data_ + QStringLiteral("/openbookqa/test.jsonl"),
          R"({"id": "7-980", "question": {"stem": "What is 2 + 3?", "choices": [{"text": "5", "label": "A"}, {"text": "6", "label": "B"}, {"text": "4", "label": "C"}, {"text": "15", "label": "D"}]}, "answerKey": "A"})" "\n"
          R"({"id": "7-981", "question": {"stem": "What is 9 - 4?", "choices": [{"text": "13", "label": "A"}, {"text": "5", "label": "B"}, {"text": "4", "label": "C"}, {"text": "6", "label": "D"}]}, "answerKey": "B"})" "\n");
    write(data_ + QStringLiteral("/gsm8k_platinum/test.jsonl"),
          R"({"question": "Tom has 3 apples and buys 2 more. How many apples does he have now?", "answer": "3 + 2 = <<3+2=5>>5\n#### 5", "cleaning_status": "consensus"})" "\n");
  }

  void everyTaskFamilyAgainstOriginAndBoard() {
    // The 4-bit image for the emulated board.
    const QString q4 = work_.filePath(QStringLiteral("int4")), img = work_.filePath(QStringLiteral("int4-vcu128"));
    QVERIFY(runCt({QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), q4, QStringLiteral("--bits"), QStringLiteral("4"), QStringLiteral("--group-size"),
                   QStringLiteral("32"), QStringLiteral("--nsamples"), QStringLiteral("16")}, 300000)
                .value(QStringLiteral("type")) == QLatin1String("result"));
    QVERIFY(runCt({QStringLiteral("compile"), q4, QStringLiteral("--out"), img}, 120000).value(QStringLiteral("type")) == QLatin1String("result"));

    CtChild hostA, hostB, serveA, serveB;
    const quint16 ha = hostA.start({QStringLiteral("host"), QStringLiteral("--model"), kDemo, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    const quint16 hb = hostB.start({QStringLiteral("host"), QStringLiteral("--image"), img, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    QVERIFY(ha && hb);
    const quint16 sa = serveA.start({QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:%1").arg(ha), QStringLiteral("--port"),
                                        QStringLiteral("0"), QStringLiteral("--model-name"), QStringLiteral("demo")});
    const quint16 sb = serveB.start({QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:%1").arg(hb), QStringLiteral("--port"),
                                        QStringLiteral("0"), QStringLiteral("--model-name"), QStringLiteral("demo-fpga")});
    QVERIFY(sa && sb);

    const QStringList tasks{QStringLiteral("demo"), QStringLiteral("arc_easy"), QStringLiteral("arc_challenge"), QStringLiteral("hellaswag"), QStringLiteral("boolq"),
                            QStringLiteral("openbookqa"), QStringLiteral("mmlu"), QStringLiteral("gpqa_diamond_zeroshot"), QStringLiteral("gpqa_diamond_n_shot"),
                            QStringLiteral("gpqa_diamond_cot_zeroshot"), QStringLiteral("gpqa_diamond_generative_n_shot"), QStringLiteral("gsm8k_cot"),
                            QStringLiteral("gsm8k_platinum_cot"), QStringLiteral("humaneval"), QStringLiteral("mbpp")};
    const QString out = work_.filePath(QStringLiteral("eval"));
    QByteArray err;
    const QJsonObject r = runCt({QStringLiteral("eval"), QStringLiteral("--targets"),
                                 QStringLiteral("origin=http://127.0.0.1:%1/v1,fpga=http://127.0.0.1:%2/v1").arg(sa).arg(sb), QStringLiteral("--tasks"),
                                 tasks.join(QLatin1Char(',')), QStringLiteral("--data-dir"), data_, QStringLiteral("--limit"), QStringLiteral("2"),
                                 QStringLiteral("--num-fewshot"), QStringLiteral("0"), QStringLiteral("--max-gen-toks"), QStringLiteral("24"), QStringLiteral("--out"), out,
                                 QStringLiteral("--log-samples")},
                                600000, &err);
    QVERIFY2(r.value(QStringLiteral("type")) == QLatin1String("result"), qPrintable(QString::fromUtf8(QJsonDocument(r).toJson()) + QString::fromUtf8(err.right(3000))));
    for (const QString& target : {QStringLiteral("origin"), QStringLiteral("fpga")}) {
      QFile f(out + QStringLiteral("/%1.json").arg(target));
      QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
      const QJsonObject file = QJsonDocument::fromJson(f.readAll()).object();
      const QJsonObject results = file.value(QStringLiteral("results")).toObject();
      for (const QString& t : tasks) {
        if (t == QLatin1String("mmlu")) continue;
        QVERIFY2(results.contains(t), qPrintable(target + QStringLiteral(": ") + t));
        QVERIFY2(!results[t].toObject().isEmpty(), qPrintable(t));
      }
      QVERIFY(results.contains(QStringLiteral("mmlu_abstract_algebra")) && results.contains(QStringLiteral("mmlu_us_foreign_policy")));
      QVERIFY(file[QStringLiteral("groups")].toObject().contains(QStringLiteral("mmlu")));
      QVERIFY(results[QStringLiteral("arc_easy")].toObject().contains(QStringLiteral("acc_norm,none")));
      QVERIFY(results[QStringLiteral("gsm8k_cot")].toObject().contains(QStringLiteral("exact_match,strict-match")));
      QVERIFY(results[QStringLiteral("humaneval")].toObject().contains(QStringLiteral("pass@1,plus")));
      // The demo model answers its own task through both targets.
      QVERIFY2(results[QStringLiteral("demo")][QStringLiteral("acc,none")].toDouble() >= 0.5, qPrintable(target));
      QVERIFY(QFile::exists(out + QStringLiteral("/samples_humaneval.jsonl")));
    }
    const QJsonObject cmp = r[QStringLiteral("result")][QStringLiteral("comparison")].toObject();
    QCOMPARE(cmp[QStringLiteral("baseline")].toString(), QStringLiteral("origin"));
    QVERIFY(cmp[QStringLiteral("tasks")][QStringLiteral("arc_easy")][QStringLiteral("acc,none")].toObject().contains(QStringLiteral("fpga")));
    const QJsonObject agree = cmp[QStringLiteral("agreement")][QStringLiteral("fpga")].toObject();
    QVERIFY2(agree[QStringLiteral("positions")].toInt() > 50, qPrintable(QJsonDocument(cmp).toJson()));
    QVERIFY(agree[QStringLiteral("top1_agreement")].toDouble() > 0.8);  // 4-bit g32 stays close to the float model
    QVERIFY(agree[QStringLiteral("kl_lower_bound")].toDouble() >= 0);
    QVERIFY(err.contains("next-token agreement with origin"));  // the table people read
  }

  void badInputIsAClearError() {
    QByteArray err;
    QJsonObject r = runCt({QStringLiteral("eval"), QStringLiteral("--endpoint"), QStringLiteral("http://127.0.0.1:9/v1"), QStringLiteral("--tasks"), QStringLiteral("arc_esy")}, 30000, &err);
    QVERIFY(QString::fromUtf8(err).contains(QStringLiteral("unknown task 'arc_esy'")));
    QTemporaryDir dir;
    write(dir.filePath(QStringLiteral("arc_easy/ARC-Easy-Test.jsonl")), "{\"id\": \"x\", \"question\": {\"stem\": \"s\"}}\n");
    CtChild host, serve;
    const quint16 h = host.start({QStringLiteral("host"), QStringLiteral("--model"), kDemo, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    const quint16 s = serve.start({QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:%1").arg(h), QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(h && s);
    r = runCt({QStringLiteral("eval"), QStringLiteral("--endpoint"), QStringLiteral("http://127.0.0.1:%1/v1").arg(s), QStringLiteral("--tasks"), QStringLiteral("arc_easy"),
               QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--out"), dir.filePath(QStringLiteral("r.json"))}, 60000);
    QCOMPARE(r.value(QStringLiteral("type")).toString(), QStringLiteral("error"));
    QVERIFY2(r[QStringLiteral("msg")].toString().contains(QStringLiteral("ARC-Easy-Test.jsonl:1: field 'question.choices'")), qPrintable(r[QStringLiteral("msg")].toString()));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("r.json"))));  // nothing half-written
    // A wrong key stops the run at once with the endpoint's words.
    r = runCt({QStringLiteral("eval"), QStringLiteral("--endpoint"), QStringLiteral("http://127.0.0.1:9/v1"), QStringLiteral("--model"), QStringLiteral("m"),
               QStringLiteral("--tasks"), QStringLiteral("demo"), QStringLiteral("--retries"), QStringLiteral("0")}, 60000);
    QCOMPARE(r.value(QStringLiteral("type")).toString(), QStringLiteral("error"));
  }
};

QTEST_GUILESS_MAIN(TestNativeEval)
#include "tst_native_eval.moc"
