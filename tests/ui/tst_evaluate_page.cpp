#include <QBarSeries>
#include <QBarSet>
#include <QChartView>
#include <QCheckBox>
#include <QLabel>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>

#include "ct_child.h"
#include "evaluate/evaluate_page.h"
#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_manager.h"
#include "results/result_view.h"
#include "services/service_registry.h"

using namespace ct;

// From the Evaluate page alone: the float demo model and its int4 checkpoint (made by a
// `ct quantize` this machine ran) are picked from what the app knows, served on free ports by
// the page (ct host + ct serve each), scored against each other by the real `ct eval`, shown
// as a task × target table and chart, and the services stopped again. Wrong inputs are
// reported on the page before anything runs, naming the target, the URL and the way out.
class TstEvaluatePage : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString int4_;

 private Q_SLOTS:
  void initTestCase() {
    qputenv("CT_DATA_DIR", dir_.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("CT_STATE_DIR", dir_.filePath(QStringLiteral("state")).toLocal8Bit());
    qputenv("CT_BIN", CT_BIN_PATH);
    QCoreApplication::setOrganizationName(QStringLiteral("ct-studio-test"));
    int4_ = dir_.filePath(QStringLiteral("demo-gptq-int4"));
    QProcess p;
    p.start(QStringLiteral(CT_BIN_PATH), {QStringLiteral("quantize"), QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"), QStringLiteral("--out"), int4_,
                                          QStringLiteral("--bits"), QStringLiteral("4"), QStringLiteral("--group-size"), QStringLiteral("32"),
                                          QStringLiteral("--nsamples"), QStringLiteral("8")});
    QVERIFY(p.waitForFinished(180000) && p.exitCode() == 0);
  }

  void originAgainstInt4FromThisPageAlone() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("data/jobs.sqlite")));
    QVERIFY(manager.open(nullptr));
    services::ServiceRegistry registry(&manager);
    ui::EvaluatePage page(&manager, &registry);
    page.resize(1200, 760);
    page.show();
    // Nothing typed: the baseline is the float model, the quantized target the newest checkpoint.
    QVERIFY(page.findChild<QCheckBox*>(QStringLiteral("evalInclude_origin"))->isChecked());
    QVERIFY(page.findChild<QCheckBox*>(QStringLiteral("evalInclude_quant"))->isChecked());
    QVERIFY(page.setTarget(QStringLiteral("quant"), int4_));
    page.setTasks({QStringLiteral("demo"), QStringLiteral("arc_easy")});
    page.setLimit(4);
    QVERIFY2(page.startReason().isEmpty(), qPrintable(page.startReason()));
    QVERIFY(page.start());
    QTRY_VERIFY_WITH_TIMEOUT(page.job() != nullptr, 120000);
    QCOMPARE(registry.services().size(), 2);  // one per target, started by the page
    const QStringList ran = page.job()->record().params.value(QStringLiteral("targets")).toString().split(QLatin1Char(','));
    QCOMPARE(ran.size(), 2);
    QVERIFY(ran[0].startsWith(QStringLiteral("origin=http://127.0.0.1:")));
    QVERIFY(ran[1].startsWith(QStringLiteral("quant=http://127.0.0.1:")));
    jobs::Job* job = page.job();
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 240000);
    QVERIFY2(job->record().state == jobs::JobState::Succeeded, qPrintable(job->record().errorMessage));

    // The comparison as a table: both targets, Δ vs the baseline, agreement.
    auto* result = page.detail()->findChild<ui::ResultView*>(QStringLiteral("jobResult"));
    QTRY_VERIFY(result->tableText().contains(QStringLiteral("Δ vs origin")));
    QVERIFY(result->tableText().contains(QStringLiteral("quant")));
    QVERIFY(result->tableText().contains(QStringLiteral("Top-1 agreement")));
    QVERIFY2(!result->tableText().contains(QStringLiteral("ai2_arc")), qPrintable(result->tableText()));
    // And as a chart: one bar set per target, no group that repeats a single task.
    auto* chart = page.findChild<QChartView*>(QStringLiteral("evalChart"));
    QTRY_VERIFY(chart->isVisible() && chart->chart() && !chart->chart()->series().isEmpty());
    auto* series = qobject_cast<QBarSeries*>(chart->chart()->series().first());
    QVERIFY(series);
    QCOMPARE(series->count(), 2);
    QCOMPARE(series->barSets().first()->label(), QStringLiteral("origin"));
    QCOMPARE(series->barSets().first()->count(), 2);  // demo, arc_easy
    QVERIFY(page.statusText().contains(QStringLiteral("Finished")));
    // The services started for the run are stopped with it.
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(registry.services().begin(), registry.services().end(),
                                         [](services::LocalService* s) { return s->state() == services::LocalService::State::Stopped; }),
                             20000);
    page.refreshHistory();
    QTRY_VERIFY(page.history()->count() >= 1);
  }

  void wrongInputsAreReportedBeforeAnythingRuns() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("data/jobs.sqlite")));
    QVERIFY(manager.open(nullptr));
    services::ServiceRegistry registry(&manager);
    ui::EvaluatePage page(&manager, &registry);
    page.show();
    auto* start = page.findChild<QPushButton*>(QStringLiteral("evalStart"));

    // A tool that is not installed is found before the start, not as "execve: No such file".
    qputenv("PATH", "/usr/bin:/bin");
    page.setFramework(QStringLiteral("lm-eval"));
    QVERIFY(!start->isEnabled());
    QVERIFY2(page.startReason().contains(QStringLiteral("lm_eval is not installed")), qPrintable(page.startReason()));
    QCOMPARE(start->toolTip(), page.startReason());
    page.setFramework(QStringLiteral("native"));

    // A raw URL where nothing listens: named with its target and address, and how to fix it.
    page.setIncluded(QStringLiteral("quant"), false);
    const QString dead = QStringLiteral("http://127.0.0.1:%1/v1").arg(test::freePort());
    page.setEndpoint(QStringLiteral("origin"), QStringLiteral("not a url"));
    QVERIFY(!start->isEnabled());
    QVERIFY2(page.startReason().contains(QStringLiteral("OpenAI base URL")), qPrintable(page.startReason()));
    page.setEndpoint(QStringLiteral("origin"), dead);
    page.setTasks({QStringLiteral("demo")});
    QVERIFY2(start->isEnabled(), qPrintable(page.startReason()));
    QVERIFY(page.start());
    QTRY_VERIFY_WITH_TIMEOUT(page.statusText().contains(QStringLiteral("does not answer")), 15000);
    QVERIFY2(page.statusText().contains(QStringLiteral("origin")) && page.statusText().contains(dead) && page.statusText().contains(QStringLiteral("Serve page")),
             qPrintable(page.statusText()));
    QVERIFY(page.job() == nullptr);  // no ct eval was started
    QVERIFY(start->isEnabled());

    // A folder that is not a model: said on the page, Evaluate stays disabled.
    QTemporaryDir empty;
    registry.setCurrentModel(empty.path());  // not a model: not offered
    page.setEndpoint(QStringLiteral("origin"), QStringLiteral("http://127.0.0.1:1/v1"));
    QVERIFY(!page.setTarget(QStringLiteral("origin"), empty.path()));
  }
};

QTEST_MAIN(TstEvaluatePage)
#include "tst_evaluate_page.moc"
