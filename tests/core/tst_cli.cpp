#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "jobs/event.h"

// Runs the real `ct` binary, with its history in a scratch folder.
class TestCli : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

  struct Run {
    int code;
    QByteArray out, err;
  };
  Run ct(const QStringList& args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CT_DATA_DIR"), dir_.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("CT_STATE_DIR"), dir_.filePath(QStringLiteral("state")));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CT_BIN_PATH), args);
    if (!p.waitForFinished(60000)) p.kill();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
  }

 private Q_SLOTS:
  void noArgumentsIsAUsageError() {
    const Run r = ct({});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("Usage: ct <command>"));
  }
  void unknownCommandIsAUsageError() {
    const Run r = ct({QStringLiteral("frobnicate")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("unknown command 'frobnicate'"));
  }
  void unknownOptionIsAUsageError() {
    const Run r = ct({QStringLiteral("version"), QStringLiteral("--bogus")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("bogus"));
  }
  void perCommandHelp() {
    const Run r = ct({QStringLiteral("help"), QStringLiteral("jobs")});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains("Usage: ct jobs [options] [list | show ID | log ID | cancel ID]"), r.out.constData());
    QVERIFY(r.out.contains("--limit"));
    QCOMPARE(ct({QStringLiteral("doctor"), QStringLiteral("--help")}).code, 0);
  }
  void versionAsJson() {
    const Run r = ct({QStringLiteral("version"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QStringLiteral("version")).toString(), QStringLiteral(CT_VERSION));
    QCOMPARE(o.value(QStringLiteral("event_schema")).toInt(), 1);
  }
  void doctorStreamsEventsAndLandsInHistory() {
    const Run r = ct({QStringLiteral("doctor"), QStringLiteral("--json"), QStringLiteral("--job-id"), QStringLiteral("20990101-000000-c0ffee")});
    QVERIFY2(r.code == 0, r.out + r.err);
    QList<ct::jobs::Event> events;
    for (const QByteArray& line : r.out.split('\n')) {
      if (line.isEmpty()) continue;
      QString error;
      auto e = ct::jobs::Event::parseLine(line, &error);
      QVERIFY2(e, qPrintable(error + QStringLiteral(": ") + QString::fromUtf8(line)));
      QCOMPARE(e->job, QStringLiteral("20990101-000000-c0ffee"));
      events.append(*e);
    }
    QVERIFY(events.size() > 5);
    QCOMPARE(events.first().type, ct::jobs::Event::Type::State);
    QCOMPARE(events.last().state, ct::jobs::JobState::Succeeded);
    bool sawResult = false, sawProgress = false;
    for (const auto& e : events) {
      sawResult = sawResult || (e.type == ct::jobs::Event::Type::Result && e.result.value(QStringLiteral("ok")).toBool());
      sawProgress = sawProgress || e.type == ct::jobs::Event::Type::Progress;
    }
    QVERIFY(sawResult && sawProgress);

    const Run list = ct({QStringLiteral("jobs"), QStringLiteral("--json")});
    QCOMPARE(list.code, 0);
    const QJsonArray jobs = QJsonDocument::fromJson(list.out).array();
    QVERIFY(!jobs.isEmpty());
    QCOMPARE(jobs.first().toObject().value(QStringLiteral("id")).toString(), QStringLiteral("20990101-000000-c0ffee"));
    QCOMPARE(jobs.first().toObject().value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));

    const Run show = ct({QStringLiteral("jobs"), QStringLiteral("show"), QStringLiteral("20990101")});
    QCOMPARE(show.code, 0);
    QVERIFY(show.out.contains("state:    succeeded"));
    const Run log = ct({QStringLiteral("jobs"), QStringLiteral("log"), QStringLiteral("20990101")});
    QCOMPARE(log.code, 0);
    QVERIFY2(log.out.contains("state succeeded"), log.out.constData());
  }
  void jobsWithUnknownIdFailsClearly() {
    const Run r = ct({QStringLiteral("jobs"), QStringLiteral("show"), QStringLiteral("nope")});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.contains("no job with id 'nope'"));
    const Run bad = ct({QStringLiteral("jobs"), QStringLiteral("--limit"), QStringLiteral("-3")});
    QCOMPARE(bad.code, 2);
    QVERIFY(bad.err.contains("--limit must be a positive whole number"));
  }
  void sigtermCancelsWithExitCode130() {
    // `ct doctor` is short; cancel right at start and accept either outcome's exit code.
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CT_DATA_DIR"), dir_.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("CT_STATE_DIR"), dir_.filePath(QStringLiteral("state")));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CT_BIN_PATH), {QStringLiteral("doctor")});
    QVERIFY(p.waitForStarted());
    p.terminate();
    QVERIFY(p.waitForFinished(30000));
    QVERIFY2(p.exitStatus() == QProcess::CrashExit || p.exitCode() == 130 || p.exitCode() == 0,
             qPrintable(QString::number(p.exitCode())));
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
