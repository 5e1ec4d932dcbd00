#include <QtTest>

#include "proc/line_buffer.h"

using ct::proc::LineBuffer;

class TestLineBuffer : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void keepsPartialLineAcrossChunks() {
    LineBuffer b;
    QList<QByteArray> out;
    b.feed(QByteArray("ab"), out);
    QVERIFY(out.isEmpty());
    b.feed(QByteArray("c\nde"), out);
    QCOMPARE(out, (QList<QByteArray>{"abc"}));
    b.feed(QByteArray("f\r\n\n"), out);
    QCOMPARE(out, (QList<QByteArray>{"abc", "def", ""}));
    QCOMPARE(b.pendingBytes(), 0);
  }
  void flushEmitsUnterminatedTail() {
    LineBuffer b;
    QList<QByteArray> out;
    b.feed(QByteArray("x\ntail"), out);
    b.flush(out);
    QCOMPARE(out, (QList<QByteArray>{"x", "tail"}));
    b.flush(out);
    QCOMPARE(out.size(), 2);
  }
  void capsOverlongLines() {
    LineBuffer b(8);
    QList<QByteArray> out;
    for (int i = 0; i < 1000; ++i) b.feed(QByteArray(1000, 'y'), out);
    QVERIFY(out.isEmpty());
    QVERIFY(b.pendingBytes() <= 8);
    b.feed(QByteArray("\nnext\n"), out);
    QCOMPARE(out.size(), 2);
    QVERIFY(out[0].startsWith("yyyyyyyy [line cut: 999992 more bytes dropped]"));
    QCOMPARE(out[1], QByteArray("next"));
  }
};

QTEST_GUILESS_MAIN(TestLineBuffer)
#include "tst_line_buffer.moc"
