#include <QtTest>
#include <random>

#include "quant/packing.h"

using namespace ct::quant;

class TstPacking : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void roundTripsEveryWidth_data() {
    QTest::addColumn<int>("bits");
    for (int b : {2, 3, 4, 8}) QTest::newRow(qPrintable(QStringLiteral("%1-bit").arg(b))) << b;
  }
  void roundTripsEveryWidth() {
    QFETCH(int, bits);
    std::mt19937 rng(bits);
    const int64_t K = 96, N = 64;  // K·3/32 and N·3/32 whole
    std::vector<uint8_t> codes(static_cast<size_t>(K * N));
    for (auto& c : codes) c = static_cast<uint8_t>(rng() & ((1u << bits) - 1));
    const auto rows = packRows(codes.data(), K, N, bits);
    QCOMPARE(static_cast<int64_t>(rows.size()), K * bits / 32 * N);
    QCOMPARE(unpackRows(rows.data(), K, N, bits), codes);
    const auto cols = packCols(codes.data(), K, N, bits);
    QCOMPARE(static_cast<int64_t>(cols.size()), K * N * bits / 32);
    QCOMPARE(unpackCols(cols.data(), K, N, bits), codes);
  }

  // 4-bit: input row 8r+j sits in bits [4j, 4j+4) of word row r, least significant first.
  void fourBitLayout() {
    std::vector<uint8_t> codes(8);
    for (int k = 0; k < 8; ++k) codes[static_cast<size_t>(k)] = static_cast<uint8_t>(k + 1);
    const auto w = packRows(codes.data(), 8, 1, 4);
    QCOMPARE(static_cast<uint32_t>(w[0]), 0x87654321u);
  }

  // Symmetric v1 zero points (true zero − 1) give the constant words loaders expect.
  void symmetricZeroWords() {
    const std::vector<uint8_t> z4(8, 7), z8(4, 127), z2(16, 1), z3(32, 3);
    QCOMPARE(static_cast<uint32_t>(packCols(z4.data(), 1, 8, 4)[0]), 0x77777777u);
    QCOMPARE(static_cast<uint32_t>(packCols(z8.data(), 1, 4, 8)[0]), 0x7F7F7F7Fu);
    QCOMPARE(static_cast<uint32_t>(packCols(z2.data(), 1, 16, 2)[0]), 0x55555555u);
    const auto w3 = packCols(z3.data(), 1, 32, 3);
    QCOMPARE(w3.size(), size_t(3));
    QCOMPARE(static_cast<uint32_t>(w3[0]), 0xDB6DB6DBu);
    QCOMPARE(static_cast<uint32_t>(w3[1]), 0xB6DB6DB6u);
    QCOMPARE(static_cast<uint32_t>(w3[2]), 0x6DB6DB6Du);
  }

  // AutoAWQ GEMM: nibble i of a word holds output column 8c + [0,2,4,6,1,3,5,7][i]; the facts'
  // check values, and every column lands in exactly one nibble.
  void awqOrderLayout() {
    std::vector<uint8_t> up{0, 1, 2, 3, 4, 5, 6, 7}, down{15, 14, 13, 12, 11, 10, 9, 8};
    QCOMPARE(static_cast<uint32_t>(packAwq(up.data(), 1, 8)[0]), 0x75316420u);
    QCOMPARE(static_cast<uint32_t>(packAwq(down.data(), 1, 8)[0]), 0x8ACE9BDFu);
    QVERIFY(packAwq(down.data(), 1, 8)[0] < 0);  // a negative int32: unpacking must shift logically
    QCOMPARE(unpackAwq(packAwq(down.data(), 1, 8).data(), 1, 8), down);
    for (int col = 0; col < 8; ++col) {
      std::vector<uint8_t> one(8, 0);
      one[static_cast<size_t>(col)] = 0xF;
      const uint32_t w = static_cast<uint32_t>(packAwq(one.data(), 1, 8)[0]);
      const int nibble = col % 2 == 0 ? col / 2 : 4 + col / 2;  // the reverse order [0,4,1,5,2,6,3,7]
      QCOMPARE(w, 0xFu << (4 * nibble));
    }
  }

  void awqRoundTrip() {
    std::mt19937 rng(19);
    const int64_t R = 40, N = 96;
    std::vector<uint8_t> v(static_cast<size_t>(R * N));
    for (auto& c : v) c = static_cast<uint8_t>(rng() & 0xF);
    const auto w = packAwq(v.data(), R, N);
    QCOMPARE(static_cast<int64_t>(w.size()), R * N / 8);
    QCOMPARE(unpackAwq(w.data(), R, N), v);
  }

  // 3-bit: value 10 straddles words 0/1 (low 2 bits at 30–31, high bit at bit 0 of word 1),
  // value 21 straddles words 1/2 (low bit at 31, high 2 bits at 0–1 of word 2).
  void threeBitStraddles() {
    std::vector<uint8_t> v(32, 0);
    v[10] = 0b111;
    v[21] = 0b101;
    const auto w = packRows(v.data(), 32, 1, 3);
    QCOMPARE(static_cast<uint32_t>(w[0]), 0xC0000000u);
    QCOMPARE(static_cast<uint32_t>(w[1]), 0x80000001u);
    QCOMPARE(static_cast<uint32_t>(w[2]), 0x00000002u);
    QCOMPARE(packGranule(3), 32);
    QCOMPARE(packGranule(4), 8);
  }
};

QTEST_GUILESS_MAIN(TstPacking)
#include "tst_packing.moc"
