#pragma once
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

#include "sched/scheduler.h"

// Leases on GPUs and ports in a folder on the host's local disk (never an NFS home: flock is
// not reliable there). A lease lives exactly as long as the process holding its lock file, so a
// kill -9 of the holder (or its whole process group) frees it; records whose lock is free are
// stale and removed by whoever next reads the folder.
//
// Layout: gpu-<UUID>.mutex (held only while deciding), lease-<ID>.lock (held for the lease's
// life), lease-<ID>.json (the record), port-<N>.lock (held for the lease's life).
namespace ct::sched {

struct LeaseGpu {
  QString uuid, busId;
  qint64 budgetBytes = 0;
  qint64 capacityBytes = 0;  // what the leases on this GPU may add up to (free memory at decision time + their budgets)
};

struct LeaseRequest {
  std::vector<LeaseGpu> gpus;
  int apiPorts = 0;          // ports wanted from the range
  int vllmBlock = 0;         // private block of consecutive ports for VLLM_PORT
  int portFirst = 0, portLast = 0;
  QString appUser, jobId;
  qint64 ttlSeconds = 0;     // 0: no expiry
};

struct LeaseRecord {
  QString id, osUser, appUser, jobId, bootId;
  qint64 pid = 0, pidStartTicks = 0;
  std::vector<LeaseGpu> gpus;
  QList<int> ports, vllmPorts;
  QString created, expires;  // ISO UTC; expires empty: none
  bool stale = false;        // set by list(): the holder is gone
  QJsonObject toJson() const;
  static LeaseRecord fromJson(const QJsonObject& o);
};

// An acquired lease: holds the file locks; destroying it (or the process dying) releases them.
class HeldLease {
 public:
  ~HeldLease();
  const LeaseRecord& record() const { return record_; }
  void release();  // removes the record, then drops the locks

 private:
  friend class LeaseStore;
  LeaseRecord record_;
  QString dir_;
  std::vector<int> fds_;
};

class LeaseStore {
 public:
  explicit LeaseStore(QString dir) : dir_(std::move(dir)) {}
  const QString& dir() const { return dir_; }
  bool ensureDir(QString* error) const;
  // All-or-nothing: GPU mutexes in sorted UUID order, capacity re-checked under them, ports
  // locked and bind-tested, record written, mutexes dropped. Returns nullptr with *error on refusal.
  std::unique_ptr<HeldLease> acquire(const LeaseRequest& req, QString* error) const;
  // Live leases (stale ones are removed, and returned with stale=true when includeStale).
  std::vector<LeaseRecord> list(bool includeStale = false) const;
  QMap<QString, LeasedMemory> leasedMemory() const;
  // Ends the holder (SIGTERM, checked by pid start time and boot id) and removes the record.
  bool release(const QString& id, QString* error) const;

 private:
  QString dir_;
};

QString bootId();
qint64 processStartTicks(qint64 pid);  // /proc/<pid>/stat field 22; 0 when gone
bool portBindable(int port);
// Whether a living (not zombie) process other than `self` is in process group `pgid`.
bool processGroupHasOthers(qint64 pgid, qint64 self);

}  // namespace ct::sched
