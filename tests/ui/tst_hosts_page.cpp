#include <QCheckBox>
#include <QComboBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>

#include "hosts/host_dialog.h"
#include "evaluate/evaluate_page.h"
#include "hosts/hosts_page.h"
#include "quantize/quantize_page.h"
#include "jobs/job.h"
#include "jobs/job_manager.h"
#include "jobs/job_store.h"
#include "services/service_registry.h"
#include "../remote/remote_test_env.h"
#include "../remote/stand_ins.h"
#include "auth/keychain.h"
#include "private_keyring.h"
#include "remote/host_store.h"
#include "remote/ssh_askpass.h"
#include "remote/ssh_host.h"
#include "sshd_fixture.h"
#include "util/paths.h"

using ct::test::RemoteTestEnv;

// The Hosts page against a real sshd: a host added, its connection tested step by step through a
// `ct hosts test` child, its remote jobs listed; ct-studio leaves remote jobs running when it quits
// and follows them again when it starts.
class TestHostsPage : public QObject {
  Q_OBJECT
  RemoteTestEnv env_;
  ct::test::SshdFixture sshd_;

  QString cell(QTableWidget* t, int row, int col) { return t->item(row, col) ? t->item(row, col)->text() : QString(); }
  static bool saw(const ct::jobs::Job* job, const QString& line) {
    for (const auto& l : job->logs().since(0))
      if (l.message == line) return true;
    return false;
  }

 private Q_SLOTS:
  void initTestCase() {
    env_.applyToThisProcess();
    qputenv("CT_BIN", CT_BIN_PATH);
    QString error;
    QVERIFY2(sshd_.start(&error), qPrintable(error));
  }

  void addTestAndListJobs() {
    ct::jobs::JobManager manager(ct::paths::jobsDatabase());
    QVERIFY(manager.open(nullptr));
    ct::ui::HostsPage page(&manager);
    page.resize(1100, 760);
    QCOMPARE(page.hostTable()->rowCount(), 0);

    ct::ui::HostDialog dialog;
    auto bad = env_.profileFor(sshd_, QStringLiteral("bad name"));
    dialog.setProfile(bad, false);
    QVERIFY(dialog.problem().contains(QStringLiteral("host name 'bad name'")));
    auto p = env_.profileFor(sshd_, QStringLiteral("gpu"));
    dialog.setProfile(p, false);
    QCOMPARE(dialog.problem(), QString());
    QString error;
    QVERIFY2(page.saveHost(dialog.profile(), false, &error), qPrintable(error));
    QCOMPARE(page.hostTable()->rowCount(), 1);
    QVERIFY(cell(page.hostTable(), 0, 2).startsWith(QStringLiteral("configuring")));

    ct::jobs::Job* job = page.testConnection(QStringLiteral("gpu"));
    QVERIFY(job);
    QCOMPARE(cell(page.hostTable(), 0, 2), QStringLiteral("connecting"));
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 90000);
    QCOMPARE(cell(page.hostTable(), 0, 2), QStringLiteral("available"));
    QCOMPARE(page.stepTable()->rowCount(), 14);
    QCOMPARE(cell(page.stepTable(), 0, 1), QStringLiteral("ok"));
    QCOMPARE(cell(page.stepTable(), 8, 0), QStringLiteral("vllm"));
    QCOMPARE(cell(page.stepTable(), 8, 1), QStringLiteral("missing"));
    QVERIFY(cell(page.stepTable(), 8, 4).contains(QStringLiteral("pip install vllm")));

