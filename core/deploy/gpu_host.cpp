#include "deploy/gpu_host.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace ct::deploy {
namespace {

class LocalGpuHost : public GpuHost {
 public:
  LocalGpuHost(QString smi, QString dir) : smi_(std::move(smi)), store_(std::move(dir)) {}
  QString name() const override { return QStringLiteral("local"); }
  QString leaseDir() const override { return store_.dir(); }
  sched::SmiRunner smi() override { return sched::localSmiRunner(smi_); }
  std::optional<std::vector<sched::LeaseRecord>> leases(QString*) override { return store_.list(true); }
  bool release(const QString& id, QString* error) override { return store_.release(id, error); }

 private:
  QString smi_;
  sched::LeaseStore store_;
};

class RemoteGpuHost : public GpuHost {
 public:
  explicit RemoteGpuHost(remote::SshHost& ssh) : ssh_(ssh) {}
  QString name() const override { return ssh_.profile().name; }
  QString leaseDir() const override { return ssh_.profile().leaseDirOrDefault(); }
  sched::SmiRunner smi() override { return remoteSmiRunner(ssh_); }
  remote::SshHost* ssh() override { return &ssh_; }
  std::optional<std::vector<sched::LeaseRecord>> leases(QString* error) override {
    const remote::ExecResult r = runHostCt(ssh_, {QStringLiteral("leases"), QStringLiteral("local"), QStringLiteral("--dir"), leaseDir(), QStringLiteral("--json")}, error);
    if (!r.ok()) return std::nullopt;
    QJsonParseError pe;
    const QJsonDocument d = QJsonDocument::fromJson(r.out.trimmed().split('\n').last(), &pe);
    if (!d.isArray()) {
      *error = QStringLiteral("%1: reading leases: 'ct leases local --json' printed no JSON list: %2").arg(ssh_.label(), QString::fromUtf8(r.out.left(300)));
      return std::nullopt;
    }
    std::vector<sched::LeaseRecord> out;
    for (const auto& v : d.array()) {
      sched::LeaseRecord rec = sched::LeaseRecord::fromJson(v.toObject());
      rec.stale = v.toObject().value(QStringLiteral("stale")).toBool();
      out.push_back(rec);
    }
    return out;
  }
  bool release(const QString& id, QString* error) override {
    return runHostCt(ssh_, {QStringLiteral("leases"), QStringLiteral("local"), QStringLiteral("--dir"), leaseDir(), QStringLiteral("--release"), id}, error).ok();
  }

 private:
  remote::SshHost& ssh_;
};

}  // namespace

bool GpuHost::inventory(sched::DeviceGraph* graph, QString* error) { return sched::readInventory(smi(), graph, error); }

QMap<QString, sched::LeasedMemory> GpuHost::leasedMemory(const std::vector<sched::LeaseRecord>& records) {
  QMap<QString, sched::LeasedMemory> m;
  for (const auto& r : records) {
    if (r.stale) continue;
    for (const auto& g : r.gpus) {
      m[g.uuid].bytes += g.budgetBytes;
      m[g.uuid].holders << QStringLiteral("%1 (%2, lease %3)").arg(r.osUser, r.appUser.isEmpty() ? r.jobId : r.appUser, r.id);
    }
  }
  return m;
}

std::unique_ptr<GpuHost> localGpuHost(const QString& smiProgram, const QString& leaseDir) { return std::make_unique<LocalGpuHost>(smiProgram, leaseDir); }
std::unique_ptr<GpuHost> remoteGpuHost(remote::SshHost& ssh) { return std::make_unique<RemoteGpuHost>(ssh); }

sched::SmiRunner remoteSmiRunner(remote::SshHost& ssh) {
  return [&ssh](const QStringList& args, QString* out, QString* error) {
    const QString smi = ssh.profile().tool(QStringLiteral("nvidia-smi"));
    remote::ExecOptions o;
    o.timeoutMs = 30000;
    const remote::ExecResult r = ssh.exec(QStringList{smi} + args, o);
    if (!r.ran) {
      *error = r.error();
      return false;
    }
    if (r.exitCode != 0) {
      const QString said = QString::fromUtf8((r.err + r.out).trimmed().left(600));
      *error = r.exitCode == 127 ? QStringLiteral("%1: running nvidia-smi: '%2' not found on the host; set its path with ct hosts add %3 --replace --tool nvidia-smi=PATH")
                                       .arg(ssh.label(), smi, ssh.profile().name)
                                 : QStringLiteral("%1: running '%2 %3' failed (exit %4)%5").arg(ssh.label(), smi, args.join(QLatin1Char(' '))).arg(r.exitCode)
                                       .arg(said.isEmpty() ? QString() : QStringLiteral(": ") + said);
      return false;
    }
    *out = QString::fromUtf8(r.out);
    return true;
  };
}

remote::ExecResult runHostCt(remote::SshHost& ssh, const QStringList& args, QString* error, int timeoutMs) {
  const QString ct = ssh.profile().tool(QStringLiteral("ct"));
  remote::ExecOptions o;
  o.timeoutMs = timeoutMs;
  remote::ExecResult r = ssh.exec(QStringList{ct} + args, o);
  if (!r.ran) *error = r.error();
  else if (r.exitCode == 127)
    *error = QStringLiteral("%1: ct %2: '%3' not found on the host; leases there are held by ct's own lock holder, so install ct on the host "
                            "and set its path with ct hosts add %4 --replace --tool ct=PATH")
                 .arg(ssh.label(), args.value(0), ct, ssh.profile().name);
  else if (r.exitCode != 0) {
    QString said = QString::fromUtf8(r.err.trimmed());
    if (said.isEmpty()) said = QString::fromUtf8(r.out.trimmed());
    said.remove(QRegularExpression(QStringLiteral("^ct \\S+: local: ")));
    *error = QStringLiteral("%1: ct %2: %3").arg(ssh.label(), args.value(0), said.left(800));
  }
  return r;
}

}  // namespace ct::deploy
