#include "eval/tool_runner.h"

#include <QDir>
#include <QDirIterator>
#include <QEventLoop>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTimer>

#include "proc/process.h"

namespace ct::eval {

QStringList lmEvalArguments(const LmEvalRun& r) {
  QStringList modelArgs;
  const bool api = r.backend.startsWith(QStringLiteral("local-"));
  if (api) {
    const QString path = r.backend == QLatin1String("local-chat-completions") ? QStringLiteral("/chat/completions") : QStringLiteral("/completions");
    QString base = r.baseUrl;
    while (base.endsWith(QLatin1Char('/'))) base.chop(1);
    modelArgs << QStringLiteral("model=") + r.model << QStringLiteral("base_url=") + base + path
              << QStringLiteral("num_concurrent=%1").arg(r.concurrency) << QStringLiteral("max_retries=3");
    if (!r.tokenizer.isEmpty()) modelArgs << QStringLiteral("tokenizer=") + r.tokenizer;
    if (r.maxLength > 0) modelArgs << QStringLiteral("max_length=%1").arg(r.maxLength);
  } else {
    modelArgs << QStringLiteral("pretrained=") + r.model;
  }
  if (!r.extraModelArgs.isEmpty()) modelArgs << r.extraModelArgs;
  QStringList a{QStringLiteral("--model"), r.backend, QStringLiteral("--model_args"), modelArgs.join(QLatin1Char(',')),
                QStringLiteral("--tasks"), r.tasks.join(QLatin1Char(',')), QStringLiteral("--output_path"), r.outputPath,
                QStringLiteral("--seed"), QString::number(r.seed)};
  if (r.numFewshot >= 0) a << QStringLiteral("--num_fewshot") << QString::number(r.numFewshot);
  if (r.limit > 0) a << QStringLiteral("--limit") << QString::number(r.limit);
  if (!api) a << QStringLiteral("--batch_size") << QStringLiteral("auto");
  if (r.applyChatTemplate || r.backend == QLatin1String("local-chat-completions")) a << QStringLiteral("--apply_chat_template");
  if (r.logSamples) a << QStringLiteral("--log_samples");
  return a;
}

QStringList evalPlusArguments(const EvalPlusRun& r) {
  QStringList a{QStringLiteral("--model"), r.model, QStringLiteral("--dataset"), r.dataset, QStringLiteral("--backend"), r.backend, QStringLiteral("--greedy")};
  if (r.backend == QLatin1String("openai")) a << QStringLiteral("--base-url") << r.baseUrl;
  if (!r.root.isEmpty()) a << QStringLiteral("--root") << r.root;
  if (r.baseOnly) a << QStringLiteral("--base-only");
  if (r.parallel > 0) a << QStringLiteral("--parallel") << QString::number(r.parallel);
  return a;
}

QString evalPlusSamplesPath(const EvalPlusRun& r) {
  QString id = r.model;
  // Python's str.strip("./"), then "/" → "--"; --greedy keeps the temperature as given (0.0).
  while (!id.isEmpty() && (id.front() == QLatin1Char('.') || id.front() == QLatin1Char('/'))) id.remove(0, 1);
  while (!id.isEmpty() && (id.back() == QLatin1Char('.') || id.back() == QLatin1Char('/'))) id.chop(1);
  id.replace(QLatin1Char('/'), QStringLiteral("--"));
  const QString root = r.root.isEmpty() ? QStringLiteral("evalplus_results") : r.root;
  return QStringLiteral("%1/%2/%3_%4_temp_0.0.jsonl").arg(root, r.dataset, id, r.backend);
}

QString findEvalPlusResults(const EvalPlusRun& r) {
  QString stem = evalPlusSamplesPath(r);
  stem.chop(6);  // ".jsonl"
  for (const QString& c : {stem + QStringLiteral(".eval_results.json"), stem + QStringLiteral("_eval_results.json")})
    if (QFileInfo::exists(c)) return c;
  return {};
}

QString lmEvalSanitizedModel(const QString& model) {
  static const QRegularExpression bad(QStringLiteral("[\"<>:/|\\\\?*\\[\\]]+"));
  return QString(model).replace(bad, QStringLiteral("__"));
}

QString findLmEvalResults(const QString& outputPath, const QString& model) {
  QString best;
  const QString preferred = QDir(outputPath).filePath(lmEvalSanitizedModel(model));
  for (const QString& dir : {preferred, outputPath}) {
    QDirIterator it(dir, {QStringLiteral("results_*.json")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
      const QString f = it.next();
      // ISO timestamps in the names sort in time order.
      if (best.isEmpty() || QFileInfo(f).fileName() > QFileInfo(best).fileName()) best = f;
    }
    if (!best.isEmpty()) return best;
  }
  return best;
}

std::optional<ToolProgress> parseTqdm(const QString& line) {
  const QString seg = line.section(QLatin1Char('\r'), -1, -1, QString::SectionSkipEmpty);
  static const QRegularExpression re(QStringLiteral("^\\s*([^|:]*?):?\\s*\\d+%\\|[^|]*\\|\\s*(\\d+)/(\\d+)"));
  const auto m = re.match(seg);
  if (!m.hasMatch()) return std::nullopt;
  return ToolProgress{m.captured(2).toDouble(), m.captured(3).toDouble(), m.captured(1).trimmed()};
}

std::optional<QString> HangGuard::feed(const QString& line) {
  if (line.contains(QStringLiteral("[Y/N]"))) return QStringLiteral("the tool stopped at an interactive prompt: %1").arg(line.trimmed().left(200));
  static const QRegularExpression err(QStringLiteral("(Error code: 4\\d\\d|API connection error|AuthenticationError|NotFoundError)"));
  const auto m = err.match(line);
  if (!m.hasMatch()) return std::nullopt;
  const QString key = m.captured(1);
  repeats_ = key == lastError_ ? repeats_ + 1 : 1;
  lastError_ = key;
  const int limit = key.startsWith(QStringLiteral("API connection")) ? 12 : 3;
  if (repeats_ >= limit)
    return QStringLiteral("'%1' repeated %2 times: the tool retries forever; check the endpoint URL, key and model name (%3)").arg(key).arg(repeats_).arg(line.trimmed().left(200));
  return std::nullopt;
}

ToolOutcome runTool(const QString& program, const QStringList& args, const QProcessEnvironment& env, const QString& workDir, const ToolReporter& rep) {
  ToolOutcome out;
  proc::Process p;
  proc::ProcessSpec spec;
  spec.program = program;
  spec.args = args;
  spec.env = env;
  spec.workDir = workDir;
  spec.graceMs = 5000;
  HangGuard guard;
  QString hang;
  auto onLines = [&](const QList<QByteArray>& lines, bool err) {
    for (const QByteArray& raw : lines) {
      const QString line = QString::fromUtf8(raw);
      if (auto pr = parseTqdm(line); pr && rep.progress) rep.progress(*pr);
      else if (rep.line) rep.line(line.section(QLatin1Char('\r'), -1, -1, QString::SectionSkipEmpty), err);
      if (auto why = guard.feed(line); why && hang.isEmpty()) {
        hang = *why;
        p.cancel();
      }
    }
  };
  QObject::connect(&p, &proc::Process::stdoutLines, [&](const QList<QByteArray>& l) { onLines(l, false); });
  QObject::connect(&p, &proc::Process::stderrLines, [&](const QList<QByteArray>& l) { onLines(l, true); });
  QTimer poll;
  QObject::connect(&poll, &QTimer::timeout, [&] {
    if (rep.cancelled && rep.cancelled() && p.isRunning()) p.cancel();
  });
  poll.start(100);
  p.start(spec);
  p.waitForDone(-1);
  const proc::ProcessResult& r = p.result();
  if (!hang.isEmpty()) out.error = hang;
  else if (r.outcome == proc::ProcessResult::Outcome::Cancelled) out.cancelled = true, out.error = QStringLiteral("cancelled");
  else if (!r.ok()) out.error = r.describe();
  out.ok = out.error.isEmpty();
  return out;
}

}  // namespace ct::eval
