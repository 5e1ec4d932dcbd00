#include "sched/lease_store.h"

#include "proc/daemon.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QThread>
#include <algorithm>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ct::sched {

namespace {

int openLock(const QString& path) {
  return ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
}

// Non-blocking try, so a stuck holder can never hang an allocator.
int tryLock(const QString& path) {
  const int fd = openLock(path);
  if (fd < 0) return -1;
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Mutexes are short-held; wait for them (bounded) instead of failing on a neighbour's decision.
int waitLock(const QString& path, int timeoutMs) {
  const int fd = openLock(path);
  if (fd < 0) return -1;
  for (int waited = 0;; waited += 1) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return fd;
    if (waited >= timeoutMs * 10) break;
    ::usleep(100);
  }
  ::close(fd);
  return -1;
}

QString osUser() {
  const passwd* pw = ::getpwuid(::geteuid());
  return pw ? QString::fromLocal8Bit(pw->pw_name) : QString::number(::geteuid());
}

QString newId() {
  return QStringLiteral("%1-%2").arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddhhmmss")))
      .arg(QRandomGenerator::global()->generate64() & 0xffffffffffULL, 10, 16, QLatin1Char('0'));
}

}  // namespace

QString bootId() {
  QFile f(QStringLiteral("/proc/sys/kernel/random/boot_id"));
  return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll().trimmed()) : QString();
}

qint64 processStartTicks(qint64 pid) {
  const auto st = proc::processStat(pid);  // a zombie keeps its start time here; callers look at its state
  return st ? st->startTicks : 0;
}

bool processGroupHasOthers(qint64 pgid, qint64 self) {
  const QDir proc(QStringLiteral("/proc"));
  for (const QString& name : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
    bool isPid = false;
    const qint64 pid = name.toLongLong(&isPid);
    if (!isPid || pid == self) continue;
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly)) continue;
    const QByteArray s = f.readAll();
    const QList<QByteArray> rest = s.mid(s.lastIndexOf(')') + 2).split(' ');
    // After the name: state (field 3), ppid, pgrp (field 5).
    if (rest.size() > 2 && rest.at(2).toLongLong() == pgid && rest.at(0) != "Z" && rest.at(0) != "X") return true;
  }
  return false;
}

bool portBindable(int port) {
  const int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(quint16(port));
  a.sin_addr.s_addr = htonl(INADDR_ANY);
  const bool ok = ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(s);
  return ok;
}

QJsonObject LeaseRecord::toJson() const {
  QJsonArray gs;
  for (const LeaseGpu& g : gpus)
    gs.append(QJsonObject{{QStringLiteral("uuid"), g.uuid}, {QStringLiteral("bus_id"), g.busId},
                          {QStringLiteral("budget_bytes"), double(g.budgetBytes)}});
  QJsonArray ps, vs;
  for (int p : ports) ps.append(p);
  for (int p : vllmPorts) vs.append(p);
  QJsonObject o{{QStringLiteral("id"), id}, {QStringLiteral("os_user"), osUser}, {QStringLiteral("app_user"), appUser},
                {QStringLiteral("job_id"), jobId}, {QStringLiteral("pid"), double(pid)}, {QStringLiteral("pid_start_ticks"), double(pidStartTicks)},
                {QStringLiteral("boot_id"), bootId}, {QStringLiteral("gpus"), gs}, {QStringLiteral("ports"), ps},
                {QStringLiteral("vllm_ports"), vs}, {QStringLiteral("created"), created}, {QStringLiteral("expires"), expires}};
  if (stale) o.insert(QStringLiteral("stale"), true);
  return o;
}

LeaseRecord LeaseRecord::fromJson(const QJsonObject& o) {
  LeaseRecord r;
  r.id = o.value(QStringLiteral("id")).toString();
  r.osUser = o.value(QStringLiteral("os_user")).toString();
  r.appUser = o.value(QStringLiteral("app_user")).toString();
  r.jobId = o.value(QStringLiteral("job_id")).toString();
  r.pid = qint64(o.value(QStringLiteral("pid")).toDouble());
  r.pidStartTicks = qint64(o.value(QStringLiteral("pid_start_ticks")).toDouble());
  r.bootId = o.value(QStringLiteral("boot_id")).toString();
  for (const auto& v : o.value(QStringLiteral("gpus")).toArray()) {
    const QJsonObject g = v.toObject();
    r.gpus.push_back({g.value(QStringLiteral("uuid")).toString(), g.value(QStringLiteral("bus_id")).toString(),
                      qint64(g.value(QStringLiteral("budget_bytes")).toDouble()), 0});
  }
  for (const auto& v : o.value(QStringLiteral("ports")).toArray()) r.ports << v.toInt();
  for (const auto& v : o.value(QStringLiteral("vllm_ports")).toArray()) r.vllmPorts << v.toInt();
  r.created = o.value(QStringLiteral("created")).toString();
  r.expires = o.value(QStringLiteral("expires")).toString();
  return r;
}

