#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QtTest>
#include <csignal>

#include "ct_run.h"
#include "deploy/deployment.h"
#include "deploy_host.h"
#include "private_keyring.h"
#include "raw_http.h"

using namespace ct::test;

namespace {

QJsonObject lastJson(const QByteArray& out) {
  const QList<QByteArray> lines = out.trimmed().split('\n');
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    const QJsonDocument d = QJsonDocument::fromJson(*it);
    if (d.isObject()) return d.object();
  }
  return {};
}

// The result of a job command run with --json (its "result" event).
QJsonObject resultOf(const QByteArray& out) {
  for (const QByteArray& line : out.split('\n')) {
    const QJsonObject o = QJsonDocument::fromJson(line).object();
    if (o.value(QStringLiteral("type")) == QLatin1String("result")) return o.value(QStringLiteral("result")).toObject();
  }
  return {};
}

// A lease held by "another user's" holder: `ct lease hold` started here on the same lease folder,
// which is what a colleague's deployment leaves there. Ended by PID.
struct ForeignLease {
  QProcess p;
  QJsonObject record;
  bool start(const QStringList& args) {
    p.start(ctBinary(), QStringList{QStringLiteral("lease"), QStringLiteral("hold")} + args);
    if (!p.waitForReadyRead(10000)) return false;
    record = QJsonDocument::fromJson(p.readLine()).object();
    return record.value(QStringLiteral("ok")).toBool();
  }
  ~ForeignLease() {
    if (p.state() != QProcess::NotRunning) {
      p.terminate();
      if (!p.waitForFinished(5000)) p.kill();
      p.waitForFinished(2000);
    }
  }
};

}  // namespace

// ct deploy end to end through a real sshd: the stand-in vLLM (which serves the demo model with
// ct host + ct serve) and the stand-in nvidia-smi (which shows what the stand-ins hold) on a
// recorded 4× H100 host; the origin and the int4 demo model side by side, each scored by
// ct eval through its tunnel; stopped, leases released, no process left (checked by PID); and
// the refusals with their messages.
class TstDeployE2e : public QObject {
  Q_OBJECT
  ct::test::PrivateKeyring keyring_;  // deployment keys live in the keychain
  DeployHost host_;
  QTemporaryDir work_;
  QString int4_;

  RemoteTestEnv::CtResult ct(const QStringList& args, int timeoutMs = 120000) { return host_.env.ct(args, timeoutMs); }

  QJsonObject gpus() {
    const auto r = ct({QStringLiteral("gpus"), QStringLiteral("gpuhost"), QStringLiteral("--json")});
    if (r.code != 0) qWarning("%s", r.all().constData());
    return lastJson(r.out);
  }

 private Q_SLOTS:
  void initTestCase() {
    QString error;
    QVERIFY2(keyring_.start(&error), qPrintable(error));
    QVERIFY2(host_.start(&error), qPrintable(error));
    host_.env.applyToThisProcess();
    // The int4 demo checkpoint (GPTQ, group 32), made once.
    int4_ = work_.filePath(QStringLiteral("demo-int4"));
    QByteArray err;
    const QJsonObject r = runCt({QStringLiteral("quantize"), demoModel(), QStringLiteral("--out"), int4_, QStringLiteral("--group-size"), QStringLiteral("32"),
                                 QStringLiteral("--nsamples"), QStringLiteral("16")},
                                180000, &err);
    QVERIFY2(r.value(QStringLiteral("type")) == QLatin1String("result"), err.right(2000).constData());
  }

  void inventoryThroughSsh() {
    const QJsonObject g = gpus();
    const QJsonArray list = g.value(QStringLiteral("gpus")).toArray();
    QCOMPARE(list.size(), 4);
    QCOMPARE(list[2].toObject().value(QStringLiteral("bus_id")).toString(), QStringLiteral("00000000:08:00.0"));
    QCOMPARE(g.value(QStringLiteral("nvlink_cliques")).toArray().size(), 1);  // NV18 between all four
    QVERIFY(g.value(QStringLiteral("leases")).toArray().isEmpty());
    const auto plan = ct({QStringLiteral("gpus"), QStringLiteral("gpuhost"), QStringLiteral("--plan"), QStringLiteral("2"), QStringLiteral("--memory"), QStringLiteral("20"),
                          QStringLiteral("--json")});
    QVERIFY2(plan.code == 0, plan.all().constData());
    QCOMPARE(lastJson(plan.out).value(QStringLiteral("picked")).toArray().size(), 2);
    const auto leases = ct({QStringLiteral("leases"), QStringLiteral("gpuhost")});
    QVERIFY2(leases.code == 0 && leases.out.contains("no leases in " + host_.leaseDir.toUtf8()), leases.all().constData());
  }

