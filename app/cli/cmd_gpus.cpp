#include <QJsonArray>
#include <QJsonDocument>
#include <QFileInfo>
#include <QSaveFile>
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

#include "cli/commands.h"
#include "deploy/gpu_host.h"
#include "remote/host_store.h"
#include "remote/shell_quote.h"
#include "jobs/job_state.h"
#include "sched/inventory.h"
#include "sched/lease_store.h"
#include "sched/scheduler.h"

// `ct gpus HOST`, `ct leases HOST`, `ct lease hold`. HOST is `local` or a host profile; on a
// profile nvidia-smi runs through its SSH master and the leases are read and released by
// `ct leases local` on the host, whose lease folder is held by `ct lease hold` processes there.
namespace ct::cli {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

// The host named on the command line: `local` (nvidia-smi and the lease folder here) or a host
// profile (both through its SSH master). Owns the SSH host the remote form talks through.
struct HostArg {
  std::unique_ptr<remote::SshHost> ssh;
  std::unique_ptr<deploy::GpuHost> host;
};

HostArg openHost(const QCommandLineParser& p, const char* cmd, QString* error) {
  const QString name = p.positionalArguments().value(0);
  if (name.isEmpty()) throw UsageError{QStringLiteral("name the host: 'ct %1 local' or 'ct %1 NAME' for a host added with ct hosts add").arg(QLatin1String(cmd))};
  HostArg a;
  const QStringList given = p.optionNames();
  if (name == QLatin1String("local")) {
    const QString smi = given.contains(QStringLiteral("nvidia-smi")) ? p.value(QStringLiteral("nvidia-smi")) : QStringLiteral("nvidia-smi");
    a.host = deploy::localGpuHost(smi, given.contains(QStringLiteral("dir")) ? p.value(QStringLiteral("dir")) : QString::fromLatin1(remote::HostProfile::kDefaultLeaseDir));
    return a;
  }
  if (given.contains(QStringLiteral("dir")) || given.contains(QStringLiteral("nvidia-smi")))
    throw UsageError{QStringLiteral("--dir and --nvidia-smi are for 'local'; a host profile has its own (ct hosts add %1 --replace --lease-dir DIR --tool nvidia-smi=PATH)").arg(name)};
  auto profile = remote::loadHost(name, error);
  if (!profile) return a;
  a.ssh = std::make_unique<remote::SshHost>(*profile);
  a.host = deploy::remoteGpuHost(*a.ssh);
  return a;
}


class GpusCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("gpus"); }
  QString summary() const override { return QStringLiteral("Show a host's GPUs, links and leases; plan a placement."); }
  QString synopsis() const override { return QStringLiteral("local|HOST"); }
  void addOptions(QCommandLineParser& p) override {
    p.addOption({QStringLiteral("nvidia-smi"), QStringLiteral("nvidia-smi program to run (default: nvidia-smi)."), QStringLiteral("path")});
    p.addOption({QStringLiteral("dir"), QStringLiteral("Lease folder (default /var/tmp/ct-leases)."), QStringLiteral("dir")});
    p.addOption({QStringLiteral("plan"), QStringLiteral("Plan a placement on N GPUs."), QStringLiteral("n")});
    p.addOption({QStringLiteral("gpus"), QStringLiteral("Plan on these GPUs (UUIDs, bus ids or indices, comma-separated)."), QStringLiteral("list")});
    p.addOption({QStringLiteral("memory"), QStringLiteral("Memory budget per GPU in GiB."), QStringLiteral("gb")});
    p.addOption({QStringLiteral("gpu-memory-utilization"), QStringLiteral("Budget as a fraction of each GPU's total."), QStringLiteral("f")});
    p.addOption({QStringLiteral("heads"), QStringLiteral("Attention heads (tensor-parallel check)."), QStringLiteral("n")});
    p.addOption({QStringLiteral("kv-heads"), QStringLiteral("KV heads."), QStringLiteral("n")});
    p.addOption({QStringLiteral("layers"), QStringLiteral("Layers (KV cache estimate)."), QStringLiteral("n")});
    p.addOption({QStringLiteral("head-dim"), QStringLiteral("Head dimension (KV cache estimate)."), QStringLiteral("n")});
    p.addOption({QStringLiteral("weights-gb"), QStringLiteral("Weight size in GiB (memory estimate)."), QStringLiteral("gb")});
    p.addOption({QStringLiteral("max-model-len"), QStringLiteral("Context length (memory estimate)."), QStringLiteral("n")});
    p.addPositionalArgument(QStringLiteral("host"), QStringLiteral("'local' or a host added with ct hosts add"));
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    QString error;
    const HostArg h = openHost(p, "gpus", &error);
    if (!h.host) {
      env.err << "ct gpus: " << error << "\n";
      return jobs::exit_code::failed;
    }
    sched::DeviceGraph g;
    if (!h.host->inventory(&g, &error)) {
      env.err << "ct gpus: " << h.host->name() << ": " << error << "\n";
      return jobs::exit_code::failed;
    }
    const auto records = h.host->leases(&error);
    if (!records) {
      env.err << "ct gpus: " << h.host->name() << ": " << error << "\n";
      return jobs::exit_code::failed;
    }
    const auto leases = deploy::GpuHost::leasedMemory(*records);
    if (p.isSet(QStringLiteral("plan")) || p.isSet(QStringLiteral("gpus"))) return planCmd(p, g, leases, h.host->name(), env);
    if (env.json) {
      QJsonObject o = g.toJson();
      QJsonArray ls;
      for (const auto& r : *records)
        if (!r.stale) ls.append(r.toJson());
      o.insert(QStringLiteral("leases"), ls);
      env.out << QJsonDocument(o).toJson(QJsonDocument::Compact) << "\n";
      return 0;
    }
    for (const auto& gpu : g.gpus) {
      const auto mib = [](const std::optional<qint64>& v) { return v ? QString::number(*v) : QStringLiteral("N/A"); };
      env.out << QStringLiteral("GPU%1  %2  %3  %4\n      mem %5/%6 MiB used, %7 free, util %8%, NUMA %9")
                     .arg(gpu.index).arg(gpu.name, gpu.uuid, gpu.busId, mib(gpu.usedMiB), mib(gpu.totalMiB), mib(gpu.freeMiB))
                     .arg(gpu.utilPercent ? QString::number(*gpu.utilPercent) : QStringLiteral("N/A"))
                     .arg(gpu.numaNode < 0 ? QStringLiteral("?") : QString::number(gpu.numaNode));
      const auto l = leases.value(gpu.uuid);
      if (l.bytes) env.out << QStringLiteral(", leased %1 GiB by %2").arg(double(l.bytes) / kGiB, 0, 'f', 2).arg(l.holders.join(QStringLiteral(", ")));
      env.out << "\n";
      for (const auto& pr : gpu.processes)
        env.out << QStringLiteral("      pid %1 %2 %3 MiB\n").arg(pr.pid).arg(pr.name, pr.usedMiB ? QString::number(*pr.usedMiB) : QStringLiteral("N/A"));
    }
    for (const auto& c : g.cliques) {
      QStringList m;
      for (int i : c.gpus) m << QString::number(i);
      env.out << "NVLink clique {" << m.join(QLatin1Char(',')) << "} NV" << c.minLinks << "+\n";
    }
    env.out << "NUMA from: " << g.numaSource << "\n";
    return 0;
  }

 private:
  static int intOpt(const QCommandLineParser& p, const QString& o) { return p.isSet(o) ? parsePositiveInt(p, o, 0) : 0; }
  static double numOpt(const QCommandLineParser& p, const QString& o) {
    bool ok = false;
    const double v = p.value(o).toDouble(&ok);
    if (!ok || v <= 0) throw UsageError{QStringLiteral("--%1 needs a positive number, got '%2'").arg(o, p.value(o))};
    return v;
  }
  int planCmd(const QCommandLineParser& p, const sched::DeviceGraph& g, const QMap<QString, sched::LeasedMemory>& leases, const QString& host, CliEnv& env) {
    sched::PlanRequest req;
    if (p.isSet(QStringLiteral("gpus")))
      for (const QString& s : p.value(QStringLiteral("gpus")).split(QLatin1Char(','), Qt::SkipEmptyParts)) req.explicitGpus.push_back(s.trimmed());
    else
      req.count = intOpt(p, QStringLiteral("plan"));
    if (p.isSet(QStringLiteral("memory"))) req.budgetBytes = qint64(numOpt(p, QStringLiteral("memory")) * kGiB);
    if (p.isSet(QStringLiteral("gpu-memory-utilization"))) {
      const double f = numOpt(p, QStringLiteral("gpu-memory-utilization"));
      if (f > 1) throw UsageError{QStringLiteral("--gpu-memory-utilization is a fraction of total memory, at most 1")};
      req.fraction = f;
    }
    req.model.attentionHeads = intOpt(p, QStringLiteral("heads"));
    req.model.kvHeads = intOpt(p, QStringLiteral("kv-heads"));
    req.model.layers = intOpt(p, QStringLiteral("layers"));
    req.model.headDim = intOpt(p, QStringLiteral("head-dim"));
    req.model.contextLength = intOpt(p, QStringLiteral("max-model-len"));
    if (p.isSet(QStringLiteral("weights-gb"))) req.model.weightBytes = qint64(numOpt(p, QStringLiteral("weights-gb")) * kGiB);
    const sched::PlanResult r = sched::plan(g, leases, req);
    if (env.json) env.out << QJsonDocument(r.toJson(g)).toJson(QJsonDocument::Compact) << "\n";
    else if (r.ok) {
      env.out << "pick: " << r.why << "\n--gpu-memory-utilization " << r.gpuMemoryUtilization << "\n";
      for (auto it = r.passedOver.cbegin(); it != r.passedOver.cend(); ++it) env.out << "  GPU" << it.key() << ": " << it.value() << "\n";
    }
    if (!r.ok) env.err << "ct gpus: " << host << ": " << r.error << "\n";
    return r.ok ? 0 : jobs::exit_code::failed;
  }
};

class LeasesCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("leases"); }
  QString summary() const override { return QStringLiteral("List or release GPU/port leases on a host."); }
  QString synopsis() const override { return QStringLiteral("local|HOST"); }
  void addOptions(QCommandLineParser& p) override {
    p.addOption({QStringLiteral("dir"), QStringLiteral("Lease folder (default /var/tmp/ct-leases)."), QStringLiteral("dir")});
    p.addOption({QStringLiteral("release"), QStringLiteral("End this lease (its holder is sent SIGTERM)."), QStringLiteral("id")});
    p.addPositionalArgument(QStringLiteral("host"), QStringLiteral("'local' or a host added with ct hosts add"));
  }
  int run(const QCommandLineParser& p, CliEnv& env) override {
    QString error;
    const HostArg h = openHost(p, "leases", &error);
    if (!h.host) {
      env.err << "ct leases: " << error << "\n";
      return jobs::exit_code::failed;
    }
    if (p.isSet(QStringLiteral("release"))) {
      if (!h.host->release(p.value(QStringLiteral("release")), &error)) {
        env.err << "ct leases: " << h.host->name() << ": " << error << "\n";
        return jobs::exit_code::failed;
      }
      env.out << (env.json ? QStringLiteral("{\"released\":\"%1\"}").arg(p.value(QStringLiteral("release"))) : QStringLiteral("released ") + p.value(QStringLiteral("release"))) << "\n";
      return 0;
    }
    const auto listed = h.host->leases(&error);
    if (!listed) {
      env.err << "ct leases: " << h.host->name() << ": " << error << "\n";
      return jobs::exit_code::failed;
    }
    const auto& all = *listed;
    if (env.json) {
      QJsonArray a;
      for (const auto& r : all) a.append(r.toJson());
      env.out << QJsonDocument(a).toJson(QJsonDocument::Compact) << "\n";
      return 0;
    }
    if (all.empty()) env.out << "no leases in " << h.host->leaseDir() << " on " << h.host->name() << "\n";
    for (const auto& r : all) {
      QStringList gs;
      for (const auto& g : r.gpus) gs << QStringLiteral("%1 (%2 GiB)").arg(g.uuid).arg(double(g.budgetBytes) / kGiB, 0, 'f', 2);
      QStringList ps;
      for (int x : r.ports) ps << QString::number(x);
      env.out << r.id << (r.stale ? "  STALE (holder gone; record removed)" : "") << "  " << r.osUser << "/" << r.appUser << "  job " << r.jobId
              << "  pid " << r.pid << "\n    gpus " << gs.join(QStringLiteral(", ")) << "\n    ports " << ps.join(QLatin1Char(','))
              << (r.vllmPorts.isEmpty() ? QString() : QStringLiteral("  VLLM_PORT %1+%2").arg(r.vllmPorts.first()).arg(r.vllmPorts.size()))
              << (r.expires.isEmpty() ? QString() : QStringLiteral("  expires ") + r.expires) << "\n";
    }
    return 0;
  }
};

