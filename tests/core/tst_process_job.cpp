#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "jobs/job_manager.h"
#include "jobs/job_store.h"
#include "jobs/process_job.h"

using namespace ct::jobs;

class TestProcessJob : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

  ProcessJob* start(JobManager& m, const QStringList& args) {
    return static_cast<ProcessJob*>(m.startProgram(QStringLiteral("helper"), QStringLiteral(CT_TEST_HELPER), args));
  }

 private Q_SLOTS:
  void eventsDriveTheJob() {
    JobManager m(dir_.filePath(QStringLiteral("a.sqlite")));
    QVERIFY(m.open(nullptr));
    Job* job = start(m, {QStringLiteral("events"), QStringLiteral("5"), QStringLiteral("5")});
    QSignalSpy finished(job, &Job::finished);
    QSignalSpy metric(job, &Job::metricAdded);
    QVERIFY(finished.wait(10000));
    const JobRecord& r = job->record();
    QCOMPARE(r.state, JobState::Succeeded);
    QCOMPARE(r.done, 5.0);
    QCOMPARE(r.total, 5.0);
    QCOMPARE(r.unit, QStringLiteral("steps"));
    QCOMPARE(r.result.value(QStringLiteral("steps")).toInt(), 5);
    QCOMPARE(metric.count(), 5);
    QCOMPARE(job->metrics().value(QStringLiteral("loss")).size(), 5);
    const auto lines = job->logs().since(0);
    QCOMPARE(lines.size(), 10);  // 5 log events + 5 plain lines
    QCOMPARE(lines[1].message, QStringLiteral("plain text line 1"));
    // The manager wrote the history the helper could not write itself.
    JobStore s(dir_.filePath(QStringLiteral("a.sqlite")));
    QVERIFY(s.open(nullptr));
    QCOMPARE(s.get(job->id())->state, JobState::Succeeded);
  }

  void crashFailsTheJobEvenAfterItsEvents() {
    JobManager m(dir_.filePath(QStringLiteral("b.sqlite")));
    QVERIFY(m.open(nullptr));
    Job* job = start(m, {QStringLiteral("crash")});
    QSignalSpy finished(job, &Job::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(job->record().state, JobState::Failed);
    QCOMPARE(job->record().errorCode, QStringLiteral("crashed"));
    QVERIFY(job->record().errorMessage.contains(QStringLiteral("SIGSEGV")));
  }

  void exitCodesMapToStates() {
    JobManager m(dir_.filePath(QStringLiteral("c.sqlite")));
    QVERIFY(m.open(nullptr));
    Job* cancelled = start(m, {QStringLiteral("exit"), QStringLiteral("130")});
    Job* failed = start(m, {QStringLiteral("exit"), QStringLiteral("1")});
    QTRY_VERIFY_WITH_TIMEOUT(cancelled->isFinished() && failed->isFinished(), 10000);
    QCOMPARE(cancelled->record().state, JobState::Cancelled);
    QCOMPARE(failed->record().state, JobState::Failed);
    QVERIFY(failed->record().errorMessage.contains(QStringLiteral("exit code 1")));
    // stderr arrives as warnings
    QCOMPARE(failed->logs().since(0).first().level, LogLevel::Warning);
  }

  void cancelEndsARunningJob() {
    JobManager m(dir_.filePath(QStringLiteral("d.sqlite")));
    QVERIFY(m.open(nullptr));
    auto* job = start(m, {QStringLiteral("events"), QStringLiteral("1000"), QStringLiteral("50")});
    QTRY_VERIFY_WITH_TIMEOUT(job->record().done >= 2, 10000);
    QVERIFY(job->canCancel());
    const qint64 pid = job->pid();
    job->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 10000);
    QCOMPARE(job->record().state, JobState::Cancelled);
    QTRY_VERIFY(!processAlive(pid));
  }

  void watchdogFailsASilentJob() {
    JobManager m(dir_.filePath(QStringLiteral("e.sqlite")));
    QVERIFY(m.open(nullptr));
    Job* job = m.startProgram(QStringLiteral("helper"), QStringLiteral(CT_TEST_HELPER), {QStringLiteral("hang")}, {}, 300);
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 10000);
    QCOMPARE(job->record().state, JobState::Failed);
    QCOMPARE(job->record().errorCode, QStringLiteral("watchdog"));
  }
};

QTEST_GUILESS_MAIN(TestProcessJob)
#include "tst_process_job.moc"
