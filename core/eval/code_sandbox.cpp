#include "eval/code_sandbox.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTimer>
#include <csignal>
#include <functional>
#include <memory>

#include "proc/process.h"

namespace ct::eval {
namespace {

// The driver that runs inside the sandbox. It reads task.json, prints one JSON line per test
// set ("base" first, so a time-out in "plus" still leaves the base verdict) and never trusts the
// candidate with the expected outputs: they are computed from the reference first.
const char kHarness[] = R"PY(
import copy, json, math, sys
def _no_network(*args, **kwargs):
    raise OSError("network access is disabled in the evaluation sandbox")
import socket
socket.socket = _no_network
socket.create_connection = _no_network
socket.socketpair = _no_network
task = json.load(open("task.json", encoding="utf-8"))

def report(kind, status, detail=""):
    print(json.dumps({"set": kind, "status": status, "detail": detail[:300]}), flush=True)

def same(a, b, atol):
    if isinstance(a, float) or isinstance(b, float):
        try:
            if math.isnan(a) and math.isnan(b):
                return True
            return math.isclose(a, b, rel_tol=1e-7, abs_tol=atol if atol else 1e-6)
        except TypeError:
            return False
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) == type(b) and len(a) == len(b) and all(same(x, y, atol) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k], atol) for k in a)
    return a == b

def load(source, name):
    env = {"__name__": "__candidate__"}
    exec(compile(source, name, "exec"), env)
    return env

def describe(e):
    return (type(e).__name__ + ": " + str(e)).splitlines()[0] if str(e) else type(e).__name__

entry = task["entry_point"]
inputs = task.get("inputs") or {}
if "base_input" in inputs:
    reference = load(task["canonical"], "reference.py")[entry]
    expected = {}
    for kind in ("base", "plus"):
        expected[kind] = [reference(*copy.deepcopy(args)) for args in (inputs.get(kind + "_input") or [])]
    try:
        candidate = load(task["solution"], "solution.py")[entry]
    except BaseException as e:
        report("base", "fail", describe(e))
        sys.exit(0)
    for kind in ("base", "plus"):
        if kind == "plus" and not inputs.get("plus_input"):
            break
        status, detail = "pass", ""
        for args, want in zip(inputs.get(kind + "_input") or [], expected[kind]):
            try:
                got = candidate(*copy.deepcopy(args))
            except BaseException as e:
                status, detail = "fail", describe(e)
                break
            if not same(got, want, inputs.get("atol") or 0):
                status, detail = "fail", "wrong output for input " + repr(args)[:200]
                break
        report(kind, status, detail)
else:
    try:
        env = load(task["solution"] + "\n\n" + task["test"], "solution.py")
        if "check" in env and entry in env:
            env["check"](env[entry])
        report("base", "pass")
    except BaseException as e:
        report("base", "fail", describe(e))
)PY";

// Unused user ids for the sandboxed programs when we are root (one per parallel slot).
constexpr int kFirstSandboxUid = 2000000000;

struct Run {
  std::unique_ptr<QTemporaryDir> dir;
  std::unique_ptr<proc::Process> process;
  QStringList out, err;
};

bool prepare(Run& run, const CodeTask& t, const SandboxLimits& limits, int uid, QString* error) {
  run.dir = std::make_unique<QTemporaryDir>();
  if (!run.dir->isValid()) {
    *error = QStringLiteral("cannot create a scratch directory: %1").arg(run.dir->errorString());
    return false;
  }
  // The program runs as another user when we are root: the scratch directory must be its.
  QFile::setPermissions(run.dir->path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                             QFileDevice::WriteOther | QFileDevice::ExeOther | QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup);
  const QJsonObject spec{{QStringLiteral("solution"), t.solution}, {QStringLiteral("entry_point"), t.entryPoint}, {QStringLiteral("test"), t.test},
                         {QStringLiteral("canonical"), t.canonical}, {QStringLiteral("inputs"), t.inputs}};
  for (const auto& [name, data] : {std::pair{QStringLiteral("task.json"), QJsonDocument(spec).toJson(QJsonDocument::Compact)},
                                   std::pair{QStringLiteral("harness.py"), QByteArray(kHarness)}}) {
    QFile f(run.dir->filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size()) {
      *error = QStringLiteral("cannot write %1: %2").arg(f.fileName(), f.errorString());
      return false;
    }
  }
  proc::ProcessSpec ps;
  ps.program = limits.python;
  ps.args = {QStringLiteral("-I"), QStringLiteral("-B"), QStringLiteral("harness.py")};
  ps.workDir = run.dir->path();
  QProcessEnvironment env;
  env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
  env.insert(QStringLiteral("HOME"), run.dir->path());
  env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
  env.insert(QStringLiteral("PYTHONHASHSEED"), QStringLiteral("0"));
  ps.env = env;
  ps.wallTimeoutMs = limits.wallSeconds * 1000;
  ps.graceMs = 500;
  ps.sandbox.enabled = true;
  ps.sandbox.cpuSeconds = limits.cpuSeconds;
  ps.sandbox.memoryBytes = limits.memoryBytes;
  ps.sandbox.fileBytes = limits.fileBytes;
  ps.sandbox.maxProcesses = limits.maxProcesses;
  // Each parallel slot runs as its own unused user id, so the process limit of one sample (a
  // fork bomb filling it) never starves another sample that runs beside it.
  ps.sandbox.dropToUid = ps.sandbox.dropToGid = uid;
  run.process = std::make_unique<proc::Process>();
  QObject::connect(run.process.get(), &proc::Process::stdoutLines, [&run](const QList<QByteArray>& lines) {
    for (const QByteArray& l : lines) run.out << QString::fromUtf8(l);
  });
  QObject::connect(run.process.get(), &proc::Process::stderrLines, [&run](const QList<QByteArray>& lines) {
    for (const QByteArray& l : lines)
      if (run.err.size() < 200) run.err << QString::fromUtf8(l);
  });
  run.process->start(ps);
  return true;
}

