// ct compile on real GPTQ checkpoints of the demo model: the image holds every tensor bit for
// bit, the emulator's logits equal the dequantized checkpoint's forward, bad requests are refused.
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QtTest>

#include "fpga/emulator.h"
#include "fpga/image.h"
#include "model/generation.h"
#include "model/safetensors.h"
#include "model/tokenizer.h"
#include "quant/packing.h"

using namespace ct;

namespace {

const QString kDemo = QStringLiteral(CT_SOURCE_DIR "/resources/demo-model");

int runCt(const QStringList& args, QByteArray* out = nullptr) {
  QProcess p;
  p.start(QStringLiteral(CT_BIN_PATH), args);
  if (!p.waitForFinished(240000)) return -1;
  if (out) *out = p.readAllStandardOutput() + p.readAllStandardError();
  return p.exitCode();
}

QString errorOf(const QByteArray& out) {
  for (const QByteArray& line : out.split('\n')) {
    const QJsonObject o = QJsonDocument::fromJson(line).object();
    if (o.value(QStringLiteral("type")).toString() == QLatin1String("error")) return o.value(QStringLiteral("msg")).toString();
  }
  return {};
}

}  // namespace

class TstFpgaImage : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString q4_, q4act_, awq_;

 private Q_SLOTS:
  void initTestCase() {
    q4_ = tmp_.filePath(QStringLiteral("q4"));
    q4act_ = tmp_.filePath(QStringLiteral("q4act"));
    QCOMPARE(runCt({QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), q4_, QStringLiteral("--group-size"), QStringLiteral("32"), QStringLiteral("--nsamples"), QStringLiteral("16")}), 0);
    QCOMPARE(runCt({QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), q4act_, QStringLiteral("--bits"), QStringLiteral("3"), QStringLiteral("--group-size"),
                    QStringLiteral("32"), QStringLiteral("--desc-act"), QStringLiteral("--asym"), QStringLiteral("--nsamples"), QStringLiteral("16")}),
             0);
    awq_ = tmp_.filePath(QStringLiteral("awq"));
    QCOMPARE(runCt({QStringLiteral("quantize"), kDemo, QStringLiteral("--out"), awq_, QStringLiteral("--method"), QStringLiteral("awq"), QStringLiteral("--group-size"),
                    QStringLiteral("32"), QStringLiteral("--nsamples"), QStringLiteral("4"), QStringLiteral("--seqlen"), QStringLiteral("256")}),
             0);
  }

  // An AutoAWQ GEMM checkpoint goes into the same layout: codes and true zeros unpacked from
  // AWQ's interleaved words, natural input order, the manifest naming the source format.
  void awqCheckpointCompilesToTheSameLayout() {
    const QString img = tmp_.filePath(QStringLiteral("awq-img"));
    QByteArray out;
    QCOMPARE(runCt({QStringLiteral("compile"), awq_, QStringLiteral("--out"), img, QStringLiteral("--bits"), QStringLiteral("4"), QStringLiteral("--group-size"),
                    QStringLiteral("32"), QStringLiteral("--json")}, &out),
             0);
    QString error;
    auto image = fpga::Image::open(img, &error);
    QVERIFY2(image, qPrintable(error));
    const QJsonObject q = image->manifest().value(QStringLiteral("quantization")).toObject();
    QCOMPARE(q.value(QStringLiteral("source_format")).toString(), QStringLiteral("awq_gemm"));
    QCOMPARE(q.value(QStringLiteral("desc_act")).toBool(), false);
    auto set = model::TensorSet::open(awq_, &error);
    QCOMPARE(image->gptqTensors().size(), 28);
    for (const QString& base : image->gptqTensors()) {
      auto a = image->readGptq(base, &error);
      QVERIFY2(a, qPrintable(error));
      QCOMPARE(a->bits, 4);
      const auto qw = set->view(base + QStringLiteral(".qweight"));
      QCOMPARE(quant::unpackAwq(reinterpret_cast<const int32_t*>(qw.data), a->in, a->out), a->codes);  // both [K, N]
      const auto qz = set->view(base + QStringLiteral(".qzeros"));
      QCOMPARE(quant::unpackAwq(reinterpret_cast<const int32_t*>(qz.data), a->groups, a->out), a->zeros);  // zeros stored as they are
      const auto sc = set->view(base + QStringLiteral(".scales"));
      QVERIFY(std::memcmp(a->scales.data(), sc.data, sc.info->bytes()) == 0);
      for (int64_t k = 0; k < a->in; ++k) QCOMPARE(a->gIdx[static_cast<size_t>(k)], static_cast<int32_t>(k / 32));
    }
    for (const QString& name : image->f16Tensors()) {
      std::vector<int64_t> shape;
      auto h = image->readF16(name, &shape, &error);
      QVERIFY2(h, qPrintable(error));
      const auto v = set->view(name);
      QVERIFY2(std::memcmp(h->data(), v.data, v.info->bytes()) == 0, qPrintable(name));
    }
  }

  void imageHoldsEveryTensorBitForBit_data() {
    QTest::addColumn<QString>("which");
    QTest::newRow("4-bit g32 sym") << QStringLiteral("q4");
    QTest::newRow("3-bit g32 act-order asym (v2)") << QStringLiteral("q4act");
  }
  void imageHoldsEveryTensorBitForBit() {
    QFETCH(QString, which);
    const QString ckpt = tmp_.filePath(which), img = tmp_.filePath(which + QStringLiteral("-img"));
    QByteArray out;
    QCOMPARE(runCt({QStringLiteral("compile"), ckpt, QStringLiteral("--out"), img, QStringLiteral("--json")}, &out), 0);
    QString error;
    auto image = fpga::Image::open(img, &error);
    QVERIFY2(image, qPrintable(error));
    QVERIFY(image->verifyChecksums(&error));
    auto set = model::TensorSet::open(ckpt, &error);
    QVERIFY(set);
    const QJsonObject q = image->manifest().value(QStringLiteral("quantization")).toObject();
    const int bits = q.value(QStringLiteral("bits")).toInt();
    const bool v2 = q.value(QStringLiteral("source_format")).toString() == QLatin1String("gptq_v2");
    QCOMPARE(image->gptqTensors().size(), 28);
    bool sawActOrder = false;
    for (const QString& base : image->gptqTensors()) {
      auto a = image->readGptq(base, &error);
      QVERIFY2(a, qPrintable(error));
      const auto qw = set->view(base + QStringLiteral(".qweight"));
      const auto words = quant::packRows(a->codes.data(), a->in, a->out, bits);
      QVERIFY2(std::memcmp(words.data(), qw.data, qw.info->bytes()) == 0, qPrintable(base));
      std::vector<uint8_t> stored = a->zeros;
      if (!v2)
        for (auto& z : stored) z = static_cast<uint8_t>((z - 1) & ((1 << bits) - 1));
      const auto zw = quant::packCols(stored.data(), a->groups, a->out, bits);
      const auto qz = set->view(base + QStringLiteral(".qzeros"));
      QVERIFY(std::memcmp(zw.data(), qz.data, qz.info->bytes()) == 0);
      const auto sc = set->view(base + QStringLiteral(".scales"));
      QVERIFY(std::memcmp(a->scales.data(), sc.data, sc.info->bytes()) == 0);
      const auto gi = set->view(base + QStringLiteral(".g_idx"));
      QVERIFY(std::memcmp(a->gIdx.data(), gi.data, gi.info->bytes()) == 0);
      for (int64_t k = 0; k < a->in; ++k)
        if (a->gIdx[static_cast<size_t>(k)] != k / 32) sawActOrder = true;
    }
    QCOMPARE(sawActOrder, which == QLatin1String("q4act"));
    for (const QString& name : image->f16Tensors()) {
      std::vector<int64_t> shape;
      auto h = image->readF16(name, &shape, &error);
      QVERIFY2(h, qPrintable(error));
      const auto v = set->view(name);
      QCOMPARE(shape, v.info->shape);
      QVERIFY2(std::memcmp(h->data(), v.data, v.info->bytes()) == 0, qPrintable(name));
    }
    // Report: what a token reads and what the bandwidth allows.
    QFile rf(img + QStringLiteral("/report.json"));
    QVERIFY(rf.open(QIODevice::ReadOnly));
    const QJsonObject r = QJsonDocument::fromJson(rf.readAll()).object();
    const double bpt = r.value(QStringLiteral("bytes_per_token")).toDouble();
    QVERIFY(bpt > 0);
    QCOMPARE(r.value(QStringLiteral("bound_tokens_per_s")).toDouble(), 460e9 / bpt);
    QCOMPARE(r.value(QStringLiteral("channels")).toArray().size(), 32);
    // Act-order images keep the permutation beside the matrix.
    if (which == QLatin1String("q4act")) QVERIFY(QJsonDocument(image->manifest()).toJson().contains("\"perm\""));
  }

  void emulatorLogitsEqualTheDequantizedCheckpoint() {
    for (const QString& which : {QStringLiteral("q4"), QStringLiteral("q4act"), QStringLiteral("awq")}) {
      QString error;
      auto ref = model::LanguageModel::load(tmp_.filePath(which), model::LoadOptions{}, &error);
      auto emu = fpga::loadEmulator(tmp_.filePath(which + QStringLiteral("-img")), model::LoadOptions{}, &error);
      QVERIFY2(ref && emu, qPrintable(error));
      auto tok = model::Tokenizer::load(kDemo, &error);
      const auto ids = tok->encode("<|im_start|>user\nWhat is 12 - 7?<|im_end|>\n<|im_start|>assistant\n");
      std::vector<float> a, b;
      const auto la = ref->score(ids, &a), lb = emu->score(ids, &b);
      QCOMPARE(la, lb);  // bit for bit
      QCOMPARE(a, b);
    }
  }

  void refusesWhatDoesNotFit() {
    QByteArray out;
    QCOMPARE(runCt({QStringLiteral("compile"), q4_, QStringLiteral("--out"), tmp_.filePath(QStringLiteral("x")), QStringLiteral("--bits"), QStringLiteral("8"), QStringLiteral("--json")}, &out), 1);
    QVERIFY2(errorOf(out).contains(QStringLiteral("--bits 8 but the checkpoint has 4")), out.constData());
    QCOMPARE(runCt({QStringLiteral("compile"), q4_, QStringLiteral("--out"), tmp_.filePath(QStringLiteral("x")), QStringLiteral("--desc-act"), QStringLiteral("--json")}, &out), 1);
    QVERIFY(errorOf(out).contains(QStringLiteral("desc_act")));
    QCOMPARE(runCt({QStringLiteral("compile"), kDemo, QStringLiteral("--out"), tmp_.filePath(QStringLiteral("x")), QStringLiteral("--json")}, &out), 1);
    QVERIFY(errorOf(out).contains(QStringLiteral("not a GPTQ or AWQ checkpoint")));
    QCOMPARE(runCt({QStringLiteral("compile"), q4_, QStringLiteral("--out"), tmp_.filePath(QStringLiteral("x")), QStringLiteral("--board"), QStringLiteral("vcu999"), QStringLiteral("--json")}, &out), 1);
    QVERIFY(errorOf(out).contains(QStringLiteral("vcu128")));
    QVERIFY(!QFileInfo::exists(tmp_.filePath(QStringLiteral("x"))));
    QVERIFY(!QFileInfo::exists(tmp_.filePath(QStringLiteral("x.partial"))));
    // A profile too small for the model: refused, nothing left behind.
    QFile tiny(tmp_.filePath(QStringLiteral("tiny.json")));
    QVERIFY(tiny.open(QIODevice::WriteOnly));
    tiny.write(R"({"name":"tiny","channels":2,"channel_bytes":4096,"word_bits":256,"peak_bandwidth_gbps":1,"small_tensor_channel":1,"small_tensor_max_bytes":1024})");
    tiny.close();
    QCOMPARE(runCt({QStringLiteral("compile"), q4_, QStringLiteral("--out"), tmp_.filePath(QStringLiteral("y")), QStringLiteral("--board"), tiny.fileName(), QStringLiteral("--json")}, &out), 1);
    QVERIFY2(errorOf(out).contains(QStringLiteral("channel")), out.constData());
    QVERIFY(!QFileInfo::exists(tmp_.filePath(QStringLiteral("y.partial"))));
  }

  void externalCompilerRunsAsAJob() {
    const QString script = tmp_.filePath(QStringLiteral("vendor compiler.sh"));
    QFile f(script);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("#!/bin/sh\necho \"in=$1 out=$2 bits=$3 group=$4 act=$5\"\necho 'vendor warning' >&2\n[ \"$3\" = 4 ] || exit 3\n");
    f.close();
    f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
    QByteArray out;
    const QString tmpl = QStringLiteral("\"%1\" {checkpoint} \"{out}\" {bits} {group_size} {desc_act}").arg(script);
    QCOMPARE(runCt({QStringLiteral("compile"), q4_, QStringLiteral("--out"), tmp_.filePath(QStringLiteral("ext out")), QStringLiteral("--external"), tmpl, QStringLiteral("--json")}, &out), 0);
    QVERIFY2(out.contains(QStringLiteral("in=%1 out=%2 bits=4 group=32 act=false").arg(q4_, tmp_.filePath(QStringLiteral("ext out"))).toUtf8()), out.constData());
    QVERIFY(out.contains("\"level\":\"warning\",\"msg\":\"vendor warning\""));
    QCOMPARE(runCt({QStringLiteral("compile"), q4act_, QStringLiteral("--out"), tmp_.filePath(QStringLiteral("ext2")), QStringLiteral("--external"), tmpl, QStringLiteral("--json")}, &out), 1);
    QVERIFY(errorOf(out).contains(QStringLiteral("exit code 3")));
  }

  void damagedImageIsDetected() {
    const QString img = tmp_.filePath(QStringLiteral("q4-img"));
    const QString copy = tmp_.filePath(QStringLiteral("damaged"));
    QDir().mkpath(copy);
    for (const QString& f : QDir(img).entryList(QDir::Files)) QFile::copy(img + QLatin1Char('/') + f, copy + QLatin1Char('/') + f);
    QFile ch(copy + QStringLiteral("/channel-05.bin"));
    QVERIFY(ch.open(QIODevice::ReadWrite));
    ch.seek(10);
    char c = 0;
    ch.getChar(&c);
    ch.seek(10);
    ch.putChar(static_cast<char>(c ^ 0x40));
    ch.close();
    QString error;
    auto image = fpga::Image::open(copy, &error);
    QVERIFY(image);
    QVERIFY(!image->verifyChecksums(&error));
    QVERIFY(error.contains(QStringLiteral("channel 5")));
    QFile::resize(copy + QStringLiteral("/channel-06.bin"), 3);
    QVERIFY(!fpga::Image::open(copy, &error));
    QVERIFY(error.contains(QStringLiteral("channel-06.bin")));
  }
};

QTEST_GUILESS_MAIN(TstFpgaImage)
#include "tst_fpga_image.moc"
