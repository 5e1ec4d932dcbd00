#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

#include "jobs/job_store.h"
#include "proc/process.h"

using ct::proc::Process;
using ct::proc::ProcessResult;
using ct::proc::ProcessSpec;
using O = ProcessResult::Outcome;

namespace {

ProcessSpec helper(const QStringList& args) {
  ProcessSpec s;
  s.program = QStringLiteral(CT_TEST_HELPER);
  s.args = args;
  return s;
}

qint64 rssKiB() {
  QFile f(QStringLiteral("/proc/self/status"));
  f.open(QIODevice::ReadOnly);
  for (const QByteArray& line : f.readAll().split('\n'))
    if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').first().toLongLong();
  return -1;
}

QList<qint64> readPids(const QString& file) {
  QList<qint64> pids;
  QFile f(file);
  if (!f.open(QIODevice::ReadOnly)) return pids;
  for (const QByteArray& l : f.readAll().split('\n'))
    if (!l.isEmpty()) pids.append(l.toLongLong());
  return pids;
}

// Killed processes reparented to a non-reaping init can stay zombies: dead all the same.
bool allGone(const QList<qint64>& pids, int waitMs = 3000) {
  QElapsedTimer t;
  t.start();
  do {
    bool any = false;
    for (qint64 p : pids) any = any || ct::jobs::processAlive(p);
    if (!any) return true;
    QTest::qWait(20);
  } while (t.elapsed() < waitMs);
  return false;
}

}  // namespace