CodeVerdict verdictOf(const Run& run, const CodeTask& t, const SandboxLimits& limits) {
  CodeVerdict v;
  const bool hasPlus = !t.inputs.value(QStringLiteral("plus_input")).toArray().isEmpty();
  for (const QString& line : run.out) {
    const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
    const QString set = o.value(QStringLiteral("set")).toString();
    if (set == QLatin1String("base")) v.base = o.value(QStringLiteral("status")).toString();
    if (set == QLatin1String("plus")) v.plus = o.value(QStringLiteral("status")).toString();
    if (v.detail.isEmpty()) v.detail = o.value(QStringLiteral("detail")).toString();
  }
  const proc::ProcessResult& r = run.process->result();
  QString ended;
  const bool memory = run.err.join(QLatin1Char('\n')).contains(QStringLiteral("MemoryError"));
  if (r.outcome == proc::ProcessResult::Outcome::TimedOut || (r.outcome == proc::ProcessResult::Outcome::Crashed && (r.signal == SIGXCPU || r.signal == SIGKILL) && !memory))
    ended = QStringLiteral("timeout");
  else if (memory) ended = QStringLiteral("memory");
  else if (!r.ok()) ended = QStringLiteral("crash");
  if (!ended.isEmpty() || v.base.isEmpty()) {
    const QString status = ended.isEmpty() ? QStringLiteral("crash") : ended;
    if (v.base.isEmpty()) v.base = status;
    if (hasPlus && v.plus.isEmpty()) v.plus = status;
    if (v.detail.isEmpty()) {
      QString last;
      for (const QString& e : run.err)
        if (!e.trimmed().isEmpty() && !e.startsWith(QStringLiteral("ct-sandbox:"))) last = e.trimmed();
      v.detail = status == QLatin1String("timeout") ? QStringLiteral("stopped after %1 s wall / %2 s CPU").arg(limits.wallSeconds).arg(limits.cpuSeconds)
                                                    : (last.isEmpty() ? r.describe() : last);
    }
  }
  if (!hasPlus) v.plus.clear();
  v.isolation = QStringLiteral("own process, scratch dir, cpu %1 s, memory %2 MiB, %3 processes")
                    .arg(limits.cpuSeconds).arg(limits.memoryBytes >> 20).arg(limits.maxProcesses);
  const bool netns = !run.err.join(QLatin1Char('\n')).contains(QStringLiteral("no network namespace"));
  v.isolation += netns ? QStringLiteral(", no network (namespace)") : QStringLiteral(", no network (interpreter guard only)");
  return v;
}

}  // namespace

void runCandidates(const QList<CodeTask>& tasks, const SandboxLimits& limits, int parallel, const std::function<void(int, const CodeVerdict&)>& done,
                   const std::function<bool()>& cancelled) {
  std::vector<std::unique_ptr<Run>> running(static_cast<size_t>(tasks.size()));
  int next = 0, active = 0, finished = 0;
  const int slots = std::max(1, parallel);
  QList<int> freeSlots;
  for (int s = 0; s < slots; ++s) freeSlots << s;
  std::vector<int> slotOf(static_cast<size_t>(tasks.size()), -1);
  QEventLoop loop;
  std::function<void()> launch;
  launch = [&] {
    while (!freeSlots.isEmpty() && next < tasks.size() && !(cancelled && cancelled())) {
      const int i = next++;
      const int slot = freeSlots.takeFirst();
      slotOf[static_cast<size_t>(i)] = slot;
      auto& run = running[static_cast<size_t>(i)];
      run = std::make_unique<Run>();
      QString error;
      if (!prepare(*run, tasks[i], limits, kFirstSandboxUid + slot, &error)) {
        ++finished;
        freeSlots << slot;
        done(i, CodeVerdict{QStringLiteral("crash"), {}, error, {}});
        continue;
      }
      ++active;
      QObject::connect(run->process.get(), &proc::Process::done, &loop, [&, i] {
        ++finished;
        Run& r = *running[static_cast<size_t>(i)];
        done(i, verdictOf(r, tasks[i], limits));
        // The slot is free once every process of the sample is gone (killed ones included:
        // they still count against the slot's process limit until reaped).
        const pid_t group = static_cast<pid_t>(r.process->pid());
        auto waited = std::make_shared<int>(0);
        auto release = std::make_shared<std::function<void()>>();
        *release = [&, i, group, waited, release] {
          if (group > 0 && ::kill(-group, 0) == 0 && ++*waited < 100) {
            ::kill(-group, SIGKILL);
            QTimer::singleShot(20, &loop, *release);
            return;
          }
          running[static_cast<size_t>(i)].reset();
          freeSlots << slotOf[static_cast<size_t>(i)];
          QTimer::singleShot(0, &loop, [release] { *release = nullptr; });  // break the self-reference
          --active;
          launch();
          if (active == 0) loop.quit();
        };
        QTimer::singleShot(0, &loop, *release);
      });
    }
    if (active == 0) QTimer::singleShot(0, &loop, &QEventLoop::quit);
  };
  QTimer poll;
  QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
    if (cancelled && cancelled())
      for (auto& r : running)
        if (r && r->process) r->process->cancel();
  });
  poll.start(100);
  launch();
  while (active > 0) loop.exec();
  Q_UNUSED(finished);
}

CodeVerdict runCandidate(const CodeTask& task, const SandboxLimits& limits) {
  CodeVerdict out;
  runCandidates({task}, limits, 1, [&](int, const CodeVerdict& v) { out = v; }, {});
  return out;
}

}  // namespace ct::eval
