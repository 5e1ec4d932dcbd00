#include "eval/native_eval.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <cmath>

#include "eval/extraction.h"
#include "eval/metrics.h"
#include "eval/openai_client.h"
#include "eval/request_pool.h"
#include "model/demo/demo_task.h"

namespace ct::eval {
namespace {

qsizetype codePoints(const QString& s) { return s.toUcs4().size(); }

QJsonObject msg(const QString& role, const QString& content) { return {{QStringLiteral("role"), role}, {QStringLiteral("content"), content}}; }

QString replyText(const OpenAiClient::Reply& r) {
  const QJsonObject c = r.body.value(QStringLiteral("choices")).toArray().first().toObject();
  if (c.contains(QStringLiteral("message"))) return c.value(QStringLiteral("message")).toObject().value(QStringLiteral("content")).toString();
  return c.value(QStringLiteral("text")).toString();
}

struct Run {
  const NativeOptions& o;
  const Reporter& rep;
  OpenAiClient& client;
  QString model;
  QString* error;
  bool* cancelled;

  bool send(const QString& task, const QList<PoolRequest>& reqs, const std::function<void(int, const OpenAiClient::Reply&)>& answer) {
    PoolOptions po;
    po.concurrency = o.concurrency;
    po.maxRetries = o.maxRetries;
    po.cancelled = rep.cancelled;
    po.progress = [&](int d, int t) {
      if (rep.progress) rep.progress(d, t, task);
    };
    const PoolOutcome out = runRequests(client, reqs, po, answer);
    if (out.retries > 0 && rep.log) rep.log(QStringLiteral("%1: %2 requests were retried").arg(task).arg(out.retries));
    if (!out.ok) {
      *cancelled = out.cancelled;
      *error = out.error;
    }
    return out.ok;
  }