class TestProcess : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private Q_SLOTS:
  void exitCodeIsReported() {
    Process p;
    QList<QByteArray> err;
    connect(&p, &Process::stderrLines, this, [&](const QList<QByteArray>& l) { err += l; });
    p.start(helper({QStringLiteral("exit"), QStringLiteral("7")}));
    QVERIFY(p.waitForDone(10000));
    QCOMPARE(p.result().outcome, O::Exited);
    QCOMPARE(p.result().exitCode, 7);
    QVERIFY(!p.result().ok());
    QCOMPARE(err, (QList<QByteArray>{"exiting with 7 on purpose"}));
    QVERIFY(p.result().describe().contains(QStringLiteral("exit code 7")));
  }

  void crashIsNotAnExitCode() {
    Process p;
    p.start(helper({QStringLiteral("crash")}));
    QVERIFY(p.waitForDone(10000));
    QCOMPARE(p.result().outcome, O::Crashed);
    QCOMPARE(p.result().signal, SIGSEGV);
    QVERIFY2(p.result().describe().contains(QStringLiteral("SIGSEGV")), qPrintable(p.result().describe()));
  }

  void missingProgramFailsToStartAndStillSignalsDone() {
    Process p;
    int done = 0;
    connect(&p, &Process::done, this, [&] { ++done; });
    ProcessSpec s;
    s.program = QStringLiteral("/nonexistent/ct-no-such-tool");
    p.start(s);
    QTRY_COMPARE(done, 1);
    QCOMPARE(p.result().outcome, O::FailedToStart);
    QVERIFY(p.result().describe().contains(QStringLiteral("cannot start")));
  }

  void watchdogStopsASilentChild() {
    Process p;
    ProcessSpec s = helper({QStringLiteral("silent-after")});
    s.noOutputTimeoutMs = 300;
    s.graceMs = 200;
    p.start(s);
    QVERIFY(p.waitForDone(10000));
    QCOMPARE(p.result().outcome, O::Watchdog);
    QVERIFY(p.result().describe().contains(QStringLiteral("printed nothing")));
  }

  void partialLinesAreJoined() {
    Process p;
    QList<QByteArray> out;
    connect(&p, &Process::stdoutLines, this, [&](const QList<QByteArray>& l) { out += l; });
    p.start(helper({QStringLiteral("partial")}));
    QVERIFY(p.waitForDone(10000));
    QCOMPARE(out, (QList<QByteArray>{"abcdef", "ghi"}));
  }

  void cancelKillsTheWholeTree() {
    const QString pidFile = dir_.filePath(QStringLiteral("tree.pids"));
    Process p;
    bool ready = false;
    connect(&p, &Process::stdoutLines, this, [&](const QList<QByteArray>& l) { ready = ready || l.contains("ready"); });
    ProcessSpec s = helper({QStringLiteral("tree"), QStringLiteral("3"), pidFile});
    s.graceMs = 300;
    p.start(s);
    QTRY_VERIFY_WITH_TIMEOUT(ready, 10000);
    QList<qint64> pids = readPids(pidFile);
    QCOMPARE(pids.size(), 6);
    pids.append(p.pid());
    for (qint64 pid : pids) QVERIFY(ct::jobs::processAlive(pid));
    p.cancel();
    QVERIFY(p.waitForDone(10000));
    QCOMPARE(p.result().outcome, O::Cancelled);
    QVERIFY2(allGone(pids), "a child or grandchild survived cancel");
  }

  void leaderIgnoringTermGetsKilledAfterGrace() {
    const QString pidFile = dir_.filePath(QStringLiteral("stubborn.pids"));
    Process p;
    bool ready = false;
    connect(&p, &Process::stdoutLines, this, [&](const QList<QByteArray>& l) { ready = ready || l.contains("ready"); });
    ProcessSpec s = helper({QStringLiteral("tree"), QStringLiteral("1"), pidFile, QStringLiteral("--ignore-term")});
    s.graceMs = 300;
    p.start(s);
    QTRY_VERIFY_WITH_TIMEOUT(ready, 10000);
    QList<qint64> pids = readPids(pidFile) << p.pid();
    QElapsedTimer t;
    t.start();
    p.cancel();
    QVERIFY(p.waitForDone(10000));
    QVERIFY(t.elapsed() >= 250);
    QCOMPARE(p.result().outcome, O::Cancelled);
    QCOMPARE(p.result().signal, SIGKILL);
    QVERIFY(allGone(pids));
  }

  void strayChildrenOfAFinishedLeaderAreCleanedUp() {
    const QString pidFile = dir_.filePath(QStringLiteral("stray.pids"));
    Process p;
    ProcessSpec s = helper({QStringLiteral("tree-exit"), QStringLiteral("2"), pidFile});
    s.graceMs = 200;
    p.start(s);
    QVERIFY(p.waitForDone(10000));
    QCOMPARE(p.result().outcome, O::Exited);
    QCOMPARE(p.result().exitCode, 0);
    const QList<qint64> pids = readPids(pidFile);
    QCOMPARE(pids.size(), 4);
    QVERIFY2(allGone(pids, 5000), "children left behind by a finished leader survived");
  }

  void gigabyteOfOutputKeepsMemoryFlat() {
    const qint64 gib = 1024LL * 1024 * 1024;
    Process p;
    qint64 bytes = 0, lines = 0, peak = 0;
    const qint64 before = rssKiB();
    connect(&p, &Process::stdoutLines, this, [&](const QList<QByteArray>& l) {
      lines += l.size();
      for (const auto& x : l) bytes += x.size() + 1;
      if ((lines & 0x3ff) == 0) peak = std::max(peak, rssKiB());
    });
    p.start(helper({QStringLiteral("flood"), QString::number(gib), QStringLiteral("4096")}));
    QVERIFY(p.waitForDone(240000));
    QVERIFY(p.result().ok());
    QCOMPARE(bytes, gib);
    QCOMPARE(lines, gib / 4096);
    peak = std::max(peak, rssKiB());
    qInfo("1 GiB in %lld lines; RSS before %lld KiB, peak %lld KiB", lines, before, peak);
    QVERIFY2(peak - before < 64 * 1024, "memory grew with the amount of output");
  }

  void endlessLineIsCut() {
    Process p;
    QList<QByteArray> out;
    connect(&p, &Process::stdoutLines, this, [&](const QList<QByteArray>& l) { out += l; });
    ProcessSpec s = helper({QStringLiteral("flood-noline"), QString::number(64 * 1024 * 1024)});
    s.maxLineBytes = 1024;
    p.start(s);
    QVERIFY(p.waitForDone(60000));
    QCOMPARE(out.size(), 1);
    QVERIFY(out[0].size() < 1100);
    QVERIFY(out[0].contains("line cut"));
  }
};

QTEST_GUILESS_MAIN(TestProcess)
#include "tst_process.moc"
