#pragma once
// A GPU host for the deploy tests, soak and bench: a real sshd on 127.0.0.1 whose sessions see
// the stand-in nvidia-smi (tests/sched/fake_nvidia_smi.py on the recorded 4× H100 of
// tests/deploy/fixtures/4xH100) and the stand-in vllm (tests/deploy/fake_vllm.py), with the real
// ct as the host's ct. Registered as host profiles through `ct hosts add`, as a user would.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <csignal>
#include <QTemporaryDir>
#include <memory>

#include "../remote/remote_test_env.h"
#include "../remote/stand_ins.h"
#include "sched/lease_store.h"

namespace ct::test {

class DeployHost {
 public:
  RemoteTestEnv env;
  QTemporaryDir scratch{QStringLiteral("/tmp/ct-dh-XXXXXX")};
  std::unique_ptr<SshdFixture> sshd;
  QString smiDir, leaseDir, failFile;
  int portFirst = 0;

  // Consecutive bindable ports (for the profiles' ranges).
  static int freeRange(int count, int from = 0) {
    for (int base = from > 0 ? from : 21000 + int(::getpid() % 300) * 97; base < 60000; base += count + 7) {
      bool all = true;
      for (int p = base; p < base + count && all; ++p) all = sched::portBindable(p);
      if (all) return base;
    }
    return 0;
  }

  bool start(QString* error, int ports = 100) {
    smiDir = scratch.filePath(QStringLiteral("smi"));
    leaseDir = scratch.filePath(QStringLiteral("leases"));
    failFile = scratch.filePath(QStringLiteral("vllm-fail"));
    QDir().mkpath(smiDir);
    for (const QString& f : {QStringLiteral("gpus.csv"), QStringLiteral("apps.csv"), QStringLiteral("topo.txt")})
      if (!QFile::copy(QStringLiteral(CT_SOURCE_DIR "/tests/deploy/fixtures/4xH100/") + f, smiDir + QLatin1Char('/') + f)) {
        *error = QStringLiteral("cannot copy the 4xH100 fixture");
        return false;
      }
    SshdOptions o;
    o.setEnv.insert(QStringLiteral("CT_FAKE_SMI_DIR"), smiDir);
    o.setEnv.insert(QStringLiteral("CT_FAKE_VLLM_FAIL_FILE"), failFile);
    sshd = std::make_unique<SshdFixture>(o);
    if (!sshd->start(error)) return false;
    const QString src = QStringLiteral(CT_SOURCE_DIR "/tests");
    const QString tools = sshd->toolsDir();
    if (!installTool(tools, QStringLiteral("nvidia-smi"), "#!/bin/sh\nexec python3 " + (src + QStringLiteral("/sched/fake_nvidia_smi.py")).toUtf8() + " \"$@\"\n") ||
        !installTool(tools, QStringLiteral("vllm"), "#!/bin/sh\nexec python3 " + (src + QStringLiteral("/deploy/fake_vllm.py")).toUtf8() + " \"$@\"\n") ||
        !(QFile::exists(tools + QStringLiteral("/ct")) || QFile::link(ctBinary(), tools + QStringLiteral("/ct")))) {
      *error = QStringLiteral("cannot install the stand-ins in %1").arg(tools);
      return false;
    }
    portFirst = freeRange(ports);
    if (!portFirst) {
      *error = QStringLiteral("no free port range");
      return false;
    }
    return addProfile(QStringLiteral("gpuhost"), portFirst, portFirst + ports - 1, error);
  }

  // Another profile of the same machine (another range, or another "workstation").
  bool addProfile(const QString& name, int first, int last, QString* error, const RemoteTestEnv* on = nullptr) {
    const RemoteTestEnv& e = on ? *on : env;
    remote::HostProfile p = e.profileFor(*sshd, name);
    const QString tools = sshd->toolsDir();
    p.tools.insert(QStringLiteral("nvidia-smi"), tools + QStringLiteral("/nvidia-smi"));
    p.tools.insert(QStringLiteral("vllm"), tools + QStringLiteral("/vllm"));
    p.tools.insert(QStringLiteral("ct"), tools + QStringLiteral("/ct"));
    const auto r = e.ct(RemoteTestEnv::addFlags(p) + QStringList{QStringLiteral("--lease-dir"), leaseDir, QStringLiteral("--ports"),
                                                                 QStringLiteral("%1-%2").arg(first).arg(last)});
    if (r.code != 0) *error = QString::fromUtf8(r.all());
    return r.code == 0;
  }

  // Deployments left by a failed check keep a detached `ct tunnel` here: ended by PID.
  ~DeployHost() {
    const QString dir = env.environment().value(QStringLiteral("CT_STATE_DIR")) + QStringLiteral("/deployments");
    for (const QString& f : QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files)) {
      QFile file(dir + QLatin1Char('/') + f);
      if (!file.open(QIODevice::ReadOnly)) continue;
      const qint64 pid = qint64(QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("tunnel_pid")).toDouble());
      QFile cmd(QStringLiteral("/proc/%1/cmdline").arg(pid));
      if (pid > 0 && cmd.open(QIODevice::ReadOnly) && cmd.readAll().split('\0').contains("tunnel")) ::kill(pid_t(pid), SIGKILL);
    }
  }

  void setFailure(const QByteArray& mode) {
    QFile f(failFile);
    if (mode.isEmpty()) f.remove();
    else if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) f.write(mode);
  }
};

}  // namespace ct::test
