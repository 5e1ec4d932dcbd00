#pragma once
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

#include "eval/data_files.h"

namespace ct::eval {

enum class TaskKind {
  MultipleChoice,  // log-likelihood of each choice after the context (lm-eval multiple_choice)
  Generate,        // greedy generation, answer extracted by regex filters (lm-eval generate_until)
  Code,            // generated code run against the task's tests (EvalPlus)
  Demo,            // the demo model's own arithmetic task, scored by its exact rules
};

// One evaluation item, already turned into what the prompt needs.
struct Doc {
  QString id;
  QString text;         // doc_to_text: the query without few-shot context
  QStringList choices;  // multiple choice: continuation strings (without the target delimiter)
  int gold = -1;        // multiple choice: index of the right choice
  QString target;       // generate: the reference answer; few-shot: the exemplar's answer text
  // Code tasks
  QString prompt, entryPoint, canonical, test;  // test: HumanEval check() or MBPP asserts
  QJsonObject extra;    // base_input, plus_input, atol, test_setup_code, ...
  QString file;
  int line = 0;
};

struct TaskSpec {
  QString name;
  QString family;       // arc, hellaswag, mmlu, gpqa, boolq, openbookqa, gsm8k, humaneval, mbpp, demo
  QStringList groups;   // groups it is aggregated into, innermost first (mmlu_stem, mmlu)
  TaskKind kind = TaskKind::MultipleChoice;
  QString version = QStringLiteral("1.0");
  int defaultFewshot = 0;
  QString description;  // prepended once before the few-shot examples
  QString targetDelimiter = QStringLiteral(" ");
  QString fewshotDelimiter = QStringLiteral("\n\n");
  QStringList until;    // generate: stop strings
  int maxGenToks = 256;
  QStringList metrics;  // acc, acc_norm / exact_match / pass@1
  QStringList filters;  // "none" / strict-match, flexible-extract / base, plus
  QString evaluatedSplit;
  QString dataHint;     // what to put under --data-dir, for error messages and --list
};

// Every task the registry knows, in a stable order (mmlu subjects and gpqa variants included).
const QList<TaskSpec>& allTasks();
const TaskSpec* findTask(const QString& name);
// Expands group names (mmlu, mmlu_stem, gpqa, gpqa_diamond, ai2_arc) and checks each name;
// an unknown name is an error that lists close matches.
// `fromGroups` gets the names that only a group brought in: a run skips those whose data is not
// there (a sample of mmlu holds a few subjects) instead of failing.
std::optional<QStringList> expandTaskNames(const QStringList& names, QString* error, QStringList* fromGroups = nullptr);
// Subtasks of a group, in order; empty when `name` is not a group.
QStringList groupMembers(const QString& group);
QStringList allGroups();

struct TaskData {
  QList<Doc> docs;
  QList<Doc> fewshotPool;  // where few-shot examples are drawn from (fixed exemplars, dev/train split)
  bool fewshotFirstN = true;  // take the first k (mmlu dev, gsm8k_cot) or a seeded sample
  QStringList files;          // what was read
};

struct LoadOptions {
  QString dataDir;
  QByteArray zipPassword;  // GPQA's archive password (the one its authors publish is the default)
  uint64_t seed = 1234;    // GPQA's answer shuffle
};

// Reads a task's items from `dataDir/<family>/...` in the source's own layout or the Hugging Face
// export layout; a missing file or a bad row is an error naming the file, line and field.
std::optional<TaskData> loadTask(const TaskSpec& spec, const LoadOptions& options, ReadError* error);

// lm-eval's prompt: description + k examples (text, delimiter, answer) joined by the few-shot
// delimiter, then the query. `shots` are the examples already chosen.
QString buildContext(const TaskSpec& spec, const Doc& doc, const QList<Doc>& shots);
// The answer text of a few-shot example: the right choice, or the target.
QString exampleAnswer(const TaskSpec& spec, const Doc& shot);
// The k shots for a doc: the first k of the pool, or a sample seeded by (seed, doc index) that
// never includes the doc itself.
QList<Doc> chooseShots(const TaskData& data, const Doc& doc, int docIndex, int k, uint64_t seed);

// The HellaSwag / GPQA text cleaning (strip, " [title]" → ". ", drop "[...]", collapse "  ").
QString cleanBracketText(const QString& text);

}  // namespace ct::eval
