#include "diag/doctor.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QStandardPaths>
#include <QThread>
#include <functional>

#include "jobs/job_context.h"
#include "proc/process.h"
#include "util/paths.h"

namespace ct::diag {
namespace {

struct Finding {
  bool ok = false;
  QString detail;    // a sentence for the CLI
  QJsonValue value;  // the fact itself (a version, a count, paths), for a GUI that words it itself
};

struct Check {
  const char* name;
  bool required;
  std::function<Finding()> run;
};

// First line a tool prints about its version (some print it on stderr).
Finding toolVersion(const QString& program, const QStringList& args, const QString& missingHint) {
  const QString path = QStandardPaths::findExecutable(program);
  if (path.isEmpty()) return {false, missingHint};
  proc::Process p;
  QList<QByteArray> lines;
  QObject::connect(&p, &proc::Process::stdoutLines, [&](const QList<QByteArray>& l) { lines += l; });
  QObject::connect(&p, &proc::Process::stderrLines, [&](const QList<QByteArray>& l) { lines += l; });
  proc::ProcessSpec spec;
  spec.program = path;
  spec.args = args;
  spec.noOutputTimeoutMs = 10000;
  p.start(spec);
  if (!p.waitForDone(15000)) p.cancel();
  if (!p.result().ok()) return {false, p.result().describe(), {}};
  const QString first = lines.isEmpty() ? path : QString::fromUtf8(lines.first()).trimmed();
  return {true, first, first};
}

// An evaluation tool the Evaluate page can run: only whether and where it is installed (starting
// Python just to print a version would cost seconds).
Finding installedTool(const QString& program, const QString& missingHint) {
  const QString path = QStandardPaths::findExecutable(program);
  if (path.isEmpty()) return {false, missingHint, {}};
  return {true, path, path};
}

}  // namespace

int runDoctor(jobs::JobContext& ctx) {
  const QList<Check> checks = {
      {"qt", true, [] { return Finding{true, QStringLiteral("Qt %1").arg(QLatin1String(qVersion())), QLatin1String(qVersion())}; }},
      {"sqlite", true,
       [] {
         const bool ok = QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"));
         return Finding{ok, ok ? QStringLiteral("QSQLITE driver present")
                               : QStringLiteral("Qt's SQLite driver is missing: install libqt6sql6-sqlite"), ok};
       }},
      {"folders", true,
       [] {
         QString error;
         if (!paths::ensureDir(paths::dataDir(), &error) || !paths::ensureDir(paths::jobLogDir(), &error))
           return Finding{false, error, {}};
         return Finding{true, QStringLiteral("history %1, logs %2").arg(paths::jobsDatabase(), paths::jobLogDir()),
                        QJsonObject{{QStringLiteral("history"), paths::jobsDatabase()}, {QStringLiteral("logs"), paths::jobLogDir()}}};
       }},
      {"cpu", true,
       [] { return Finding{true, QStringLiteral("%1 hardware threads").arg(QThread::idealThreadCount()), QThread::idealThreadCount()}; }},
      {"ssh", false,
       [] {
         return toolVersion(QStringLiteral("ssh"), {QStringLiteral("-V")},
                            QStringLiteral("OpenSSH client not found: install openssh-client to reach GPU hosts"));
       }},
      {"python3", false,
       [] {
         return toolVersion(QStringLiteral("python3"), {QStringLiteral("--version")},
                            QStringLiteral("python3 not found: code tasks (humaneval, mbpp) cannot be scored here"));
       }},
      {"nvidia-smi", false,
       [] {
         return toolVersion(QStringLiteral("nvidia-smi"), {QStringLiteral("--query-gpu=name,memory.total"), QStringLiteral("--format=csv,noheader")},
                            QStringLiteral("no local NVIDIA GPU (fine: GPUs are used on the GPU host over SSH)"));
       }},
      {"lm_eval", false,
       [] {
         return installedTool(QStringLiteral("lm_eval"),
                              QStringLiteral("lm_eval not found: the lm-eval framework cannot run here (pip install lm-eval); the built-in evaluator can"));
       }},
      {"evalplus", false,
       [] {
         return installedTool(QStringLiteral("evalplus.evaluate"),
                              QStringLiteral("evalplus.evaluate not found: the EvalPlus framework cannot run here (pip install evalplus); the built-in evaluator can"));
       }},
  };

  QJsonArray report;
  bool allRequired = true;
  for (int i = 0; i < checks.size(); ++i) {
    if (ctx.cancelled()) return ctx.cancel();
    const Check& c = checks[i];
    ctx.progress(i, checks.size(), QStringLiteral("checks"), QString::fromLatin1(c.name));
    const Finding f = c.run();
    if (!f.ok && c.required) allRequired = false;
    ctx.log(f.ok ? jobs::LogLevel::Info : (c.required ? jobs::LogLevel::Error : jobs::LogLevel::Warning),
            QStringLiteral("%1: %2").arg(QLatin1String(c.name), f.detail));
    report.append(QJsonObject{{QStringLiteral("name"), QLatin1String(c.name)},
                              {QStringLiteral("ok"), f.ok},
                              {QStringLiteral("required"), c.required},
                              {QStringLiteral("detail"), f.detail},
                              {QStringLiteral("value"), f.value}});
  }
  ctx.progress(checks.size(), checks.size(), QStringLiteral("checks"));
  if (!allRequired)
    return ctx.fail(QStringLiteral("environment"), QStringLiteral("a required check failed; see the lines above"));
  return ctx.succeed(QJsonObject{{QStringLiteral("checks"), report}, {QStringLiteral("ok"), true}});
}

}  // namespace ct::diag
