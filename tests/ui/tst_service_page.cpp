#include <QProcess>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "charts/metric_chart.h"
#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_manager.h"
#include "service/chat_panel.h"
#include "service/service_page.h"

using namespace ct;

// The FPGA Service page starts ct host (emulator) + ct serve as child jobs, shows the link,
// and its chat panel streams a reply through the service.
class TstServicePage : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private Q_SLOTS:
  void initTestCase() {
    qputenv("CT_DATA_DIR", dir_.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("CT_STATE_DIR", dir_.filePath(QStringLiteral("state")).toLocal8Bit());
    qputenv("CT_BIN", CT_BIN_PATH);
  }

  void servesAndChats() {
    const QString q = dir_.filePath(QStringLiteral("q4")), img = dir_.filePath(QStringLiteral("img"));
    QProcess p;
    p.start(QStringLiteral(CT_BIN_PATH), {QStringLiteral("quantize"), QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"), QStringLiteral("--out"), q,
                                          QStringLiteral("--group-size"), QStringLiteral("32"), QStringLiteral("--nsamples"), QStringLiteral("16")});
    QVERIFY(p.waitForFinished(120000) && p.exitCode() == 0);
    p.start(QStringLiteral(CT_BIN_PATH), {QStringLiteral("compile"), q, QStringLiteral("--out"), img});
    QVERIFY(p.waitForFinished(60000) && p.exitCode() == 0);

    jobs::JobManager manager(dir_.filePath(QStringLiteral("jobs.sqlite")));
    QVERIFY(manager.open(nullptr));
    ui::ServicePage page(&manager);
    page.show();
    page.setImage(img);
    page.findChild<QSpinBox*>(QStringLiteral("servicePort"))->setValue(0);  // a free port
    QVERIFY(page.start());
    QTRY_COMPARE_WITH_TIMEOUT(page.linkState(), QStringLiteral("ready"), 20000);
    page.chat()->send(QStringLiteral("What is 17 + 5?"));
    QTRY_VERIFY_WITH_TIMEOUT(!page.chat()->busy(), 20000);
    QVERIFY2(page.chat()->transcript().contains(QStringLiteral("22")), qPrintable(page.chat()->transcript()));
    auto* chart = page.findChild<ui::JobDetail*>()->findChild<ui::MetricChart*>(QStringLiteral("jobChart"));
    QTRY_VERIFY_WITH_TIMEOUT(chart->pointCount(QStringLiteral("tokens/s")) >= 1, 5000);
    QVERIFY(chart->pointCount(QStringLiteral("board bound, tokens/s")) >= 1);
    // README's screenshot: CT_SCREENSHOT=$PWD/docs/screenshot-service.png build/dev/tests/tst_service_page
    if (const QByteArray shot = qgetenv("CT_SCREENSHOT"); !shot.isEmpty()) {
      page.chat()->newChat();
      page.chat()->send(QStringLiteral("Tom has 12 apples and gives away 5. How many apples are left?"));
      QTRY_VERIFY_WITH_TIMEOUT(!page.chat()->busy(), 20000);
      page.resize(1280, 800);
      QTest::qWait(1500);
      QVERIFY(page.grab().save(QString::fromLocal8Bit(shot)));
    }
    jobs::Job* serve = page.serviceJob();
    jobs::Job* host = page.hostJob();
    page.stop();
    QTRY_VERIFY_WITH_TIMEOUT(serve->isFinished() && host->isFinished(), 15000);
  }
};

QTEST_MAIN(TstServicePage)
#include "tst_service_page.moc"