    const auto run = env_.ct({QStringLiteral("run"), QStringLiteral("gpu"), QStringLiteral("--detach"), QStringLiteral("--"), QStringLiteral("sleep"), QStringLiteral("30")});
    QVERIFY2(run.code == 0, run.all().constData());
    page.reload();
    QCOMPARE(page.jobTable()->rowCount(), 1);
    QCOMPARE(cell(page.jobTable(), 0, 2), QStringLiteral("running"));
    page.grab().save(env_.path(QStringLiteral("hosts_page.png")));
    if (qEnvironmentVariableIsSet("CT_SCREENSHOT_DIR")) page.grab().save(qEnvironmentVariable("CT_SCREENSHOT_DIR") + QStringLiteral("/hosts_page.png"));
    QCOMPARE(env_.ct({QStringLiteral("jobs"), QStringLiteral("cancel"), cell(page.jobTable(), 0, 0), QStringLiteral("--grace"), QStringLiteral("1")}).code, 0);
  }

  void remoteJobsOutliveTheGuiAndAreFollowedAgain() {
    const auto run = env_.ct({QStringLiteral("run"), QStringLiteral("gpu"), QStringLiteral("--detach"), QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
                              QStringLiteral("echo first; sleep 3; echo second")});
    QVERIFY2(run.code == 0, run.all().constData());
    const QString id = QString::fromUtf8(run.out).section(QLatin1Char(' '), 2, 2);
    {
      ct::jobs::JobManager manager(ct::paths::jobsDatabase());
      QVERIFY(manager.open(nullptr));
      const auto resumed = manager.resumeRemoteJobs();
      QCOMPARE(resumed.size(), 1);
      QCOMPARE(resumed.first()->id(), id);
      QTRY_VERIFY_WITH_TIMEOUT(saw(resumed.first(), QStringLiteral("first")), 20000);
      manager.cancelAll();  // what quitting ct-studio does: the follower detaches, the job runs on
      QTRY_VERIFY_WITH_TIMEOUT(resumed.first()->isFinished(), 20000);
    }
    ct::jobs::JobStore store(ct::paths::jobsDatabase());
    QVERIFY(store.open(nullptr));
    QCOMPARE(store.get(id)->state, ct::jobs::JobState::Running);
    ct::jobs::JobManager again(ct::paths::jobsDatabase());
    QVERIFY(again.open(nullptr));
    const auto resumed = again.resumeRemoteJobs();
    QCOMPARE(resumed.size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(resumed.first()->isFinished(), 30000);
    QCOMPARE(store.get(id)->state, ct::jobs::JobState::Succeeded);
    QVERIFY(saw(resumed.first(), QStringLiteral("second")));
  }

  // The Quantize page's "Run on": the host from the profile above, its folders the host's, ct
  // there quantizing, the checkpoint copied back and offered to the next steps.
  void quantizePageRunsOnTheHost() {
    QVERIFY(ct::test::installStandIns(sshd_));  // ct on the host's PATH
    ct::jobs::JobManager manager(ct::paths::jobsDatabase());
    QVERIFY(manager.open(nullptr));
    ct::ui::QuantizePage page(&manager);
    page.resize(1100, 760);
    page.show();
    auto* runOn = page.findChild<QComboBox*>(QStringLiteral("quantRunOn"));
    QVERIFY(runOn->isEnabled());
    runOn->setCurrentIndex(runOn->findData(QStringLiteral("gpu")));
    QVERIFY(page.findChild<QLineEdit*>(QStringLiteral("quantPull"))->isVisible());
    QVERIFY2(page.startReason().contains(QStringLiteral("path on gpu")), qPrintable(page.startReason()));
    page.findChild<QLineEdit*>(QStringLiteral("quantModel"))->setText(QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"));
    const QString remoteOut = sshd_.dir() + QStringLiteral("/work/q-page");
    const QString pulled = env_.path(QStringLiteral("q-page-local"));
    page.findChild<QLineEdit*>(QStringLiteral("quantOut"))->setText(remoteOut);
    page.findChild<QLineEdit*>(QStringLiteral("quantPull"))->setText(pulled);
    page.findChild<QSpinBox*>(QStringLiteral("quantSamples"))->setValue(8);
    page.findChild<QSpinBox*>(QStringLiteral("quantSeqlen"))->setValue(64);
    QCOMPARE(page.startReason(), QString());
    QVERIFY(page.findChild<QLabel*>(QStringLiteral("quantPlan"))->text().contains(QStringLiteral("Runs on gpu")));
    const QStringList args = page.arguments(false);
    QCOMPARE(args.mid(args.indexOf(QStringLiteral("--on")), 4), (QStringList{QStringLiteral("--on"), QStringLiteral("gpu"), QStringLiteral("--pull"), pulled}));
    ct::jobs::Job* job = page.start(false);
    QVERIFY(job);
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 150000);
    QVERIFY2(job->record().state == ct::jobs::JobState::Succeeded, qPrintable(job->record().errorMessage));
    QVERIFY(QFileInfo::exists(remoteOut + QStringLiteral("/model.safetensors")));
    QVERIFY(QFileInfo::exists(pulled + QStringLiteral("/model.safetensors")));
    QVERIFY(page.findChild<QPushButton*>(QStringLiteral("quantNext_compile"))->isVisible());
  }

  // The Evaluate page's "Run on" (lm-eval / EvalPlus only): a local service cannot be a target
  // there; a URL as the host sees it is, and the stand-in lm_eval's results come back and show.
  void evaluatePageRunsLmEvalOnTheHost() {
    ct::jobs::JobManager manager(ct::paths::jobsDatabase());
    QVERIFY(manager.open(nullptr));
    ct::services::ServiceRegistry registry(&manager);
    ct::ui::EvaluatePage page(&manager, &registry);
    page.resize(1100, 760);
    page.show();
    auto* runOn = page.findChild<QComboBox*>(QStringLiteral("evalRunOn"));
    QVERIFY(!runOn->isVisible());  // the built-in evaluator runs here
    page.setFramework(QStringLiteral("lm-eval"));
    QVERIFY(runOn->isVisible());
    runOn->setCurrentIndex(runOn->findData(QStringLiteral("gpu")));
    page.setTasks({QStringLiteral("arc_easy")});
    QVERIFY(page.setTarget(QStringLiteral("origin"), QStringLiteral(CT_SOURCE_DIR "/resources/demo-model")));
    QVERIFY2(page.startReason().contains(QStringLiteral("On gpu the tool reaches")), qPrintable(page.startReason()));
    page.setEndpoint(QStringLiteral("origin"), QStringLiteral("http://127.0.0.1:8000/v1"));
    page.setIncluded(QStringLiteral("quant"), false);  // the checkpoint quantized above, offered as a folder here
    page.setIncluded(QStringLiteral("fpga"), false);
    QVERIFY2(page.startReason().contains(QStringLiteral("model name the endpoint serves")), qPrintable(page.startReason()));
    page.findChild<QLineEdit*>(QStringLiteral("evalServedModel"))->setText(QStringLiteral("demo"));
    QCOMPARE(page.startReason(), QString());
    const QStringList args = page.arguments();
    QCOMPARE(args.mid(args.indexOf(QStringLiteral("--on")), 4), (QStringList{QStringLiteral("--on"), QStringLiteral("gpu"), QStringLiteral("--model"), QStringLiteral("demo")}));
    QVERIFY(page.start());
    QTRY_VERIFY_WITH_TIMEOUT(page.job() && page.job()->isFinished(), 120000);
    if (page.job()->record().state != ct::jobs::JobState::Succeeded)
      for (const auto& l : page.job()->logs().since(0)) qWarning("%s", qPrintable(l.message));
    QVERIFY2(page.job()->record().state == ct::jobs::JobState::Succeeded, qPrintable(page.job()->record().errorMessage));
    QVERIFY(page.job()->record().result.value(QStringLiteral("results")).toObject().contains(QStringLiteral("arc_easy")));
  }

  // A key with a passphrase and no agent: the dialog's Remember passphrase hands it to a
  // `ct hosts test` child on its stdin, which keeps it in the (private) keychain once it worked.
  void rememberPassphraseFromTheDialog() {
    ct::test::PrivateKeyring keyring;
    QString error;
    QVERIFY2(keyring.start(&error), qPrintable(error));
    auto p = env_.profileFor(sshd_, QStringLiteral("locked"));
    p.identity = env_.path(QStringLiteral("locked_key"));
    QVERIFY2(ct::test::SshdFixture::makeKey(p.identity, QStringLiteral("dialog passphrase 5"), &error), qPrintable(error));
    QFile pub(p.identity + QStringLiteral(".pub")), auth(sshd_.dir() + QStringLiteral("/authorized_keys"));
    QVERIFY(pub.open(QIODevice::ReadOnly) && auth.open(QIODevice::Append));
    auth.write(pub.readAll());
    auth.close();

    ct::jobs::JobManager manager(ct::paths::jobsDatabase());
    QVERIFY(manager.open(nullptr));
    ct::ui::HostsPage page(&manager);
    ct::ui::HostDialog dialog;
    dialog.setProfile(p, false);
    auto* remember = dialog.findChild<QCheckBox*>(QStringLiteral("hostRememberPassphrase"));
    auto* field = dialog.findChild<QLineEdit*>(QStringLiteral("hostPassphrase"));
    QVERIFY(remember && field && !field->isEnabled());
    remember->setChecked(true);
    QVERIFY(field->isEnabled() && field->echoMode() == QLineEdit::Password);
    QVERIFY(dialog.problem().contains(QStringLiteral("passphrase")));  // ticked but empty
    field->setText(QStringLiteral("dialog passphrase 5"));
    QCOMPARE(dialog.problem(), QString());
    QVERIFY(dialog.rememberPassphrase());
    QVERIFY2(page.saveHost(dialog.profile(), false, &error), qPrintable(error));
    ct::jobs::Job* job = page.testConnection(QStringLiteral("locked"), dialog.passphrase(), true);  // what OK does next
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 60000);
    QVERIFY2(job->record().state == ct::jobs::JobState::Succeeded, qPrintable(job->record().errorMessage));
    QCOMPARE(ct::auth::Keychain().read(ct::remote::passphraseEntry(QStringLiteral("locked"))).data, QByteArray("dialog passphrase 5"));
    ct::remote::HostStore store(ct::paths::jobsDatabase());
    QVERIFY(store.open(nullptr) && store.get(QStringLiteral("locked"))->rememberPassphrase);
    page.select(QStringLiteral("locked"));
    auto* forget = page.findChild<QPushButton*>(QStringLiteral("hostForgetPassphrase"));
    QVERIFY(forget && forget->isEnabled());
    QVERIFY2(page.forgetPassphrase(QStringLiteral("locked"), &error), qPrintable(error));
    QCOMPARE(ct::auth::Keychain().read(ct::remote::passphraseEntry(QStringLiteral("locked"))).status, ct::auth::Keychain::Status::NotFound);
    QVERIFY(!store.get(QStringLiteral("locked"))->rememberPassphrase);
    ct::remote::SshHost(*store.get(QStringLiteral("locked"))).stopMaster();
  }

  void cleanupTestCase() { sshd_.stop(); }
};

QTEST_MAIN(TestHostsPage)
#include "tst_hosts_page.moc"
