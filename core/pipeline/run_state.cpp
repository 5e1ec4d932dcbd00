#include "pipeline/run_state.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSaveFile>
#include <algorithm>

#include "proc/daemon.h"
#include "util/paths.h"

namespace ct::pipeline {
namespace {
QJsonArray toArray(const QStringList& l) {
  QJsonArray a;
  for (const QString& s : l) a.append(s);
  return a;
}
QStringList toStrings(const QJsonValue& v) {
  QStringList out;
  for (const QJsonValue e : v.toArray()) out << e.toString();
  return out;
}
}  // namespace

QJsonObject StageRecord::toJson() const {
  QJsonObject o{{QStringLiteral("name"), name}, {QStringLiteral("kind"), kind}, {QStringLiteral("after"), toArray(after)}, {QStringLiteral("state"), state}};
  auto put = [&](const char* k, const QString& v) {
    if (!v.isEmpty()) o.insert(QLatin1String(k), v);
  };
  put("job", job);
  put("input_fp", inputFp);
  put("output_fp", outputFp);
  put("output", output);
  put("error", error);
  put("note", note);
  if (startedMs) o.insert(QStringLiteral("started_ms"), startedMs);
  if (endedMs) o.insert(QStringLiteral("ended_ms"), endedMs);
  if (seconds() > 0) o.insert(QStringLiteral("seconds"), seconds());
  if (state == QLatin1String("running")) o.insert(QStringLiteral("progress"), progress);
  if (!result.isEmpty()) o.insert(QStringLiteral("result"), result);
  return o;
}

StageRecord StageRecord::fromJson(const QJsonObject& o) {
  StageRecord s;
  s.name = o.value(QStringLiteral("name")).toString();
  s.kind = o.value(QStringLiteral("kind")).toString();
  s.after = toStrings(o.value(QStringLiteral("after")));
  s.state = o.value(QStringLiteral("state")).toString(QStringLiteral("pending"));
  s.job = o.value(QStringLiteral("job")).toString();
  s.inputFp = o.value(QStringLiteral("input_fp")).toString();
  s.outputFp = o.value(QStringLiteral("output_fp")).toString();
  s.output = o.value(QStringLiteral("output")).toString();
  s.error = o.value(QStringLiteral("error")).toString();
  s.note = o.value(QStringLiteral("note")).toString();
  s.startedMs = static_cast<qint64>(o.value(QStringLiteral("started_ms")).toDouble());
  s.endedMs = static_cast<qint64>(o.value(QStringLiteral("ended_ms")).toDouble());
  s.progress = o.value(QStringLiteral("progress")).toDouble();
  s.result = o.value(QStringLiteral("result")).toObject();
  return s;
}

QJsonObject ServiceRecord::toJson() const {
  return {{QStringLiteral("stage"), stage}, {QStringLiteral("label"), label}, {QStringLiteral("url"), url}, {QStringLiteral("model"), model},
          {QStringLiteral("deployment"), deployment}, {QStringLiteral("host"), host}, {QStringLiteral("daemons"), daemons}};
}

ServiceRecord ServiceRecord::fromJson(const QJsonObject& o) {
  ServiceRecord s;
  s.stage = o.value(QStringLiteral("stage")).toString();
  s.label = o.value(QStringLiteral("label")).toString();
  s.url = o.value(QStringLiteral("url")).toString();
  s.model = o.value(QStringLiteral("model")).toString();
  s.deployment = o.value(QStringLiteral("deployment")).toString();
  s.host = o.value(QStringLiteral("host")).toString();
  s.daemons = o.value(QStringLiteral("daemons")).toArray();
  return s;
}

StageRecord* RunState::stage(const QString& name) {
  for (StageRecord& s : stages)
    if (s.name == name) return &s;
  return nullptr;
}
const StageRecord* RunState::stage(const QString& name) const { return const_cast<RunState*>(this)->stage(name); }
QString RunState::reportHtml() const { return QDir(dir).filePath(QStringLiteral("report.html")); }
QString RunState::reportJson() const { return QDir(dir).filePath(QStringLiteral("report.json")); }
bool RunState::runnerAlive() const { return proc::daemonAlive({pid, pidStart}); }

QJsonObject RunState::toJson() const {
  QJsonArray st, sv;
  for (const StageRecord& s : stages) st.append(s.toJson());
  for (const ServiceRecord& s : services) sv.append(s.toJson());
  QJsonObject o{{QStringLiteral("run"), id},           {QStringLiteral("state"), state},         {QStringLiteral("recipe"), recipe},
                {QStringLiteral("recipe_file"), recipeFile}, {QStringLiteral("created_ms"), createdMs}, {QStringLiteral("attempts"), attempts},
                {QStringLiteral("stages"), st},         {QStringLiteral("services"), sv}};
  if (pid) {
    o.insert(QStringLiteral("pid"), pid);
    o.insert(QStringLiteral("pid_start"), pidStart);
  }
  if (endedMs) o.insert(QStringLiteral("ended_ms"), endedMs);
  if (!error.isEmpty()) o.insert(QStringLiteral("error"), error);
  return o;
}

std::optional<RunState> RunState::fromJson(const QJsonObject& o, QString* error) {
  RunState r;
  r.id = o.value(QStringLiteral("run")).toString();
  if (r.id.isEmpty() || !o.value(QStringLiteral("stages")).isArray()) {
    if (error) *error = QStringLiteral("not a pipeline run record (no run id or stages)");
    return std::nullopt;
  }
  r.state = o.value(QStringLiteral("state")).toString();
  r.recipe = o.value(QStringLiteral("recipe")).toObject();
  r.recipeFile = o.value(QStringLiteral("recipe_file")).toString();
  r.pid = static_cast<qint64>(o.value(QStringLiteral("pid")).toDouble());
  r.pidStart = static_cast<qint64>(o.value(QStringLiteral("pid_start")).toDouble());
  r.createdMs = static_cast<qint64>(o.value(QStringLiteral("created_ms")).toDouble());
  r.endedMs = static_cast<qint64>(o.value(QStringLiteral("ended_ms")).toDouble());
  r.attempts = o.value(QStringLiteral("attempts")).toInt();
  r.error = o.value(QStringLiteral("error")).toString();
  for (const QJsonValue v : o.value(QStringLiteral("stages")).toArray()) r.stages << StageRecord::fromJson(v.toObject());
  for (const QJsonValue v : o.value(QStringLiteral("services")).toArray()) r.services << ServiceRecord::fromJson(v.toObject());
  return r;
}

bool RunState::save(QString* error) const {
  QSaveFile f(QDir(dir).filePath(QStringLiteral("run.json")));
  if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(toJson()).toJson()) < 0 || !f.commit()) {
    if (error) *error = QStringLiteral("cannot write %1: %2").arg(f.fileName(), f.errorString());
    return false;
  }
  return true;
}

