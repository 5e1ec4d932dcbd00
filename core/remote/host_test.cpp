#include "remote/host_test.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpSocket>

#include "remote/ssh_host.h"

namespace ct::remote {
namespace {

const char* const kProbe = "ct 'quote' \"check\" $(x) `y` ; & | \\ * ~ 模型\nsecond line";

// Looks a tool up on the host's PATH (or at the profile's path) and runs it with the given flags.
const char* const kToolScript = R"sh(
t=$1; r=$2; shift 2
p=$(command -v "$t" 2>/dev/null) || { echo "ct-missing"; exit 127; }
printf 'path=%s\n' "$p"
[ "$r" = run ] && "$p" "$@" 2>&1 | head -n 40
exit 0
)sh";

const char* const kPackageVersion = "import importlib.metadata as m, sys\ntry: print(m.version(sys.argv[1]))\nexcept Exception: pass\n";

struct FirstHop {
  QString host;
  int port = 22;
  QString via;  // "jump host J" / "ProxyCommand" when the destination is not reached directly
  bool direct = true;
};

QMap<QString, QString> sshConfigOf(const HostProfile& p) {
  QMap<QString, QString> out;
  const LocalRun r = runLocal(QStringLiteral("ssh"), SshHost(p).resolveArgs(), 10000);
  for (const QByteArray& line : r.out.split('\n')) {
    const int sp = static_cast<int>(line.indexOf(' '));
    if (sp > 0 && !out.contains(QString::fromUtf8(line.left(sp)))) out.insert(QString::fromUtf8(line.left(sp)), QString::fromUtf8(line.mid(sp + 1)).trimmed());
  }
  return out;
}

FirstHop firstHop(const HostProfile& p, QString* error) {
  FirstHop hop;
  QString jump = p.jump;
  bool ourJump = !jump.isEmpty();
  HostProfile target = p;
  target.jump.clear();
  const auto cfg = sshConfigOf(target);
  if (cfg.isEmpty()) {
    *error = QStringLiteral("ssh -G could not read the configuration for %1").arg(p.dest);
    return hop;
  }
  if (!ourJump && cfg.value(QStringLiteral("proxyjump"), QStringLiteral("none")) != QLatin1String("none")) jump = cfg.value(QStringLiteral("proxyjump")).section(QLatin1Char(','), 0, 0);
  if (jump.isEmpty()) {
    if (cfg.value(QStringLiteral("proxycommand"), QStringLiteral("none")) != QLatin1String("none")) {
      hop.direct = false;
      hop.via = QStringLiteral("ProxyCommand");
      return hop;
    }
    hop.host = cfg.value(QStringLiteral("hostname"), p.dest);
    hop.port = cfg.value(QStringLiteral("port"), QStringLiteral("22")).toInt();
    return hop;
  }
  // The jump host, itself possibly an alias: [user@]host[:port]
  QString h = jump.contains(QLatin1Char('@')) ? jump.section(QLatin1Char('@'), 1) : jump;
  QString port;
  static const QRegularExpression withPort(QStringLiteral("^(.*):(\\d+)$"));
  if (const auto m = withPort.match(h); m.hasMatch() && !h.startsWith(QLatin1Char('['))) {
    h = m.captured(1);
    port = m.captured(2);
  }
  HostProfile jp = target;
  jp.dest = h;
  jp.port = port.toInt();
  const auto jc = sshConfigOf(jp);
  hop.host = jc.value(QStringLiteral("hostname"), h);
  hop.port = jc.value(QStringLiteral("port"), QStringLiteral("22")).toInt();
  hop.via = QStringLiteral("jump host %1").arg(jump);
  return hop;
}

QString humanBytes(double b) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (b >= 1024 && u < 4) {
    b /= 1024;
    ++u;
  }
  return QStringLiteral("%1 %2").arg(b, 0, 'f', u ? 1 : 0).arg(QString::fromLatin1(units[u]));
}

}  // namespace

