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
};

QTEST_MAIN(TstQuantizePage)
#include "tst_quantize_page.moc"
