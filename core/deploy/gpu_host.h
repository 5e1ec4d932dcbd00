#pragma once
#include <QMap>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

#include "remote/host_profile.h"
#include "remote/ssh_host.h"
#include "sched/device_graph.h"
#include "sched/inventory.h"
#include "sched/lease_store.h"

// One host's GPUs and leases, read the same way for `local` and for a host profile: nvidia-smi
// run through an SmiRunner, leases read and released by `ct leases local` on the host (the lease
// folder's flocks can only be tested there), so both paths share core/sched's lease design.
namespace ct::deploy {

class GpuHost {
 public:
  virtual ~GpuHost() = default;
  virtual QString name() const = 0;
  virtual QString leaseDir() const = 0;
  virtual sched::SmiRunner smi() = 0;
  // Live leases; stale records (holder gone) are removed on the host and returned flagged.
  virtual std::optional<std::vector<sched::LeaseRecord>> leases(QString* error) = 0;
  virtual bool release(const QString& id, QString* error) = 0;
  virtual remote::SshHost* ssh() { return nullptr; }

  bool inventory(sched::DeviceGraph* graph, QString* error);
  static QMap<QString, sched::LeasedMemory> leasedMemory(const std::vector<sched::LeaseRecord>& records);
};

std::unique_ptr<GpuHost> localGpuHost(const QString& smiProgram, const QString& leaseDir);
// `ssh` must outlive the returned object.
std::unique_ptr<GpuHost> remoteGpuHost(remote::SshHost& ssh);

// The remote runner alone (nvidia-smi at the profile's tool path, over the host's master).
sched::SmiRunner remoteSmiRunner(remote::SshHost& ssh);
// Runs `ct ARGS` on the host (the profile's ct); fails naming host and step, and says how to
// install ct there when it is missing.
remote::ExecResult runHostCt(remote::SshHost& ssh, const QStringList& args, QString* error, int timeoutMs = 60000);

}  // namespace ct::deploy