  QJsonObject generationBody(const TaskSpec& spec, const Doc& doc, const QList<Doc>& shots) const {
    QJsonObject b{{QStringLiteral("model"), model}, {QStringLiteral("temperature"), 0}, {QStringLiteral("max_tokens"), spec.maxGenToks}};
    // OpenAI-style servers take at most four stop strings; the rest are applied here.
    if (!spec.until.isEmpty()) b.insert(QStringLiteral("stop"), QJsonArray::fromStringList(spec.until.mid(0, 4)));
    if (o.chat) {
      QJsonArray messages;
      for (int i = 0; i < shots.size(); ++i) {
        messages.append(msg(QStringLiteral("user"), (i == 0 ? spec.description : QString()) + shots[i].text));
        messages.append(msg(QStringLiteral("assistant"), exampleAnswer(spec, shots[i])));
      }
      messages.append(msg(QStringLiteral("user"), (shots.isEmpty() ? spec.description : QString()) + doc.text));
      b.insert(QStringLiteral("messages"), messages);
    } else {
      b.insert(QStringLiteral("prompt"), buildContext(spec, doc, shots));
    }
    return b;
  }
};

TaskResult newResult(const TaskSpec& spec, int k, int nOriginal, int nEffective, const TaskData* data) {
  TaskResult t;
  t.task = spec.name;
  t.version = spec.version;
  t.nShot = k;
  t.nOriginal = nOriginal;
  t.nEffective = nEffective;
  t.config = {{QStringLiteral("task"), spec.name},
              {QStringLiteral("output_type"), spec.kind == TaskKind::MultipleChoice ? QStringLiteral("multiple_choice")
                                              : spec.kind == TaskKind::Code ? QStringLiteral("code") : QStringLiteral("generate_until")},
              {QStringLiteral("test_split"), spec.evaluatedSplit},
              {QStringLiteral("num_fewshot"), k},
              {QStringLiteral("description"), spec.description},
              {QStringLiteral("target_delimiter"), spec.targetDelimiter},
              {QStringLiteral("fewshot_delimiter"), spec.fewshotDelimiter},
              {QStringLiteral("until"), QJsonArray::fromStringList(spec.until)},
              {QStringLiteral("max_gen_toks"), spec.maxGenToks}};
  if (data) t.config.insert(QStringLiteral("files"), QJsonArray::fromStringList(data->files));
  return t;
}

void putMetric(TaskResult& t, const QString& key, const QList<double>& xs) { t.metrics.insert(key, MetricValue{mean(xs), meanStderr(xs)}); }

bool runMultipleChoice(Run& run, const TaskSpec& spec, const TaskData& data, const QList<Doc>& docs, int k, TaskResult& out) {
  QList<PoolRequest> reqs;
  QList<QPair<int, int>> owner;  // (doc, choice)
  QList<QString> contexts;
  for (int d = 0; d < docs.size(); ++d) {
    const QString ctx = buildContext(spec, docs[d], chooseShots(data, docs[d], d, k, run.o.seed));
    contexts << ctx;
    for (int c = 0; c < docs[d].choices.size(); ++c) {
      const QString prompt = ctx + spec.targetDelimiter + docs[d].choices[c];
      reqs << PoolRequest{QStringLiteral("/completions"),
                          {{QStringLiteral("model"), run.model}, {QStringLiteral("prompt"), prompt}, {QStringLiteral("max_tokens"), 1},
                           {QStringLiteral("temperature"), 0}, {QStringLiteral("logprobs"), 1}, {QStringLiteral("echo"), true},
                           {QStringLiteral("seed"), static_cast<qint64>(run.o.seed)}}};
      owner << qMakePair(d, c);
    }
  }
  QList<QList<double>> ll(docs.size());
  for (int d = 0; d < docs.size(); ++d) ll[d] = QList<double>(docs[d].choices.size(), std::nan(""));
  QList<bool> refused(docs.size(), false);
  QString parseError;
  const bool ok = run.send(spec.name, reqs, [&](int i, const OpenAiClient::Reply& r) {
    const auto [d, c] = owner[i];
    if (r.status != 200) {
      refused[d] = true;
      return;
    }
    const QString prompt = reqs[i].body.value(QStringLiteral("prompt")).toString();
    const auto v = continuationLogLikelihood(r.body, codePoints(contexts[d]), codePoints(prompt));
    if (!v && parseError.isEmpty()) parseError = QStringLiteral("the endpoint's /completions answer has no echo log-probabilities (logprobs.token_logprobs / text_offset); it cannot score multiple-choice tasks");
    if (v) ll[d][c] = *v;
  });
  if (!ok) return false;
  if (!parseError.isEmpty()) {
    *run.error = QStringLiteral("%1: %2").arg(spec.name, parseError);
    return false;
  }
  QList<double> acc, accNorm;
  for (int d = 0; d < docs.size(); ++d) {
    if (refused[d]) {
      ++out.skipped;
      continue;
    }
    QList<int> lengths;
    for (const QString& c : docs[d].choices) lengths << static_cast<int>(codePoints(c));
    const ChoiceScores s = scoreChoices(ll[d], lengths, docs[d].gold);
    acc << (s.acc ? 1.0 : 0.0);
    accNorm << (s.accNorm ? 1.0 : 0.0);
    QJsonArray resps;
    for (double v : ll[d]) resps.append(v);
    out.samples.append(QJsonObject{{QStringLiteral("doc_id"), d}, {QStringLiteral("doc_ref"), QStringLiteral("%1:%2").arg(docs[d].file).arg(docs[d].line)},
                                   {QStringLiteral("target"), docs[d].gold}, {QStringLiteral("arguments"), contexts[d]},
                                   {QStringLiteral("resps"), resps}, {QStringLiteral("acc"), s.acc ? 1 : 0}, {QStringLiteral("acc_norm"), s.accNorm ? 1 : 0}});
  }
  out.nEffective = static_cast<int>(acc.size());
  putMetric(out, QStringLiteral("acc,none"), acc);
  if (spec.metrics.contains(QStringLiteral("acc_norm"))) putMetric(out, QStringLiteral("acc_norm,none"), accNorm);
  return true;
}

bool runGenerate(Run& run, const TaskSpec& spec, const TaskData& data, const QList<Doc>& docs, int k, TaskResult& out) {
  QList<PoolRequest> reqs;
  for (int d = 0; d < docs.size(); ++d) {
    const QJsonObject body = run.generationBody(spec, docs[d], chooseShots(data, docs[d], d, k, run.o.seed));
    reqs << PoolRequest{run.o.chat ? QStringLiteral("/chat/completions") : QStringLiteral("/completions"), body};
  }
  QList<QString> replies(docs.size());
  QList<bool> refused(docs.size(), false);
  if (!run.send(spec.name, reqs, [&](int i, const OpenAiClient::Reply& r) {
        if (r.status != 200) refused[i] = true;
        else replies[i] = cutAtStops(replyText(r), spec.until);
      }))
    return false;
  const ExactMatchOptions em = exactMatchOptionsFor(spec.name);
  QMap<QString, QList<double>> scores;
  for (int d = 0; d < docs.size(); ++d) {
    if (refused[d]) {
      ++out.skipped;
      continue;
    }
    QJsonObject sample{{QStringLiteral("doc_id"), d}, {QStringLiteral("doc_ref"), QStringLiteral("%1:%2").arg(docs[d].file).arg(docs[d].line)},
                       {QStringLiteral("target"), docs[d].target}, {QStringLiteral("resps"), replies[d]}};
    QJsonObject filtered;
    for (const QString& f : spec.filters) {
      const QString answer = extractAnswer(spec.name, f, replies[d], spec.family == QLatin1String("gpqa") ? QStringList() : docs[d].choices);
      const bool hit = exactMatch(answer, docs[d].target, em);
      scores[f] << (hit ? 1.0 : 0.0);
      filtered.insert(f, QJsonObject{{QStringLiteral("answer"), answer}, {QStringLiteral("exact_match"), hit ? 1 : 0}});
    }
    sample.insert(QStringLiteral("filtered_resps"), filtered);
    out.samples.append(sample);
  }
  out.nEffective = docs.size() - out.skipped;
  for (const QString& f : spec.filters) putMetric(out, QStringLiteral("exact_match,%1").arg(f), scores[f]);
  return true;
}

bool runCode(Run& run, const TaskSpec& spec, const QList<Doc>& docs, TaskResult& out) {
  static const QStringList heStops{QStringLiteral("\ndef "), QStringLiteral("\nclass "), QStringLiteral("\nimport "), QStringLiteral("\nfrom "),
                                   QStringLiteral("\nassert "), QStringLiteral("\nif __name__"), QStringLiteral("\nprint(")};
  static const QStringList mbppStops{QStringLiteral("\n\"\"\""), QStringLiteral("\nassert"), QStringLiteral("\nif __name__"), QStringLiteral("\nprint(")};
  const QStringList stops = spec.name == QLatin1String("humaneval") ? heStops : mbppStops;
  QList<PoolRequest> reqs;
  for (const Doc& d : docs) {
    QJsonObject b{{QStringLiteral("model"), run.model}, {QStringLiteral("temperature"), 0}, {QStringLiteral("max_tokens"), spec.maxGenToks}};
    if (run.o.codeCompletions) {
      b.insert(QStringLiteral("prompt"), d.prompt.trimmed() + QLatin1Char('\n'));
      b.insert(QStringLiteral("stop"), QJsonArray::fromStringList(stops.mid(0, 4)));
      reqs << PoolRequest{QStringLiteral("/completions"), b};
    } else {
      b.insert(QStringLiteral("messages"), QJsonArray{msg(QStringLiteral("user"), codeInstruction(d.prompt))});
      reqs << PoolRequest{QStringLiteral("/chat/completions"), b};
    }
  }
  QList<QString> solutions(docs.size());
  QList<bool> refused(docs.size(), false);
  if (!run.send(spec.name, reqs, [&](int i, const OpenAiClient::Reply& r) {
        if (r.status != 200) {
          refused[i] = true;
          return;
        }
        const Doc& d = docs[i];
        if (run.o.codeCompletions) {
          solutions[i] = d.prompt.trimmed() + QLatin1Char('\n') + cutAtStops(replyText(r), stops);
        } else {
          const QString code = extractCode(replyText(r), d.entryPoint);
          // A reply that only continues the body is completed with the prompt's signature.
          solutions[i] = code.contains(QStringLiteral("def %1").arg(d.entryPoint)) ? code : d.prompt + code;
        }
      }))
    return false;
  QList<CodeTask> tasks;
  QList<int> index;
  for (int i = 0; i < docs.size(); ++i) {
    if (refused[i]) {
      ++out.skipped;
      continue;
    }
    const Doc& d = docs[i];
    // HumanEval's canonical solution is the body after the prompt; MBPP's is a whole program.
    const QString canonical = d.id.startsWith(QStringLiteral("HumanEval")) ? d.prompt + d.canonical : d.canonical;
    tasks << CodeTask{solutions[i], d.entryPoint, d.test, canonical, d.extra};
    index << i;
  }
  QList<CodeVerdict> verdicts(tasks.size());
  int finished = 0;
  runCandidates(tasks, run.o.sandbox, run.o.sandboxParallel,
                [&](int j, const CodeVerdict& v) {
                  verdicts[j] = v;
                  if (run.rep.progress) run.rep.progress(++finished, tasks.size(), spec.name + QStringLiteral(" tests"));
                },
                run.rep.cancelled);
  if (run.rep.cancelled && run.rep.cancelled()) {
    *run.cancelled = true;
    *run.error = QStringLiteral("cancelled");
    return false;
  }
  QList<double> base, plus;
  bool anyPlus = false;  // the data has extra tests (HumanEval+ / MBPP+)
  for (const Doc& d : docs) anyPlus |= !d.extra.value(QStringLiteral("plus_input")).toArray().isEmpty();
  for (int j = 0; j < tasks.size(); ++j) {
    const CodeVerdict& v = verdicts[j];
    const bool b = v.base == QLatin1String("pass");
    base << (b ? 1.0 : 0.0);
    plus << ((b && v.plus == QLatin1String("pass")) ? 1.0 : 0.0);
    out.samples.append(QJsonObject{{QStringLiteral("task_id"), docs[index[j]].id}, {QStringLiteral("solution"), tasks[j].solution},
                                   {QStringLiteral("base_status"), v.base}, {QStringLiteral("plus_status"), v.plus.isEmpty() ? QJsonValue() : QJsonValue(v.plus)},
                                   {QStringLiteral("detail"), v.detail}, {QStringLiteral("isolation"), v.isolation}});
  }
  out.nEffective = static_cast<int>(base.size());
  putMetric(out, QStringLiteral("pass@1,base"), base);
  if (anyPlus) putMetric(out, QStringLiteral("pass@1,plus"), plus);
  return true;
}

bool runDemoTask(Run& run, const TaskSpec& spec, int n, TaskResult& out) {
  uint64_t rng = run.o.seed;
  QList<model::demo::Example> items;
  QList<PoolRequest> reqs;
  for (int i = 0; i < n; ++i) {
    items << model::demo::sample(rng);
    reqs << PoolRequest{QStringLiteral("/chat/completions"),
                        {{QStringLiteral("model"), run.model}, {QStringLiteral("temperature"), 0}, {QStringLiteral("max_tokens"), spec.maxGenToks},
                         {QStringLiteral("messages"), QJsonArray{msg(QStringLiteral("user"), items.back().question)}}}};
  }
  QList<double> acc(n, 0.0);
  QList<bool> refused(n, false);
  QList<QString> replies(n);
  if (!run.send(spec.name, reqs, [&](int i, const OpenAiClient::Reply& r) {
        if (r.status != 200) refused[i] = true;
        else replies[i] = replyText(r);
      }))
    return false;
  QList<double> scored;
  QMap<QString, QList<double>> perForm;
  for (int i = 0; i < n; ++i) {
    if (refused[i]) {
      ++out.skipped;
      continue;
    }
    const double hit = model::demo::isCorrect(items[i], replies[i]) ? 1.0 : 0.0;
    scored << hit;
    perForm[model::demo::formName(items[i].form)] << hit;
    out.samples.append(QJsonObject{{QStringLiteral("doc_id"), i}, {QStringLiteral("question"), items[i].question}, {QStringLiteral("target"), items[i].answer},
                                   {QStringLiteral("resps"), replies[i]}, {QStringLiteral("acc"), hit}, {QStringLiteral("form"), model::demo::formName(items[i].form)}});
  }
  out.nOriginal = n;
  out.nEffective = static_cast<int>(scored.size());
  putMetric(out, QStringLiteral("acc,none"), scored);
  QJsonObject forms;
  for (auto it = perForm.begin(); it != perForm.end(); ++it)
    forms.insert(it.key(), QJsonObject{{QStringLiteral("n"), it->size()}, {QStringLiteral("acc"), mean(*it)}});
  out.config.insert(QStringLiteral("per_form"), forms);
  return true;
}

}  // namespace

QString codeInstruction(const QString& prompt) {
  return QStringLiteral("Please provide a self-contained Python script that solves the following problem in a markdown code block:\n```python\n%1\n```")
      .arg(prompt.trimmed());
}

std::optional<double> continuationLogLikelihood(const QJsonObject& completion, qsizetype contextChars, qsizetype promptChars) {
  const QJsonObject lp = completion.value(QStringLiteral("choices")).toArray().first().toObject().value(QStringLiteral("logprobs")).toObject();
  const QJsonArray lps = lp.value(QStringLiteral("token_logprobs")).toArray();
  QJsonArray offsets = lp.value(QStringLiteral("text_offset")).toArray();
  const QJsonArray tokens = lp.value(QStringLiteral("tokens")).toArray();
  if (lps.isEmpty()) return std::nullopt;
  if (offsets.size() != lps.size()) {
    // No offsets: rebuild them from the token texts.
    if (tokens.size() != lps.size()) return std::nullopt;
    offsets = {};
    qsizetype at = 0;
    for (const QJsonValue t : tokens) {
      offsets.append(static_cast<double>(at));
      at += codePoints(t.toString());
    }
  }
  double sum = 0;
  bool any = false;
  for (qsizetype i = 0; i < lps.size(); ++i) {
    const qsizetype start = static_cast<qsizetype>(offsets[i].toDouble());
    if (start >= promptChars) break;  // the generated token(s) after the prompt
    const qsizetype end = i + 1 < offsets.size() ? static_cast<qsizetype>(offsets[i + 1].toDouble()) : promptChars;
    if (end <= contextChars) continue;
    if (!lps[i].isDouble()) return std::nullopt;
    sum += lps[i].toDouble();
    any = true;
  }
  if (!any) return std::nullopt;
  return sum;
}

std::optional<EvalResults> evaluateEndpoint(const NativeOptions& o, const Reporter& rep, QString* error, bool* cancelled) {
  bool cancelFlag = false;
  if (!cancelled) cancelled = &cancelFlag;
  *cancelled = false;
  QElapsedTimer clock;
  clock.start();
  EvalResults results;
  results.endpoint = o.endpoint;
  results.date = static_cast<double>(QDateTime::currentSecsSinceEpoch());
  OpenAiClient client(o.endpoint, o.apiKey, o.timeoutMs);
  QString model = o.model;
  if (model.isEmpty()) model = client.firstModel(error);
  if (model.isEmpty()) return std::nullopt;
  results.model = model;
  Run run{o, rep, client, model, error, cancelled};
  QStringList skippedForData;
  for (const QString& name : o.tasks) {
    const TaskSpec* found = findTask(name);
    if (!found) {
      *error = QStringLiteral("unknown task '%1'").arg(name);
      return std::nullopt;
    }
    TaskSpec adjusted = *found;
    if (o.maxGenToks > 0 && adjusted.kind != TaskKind::MultipleChoice) adjusted.maxGenToks = o.maxGenToks;
    const TaskSpec* spec = &adjusted;
    const int k = spec->kind == TaskKind::Code || spec->kind == TaskKind::Demo ? 0 : (o.numFewshot >= 0 ? o.numFewshot : spec->defaultFewshot);
    if (spec->kind == TaskKind::Demo) {
      TaskResult t = newResult(*spec, 0, 0, 0, nullptr);
      if (!runDemoTask(run, *spec, o.limit > 0 ? o.limit : 100, t)) return std::nullopt;
      results.tasks << t;
      continue;
    }
    ReadError re;
    LoadOptions lo = o.data;
    lo.seed = o.seed;
    auto data = loadTask(*spec, lo, &re);
    if (!data && o.optionalTasks.contains(name) && re.line == 0 && re.message.startsWith(QStringLiteral("not found"))) {
      skippedForData << name;
      continue;
    }
    if (!data) {
      *error = QStringLiteral("%1: %2").arg(name, re.describe());
      return std::nullopt;
    }
    if (k > 0 && data->fewshotPool.isEmpty()) {
      *error = QStringLiteral("%1: %2 few-shot examples need the task's training/dev split under --data-dir (%3), or --num-fewshot 0").arg(name).arg(k).arg(spec->dataHint);
      return std::nullopt;
    }
    const QList<Doc> docs = o.limit > 0 ? data->docs.mid(0, o.limit) : data->docs;
    TaskResult t = newResult(*spec, k, static_cast<int>(data->docs.size()), static_cast<int>(docs.size()), &*data);
    if (rep.log) rep.log(QStringLiteral("%1: %2 of %3 items, %4-shot").arg(name).arg(docs.size()).arg(data->docs.size()).arg(k));
    bool ok = false;
    switch (spec->kind) {
      case TaskKind::MultipleChoice: ok = runMultipleChoice(run, *spec, *data, docs, k, t); break;
      case TaskKind::Generate: ok = runGenerate(run, *spec, *data, docs, k, t); break;
      case TaskKind::Code: ok = runCode(run, *spec, docs, t); break;
      case TaskKind::Demo: break;
    }
    if (!ok) return std::nullopt;
    if (t.skipped && rep.log) rep.log(QStringLiteral("%1: %2 items refused by the endpoint (longer than its context?) and left out").arg(name).arg(t.skipped));
    results.tasks << t;
  }
  if (!skippedForData.isEmpty() && rep.log)
    rep.log(QStringLiteral("%1 of the requested group members have no data under %2 and were left out: %3")
                .arg(skippedForData.size()).arg(o.data.dataDir, skippedForData.mid(0, 8).join(QStringLiteral(", ")) + (skippedForData.size() > 8 ? QStringLiteral(", ...") : QString())));
  if (results.tasks.isEmpty()) {
    *error = QStringLiteral("none of the tasks has data under %1 (%2)").arg(o.data.dataDir, skippedForData.mid(0, 4).join(QStringLiteral(", ")));
    return std::nullopt;
  }
  computeGroups(results);
  results.seconds = clock.elapsed() / 1000.0;
  results.config = {{QStringLiteral("limit"), o.limit > 0 ? QJsonValue(o.limit) : QJsonValue()},
                    {QStringLiteral("num_fewshot"), o.numFewshot},
                    {QStringLiteral("random_seed"), static_cast<qint64>(o.seed)},
                    {QStringLiteral("fewshot_seed"), static_cast<qint64>(o.seed)},
                    {QStringLiteral("chat"), o.chat},
                    {QStringLiteral("batch_size"), 1},
                    {QStringLiteral("concurrency"), o.concurrency}};
  return results;
}

}  // namespace ct::eval