HeldLease::~HeldLease() {
  for (int fd : fds_) ::close(fd);
}

void HeldLease::release() {
  QFile::remove(dir_ + QStringLiteral("/lease-") + record_.id + QStringLiteral(".json"));
  QFile::remove(dir_ + QStringLiteral("/lease-") + record_.id + QStringLiteral(".lock"));
  for (int fd : fds_) ::close(fd);
  fds_.clear();
}

bool LeaseStore::ensureDir(QString* error) const {
  if (QDir().mkpath(dir_)) return true;
  *error = QStringLiteral("cannot create the lease folder %1").arg(dir_);
  return false;
}

std::vector<LeaseRecord> LeaseStore::list(bool includeStale) const {
  std::vector<LeaseRecord> out;
  const QDir d(dir_);
  for (const QString& name : d.entryList({QStringLiteral("lease-*.json")}, QDir::Files, QDir::Name)) {
    QFile f(d.filePath(name));
    if (!f.open(QIODevice::ReadOnly)) continue;
    LeaseRecord r = LeaseRecord::fromJson(QJsonDocument::fromJson(f.readAll()).object());
    f.close();
    if (r.id.isEmpty()) continue;
    // A record whose lock we can take has no holder: it is stale. Remove it while holding the lock.
    const QString lockPath = d.filePath(QStringLiteral("lease-%1.lock").arg(r.id));
    const int fd = tryLock(lockPath);
    if (fd >= 0) {
      QFile::remove(d.filePath(name));
      QFile::remove(lockPath);
      ::close(fd);
      r.stale = true;
      if (includeStale) out.push_back(r);
      continue;
    }
    out.push_back(r);
  }
  return out;
}

QMap<QString, LeasedMemory> LeaseStore::leasedMemory() const {
  QMap<QString, LeasedMemory> m;
  for (const LeaseRecord& r : list())
    for (const LeaseGpu& g : r.gpus) {
      m[g.uuid].bytes += g.budgetBytes;
      m[g.uuid].holders << QStringLiteral("%1 (%2, lease %3)").arg(r.osUser, r.appUser.isEmpty() ? r.jobId : r.appUser, r.id);
    }
  return m;
}

