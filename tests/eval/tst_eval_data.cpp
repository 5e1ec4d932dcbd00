#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "eval/data_files.h"

using namespace ct::eval;

static const QString kSamples = QStringLiteral(CT_SOURCE_DIR "/resources/eval-samples");

// Readers for the benchmark files in their own formats: JSONL, JSON, CSV with and without a
// header, gzip, and GPQA's password-protected zip.
class TestEvalData : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void readsJsonlWithLineNumbers() {
    ReadError e;
    const auto rows = readRecords(kSamples + QStringLiteral("/arc_easy/ARC-Easy-Test.jsonl"), CsvHeader::None, &e);
    QVERIFY2(rows, qPrintable(e.describe()));
    QVERIFY(rows->size() > 100);
    QCOMPARE(rows->first().fields.value(QStringLiteral("id")).toString(), QStringLiteral("Mercury_417466"));
    QCOMPARE(rows->at(1).line, 2);
  }

  void readsGzip() {
    ReadError e;
    const auto rows = readRecords(kSamples + QStringLiteral("/humaneval/HumanEval.jsonl.gz"), CsvHeader::None, &e);
    QVERIFY2(rows, qPrintable(e.describe()));
    QCOMPARE(rows->first().fields.value(QStringLiteral("task_id")).toString(), QStringLiteral("HumanEval/0"));
    QString why;
    QVERIFY(!gunzip(QByteArray("\x1f\x8b\x08\x00garbage", 12), &why));
    QVERIFY(why.contains(QStringLiteral("gzip")));
  }

  void readsTheEncryptedGpqaArchive() {
    const QString path = kSamples + QStringLiteral("/gpqa/gpqa_diamond_sample.zip#dataset/gpqa_diamond.csv");
    ReadError e;
    const auto rows = readRecords(path, CsvHeader::FirstRow, &e, "deserted-untie-orchid");
    QVERIFY2(rows, qPrintable(e.describe()));
    QCOMPARE(rows->size(), 40);
    QVERIFY(!rows->first().fields.value(QStringLiteral("Question")).toString().isEmpty());
    QVERIFY(!rows->first().fields.value(QStringLiteral("Correct Answer")).toString().isEmpty());
    QVERIFY(!readRecords(path, CsvHeader::FirstRow, &e, "wrong-password"));
    QVERIFY2(e.message.contains(QStringLiteral("password")), qPrintable(e.message));
    QVERIFY(!readRecords(path, CsvHeader::FirstRow, &e));
    QVERIFY(e.message.contains(QStringLiteral("encrypted")));
    QVERIFY(!readRecords(kSamples + QStringLiteral("/gpqa/gpqa_diamond_sample.zip#dataset/nothing.csv"), CsvHeader::FirstRow, &e, "x"));
    QVERIFY(e.message.contains(QStringLiteral("gpqa_diamond.csv")));  // lists what the archive has
  }

  void parsesCsvQuotingAndEmbeddedNewlines() {
    QList<int> lines;
    QString why;
    const auto rows = parseCsv(QStringLiteral("a,\"b, with comma\",\"say \"\"hi\"\"\"\n\"two\nlines\",x,y\r\nlast,1,2"), &lines, &why);
    QVERIFY(rows);
    QCOMPARE(rows->size(), 3);
    QCOMPARE(rows->at(0), (QStringList{QStringLiteral("a"), QStringLiteral("b, with comma"), QStringLiteral("say \"hi\"")}));
    QCOMPARE(rows->at(1).first(), QStringLiteral("two\nlines"));
    QCOMPARE(lines, (QList<int>{1, 2, 4}));
    QVERIFY(!parseCsv(QStringLiteral("a,\"never closed\n"), &lines, &why));
    QVERIFY(why.contains(QStringLiteral("line 1")));
  }

  void mmluCsvHasNoHeader() {
    ReadError e;
    const auto rows = readRecords(kSamples + QStringLiteral("/mmlu/test/abstract_algebra_test.csv"), CsvHeader::None, &e);
    QVERIFY2(rows, qPrintable(e.describe()));
    QCOMPARE(rows->size(), 27);  // records, not lines: some questions span lines
    QCOMPARE(rows->first().fields.value(QStringLiteral("5")).toString(), QStringLiteral("B"));
  }

  void badJsonNamesFileAndLine() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.jsonl"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3,,}\n");
    f.close();
    ReadError e;
    QVERIFY(!readRecords(path, CsvHeader::None, &e));
    QCOMPARE(e.line, 3);
    QVERIFY(e.describe().startsWith(path + QStringLiteral(":3: not valid JSON")));
    QVERIFY(!readRecords(dir.filePath(QStringLiteral("missing.jsonl")), CsvHeader::None, &e));
    QVERIFY(e.describe().contains(QStringLiteral("no such file")));
  }

  void readsJsonArrays() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("rows.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"data\": [{\"q\": 1}, {\"q\": 2}]}");
    f.close();
    ReadError e;
    const auto rows = readRecords(path, CsvHeader::None, &e);
    QVERIFY(rows);
    QCOMPARE(rows->size(), 2);
    QCOMPARE(rows->at(1).line, 2);
  }
};

QTEST_GUILESS_MAIN(TestEvalData)
#include "tst_eval_data.moc"