volatile sig_atomic_t gStop = 0;
void onStop(int) { gStop = 1; }

// The lock holder: takes the lease, prints one JSON line, then holds the locks until it is
// signalled, its parent dies, or the watched job pid ends. It is meant to live in the job's
// process group so that stopping the group (or kill -9) ends the lease with it.
class LeaseCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("lease"); }
  QString summary() const override { return QStringLiteral("Hold a GPU/port lease while a job runs (used by deploy)."); }
  QString synopsis() const override { return QStringLiteral("hold"); }
  void addOptions(QCommandLineParser& p) override {
    p.addOption({QStringLiteral("dir"), QStringLiteral("Lease folder."), QStringLiteral("dir")});
    p.addOption({QStringLiteral("gpu"), QStringLiteral("UUID[@BUSID]=BUDGET_MIB/CAPACITY_MIB (repeatable)."), QStringLiteral("spec")});
    p.addOption({QStringLiteral("ports"), QStringLiteral("API ports wanted from the range."), QStringLiteral("n")});
    p.addOption({QStringLiteral("vllm-block"), QStringLiteral("Consecutive ports for VLLM_PORT."), QStringLiteral("n")});
    p.addOption({QStringLiteral("port-range"), QStringLiteral("FIRST-LAST."), QStringLiteral("range")});
    p.addOption({QStringLiteral("app-user"), QStringLiteral("CT Studio user."), QStringLiteral("name")});
    p.addOption({QStringLiteral("job"), QStringLiteral("Job id."), QStringLiteral("id")});
    p.addOption({QStringLiteral("ttl"), QStringLiteral("Expiry in seconds (recorded)."), QStringLiteral("s")});
    p.addOption({QStringLiteral("watch-pid"), QStringLiteral("End the lease when this pid exits."), QStringLiteral("pid")});
    p.addOption({QStringLiteral("watch-group"), QStringLiteral("End the lease when no other process is left in this process group (instead of when the parent ends)."), QStringLiteral("pgid")});
    p.addOption({QStringLiteral("keep-while"), QStringLiteral("With --watch-group: while this file exists the lease is kept even when the group is empty (a stop in progress waits for nvidia-smi first)."), QStringLiteral("file")});
    p.addOption({QStringLiteral("env-file"), QStringLiteral("Also write the outcome as sh assignments (CT_LEASE_ID, CT_API_PORT, VLLM_PORT or CT_LEASE_ERROR) to this file, atomically."), QStringLiteral("file")});
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("hold"));
  }
  int run(const QCommandLineParser& p, CliEnv& env) override {
    if (p.positionalArguments().value(0) != QLatin1String("hold")) throw UsageError{QStringLiteral("usage: ct lease hold --dir D --gpu SPEC ...")};
    if (!p.isSet(QStringLiteral("dir"))) throw UsageError{QStringLiteral("--dir is required")};
    sched::LeaseRequest req;
    for (const QString& spec : p.values(QStringLiteral("gpu"))) {
      // UUID[@BUS]=BUDGET/CAPACITY (MiB)
      const int eq = int(spec.indexOf(QLatin1Char('=')));
      const QStringList nums = spec.mid(eq + 1).split(QLatin1Char('/'));
      bool ok1 = false, ok2 = false;
      sched::LeaseGpu g;
      const QStringList id = spec.left(eq).split(QLatin1Char('@'));
      g.uuid = id.value(0);
      g.busId = id.value(1);
      g.budgetBytes = nums.value(0).toLongLong(&ok1) << 20;
      g.capacityBytes = nums.value(1).toLongLong(&ok2) << 20;
      if (eq <= 0 || nums.size() != 2 || !ok1 || !ok2 || g.uuid.isEmpty())
        throw UsageError{QStringLiteral("--gpu '%1': expected UUID[@BUSID]=BUDGET_MIB/CAPACITY_MIB").arg(spec)};
      req.gpus.push_back(g);
    }
    req.apiPorts = p.isSet(QStringLiteral("ports")) ? p.value(QStringLiteral("ports")).toInt() : 0;
    req.vllmBlock = p.isSet(QStringLiteral("vllm-block")) ? p.value(QStringLiteral("vllm-block")).toInt() : 0;
    if (req.apiPorts || req.vllmBlock) {
      const QStringList r = p.value(QStringLiteral("port-range")).split(QLatin1Char('-'));
      req.portFirst = r.value(0).toInt();
      req.portLast = r.value(1).toInt();
      if (r.size() != 2 || req.portFirst < 1 || req.portLast > 65535 || req.portFirst > req.portLast)
        throw UsageError{QStringLiteral("--port-range needs FIRST-LAST within 1-65535")};
    }
    req.appUser = p.value(QStringLiteral("app-user"));
    req.jobId = p.value(QStringLiteral("job"));
    req.ttlSeconds = p.value(QStringLiteral("ttl")).toLongLong();
    const qint64 watch = p.value(QStringLiteral("watch-pid")).toLongLong();
    const qint64 watchTicks = watch > 0 ? sched::processStartTicks(watch) : 0;
    const qint64 group = p.value(QStringLiteral("watch-group")).toLongLong();
    // Watching a group, the lease must outlive the parent (the job's leader may end while an
    // engine process it started still holds the GPU); otherwise it ends with the parent.
    if (group <= 0) ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    const pid_t parent = ::getppid();
    std::signal(SIGTERM, onStop);
    std::signal(SIGINT, onStop);
    std::signal(SIGHUP, onStop);
    QString error;
    auto lease = sched::LeaseStore(p.value(QStringLiteral("dir"))).acquire(req, &error);
    const QString envFile = p.value(QStringLiteral("env-file"));
    auto writeEnv = [&](const QList<QPair<QString, QString>>& kv) {
      if (envFile.isEmpty()) return;
      QByteArray text;
      for (const auto& [k, v] : kv) text += k.toUtf8() + '=' + remote::shellQuote(v.toUtf8()) + '\n';
      QSaveFile f(envFile);
      if (f.open(QIODevice::WriteOnly)) {
        f.write(text);
        f.commit();
      }
    };
    if (!lease) {
      writeEnv({{QStringLiteral("CT_LEASE_ERROR"), error}});
      env.out << QJsonDocument(QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact) << "\n";
      env.out.flush();
      env.err << "ct lease: " << error << "\n";
      return jobs::exit_code::failed;
    }
    QJsonObject o = lease->record().toJson();
    o.insert(QStringLiteral("ok"), true);
    env.out << QJsonDocument(o).toJson(QJsonDocument::Compact) << "\n";
    env.out.flush();
    const auto& rec = lease->record();
    writeEnv({{QStringLiteral("CT_LEASE_ID"), rec.id},
              {QStringLiteral("CT_API_PORT"), rec.ports.isEmpty() ? QString() : QString::number(rec.ports.first())},
              {QStringLiteral("VLLM_PORT"), rec.vllmPorts.isEmpty() ? QString() : QString::number(rec.vllmPorts.first())}});
    const QString keep = p.value(QStringLiteral("keep-while"));
    for (int tick = 0; !gStop; ++tick) {
      if (group > 0) {
        if (tick % 5 == 0 && !(keep.isEmpty() ? false : QFileInfo::exists(keep)) && !sched::processGroupHasOthers(group, ::getpid())) break;
      } else if (::getppid() != parent || (watch > 0 && sched::processStartTicks(watch) != watchTicks)) {
        break;
      }
      ::usleep(100 * 1000);
    }
    lease->release();
    return 0;
  }
};

}  // namespace

std::unique_ptr<Command> makeGpusCommand() { return std::make_unique<GpusCommand>(); }
std::unique_ptr<Command> makeLeasesCommand() { return std::make_unique<LeasesCommand>(); }
std::unique_ptr<Command> makeLeaseCommand() { return std::make_unique<LeaseCommand>(); }

}  // namespace ct::cli
