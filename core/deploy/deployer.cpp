#include "deploy/deployer.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTimer>
#include <algorithm>
#include <csignal>

#include "deploy/gpu_host.h"
#include "deploy/vllm_log.h"
#include "proc/process.h"
#include "remote/host_store.h"
#include "remote/remote_job.h"
#include "remote/transfer.h"
#include "sched/lease_store.h"
#include "sched/smi_query.h"

namespace ct::deploy {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
constexpr int kVllmPortBlock = 16;

// The deployment's remote job: takes the lease with ct's holder in this process group, then
// becomes vLLM. Arguments: keep-file, ct, then the holder's options, `--`, then vLLM's argv;
// the leased API port is appended as --port. Lines starting "ct-deploy:" are read by ct.
const char* const kWrapper = R"sh(k=$1; ct=$2; shift 2
case $k in /*) ;; *) k=$PWD/$k ;; esac
f=${k%/*}/lease.env
rm -f "$f"
"$ct" lease hold --watch-group $$ --keep-while "$k" --env-file "$f" "$@" > /dev/null &
h=$!
while [ ! -s "$f" ]; do kill -0 $h 2>/dev/null || break; sleep 0.05; done
[ -s "$f" ] || { echo "ct-deploy: lease refused: the lease holder ($ct lease hold) ended without an answer"; exit 75; }
. "$f"
if [ -n "$CT_LEASE_ERROR" ]; then echo "ct-deploy: lease refused: $CT_LEASE_ERROR"; exit 75; fi
echo "ct-deploy: lease $CT_LEASE_ID holder=$h port=$CT_API_PORT vllm_port=$VLLM_PORT"
export VLLM_PORT
while [ $# -gt 0 ] && [ "$1" != -- ]; do shift; done; shift
exec "$@" --port "$CT_API_PORT"
)sh";

// New log bytes from an offset (only what existed when asked, so no line is cut), then the
// size and the exit status once there is one.
const char* const kPoll = R"sh(d=$1; o=$2
s=$(wc -c < "$d/log" 2>/dev/null || echo 0)
[ "$s" -gt "$o" ] && tail -c "+$((o+1))" -- "$d/log" | head -c "$((s-o))"
printf '\n@@ct-poll@@ size=%s status=%s\n' "$s" "$(cat "$d/status" 2>/dev/null)"
)sh";

// Stops everything in the job's process group except the lease holder: TERM, a grace period,
// KILL, then waits until they are gone. The keep-file makes the holder stay meanwhile.
const char* const kStopGroup = R"sh(d=$1; h=$2; g=$3
: > "$d/stopping"
p=$(cat "$d/pid" 2>/dev/null)
[ -n "$p" ] || { echo "none"; exit 0; }
others() { pgrep -g "$p" | grep -vx "$h"; }
pids=$(others | tr '\n' ' ')
echo "pids: $pids"
[ -n "$pids" ] || { echo "none left"; exit 0; }
kill -TERM $pids 2>/dev/null
i=0; while [ -n "$(others)" ] && [ $i -lt "$g" ]; do sleep 0.1; i=$((i+1)); done
left=$(others | tr '\n' ' ')
if [ -n "$left" ]; then kill -KILL $left 2>/dev/null; echo "killed: $left"; fi
i=0; while [ -n "$(others)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
left=$(others | tr '\n' ' ')
[ -z "$left" ] || { echo "left: $left"; exit 4; }
echo "none left"
)sh";

void sleepMs(int ms) {
  QEventLoop loop;
  QTimer::singleShot(ms, &loop, &QEventLoop::quit);
  loop.exec();
}

struct HttpReply {
  int status = 0;
  QByteArray body;
  QString error;
};

HttpReply httpGet(const QString& url, const QString& key, int timeoutMs) {
  QNetworkAccessManager nam;
  QNetworkRequest rq{QUrl(url)};
  if (!key.isEmpty()) rq.setRawHeader("Authorization", "Bearer " + key.toUtf8());
  rq.setTransferTimeout(timeoutMs);
  QNetworkReply* r = nam.get(rq);
  QEventLoop loop;
  QObject::connect(r, &QNetworkReply::finished, &loop, &QEventLoop::quit);
  loop.exec();
  HttpReply out;
  out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
  out.body = r->readAll();
  if (out.status == 0) out.error = r->errorString();
  r->deleteLater();
  return out;
}

int freeLocalPort() {
  QTcpServer s;
  return s.listen(QHostAddress::LocalHost, 0) ? s.serverPort() : 0;
}

QString randomKey() {
  QByteArray b(24, Qt::Uninitialized);
  for (char& c : b) c = char(QRandomGenerator::system()->generate() & 0xff);
  return QStringLiteral("ct-") + QString::fromLatin1(b.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString gib(qint64 bytes) { return QStringLiteral("%1 GiB").arg(double(bytes) / kGiB, 0, 'f', 2); }

// `ct tunnel HOST PORT --local L`, started detached so the endpoint outlives this command; its pid.
qint64 startTunnel(const QString& ct, const QString& host, int remotePort, int localPort, QString* error) {
  proc::Process p;
  QByteArray out;
  QObject::connect(&p, &proc::Process::stdoutLines, [&](const QList<QByteArray>& lines) {
    for (const auto& l : lines) out += l;
  });
  proc::ProcessSpec spec;
  spec.program = QStringLiteral("sh");
  spec.args = {QStringLiteral("-c"), QStringLiteral("setsid \"$0\" \"$@\" < /dev/null > /dev/null 2>&1 & echo $!"), ct, QStringLiteral("tunnel"), host,
               QString::number(remotePort), QStringLiteral("--local"), QString::number(localPort), QStringLiteral("--probe-interval"), QStringLiteral("5")};
  spec.leavesDaemon = true;
  spec.wallTimeoutMs = 10000;
  p.start(spec);
  p.waitForDone(-1);
  const qint64 pid = out.trimmed().toLongLong();
  if (!p.result().ok() || pid <= 0) *error = QStringLiteral("could not start 'ct tunnel %1 %2': %3").arg(host).arg(remotePort).arg(p.result().describe());
  return pid;
}

bool isOurTunnel(qint64 pid, int localPort) {
  QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
  if (pid <= 0 || !f.open(QIODevice::ReadOnly)) return false;
  const QList<QByteArray> argv = f.readAll().split('\0');
  return argv.contains("tunnel") && argv.contains(QByteArray::number(localPort));
}

// Ends the deployment's `ct tunnel` and waits until it is gone (SIGKILL after 5 s).
void closeTunnel(const Deployment& d) {
  if (!isOurTunnel(d.tunnelPid, d.localPort)) return;
  ::kill(pid_t(d.tunnelPid), SIGTERM);
  for (int i = 0; i < 100; ++i) {
    if (sched::processStartTicks(d.tunnelPid) == 0 || !isOurTunnel(d.tunnelPid, d.localPort)) return;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(d.tunnelPid));
    if (stat.open(QIODevice::ReadOnly) && stat.readAll().split(')').last().trimmed().startsWith('Z')) return;
    sleepMs(50);
  }
  ::kill(pid_t(d.tunnelPid), SIGKILL);
}

}  // namespace

DeployOutcome deploy(const DeployRequest& req, const DeployEvents& ev) {
  QElapsedTimer clock;
  clock.start();
  DeployOutcome out;
  auto log = [&](const QString& stage, const QString& m) {
    if (ev.log) ev.log(stage, m);
  };
  auto refuse = [&](const QString& step, const QString& error, const QString& advice = {}) {
    out.step = step;
    out.error = error;
    out.advice = advice;
    return out;
  };
  Deployment& d = out.deployment;
  const DeploymentStore store;
  QString error;

  // Name, host, model.
  QString base = req.model.section(QLatin1Char(':'), -1);
  while (base.endsWith(QLatin1Char('/'))) base.chop(1);
  d.name = req.name.isEmpty() ? QFileInfo(base).fileName() : req.name;
  if (!DeploymentStore::validName(d.name))
    return refuse(QStringLiteral("name"), QStringLiteral("'%1' cannot name a deployment: use 1-32 letters, digits, '.', '_' or '-' (--name)").arg(d.name));
  if (const auto old = store.load(d.name); old && old->active())
    return refuse(QStringLiteral("name"), QStringLiteral("a deployment named '%1' is %2 on %3; stop it first (ct deploy stop %1) or choose another --name").arg(d.name, old->state, old->host));
  const auto profile = remote::loadHost(req.host, &error);
  if (!profile) return refuse(QStringLiteral("host"), error);
  remote::SshHost ssh(*profile);
  d.host = profile->name;
  d.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);

  // HOST:PATH names a folder on the host; a plain path is a local folder when one exists here
  // (read here, pushed once the checks and the plan accept it), else a folder on the host.
  const QString hostPrefix = profile->name + QLatin1Char(':');
  const bool onHost = req.model.startsWith(hostPrefix);
  QString modelPath = remote::normalizeRemotePath(onHost ? req.model.mid(hostPrefix.size()) : req.model);
  const bool push = !onHost && QFileInfo(req.model).isDir();
  QByteArray configText;
  qint64 weightBytes = 0;
  if (push) {
    modelPath = QDir::cleanPath(remote::normalizeRemotePath(profile->workdirOrDefault()) + QStringLiteral("/models/") + QFileInfo(req.model).fileName());
    QFile f(QDir(req.model).filePath(QStringLiteral("config.json")));
    if (!f.open(QIODevice::ReadOnly)) return refuse(QStringLiteral("model"), QStringLiteral("no config.json in %1; give a model folder").arg(req.model));
    configText = f.readAll();
    for (const QFileInfo& w : QDir(req.model).entryInfoList({QStringLiteral("*.safetensors"), QStringLiteral("*.bin")}, QDir::Files)) weightBytes += w.size();
  } else {
    const remote::ExecResult cfg = ssh.script(
        "[ -f \"$1/config.json\" ] || { echo \"no config.json in $1 on the host\" >&2; exit 3; }\n"
        "cat \"$1/config.json\"; printf '\\n@@ct-size@@\\n'\n"
        "for f in \"$1\"/*.safetensors \"$1\"/*.bin; do [ -f \"$f\" ] && wc -c < \"$f\"; done; exit 0\n",
        {modelPath});
    if (!cfg.ok())
      return refuse(QStringLiteral("model"), cfg.ran ? QStringLiteral("%1: %2 (give a model folder on the host, or a local folder to push)").arg(ssh.label(), QString::fromUtf8(cfg.err.trimmed()))
                                                     : cfg.error());
    const qsizetype cut = cfg.out.indexOf("\n@@ct-size@@\n");
    configText = cfg.out.left(cut);
    for (const QByteArray& n : cfg.out.mid(cut + 13).split('\n')) weightBytes += n.trimmed().toLongLong();
  }
  d.model = modelPath;
  const auto facts = ModelFacts::fromConfig(configText, weightBytes, &error);
  if (!facts) return refuse(QStringLiteral("model"), QStringLiteral("%1/config.json: %2").arg(push ? req.model : profile->name + QLatin1Char(':') + modelPath, error));

  // Checks that need no GPU.
  QStringList explicitGpus;
  int gpuCount = 0;
  if (req.gpus != QLatin1String("auto")) {
    bool isNumber = false;
    gpuCount = req.gpus.toInt(&isNumber);
    if (!isNumber) {
      for (const QString& g : req.gpus.split(QLatin1Char(','), Qt::SkipEmptyParts)) explicitGpus << g.trimmed();
      gpuCount = int(explicitGpus.size());
    }
    if (gpuCount < 1) return refuse(QStringLiteral("checks"), QStringLiteral("--gpus takes auto, a count or a list of GPUs, got '%1'").arg(req.gpus));
  }
  const int tp = req.tensorParallel > 0 ? req.tensorParallel : std::max(1, gpuCount);
  if (gpuCount > 0 && gpuCount != tp)
    return refuse(QStringLiteral("checks"), QStringLiteral("--gpus names %1 GPU(s) but --tensor-parallel-size is %2; vLLM runs one rank per GPU, so make them equal").arg(gpuCount).arg(tp));
  d.tensorParallel = tp;
  if (const QString why = checkTensorParallel(*facts, tp); !why.isEmpty()) return refuse(QStringLiteral("checks"), why);
  out.kernel = predictKernel(*facts, req.quantization, req.dtype);
  if (!out.kernel.refusal.isEmpty()) return refuse(QStringLiteral("checks"), out.kernel.refusal);
  d.kernel = out.kernel.kernel;
  if (!out.kernel.kernel.isEmpty()) log(QStringLiteral("checks"), QStringLiteral("kernel: %1 (%2)").arg(out.kernel.kernel, out.kernel.why));
  if (!out.kernel.warning.isEmpty()) log(QStringLiteral("checks"), QStringLiteral("warning: %1").arg(out.kernel.warning));
  if (req.maxModelLen > 0 && facts->maxPositions > 0 && req.maxModelLen > facts->maxPositions)
    return refuse(QStringLiteral("checks"), QStringLiteral("--max-model-len %1 is above the model's max_position_embeddings %2; vLLM refuses it").arg(req.maxModelLen).arg(facts->maxPositions));
  const int first = profile->portFirstOrDefault(), last = profile->portLastOrDefault();
  if (req.port > 0 && (req.port < first || req.port > last))
    return refuse(QStringLiteral("checks"), QStringLiteral("--port %1 is outside %2's deployment ports %3-%4 (ct hosts add %2 --replace --ports FIRST-LAST)").arg(req.port).arg(profile->name).arg(first).arg(last));

  // Plan on the live inventory and the host's leases.
  auto host = remoteGpuHost(ssh);
  sched::DeviceGraph graph;
  if (!host->inventory(&graph, &error)) return refuse(QStringLiteral("plan"), error);
  const auto records = host->leases(&error);
  if (!records) return refuse(QStringLiteral("plan"), error);
  const auto leased = GpuHost::leasedMemory(*records);
  sched::PlanRequest pr;
  pr.count = tp;
  for (const QString& g : explicitGpus) pr.explicitGpus.push_back(g);
  if (req.memoryGiB) pr.budgetBytes = qint64(*req.memoryGiB * kGiB);
  if (req.gpuMemoryUtilization) pr.fraction = *req.gpuMemoryUtilization;
  pr.model = facts->shape(req.maxModelLen);
  out.plan = sched::plan(graph, leased, pr);
  if (!out.plan.ok) {
    return refuse(QStringLiteral("plan"), QStringLiteral("%1: %2").arg(profile->name, out.plan.error),
                  QStringLiteral("see who holds what with ct gpus %1; give a smaller --memory, other --gpus, or wait until a lease ends (ct leases %1)").arg(profile->name));
  }
  if (push) {
    log(QStringLiteral("push"), QStringLiteral("pushing %1 to %2:%3").arg(req.model, profile->name, modelPath));
    remote::Transfer t(ssh, {});
    remote::TransferReport rep;
    if (!t.push(req.model, modelPath, {}, &rep, &error)) return refuse(QStringLiteral("model"), QStringLiteral("%1: pushing the model: %2").arg(ssh.label(), error));
  }
  log(QStringLiteral("plan"), QStringLiteral("%1; --gpu-memory-utilization %2").arg(out.plan.why).arg(out.plan.gpuMemoryUtilization));
  // The kernel again, now that the GPUs are known (Marlin needs compute capability 8.0).
  int cc = 0;
  for (int i : out.plan.picked) {
    const int c = computeCapabilityFromName(graph.gpus[size_t(i)].name);
    if (c > 0 && (cc == 0 || c < cc)) cc = c;
  }
  if (cc > 0) {
    out.kernel = predictKernel(*facts, req.quantization, req.dtype, cc);
    if (!out.kernel.refusal.isEmpty()) return refuse(QStringLiteral("checks"), QStringLiteral("%1: %2").arg(profile->name, out.kernel.refusal));
    d.kernel = out.kernel.kernel;
    if (!out.kernel.kernel.isEmpty()) log(QStringLiteral("checks"), QStringLiteral("kernel on these GPUs: %1 (%2)").arg(out.kernel.kernel, out.kernel.why));
  }
  d.gpuMemoryUtilization = out.plan.gpuMemoryUtilization;
  d.budgetBytes = out.plan.budgetBytes;
  d.maxModelLen = req.maxModelLen;
  d.servedName = req.servedName.isEmpty() ? d.name : req.servedName;
  d.apiKey = req.apiKey.isEmpty() ? randomKey() : req.apiKey;
  // The key goes to the keychain only. Without one, a key made here could never be used again:
  // the person gives their own and gives it again wherever they use the endpoint.
  QString keyWhy;
  if (!DeploymentStore::saveKey(d, &keyWhy)) {
    if (req.apiKey.isEmpty())
      return refuse(QStringLiteral("checks"), QStringLiteral("%1 Deploy with --api-key-stdin or --api-key-file then, and give the same key to whatever uses the endpoint.").arg(keyWhy));
    log(QStringLiteral("checks"), QStringLiteral("the API key is not kept (%1): give it again (--api-key-stdin or --api-key-file) wherever you use %2").arg(keyWhy, d.name));
  }
  d.jobId = QStringLiteral("deploy-%1-%2").arg(d.name).arg(QRandomGenerator::global()->generate() & 0xffffff, 6, 16, QLatin1Char('0'));

  QStringList holder{QStringLiteral("--dir"), profile->leaseDirOrDefault(), QStringLiteral("--ports"), QStringLiteral("1"), QStringLiteral("--vllm-block"),
                     QString::number(kVllmPortBlock), QStringLiteral("--port-range"), QStringLiteral("%1-%2").arg(req.port > 0 ? req.port : first).arg(last),
                     QStringLiteral("--job"), d.jobId, QStringLiteral("--app-user"), req.appUser.isEmpty() ? d.name : req.appUser};
  QStringList indices;
  for (int i : out.plan.picked) {
    const sched::Gpu& g = graph.gpus[size_t(i)];
    // What all leases on this GPU may add up to: the free memory the plan saw. Leases taken
    // since then count against it under the GPU's mutex, so two planners cannot both fit.
    const qint64 capacityMiB = g.freeMiB.value_or(0);
    holder << QStringLiteral("--gpu") << QStringLiteral("%1@%2=%3/%4").arg(g.uuid, g.busId).arg(out.plan.budgetBytes >> 20).arg(capacityMiB);
    indices << QString::number(g.index);
    d.gpuIndices << g.index;
    d.gpuUuids << g.uuid;
  }
  d.vllmArgv = QStringList{profile->tool(QStringLiteral("vllm")), QStringLiteral("serve"), modelPath, QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                           QStringLiteral("--gpu-memory-utilization"), QString::number(out.plan.gpuMemoryUtilization), QStringLiteral("--tensor-parallel-size"),
                           QString::number(tp), QStringLiteral("--served-model-name"), d.servedName};
  if (req.maxModelLen > 0) d.vllmArgv << QStringLiteral("--max-model-len") << QString::number(req.maxModelLen);
  if (!req.quantization.isEmpty()) d.vllmArgv << QStringLiteral("--quantization") << req.quantization;
  if (!req.dtype.isEmpty()) d.vllmArgv << QStringLiteral("--dtype") << req.dtype;
  d.vllmArgv << req.vllmArgs;

  remote::RemoteJobSpec spec;
  const QString jobDir = remote::RemoteJobRunner::jobDir(*profile, d.jobId);
  spec.argv = QStringList{QStringLiteral("sh"), QStringLiteral("-c"), QString::fromLatin1(kWrapper), QStringLiteral("ct-deploy"), jobDir + QStringLiteral("/stopping"),
                          profile->tool(QStringLiteral("ct"))} + holder + QStringList{QStringLiteral("--")} + d.vllmArgv;
  spec.env.insert(QStringLiteral("CUDA_DEVICE_ORDER"), QStringLiteral("PCI_BUS_ID"));
  spec.env.insert(QStringLiteral("CUDA_VISIBLE_DEVICES"), indices.join(QLatin1Char(',')));
  spec.env.insert(QStringLiteral("VLLM_API_KEY"), d.apiKey);
  d.state = QStringLiteral("starting");
  if (!store.save(d, &error)) return refuse(QStringLiteral("start"), error);
  remote::RemoteJobRunner runner(ssh);
  if (!runner.start(d.jobId, spec, d.job, &error)) {
    d.state = QStringLiteral("failed");
    d.error = error;
    store.save(d, &error);
    return refuse(QStringLiteral("start"), QStringLiteral("%1: starting vLLM: %2").arg(ssh.label(), d.error));
  }
  store.save(d, &error);
  log(QStringLiteral("start"), QStringLiteral("vLLM started on %1 as job %2 (pid %3) on GPU %4").arg(profile->name, d.jobId).arg(d.job.pid).arg(indices.join(QLatin1Char(','))));

  // Watch: lease line, failures, then /health and /v1/models through the tunnel.
  auto fail = [&](const QString& step, const QString& message, const QString& advice) {
    QString report;
    runner.cancel(d.job, 5000, &report);
    closeTunnel(d);
    d.state = QStringLiteral("failed");
    d.error = message;
    d.advice = advice;
    QString e;
    store.save(d, &e);
    return refuse(step, message, advice);
  };
  VllmFailure failure;
  QStringList tail;
  bool healthy = false;
  while (true) {
    if (ev.cancelled && ev.cancelled())
      return fail(QStringLiteral("cancelled"), QStringLiteral("cancelled; vLLM on %1 was stopped and its lease released").arg(profile->name), {});
    if (clock.elapsed() > qint64(req.timeoutSeconds) * 1000)
      return fail(QStringLiteral("ready"), QStringLiteral("%1: vLLM did not answer /health within %2 s").arg(profile->name).arg(req.timeoutSeconds),
                  QStringLiteral("see ct deploy logs %1; raise --timeout for large models").arg(d.name));
    const remote::ExecResult poll = ssh.script(kPoll, {d.job.dir, QString::number(d.job.offset)});
    if (!poll.ok()) {
      log(QStringLiteral("ready"), QStringLiteral("could not read the log on %1 (%2); retrying").arg(profile->name, poll.error()));
      sleepMs(1000);
      continue;
    }
    const qsizetype m = poll.out.lastIndexOf("\n@@ct-poll@@ ");
    const QByteArray fresh = poll.out.left(m);
    const QByteArray meta = poll.out.mid(m + 13);
    const qsizetype consumed = fresh.lastIndexOf('\n') + 1;
    for (const QByteArray& line : fresh.left(consumed).split('\n')) {
      if (line.isEmpty()) continue;
      tail << QString::fromUtf8(line);
      if (tail.size() > 12) tail.removeFirst();
      if (line.startsWith("ct-deploy: lease refused: ")) {
        d.state = QStringLiteral("failed");
        d.error = QString::fromUtf8(line.mid(26));
        QString e;
        store.save(d, &e);
        const bool ports = d.error.contains(QLatin1String("port"));
        return refuse(QStringLiteral("lease"), QStringLiteral("%1: lease refused: %2").arg(profile->name, d.error),
                      ports ? QStringLiteral("each deployment takes an API port and a block of %2 for VLLM_PORT from %1's range %3-%4: stop a deployment (ct deploy list), "
                                             "or widen the range (ct hosts add %1 --replace --ports FIRST-LAST)").arg(profile->name).arg(kVllmPortBlock).arg(first).arg(last)
                            : QStringLiteral("another lease took the GPU since the plan: see who holds what with ct gpus %1; pick other --gpus or a smaller --memory").arg(profile->name));
      }
      if (line.startsWith("ct-deploy: lease ")) {
        const QString l = QString::fromUtf8(line);
        d.leaseId = l.section(QLatin1Char(' '), 2, 2);
        auto field = [&](const QString& k) { return l.section(k + QLatin1Char('='), 1).section(QLatin1Char(' '), 0, 0); };
        d.holderPid = field(QStringLiteral("holder")).toLongLong();
        d.apiPort = field(QStringLiteral("port")).toInt();
        d.vllmPort = field(QStringLiteral("vllm_port")).toInt();
        if (req.port > 0 && d.apiPort != req.port)
          return fail(QStringLiteral("lease"), QStringLiteral("%1: port %2 is taken (by another lease or a program); the next free one is %3").arg(profile->name).arg(req.port).arg(d.apiPort),
                      QStringLiteral("use --port auto"));
        log(QStringLiteral("lease"), QStringLiteral("lease %1: port %2, VLLM_PORT %3-%4").arg(d.leaseId).arg(d.apiPort).arg(d.vllmPort).arg(d.vllmPort + kVllmPortBlock - 1));
        d.localPort = freeLocalPort();
        d.tunnelPid = startTunnel(req.ctProgram, profile->name, d.apiPort, d.localPort, &error);
        if (d.tunnelPid <= 0) return fail(QStringLiteral("tunnel"), error, {});
        d.url = QStringLiteral("http://127.0.0.1:%1/v1").arg(d.localPort);
        QString e;
        store.save(d, &e);
        continue;
      }
      if (!failure.isSet()) {
        failure = diagnoseLine(line);
        if (failure.isSet()) log(QStringLiteral("ready"), QStringLiteral("vLLM reported: %1").arg(failure.line));
      }
    }
    d.job.offset += consumed;
    const QString status = QString::fromUtf8(meta).section(QStringLiteral("status="), 1).trimmed();
    if (!status.isEmpty()) {
      if (failure.isSet())
        return fail(QStringLiteral("ready"), QStringLiteral("%1: vLLM failed to start: %2").arg(profile->name, failure.line), failure.advice);
      return fail(QStringLiteral("ready"), QStringLiteral("%1: vLLM exited with status %2 before it answered; last log lines:\n%3").arg(profile->name, status, tail.join(QLatin1Char('\n'))),
                  QStringLiteral("see ct deploy logs %1").arg(d.name));
    }
    if (d.localPort > 0) {
      const QString base = QStringLiteral("http://127.0.0.1:%1").arg(d.localPort);
      if (!healthy) healthy = httpGet(base + QStringLiteral("/health"), {}, 3000).status == 200;
      if (healthy) {
        const HttpReply models = httpGet(base + QStringLiteral("/v1/models"), d.apiKey, 5000);
        if (models.status == 401)
          return fail(QStringLiteral("ready"), QStringLiteral("%1: vLLM answers but refuses the API key on /v1/models (HTTP 401)").arg(profile->name),
                      QStringLiteral("check that VLLM_API_KEY reaches vLLM on the host (a wrapper script may drop the environment)"));
        if (models.status == 200) {
          const QJsonArray data = QJsonDocument::fromJson(models.body).object().value(QStringLiteral("data")).toArray();
          const QString id = data.isEmpty() ? QString() : data.first().toObject().value(QStringLiteral("id")).toString();
          if (id != d.servedName)
            return fail(QStringLiteral("ready"), QStringLiteral("%1: /v1/models lists '%2', expected the served name '%3'").arg(profile->name, id, d.servedName), {});
          break;
        }
      }
    }
    sleepMs(300);
  }
  d.state = QStringLiteral("ready");
  store.save(d, &error);
  out.readySeconds = double(clock.elapsed()) / 1000.0;
  log(QStringLiteral("ready"), QStringLiteral("%1 ready at %2 (model '%3') after %4 s").arg(d.name, d.url, d.servedName).arg(out.readySeconds, 0, 'f', 1));
  out.ok = true;
  return out;
}

StopOutcome stop(const QString& name, const DeployEvents& ev, int graceMs, int smiTimeoutMs) {
  StopOutcome out;
  auto step = [&](const QString& s) {
    out.steps << s;
    if (ev.log) ev.log(QStringLiteral("stop"), s);
  };
  const DeploymentStore store;
  auto dep = store.load(name);
  if (!dep) {
    out.error = QStringLiteral("no deployment named '%1' (ct deploy list shows them)").arg(name);
    return out;
  }
  Deployment& d = *dep;
  QString error;
  const auto profile = remote::loadHost(d.host, &error);
  if (!profile) {
    out.error = error;
    return out;
  }
  remote::SshHost ssh(*profile);
  if (d.state == QLatin1String("stopped")) {
    closeTunnel(d);
    out.ok = true;
    step(QStringLiteral("%1 is already stopped").arg(name));
    return out;
  }
  d.state = QStringLiteral("stopping");
  store.save(d, &error);
  if (!d.job.dir.isEmpty()) {
    remote::ExecOptions o;
    o.timeoutMs = graceMs + 20000;
    const remote::ExecResult r = ssh.script(kStopGroup, {d.job.dir, QString::number(d.holderPid), QString::number(std::max(1, graceMs / 100))}, o);
    if (!r.ran) {
      out.error = QStringLiteral("%1: stopping vLLM: %2").arg(ssh.label(), r.error());
      return out;
    }
    const QString said = QString::fromUtf8(r.out);
    for (const QString& p : said.section(QStringLiteral("pids: "), 1).section(QLatin1Char('\n'), 0, 0).split(QLatin1Char(' '), Qt::SkipEmptyParts)) out.pids << p.toLongLong();
    if (r.exitCode != 0) {
      out.error = QStringLiteral("%1: processes of %2 survived SIGKILL (%3); its lease is kept so nobody is placed on a busy GPU; ask the host's administrator")
                      .arg(profile->name, name, said.section(QStringLiteral("left: "), 1).trimmed());
      return out;
    }
    QStringList pidText;
    for (qint64 p : out.pids) pidText << QString::number(p);
    step(QStringLiteral("stopped the process group of job %1 (pids %2)").arg(d.jobId, pidText.isEmpty() ? QStringLiteral("none left") : pidText.join(QLatin1Char(' '))));
  }
  // The lease is released only once the GPU no longer shows the job's processes.
  if (!out.pids.isEmpty()) {
    const sched::SmiRunner smi = remoteSmiRunner(ssh);
    QElapsedTimer t;
    t.start();
    QList<qint64> still;
    while (true) {
      QString text;
      std::vector<sched::AppRow> apps;
      if (!smi(sched::appsQueryArgs(), &text, &error) || !sched::parseAppsQuery(text, &apps, &error)) {
        out.error = QStringLiteral("%1: cannot confirm the GPUs are free: %2; the lease is kept").arg(profile->name, error);
        return out;
      }
      still.clear();
      for (const auto& a : apps)
        if (out.pids.contains(a.pid)) still << a.pid;
      if (still.isEmpty()) break;
      if (t.elapsed() > smiTimeoutMs) {
        QStringList s;
        for (qint64 p : still) s << QString::number(p);
        out.error = QStringLiteral("%1: nvidia-smi still lists pid %2 of %3 after %4 s although they were killed; the lease %5 is kept so nobody lands on that memory "
                                   "(release it with ct leases %1 --release %5 once the GPU is free)")
                        .arg(profile->name, s.join(QLatin1Char(' ')), name).arg(smiTimeoutMs / 1000).arg(d.leaseId);
        return out;
      }
      sleepMs(300);
    }
    step(QStringLiteral("nvidia-smi lists none of its processes"));
  }
  if (!d.leaseId.isEmpty()) {
    auto host = remoteGpuHost(ssh);
    const auto records = host->leases(&error);
    if (!records) {
      out.error = error;
      return out;
    }
    const bool held = std::any_of(records->begin(), records->end(), [&](const sched::LeaseRecord& r) { return r.id == d.leaseId && !r.stale; });
    if (!held) step(QStringLiteral("lease %1 was already free (its holder had ended)").arg(d.leaseId));
    else if (!host->release(d.leaseId, &error)) {
      out.error = error;
      return out;
    } else
      step(QStringLiteral("released lease %1").arg(d.leaseId));
  }
  if (!d.job.dir.isEmpty()) {
    remote::RemoteJobRunner runner(ssh);
    for (int i = 0; i < 50; ++i) {
      const auto s = runner.status(d.job, &error);
      if (s && !s->running) break;
      sleepMs(100);
    }
    ssh.exec({QStringLiteral("rm"), QStringLiteral("-f"), QStringLiteral("--"), d.job.dir + QStringLiteral("/stopping")});
  }
  closeTunnel(d);
  step(QStringLiteral("closed the tunnel %1").arg(d.url));
  d.state = QStringLiteral("stopped");
  store.save(d, &error);
  out.ok = true;
  return out;
}

std::optional<QByteArray> logs(const QString& name, int lines, QString* error) {
  const auto d = DeploymentStore().load(name);
  if (!d) {
    *error = QStringLiteral("no deployment named '%1' (ct deploy list shows them)").arg(name);
    return std::nullopt;
  }
  const auto profile = remote::loadHost(d->host, error);
  if (!profile) return std::nullopt;
  remote::SshHost ssh(*profile);
  const QString file = d->job.dir + QStringLiteral("/log");
  const remote::ExecResult r = lines > 0 ? ssh.exec({QStringLiteral("tail"), QStringLiteral("-n"), QString::number(lines), QStringLiteral("--"), file})
                                         : ssh.exec({QStringLiteral("cat"), QStringLiteral("--"), file});
  if (!r.ok()) {
    *error = r.ran ? QStringLiteral("%1: reading %2: %3").arg(ssh.label(), file, QString::fromUtf8(r.err.trimmed())) : r.error();
    return std::nullopt;
  }
  return r.out;
}

std::optional<bool> running(const Deployment& d, QString* error) {
  const auto profile = remote::loadHost(d.host, error);
  if (!profile) return std::nullopt;
  remote::SshHost ssh(*profile);
  remote::RemoteJobRunner runner(ssh);
  const auto s = runner.status(d.job, error);
  if (!s) return std::nullopt;
  return s->running;
}

}  // namespace ct::deploy
