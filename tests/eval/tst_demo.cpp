// `ct demo` start to finish (fewer questions than the default), as README's first command runs it.
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QtTest>
#include <csignal>

class TstDemo : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

 private Q_SLOTS:
  void runsEndToEndAndLeavesNothingRunning() {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CT_DATA_DIR"), tmp_.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("CT_STATE_DIR"), tmp_.filePath(QStringLiteral("state")));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CT_BIN_PATH), {QStringLiteral("demo"), QStringLiteral("--work"), tmp_.filePath(QStringLiteral("work")), QStringLiteral("--items"), QStringLiteral("12"),
                                          QStringLiteral("--json")});
    QVERIFY(p.waitForFinished(600000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().right(2000).constData());
    QJsonObject result;
    for (const QByteArray& line : p.readAllStandardOutput().split('\n')) {
      const QJsonObject o = QJsonDocument::fromJson(line).object();
      if (o.value(QStringLiteral("type")).toString() == QLatin1String("result")) result = o.value(QStringLiteral("result")).toObject();
    }
    const QJsonArray targets = result.value(QStringLiteral("targets")).toArray();
    QCOMPARE(targets.size(), 6);
    QJsonObject byName;
    for (const QJsonValue t : targets) byName.insert(t[QStringLiteral("target")].toString(), t);
    for (const char* n : {"origin", "int8", "int4", "awq4", "int2", "fpga"}) QVERIFY2(byName.contains(QLatin1String(n)), n);
    // The emulated board computes exactly what the 4-bit checkpoint computes.
    QCOMPARE(byName[QStringLiteral("fpga")][QStringLiteral("accuracy")].toDouble(), byName[QStringLiteral("int4")][QStringLiteral("accuracy")].toDouble());
    QVERIFY(byName[QStringLiteral("origin")][QStringLiteral("accuracy")].toDouble() >= 0.75);
    // The real benchmark samples went through every target too, and agreement with the float model was measured.
    const QJsonObject cmp = result[QStringLiteral("comparison")].toObject();
    for (const char* t : {"arc_easy", "hellaswag", "mmlu_abstract_algebra", "humaneval"}) {
      QVERIFY2(cmp[QStringLiteral("tasks")].toObject().contains(QLatin1String(t)), t);
    }
    QCOMPARE(cmp[QStringLiteral("tasks")][QStringLiteral("humaneval")][QStringLiteral("pass@1,base")].toObject().size(), 5);
    QVERIFY(cmp[QStringLiteral("agreement")][QStringLiteral("int8")][QStringLiteral("top1_agreement")].toDouble() > 0.9);
    // AWQ int4 beside GPTQ int4: it answers the demo task and agrees with the float model.
    QVERIFY(byName[QStringLiteral("awq4")][QStringLiteral("accuracy")].toDouble() >= 0.75);
    QVERIFY(cmp[QStringLiteral("agreement")][QStringLiteral("awq4")][QStringLiteral("top1_agreement")].toDouble() > 0.9);
    QVERIFY(result[QStringLiteral("quantization")][QStringLiteral("awq4")][QStringLiteral("kernel")].toString() == QLatin1String("awq_marlin"));
    QVERIFY(QFile::exists(byName[QStringLiteral("fpga")][QStringLiteral("results_file")].toString()));
    QCOMPARE(result[QStringLiteral("chat")][QStringLiteral("answer")].toString(), QStringLiteral("22"));
    QVERIFY(result[QStringLiteral("compile_report")][QStringLiteral("bound_tokens_per_s")].toDouble() > 0);
    const QJsonArray pids = result.value(QStringLiteral("child_pids")).toArray();
    QCOMPARE(pids.size(), 12);
    for (const QJsonValue v : pids) {
      const pid_t pid = static_cast<pid_t>(v.toDouble());
      QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
      // Gone, or at most a zombie waiting for init: nothing still running.
      if (stat.open(QIODevice::ReadOnly)) QVERIFY2(stat.readAll().contains(") Z "), qPrintable(QString::number(pid)));
    }
  }
};

QTEST_GUILESS_MAIN(TstDemo)
#include "tst_demo.moc"
