#include <QApplication>
#include <QJsonArray>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QTableWidget>
#include <QTextBrowser>
#include <QtTest>

#include "../deploy/deploy_host.h"
#include "ct_run.h"
#include "private_keyring.h"
#include "deploy/deploy_page.h"
#include "deploy/deployment.h"
#include "gpus/gpu_graph_view.h"
#include "gpus/gpus_page.h"
#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_manager.h"
#include "shell/language.h"
#include "services/service_registry.h"
#include "shell/main_window.h"
#include "service/chat_panel.h"
#include "service/service_page.h"
#include "evaluate/evaluate_page.h"
#include "util/paths.h"

using namespace ct::test;

namespace {

// "Another user's" lease on GPU 1: a `ct lease hold` on the host's lease folder, ended by PID.
struct HeldLease {
  QProcess p;
  bool start(const QString& dir) {
    p.start(ctBinary(), {QStringLiteral("lease"), QStringLiteral("hold"), QStringLiteral("--dir"), dir, QStringLiteral("--gpu"),
                         QStringLiteral("GPU-7d4c1b2e-0000-4000-8000-000000000007=30720/81558"), QStringLiteral("--app-user"), QStringLiteral("alice"),
                         QStringLiteral("--job"), QStringLiteral("alice-train")});
    return p.waitForReadyRead(10000) && p.readLine().contains("\"ok\":true");
  }
  ~HeldLease() {
    if (p.state() == QProcess::NotRunning) return;
    p.terminate();
    if (!p.waitForFinished(5000)) p.kill();
    p.waitForFinished(2000);
  }
};

// With CT_PAGE_SHOTS=DIR: the page as a user sees it, in English and in Chinese, for review.
void grabTo(QWidget* w, const char* name) {
  const QByteArray dir = qgetenv("CT_PAGE_SHOTS");
  if (dir.isEmpty()) return;
  w->grab().save(QString::fromLocal8Bit(dir) + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
  ct::ui::applyLanguage(QStringLiteral("zh_CN"));
  QTest::qWait(200);
  w->grab().save(QString::fromLocal8Bit(dir) + QLatin1Char('/') + QLatin1String(name) + QStringLiteral("-zh.png"));
  ct::ui::applyLanguage(QStringLiteral("en"));
  QTest::qWait(200);
}

}  // namespace

// The GPUs and Deploy pages through a real sshd with the stand-in nvidia-smi (4× H100) and the
// stand-in vllm: the GPUs page draws the host and a colleague's lease; the Deploy page shows the
// scheduler's pick, deploys the demo model with a real `ct deploy` child, lists it ready and
// stops it.
class TestDeployPages : public QObject {
  Q_OBJECT
  PrivateKeyring keyring_;  // deployment keys live in the keychain
  DeployHost host_;

 private Q_SLOTS:
  void initTestCase() {
    QString error;
    QVERIFY2(keyring_.start(&error), qPrintable(error));
    QVERIFY2(host_.start(&error), qPrintable(error));
    host_.env.applyToThisProcess();
    qputenv("CT_BIN", ctBinary().toLocal8Bit());
  }

