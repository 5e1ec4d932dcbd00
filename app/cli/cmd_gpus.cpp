#include <QJsonArray>
#include <QJsonDocument>
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

#include "cli/commands.h"
#include "jobs/job_state.h"
#include "sched/inventory.h"
#include "sched/lease_store.h"
#include "sched/scheduler.h"

// `ct gpus local`, `ct leases local`, `ct lease hold`. Only the `local` host form exists until the
// SSH layer lands; the NAME = host-profile form will pass a remote SmiRunner and run
// `ct lease hold` on the host through it.
namespace ct::cli {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

void requireLocal(const QCommandLineParser& p, const char* cmd) {
  const QString host = p.positionalArguments().value(0);
  if (host.isEmpty()) throw UsageError{QStringLiteral("name the host: 'ct %1 local' (host profiles come with remote hosts)").arg(QLatin1String(cmd))};
  if (host != QLatin1String("local"))
    throw UsageError{QStringLiteral("host '%1': only 'local' is supported yet; remote host profiles are not built").arg(host)};
}

QString defaultLeaseDir() { return QStringLiteral("/var/tmp/ct-leases"); }

class GpusCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("gpus"); }
  QString summary() const override { return QStringLiteral("Show a host's GPUs, links and leases; plan a placement."); }
  QString synopsis() const override { return QStringLiteral("local"); }
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
    p.addPositionalArgument(QStringLiteral("host"), QStringLiteral("'local'"));
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    requireLocal(p, "gpus");
    sched::DeviceGraph g;
    QString error;
    const QString smi = p.isSet(QStringLiteral("nvidia-smi")) ? p.value(QStringLiteral("nvidia-smi")) : QStringLiteral("nvidia-smi");
    if (!sched::readInventory(sched::localSmiRunner(smi), &g, &error)) {
      env.err << "ct gpus: local: " << error << "\n";
      return jobs::exit_code::failed;
    }
    const sched::LeaseStore store(p.isSet(QStringLiteral("dir")) ? p.value(QStringLiteral("dir")) : defaultLeaseDir());
    const auto leases = store.leasedMemory();
    if (p.isSet(QStringLiteral("plan")) || p.isSet(QStringLiteral("gpus"))) return planCmd(p, g, leases, env);
    if (env.json) {
      QJsonObject o = g.toJson();
      QJsonArray ls;
      for (const auto& r : store.list()) ls.append(r.toJson());
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
  int planCmd(const QCommandLineParser& p, const sched::DeviceGraph& g, const QMap<QString, sched::LeasedMemory>& leases, CliEnv& env) {
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
    if (!r.ok) env.err << "ct gpus: local: " << r.error << "\n";
    return r.ok ? 0 : jobs::exit_code::failed;
  }
};

class LeasesCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("leases"); }
  QString summary() const override { return QStringLiteral("List or release GPU/port leases on a host."); }
  QString synopsis() const override { return QStringLiteral("local"); }
  void addOptions(QCommandLineParser& p) override {
    p.addOption({QStringLiteral("dir"), QStringLiteral("Lease folder (default /var/tmp/ct-leases)."), QStringLiteral("dir")});
    p.addOption({QStringLiteral("release"), QStringLiteral("End this lease (its holder is sent SIGTERM)."), QStringLiteral("id")});
    p.addPositionalArgument(QStringLiteral("host"), QStringLiteral("'local'"));
  }
  int run(const QCommandLineParser& p, CliEnv& env) override {
    requireLocal(p, "leases");
    const sched::LeaseStore store(p.isSet(QStringLiteral("dir")) ? p.value(QStringLiteral("dir")) : defaultLeaseDir());
    QString error;
    if (p.isSet(QStringLiteral("release"))) {
      if (!store.release(p.value(QStringLiteral("release")), &error)) {
        env.err << "ct leases: local: " << error << "\n";
        return jobs::exit_code::failed;
      }
      env.out << (env.json ? QStringLiteral("{\"released\":\"%1\"}").arg(p.value(QStringLiteral("release"))) : QStringLiteral("released ") + p.value(QStringLiteral("release"))) << "\n";
      return 0;
    }
    const auto all = store.list(true);
    if (env.json) {
      QJsonArray a;
      for (const auto& r : all) a.append(r.toJson());
      env.out << QJsonDocument(a).toJson(QJsonDocument::Compact) << "\n";
      return 0;
    }
    if (all.empty()) env.out << "no leases in " << store.dir() << "\n";
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
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    const pid_t parent = ::getppid();
    std::signal(SIGTERM, onStop);
    std::signal(SIGINT, onStop);
    std::signal(SIGHUP, onStop);
    QString error;
    auto lease = sched::LeaseStore(p.value(QStringLiteral("dir"))).acquire(req, &error);
    if (!lease) {
      env.out << QJsonDocument(QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact) << "\n";
      env.out.flush();
      env.err << "ct lease: " << error << "\n";
      return jobs::exit_code::failed;
    }
    QJsonObject o = lease->record().toJson();
    o.insert(QStringLiteral("ok"), true);
    env.out << QJsonDocument(o).toJson(QJsonDocument::Compact) << "\n";
    env.out.flush();
    while (!gStop && ::getppid() == parent && (watch <= 0 || sched::processStartTicks(watch) == watchTicks)) ::usleep(100 * 1000);
    lease->release();
    return 0;
  }
};

}  // namespace

std::unique_ptr<Command> makeGpusCommand() { return std::make_unique<GpusCommand>(); }
std::unique_ptr<Command> makeLeasesCommand() { return std::make_unique<LeasesCommand>(); }
std::unique_ptr<Command> makeLeaseCommand() { return std::make_unique<LeaseCommand>(); }

}  // namespace ct::cli