RunStore::RunStore(QString root) : root_(root.isEmpty() ? QDir(paths::dataDir()).filePath(QStringLiteral("pipelines")) : std::move(root)) {}

QString RunStore::newRunId(const QString& recipeName) const {
  const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
  for (;;) {
    const QString id = QStringLiteral("%1-%2-%3").arg(recipeName, stamp).arg(QRandomGenerator::global()->bounded(0x1000), 3, 16, QLatin1Char('0'));
    if (!QFileInfo::exists(QDir(root_).filePath(id))) return id;
  }
}

std::optional<RunState> RunStore::load(const QString& run, QString* error) const {
  QString dir = QDir(root_).filePath(run);
  if (run.contains(QLatin1Char('/')) || !QFileInfo::exists(dir)) dir = QFileInfo::exists(QDir(run).filePath(QStringLiteral("run.json"))) ? run : dir;
  QFile f(QDir(dir).filePath(QStringLiteral("run.json")));
  if (!f.open(QIODevice::ReadOnly)) {
    if (error) *error = QStringLiteral("no pipeline run '%1' (looked for %2); ct pipeline list shows the runs").arg(run, f.fileName());
    return std::nullopt;
  }
  QJsonParseError pe{};
  const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
  if (!doc.isObject()) {
    if (error) *error = QStringLiteral("%1 is damaged: %2").arg(f.fileName(), pe.errorString());
    return std::nullopt;
  }
  auto r = RunState::fromJson(doc.object(), error);
  if (r) r->dir = QFileInfo(dir).absoluteFilePath();
  return r;
}

QList<RunState> RunStore::list() const {
  QList<RunState> out;
  const QFileInfoList dirs = QDir(root_).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot);
  for (const QFileInfo& d : dirs)
    if (auto r = load(d.absoluteFilePath(), nullptr)) out << *r;
  std::sort(out.begin(), out.end(), [](const RunState& a, const RunState& b) { return a.createdMs > b.createdMs; });
  return out;
}

}  // namespace ct::pipeline
