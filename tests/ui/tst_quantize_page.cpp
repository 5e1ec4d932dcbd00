#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "charts/metric_chart.h"
#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_manager.h"
#include "quantize/quantize_page.h"

using namespace ct;

// The Quantize page runs the real `ct quantize` as a child job and charts GPTQ against RTN.
class TstQuantizePage : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private Q_SLOTS:
  void initTestCase() {
    qputenv("CT_DATA_DIR", dir_.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("CT_STATE_DIR", dir_.filePath(QStringLiteral("state")).toLocal8Bit());
    qputenv("CT_BIN", CT_BIN_PATH);
  }

  void plansRunsAndCharts() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("jobs.sqlite")));
    QVERIFY(manager.open(nullptr));
    ui::QuantizePage page(&manager);
    page.show();
    auto* plan = page.findChild<QLabel*>(QStringLiteral("quantPlan"));
    auto* start = page.findChild<QPushButton*>(QStringLiteral("quantStart"));
    auto* resume = page.findChild<QPushButton*>(QStringLiteral("quantResume"));
    QVERIFY(plan && start && resume);
    QVERIFY(!start->isEnabled());  // no model yet

    page.setModel(QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"));
    QVERIFY2(plan->text().contains(QStringLiteral("gptq_marlin")), qPrintable(plan->text()));
    page.findChild<QSpinBox*>(QStringLiteral("quantSamples"))->setValue(8);
    const QString out = dir_.filePath(QStringLiteral("q"));
    page.findChild<QLineEdit*>(QStringLiteral("quantOut"))->setText(out);
    QVERIFY(start->isEnabled());
    QVERIFY(!resume->isEnabled());
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
    QVERIFY(QFileInfo::exists(out + QStringLiteral("/model.safetensors")));
    QVERIFY(!start->isEnabled());  // the output exists now
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
    QVERIFY(page.findChild<QCheckBox*>(QStringLiteral("quantAwqClip"))->isVisible());
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