  void gpusPageShowsTheHostAndALease() {
    HeldLease alice;
    QVERIFY(alice.start(host_.leaseDir));
    ct::ui::GpusPage page;
    page.resize(1366, 768);
    page.setHost(QStringLiteral("gpuhost"));
    page.show();  // shown: it reads the host at once, then every few seconds
    QSignalSpy spy(&page, &ct::ui::GpusPage::refreshed);
    QVERIFY(spy.wait(30000));
    QVERIFY2(!page.graph().isEmpty(), qPrintable(page.statusText()));
    QCOMPARE(page.view()->gpuCount(), 4);
    QVERIFY(page.statusText().contains(QStringLiteral("4 GPU(s), 1 lease(s)")));
    // One NVLink clique of four in one NUMA node; the links labelled as nvidia-smi codes them.
    QVERIFY(page.view()->findChild<QWidget*>(QStringLiteral("clique0")));
    QCOMPARE(page.view()->linkTable()->item(0, 1)->text(), QStringLiteral("NV18"));
    // GPU 1 is alice's: her lease on the card and in the lease table.
    auto* card = page.view()->findChild<QWidget*>(QStringLiteral("gpuCard1"));
    QVERIFY(card);
    const QString leaseText = card->findChild<QLabel*>(QStringLiteral("leaseText"))->text();
    QVERIFY2(leaseText.contains(QStringLiteral("alice")), qPrintable(leaseText));
    QVERIFY(card->findChild<ct::ui::MemoryBar*>(QStringLiteral("memoryBar"))->leasedMiB() > 30000);
    QVERIFY(page.view()->findChild<QWidget*>(QStringLiteral("gpuCard0"))->findChild<QLabel*>(QStringLiteral("leaseText"))->text().contains(QStringLiteral("No lease")));
    QCOMPARE(page.leaseTable()->rowCount(), 1);
    QVERIFY(page.leaseTable()->item(0, 1)->text().contains(QStringLiteral("alice")));
    grabTo(&page, "gpus");

    // The timer reads it again: the lease gone, the page says so without a click.
    page.setInterval(500);
    alice.p.terminate();
    QVERIFY(alice.p.waitForFinished(5000));
    QTRY_COMPARE_WITH_TIMEOUT(page.leaseTable()->rowCount(), 0, 20000);

    // A host that cannot be read says which and why: one whose sshd does not answer, and this
    // machine, which has no nvidia-smi.
    {
      ct::remote::HostProfile down = host_.env.profileFor(*host_.sshd, QStringLiteral("downhost"));
      down.port = quint16(DeployHost::freeRange(1));
      const auto added = host_.env.ct(RemoteTestEnv::addFlags(down));
      QVERIFY2(added.code == 0, added.all().constData());
      page.setHost(QStringLiteral("downhost"));
      QTRY_VERIFY_WITH_TIMEOUT(page.statusText().startsWith(QStringLiteral("Cannot read the GPUs of downhost")), 30000);
      QVERIFY2(page.statusText().contains(QStringLiteral("downhost")) && page.statusText().contains(QStringLiteral("ssh"), Qt::CaseInsensitive),
               qPrintable(page.statusText()));
      qInfo("%s", qPrintable(page.statusText()));
    }
    page.setHost(QStringLiteral("local"));
    QTRY_VERIFY_WITH_TIMEOUT(page.statusText().startsWith(QStringLiteral("This machine has no nvidia-smi")), 20000);
    QVERIFY2(page.statusText().contains(QStringLiteral("nvidia-smi")), qPrintable(page.statusText()));
    qInfo("%s", qPrintable(page.statusText()));
  }

