#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>
#include <csignal>

#include "charts/metric_chart.h"
#include "jobs/job.h"
#include "jobs/job_manager.h"
#include "log/log_model.h"
#include "log/log_view.h"
#include "pipeline/pipeline_page.h"
#include "pipeline/recipe_form.h"
#include "pipeline/run_state.h"
#include "pipeline/stage_graph.h"
#include "service/ab_chat.h"
#include "service/chat_panel.h"
#include "services/local_service.h"
#include "services/service_registry.h"
#include "proc_scan.h"

using namespace ct;

namespace {

// A process is gone when no process has its pid, or one has it that started at another time
// (the pid was reused), or it is a zombie waiting for its parent.
bool processGone(qint64 pid, qint64 start = 0) {
  if (pid <= 0) return true;
  QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
  if (!f.open(QIODevice::ReadOnly)) return true;
  const QByteArray stat = f.readAll();
  const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
  if (fields.value(0) == "Z") return true;
  return start > 0 && fields.value(19).toLongLong() != start;
}

QString stageState(const ui::PipelinePage& page, const QString& stage) {
  const auto s = page.runState();
  if (!s) return {};
  const auto* st = s->stage(stage);
  return st ? st->state : QString();
}

}  // namespace

// The Pipeline page on a small recipe (the demo model, one 4-bit variant, the emulated board,
// six demo items on origin and board): the form (defaults from the model, a recipe with
// mistakes listed field by field with nothing started), then one run watched stage by stage,
// cancelled while it scores (no process of it left), resumed to its report; and the A/B chat
// answered by two local services at once.
class TstPipelinePage : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QJsonObject small_;
  // Inherited by every process the page starts (runner, stages, daemons): found by it in /proc.
  const QString marker_ = test::uniqueMarker();

  QJsonObject smallRecipe() const {
    return QJsonObject{
        {QStringLiteral("recipe_version"), 1},
        {QStringLiteral("name"), QStringLiteral("small")},
        {QStringLiteral("targets"), QStringLiteral("fpga")},
        {QStringLiteral("model"), QJsonObject{{QStringLiteral("path"), QStringLiteral(CT_SOURCE_DIR "/resources/demo-model")}}},
        {QStringLiteral("quantize"), QJsonObject{{QStringLiteral("variants"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("int4")}, {QStringLiteral("method"), QStringLiteral("gptq")},
                                                                                                     {QStringLiteral("bits"), 4}, {QStringLiteral("group_size"), 32}, {QStringLiteral("nsamples"), 8}}}}}},
        {QStringLiteral("compile"), QJsonObject{{QStringLiteral("from"), QStringLiteral("int4")}, {QStringLiteral("board"), QStringLiteral("vcu128")}}},
        {QStringLiteral("fpga_service"), QJsonObject{{QStringLiteral("link"), QStringLiteral("emulator")}, {QStringLiteral("port"), 0}}},
        {QStringLiteral("evaluate"), QJsonObject{{QStringLiteral("framework"), QStringLiteral("native")}, {QStringLiteral("tasks"), QJsonArray{QStringLiteral("demo")}},
                                                 {QStringLiteral("models"), QJsonArray{QStringLiteral("origin"), QStringLiteral("board")}}, {QStringLiteral("limit"), 6}}},
        {QStringLiteral("services"), QJsonObject{{QStringLiteral("keep_running"), false}}},
    };
  }

 private Q_SLOTS:
  void initTestCase() {
    qputenv("CT_DATA_DIR", dir_.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("CT_STATE_DIR", dir_.filePath(QStringLiteral("state")).toLocal8Bit());
    qputenv("CT_BIN", CT_BIN_PATH);
    qputenv(marker_.section(QLatin1Char('='), 0, 0).toLocal8Bit(), marker_.section(QLatin1Char('='), 1).toLocal8Bit());
    QCoreApplication::setOrganizationName(QStringLiteral("ct-studio-test"));
    small_ = smallRecipe();
  }

  // Whatever a failed check left running is killed by PID before the next test function.
  void cleanup() { test::killAll(test::pidsWithMarker(marker_)); }

  void formKeepsWhatItDoesNotShow() {
    ui::RecipeForm form;
    QJsonObject r = small_;
    QJsonObject ev = r.value(QStringLiteral("evaluate")).toObject();
    ev.insert(QStringLiteral("task_limits"), QJsonObject{{QStringLiteral("demo"), 3}});
    r.insert(QStringLiteral("evaluate"), ev);
    form.setRecipe(r);
    // Untouched, the recipe comes back as it went in: no default written that it left out.
    QCOMPARE(form.recipe(), r);
    auto* table = form.findChild<QTableWidget*>(QStringLiteral("recipeVariants"));
    QCOMPARE(table->rowCount(), 1);
    table->item(0, 2)->setText(QStringLiteral("8"));
    QCOMPARE(form.recipe()[QStringLiteral("quantize")][QStringLiteral("variants")][0][QStringLiteral("bits")].toInt(), 8);
    QCOMPARE(form.recipe()[QStringLiteral("evaluate")][QStringLiteral("task_limits")].toObject(), (QJsonObject{{QStringLiteral("demo"), 3}}));
  }

  void defaultsComeFromTheModel() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("data/jobs.sqlite")));
    QVERIFY(manager.open(nullptr));
    services::ServiceRegistry registry(&manager);
    ui::PipelinePage page(&manager, &registry);
    page.setRecipe(QJsonObject{{QStringLiteral("recipe_version"), 1}, {QStringLiteral("targets"), QStringLiteral("fpga")},
                               {QStringLiteral("model"), QJsonObject{{QStringLiteral("path"), QStringLiteral(CT_SOURCE_DIR "/resources/demo-model")}}}});
    page.fillDefaults();
    QTRY_VERIFY_WITH_TIMEOUT(!page.busy(), 60000);
    const QJsonObject r = page.recipe();
    QVERIFY2(!r.value(QStringLiteral("quantize")).toObject().value(QStringLiteral("variants")).toArray().isEmpty(), qPrintable(page.statusText()));
    QCOMPARE(r.value(QStringLiteral("targets")).toString(), QStringLiteral("fpga"));
    // Each section's "why" is shown beside its fields.
    QVERIFY2(page.form()->whyText(QStringLiteral("quantize")).contains(QStringLiteral("group_size")), qPrintable(page.form()->whyText(QStringLiteral("quantize"))));
    QVERIFY(!page.form()->whyText(QStringLiteral("fpga_service")).isEmpty());
  }

  // What ct-studio --demo opens: the embedded demo recipe (ct demo --recipe) in the form.
  void demoRecipeFillsTheForm() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("data/jobs.sqlite")));
    QVERIFY(manager.open(nullptr));
    services::ServiceRegistry registry(&manager);
    ui::PipelinePage page(&manager, &registry);
    page.loadDemoRecipe();
    QTRY_VERIFY_WITH_TIMEOUT(!page.busy(), 30000);
    const QJsonObject r = page.recipe();
    QVERIFY2(r.value(QStringLiteral("name")).toString() == QLatin1String("demo"), qPrintable(page.statusText()));
    QCOMPARE(page.form()->findChild<QTableWidget*>(QStringLiteral("recipeVariants"))->rowCount(), 4);
    QVERIFY(page.form()->modelPath().endsWith(QStringLiteral("demo-model")));
    QVERIFY(page.findChild<QPushButton*>(QStringLiteral("pipelineStart"))->isEnabled());
  }

  void mistakesAreListedAndNothingStarts() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("data/jobs.sqlite")));
    QVERIFY(manager.open(nullptr));
    services::ServiceRegistry registry(&manager);
    ui::PipelinePage page(&manager, &registry);
    // Three mistakes in three sections: a misspelt field, a variant that does not exist, a link
    // that is neither the emulator nor an address.
    QJsonObject r = small_;
    QJsonObject ev = r.value(QStringLiteral("evaluate")).toObject();
    ev.insert(QStringLiteral("limt"), 3);
    r.insert(QStringLiteral("evaluate"), ev);
    r.insert(QStringLiteral("compile"), QJsonObject{{QStringLiteral("from"), QStringLiteral("int3")}});
    r.insert(QStringLiteral("fpga_service"), QJsonObject{{QStringLiteral("link"), QStringLiteral("nowhere")}});
    page.setRecipe(r);
    const int runsBefore = static_cast<int>(pipeline::RunStore().list().size());
    page.validate();
    QTRY_VERIFY_WITH_TIMEOUT(!page.busy(), 60000);
    const QString all = page.problems().join(QLatin1Char('\n'));
    for (const QString& field : {QStringLiteral("evaluate.limt"), QStringLiteral("compile.from"), QStringLiteral("fpga_service.link")})
      QVERIFY2(all.contains(field + QStringLiteral(": ")), qPrintable(all));
    QVERIFY(page.findChild<QListWidget*>(QStringLiteral("pipelineProblems"))->count() >= 3);
    // A problem leads to its field.
    QVERIFY(page.form()->focusField(QStringLiteral("compile.from")));
    QVERIFY(page.form()->focusField(QStringLiteral("quantize.variants[0].bits")));
    QVERIFY2(page.statusText().contains(QStringLiteral("nothing was started")), qPrintable(page.statusText()));
    QCOMPARE(static_cast<int>(pipeline::RunStore().list().size()), runsBefore);
  }

  void runsCancelsResumesAndReports() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("data/jobs.sqlite")));
    QVERIFY(manager.open(nullptr));
    services::ServiceRegistry registry(&manager);
    ui::PipelinePage page(&manager, &registry);
    page.resize(1200, 800);
    page.show();
    page.setRecipe(small_);
    jobs::Job* run = page.start();
    QVERIFY(run);
    QCOMPARE(page.runId(), run->id());

    // The stages show up as the runner records them; the quantize stage's own log and chart.
    QTRY_VERIFY_WITH_TIMEOUT(stageState(page, QStringLiteral("quantize:int4")) == QLatin1String("running"), 30000);
    QVERIFY(page.stages()->selectStage(QStringLiteral("quantize:int4")));
    QTRY_VERIFY_WITH_TIMEOUT(page.stageLog()->model()->rowCount() > 0, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(page.stageChart()->pointCount(QStringLiteral("gptq")) >= 1, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(stageState(page, QStringLiteral("quantize:int4")) == QLatin1String("succeeded"), 90000);
    QTRY_VERIFY_WITH_TIMEOUT(stageState(page, QStringLiteral("compile")) == QLatin1String("succeeded"), 30000);

    // Cancelled while it scores: the runner stops its stages and the services it started.
    QTRY_VERIFY_WITH_TIMEOUT(stageState(page, QStringLiteral("evaluate:origin")) == QLatin1String("running") ||
                                 stageState(page, QStringLiteral("evaluate:board")) == QLatin1String("running"),
                             60000);
    QVERIFY(page.cancel());
    QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), 60000);
    QCOMPARE(run->record().state, jobs::JobState::Cancelled);
    QTRY_COMPARE_WITH_TIMEOUT(page.runState()->state, QStringLiteral("cancelled"), 10000);
    const pipeline::RunState cancelled = *pipeline::RunStore().load(run->id(), nullptr);
    QVERIFY(!cancelled.runnerAlive());
    // No process of the run is left: its services' daemons and every stage's child.
    const auto history = manager.history(500);
    for (const auto& svc : cancelled.services)
      for (const QJsonValue d : svc.daemons) QVERIFY2(processGone(d[QStringLiteral("pid")].toInteger(), d[QStringLiteral("start")].toInteger()), qPrintable(svc.label));
    int stageJobs = 0;
    for (const auto& st : cancelled.stages) {
      if (st.job.isEmpty()) continue;
      ++stageJobs;
      for (const auto& rec : history)
        if (rec.id == st.job) QVERIFY2(processGone(rec.pid) || rec.state != jobs::JobState::Running, qPrintable(st.name));
    }
    QVERIFY(stageJobs >= 2);
    // And nothing else of it either: no process that inherited this test's marker is alive.
    QTRY_VERIFY2_WITH_TIMEOUT(test::pidsWithMarker(marker_).isEmpty(), qPrintable(QStringLiteral("left running: %1").arg(test::pidsWithMarker(marker_).size())), 10000);
    for (const auto& st : cancelled.stages) QVERIFY2(st.state != QLatin1String("running"), qPrintable(st.name));

    // Resume: the finished stages are kept, the rest run to the report.
    QVERIFY(page.findChild<QPushButton*>(QStringLiteral("pipelineResume"))->isEnabled());
    jobs::Job* again = page.resume();
    QVERIFY(again);
    QCOMPARE(page.runId(), run->id());
    QTRY_VERIFY_WITH_TIMEOUT(again->isFinished(), 120000);
    QVERIFY2(again->record().state == jobs::JobState::Succeeded, qPrintable(page.statusText()));
    QTRY_COMPARE_WITH_TIMEOUT(page.runState()->state, QStringLiteral("succeeded"), 10000);
    QCOMPARE(stageState(page, QStringLiteral("quantize:int4")), QStringLiteral("kept"));
    for (const auto& st : page.runState()->stages)
      QVERIFY2(st.state == QLatin1String("succeeded") || st.state == QLatin1String("kept") || st.state == QLatin1String("skipped"), qPrintable(st.name + QLatin1Char(' ') + st.state));

    // The report, in the app: its tables, and the error chart drawn from report.json.
    const QString report = page.report()->toPlainText();
    QVERIFY2(report.contains(QStringLiteral("board")) && report.contains(QStringLiteral("origin")), qPrintable(report.left(2000)));
    QVERIFY(page.errorChart()->pointCount(QStringLiteral("int4 gptq")) >= 1);
    QVERIFY(page.errorChart()->pointCount(QStringLiteral("int4 rtn")) >= 1);
    QVERIFY(page.findChild<QPushButton*>(QStringLiteral("pipelineOpenBrowser"))->isEnabled());

    // The runs list has it; a finished stage's log is read back from its job's log file.
    page.refreshRuns();
    bool listed = false;
    for (int i = 0; i < page.runs()->topLevelItemCount(); ++i) listed = listed || page.runs()->topLevelItem(i)->data(0, Qt::UserRole).toString() == run->id();
    QVERIFY(listed);
    ui::PipelinePage other(&manager, &registry);
    other.showRun(run->id());
    QVERIFY(other.stages()->selectStage(QStringLiteral("compile")));
    QTRY_VERIFY(other.stageLog()->model()->rowCount() > 0);
    QVERIFY(other.stages()->selectStage(QStringLiteral("quantize:int4")));
    QVERIFY(other.stageChart()->pointCount(QStringLiteral("gptq")) >= 1);
  }

  void abChatAsksBoth() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("data/jobs.sqlite")));
    QVERIFY(manager.open(nullptr));
    services::ServiceRegistry registry(&manager);
    // Origin and its 4-bit checkpoint from the run above, each a local service.
    const auto runs = pipeline::RunStore().list();
    QVERIFY(!runs.isEmpty());
    const QString int4 = QDir(runs.first().dir).filePath(QStringLiteral("quant/int4"));
    QVERIFY(QFile::exists(int4 + QStringLiteral("/config.json")));
    services::ServeOptions o;
    o.temperature = 0;
    services::LocalService* a = registry.serve({services::SourceKind::Model, QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"), {}}, o);
    services::LocalService* b = registry.serve({services::SourceKind::Checkpoint, int4, {}}, o);
    QTRY_VERIFY_WITH_TIMEOUT(a->state() == services::LocalService::State::Ready && b->state() == services::LocalService::State::Ready, 60000);

    ui::AbChatDialog dialog(&registry);
    dialog.show();
    dialog.setSide(0, a->url(), {}, {}, QStringLiteral("origin"));
    dialog.setSide(1, b->url(), {}, {}, QStringLiteral("int4"));
    QCOMPARE(dialog.panel(0)->endpoint(), a->url());
    QCOMPARE(dialog.panel(1)->endpoint(), b->url());
    dialog.send(QStringLiteral("What is 17 + 5?"));
    // Both asked at once: both are busy together before either is done.
    QVERIFY(dialog.panel(0)->busy() && dialog.panel(1)->busy());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.busy(), 60000);
    for (int side = 0; side < 2; ++side) {
      const QString t = dialog.panel(side)->transcript();
      QVERIFY2(t.contains(QStringLiteral("› What is 17 + 5?")) && t.split(QLatin1Char('\n')).size() >= 2, qPrintable(t));
      QVERIFY2(dialog.panel(side)->lastStats().contains(QStringLiteral("tokens/s")), qPrintable(dialog.panel(side)->lastStats()));
    }
    registry.stopAll();
    QTRY_VERIFY_WITH_TIMEOUT(a->state() == services::LocalService::State::Stopped && b->state() == services::LocalService::State::Stopped, 20000);
  }
};

QTEST_MAIN(TstPipelinePage)
#include "tst_pipeline_page.moc"