QJsonObject TestStep::toJson() const {
  QJsonObject o{{QStringLiteral("step"), id}, {QStringLiteral("title"), title}, {QStringLiteral("status"), status}, {QStringLiteral("ms"), ms}};
  if (!detail.isEmpty()) o.insert(QStringLiteral("detail"), detail);
  if (!fix.isEmpty()) o.insert(QStringLiteral("fix"), fix);
  if (!facts.isEmpty()) o.insert(QStringLiteral("facts"), facts);
  return o;
}

QJsonObject HostTestReport::summary() const {
  QJsonObject tools;
  QJsonArray steps;
  QString reason;
  for (const TestStep& s : this->steps) {
    steps.append(s.toJson());
    if (!s.facts.isEmpty()) tools.insert(s.id, s.facts);
    if (reason.isEmpty() && s.status == QLatin1String("failed")) reason = s.detail;
  }
  return {{QStringLiteral("status"), reachable ? QStringLiteral("available") : QStringLiteral("failed")},
          {QStringLiteral("reason"), reason},
          {QStringLiteral("failed_step"), failedStep},
          {QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
          {QStringLiteral("facts"), tools},
          {QStringLiteral("steps"), steps}};
}

NvidiaSmiFacts parseNvidiaSmi(const QString& text) {
  NvidiaSmiFacts f;
  static const QRegularExpression driver(QStringLiteral("Driver Version:\\s*(\\S+)"));
  static const QRegularExpression cuda(QStringLiteral("CUDA Version:\\s*(\\S+)"));
  static const QRegularExpression gpu(QStringLiteral("^\\|\\s+(\\d+)\\s+(.+?)\\s+(On|Off)\\s+\\|"), QRegularExpression::MultilineOption);
  f.driver = driver.match(text).captured(1);
  f.cuda = cuda.match(text).captured(1);
  auto it = gpu.globalMatch(text);
  while (it.hasNext()) f.gpus << it.next().captured(2).trimmed();
  return f;
}

HostTestReport testHost(const HostProfile& p, const HostTestOptions& options, const std::function<void(const TestStep&)>& onStep) {
  HostTestReport report;
  SshHost ssh(p);
  QElapsedTimer clock;
  auto emitStep = [&](TestStep s) {
    report.steps << s;
    if (onStep) onStep(s);
  };
  auto skipRest = [&](const QString& from) {
    report.failedStep = from;
    const QStringList rest{QStringLiteral("resolve"), QStringLiteral("connect"), QStringLiteral("host key"), QStringLiteral("auth"), QStringLiteral("shell"), QStringLiteral("os"),
                           QStringLiteral("disk"), QStringLiteral("python3"), QStringLiteral("vllm"), QStringLiteral("lm_eval"), QStringLiteral("evalplus"), QStringLiteral("nvidia-smi"),
                           QStringLiteral("ct"), QStringLiteral("transfer")};
    for (int i = static_cast<int>(rest.indexOf(from)) + 1; i < rest.size(); ++i) emitStep({rest[i], rest[i], QStringLiteral("skipped"), 0, QStringLiteral("not checked: %1 failed").arg(from), {}, {}});
  };

  // 1-2: name resolution and TCP, to the first hop (the jump host when there is one).
  clock.start();
  QString error;
  const FirstHop hop = firstHop(p, &error);
  if (!error.isEmpty()) {
    emitStep({QStringLiteral("resolve"), QStringLiteral("name resolution"), QStringLiteral("failed"), clock.elapsed(), error, QStringLiteral("fix the ssh config file (ct hosts show %1)").arg(p.name), {}});
    skipRest(QStringLiteral("resolve"));
    return report;
  }
  if (!hop.direct) {
    emitStep({QStringLiteral("resolve"), QStringLiteral("name resolution"), QStringLiteral("skipped"), 0, QStringLiteral("reached through a %1; checked by the connection below").arg(hop.via), {}, {}});
    emitStep({QStringLiteral("connect"), QStringLiteral("TCP connect"), QStringLiteral("skipped"), 0, QStringLiteral("reached through a %1").arg(hop.via), {}, {}});
  } else {
    const QString where = hop.via.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(hop.via);
    clock.restart();
    const QHostInfo info = QHostInfo::fromName(hop.host);
    if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
      emitStep({QStringLiteral("resolve"), QStringLiteral("name resolution") + where, QStringLiteral("failed"), clock.elapsed(),
                QStringLiteral("cannot resolve %1: %2").arg(hop.host, info.errorString()),
                QStringLiteral("check the name (ct hosts show %1), /etc/hosts or DNS, or use the address").arg(p.name), {}});
      skipRest(QStringLiteral("resolve"));
      return report;
    }
    const QHostAddress addr = info.addresses().first();
    emitStep({QStringLiteral("resolve"), QStringLiteral("name resolution") + where, QStringLiteral("ok"), clock.elapsed(), QStringLiteral("%1 → %2").arg(hop.host, addr.toString()), {},
              {{QStringLiteral("address"), addr.toString()}}});
    clock.restart();
    QTcpSocket sock;
    sock.connectToHost(addr, static_cast<quint16>(hop.port));
    QString why;
    QByteArray banner;
    if (!sock.waitForConnected(5000)) why = sock.error() == QAbstractSocket::ConnectionRefusedError ? QStringLiteral("connection refused") : sock.errorString();
    else if (sock.waitForReadyRead(5000)) banner = sock.readLine().trimmed();
    if (!why.isEmpty() || !banner.startsWith("SSH-")) {
      const bool refused = why == QLatin1String("connection refused");
      emitStep({QStringLiteral("connect"), QStringLiteral("TCP connect") + where, QStringLiteral("failed"), clock.elapsed(),
                why.isEmpty() ? QStringLiteral("%1 port %2 answered, but not as an SSH server (%3)").arg(addr.toString()).arg(hop.port).arg(QString::fromUtf8(banner.left(60)))
                              : QStringLiteral("%1 port %2: %3").arg(addr.toString()).arg(hop.port).arg(why),
                refused ? QStringLiteral("nothing listens there: check that sshd runs on the host and the port (--port, or Port in your ssh config)")
                        : QStringLiteral("check the port, and that no firewall or VPN blocks it"),
                {}});
      skipRest(QStringLiteral("connect"));
      return report;
    }
    emitStep({QStringLiteral("connect"), QStringLiteral("TCP connect") + where, QStringLiteral("ok"), clock.elapsed(), QStringLiteral("%1:%2 %3").arg(addr.toString()).arg(hop.port).arg(QString::fromUtf8(banner)), {},
              {{QStringLiteral("banner"), QString::fromUtf8(banner)}}});
  }

  // 3-4: host key and login, on a fresh connection (an open master would hide a changed key).
  const HostKeyPolicy policy = options.acceptNewHostKey ? HostKeyPolicy::AcceptNew : HostKeyPolicy::Strict;
  const SshHost::MasterStart m = ssh.masterAlive() ? ssh.probe(policy) : ssh.ensureMaster(policy);
  const qint64 keyMs = m.hostKeyMs >= 0 ? m.hostKeyMs : m.ms;
  if (!m.ok && (m.failure.step == QLatin1String("resolve") || m.failure.step == QLatin1String("connect") || m.failure.step == QLatin1String("jump") || m.failure.step == QLatin1String("config") ||
                m.failure.step == QLatin1String("link") || m.failure.step == QLatin1String("host key"))) {
    emitStep({QStringLiteral("host key"), QStringLiteral("host key"), QStringLiteral("failed"), m.ms, m.failure.message, m.failure.fix, {{QStringLiteral("fingerprint"), m.failure.fingerprint}}});
    skipRest(QStringLiteral("host key"));
    return report;
  }
  const bool accepted = !m.acceptedKey.isEmpty();
  emitStep({QStringLiteral("host key"), QStringLiteral("host key"), accepted ? QStringLiteral("accepted") : QStringLiteral("ok"), keyMs,
            accepted ? QStringLiteral("%1 accepted and added to %2").arg(m.fingerprint, p.knownHosts.isEmpty() ? QStringLiteral("~/.ssh/known_hosts") : p.knownHosts)
                     : QStringLiteral("%1 matches known_hosts").arg(m.fingerprint),
            {}, {{QStringLiteral("fingerprint"), m.fingerprint}}});
  if (!m.ok) {
    emitStep({QStringLiteral("auth"), QStringLiteral("authentication"), QStringLiteral("failed"), m.ms - keyMs, m.failure.message, m.failure.fix, {}});
    skipRest(QStringLiteral("auth"));
    return report;
  }
  static const QRegularExpression authLine(QStringLiteral("Authenticated to .* using \"([^\"]+)\""));
  const QString method = authLine.match(QString::fromUtf8(m.log)).captured(1);
  emitStep({QStringLiteral("auth"), QStringLiteral("authentication"), QStringLiteral("ok"), m.ms - keyMs,
            QStringLiteral("logged in%1").arg(method.isEmpty() ? QString() : QStringLiteral(" with ") + method), {}, {}});
  if (!ssh.ensureMaster().ok) {
    emitStep({QStringLiteral("shell"), QStringLiteral("remote shell"), QStringLiteral("failed"), 0, QStringLiteral("could not open the shared connection"), QStringLiteral("run the test again"), {}});
    skipRest(QStringLiteral("shell"));
    return report;
  }

  // 5: the login shell passes quoted words through untouched; setsid and GNU tail are there.
  clock.restart();
  const QString probe = QString::fromUtf8(kProbe);
  ExecResult r = ssh.exec({QStringLiteral("printf"), QStringLiteral("%s"), probe});
  const ExecResult env = ssh.script("echo \"shell=${SHELL:-?}\"; command -v setsid >/dev/null 2>&1 && echo setsid=yes; tail --version 2>/dev/null | head -n 1", {});
  if (!r.ran || QString::fromUtf8(r.out) != probe || !env.ok() || !env.out.contains("setsid=yes") || !env.out.contains("GNU coreutils")) {
    const QString shell = QString::fromUtf8(env.out).section(QStringLiteral("shell="), 1).section(QLatin1Char('\n'), 0, 0);
    QString what, fix;
    if (!r.ran) what = r.error(), fix = QStringLiteral("run the test again; if it persists, check the host's sshd log");
    else if (QString::fromUtf8(r.out) != probe) what = QStringLiteral("the login shell (%1) changed a quoted argument: sent %2 bytes, got %3").arg(shell).arg(probe.toUtf8().size()).arg(r.out.size()),
                                                 fix = QStringLiteral("give the remote user a POSIX login shell (bash, dash, zsh or sh)");
    else if (!env.out.contains("setsid=yes")) what = QStringLiteral("setsid is missing, so remote jobs cannot get their own process group"), fix = QStringLiteral("install util-linux on the host");
    else what = QStringLiteral("GNU tail is missing (remote logs are followed with tail -f --pid)"), fix = QStringLiteral("install GNU coreutils on the host");
    emitStep({QStringLiteral("shell"), QStringLiteral("remote shell"), QStringLiteral("failed"), clock.elapsed(), what, fix, {}});
    skipRest(QStringLiteral("shell"));
    return report;
  }
  const QString shell = QString::fromUtf8(env.out).section(QStringLiteral("shell="), 1).section(QLatin1Char('\n'), 0, 0);
  emitStep({QStringLiteral("shell"), QStringLiteral("remote shell"), QStringLiteral("ok"), clock.elapsed(), QStringLiteral("%1 passes quoted arguments unchanged").arg(shell), {},
            {{QStringLiteral("shell"), shell}}});
  report.reachable = true;

  // 6: OS and architecture.
  clock.restart();
  r = ssh.exec({QStringLiteral("uname"), QStringLiteral("-srm")});
  const QString os = QString::fromUtf8(r.out).trimmed();
  emitStep({QStringLiteral("os"), QStringLiteral("OS and architecture"), r.ok() ? QStringLiteral("ok") : QStringLiteral("warning"), clock.elapsed(), r.ok() ? os : r.error(), {},
            {{QStringLiteral("uname"), os}}});

  // 7: free disk in the work folder (created if missing).
  clock.restart();
  const QString workdir = normalizeRemotePath(p.workdirOrDefault());
  r = ssh.script("mkdir -p -- \"$1\" && df -Pk -- \"$1\" | tail -n 1", {workdir});
  const QStringList cols = QString::fromUtf8(r.out).simplified().split(QLatin1Char(' '));
  if (!r.ok() || cols.size() < 4) {
    emitStep({QStringLiteral("disk"), QStringLiteral("work folder"), QStringLiteral("failed"), clock.elapsed(), QStringLiteral("cannot create or measure %1: %2").arg(workdir, r.error()),
              QStringLiteral("choose a writable folder with --workdir"), {}});
  } else {
    const double freeBytes = cols[3].toDouble() * 1024;
    const bool low = freeBytes < 20.0 * (1ULL << 30);
    emitStep({QStringLiteral("disk"), QStringLiteral("work folder"), low ? QStringLiteral("warning") : QStringLiteral("ok"), clock.elapsed(),
              QStringLiteral("%1: %2 free").arg(workdir, humanBytes(freeBytes)),
              low ? QStringLiteral("a 7B model takes ~15 GB as fp16 and ~5 GB quantized: free some space or choose another --workdir") : QString(),
              {{QStringLiteral("workdir"), workdir}, {QStringLiteral("free_bytes"), freeBytes}}});
  }

  // 8-13: tools.
  struct Tool {
    QString id, package;
    QStringList flags;
    QString install;
  };
  const QList<Tool> tools{
      {QStringLiteral("python3"), {}, {QStringLiteral("--version")}, QStringLiteral("install Python 3 on the host")},
      {QStringLiteral("vllm"), QStringLiteral("vllm"), {QStringLiteral("--version")}, QStringLiteral("install vLLM on the host (pip install vllm)")},
      {QStringLiteral("lm_eval"), QStringLiteral("lm_eval"), {}, QStringLiteral("install lm-evaluation-harness on the host (pip install lm-eval)")},
      {QStringLiteral("evalplus"), QStringLiteral("evalplus"), {}, QStringLiteral("install EvalPlus on the host (pip install evalplus)")},
      {QStringLiteral("nvidia-smi"), {}, {}, QStringLiteral("install the NVIDIA driver on the host; without it no GPU stage can run there")},
      {QStringLiteral("ct"), {}, {QStringLiteral("version"), QStringLiteral("--json")}, QStringLiteral("install CT Studio's ct on the host (ct quantize --on then runs it there; otherwise GPTQModel is used)")},
  };
  for (const Tool& t : tools) {
    clock.restart();
    const QString program = p.tool(t.id);
    const bool run = !t.flags.isEmpty() || t.id == QLatin1String("nvidia-smi");
    r = ssh.script(kToolScript, QStringList{program, run ? QStringLiteral("run") : QStringLiteral("look")} + t.flags);
    const QString out = QString::fromUtf8(r.out);
    if (!r.ran) {
      emitStep({t.id, t.id, QStringLiteral("failed"), clock.elapsed(), r.error(), {}, {}});
      continue;
    }
    if (r.exitCode == 127 || out.contains(QLatin1String("ct-missing"))) {
      emitStep({t.id, t.id, QStringLiteral("missing"), clock.elapsed(),
                QStringLiteral("%1 is not on the host%2").arg(program, p.tools.contains(t.id) ? QString() : QStringLiteral(" (not on the PATH of a non-interactive ssh session)")),
                QStringLiteral("%1, or give its path: ct hosts add %2 ... --replace --tool %3=/path/to/%4").arg(t.install, p.name, t.id, QFileInfo(program).fileName()),
                {{QStringLiteral("found"), false}}});
      continue;
    }
    const QString path = out.section(QStringLiteral("path="), 1).section(QLatin1Char('\n'), 0, 0);
    const QString rest = out.section(QLatin1Char('\n'), 1).trimmed();
    QJsonObject facts{{QStringLiteral("found"), true}, {QStringLiteral("path"), path}};
    QString detail = path;
    if (t.id == QLatin1String("python3") || t.id == QLatin1String("vllm")) {
      const QString version = rest.section(QLatin1Char('\n'), -1).trimmed();
      facts.insert(QStringLiteral("version"), version);
      detail = QStringLiteral("%1 (%2)").arg(version, path);
    } else if (!t.package.isEmpty()) {
      const ExecResult v = ssh.exec({p.tool(QStringLiteral("python3")), QStringLiteral("-c"), QString::fromLatin1(kPackageVersion), t.package});
      const QString version = v.ok() ? QString::fromUtf8(v.out).trimmed() : QString();
      if (!version.isEmpty()) facts.insert(QStringLiteral("version"), version);
      detail = QStringLiteral("%1 (%2)").arg(version.isEmpty() ? QStringLiteral("version unknown") : version, path);
    } else if (t.id == QLatin1String("nvidia-smi")) {
      const NvidiaSmiFacts n = parseNvidiaSmi(rest);
      facts.insert(QStringLiteral("driver"), n.driver);
      facts.insert(QStringLiteral("cuda"), n.cuda);
      facts.insert(QStringLiteral("gpus"), QJsonArray::fromStringList(n.gpus));
      if (n.driver.isEmpty()) {
        emitStep({t.id, t.id, QStringLiteral("warning"), clock.elapsed(), QStringLiteral("nvidia-smi ran but said: %1").arg(rest.left(300)),
                  QStringLiteral("check the NVIDIA driver on the host (nvidia-smi must list the GPUs)"), facts});
        continue;
      }
      detail = QStringLiteral("driver %1, CUDA %2, %3 GPU%4%5").arg(n.driver, n.cuda).arg(n.gpus.size()).arg(n.gpus.size() == 1 ? QString() : QStringLiteral("s"))
                   .arg(n.gpus.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(n.gpus.first()));
    } else if (t.id == QLatin1String("ct")) {
      const QString version = QJsonDocument::fromJson(rest.section(QLatin1Char('\n'), -1).toUtf8()).object().value(QStringLiteral("version")).toString();
      facts.insert(QStringLiteral("version"), version);
      detail = QStringLiteral("%1 (%2)").arg(version.isEmpty() ? QStringLiteral("version unknown") : version, path);
    }
    emitStep({t.id, t.id, QStringLiteral("ok"), clock.elapsed(), detail, {}, facts});
  }

  // 14: how files travel.
  clock.restart();
  r = ssh.script("command -v rsync >/dev/null 2>&1 && rsync --version | head -n 1; command -v sha256sum >/dev/null 2>&1 && echo sha256sum=yes", {});
  const QString out = QString::fromUtf8(r.out);
  const bool rsync = out.contains(QLatin1String("rsync  version")) || out.startsWith(QLatin1String("rsync"));
  const QString rsyncVersion = out.section(QLatin1Char('\n'), 0, 0).simplified();
  emitStep({QStringLiteral("transfer"), QStringLiteral("transfers"), rsync ? QStringLiteral("ok") : QStringLiteral("warning"), clock.elapsed(),
            rsync ? QStringLiteral("rsync over the shared connection (%1)").arg(rsyncVersion) : QStringLiteral("no rsync on the host: transfers use sftp (resumes whole files only)"),
            rsync ? QString() : QStringLiteral("install rsync on the host for resumable transfers"),
            {{QStringLiteral("rsync"), rsync}, {QStringLiteral("sha256sum"), out.contains(QLatin1String("sha256sum=yes"))}}});
  return report;
}

}  // namespace ct::remote
