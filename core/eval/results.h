#pragma once
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace ct::eval {

struct MetricValue {
  double value = 0;
  std::optional<double> stderr_;  // none: "N/A"
};

// One task's scores, keyed as lm-eval keys them: "acc,none", "exact_match,strict-match", "pass@1,base".
struct TaskResult {
  QString task;
  QString version;
  int nShot = 0;
  int nOriginal = 0, nEffective = 0;  // items in the data, items scored
  int skipped = 0;                    // items the endpoint refused (e.g. longer than its context)
  QMap<QString, MetricValue> metrics;
  QJsonArray samples;                 // per-item records (lm-eval samples_*.jsonl lines)
  QJsonObject config;                 // what the prompt was built from
};

struct GroupResult {
  QString group;
  QStringList subtasks;
  int n = 0;
  QMap<QString, MetricValue> metrics;
};

struct EvalResults {
  QString source = QStringLiteral("native");  // native | lm-eval | evalplus
  QString model;
  QString endpoint;
  QList<TaskResult> tasks;
  QList<GroupResult> groups;
  QJsonObject config;
  double seconds = 0;
  double date = 0;  // UNIX time the run started
  const TaskResult* find(const QString& task) const;
};

// Size-weighted group averages with pooled stderr (mmlu and its categories, ai2_arc, gpqa_*).
void computeGroups(EvalResults& r);

// The results file in the shape lm-eval writes (results, groups, group_subtasks, configs,
// versions, n-shot, higher_is_better, n-samples, config, date, total_evaluation_time_seconds).
QJsonObject toLmEvalJson(const EvalResults& r);
// Reads lm-eval results files (v0.4.x up to HEAD: indented aliases, "N/A" stderr, groups).
std::optional<EvalResults> parseLmEvalResults(const QJsonObject& json, QString* error);
// Reads EvalPlus eval_results.json (pass_at_k when present; computed from "eval" otherwise, as
// 0.3.1 files lack it). `dataset` names the task (humaneval, mbpp).
std::optional<EvalResults> parseEvalPlusResults(const QJsonObject& json, const QString& dataset, QString* error);

// "acc" → the key of the metric a table shows first for a task (acc_norm for hellaswag, ...).
QString headlineMetric(const TaskResult& t);
QString formatStderr(const std::optional<double>& s);

}  // namespace ct::eval
