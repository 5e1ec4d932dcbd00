#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QTemporaryDir>
#include <QtTest>

#include "charts/metric_chart.h"
#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_manager.h"
#include "quant/quant_options.h"
#include "quantize/quantize_page.h"
#include "results/result_view.h"

using namespace ct;

// The Quantize page says why Start or Resume cannot be pressed and offers the way out; it runs
// the real `ct quantize` as a child job, charts GPTQ against RTN per layer (layers 1…N) and
// shows the result as a table with next steps.
class TstQuantizePage : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private Q_SLOTS:
  void initTestCase() {
    qputenv("CT_DATA_DIR", dir_.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("CT_STATE_DIR", dir_.filePath(QStringLiteral("state")).toLocal8Bit());
    qputenv("CT_BIN", CT_BIN_PATH);
  }

  void disabledActionsSayWhyAndOfferTheWayOut() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("jobs.sqlite")));
    QVERIFY(manager.open(nullptr));
    ui::QuantizePage page(&manager);
    page.show();
    auto* start = page.findChild<QPushButton*>(QStringLiteral("quantStart"));
    auto* resume = page.findChild<QPushButton*>(QStringLiteral("quantResume"));
    auto* why = page.findChild<QLabel*>(QStringLiteral("quantWhy"));
    auto* fresh = page.findChild<QPushButton*>(QStringLiteral("quantFreshOut"));
    auto* out = page.findChild<QLineEdit*>(QStringLiteral("quantOut"));
    QVERIFY(!start->isEnabled());
    QVERIFY2(page.startReason().contains(QStringLiteral("Choose a model folder")), qPrintable(page.startReason()));
    QVERIFY(why->isVisible() && why->text() == page.startReason());
    QVERIFY(page.resumeReason().contains(QStringLiteral("Nothing to resume")));

    page.setModel(QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"));
    QVERIFY2(out->text().endsWith(QStringLiteral("demo-model-gptq-int4")), qPrintable(out->text()));  // suggested
    const QString taken = dir_.filePath(QStringLiteral("taken"));
    QVERIFY(QDir().mkpath(taken));
    out->setText(taken);
    QVERIFY(!start->isEnabled());
    QVERIFY2(page.startReason().contains(QStringLiteral("exists already")), qPrintable(page.startReason()));
    QCOMPARE(start->toolTip(), page.startReason());
    QVERIFY(fresh->isVisible());
    QTest::mouseClick(fresh, Qt::LeftButton);
    QCOMPARE(out->text(), taken + QStringLiteral("-2"));
    QVERIFY2(start->isEnabled(), qPrintable(page.startReason()));

    // An interrupted run's work: Resume is the way, Start says so.
    const QString interrupted = dir_.filePath(QStringLiteral("interrupted"));
    QVERIFY(QDir().mkpath(quant::stagingDir(interrupted) + QStringLiteral("/resume")));
    QFile state(quant::stagingDir(interrupted) + QStringLiteral("/resume/state.json"));
    QVERIFY(state.open(QIODevice::WriteOnly));
    state.write("{}");
    state.close();
    out->setText(interrupted);
    QVERIFY(resume->isEnabled());
    QVERIFY(!start->isEnabled());
    QVERIFY(page.startReason().contains(QStringLiteral("resume it")));
  }

  void plansRunsAndCharts() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("jobs.sqlite")));
    QVERIFY(manager.open(nullptr));
    ui::QuantizePage page(&manager);
    page.show();
    auto* plan = page.findChild<QLabel*>(QStringLiteral("quantPlan"));
    auto* start = page.findChild<QPushButton*>(QStringLiteral("quantStart"));
    page.setModel(QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"));
    QVERIFY2(plan->text().contains(QStringLiteral("gptq_marlin")), qPrintable(plan->text()));
    page.findChild<QSpinBox*>(QStringLiteral("quantSamples"))->setValue(8);
    const QString out = dir_.filePath(QStringLiteral("q"));
    page.findChild<QLineEdit*>(QStringLiteral("quantOut"))->setText(out);
    QVERIFY(start->isEnabled());
    const QStringList args = page.arguments(false);
    QVERIFY(args.contains(QStringLiteral("--nsamples")) && args.contains(QStringLiteral("--sym")));

    jobs::Job* job = page.start(false);
    QVERIFY(job);
    QVERIFY(!start->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 120000);
    QCOMPARE(job->record().state, jobs::JobState::Succeeded);
    auto* chart = page.detail()->findChild<ui::MetricChart*>(QStringLiteral("jobChart"));
    QTRY_COMPARE(chart->pointCount(QStringLiteral("gptq")), 4);
    QCOMPARE(chart->pointCount(QStringLiteral("rtn")), 4);
    QCOMPARE(chart->axisRange(Qt::Horizontal), qMakePair(1.0, 4.0));  // layers 1…4, whole ticks
    QVERIFY(chart->axisTitle(Qt::Vertical).contains(QStringLiteral("%")));
    QVERIFY(QFileInfo::exists(out + QStringLiteral("/model.safetensors")));
    auto* result = page.detail()->findChild<ui::ResultView*>(QStringLiteral("jobResult"));
    QTRY_VERIFY(result->tableText().contains(QStringLiteral("Round-to-nearest")));
    QVERIFY(result->tableText().contains(QStringLiteral("INT4")));
    QVERIFY2(!result->tableText().contains(QStringLiteral("e-0")), qPrintable(result->tableText()));  // no 5.2e-05
    QVERIFY(page.findChild<QPushButton*>(QStringLiteral("quantNext_compile"))->isVisible());
    QVERIFY(!start->isEnabled());  // the output exists now: it says so, and what to do next
    QVERIFY2(page.startReason().contains(QStringLiteral("Quantized into")), qPrintable(page.startReason()));
  }

  // AWQ: its own options replace GPTQ's, the plan names awq_marlin, and the run charts AWQ
  // against round-to-nearest per layer like GPTQ's.
  void awqOptionsAndChart() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("jobs-awq.sqlite")));
    QVERIFY(manager.open(nullptr));
    ui::QuantizePage page(&manager);
    page.show();
    page.setModel(QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"));
    auto* method = page.findChild<QComboBox*>(QStringLiteral("quantMethod"));
    method->setCurrentIndex(method->findData(QStringLiteral("awq")));
    auto* plan = page.findChild<QLabel*>(QStringLiteral("quantPlan"));
    QVERIFY2(plan->text().contains(QStringLiteral("awq_marlin")), qPrintable(plan->text()));
    page.findChild<QToolButton*>(QStringLiteral("quantAdvanced"))->setChecked(true);  // AWQ's options are expert ones
    QVERIFY(page.findChild<QCheckBox*>(QStringLiteral("quantAwqClip"))->isVisible());
    QVERIFY(!page.findChild<QCheckBox*>(QStringLiteral("quantDescAct"))->isVisible());
    QVERIFY(!page.findChild<QComboBox*>(QStringLiteral("quantBits"))->isEnabled());
    page.findChild<QCheckBox*>(QStringLiteral("quantDuoScaling"))->setChecked(false);
    page.findChild<QSpinBox*>(QStringLiteral("quantSamples"))->setValue(2);
    page.findChild<QSpinBox*>(QStringLiteral("quantSeqlen"))->setValue(128);
    const QString out = dir_.filePath(QStringLiteral("awq"));
    page.findChild<QLineEdit*>(QStringLiteral("quantOut"))->setText(out);
    const QStringList args = page.arguments(false);
    QVERIFY(args.contains(QStringLiteral("awq")) && args.contains(QStringLiteral("--duo-scaling")) && !args.contains(QStringLiteral("--sym")) &&
            !args.contains(QStringLiteral("--damp")));
    jobs::Job* job = page.start(false);
    QVERIFY(job);
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 240000);
    QCOMPARE(job->record().state, jobs::JobState::Succeeded);
    auto* chart = page.detail()->findChild<ui::MetricChart*>(QStringLiteral("jobChart"));
    QTRY_COMPARE(chart->pointCount(QStringLiteral("awq")), 4);
    QCOMPARE(chart->pointCount(QStringLiteral("rtn")), 4);
    QVERIFY(QFileInfo::exists(out + QStringLiteral("/model.safetensors")));
    // A look at the page: CT_SCREENSHOT=/tmp/awq-page.png build/dev/tests/tst_quantize_page awqOptionsAndChart
    if (const QByteArray shot = qgetenv("CT_SCREENSHOT"); !shot.isEmpty()) {
      page.resize(1280, 800);
      QVERIFY(page.grab().save(QString::fromLocal8Bit(shot)));
    }
  }
};

QTEST_MAIN(TstQuantizePage)
#include "tst_quantize_page.moc"
