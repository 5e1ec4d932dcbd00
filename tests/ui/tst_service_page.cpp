#include <QDir>
#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "charts/metric_chart.h"
#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_manager.h"
#include "service/chat_panel.h"
#include "service/service_page.h"
#include "services/service_registry.h"

using namespace ct;

// The Serve page: a wrong image folder is reported on the page itself (before the start when
// the folder shows it, from ct host's own exit reason when only loading shows it); a real image
// is served through ct host (emulator) + ct serve, chatted with, and stopped as a normal end.
class TstServicePage : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString image_;

 private Q_SLOTS:
  void initTestCase() {
    qputenv("CT_DATA_DIR", dir_.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("CT_STATE_DIR", dir_.filePath(QStringLiteral("state")).toLocal8Bit());
    qputenv("CT_BIN", CT_BIN_PATH);
    QCoreApplication::setOrganizationName(QStringLiteral("ct-studio-test"));
    const QString q = dir_.filePath(QStringLiteral("q4"));
    image_ = dir_.filePath(QStringLiteral("img"));
    QProcess p;
    p.start(QStringLiteral(CT_BIN_PATH), {QStringLiteral("quantize"), QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"), QStringLiteral("--out"), q,
                                          QStringLiteral("--group-size"), QStringLiteral("32"), QStringLiteral("--nsamples"), QStringLiteral("8")});
    QVERIFY(p.waitForFinished(180000) && p.exitCode() == 0);
    p.start(QStringLiteral(CT_BIN_PATH), {QStringLiteral("compile"), q, QStringLiteral("--out"), image_});
    QVERIFY(p.waitForFinished(60000) && p.exitCode() == 0);
  }

  void aWrongImageFolderIsReportedOnThePage() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("data/jobs.sqlite")));
    QVERIFY(manager.open(nullptr));
    services::ServiceRegistry registry(&manager);
    ui::ServicePage page(&manager, &registry);
    page.show();
    auto* start = page.findChild<QPushButton*>(QStringLiteral("serviceStart"));

    // A folder that is not an image at all: said before anything starts.
    page.setImage(QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"));
    QVERIFY(!start->isEnabled());
    QVERIFY2(page.startReason().contains(QStringLiteral("no manifest.json")), qPrintable(page.startReason()));
    QCOMPARE(start->toolTip(), page.startReason());
    QVERIFY(!page.start());

    // An image whose weights are gone: only ct host finds out, and the page says what it said.
    const QString broken = dir_.filePath(QStringLiteral("broken-img"));
    QVERIFY(QDir().mkpath(broken));
    for (const QString& f : QDir(image_).entryList({QStringLiteral("*.json")}, QDir::Files)) QVERIFY(QFile::copy(QDir(image_).filePath(f), QDir(broken).filePath(f)));
    page.setImage(broken);
    QVERIFY2(start->isEnabled(), qPrintable(page.startReason()));
    page.start();
    QTRY_COMPARE_WITH_TIMEOUT(page.linkState(), QStringLiteral("failed"), 30000);
    QVERIFY2(page.statusText().contains(QStringLiteral("Not serving")) && page.statusText().contains(broken) &&
                 page.statusText().contains(QStringLiteral("ct host")),
             qPrintable(page.statusText()));
    QVERIFY(page.current()->hostJob()->isFinished());
    QCOMPARE(page.current()->hostJob()->record().state, jobs::JobState::Failed);
    QVERIFY(!page.current()->failure().isEmpty());
  }

  void servesChatsAndStops() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("data/jobs.sqlite")));
    QVERIFY(manager.open(nullptr));
    services::ServiceRegistry registry(&manager);
    ui::ServicePage page(&manager, &registry);
    page.show();
    page.setImage(image_);
    QVERIFY(page.start());
    QTRY_COMPARE_WITH_TIMEOUT(page.linkState(), QStringLiteral("ready"), 30000);
    QVERIFY(page.baseUrl().startsWith(QStringLiteral("http://127.0.0.1:")));
    QTRY_COMPARE(page.chat()->endpoint(), page.baseUrl());
    page.chat()->send(QStringLiteral("What is 17 + 5?"));
    QTRY_VERIFY_WITH_TIMEOUT(!page.chat()->busy(), 20000);
    QVERIFY2(page.chat()->transcript().contains(QStringLiteral("22")), qPrintable(page.chat()->transcript()));
    QVERIFY2(page.chat()->lastStats().contains(QStringLiteral("tokens/s")), qPrintable(page.chat()->lastStats()));
    auto* detail = page.findChild<ui::JobDetail*>(QStringLiteral("serveDetail"));
    auto* chart = detail->findChild<ui::MetricChart*>(QStringLiteral("jobChart"));
    QTRY_VERIFY_WITH_TIMEOUT(chart->pointCount(QStringLiteral("tokens/s")) >= 1, 5000);
    // The bound is a reference named in the title, not a line that flattens the measurement.
    QVERIFY(chart->referenceValue(QStringLiteral("board bound, tokens/s")) > 0);
    QVERIFY(!chart->seriesNames().contains(QStringLiteral("board bound, tokens/s")));
    QVERIFY(chart->titleText().contains(QStringLiteral("board bound")));
    jobs::Job* serve = page.serviceJob();
    jobs::Job* host = page.hostJob();
    page.stop();
    QTRY_VERIFY_WITH_TIMEOUT(serve->isFinished() && host->isFinished(), 15000);
    QCOMPARE(serve->record().state, jobs::JobState::Succeeded);  // a normal stop, not "cancelled"
    QCOMPARE(page.linkState(), QStringLiteral("stopped"));
  }
};

QTEST_MAIN(TstServicePage)
#include "tst_service_page.moc"
