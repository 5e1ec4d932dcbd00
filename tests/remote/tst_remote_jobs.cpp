#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>
#include <csignal>

#include "hostile_names.h"
#include "jobs/event.h"
#include "remote/host_store.h"
#include "remote/ssh_host.h"
#include "remote_test_env.h"
#include "util/paths.h"
#include "sshd_fixture.h"

using ct::test::RemoteTestEnv;
using ct::test::SshdFixture;

// `ct run` and `ct jobs` against a real sshd: commands run as jobs in their own process group
// on the host, stream back, survive their SSH master being killed, and cancel completely.
class TestRemoteJobs : public QObject {
  Q_OBJECT
  RemoteTestEnv env_;
  SshdFixture sshd_;

  QList<ct::jobs::Event> events(const QByteArray& out) {
    QList<ct::jobs::Event> list;
    for (const QByteArray& line : out.split('\n'))
      if (auto e = ct::jobs::Event::parseLine(line, nullptr)) list << *e;
    return list;
  }
  QJsonObject record(const QString& id) {
    return QJsonDocument::fromJson(env_.ct({QStringLiteral("jobs"), QStringLiteral("show"), id, QStringLiteral("--json")}).out).object();
  }
  QByteArray hostFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  }

 private Q_SLOTS:
  void initTestCase() {
    env_.applyToThisProcess();
    QString error;
    QVERIFY2(sshd_.start(&error), qPrintable(error));
    const auto r = env_.ct(RemoteTestEnv::addFlags(env_.profileFor(sshd_, QStringLiteral("gpu"))));
    QVERIFY2(r.code == 0, r.all().constData());
  }

  void hostileArgumentsArriveAsGivenAndRunNothing() {
    const QString canary = sshd_.home() + QStringLiteral("/CANARY");
    const QStringList names = ct::test::hostileNames(canary);
    const auto r = env_.ct(QStringList{QStringLiteral("run"), QStringLiteral("gpu"), QStringLiteral("--"), QStringLiteral("printf"), QStringLiteral("%s\\0")} + names);
    QVERIFY2(r.code == 0, r.all().constData());
    QByteArray out = r.out;
    QVERIFY(out.endsWith('\n'));
    out.chop(1);  // the last line had no newline of its own
    QList<QByteArray> got = out.split('\0');
    got.removeLast();
    QCOMPARE(got.size(), names.size());
    for (int i = 0; i < names.size(); ++i) QCOMPARE(QString::fromUtf8(got[i]), names[i]);
    QVERIFY(!QFileInfo::exists(canary));
    QVERIFY(!QFileInfo::exists(QStringLiteral("/root/CANARY")));
    // The job folder on the host records argv byte for byte.
    const QJsonArray list = QJsonDocument::fromJson(env_.ct({QStringLiteral("jobs"), QStringLiteral("--json"), QStringLiteral("--limit"), QStringLiteral("1")}).out).array();
    const QJsonObject job = list.first().toObject();
    QCOMPARE(job.value(QStringLiteral("remote_host")).toString(), QStringLiteral("gpu"));
    const QString dir = job.value(QStringLiteral("remote")).toObject().value(QStringLiteral("dir")).toString();
    QByteArray argv;
    for (const QString& a : QStringList{QStringLiteral("printf"), QStringLiteral("%s\\0")} + names) argv += a.toUtf8() + '\0';
    QCOMPARE(hostFile(dir + QStringLiteral("/argv")), argv);
    QCOMPARE(hostFile(dir + QStringLiteral("/status")).trimmed(), QByteArray("0"));
    for (const char* f : {"pid", "monitor", "started", "ended", "log"}) QVERIFY2(QFileInfo::exists(dir + QLatin1Char('/') + QLatin1String(f)), f);
  }

  void failureNamesTheHostAndTheExitCode() {
    const auto r = env_.ct({QStringLiteral("run"), QStringLiteral("gpu"), QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo out; echo err >&2; exit 7")});
    QCOMPARE(r.code, 1);
    QVERIFY(r.out.contains("out\n") && r.out.contains("err\n"));
    QVERIFY2(r.err.contains("exited with code 7 on gpu (127.0.0.1)"), r.err.constData());
    const auto missing = env_.ct({QStringLiteral("run"), QStringLiteral("gpu"), QStringLiteral("--"), QStringLiteral("no-such-program-x")});
    QCOMPARE(missing.code, 1);
    QVERIFY2(missing.all().contains("not found") && missing.err.contains("code 127"), missing.all().constData());
  }

  void remoteCtEventsBecomeThisJobsEvents() {
    // A remote `ct ... --json` (here ct doctor on the "host") drives this job's progress.
    const auto r = env_.ct({QStringLiteral("run"), QStringLiteral("gpu"), QStringLiteral("--json"), QStringLiteral("--"), ct::test::ctBinary(), QStringLiteral("doctor"), QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.all().constData());
    const auto list = events(r.out);
    int progress = 0;
    QString job;
    for (const auto& e : list) {
      if (job.isEmpty()) job = e.job;
      QCOMPARE(e.job, job);  // everything under this job's id, none under the remote one's
      if (e.type == ct::jobs::Event::Type::Progress && e.unit == QLatin1String("checks")) ++progress;
    }
    QVERIFY(progress >= 3);
    QCOMPARE(list.last().state, ct::jobs::JobState::Succeeded);
    QVERIFY(list[list.size() - 2].result.contains(QStringLiteral("checks")));
  }

  void killedMasterIsReattachedWithoutLostOrRepeatedLines() {
    QProcess run;
    run.setProcessEnvironment(env_.environment());
    run.start(ct::test::ctBinary(), {QStringLiteral("run"), QStringLiteral("gpu"), QStringLiteral("--json"), QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
                                     QStringLiteral("i=0; while [ $i -lt 200 ]; do i=$((i+1)); echo \"line $i\"; sleep 0.01; done")});
    QVERIFY(run.waitForStarted());
    struct Guard {
      QProcess& p;
      ~Guard() {
        if (p.state() != QProcess::NotRunning) {
          ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
          p.waitForFinished(5000);
        }
      }
    } guard{run};
    QByteArray out;
    while (out.count("\"line ") < 40 && run.waitForReadyRead(20000)) out += run.readAllStandardOutput();
    QVERIFY2(out.count("\"line ") >= 40, out.constData());
    ct::remote::HostStore store(ct::paths::jobsDatabase());
    QVERIFY(store.open(nullptr));
    ct::remote::SshHost ssh(*store.get(QStringLiteral("gpu")));
    const qint64 master = ssh.masterPid();
    QVERIFY(master > 0);
    QVERIFY(::kill(static_cast<pid_t>(master), SIGKILL) == 0);
    QVERIFY(run.waitForFinished(60000));
    out += run.readAllStandardOutput();
    QCOMPARE(run.exitCode(), 0);
    QStringList lines;
    bool sawDrop = false;
    for (const auto& e : events(out)) {
      if (e.type != ct::jobs::Event::Type::Log) continue;
      if (e.message.startsWith(QStringLiteral("line "))) lines << e.message;
      if (e.message.contains(QStringLiteral("lost the link"))) sawDrop = true;
    }
    QVERIFY2(sawDrop, "the dropped link was not reported");
    QCOMPARE(lines.size(), 200);
    for (int i = 0; i < 200; ++i) QCOMPARE(lines[i], QStringLiteral("line %1").arg(i + 1));
    const qint64 again = ssh.masterPid();
    QVERIFY(again > 0 && again != master);
  }

  void cancelEndsTheWholeGroup() {
    // Two children and one that ignores TERM (only KILL ends it); each PID is checked afterwards.
    QProcess run;
    run.setProcessEnvironment(env_.environment());
    const QString script = QStringLiteral(
        "sleep 300 & echo $! > kids; sleep 300 & echo $! >> kids; sh -c 'trap \"\" TERM; sleep 300 & wait' & echo $! >> kids; echo ready; wait");
    run.start(ct::test::ctBinary(), {QStringLiteral("run"), QStringLiteral("gpu"), QStringLiteral("--grace"), QStringLiteral("1"), QStringLiteral("--cd"), sshd_.home(), QStringLiteral("--"),
                                     QStringLiteral("sh"), QStringLiteral("-c"), script});
    QVERIFY(run.waitForStarted());
    QByteArray out;
    while (!out.contains("ready") && run.waitForReadyRead(20000)) out += run.readAllStandardOutput();
    QVERIFY(out.contains("ready"));
    const QJsonArray list = QJsonDocument::fromJson(env_.ct({QStringLiteral("jobs"), QStringLiteral("--json"), QStringLiteral("--limit"), QStringLiteral("1")}).out).array();
    const QJsonObject job = list.first().toObject();
    QVERIFY(job.value(QStringLiteral("followed")).toBool());
    const QString id = job.value(QStringLiteral("id")).toString();
    const QString dir = job.value(QStringLiteral("remote")).toObject().value(QStringLiteral("dir")).toString();
    QList<qint64> pids{hostFile(dir + QStringLiteral("/pid")).trimmed().toLongLong()};
    for (const QByteArray& p : hostFile(sshd_.home() + QStringLiteral("/kids")).split('\n'))
      if (!p.isEmpty()) pids << p.toLongLong();
    QCOMPARE(pids.size(), 4);
    for (qint64 p : pids) QVERIFY(ct::test::pidAlive(p));
    const auto c = env_.ct({QStringLiteral("jobs"), QStringLiteral("cancel"), id});
    QVERIFY2(c.code == 0, c.all().constData());
    QVERIFY(run.waitForFinished(30000));
    QCOMPARE(run.exitCode(), 130);
    for (qint64 p : pids) QVERIFY2(!ct::test::pidAlive(p), qPrintable(QStringLiteral("pid %1 is still alive").arg(p)));
    const QJsonObject rec = record(id);
    QCOMPARE(rec.value(QStringLiteral("state")).toString(), QStringLiteral("cancelled"));
    const auto log = env_.ct({QStringLiteral("jobs"), QStringLiteral("log"), id});
    QVERIFY2(log.out.contains("none left"), log.out.constData());
    QCOMPARE(hostFile(dir + QStringLiteral("/status")).trimmed(), QByteArray("143"));
  }

  void detachedJobIsListedWithItsHostAndReattached() {
    const auto start = env_.ct({QStringLiteral("run"), QStringLiteral("gpu"), QStringLiteral("--detach"), QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
                                QStringLiteral("echo one; sleep 1; echo two")});
    QVERIFY2(start.code == 0, start.all().constData());
    const QString id = QString::fromUtf8(start.out).section(QLatin1Char(' '), 2, 2);
    const auto list = env_.ct({QStringLiteral("jobs")});
    QVERIFY2(list.out.contains((id + QStringLiteral("  run         running*    gpu")).toUtf8()), list.out.constData());
    const auto attach = env_.ct({QStringLiteral("jobs"), QStringLiteral("attach"), id});
    QVERIFY2(attach.code == 0, attach.all().constData());
    QCOMPARE(attach.out, QByteArray("one\ntwo\n"));
    QCOMPARE(record(id).value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    // A detached job can also be cancelled without anything following it.
    const auto again = env_.ct({QStringLiteral("run"), QStringLiteral("gpu"), QStringLiteral("--detach"), QStringLiteral("--"), QStringLiteral("sleep"), QStringLiteral("300")});
    const QString id2 = QString::fromUtf8(again.out).section(QLatin1Char(' '), 2, 2);
    const auto c = env_.ct({QStringLiteral("jobs"), QStringLiteral("cancel"), id2});
    QVERIFY2(c.code == 0 && c.out.contains("none left"), c.all().constData());
    QCOMPARE(record(id2).value(QStringLiteral("state")).toString(), QStringLiteral("cancelled"));
  }

  void cleanupTestCase() {
    sshd_.stop();
    QVERIFY(sshd_.sessionProcesses().isEmpty());
  }
};

QTEST_GUILESS_MAIN(TestRemoteJobs)
#include "tst_remote_jobs.moc"
