#include <QChartView>
#include <QBarSeries>
#include <QBarSet>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "compile/compile_page.h"
#include "jobs/job.h"
#include "jobs/job_manager.h"
#include "shell/language.h"

using namespace ct;

// The Compile page runs the real `ct compile` as a child job and shows the report.
class TstCompilePage : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private Q_SLOTS:
  void initTestCase() {
    qputenv("CT_DATA_DIR", dir_.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("CT_STATE_DIR", dir_.filePath(QStringLiteral("state")).toLocal8Bit());
    qputenv("CT_BIN", CT_BIN_PATH);
  }

  void compilesAndShowsTheReport() {
    const QString q = dir_.filePath(QStringLiteral("q4"));
    QProcess p;
    p.start(QStringLiteral(CT_BIN_PATH), {QStringLiteral("quantize"), QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"), QStringLiteral("--out"), q,
                                          QStringLiteral("--group-size"), QStringLiteral("32"), QStringLiteral("--nsamples"), QStringLiteral("8")});
    QVERIFY(p.waitForFinished(120000) && p.exitCode() == 0);

    jobs::JobManager manager(dir_.filePath(QStringLiteral("jobs.sqlite")));
    QVERIFY(manager.open(nullptr));
    ui::CompilePage page(&manager);
    page.show();
    auto* start = page.findChild<QPushButton*>(QStringLiteral("compileStart"));
    auto* hint = page.findChild<QLabel*>(QStringLiteral("compileHint"));
    QVERIFY(!start->isEnabled());
    page.findChild<QLineEdit*>(QStringLiteral("compileCheckpoint"))->setText(QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"));
    QVERIFY(hint->text().contains(QStringLiteral("not a GPTQ checkpoint")));
    QVERIFY(!start->isEnabled());
    page.setCheckpoint(q);
    QVERIFY2(hint->text().contains(QStringLiteral("4-bit, group 32")), qPrintable(hint->text()));
    QVERIFY(start->isEnabled());
    QVERIFY(page.arguments().contains(QStringLiteral("vcu128")));

    jobs::Job* job = page.start();
    QVERIFY(job);
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 60000);
    QCOMPARE(job->record().state, jobs::JobState::Succeeded);
    QTRY_VERIFY(page.reportTable()->rowCount() >= 8);
    QString all;
    for (int r = 0; r < page.reportTable()->rowCount(); ++r) all += page.reportTable()->item(r, 0)->text() + QLatin1Char('=') + page.reportTable()->item(r, 1)->text() + QLatin1Char('\n');
    QVERIFY2(all.contains(QStringLiteral("tokens/s")), qPrintable(all));
    auto* chart = page.findChild<QChartView*>(QStringLiteral("compileChart"));
    auto* series = qobject_cast<QBarSeries*>(chart->chart()->series().value(0));
    QVERIFY(series);
    QCOMPARE(series->barSets().first()->count(), 32);
    QVERIFY(!start->isEnabled());  // the output exists now
    // The report is worded again in the other language, not left as it was.
    QVERIFY(ui::applyLanguage(QStringLiteral("zh_CN")));
    QTRY_COMPARE(page.reportTable()->item(0, 0)->text(), QStringLiteral("板卡"));
    QVERIFY(ui::applyLanguage(QStringLiteral("en")));
    QTRY_COMPARE(page.reportTable()->item(0, 0)->text(), QStringLiteral("Board"));
  }
};

QTEST_MAIN(TstCompilePage)
#include "tst_compile_page.moc"
