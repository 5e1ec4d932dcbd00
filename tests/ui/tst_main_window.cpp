#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "charts/metric_chart.h"
#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_manager.h"
#include "jobs/job_store.h"
#include "jobs/jobs_page.h"
#include "jobs/process_job.h"
#include "log/log_view.h"
#include "models/models_page.h"
#include "evaluate/evaluate_page.h"
#include "quantize/quantize_page.h"
#include "service/service_page.h"
#include <QPlainTextEdit>
#include "shell/language.h"
#include "shell/main_window.h"

using namespace ct;

class TestMainWindow : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private Q_SLOTS:
  void initTestCase() {
    qputenv("CT_DATA_DIR", dir_.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("CT_STATE_DIR", dir_.filePath(QStringLiteral("state")).toLocal8Bit());
    QCoreApplication::setOrganizationName(QStringLiteral("ct-studio-test"));
  }

  void showsARunningJobAndCancelsIt() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("jobs.sqlite")));
    QVERIFY(manager.open(nullptr));
    ui::MainWindow window(&manager);
    window.show();
    window.showPage(QStringLiteral("jobs"));
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto* job = static_cast<jobs::ProcessJob*>(manager.startProgram(
        QStringLiteral("helper"), QStringLiteral(CT_TEST_HELPER), {QStringLiteral("events"), QStringLiteral("100000"), QStringLiteral("20")}));
    auto* detail = window.jobsPage()->detail();
    QCOMPARE(detail->job(), job);  // a started job is selected

    auto* log = detail->findChild<ui::LogView*>(QStringLiteral("jobLog"));
    auto* progress = detail->findChild<QProgressBar*>(QStringLiteral("jobProgress"));
    auto* chart = detail->findChild<ui::MetricChart*>(QStringLiteral("jobChart"));
    auto* cancel = detail->findChild<QPushButton*>(QStringLiteral("cancelButton"));
    QVERIFY(log && progress && chart && cancel);

    QTRY_VERIFY_WITH_TIMEOUT(log->visibleRows() >= 6, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(progress->value() > 0 || job->record().done > 0, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(chart->pointCount(QStringLiteral("loss")) >= 3, 10000);
    QVERIFY(progress->format().contains(QStringLiteral("100,000 steps")));
    QVERIFY(cancel->isEnabled());

    auto* table = window.findChild<QTableView*>(QStringLiteral("jobTable"));
    QVERIFY(table->model()->rowCount() >= 1);
    // Filters: by kind, by state, by text.
    window.jobsPage()->setFilter(QStringLiteral("helper"), -1, {});
    QCOMPARE(window.jobsPage()->visibleJobs(), 1);
    window.jobsPage()->setFilter({}, static_cast<int>(jobs::JobState::Failed), {});
    QCOMPARE(window.jobsPage()->visibleJobs(), 0);
    window.jobsPage()->setFilter({}, -1, job->id().right(6));
    QCOMPARE(window.jobsPage()->visibleJobs(), 1);
    window.jobsPage()->setFilter({}, -1, {});
    QVERIFY(window.statusText().contains(QStringLiteral("1 job")));


    const qint64 pid = job->pid();
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 10000);
    QCOMPARE(job->record().state, jobs::JobState::Cancelled);
    QTRY_VERIFY(!jobs::processAlive(pid));
    QVERIFY(!cancel->isEnabled());
    QVERIFY(detail->findChild<QLabel*>(QStringLiteral("jobTitle"))->text().contains(QStringLiteral("cancelled")));

    // The history outlives the window.
    jobs::JobStore store(dir_.filePath(QStringLiteral("jobs.sqlite")));
    QVERIFY(store.open(nullptr));
    QCOMPARE(store.get(job->id())->state, jobs::JobState::Cancelled);
  }

  void modelsPageFindsAndInspectsModels() {
    auto* page = new ui::ModelsPage;
    page->scan(QStringLiteral(CT_SOURCE_DIR "/resources"));
    QCOMPARE(page->modelCount(), 1);  // resources/demo-model
    QTRY_VERIFY(page->detailsText().contains(QStringLiteral("Qwen2ForCausalLM")));
    QVERIFY(page->detailsText().contains(QStringLiteral("832,640")));  // parameters, with separators
    delete page;
  }

  // Every page fits a 1024×700 screen in both languages: no page widens the window by itself.
  void fitsASmallScreen() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("jobs3.sqlite")));
    QVERIFY(manager.open(nullptr));
    ui::MainWindow window(&manager);
    window.servicePage()->setImage(QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"));  // a long reason shown
    window.quantizePage()->setModel(QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"));
    for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
      QVERIFY(ui::applyLanguage(lang));
      QCoreApplication::processEvents();
      for (const QString& p : {QStringLiteral("pipeline"), QStringLiteral("models"), QStringLiteral("quantize"), QStringLiteral("compile"), QStringLiteral("service"),
                               QStringLiteral("evaluate"), QStringLiteral("jobs"), QStringLiteral("settings")}) {
        window.showPage(p);
        window.resize(1024, 700);
        window.show();
        QCoreApplication::processEvents();
        const QSize min = window.minimumSizeHint();
        QVERIFY2(min.width() <= 1024 && min.height() <= 700, qPrintable(QStringLiteral("%1 %2: %3×%4").arg(lang, p).arg(min.width()).arg(min.height())));
        QCOMPARE(window.width(), 1024);
      }
    }
    QVERIFY(ui::applyLanguage(QStringLiteral("en")));
  }

  // Next steps carry the folder to the page that takes it further.
  void nextStepsCarryTheFolder() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("jobs4.sqlite")));
    QVERIFY(manager.open(nullptr));
    ui::MainWindow window(&manager);
    const QString demo = QStringLiteral(CT_SOURCE_DIR "/resources/demo-model");
    window.goTo(QStringLiteral("quantize"), demo);
    QCOMPARE(window.findChild<QLineEdit*>(QStringLiteral("quantModel"))->text(), demo);
    QVERIFY(window.findChild<QLineEdit*>(QStringLiteral("quantOut"))->text().endsWith(QStringLiteral("demo-model-gptq-int4")));
    window.goTo(QStringLiteral("serve"), demo);
    QCOMPARE(window.findChild<QLineEdit*>(QStringLiteral("serveFolder"))->text(), demo);
    QVERIFY2(window.servicePage()->startReason().isEmpty(), qPrintable(window.servicePage()->startReason()));
    window.goTo(QStringLiteral("evaluate"), demo);
    QVERIFY(window.evaluatePage()->arguments().contains(QStringLiteral("--tasks")));
    QVERIFY(window.evaluatePage()->startReason().isEmpty());
  }

  void switchesLanguageLive() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("jobs2.sqlite")));
    QVERIFY(manager.open(nullptr));
    ui::MainWindow window(&manager);
    auto* nav = window.findChild<QListWidget*>(QStringLiteral("navigation"));
    QCOMPARE(nav->item(6)->text(), QStringLiteral("Jobs"));
    QVERIFY(ui::applyLanguage(QStringLiteral("zh_CN")));
    QTRY_COMPARE(nav->item(6)->text(), QStringLiteral("任务"));
    QCOMPARE(nav->item(3)->text(), QStringLiteral("编译"));
    QCOMPARE(nav->item(0)->text(), QStringLiteral("流水线"));  // the whole pipeline first, then its stages
    QCOMPARE(nav->item(1)->text(), QStringLiteral("模型"));
    QCOMPARE(nav->item(2)->text(), QStringLiteral("量化"));
    QVERIFY(window.quantizePage()->findChild<QPushButton*>(QStringLiteral("quantStart"))->text() == QStringLiteral("开始量化"));
    QVERIFY(ui::applyLanguage(QStringLiteral("en")));
    QTRY_COMPARE(nav->item(6)->text(), QStringLiteral("Jobs"));
  }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
