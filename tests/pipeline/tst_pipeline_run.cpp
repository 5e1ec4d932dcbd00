// `ct pipeline` end to end on a small recipe of the demo model (one 4-bit variant, the emulated
// board, origin scored through a local service): a run to its report, a stage killed and the run
// resumed from it, cancels in the middle of each long stage kind, and a recipe full of mistakes.
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <functional>

#include "ct_child.h"
#include "ct_run.h"
#include "proc_scan.h"

using namespace ct::test;

namespace {

QJsonObject readJson(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject{};
}

// Path → (mtime, sha256) of every file under a folder.
QMap<QString, QPair<qint64, QByteArray>> snapshot(const QString& dir) {
  QMap<QString, QPair<qint64, QByteArray>> out;
  QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    const QString p = it.next();
    QFile f(p);
    f.open(QIODevice::ReadOnly);
    out.insert(p, {QFileInfo(p).lastModified().toMSecsSinceEpoch(), QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256)});
  }
  return out;
}

QString cmdline(qint64 pid) {
  QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
  return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll().replace('\0', ' ')) : QString();
}

}  // namespace

class TstPipelineRun : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString marker_ = uniqueMarker();
  QProcessEnvironment env_;

  // A `ct pipeline …` whose events are read as they come.
  struct Watch {
    QProcess p;
    QList<QJsonObject> events;
    QByteArray buffer;
    void pump() {
      buffer += p.readAllStandardOutput();
      int nl;
      while ((nl = static_cast<int>(buffer.indexOf('\n'))) >= 0) {
        events << QJsonDocument::fromJson(buffer.left(nl)).object();
        buffer.remove(0, nl + 1);
      }
    }
    // Waits until a stage reaches `state`; false when the run ended first or time ran out.
    bool waitStage(const QString& stage, const QString& state, int ms = 180000) {
      QElapsedTimer t;
      t.start();
      while (t.elapsed() < ms) {
        pump();
        for (const QJsonObject& e : events) {
          const QJsonObject d = e.value(QStringLiteral("data")).toObject();
          if (e.value(QStringLiteral("run_stage")).isUndefined() && d.value(QStringLiteral("stage")).toString() == stage && d.value(QStringLiteral("stage_state")).toString() == state) return true;
        }
        if (p.state() == QProcess::NotRunning) return false;
        p.waitForReadyRead(100);
      }
      return false;
    }
    int finish(int ms = 300000) {
      if (!p.waitForFinished(ms)) {
        p.kill();
        p.waitForFinished();
        return -1;
      }
      pump();
      return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }
    QString runId() const {
      for (const QJsonObject& e : events)
        if (!e.value(QStringLiteral("job")).toString().isEmpty()) return e.value(QStringLiteral("job")).toString();
      return {};
    }
    QJsonObject result() const {
      for (const QJsonObject& e : events)
        if (e.value(QStringLiteral("type")).toString() == QLatin1String("result")) return e.value(QStringLiteral("result")).toObject();
      return {};
    }
  };

  void start(Watch& w, const QStringList& args) {
    w.p.setProcessEnvironment(env_);
    w.p.start(ctBinary(), QStringList{QStringLiteral("pipeline")} + args + QStringList{QStringLiteral("--json")});
    QVERIFY(w.p.waitForStarted());
  }

  QString writeRecipe(const QString& name, const QJsonObject& extra = {}) {
    QJsonObject r{{QStringLiteral("recipe_version"), 1},
                  {QStringLiteral("name"), name},
                  {QStringLiteral("targets"), QStringLiteral("fpga")},
                  {QStringLiteral("model"), QJsonObject{{QStringLiteral("path"), demoModel()}}},
                  {QStringLiteral("quantize"), QJsonObject{{QStringLiteral("variants"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("int4")}, {QStringLiteral("bits"), 4},
                                                                                                                 {QStringLiteral("group_size"), 32}, {QStringLiteral("nsamples"), 4}}}}}},
                  {QStringLiteral("compile"), QJsonObject{{QStringLiteral("from"), QStringLiteral("int4")}}},
                  {QStringLiteral("fpga_service"), QJsonObject{{QStringLiteral("link"), QStringLiteral("emulator")}, {QStringLiteral("port"), 0}}},
                  {QStringLiteral("evaluate"), QJsonObject{{QStringLiteral("tasks"), QJsonArray{QStringLiteral("demo")}}, {QStringLiteral("limit"), 6},
                                                           {QStringLiteral("models"), QJsonArray{QStringLiteral("origin"), QStringLiteral("board")}}}},
                  {QStringLiteral("services"), QJsonObject{{QStringLiteral("keep_running"), false}}}};
    for (auto it = extra.begin(); it != extra.end(); ++it) r.insert(it.key(), it.value());
    const QString path = tmp_.filePath(name + QStringLiteral(".recipe.json"));
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(QJsonDocument(r).toJson());
    return path;
  }

  QString runDir(const QString& id) const { return tmp_.filePath(QStringLiteral("data/pipelines/") + id); }
  QJsonObject stageOf(const QString& id, const QString& stage) const {
    for (const QJsonValue v : readJson(runDir(id) + QStringLiteral("/run.json")).value(QStringLiteral("stages")).toArray())
      if (v[QStringLiteral("name")].toString() == stage) return v.toObject();
    return {};
  }

  // Nothing the run started may be left: no process carrying the test's marker.
  void expectNothingRunning() {
    QList<qint64> left;
    for (int i = 0; i < 50; ++i) {
      left = pidsWithMarker(marker_);
      if (left.isEmpty()) return;
      QTest::qWait(100);
    }
    QStringList what;
    for (qint64 pid : left) what << QStringLiteral("%1 %2").arg(pid).arg(cmdline(pid));
    killAll(left);
    QFAIL(qPrintable(QStringLiteral("left running: ") + what.join(QStringLiteral("; "))));
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    env_ = QProcessEnvironment::systemEnvironment();
    env_.insert(QStringLiteral("CT_DATA_DIR"), tmp_.filePath(QStringLiteral("data")));
    env_.insert(QStringLiteral("CT_STATE_DIR"), tmp_.filePath(QStringLiteral("state")));
    env_.insert(marker_.section(QLatin1Char('='), 0, 0), marker_.section(QLatin1Char('='), 1));
  }
  void cleanup() { killAll(pidsWithMarker(marker_)); }

  void recipeWithMistakesListsEveryOneAndStartsNothing() {
    QJsonObject bad{{QStringLiteral("colour"), QStringLiteral("blue")},
                    {QStringLiteral("quantize"), QJsonObject{{QStringLiteral("variants"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("int4")}, {QStringLiteral("bits"), 5}},
                                                                                                   QJsonObject{{QStringLiteral("name"), QStringLiteral("int4")}}}}}},
                    {QStringLiteral("compile"), QJsonObject{{QStringLiteral("from"), QStringLiteral("int3")}}},
                    {QStringLiteral("evaluate"), QJsonObject{{QStringLiteral("tasks"), QJsonArray{QStringLiteral("nosuchtask")}},
                                                             {QStringLiteral("models"), QJsonArray{QStringLiteral("origin"), QStringLiteral("int9")}}}}};
    const QString recipe = writeRecipe(QStringLiteral("bad"), bad);
    const CtRun v = runCtCommand({QStringLiteral("pipeline"), QStringLiteral("validate"), recipe, QStringLiteral("--json")}, {}, env_);
    QCOMPARE(v.code, 1);
    const QJsonObject o = QJsonDocument::fromJson(v.out).object();
    QCOMPARE(o.value(QStringLiteral("ok")).toBool(), false);
    QStringList fields;
    for (const QJsonValue p : o.value(QStringLiteral("problems")).toArray()) fields << p[QStringLiteral("field")].toString();
    for (const char* f : {"colour", "quantize.variants[0]", "quantize.variants[1].name", "compile.from", "evaluate.models[1]", "evaluate.tasks"})
      QVERIFY2(fields.contains(QLatin1String(f)), qPrintable(QStringLiteral("%1 not in %2").arg(QLatin1String(f), fields.join(QStringLiteral(", ")))));
    const CtRun r = runCtCommand({QStringLiteral("pipeline"), QStringLiteral("run"), recipe}, {}, env_);
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("compile.from") && r.err.contains("nothing was started"), r.err.constData());
    QVERIFY(!QFileInfo::exists(tmp_.filePath(QStringLiteral("data/pipelines"))));
    expectNothingRunning();
  }

  void runsToItsReport() {
    Watch w;
    start(w, {QStringLiteral("run"), writeRecipe(QStringLiteral("full"))});
    QCOMPARE(w.finish(), 0);
    const QString id = w.runId();
    const QJsonObject run = readJson(runDir(id) + QStringLiteral("/run.json"));
    QCOMPARE(run.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    for (const QJsonValue s : run.value(QStringLiteral("stages")).toArray()) QCOMPARE(s[QStringLiteral("state")].toString(), QStringLiteral("succeeded"));
    QCOMPARE(run.value(QStringLiteral("stages")).toArray().size(), 8);
    QVERIFY(run.value(QStringLiteral("services")).toArray().isEmpty());  // keep_running false
    // Every stage's progress and log reached the run's stream, tagged with the stage.
    QSet<QString> tagged;
    for (const QJsonObject& e : w.events) tagged.insert(e.value(QStringLiteral("run_stage")).toString());
    for (const char* s : {"quantize:int4", "compile", "evaluate:origin", "evaluate:board"}) QVERIFY2(tagged.contains(QLatin1String(s)), s);

    // The report's numbers are the stages' own.
    const QJsonObject report = readJson(runDir(id) + QStringLiteral("/report.json"));
    for (const char* m : {"origin", "board"}) {
      const QJsonObject results = readJson(runDir(id) + QStringLiteral("/eval/%1.json").arg(QLatin1String(m)));
      const double fromFile = results[QStringLiteral("results")][QStringLiteral("demo")][QStringLiteral("acc,none")].toDouble();
      const double inReport = report[QStringLiteral("comparison")][QStringLiteral("tasks")][QStringLiteral("demo")][QStringLiteral("acc,none")][QLatin1String(m)][QStringLiteral("value")].toDouble();
      QCOMPARE(inReport, fromFile);
    }
    QCOMPARE(report[QStringLiteral("quantization")][QStringLiteral("int4")][QStringLiteral("mean_err")].toDouble(),
             stageOf(id, QStringLiteral("quantize:int4"))[QStringLiteral("result")][QStringLiteral("mean_err")].toDouble());
    QVERIFY(report[QStringLiteral("quantization")][QStringLiteral("int4")][QStringLiteral("modules")].toArray().size() >= 7);
    QCOMPARE(report[QStringLiteral("compile_report")][QStringLiteral("bound_tokens_per_s")].toDouble(),
             stageOf(id, QStringLiteral("compile"))[QStringLiteral("result")][QStringLiteral("bound_tokens_per_s")].toDouble());
    QVERIFY(report[QStringLiteral("comparison")][QStringLiteral("agreement")][QStringLiteral("board")][QStringLiteral("top1_agreement")].toDouble() > 0.5);
    // Self-contained: inline SVG, nothing fetched.
    QFile html(runDir(id) + QStringLiteral("/report.html"));
    QVERIFY(html.open(QIODevice::ReadOnly));
    const QByteArray h = html.readAll();
    QVERIFY(h.contains("<svg") && !h.contains("<script") && !h.contains("src=") && !h.contains("<link"));

    const CtRun status = runCtCommand({QStringLiteral("pipeline"), QStringLiteral("status"), id}, {}, env_);
    QVERIFY2(status.code == 0 && status.out.contains("succeeded") && status.out.contains("report.html"), status.out.constData());
    const CtRun rep = runCtCommand({QStringLiteral("pipeline"), QStringLiteral("report"), id}, {}, env_);
    QVERIFY2(rep.code == 0 && rep.out.contains("demo") && rep.out.contains("acc,none"), rep.out.constData());
    const CtRun list = runCtCommand({QStringLiteral("pipeline"), QStringLiteral("list")}, {}, env_);
    QVERIFY(list.out.contains(id.toUtf8()));
    expectNothingRunning();
  }

  void killedStageResumesFromThere() {
    Watch w;
    start(w, {QStringLiteral("run"), writeRecipe(QStringLiteral("crash"))});
    QVERIFY(w.waitStage(QStringLiteral("evaluate:origin"), QStringLiteral("running")));
    // The stage's `ct eval` dies as a crash would.
    qint64 victim = 0;
    for (int i = 0; i < 100 && !victim; ++i) {
      for (qint64 pid : pidsWithMarker(marker_))
        if (cmdline(pid).contains(QStringLiteral(" eval ")) && cmdline(pid).contains(QStringLiteral("/eval/origin"))) victim = pid;
      if (!victim) QTest::qWait(50);
    }
    QVERIFY(victim);
    ::kill(static_cast<pid_t>(victim), SIGKILL);
    QCOMPARE(w.finish(), 1);
    const QString id = w.runId();
    QCOMPARE(stageOf(id, QStringLiteral("evaluate:origin"))[QStringLiteral("state")].toString(), QStringLiteral("failed"));
    QCOMPARE(stageOf(id, QStringLiteral("quantize:int4"))[QStringLiteral("state")].toString(), QStringLiteral("succeeded"));
    expectNothingRunning();
    const auto quant = snapshot(runDir(id) + QStringLiteral("/quant"));
    QVERIFY(!quant.isEmpty());
    const QString quantJob = stageOf(id, QStringLiteral("quantize:int4"))[QStringLiteral("job")].toString();

    Watch r;
    start(r, {QStringLiteral("resume"), id});
    QCOMPARE(r.finish(), 0);
    QCOMPARE(snapshot(runDir(id) + QStringLiteral("/quant")), quant);  // untouched: mtime and checksum
    const QJsonObject q = stageOf(id, QStringLiteral("quantize:int4"));
    QCOMPARE(q[QStringLiteral("state")].toString(), QStringLiteral("kept"));
    QCOMPARE(q[QStringLiteral("job")].toString(), quantJob);
    QCOMPARE(stageOf(id, QStringLiteral("evaluate:origin"))[QStringLiteral("state")].toString(), QStringLiteral("succeeded"));
    // The service the failed attempt stopped is started again, and the run says why.
    QVERIFY(stageOf(id, QStringLiteral("serve:origin"))[QStringLiteral("note")].toString().contains(QStringLiteral("no longer up")));
    QCOMPARE(readJson(runDir(id) + QStringLiteral("/run.json")).value(QStringLiteral("attempts")).toInt(), 2);
    QVERIFY(QFileInfo::exists(runDir(id) + QStringLiteral("/report.html")));
    expectNothingRunning();
  }

  void killedRunnerTakesItsStagesDown() {
    // kill -9 of the run itself: its stages and the services it was not to keep end on their own.
    Watch w;
    start(w, {QStringLiteral("run"), writeRecipe(QStringLiteral("killed"))});
    QVERIFY(w.waitStage(QStringLiteral("serve:origin"), QStringLiteral("succeeded")));
    QVERIFY(w.waitStage(QStringLiteral("quantize:int4"), QStringLiteral("running")));
    QTest::qWait(500);
    ::kill(static_cast<pid_t>(w.p.processId()), SIGKILL);
    w.finish();
    QList<qint64> left;
    for (int i = 0; i < 100; ++i) {
      left = pidsWithMarker(marker_);
      if (left.isEmpty()) break;
      QTest::qWait(100);
    }
    QStringList what;
    for (qint64 pid : left) what << QStringLiteral("%1 %2").arg(pid).arg(cmdline(pid));
    QVERIFY2(left.isEmpty(), qPrintable(what.join(QStringLiteral("; "))));
  }

  void cancelInEachStageKindLeavesNothing() {
    // 1: while the quantization runs and the origin's service starts, through ct pipeline cancel.
    Watch a;
    start(a, {QStringLiteral("run"), writeRecipe(QStringLiteral("cancel"))});
    QVERIFY(a.waitStage(QStringLiteral("quantize:int4"), QStringLiteral("running")));
    QVERIFY(a.waitStage(QStringLiteral("serve:origin"), QStringLiteral("running")));
    const QString id = a.runId();
    const CtRun c = runCtCommand({QStringLiteral("pipeline"), QStringLiteral("cancel"), id}, {}, env_);
    QVERIFY2(c.code == 0, c.err.constData());
    QCOMPARE(a.finish(), 130);
    expectNothingRunning();
    QCOMPARE(readJson(runDir(id) + QStringLiteral("/run.json")).value(QStringLiteral("state")).toString(), QStringLiteral("cancelled"));
    QVERIFY(!QFileInfo::exists(runDir(id) + QStringLiteral("/quant/int4/config.json")));  // nothing that looks complete

    // 2: resumed, cancelled while a model is being scored (SIGTERM, as the window's Cancel sends).
    Watch b;
    start(b, {QStringLiteral("resume"), id});
    QVERIFY(b.waitStage(QStringLiteral("evaluate:origin"), QStringLiteral("running")));
    QTest::qWait(300);
    ::kill(static_cast<pid_t>(b.p.processId()), SIGTERM);
    QCOMPARE(b.finish(), 130);
    expectNothingRunning();
    QVERIFY(!QFileInfo::exists(runDir(id) + QStringLiteral("/eval/origin.json")));

    // 3: resumed, cancelled while the board's service starts.
    Watch d;
    start(d, {QStringLiteral("resume"), id});
    QVERIFY(d.waitStage(QStringLiteral("board"), QStringLiteral("running")));
    ::kill(static_cast<pid_t>(d.p.processId()), SIGTERM);
    QCOMPARE(d.finish(), 130);
    expectNothingRunning();

    // 4: and it still finishes, keeping what is done.
    Watch e;
    start(e, {QStringLiteral("resume"), id});
    QCOMPARE(e.finish(), 0);
    QCOMPARE(stageOf(id, QStringLiteral("quantize:int4"))[QStringLiteral("state")].toString(), QStringLiteral("kept"));
    expectNothingRunning();
  }
};

QTEST_GUILESS_MAIN(TstPipelineRun)
#include "tst_pipeline_run.moc"