std::unique_ptr<HeldLease> LeaseStore::acquire(const LeaseRequest& req, QString* error) const {
  if (!ensureDir(error)) return nullptr;
  std::vector<LeaseGpu> gpus = req.gpus;
  std::sort(gpus.begin(), gpus.end(), [](const LeaseGpu& a, const LeaseGpu& b) { return a.uuid < b.uuid; });
  std::vector<int> mutexes;
  auto dropMutexes = [&] {
    for (int fd : mutexes) ::close(fd);
    mutexes.clear();
  };
  auto held = std::make_unique<HeldLease>();
  auto fail = [&](const QString& why) {
    dropMutexes();
    for (int fd : held->fds_) ::close(fd);
    held->fds_.clear();
    *error = why;
    return nullptr;
  };
  for (const LeaseGpu& g : gpus) {
    const int fd = waitLock(dir_ + QStringLiteral("/gpu-%1.mutex").arg(g.uuid), 10000);
    if (fd < 0) return fail(QStringLiteral("GPU %1: its lease mutex in %2 stayed busy for 10 s").arg(g.uuid, dir_));
    mutexes.push_back(fd);
  }
  // Ports and the record are global to the folder: one more mutex, always taken last.
  const int portMutex = waitLock(dir_ + QStringLiteral("/ports.mutex"), 10000);
  if (portMutex < 0) return fail(QStringLiteral("the port mutex in %1 stayed busy for 10 s").arg(dir_));
  mutexes.push_back(portMutex);

  const QMap<QString, LeasedMemory> leased = leasedMemory();
  for (const LeaseGpu& g : gpus) {
    const LeasedMemory l = leased.value(g.uuid);
    if (l.bytes + g.budgetBytes > g.capacityBytes)
      return fail(QStringLiteral("GPU %1: leases already hold %2 MiB (%3); %4 MiB more exceeds the %5 MiB available")
                      .arg(g.uuid).arg(l.bytes >> 20).arg(l.holders.join(QStringLiteral(", "))).arg(g.budgetBytes >> 20).arg(g.capacityBytes >> 20));
  }
  LeaseRecord& r = held->record_;
  held->dir_ = dir_;
  auto takePort = [&](int p) {
    const int fd = tryLock(dir_ + QStringLiteral("/port-%1.lock").arg(p));
    if (fd < 0) return -1;
    if (!portBindable(p)) {
      ::close(fd);
      return -1;
    }
    return fd;
  };
  int p = req.portFirst;
  for (int k = 0; k < req.apiPorts; ++k) {
    int fd = -1;
    for (; p <= req.portLast && fd < 0; ++p)
      if ((fd = takePort(p)) >= 0) r.ports << p;
    if (fd < 0) return fail(QStringLiteral("no free port left in %1-%2 (taken by leases or in use)").arg(req.portFirst).arg(req.portLast));
    held->fds_.push_back(fd);
  }
  if (req.vllmBlock > 0) {
    bool got = false;
    for (int start = p; !got && start + req.vllmBlock - 1 <= req.portLast; ++start) {
      std::vector<int> fds;
      for (int q = start; q < start + req.vllmBlock; ++q) {
        const int fd = takePort(q);
        if (fd < 0) break;
        fds.push_back(fd);
      }
      if (int(fds.size()) == req.vllmBlock) {
        got = true;
        for (int q = start; q < start + req.vllmBlock; ++q) r.vllmPorts << q;
        held->fds_.insert(held->fds_.end(), fds.begin(), fds.end());
      } else
        for (int fd : fds) ::close(fd);
    }
    if (!got)
      return fail(QStringLiteral("no block of %1 consecutive free ports left in %2-%3 for VLLM_PORT").arg(req.vllmBlock).arg(req.portFirst).arg(req.portLast));
  }
  r.id = newId();
  r.osUser = osUser();
  r.appUser = req.appUser;
  r.jobId = req.jobId;
  r.pid = ::getpid();
  r.pidStartTicks = processStartTicks(r.pid);
  r.bootId = bootId();
  r.gpus = gpus;
  const QDateTime now = QDateTime::currentDateTimeUtc();
  r.created = now.toString(Qt::ISODate);
  if (req.ttlSeconds > 0) r.expires = now.addSecs(req.ttlSeconds).toString(Qt::ISODate);
  // The liveness lock is taken before the record appears, so no reader ever sees a record without a holder.
  const int lifeFd = tryLock(dir_ + QStringLiteral("/lease-%1.lock").arg(r.id));
  if (lifeFd < 0) return fail(QStringLiteral("cannot create a lock file in %1").arg(dir_));
  held->fds_.push_back(lifeFd);
  QSaveFile f(dir_ + QStringLiteral("/lease-%1.json").arg(r.id));
  if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact)) < 0 || !f.commit()) {
    QFile::remove(dir_ + QStringLiteral("/lease-%1.lock").arg(r.id));
    return fail(QStringLiteral("cannot write the lease record in %1").arg(dir_));
  }
  dropMutexes();
  return held;
}

bool LeaseStore::release(const QString& id, QString* error) const {
  for (const LeaseRecord& r : list(true)) {
    if (r.id != id) continue;
    if (r.stale) return true;  // list() already removed it
    if (r.bootId == bootId() && processStartTicks(r.pid) == r.pidStartTicks && r.pidStartTicks != 0) {
      if (::kill(pid_t(r.pid), SIGTERM) != 0) {
        *error = QStringLiteral("lease %1: cannot signal its holder (pid %2, user %3); ask that user or an administrator").arg(id).arg(r.pid).arg(r.osUser);
        return false;
      }
      // A holder that ended but is not reaped yet (a zombie) has already dropped its locks.
      auto holderLives = [&] {
        QFile f(QStringLiteral("/proc/%1/stat").arg(r.pid));
        if (!f.open(QIODevice::ReadOnly)) return false;
        const QByteArray st = f.readAll();
        const char state = st.mid(st.lastIndexOf(')') + 2, 1).at(0);
        return state != 'Z' && state != 'X' && processStartTicks(r.pid) == r.pidStartTicks;
      };
      for (int i = 0; i < 200 && holderLives(); ++i) QThread::msleep(10);
    }
    QFile::remove(dir_ + QStringLiteral("/lease-%1.json").arg(id));
    return true;
  }
  *error = QStringLiteral("no lease '%1' in %2 (see 'ct leases local --dir %2')").arg(id, dir_);
  return false;
}

}  // namespace ct::sched
