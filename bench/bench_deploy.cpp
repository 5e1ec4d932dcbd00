// Deploy overhead: wall time of `ct deploy HOST MODEL` from start to ready, minus the stand-in
// vLLM's own start (the same `vllm serve` started directly and polled on /health), on the
// loopback sshd test host with the stand-ins (tests/deploy/deploy_host.h). What is left is
// ct's part: SSH round trips, reading config.json and nvidia-smi, planning, the lease holder,
// the remote job, the tunnel and the readiness checks. Also `ct deploy stop`.
//
//   bench_deploy [RUNS]   (default 5)
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QThread>
#include <algorithm>
#include <cstdio>

#include "../tests/deploy/deploy_host.h"
#include "ct_run.h"

using namespace ct::test;

namespace {

bool healthy(int port) {
  QNetworkAccessManager nam;
  QNetworkRequest rq(QUrl(QStringLiteral("http://127.0.0.1:%1/health").arg(port)));
  rq.setTransferTimeout(1000);
  QNetworkReply* r = nam.get(rq);
  QEventLoop loop;
  QObject::connect(r, &QNetworkReply::finished, &loop, &QEventLoop::quit);
  loop.exec();
  const bool ok = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
  r->deleteLater();
  return ok;
}

// The stand-in alone: `vllm serve` run here with the deploy's flags, until /health answers.
double standInStartSeconds(const DeployHost& host, const QString& model) {
  const int port = DeployHost::freeRange(1, host.portFirst + 300);
  QProcess p;
  QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
  e.insert(QStringLiteral("CT_FAKE_SMI_DIR"), host.smiDir);
  e.insert(QStringLiteral("CUDA_VISIBLE_DEVICES"), QStringLiteral("3"));
  e.insert(QStringLiteral("VLLM_API_KEY"), QStringLiteral("bench"));
  e.insert(QStringLiteral("CT_FAKE_VLLM_CT"), ctBinary());
  p.setProcessEnvironment(e);
  p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
  QElapsedTimer t;
  t.start();
  p.start(QStringLiteral("python3"), {QStringLiteral(CT_SOURCE_DIR "/tests/deploy/fake_vllm.py"), QStringLiteral("serve"), model, QStringLiteral("--host"),
                                      QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QString::number(port), QStringLiteral("--gpu-memory-utilization"),
                                      QStringLiteral("0.25"), QStringLiteral("--served-model-name"), QStringLiteral("bench")});
  double s = -1;
  while (t.elapsed() < 60000 && p.state() != QProcess::NotRunning) {
    if (healthy(port)) {
      s = double(t.elapsed()) / 1000.0;
      break;
    }
    QThread::msleep(50);
  }
  p.terminate();
  if (!p.waitForFinished(10000)) p.kill();
  p.waitForFinished(2000);
  return s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? -1 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  const int runs = argc > 1 ? std::max(1, atoi(argv[1])) : 5;
  DeployHost host;
  QString error;
  if (!host.start(&error)) {
    std::fprintf(stderr, "host: %s\n", qPrintable(error));
    return 2;
  }
  host.env.applyToThisProcess();
  const QString model = demoModel();
  // Pushed once, so the runs below measure a deploy of a model already on the host.
  const QString remoteModel = QStringLiteral("gpuhost:") + host.sshd->dir() + QStringLiteral("/work/models/demo-model");
  std::vector<double> standIn, deploy, stop;
  for (int i = 0; i < runs; ++i) {
    standIn.push_back(standInStartSeconds(host, model));
    QElapsedTimer t;
    t.start();
    const auto r = host.env.ct({QStringLiteral("deploy"), QStringLiteral("gpuhost"), i == 0 ? model : remoteModel, QStringLiteral("--name"), QStringLiteral("bench"),
                                QStringLiteral("--memory"), QStringLiteral("20"), QStringLiteral("--timeout"), QStringLiteral("60")});
    const double d = double(t.elapsed()) / 1000.0;
    if (r.code != 0) {
      std::fprintf(stderr, "ct deploy failed: %s\n", r.all().constData());
      return 1;
    }
    if (i > 0) deploy.push_back(d);  // the first run also pushed the model
    t.restart();
    const auto s = host.env.ct({QStringLiteral("deploy"), QStringLiteral("stop"), QStringLiteral("bench")});
    if (s.code != 0) {
      std::fprintf(stderr, "ct deploy stop failed: %s\n", s.all().constData());
      return 1;
    }
    stop.push_back(double(t.elapsed()) / 1000.0);
  }
  const double si = median(standIn), dp = runs > 1 ? median(deploy) : -1;
  std::printf("%-40s %12s %12s\n", "figure (median)", "measured_s", "reference_s");
  std::printf("%-40s %12.2f %12s\n", "stand-in vLLM start alone", si, "-");
  std::printf("%-40s %12.2f %12s\n", "ct deploy to ready (model on the host)", dp, "-");
  std::printf("%-40s %12.2f %12.2f\n", "deploy overhead (deploy - stand-in)", dp - si, 2.0);
  std::printf("%-40s %12.2f %12.2f\n", "ct deploy stop", median(stop), 2.0);
  std::printf("(%d runs, loopback sshd, stand-ins; reference: ct's own part of a deploy should stay under 2 s on a LAN host)\n", runs);
  return 0;
}
