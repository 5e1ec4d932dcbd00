#include "eval/results.h"

#include <QDateTime>
#include <QSet>
#include <cmath>

#include "eval/metrics.h"
#include "eval/tasks.h"

namespace ct::eval {

const TaskResult* EvalResults::find(const QString& task) const {
  for (const TaskResult& t : tasks)
    if (t.task == task) return &t;
  return nullptr;
}

QString formatStderr(const std::optional<double>& s) { return s ? QString::number(*s, 'f', 4) : QStringLiteral("N/A"); }

void computeGroups(EvalResults& r) {
  r.groups.clear();
  QStringList order;
  QMap<QString, QList<const TaskResult*>> members;
  for (const TaskResult& t : r.tasks) {
    const TaskSpec* spec = findTask(t.task);
    if (!spec) continue;
    for (const QString& g : spec->groups) {
      if (!order.contains(g)) order << g;
      members[g] << &t;
    }
  }
  for (const QString& g : order) {
    const auto& list = members[g];
    GroupResult gr;
    gr.group = g;
    QSet<QString> keys;
    for (const TaskResult* t : list) {
      gr.subtasks << t->task;
      gr.n += t->nEffective;
      for (auto it = t->metrics.begin(); it != t->metrics.end(); ++it) keys.insert(it.key());
    }
    for (const QString& key : keys) {
      // Only metrics every member has, weighted by size (lm-eval's weight_by_size).
      double sum = 0;
      int n = 0;
      QList<double> errs;
      QList<int> sizes;
      bool complete = true;
      for (const TaskResult* t : list) {
        if (t->nEffective == 0) continue;  // every item refused (too long for the endpoint): no weight
        if (!t->metrics.contains(key)) {
          complete = false;
          break;
        }
        sum += t->metrics[key].value * t->nEffective;
        n += t->nEffective;
        errs << t->metrics[key].stderr_.value_or(0);
        sizes << t->nEffective;
      }
      if (!complete || n == 0) continue;
      gr.metrics.insert(key, MetricValue{sum / n, pooledStderr(errs, sizes)});
    }
    if (!gr.metrics.isEmpty()) r.groups << gr;
  }
}

namespace {

QJsonObject metricsJson(const QMap<QString, MetricValue>& m) {
  QJsonObject o;
  for (auto it = m.begin(); it != m.end(); ++it) {
    o.insert(it.key(), it->value);
    const QString metric = it.key().section(QLatin1Char(','), 0, 0), filter = it.key().section(QLatin1Char(','), 1);
    o.insert(QStringLiteral("%1_stderr,%2").arg(metric, filter), it->stderr_ ? QJsonValue(*it->stderr_) : QJsonValue(QStringLiteral("N/A")));
  }
  return o;
}

}  // namespace

QJsonObject toLmEvalJson(const EvalResults& r) {
  QJsonObject results, groups, groupSubtasks, configs, versions, nshot, higher, nsamples;
  for (const TaskResult& t : r.tasks) {
    QJsonObject o = metricsJson(t.metrics);
    o.insert(QStringLiteral("alias"), t.task);
    o.insert(QStringLiteral("name"), t.task);
    o.insert(QStringLiteral("sample_len"), t.nEffective);
    if (t.skipped) o.insert(QStringLiteral("skipped"), t.skipped);
    results.insert(t.task, o);
    configs.insert(t.task, t.config);
    versions.insert(t.task, t.version);
    nshot.insert(t.task, t.nShot);
    QJsonObject hb;
    for (auto it = t.metrics.begin(); it != t.metrics.end(); ++it) hb.insert(it.key().section(QLatin1Char(','), 0, 0), true);
    higher.insert(t.task, hb);
    nsamples.insert(t.task, QJsonObject{{QStringLiteral("original"), t.nOriginal}, {QStringLiteral("effective"), t.nEffective}});
  }
  for (const GroupResult& g : r.groups) {
    QJsonObject o = metricsJson(g.metrics);
    o.insert(QStringLiteral("alias"), g.group);
    o.insert(QStringLiteral("name"), g.group);
    o.insert(QStringLiteral("sample_count"), g.n);
    results.insert(g.group, o);
    groups.insert(g.group, o);
    groupSubtasks.insert(g.group, QJsonArray::fromStringList(g.subtasks));
  }
  QJsonObject config = r.config;
  config.insert(QStringLiteral("model"), r.source == QLatin1String("native") ? QStringLiteral("ct-native") : r.source);
  config.insert(QStringLiteral("model_args"), QStringLiteral("base_url=%1,model=%2").arg(r.endpoint, r.model));
  return {{QStringLiteral("results"), results},
          {QStringLiteral("groups"), groups},
          {QStringLiteral("group_subtasks"), groupSubtasks},
          {QStringLiteral("configs"), configs},
          {QStringLiteral("versions"), versions},
          {QStringLiteral("n-shot"), nshot},
          {QStringLiteral("higher_is_better"), higher},
          {QStringLiteral("n-samples"), nsamples},
          {QStringLiteral("config"), config},
          {QStringLiteral("model_name"), r.model},
          {QStringLiteral("date"), r.date},
          {QStringLiteral("total_evaluation_time_seconds"), QString::number(r.seconds, 'f', 2)},
          {QStringLiteral("ct_source"), r.source}};
}

namespace {

QMap<QString, MetricValue> readMetrics(const QJsonObject& o) {
  QMap<QString, MetricValue> m;
  for (auto it = o.begin(); it != o.end(); ++it) {
    const QString key = it.key();
    if (!key.contains(QLatin1Char(',')) || key.section(QLatin1Char(','), 0, 0).endsWith(QStringLiteral("_stderr")) || !it->isDouble()) continue;
    MetricValue v{it->toDouble(), std::nullopt};
    const QJsonValue s = o.value(QStringLiteral("%1_stderr,%2").arg(key.section(QLatin1Char(','), 0, 0), key.section(QLatin1Char(','), 1)));
    if (s.isDouble()) v.stderr_ = s.toDouble();  // "N/A" stays empty
    m.insert(key, v);
  }
  return m;
}

}  // namespace

std::optional<EvalResults> parseLmEvalResults(const QJsonObject& json, QString* error) {
  const QJsonValue rv = json.value(QStringLiteral("results"));
  if (!rv.isObject()) {
    if (error) *error = QStringLiteral("not an lm-eval results file: no \"results\" object");
    return std::nullopt;
  }
  EvalResults r;
  r.source = QStringLiteral("lm-eval");
  const QJsonObject config = json.value(QStringLiteral("config")).toObject();
  r.config = config;
  r.model = json.value(QStringLiteral("model_name")).toString(config.value(QStringLiteral("model_args")).toString());
  r.date = json.value(QStringLiteral("date")).toDouble();
  r.seconds = json.value(QStringLiteral("total_evaluation_time_seconds")).toVariant().toDouble();
  const QJsonObject results = rv.toObject(), groups = json.value(QStringLiteral("groups")).toObject();
  const QJsonObject subtasks = json.value(QStringLiteral("group_subtasks")).toObject();
  const QJsonObject nshot = json.value(QStringLiteral("n-shot")).toObject(), versions = json.value(QStringLiteral("versions")).toObject();
  const QJsonObject nsamples = json.value(QStringLiteral("n-samples")).toObject();
  // The dictionary key is the task id; older versions indent "alias" (" - abstract_algebra").
  for (auto it = results.begin(); it != results.end(); ++it) {
    const QJsonObject o = it->toObject();
    if (groups.contains(it.key()) || (subtasks.contains(it.key()) && !subtasks.value(it.key()).toArray().isEmpty())) {
      GroupResult g;
      g.group = it.key();
      for (const QJsonValue v : subtasks.value(it.key()).toArray()) g.subtasks << v.toString();
      g.n = o.value(QStringLiteral("sample_count")).toInt();
      g.metrics = readMetrics(o);
      if (!g.metrics.isEmpty()) r.groups << g;
      continue;
    }
    TaskResult t;
    t.task = it.key();
    t.metrics = readMetrics(o);
    t.nShot = nshot.value(it.key()).toInt();
    t.version = versions.value(it.key()).toVariant().toString();
    t.config = json.value(QStringLiteral("configs")).toObject().value(it.key()).toObject();
    const QJsonObject ns = nsamples.value(it.key()).toObject();
    t.nOriginal = ns.value(QStringLiteral("original")).toInt();
    t.nEffective = ns.value(QStringLiteral("effective")).toInt(o.value(QStringLiteral("sample_len")).toInt());
    r.tasks << t;
  }
  if (r.tasks.isEmpty() && r.groups.isEmpty()) {
    if (error) *error = QStringLiteral("the results file holds no task scores");
    return std::nullopt;
  }
  return r;
}

std::optional<EvalResults> parseEvalPlusResults(const QJsonObject& json, const QString& dataset, QString* error) {
  const QJsonValue ev = json.value(QStringLiteral("eval"));
  if (!ev.isObject()) {
    if (error) *error = QStringLiteral("not an EvalPlus results file: no \"eval\" object");
    return std::nullopt;
  }
  EvalResults r;
  r.source = QStringLiteral("evalplus");
  TaskResult t;
  t.task = dataset;
  const QJsonObject eval = ev.toObject();
  QList<double> base, plus;
  bool anyPlus = false;
  for (auto it = eval.begin(); it != eval.end(); ++it) {
    // One list of samples per task (or, in some versions, a single object).
    const QJsonArray samples = it->isArray() ? it->toArray() : QJsonArray{it->toObject()};
    int n = 0, cb = 0, cp = 0;
    for (const QJsonValue s : samples) {
      const QJsonObject o = s.toObject();
      ++n;
      const bool b = o.value(QStringLiteral("base_status")).toString() == QLatin1String("pass");
      const QJsonValue ps = o.value(QStringLiteral("plus_status"));
      if (!ps.isNull() && !ps.isUndefined()) anyPlus = true;
      cb += b ? 1 : 0;
      cp += (b && ps.toString() == QLatin1String("pass")) ? 1 : 0;
      t.samples.append(QJsonObject{{QStringLiteral("task_id"), o.value(QStringLiteral("task_id")).toString(it.key())},
                                   {QStringLiteral("base_status"), o.value(QStringLiteral("base_status"))}, {QStringLiteral("plus_status"), ps}});
    }
    if (n == 0) continue;
    base << passAtK(n, cb, 1);
    plus << passAtK(n, cp, 1);
  }
  t.nOriginal = t.nEffective = static_cast<int>(base.size());
  const QJsonObject pak = json.value(QStringLiteral("pass_at_k")).toObject();
  const QJsonValue pb = pak.value(QStringLiteral("base")).toObject().value(QStringLiteral("pass@1"));
  const QJsonValue pp = pak.value(QStringLiteral("plus")).toObject().value(QStringLiteral("pass@1"));
  t.metrics.insert(QStringLiteral("pass@1,base"), MetricValue{pb.isDouble() ? pb.toDouble() : mean(base), meanStderr(base)});
  if (anyPlus || pp.isDouble()) t.metrics.insert(QStringLiteral("pass@1,plus"), MetricValue{pp.isDouble() ? pp.toDouble() : mean(plus), meanStderr(plus)});
  r.date = QDateTime::fromString(json.value(QStringLiteral("date")).toString(), QStringLiteral("yyyy-MM-dd HH:mm")).toSecsSinceEpoch();
  r.tasks << t;
  return r;
}

QString headlineMetric(const TaskResult& t) {
  for (const char* k : {"acc_norm,none", "acc,none", "exact_match,flexible-extract", "exact_match,strict-match", "pass@1,plus", "pass@1,base"}) {
    // HellaSwag is reported by acc_norm; elsewhere plain accuracy comes first.
    if (QLatin1String(k) == QLatin1String("acc_norm,none") && !t.task.startsWith(QStringLiteral("hellaswag"))) continue;
    if (t.metrics.contains(QString::fromLatin1(k))) return QString::fromLatin1(k);
  }
  return t.metrics.isEmpty() ? QString() : t.metrics.firstKey();
}

}  // namespace ct::eval
