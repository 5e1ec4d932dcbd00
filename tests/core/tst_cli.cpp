#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "ct_child.h"
#include "jobs/event.h"

// Runs the real `ct` binary, with its history in a scratch folder.
class TestCli : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

  struct Run {
    int code;
    QByteArray out, err;
  };
  Run ct(const QStringList& args, const QString& program = QStringLiteral(CT_BIN_PATH), const QByteArray& ldDebug = {}) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CT_DATA_DIR"), dir_.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("CT_STATE_DIR"), dir_.filePath(QStringLiteral("state")));
    if (!ldDebug.isEmpty()) env.insert(QStringLiteral("LD_DEBUG"), QString::fromLatin1(ldDebug));
    p.setProcessEnvironment(env);
    p.start(program, args);
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
    QVERIFY2(r.out.contains("Usage: ct jobs [options] [list | show ID | log ID | cancel ID | attach ID]"), r.out.constData());
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
  // Every shared object a `ct` command maps, from the dynamic loader's own trace (LD_DEBUG=files
  // names each file as it is loaded, by the program's needs or by dlopen).
  QStringList loadedLibraries(const QStringList& args) {
    const Run r = ct(args, QStringLiteral(CT_BIN_PATH), "files");
    QStringList libs;
    for (const QByteArray& line : r.err.split('\n')) {
      const int at = static_cast<int>(line.indexOf("file="));
      if (at < 0 || (!line.contains("needed by") && !line.contains("dynamically loaded by"))) continue;
      const QByteArray name = line.mid(at + 5, line.indexOf(' ', at) - at - 5);
      if (!libs.contains(QString::fromUtf8(name))) libs << QString::fromUtf8(name);
    }
    return libs;
  }

  void commandsThatDoNotComputeLoadNoLibtorch() {
    for (const QStringList& args : {QStringList{QStringLiteral("version")}, QStringList{QStringLiteral("jobs"), QStringLiteral("list")},
                                    QStringList{QStringLiteral("generate"), QStringLiteral("--help")},
                                    QStringList{QStringLiteral("quantize"), QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"), QStringLiteral("--check")}}) {
      const QStringList libs = loadedLibraries(args);
      QVERIFY2(libs.size() > 5, qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(": no loader trace")));
      for (const QString& lib : libs)
        QVERIFY2(!lib.contains(QLatin1String("torch")) && !lib.contains(QLatin1String("libc10")) && !lib.contains(QLatin1String("opencv")) &&
                     !lib.contains(QLatin1String("Qt5")),
                 qPrintable(QStringLiteral("ct %1 loads %2").arg(args.join(QLatin1Char(' ')), lib)));
      qInfo("ct %s: %d shared libraries", qPrintable(args.join(QLatin1Char(' '))), static_cast<int>(libs.size()));
    }
  }
  void everyCommandIsListedWithItsHelp() {
    const Run r = ct({QStringLiteral("help")});
    QCOMPARE(r.code, 0);
    for (const char* name : {"generate", "score", "quantize", "host", "train-demo", "version", "jobs", "serve", "demo", "eval"})
      QVERIFY2(r.out.contains(QByteArray("  ") + name + ' '), name);
    const Run help = ct({QStringLiteral("quantize"), QStringLiteral("--help")});
    QCOMPARE(help.code, 0);
    QVERIFY(help.out.contains("Usage: ct quantize [options] MODEL_DIR --out DIR") && help.out.contains("--group-size"));
  }
  void computeCommandsCheckTheirArgumentsFirst() {
    // Usage errors come from `ct` itself, with the usual code; a compute command's own failure
    // comes back from ct-compute with its code unchanged.
    const Run usage = ct({QStringLiteral("generate"), QStringLiteral("--prompt"), QStringLiteral("hi")});
    QCOMPARE(usage.code, 2);
    QVERIFY(usage.err.contains("--model DIR is required"));
    const Run failed = ct({QStringLiteral("generate"), QStringLiteral("--model"), dir_.filePath(QStringLiteral("none")), QStringLiteral("--prompt"), QStringLiteral("hi")});
    QCOMPARE(failed.code, 1);
    QVERIFY2(failed.err.contains("tokenizer.json"), failed.err.constData());
  }
  void computeCommandRunsInCtComputeUnderTheSamePid() {
    ct::test::CtChild host;
    const quint16 port = host.start({QStringLiteral("host"), QStringLiteral("--model"), QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"),
                                     QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    QVERIFY2(port != 0, host.seen().constData());
    // The pid we started is the process that serves: it is ct-compute now, with libtorch mapped.
    const QFileInfo exe(QStringLiteral("/proc/%1/exe").arg(host.pid()));
    QCOMPARE(QFileInfo(exe.symLinkTarget()).fileName(), QStringLiteral("ct-compute"));
    QFile maps(QStringLiteral("/proc/%1/maps").arg(host.pid()));
    QVERIFY(maps.open(QIODevice::ReadOnly));
    QVERIFY(maps.readAll().contains("libtorch"));
    QVERIFY(host.seen().contains("\"state\":\"running\""));
    host.stop();
    QCOMPARE(host.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(host.process().exitCode(), 0);
  }
  void missingCtComputeIsAClearError() {
    // A `ct` without its compute half: the commands that need none still work.
    const QString lone = dir_.filePath(QStringLiteral("lone/ct"));
    QVERIFY(QDir().mkpath(QFileInfo(lone).path()));
    QVERIFY(QFile::copy(QStringLiteral(CT_BIN_PATH), lone));
    QCOMPARE(ct({QStringLiteral("version")}, lone).code, 0);
    const Run r = ct({QStringLiteral("score"), QStringLiteral("--model"), QStringLiteral("x"), QStringLiteral("--text"), QStringLiteral("y")}, lone);
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("ct-compute") && r.err.contains(QFileInfo(lone).path().toUtf8() + "/ct-compute") && r.err.contains("No such file"),
             r.err.constData());
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