  void deployPagePlansDeploysListsAndStops() {
    ct::jobs::JobManager manager(ct::paths::jobsDatabase());
    QVERIFY(manager.open(nullptr));
    ct::ui::DeployPage page(&manager);
    page.resize(1366, 768);
    page.show();
    page.setHost(QStringLiteral("gpuhost"));
    page.setModel(demoModel());
    page.setName(QStringLiteral("demo"));
    page.setGpus(QStringLiteral("1"));
    page.setMemoryGiB(20);
    page.setMaxModelLen(512);
    page.setApiKey(QStringLiteral("pages-test-key-0123456789"));
    QVERIFY2(page.problem().isEmpty(), qPrintable(page.problem()));
    const QStringList args = page.deployArguments();
    QVERIFY(!args.join(QLatin1Char(' ')).contains(QStringLiteral("pages-test-key")));  // the key goes on stdin

    QSignalSpy planned(&page, &ct::ui::DeployPage::planned);
    page.plan();
    QVERIFY(planned.wait(30000));
    QVERIFY2(page.planOk(), qPrintable(page.planText()));
    QVERIFY2(page.planText().contains(QStringLiteral("Pick: GPU")) && page.planText().contains(QStringLiteral("--gpu-memory-utilization")), qPrintable(page.planText()));
    QVERIFY2(page.planText().contains(QStringLiteral("Passed over")), qPrintable(page.planText()));

    ct::jobs::Job* job = page.deploy();
    QVERIFY(job);
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 90000);
    QVERIFY2(job->record().state == ct::jobs::JobState::Succeeded, qPrintable(job->record().errorMessage));
    for (const auto& l : job->logs().since(0)) QVERIFY(!l.message.contains(QStringLiteral("pages-test-key")));
    QTRY_COMPARE_WITH_TIMEOUT(page.stateOf(QStringLiteral("demo")), QStringLiteral("ready"), 20000);
    QVERIFY(page.urlOf(QStringLiteral("demo")).startsWith(QStringLiteral("http://127.0.0.1:")));
    page.select(QStringLiteral("demo"));
    QSignalSpy chat(&page, &ct::ui::DeployPage::chatRequested);
    QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("chatDeployment")), Qt::LeftButton);
    QCOMPARE(chat.size(), 1);
    QCOMPARE(chat[0][1].toString(), QStringLiteral("pages-test-key-0123456789"));
    grabTo(&page, "deploy");

    // In the window, Chat opens the Serve page's chat on the deployment (with its key) and a
    // question is answered through the tunnel; Evaluate puts its URL into the Evaluate page.
    {
      ct::ui::MainWindow window(&manager);
      window.setGeometry(0, 0, 1366, 768);
      window.show();
      window.showPage(QStringLiteral("gpus"));
      window.gpusPage()->setHost(QStringLiteral("gpuhost"));
      QSignalSpy read(window.gpusPage(), &ct::ui::GpusPage::refreshed);
      QVERIFY(read.wait(30000));
      grabTo(&window, "window-gpus");
      window.showPage(QStringLiteral("deploy"));
      ct::ui::DeployPage* inWindow = window.deployPage();
      QTRY_COMPARE_WITH_TIMEOUT(inWindow->stateOf(QStringLiteral("demo")), QStringLiteral("ready"), 20000);
      // Every picker of the window offers the ready deployment by name, with its key.
      bool offered = false;
      for (const ct::services::Target& t : window.registry()->targets())
        if (t.kind == ct::services::Target::Kind::Endpoint && t.name == QLatin1String("demo"))
          offered = t.url == page.urlOf(QStringLiteral("demo")) && t.apiKey.size() > 20;
      QVERIFY(offered);
      inWindow->setHost(QStringLiteral("gpuhost"));
      inWindow->setModel(demoModel());
      inWindow->setGpus(QStringLiteral("1"));
      QSignalSpy planned(inWindow, &ct::ui::DeployPage::planned);
      inWindow->plan();
      QVERIFY(planned.wait(30000));
      grabTo(&window, "window-deploy");
      inWindow->select(QStringLiteral("demo"));
      QTest::mouseClick(inWindow->findChild<QPushButton*>(QStringLiteral("chatDeployment")), Qt::LeftButton);
      ct::ui::ChatPanel* chatPanel = window.servicePage()->chat();
      QCOMPARE(chatPanel->endpoint(), page.urlOf(QStringLiteral("demo")));
      QVERIFY(window.servicePage()->isVisible());
      chatPanel->send(QStringLiteral("hello"));
      QTRY_VERIFY_WITH_TIMEOUT(!chatPanel->busy(), 30000);
      QVERIFY2(!chatPanel->lastStats().isEmpty(), qPrintable(chatPanel->transcript()));
      window.showPage(QStringLiteral("deploy"));
      inWindow->select(QStringLiteral("demo"));
      QTest::mouseClick(inWindow->findChild<QPushButton*>(QStringLiteral("evaluateDeployment")), Qt::LeftButton);
      QVERIFY(window.evaluatePage()->isVisible());
      QVERIFY2(window.evaluatePage()->arguments().join(QLatin1Char(' ')).contains(page.urlOf(QStringLiteral("demo"))),
               qPrintable(window.evaluatePage()->arguments().join(QLatin1Char(' '))));
    }

    // Log: the deployment's vLLM log in the job detail.
    ct::jobs::Job* log = page.showLogs(QStringLiteral("demo"));
    QVERIFY(log);
    QTRY_VERIFY_WITH_TIMEOUT(log->isFinished(), 30000);
    QVERIFY2(log->record().state == ct::jobs::JobState::Succeeded, qPrintable(log->record().errorMessage));
    QVERIFY(log->logs().since(0).size() > 0);
    QCOMPARE(page.detail()->job(), log);

    ct::jobs::Job* stop = page.stop(QStringLiteral("demo"));
    QVERIFY(stop);
    QTRY_VERIFY_WITH_TIMEOUT(stop->isFinished(), 60000);
    QVERIFY2(stop->record().state == ct::jobs::JobState::Succeeded, qPrintable(stop->record().errorMessage));
    QTRY_COMPARE_WITH_TIMEOUT(page.stateOf(QStringLiteral("demo")), QStringLiteral("stopped"), 20000);
    QVERIFY(QDir(host_.leaseDir).entryList({QStringLiteral("lease-*")}).isEmpty());
  }

  void originAndQuantizedInOneAction() {
    QTemporaryDir work;
    const QString int4 = work.filePath(QStringLiteral("demo-int4"));
    QByteArray err;
    const QJsonObject q = runCt({QStringLiteral("quantize"), demoModel(), QStringLiteral("--out"), int4, QStringLiteral("--group-size"), QStringLiteral("32"),
                                 QStringLiteral("--nsamples"), QStringLiteral("16")},
                                120000, &err);
    QVERIFY2(q.value(QStringLiteral("type")) == QLatin1String("result"), err.right(2000).constData());
    ct::jobs::JobManager manager(ct::paths::jobsDatabase());
    QVERIFY(manager.open(nullptr));
    ct::ui::DeployPage page(&manager);
    page.show();
    page.setHost(QStringLiteral("gpuhost"));
    page.setModel(demoModel());
    page.setQuantizedModel(int4);
    page.setName(QStringLiteral("pair"));
    page.setGpus(QStringLiteral("1"));
    page.setMemoryGiB(20);
    const QList<ct::jobs::Job*> jobs = page.deployPair();
    QCOMPARE(jobs.size(), 2);
    for (ct::jobs::Job* j : jobs) {
      QTRY_VERIFY_WITH_TIMEOUT(j->isFinished(), 90000);
      QVERIFY2(j->record().state == ct::jobs::JobState::Succeeded, qPrintable(j->record().errorMessage));
    }
    QTRY_COMPARE_WITH_TIMEOUT(page.stateOf(QStringLiteral("pair-origin")), QStringLiteral("ready"), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(page.stateOf(QStringLiteral("pair-quant")), QStringLiteral("ready"), 20000);
    // The budget split in two, one key for both (so that they can be scored together).
    const auto a = ct::deploy::DeploymentStore().load(QStringLiteral("pair-origin")), b = ct::deploy::DeploymentStore().load(QStringLiteral("pair-quant"));
    QVERIFY(a && b);
    QCOMPARE(a->budgetBytes, 10LL << 30);
    QCOMPARE(b->budgetBytes, 10LL << 30);
    QString why;
    const QString keyA = ct::deploy::DeploymentStore::loadKey(QStringLiteral("pair-origin"), &why);
    QVERIFY2(keyA.size() >= 16 && keyA == ct::deploy::DeploymentStore::loadKey(QStringLiteral("pair-quant"), &why), qPrintable(why));
    QVERIFY(!b->kernel.isEmpty() && a->kernel.isEmpty());
    // The GPUs page shows both: their leases, and the stand-in vLLM processes nvidia-smi lists.
    ct::ui::GpusPage gpus;
    gpus.resize(1366, 768);
    gpus.setHost(QStringLiteral("gpuhost"));
    QSignalSpy refreshed(&gpus, &ct::ui::GpusPage::refreshed);
    gpus.show();
    QVERIFY(refreshed.wait(30000));
    QCOMPARE(gpus.leaseTable()->rowCount(), 2);
    int processes = 0;
    for (const auto& g : gpus.graph().value(QStringLiteral("gpus")).toArray()) processes += int(g.toObject().value(QStringLiteral("processes")).toArray().size());
    QCOMPARE(processes, 2);
    grabTo(&gpus, "gpus-deployed");
    gpus.hide();
    // Evaluate hands each to its row of the Evaluate page.
    QSignalSpy evaluate(&page, &ct::ui::DeployPage::evaluateRequested);
    for (const QString& name : {QStringLiteral("pair-origin"), QStringLiteral("pair-quant")}) {
      page.select(name);
      QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("evaluateDeployment")), Qt::LeftButton);
    }
    QCOMPARE(evaluate.size(), 2);
    QCOMPARE(evaluate[0][0].toString(), QStringLiteral("origin"));
    QCOMPARE(evaluate[1][0].toString(), QStringLiteral("quant"));
    QCOMPARE(evaluate[1][1].toString(), b->url);
    for (const QString& name : {QStringLiteral("pair-origin"), QStringLiteral("pair-quant")}) {
      ct::jobs::Job* stop = page.stop(name);
      QTRY_VERIFY_WITH_TIMEOUT(stop->isFinished(), 60000);
      QVERIFY2(stop->record().state == ct::jobs::JobState::Succeeded, qPrintable(stop->record().errorMessage));
    }
    QVERIFY(QDir(host_.leaseDir).entryList({QStringLiteral("lease-*")}).isEmpty());
  }
};

QTEST_MAIN(TestDeployPages)
#include "tst_deploy_pages.moc"
