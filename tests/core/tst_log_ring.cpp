#include <QtTest>
#include <thread>

#include "jobs/log_ring.h"

using ct::jobs::LogLevel;
using ct::jobs::LogRing;

class TestLogRing : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void boundedAndIncremental() {
    LogRing ring(5);
    for (int i = 0; i < 12; ++i) ring.append(QStringLiteral("j"), LogLevel::Info, i, QString::number(i));
    QCOMPARE(ring.size(), 5);
    QCOMPARE(ring.dropped(), quint64(7));
    const auto all = ring.since(0);
    QCOMPARE(all.size(), 5);
    QCOMPARE(all.first().message, QStringLiteral("7"));
    const auto tail = ring.since(all[2].id);
    QCOMPARE(tail.size(), 2);
    QCOMPARE(tail.last().message, QStringLiteral("11"));
    QVERIFY(ring.since(all.last().id).isEmpty());
  }
  void concurrentWritersLoseNothingButOverflow() {
    LogRing ring(100000);
    auto writer = [&ring] {
      for (int i = 0; i < 20000; ++i) ring.append(QStringLiteral("j"), LogLevel::Debug, i, QStringLiteral("m"));
    };
    std::thread a(writer), b(writer);
    a.join();
    b.join();
    const auto all = ring.since(0);
    QCOMPARE(all.size(), 40000);
    for (int i = 1; i < all.size(); ++i) QVERIFY(all[i].id > all[i - 1].id);
  }
};

QTEST_GUILESS_MAIN(TestLogRing)
#include "tst_log_ring.moc"
