#include <QProcess>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "charts/metric_chart.h"
#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_list_model.h"
#include "jobs/job_manager.h"
#include "jobs/jobs_page.h"
#include "log/log_model.h"
#include "log/log_view.h"
#include "raw_http.h"
#include "services/service_registry.h"

using namespace ct;

namespace {

QStringList rows(ui::LogView* log) {
  log->model()->flush();
  QStringList out;
  for (int i = 0; i < log->model()->rowCount(); ++i) out << log->model()->data(log->model()->index(i, 0), ui::LogModel::MessageRole).toString();
  return out;
}

void chatOnce(quint16 port) {
  const QByteArray body = R"({"messages":[{"role":"user","content":"Tom has 12 apples and gives away 5. How many apples are left?"}],"max_tokens":24})";
  QCOMPARE(test::httpRequest(port, "POST", "/v1/chat/completions", body, {}).status, 200);
}

}  // namespace

// A job's detail shows that job only: a running service's request log and chart never reach the
// view of another job, live or from the history, and a chart never keeps another job's axes.
class TstJobDetail : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private Q_SLOTS:
  void initTestCase() {
    qputenv("CT_DATA_DIR", dir_.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("CT_STATE_DIR", dir_.filePath(QStringLiteral("state")).toLocal8Bit());
    qputenv("CT_BIN", CT_BIN_PATH);
    QCoreApplication::setOrganizationName(QStringLiteral("ct-studio-test"));
  }

  void aJobsLogNeverReceivesAnotherJobsLines() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("data/jobs.sqlite")));
    QVERIFY(manager.open(nullptr));
    services::ServiceRegistry registry(&manager);
    ui::JobsPage page(&manager);
    page.resize(1000, 700);
    page.show();
    ui::JobDetail* detail = page.detail();
    auto* log = detail->findChild<ui::LogView*>(QStringLiteral("jobLog"));
    auto* chart = detail->findChild<ui::MetricChart*>(QStringLiteral("jobChart"));

    // A finished job of this window, and one `ct` ran outside it (history only).
    jobs::Job* doctor = manager.startCt(QStringLiteral("doctor"), {QStringLiteral("doctor")});
    QTRY_VERIFY_WITH_TIMEOUT(doctor->isFinished(), 30000);
    QProcess outside;
    outside.start(QStringLiteral(CT_BIN_PATH), {QStringLiteral("doctor")});
    QVERIFY(outside.waitForFinished(30000));

    // A real service: ct host with the demo model, ct serve in front, both on free ports.
    services::LocalService* service = registry.serve({services::SourceKind::Model, QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"), {}});
    QTRY_VERIFY_WITH_TIMEOUT(service->state() == services::LocalService::State::Ready, 60000);
    chatOnce(static_cast<quint16>(service->port()));
    QTRY_VERIFY_WITH_TIMEOUT(service->serveJob()->metrics().value(QStringLiteral("tokens/s")).size() >= 1, 10000);

    // The service itself: its log and its chart, with the bound as a reference, not a line.
    page.selectJob(service->serveJob()->id());
    QCOMPARE(detail->shownId(), service->serveJob()->id());
    QTRY_VERIFY(chart->pointCount(QStringLiteral("tokens/s")) >= 1);
    QVERIFY(chart->isVisible());
    QVERIFY(!chart->axisTitle(Qt::Horizontal).isEmpty() && !chart->axisTitle(Qt::Vertical).isEmpty());
    QVERIFY(chart->axisRange(Qt::Vertical).first >= 0);  // a rate axis never runs below zero

    // The finished doctor job of this window.
    page.selectJob(doctor->id());
    QCOMPARE(detail->shownId(), doctor->id());
    QTRY_VERIFY(!rows(log).isEmpty());
    const QStringList before = rows(log);
    QVERIFY(!chart->isVisible());
    QCOMPARE(chart->seriesNames().size(), 0);
    QCOMPARE(chart->axisRange(Qt::Horizontal), qMakePair(0.0, 1.0));  // no axes left from the service
    for (int i = 0; i < 3; ++i) chatOnce(static_cast<quint16>(service->port()));
    QTRY_VERIFY_WITH_TIMEOUT(service->serveJob()->metrics().value(QStringLiteral("tokens/s")).size() >= 4, 10000);
    QTest::qWait(400);  // the log view's batching tick
    QCOMPARE(rows(log), before);
    for (const QString& l : rows(log)) QVERIFY2(!l.contains(QStringLiteral("/v1/chat/completions")), qPrintable(l));

    // The outside job, read from the history.
    page.model()->reload();
    QString outsideId;
    for (int r = 0; r < page.model()->rowCount(); ++r)
      if (!page.model()->liveJobAt(r) && page.model()->recordAt(r).kind == QLatin1String("doctor")) outsideId = page.model()->recordAt(r).id;
    QVERIFY(!outsideId.isEmpty());
    page.selectJob(outsideId);
    QCOMPARE(detail->shownId(), outsideId);
    QVERIFY(detail->job() == nullptr);
    const QStringList history = rows(log);
    QVERIFY(!history.isEmpty());
    chatOnce(static_cast<quint16>(service->port()));
    QTest::qWait(400);
    QCOMPARE(rows(log), history);

    // Stopping a service is its normal end, not a cancellation.
    jobs::Job* serve = service->serveJob();
    jobs::Job* host = service->hostJob();
    registry.stopAll();
    QTRY_VERIFY_WITH_TIMEOUT(serve->isFinished() && host->isFinished(), 20000);
    QCOMPARE(serve->record().state, jobs::JobState::Succeeded);
    QCOMPARE(host->record().state, jobs::JobState::Succeeded);
    QCOMPARE(service->state(), services::LocalService::State::Stopped);
  }
};

QTEST_MAIN(TstJobDetail)
#include "tst_job_detail.moc"
