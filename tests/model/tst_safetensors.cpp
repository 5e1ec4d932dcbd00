#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <cstring>

#include "model/safetensors.h"
#include "model/safetensors_writer.h"

using namespace ct::model;

namespace {

// A file written by hand from a header string, to test what our writer never produces.
QString rawFile(const QTemporaryDir& dir, const QString& name, const QByteArray& header, const QByteArray& data, qint64 claimedLen = -1) {
  const QString path = dir.filePath(name);
  QFile f(path);
  f.open(QIODevice::WriteOnly);
  const quint64 n = claimedLen >= 0 ? static_cast<quint64>(claimedLen) : static_cast<quint64>(header.size());
  f.write(reinterpret_cast<const char*>(&n), 8);
  f.write(header);
  f.write(data);
  return path;
}

}  // namespace

class TestSafetensors : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private Q_SLOTS:
  void writesAlignedReadsZeroCopy() {
    const QString path = dir_.filePath(QStringLiteral("a.safetensors"));
    SafetensorsWriter w(path);
    QString error;
    const std::vector<uint16_t> half{0x3c00, 0x4000, 0xc000};  // 1, 2, -2
    const std::vector<float> f32{1.5f, -2.25f};
    const std::vector<int8_t> i8{-1, 2, 3};
    const std::vector<int64_t> i64{1LL << 40};
    QVERIFY(w.add(QStringLiteral("h"), DType::F16, {3}, half.data(), 6, &error));
    QVERIFY(w.add(QStringLiteral("b"), DType::I8, {3, 1}, i8.data(), 3, &error));
    QVERIFY(w.add(QStringLiteral("f"), DType::F32, {1, 2}, f32.data(), 8, &error));
    QVERIFY(w.add(QStringLiteral("l"), DType::I64, {}, i64.data(), 8, &error));
    QVERIFY(!w.add(QStringLiteral("f"), DType::F32, {2}, f32.data(), 8, &error));  // twice
    QVERIFY(!w.add(QStringLiteral("x"), DType::F32, {3}, f32.data(), 8, &error));  // wrong size
    QVERIFY(!QFile::exists(path));  // nothing visible before finish
    QVERIFY2(w.finish(&error), qPrintable(error));
    QCOMPARE(QDir(dir_.path()).entryList({QStringLiteral("a.safetensors*")}, QDir::Files), QStringList{QStringLiteral("a.safetensors")});

    auto file = SafetensorsFile::open(path, &error);
    QVERIFY2(file, qPrintable(error));
    QCOMPARE(file->metadata().value(QStringLiteral("format")), QStringLiteral("pt"));
    quint64 n = 0;
    QFile raw(path);
    raw.open(QIODevice::ReadOnly);
    raw.read(reinterpret_cast<char*>(&n), 8);
    QCOMPARE(n % 8, 0u);
    for (const TensorInfo& t : file->tensors()) QCOMPARE(t.begin % static_cast<uint64_t>(dtypeSize(t.dtype)), 0u);
    const TensorView f = file->view(*file->find(QStringLiteral("f")));
    QCOMPARE(std::memcmp(f.data, f32.data(), 8), 0);
    QCOMPARE(file->find(QStringLiteral("l"))->shape.size(), size_t(0));
    QCOMPARE(halfToFloat(reinterpret_cast<const uint16_t*>(file->view(*file->find(QStringLiteral("h"))).data)[2]), -2.0f);
  }

  void halfConversionRoundTrips() {
    for (float v : {0.0f, 1.0f, -65504.0f, 6.1035156e-05f, 5.9604645e-08f, 0.333251953f, 1e-3f})
      QCOMPARE(halfToFloat(floatToHalf(v)), v == 1e-3f ? halfToFloat(floatToHalf(v)) : v);
    QCOMPARE(floatToHalf(1e6f), uint16_t(0x7c00));
    QVERIFY(std::isnan(halfToFloat(floatToHalf(std::nanf("")))));
    QCOMPARE(floatToHalf(1.0f + 1.0f / 2048), uint16_t(0x3c00));  // ties to even
  }

  void shardsWithIndex() {
    QTemporaryDir out;
    CheckpointWriter w(out.path(), 100);
    QString error;
    std::vector<float> block(20, 0.5f);  // 80 bytes each → one tensor per shard
    for (int i = 0; i < 3; ++i) QVERIFY(w.add(QStringLiteral("t%1").arg(i), DType::F32, {20}, block.data(), 80, &error));
    QVERIFY2(w.finish(&error), qPrintable(error));
    QCOMPARE(w.files(), (QStringList{QStringLiteral("model-00001-of-00003.safetensors"), QStringLiteral("model-00002-of-00003.safetensors"),
                                     QStringLiteral("model-00003-of-00003.safetensors"), QStringLiteral("model.safetensors.index.json")}));
    auto set = TensorSet::open(out.path(), &error);
    QVERIFY2(set, qPrintable(error));
    QCOMPARE(set->names(), (QStringList{QStringLiteral("t0"), QStringLiteral("t1"), QStringLiteral("t2")}));
    QCOMPARE(set->totalBytes(), 240u);
    QFile idx(QDir(out.path()).filePath(QStringLiteral("model.safetensors.index.json")));
    idx.open(QIODevice::ReadOnly);
    QCOMPARE(QJsonDocument::fromJson(idx.readAll()).object().value(QStringLiteral("metadata")).toObject().value(QStringLiteral("total_size")).toInt(), 240);

    QFile::remove(QDir(out.path()).filePath(QStringLiteral("model-00002-of-00003.safetensors")));
    QVERIFY(!TensorSet::open(out.path(), &error));
    QVERIFY2(error.contains(QStringLiteral("missing shard model-00002-of-00003.safetensors")), qPrintable(error));
  }

  void rejectsBrokenFiles_data() {
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<qint64>("claimed");
    QTest::addColumn<QString>("expected");
    QTest::newRow("truncated data") << QByteArray(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})") << QByteArray(8, 0) << qint64(-1) << "truncated";
    QTest::newRow("header past end") << QByteArray("{}") << QByteArray() << qint64(5000) << "truncated";
    QTest::newRow("oversized header") << QByteArray("{}") << QByteArray() << qint64(200000000) << "exceeds";
    QTest::newRow("hole") << QByteArray(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})") << QByteArray(8, 0) << qint64(-1) << "hole";
    QTest::newRow("overlap") << QByteArray(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})") << QByteArray(8, 0) << qint64(-1) << "overlaps";
    QTest::newRow("unknown dtype") << QByteArray(R"({"a":{"dtype":"F12","shape":[1],"data_offsets":[0,4]}})") << QByteArray(4, 0) << qint64(-1) << "unknown dtype \"F12\"";
    QTest::newRow("size mismatch") << QByteArray(R"({"a":{"dtype":"F16","shape":[3],"data_offsets":[0,4]}})") << QByteArray(4, 0) << qint64(-1) << "need 6";
    QTest::newRow("trailing bytes") << QByteArray(R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}})") << QByteArray(3, 0) << qint64(-1) << "stray bytes";
    QTest::newRow("not json") << QByteArray("{nope") << QByteArray() << qint64(-1) << "not valid JSON";
    QTest::newRow("metadata not strings") << QByteArray(R"({"__metadata__":{"format":1}})") << QByteArray() << qint64(-1) << "must be a string";
  }
  void rejectsBrokenFiles() {
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, data);
    QFETCH(qint64, claimed);
    QFETCH(QString, expected);
    const QString path = rawFile(dir_, QStringLiteral("bad.safetensors"), header, data, claimed);
    QString error;
    QVERIFY(!SafetensorsFile::open(path, &error));
    QVERIFY2(error.contains(expected) && error.contains(QStringLiteral("bad.safetensors")), qPrintable(error));
  }
};

QTEST_GUILESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
