#include <QDir>
#include <QTcpServer>
#include <QtTest>

#include "eval/code_sandbox.h"

using namespace ct::eval;

// Generated code runs in a separate python3 process per sample; the hostile cases end as a
// verdict and leave nothing behind.
class TestCodeSandbox : public QObject {
  Q_OBJECT

  static SandboxLimits quick() {
    SandboxLimits l;
    l.cpuSeconds = 2;
    l.wallSeconds = 5;
    l.memoryBytes = 512LL << 20;
    l.maxProcesses = 32;
    return l;
  }
  static CodeTask asserts(const QString& solution, const QString& test) { return CodeTask{solution, QStringLiteral("f"), test, {}, {}}; }

  // Processes still running from a sandboxed harness (read from /proc; nothing is killed here).
  static int harnessesAlive() {
    int n = 0;
    for (const QString& pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
      QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
      if (f.open(QIODevice::ReadOnly) && f.readAll().contains("harness.py")) ++n;
    }
    return n;
  }

 private Q_SLOTS:
  void passAndFail() {
    const CodeVerdict ok = runCandidate(asserts(QStringLiteral("def f(x):\n    return x + 1\n"), QStringLiteral("assert f(1) == 2\n")), quick());
    QVERIFY2(ok.base == QLatin1String("pass"), qPrintable(ok.base + QStringLiteral(": ") + ok.detail));
    QVERIFY(ok.plus.isEmpty());
    const CodeVerdict bad = runCandidate(asserts(QStringLiteral("def f(x):\n    return x\n"), QStringLiteral("assert f(1) == 2\n")), quick());
    QCOMPARE(bad.base, QStringLiteral("fail"));
    QVERIFY(bad.detail.contains(QStringLiteral("AssertionError")));
    const CodeVerdict syntax = runCandidate(asserts(QStringLiteral("def f(x) return"), QStringLiteral("assert f(1)\n")), quick());
    QCOMPARE(syntax.base, QStringLiteral("fail"));
    QVERIFY(syntax.detail.contains(QStringLiteral("SyntaxError")));
  }

  void inputsAgainstTheReference() {
    CodeTask t{QStringLiteral("def f(a, b):\n    return a / b if b != 3 else 0\n"), QStringLiteral("f"), {}, QStringLiteral("def f(a, b):\n    return a / b\n"),
               QJsonObject{{QStringLiteral("base_input"), QJsonArray{QJsonArray{1, 2}, QJsonArray{1.0, 3.0000001}}},
                           {QStringLiteral("plus_input"), QJsonArray{QJsonArray{4, 2}, QJsonArray{9, 3}}},
                           {QStringLiteral("atol"), 0}}};
    const CodeVerdict v = runCandidate(t, quick());
    QCOMPARE(v.base, QStringLiteral("pass"));  // 1/3.0000001 computed by both
    QCOMPARE(v.plus, QStringLiteral("fail"));  // 9/3 = 3.0 vs 0
    QVERIFY(v.detail.contains(QStringLiteral("wrong output")));
  }

  void infiniteLoopTimesOut() {
    QElapsedTimer t;
    t.start();
    const CodeVerdict v = runCandidate(asserts(QStringLiteral("def f():\n    while True:\n        pass\n"), QStringLiteral("f()\n")), quick());
    QCOMPARE(v.base, QStringLiteral("timeout"));
    QVERIFY(t.elapsed() < 8000);
    QCOMPARE(harnessesAlive(), 0);
  }

  void memoryBombIsRefused() {
    const CodeVerdict v = runCandidate(asserts(QStringLiteral("def f():\n    x = []\n    while True:\n        x.append(bytearray(64 << 20))\n"), QStringLiteral("f()\n")), quick());
    QCOMPARE(v.base, QStringLiteral("fail"));
    QVERIFY2(v.detail.contains(QStringLiteral("MemoryError")), qPrintable(v.detail));
  }

  void networkIsUnreachable() {
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const QString port = QString::number(server.serverPort());
    // Straight to the C socket module, past the interpreter's guard: only the namespace stops it.
    const QString raw = QStringLiteral("import _socket\ndef f():\n    s = _socket.socket()\n    s.settimeout(2)\n    s.connect(('127.0.0.1', %1))\n").arg(port);
    const CodeVerdict v = runCandidate(asserts(raw, QStringLiteral("f()\n")), quick());
    QCOMPARE(v.base, QStringLiteral("fail"));
    QVERIFY2(v.isolation.contains(QStringLiteral("no network (namespace)")), qPrintable(v.isolation));
    QVERIFY2(v.detail.contains(QStringLiteral("unreachable")) || v.detail.contains(QStringLiteral("refused")), qPrintable(v.detail));
    QTest::qWait(100);
    QVERIFY(!server.hasPendingConnections());
    const CodeVerdict guarded = runCandidate(
        asserts(QStringLiteral("import socket\ndef f():\n    socket.create_connection(('127.0.0.1', %1))\n").arg(port), QStringLiteral("f()\n")), quick());
    QVERIFY(guarded.detail.contains(QStringLiteral("network access is disabled")));
  }

  void forkBombIsContained() {
    const QString bomb = QStringLiteral("import os\ndef f():\n    while True:\n        try:\n            os.fork()\n        except OSError:\n            pass\n");
    const CodeVerdict v = runCandidate(asserts(bomb, QStringLiteral("f()\n")), quick());
    QVERIFY2(v.base == QLatin1String("timeout") || v.base == QLatin1String("fail"), qPrintable(v.base));
    QTest::qWait(500);
    QCOMPARE(harnessesAlive(), 0);
    // The machine still runs the next sample normally.
    QCOMPARE(runCandidate(asserts(QStringLiteral("def f():\n    return 1\n"), QStringLiteral("assert f() == 1\n")), quick()).base, QStringLiteral("pass"));
  }

  void manyInParallel() {
    QList<CodeTask> tasks;
    for (int i = 0; i < 6; ++i) tasks << asserts(QStringLiteral("def f():\n    return %1\n").arg(i), QStringLiteral("assert f() == 3\n"));
    QList<QString> got(6);
    runCandidates(tasks, quick(), 3, [&](int i, const CodeVerdict& v) { got[i] = v.base; if (v.base == QLatin1String("crash")) qWarning("%d: %s", i, qPrintable(v.detail)); }, {});
    QCOMPARE(got, (QList<QString>{QStringLiteral("fail"), QStringLiteral("fail"), QStringLiteral("fail"), QStringLiteral("pass"), QStringLiteral("fail"), QStringLiteral("fail")}));
  }
};

QTEST_GUILESS_MAIN(TestCodeSandbox)
#include "tst_code_sandbox.moc"
