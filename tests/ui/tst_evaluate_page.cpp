#include <QBarSeries>
#include <QBarSet>
#include <QChartView>
#include <QComboBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

#include "evaluate/evaluate_page.h"
#include "jobs/job.h"
#include "jobs/job_manager.h"

using namespace ct;

namespace {

quint16 startCt(QProcess& p, const QStringList& args) {
  p.start(QStringLiteral(CT_BIN_PATH), args + QStringList{QStringLiteral("--json")});
  if (!p.waitForStarted()) return 0;
  QByteArray seen;
  while (p.waitForReadyRead(30000)) {
    seen += p.readAllStandardOutput();
    for (const QByteArray& line : seen.split('\n')) {
      const QJsonObject o = QJsonDocument::fromJson(line).object();
      if (o[QStringLiteral("data")][QStringLiteral("port")].isDouble()) return static_cast<quint16>(o[QStringLiteral("data")][QStringLiteral("port")].toInt());
    }
  }
  return 0;
}

struct Reaper {
  QProcess& p;
  ~Reaper() {
    if (p.state() == QProcess::NotRunning) return;
    ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
    if (!p.waitForFinished(10000)) p.kill(), p.waitForFinished(5000);
  }
};

}  // namespace

// The Evaluate page runs the real `ct eval` against two real endpoints (ct serve + ct host with
// the demo model), charts the scores per task and target, and lists the run in its history.
class TstEvaluatePage : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private Q_SLOTS:
  void initTestCase() {
    qputenv("CT_DATA_DIR", dir_.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("CT_STATE_DIR", dir_.filePath(QStringLiteral("state")).toLocal8Bit());
    qputenv("CT_BIN", CT_BIN_PATH);
  }

  void evaluatesTwoTargetsAndCharts() {
    QProcess host, serve;
    Reaper r1{serve}, r2{host};
    const quint16 h = startCt(host, {QStringLiteral("host"), QStringLiteral("--model"), QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"), QStringLiteral("--listen"),
                                     QStringLiteral("127.0.0.1:0")});
    const quint16 s = startCt(serve, {QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:%1").arg(h), QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(h && s);
    const QString url = QStringLiteral("http://127.0.0.1:%1/v1").arg(s);

    jobs::JobManager manager(dir_.filePath(QStringLiteral("jobs.sqlite")));
    QVERIFY(manager.open(nullptr));
    ui::EvaluatePage page(&manager);
    page.show();
    auto* start = page.findChild<QPushButton*>(QStringLiteral("evalStart"));
    auto* hint = page.findChild<QLabel*>(QStringLiteral("evalHint"));
    page.findChild<QComboBox*>(QStringLiteral("evalTargets"))->setCurrentIndex(2);  // origin + quantized
    QVERIFY(!start->isEnabled());
    QVERIFY(hint->text().contains(QStringLiteral("origin")));
    page.setEndpoint(QStringLiteral("origin"), url);
    page.setEndpoint(QStringLiteral("quant"), url);  // the same service twice: identical scores
    page.setTasks({QStringLiteral("demo"), QStringLiteral("arc_easy")});
    page.setLimit(4);
    QVERIFY2(start->isEnabled(), qPrintable(hint->text()));
    const QStringList args = page.arguments();
    QVERIFY(args.contains(QStringLiteral("--targets")));
    QVERIFY(args.contains(QStringLiteral("origin=%1,quant=%1").arg(url)));

    jobs::Job* job = page.start();
    QVERIFY(job);
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 120000);
    QCOMPARE(job->record().state, jobs::JobState::Succeeded);
    auto* chart = page.findChild<QChartView*>(QStringLiteral("evalChart"));
    QTRY_VERIFY(chart->chart() && !chart->chart()->series().isEmpty());
    auto* series = qobject_cast<QBarSeries*>(chart->chart()->series().first());
    QVERIFY(series);
    QCOMPARE(series->count(), 2);  // one bar set per target
    QCOMPARE(series->barSets().first()->label(), QStringLiteral("origin"));
    QVERIFY(series->barSets().first()->count() >= 2);  // demo, arc_easy (and the ai2_arc group)
    QCOMPARE(series->barSets()[0]->at(0), series->barSets()[1]->at(0));
    page.refreshHistory();
    QTRY_VERIFY(page.history()->count() >= 1);
  }
};

QTEST_MAIN(TstEvaluatePage)
#include "tst_evaluate_page.moc"