  void originAndInt4SideBySide() {
    // The origin from a local folder (pushed first), the int4 checkpoint the same way.
    const auto a = ct({QStringLiteral("deploy"), QStringLiteral("gpuhost"), demoModel(), QStringLiteral("--name"), QStringLiteral("origin"), QStringLiteral("--gpus"),
                       QStringLiteral("1"), QStringLiteral("--memory"), QStringLiteral("20"), QStringLiteral("--max-model-len"), QStringLiteral("512"),
                       QStringLiteral("--timeout"), QStringLiteral("60"), QStringLiteral("--json")});
    QVERIFY2(a.code == 0, a.all().right(4000).constData());
    const auto b = ct({QStringLiteral("deploy"), QStringLiteral("gpuhost"), int4_, QStringLiteral("--name"), QStringLiteral("int4"), QStringLiteral("--memory"),
                       QStringLiteral("20"), QStringLiteral("--timeout"), QStringLiteral("60"), QStringLiteral("--json")});
    QVERIFY2(b.code == 0, b.all().right(4000).constData());
    QVERIFY2(b.all().contains("kernel: gptq_marlin"), b.all().constData());
    const QJsonObject da = resultOf(a.out), db = resultOf(b.out);
    QVERIFY2(!da.isEmpty() && !db.isEmpty(), (a.out + b.out).constData());
    const int gpuA = da.value(QStringLiteral("gpu_indices")).toArray()[0].toInt(), gpuB = db.value(QStringLiteral("gpu_indices")).toArray()[0].toInt();
    QVERIFY(gpuA >= 0 && gpuB >= 0);
    // The registration is its owner's only and holds no key: the key is in the keychain.
    const QFile::Permissions perm = QFileInfo(host_.env.environment().value(QStringLiteral("CT_STATE_DIR")) + QStringLiteral("/deployments/origin.json")).permissions();
    QVERIFY(perm & QFile::ReadOwner);
    QVERIFY(!(perm & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther)));
    // The key went to vLLM's environment, never its argv.
    const QJsonArray argv = da.value(QStringLiteral("vllm_argv")).toArray();
    for (const auto& v : argv) QVERIFY(!v.toString().contains(QStringLiteral("api-key")));
    QFile reg(host_.env.environment().value(QStringLiteral("CT_STATE_DIR")) + QStringLiteral("/deployments/origin.json"));
    QVERIFY(reg.open(QIODevice::ReadOnly));
    QString why;
    const QByteArray key = ct::deploy::DeploymentStore::loadKey(QStringLiteral("origin"), &why).toUtf8();
    QVERIFY2(key.size() > 20, qPrintable(why));
    QVERIFY(!reg.readAll().contains(key));
    const qint64 vllmPid = qint64(da.value(QStringLiteral("job")).toObject().value(QStringLiteral("pid")).toDouble());
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(vllmPid)), environ(QStringLiteral("/proc/%1/environ").arg(vllmPid));
    QVERIFY(cmdline.open(QIODevice::ReadOnly) && environ.open(QIODevice::ReadOnly));
    const QByteArray cl = cmdline.readAll();
    QVERIFY2(cl.contains("serve") && !cl.contains(key), cl.constData());
    QVERIFY(environ.readAll().contains("VLLM_API_KEY=" + key));

    // nvidia-smi through SSH shows both stand-ins with their memory, and who holds which lease.
    const QJsonObject g = gpus();
    QCOMPARE(g.value(QStringLiteral("leases")).toArray().size(), 2);
    int listed = 0;
    for (const auto& v : g.value(QStringLiteral("gpus")).toArray()) listed += v.toObject().value(QStringLiteral("processes")).toArray().size();
    QCOMPARE(listed, 2);
    const auto human = ct({QStringLiteral("gpus"), QStringLiteral("gpuhost")});
    QVERIFY2(human.out.contains("(origin, lease") && human.out.contains("(int4, lease"), human.out.constData());

    // Both answer through their tunnels, with their keys; ct eval scores both by name.
    const auto list = ct({QStringLiteral("deploy"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(QJsonDocument::fromJson(list.out).array().size(), 2);
    const auto ev = ct({QStringLiteral("eval"), QStringLiteral("--targets"), QStringLiteral("origin,int4"), QStringLiteral("--tasks"), QStringLiteral("arc_easy"),
                        QStringLiteral("--limit"), QStringLiteral("3"), QStringLiteral("--num-fewshot"), QStringLiteral("0"), QStringLiteral("--out"),
                        work_.filePath(QStringLiteral("eval")), QStringLiteral("--json")},
                       300000);
    QVERIFY2(ev.code == 0, ev.all().right(3000).constData());
    QVERIFY(QFile::exists(work_.filePath(QStringLiteral("eval/origin.json"))) && QFile::exists(work_.filePath(QStringLiteral("eval/int4.json"))));

    // Stop both: process groups gone (by PID), leases released, tunnels closed.
    for (const QString& name : {QStringLiteral("origin"), QStringLiteral("int4")}) {
      const auto s = ct({QStringLiteral("deploy"), QStringLiteral("stop"), name, QStringLiteral("--json")});
      QVERIFY2(s.code == 0, s.all().constData());
      const QJsonObject res = resultOf(s.out);
      const QJsonArray pids = res.value(QStringLiteral("pids")).toArray();
      QVERIFY2(!pids.isEmpty(), s.out.constData());
      for (const auto& p : pids) QVERIFY2(!pidAlive(qint64(p.toDouble())), qPrintable(QString::number(p.toDouble())));
    }
    for (const QJsonObject& d : {da, db})
      for (const char* k : {"tunnel_pid", "holder_pid"}) {
        const qint64 pid = qint64(d.value(QLatin1String(k)).toDouble());
        QVERIFY2(pid > 0 && !pidAlive(pid), k);
      }
    const QJsonObject after = gpus();
    QVERIFY(after.value(QStringLiteral("leases")).toArray().isEmpty());
    for (const auto& v : after.value(QStringLiteral("gpus")).toArray()) QVERIFY(v.toObject().value(QStringLiteral("processes")).toArray().isEmpty());
    QVERIFY(QDir(host_.leaseDir).entryList({QStringLiteral("lease-*")}).isEmpty());
  }

  void killMinus9FreesTheLeaseAtOnce() {
    const auto a = ct({QStringLiteral("deploy"), QStringLiteral("gpuhost"), QStringLiteral("gpuhost:") + host_.sshd->dir() + QStringLiteral("/work/models/demo-model"),
                       QStringLiteral("--name"), QStringLiteral("victim"), QStringLiteral("--memory"), QStringLiteral("10"), QStringLiteral("--timeout"),
                       QStringLiteral("60"), QStringLiteral("--json")});
    QVERIFY2(a.code == 0, a.all().right(3000).constData());
    const QJsonObject d = resultOf(a.out);
    const qint64 group = qint64(d.value(QStringLiteral("job")).toObject().value(QStringLiteral("pid")).toDouble());
    QVERIFY(group > 0);
    QCOMPARE(QJsonDocument::fromJson(ct({QStringLiteral("leases"), QStringLiteral("gpuhost"), QStringLiteral("--json")}).out).array().size(), 1);
    // The host's process group dies at once (vLLM, its engine, the lease holder): the lease is free with it.
    QCOMPARE(::kill(pid_t(-group), SIGKILL), 0);
    for (int i = 0; i < 50 && ::kill(pid_t(-group), 0) == 0; ++i) QTest::qWait(100);
    const auto leases = ct({QStringLiteral("leases"), QStringLiteral("gpuhost"), QStringLiteral("--json")});
    const QJsonArray l = QJsonDocument::fromJson(leases.out).array();
    QCOMPARE(l.size(), 1);  // its record, reported once as stale and removed
    QVERIFY(l[0].toObject().value(QStringLiteral("stale")).toBool());
    QVERIFY(QJsonDocument::fromJson(ct({QStringLiteral("leases"), QStringLiteral("gpuhost"), QStringLiteral("--json")}).out).array().isEmpty());
    const auto list = ct({QStringLiteral("deploy"), QStringLiteral("list")});
    QVERIFY2(list.out.contains("victim") && list.out.contains("exited"), list.out.constData());
    // Stop still tidies up (the tunnel) and finds nothing left to release.
    const auto s = ct({QStringLiteral("deploy"), QStringLiteral("stop"), QStringLiteral("victim"), QStringLiteral("--json")});
    QVERIFY2(s.code == 0, s.all().constData());
    QVERIFY(!pidAlive(qint64(d.value(QStringLiteral("tunnel_pid")).toDouble())));
  }

  void refusesTensorParallelNotDividingHeads() {
    const auto r = ct({QStringLiteral("deploy"), QStringLiteral("gpuhost"), demoModel(), QStringLiteral("--name"), QStringLiteral("tp3"),
                       QStringLiteral("--tensor-parallel-size"), QStringLiteral("3"), QStringLiteral("--memory"), QStringLiteral("10")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("tensor-parallel size 3 does not divide the model's 4 attention heads") && r.err.contains("use one of 1, 2, 4"), r.err.constData());
  }

  void refusesWithoutEnoughFreeMemory() {
    const auto r = ct({QStringLiteral("deploy"), QStringLiteral("gpuhost"), demoModel(), QStringLiteral("--name"), QStringLiteral("huge"), QStringLiteral("--memory"),
                       QStringLiteral("90")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("exceeds its total memory 79.65 GiB"), r.err.constData());
  }

  void refusesGpuHeldByAnotherLease() {
    // Someone else holds all of GPU 2.
    ForeignLease other;
    QVERIFY(other.start({QStringLiteral("--dir"), host_.leaseDir, QStringLiteral("--gpu"), QStringLiteral("GPU-7d4c1b2e-0000-4000-8000-000000000008=81000/81558"),
                         QStringLiteral("--app-user"), QStringLiteral("alice"), QStringLiteral("--job"), QStringLiteral("alice-train")}));
    const auto shown = ct({QStringLiteral("gpus"), QStringLiteral("gpuhost")});
    QVERIFY2(shown.out.contains("by root (alice, lease"), shown.out.constData());
    const auto r = ct({QStringLiteral("deploy"), QStringLiteral("gpuhost"), demoModel(), QStringLiteral("--name"), QStringLiteral("on2"), QStringLiteral("--gpus"),
                       QStringLiteral("00000000:08:00.0"), QStringLiteral("--memory"), QStringLiteral("10")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("alice"), r.err.constData());
    const auto leases = ct({QStringLiteral("leases"), QStringLiteral("gpuhost"), QStringLiteral("--json")});
    QCOMPARE(QJsonDocument::fromJson(leases.out).array().size(), 1);
    // Released through SSH: its holder ends, and GPU 2 takes the deployment.
    const auto rel = ct({QStringLiteral("leases"), QStringLiteral("gpuhost"), QStringLiteral("--release"), other.record.value(QStringLiteral("id")).toString()});
    QVERIFY2(rel.code == 0, rel.all().constData());
    QVERIFY(other.p.waitForFinished(5000));
    const auto none = ct({QStringLiteral("leases"), QStringLiteral("gpuhost")});
    QVERIFY2(none.out.startsWith("no leases in"), none.out.constData());
  }

  void refusesWhenThePortRangeIsExhausted() {
    // A profile whose range holds 17 ports (API port + the 16-port VLLM_PORT block), one of them leased.
    const int first = DeployHost::freeRange(17, host_.portFirst + 200);
    QString error;
    QVERIFY2(host_.addProfile(QStringLiteral("narrow"), first, first + 16, &error), qPrintable(error));
    ForeignLease other;
    QVERIFY(other.start({QStringLiteral("--dir"), host_.leaseDir, QStringLiteral("--ports"), QStringLiteral("1"), QStringLiteral("--port-range"),
                         QStringLiteral("%1-%2").arg(first + 8).arg(first + 8)}));
    const auto r = ct({QStringLiteral("deploy"), QStringLiteral("narrow"), demoModel(), QStringLiteral("--name"), QStringLiteral("noport"), QStringLiteral("--memory"),
                       QStringLiteral("10"), QStringLiteral("--timeout"), QStringLiteral("30")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("lease refused") && r.err.contains("consecutive free ports"), r.err.constData());
    const auto leases = ct({QStringLiteral("leases"), QStringLiteral("narrow"), QStringLiteral("--json")});
    QCOMPARE(QJsonDocument::fromJson(leases.out).array().size(), 1);  // only the other one
  }

  void saysWhatToChangeOnVllmFailure() {
    host_.setFailure("kv-cache");
    const auto r = ct({QStringLiteral("deploy"), QStringLiteral("gpuhost"), demoModel(), QStringLiteral("--name"), QStringLiteral("kv"), QStringLiteral("--memory"),
                       QStringLiteral("10"), QStringLiteral("--max-model-len"), QStringLiteral("1024"), QStringLiteral("--timeout"), QStringLiteral("60")});
    host_.setFailure({});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("KV cache memory") && r.err.contains("--max-model-len 256"), r.err.constData());
    const QJsonObject g = gpus();  // the failed start left nothing behind
    QVERIFY(g.value(QStringLiteral("leases")).toArray().isEmpty());
    for (const auto& v : g.value(QStringLiteral("gpus")).toArray()) QVERIFY(v.toObject().value(QStringLiteral("processes")).toArray().isEmpty());
  }

  void cleanupTestCase() {
    for (const auto& v : QJsonDocument::fromJson(ct({QStringLiteral("deploy"), QStringLiteral("list"), QStringLiteral("--json")}).out).array())
      if (v.toObject().value(QStringLiteral("state")) != QLatin1String("stopped")) ct({QStringLiteral("deploy"), QStringLiteral("stop"), v.toObject().value(QStringLiteral("name")).toString()});
  }
};

QTEST_GUILESS_MAIN(TstDeployE2e)
#include "tst_deploy_e2e.moc"
