#include <QtTest>

#include "jobs/eta.h"

class TestEta : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void unknownUntilTwoSamples() {
    ct::jobs::EtaEstimator eta;
    QCOMPARE(eta.secondsLeft(10), -1.0);
    eta.add(1000, 1);
    QCOMPARE(eta.secondsLeft(10), -1.0);
  }
  void steadyRate() {
    ct::jobs::EtaEstimator eta;
    for (int i = 0; i <= 5; ++i) eta.add(1000 + i * 2000, i);  // 2 s per step
    QCOMPARE(eta.ratePerSecond(), 0.5);
    QCOMPARE(eta.secondsLeft(10), 10.0);
  }
  void followsRecentStepsOnly() {
    ct::jobs::EtaEstimator eta(4);
    qint64 t = 0;
    for (int i = 0; i <= 10; ++i) eta.add(t += 10000, i);  // slow start: 10 s per step
    for (int i = 11; i <= 20; ++i) eta.add(t += 1000, i);  // then 1 s per step
    QCOMPARE(eta.secondsLeft(30), 10.0);
  }
  void restartClearsHistory() {
    ct::jobs::EtaEstimator eta;
    eta.add(0, 5);
    eta.add(1000, 6);
    eta.add(2000, 1);
    QCOMPARE(eta.secondsLeft(10), -1.0);
  }
  void doneIsZero() {
    ct::jobs::EtaEstimator eta;
    eta.add(0, 0);
    eta.add(1000, 10);
    QCOMPARE(eta.secondsLeft(10), 0.0);
  }
};

QTEST_GUILESS_MAIN(TestEta)
#include "tst_eta.moc"
