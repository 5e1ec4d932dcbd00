// GPU-host work over SSH on loopback, against a real sshd started here (the tests' fixture):
//  1. line-to-event latency: a line written by a job on the host → the event in ct (p50/p99;
//     target p50 ≤ 20 ms), through the remote job path ct run uses;
//  2. transfer throughput: ct push (rsync + verification of every file) vs plain scp of the same
//     file through the same master connection (target ≥ 0.9× scp);
//  3. start overhead: a remote job started and ended (ct's job path, in process, and the whole
//     `ct run` command) vs a bare `ssh HOST true` through the same master.
// Usage: bench_remote [--size-mb N] (default 1024) [--lines N] (default 300)
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <algorithm>
#include <cstdio>
#include <time.h>

#include "remote/remote_job.h"
#include "remote/ssh_host.h"
#include "sshd_fixture.h"

using namespace ct::remote;

namespace {

int64_t realtimeNs() {
  timespec t{};
  clock_gettime(CLOCK_REALTIME, &t);
  return static_cast<int64_t>(t.tv_sec) * 1000000000LL + t.tv_nsec;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

double median(std::vector<double> v) { return percentile(std::move(v), 0.5); }

struct Timed {
  int code = -1;
  double ms = 0;
  QByteArray err;
};

Timed timedRun(const QString& program, const QStringList& args, const QProcessEnvironment& env) {
  QProcess p;
  p.setProcessEnvironment(env);
  QElapsedTimer t;
  t.start();
  p.start(program, args);
  p.waitForFinished(-1);
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, static_cast<double>(t.nsecsElapsed()) / 1e6, p.readAllStandardError()};
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  qint64 sizeMb = 1024;
  int lines = 300;
  const QStringList args = app.arguments();
  for (int i = 1; i + 1 < args.size(); ++i) {
    if (args[i] == QLatin1String("--size-mb")) sizeMb = args[i + 1].toLongLong();
    if (args[i] == QLatin1String("--lines")) lines = args[i + 1].toInt();
  }
  QTemporaryDir scratch(QStringLiteral("/tmp/ct-bench-XXXXXX"));
  QDir().mkpath(scratch.filePath(QStringLiteral("run")));
  QFile(scratch.filePath(QStringLiteral("ssh_config"))).open(QIODevice::WriteOnly);
  qputenv("CT_RUNTIME_DIR", scratch.filePath(QStringLiteral("run")).toUtf8());
  qputenv("CT_SSH_CONFIG", scratch.filePath(QStringLiteral("ssh_config")).toUtf8());
  qputenv("CT_DATA_DIR", scratch.filePath(QStringLiteral("data")).toUtf8());
  qputenv("CT_STATE_DIR", scratch.filePath(QStringLiteral("state")).toUtf8());
  qunsetenv("SSH_AUTH_SOCK");

  ct::test::SshdFixture sshd;
  QString error;
  if (!sshd.start(&error)) {
    std::fprintf(stderr, "bench_remote: %s\n", qPrintable(error));
    return 1;
  }
  HostProfile p;
  p.name = QStringLiteral("bench");
  p.dest = QStringLiteral("127.0.0.1");
  p.port = sshd.port();
  p.user = QStringLiteral("root");
  p.identity = sshd.userKey();
  p.knownHosts = sshd.dir() + QStringLiteral("/known_hosts");
  p.workdir = sshd.dir() + QStringLiteral("/work");
  sshd.writeKnownHosts(p.knownHosts, nullptr);
  SshHost ssh(p);
  if (!ssh.ensureMaster().ok) {
    std::fprintf(stderr, "bench_remote: cannot connect to the test sshd\n");
    return 1;
  }
  const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  const QString ct = QStringLiteral(CT_BIN_PATH);
  std::printf("bench_remote: sshd on 127.0.0.1:%d, %lld MiB transfer, %d lines (%d cores)\n\n", sshd.port(), static_cast<long long>(sizeMb), lines, QThread::idealThreadCount());

  // 1. Line → event latency.
  std::vector<double> latency;
  {
    RemoteJobRunner runner(ssh);
    RemoteJobSpec spec;
    spec.argv = {QStringLiteral("python3"), QStringLiteral("-c"),
                 QStringLiteral("import sys, time\nfor i in range(int(sys.argv[1])):\n    print('%d line' % time.time_ns(), flush=True)\n    time.sleep(0.01)\n"),
                 QString::number(lines)};
    RemoteJobInfo info;
    FollowCallbacks cb;
    cb.line = [&](const QByteArray& l) {
      const int64_t sent = l.split(' ').value(0).toLongLong();
      if (sent > 0) latency.push_back(static_cast<double>(realtimeNs() - sent) / 1e6);
    };
    runner.run(QStringLiteral("latency"), spec, info, cb);
  }
  std::printf("1. line written on the host → event in ct (%zu lines, 10 ms apart)\n", latency.size());
  std::printf("   p50 %8.2f ms   p99 %8.2f ms   max %8.2f ms      target: p50 ≤ 20 ms\n\n", percentile(latency, 0.5), percentile(latency, 0.99), percentile(latency, 1.0));

  // 2. ct push vs scp of the same file.
  const QString file = scratch.filePath(QStringLiteral("payload.bin"));
  {
    QFile f(file);
    f.open(QIODevice::WriteOnly);
    QByteArray chunk(8 << 20, Qt::Uninitialized);
    QRandomGenerator gen(7);
    for (qint64 done = 0; done < (sizeMb << 20); done += chunk.size()) {
      gen.fillRange(reinterpret_cast<quint32*>(chunk.data()), chunk.size() / 4);
      f.write(chunk.constData(), std::min<qint64>(chunk.size(), (sizeMb << 20) - done));
    }
  }
  QProcessEnvironment ctEnv = env;
  for (const char* k : {"CT_RUNTIME_DIR", "CT_SSH_CONFIG", "CT_DATA_DIR", "CT_STATE_DIR"}) ctEnv.insert(QString::fromLatin1(k), qEnvironmentVariable(k));
  ctEnv.remove(QStringLiteral("SSH_AUTH_SOCK"));
  const Timed add = timedRun(ct, {QStringLiteral("hosts"), QStringLiteral("add"), QStringLiteral("bench"), QStringLiteral("--ssh"), p.dest, QStringLiteral("--port"),
                                  QString::number(p.port), QStringLiteral("--user"), p.user, QStringLiteral("--identity"), p.identity, QStringLiteral("--known-hosts"),
                                  p.knownHosts, QStringLiteral("--workdir"), p.workdir},
                             ctEnv);
  if (add.code != 0) {
    std::fprintf(stderr, "bench_remote: ct hosts add failed: %s\n", add.err.constData());
    return 1;
  }
  // The same master for both: scp goes through the socket ct keeps for this host.
  SshHost viaCt(p);
  const QString wrapper = viaCt.wrapperProgram(&error);  // ssh with the profile's options, through its master
  const double mib = static_cast<double>(sizeMb);
  std::vector<double> scpMs, pushMs;
  for (int round = 0; round < 2; ++round) {
    const QString dst = sshd.dir() + QStringLiteral("/scp-%1.bin").arg(round);
    const Timed scp = timedRun(QStringLiteral("scp"), {QStringLiteral("-q"), QStringLiteral("-S"), wrapper, file, QStringLiteral("127.0.0.1:") + dst}, env);
    if (scp.code != 0) std::fprintf(stderr, "scp failed: %s\n", scp.err.constData());
    scpMs.push_back(scp.ms);
    QFile::remove(dst);
    const QString target = sshd.dir() + QStringLiteral("/push-%1.bin").arg(round);
    const Timed push = timedRun(ct, {QStringLiteral("push"), QStringLiteral("bench"), file, target}, ctEnv);
    if (push.code != 0) std::fprintf(stderr, "ct push failed: %s\n", push.err.constData());
    pushMs.push_back(push.ms);
    QFile::remove(target);
  }
  const double scpBest = *std::min_element(scpMs.begin(), scpMs.end()), pushBest = *std::min_element(pushMs.begin(), pushMs.end());
  std::printf("2. transfer of %.0f MiB (best of 2)\n", mib);
  std::printf("   scp        %8.0f ms  %7.1f MiB/s\n", scpBest, mib / (scpBest / 1000));
  std::printf("   ct push    %8.0f ms  %7.1f MiB/s   (rsync + SHA-256 of both copies + ct start-up)\n", pushBest, mib / (pushBest / 1000));
  const Timed startup = timedRun(ct, {QStringLiteral("version")}, ctEnv);
  std::printf("   ct push / scp throughput: %.2f×      target: ≥ 0.9×\n", scpBest / pushBest);
  std::printf("   without ct's process start-up (%.0f ms here): %.2f×\n\n", startup.ms, scpBest / std::max(1.0, pushBest - startup.ms));

  // 3. Start overhead.
  std::vector<double> bare, job, cli;
  for (int i = 0; i < 20; ++i) {
    bare.push_back(timedRun(QStringLiteral("ssh"), SshHost(p).commandArgs("true"), env).ms);
    RemoteJobRunner runner(ssh);
    RemoteJobSpec spec;
    spec.argv = {QStringLiteral("true")};
    RemoteJobInfo info;
    QElapsedTimer t;
    t.start();
    runner.run(QStringLiteral("start-%1").arg(i), spec, info, {});
    job.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
  }
  for (int i = 0; i < 5; ++i) cli.push_back(timedRun(ct, {QStringLiteral("run"), QStringLiteral("bench"), QStringLiteral("--"), QStringLiteral("true")}, ctEnv).ms);
  const Timed version = timedRun(ct, {QStringLiteral("version")}, ctEnv);
  std::printf("3. start and end of `true` on the host (median)\n");
  std::printf("   ssh HOST true (same master)    %8.1f ms\n", median(bare));
  std::printf("   remote job (ct's job path)     %8.1f ms   (+%.1f ms: job folder, monitor, pid, follow, exit status)\n", median(job), median(job) - median(bare));
  std::printf("   ct run HOST -- true            %8.1f ms   (includes ct's own start-up: ct version takes %.0f ms here)\n", median(cli), version.ms);
  ssh.stopMaster();
  return 0;
}
