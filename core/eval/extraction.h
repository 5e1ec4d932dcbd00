#pragma once
#include <QString>
#include <QStringList>

namespace ct::eval {

// lm-eval's answer filters and exact_match, with Python `re` semantics reproduced: findall over
// the whole reply, `groupSelect` picks the match (negative counts from the end), a pattern with
// several groups yields its first non-empty group, and no match gives "[invalid]".
QString regexFilter(const QString& reply, const QString& pattern, int groupSelect);
// The multi_choice_regex filter (GPQA flexible-extract): the pattern, else the text of a choice
// mapped to its "(X)", else a bare letter after a colon.
QString multiChoiceFilter(const QString& reply, const QString& pattern, int groupSelect, const QStringList& choices,
                          bool ignoreCase, bool ignorePunctuation);

struct ExactMatchOptions {
  QStringList regexesToIgnore;
  bool ignoreCase = false;
  bool ignorePunctuation = false;
};
bool exactMatch(const QString& prediction, const QString& reference, const ExactMatchOptions& options);

// The extraction a generate task's filter applies (by task name and filter name), and the
// exact_match options the task scores with.
QString extractAnswer(const QString& task, const QString& filter, const QString& reply, const QStringList& choices);
ExactMatchOptions exactMatchOptionsFor(const QString& task);

// EvalPlus-style code extraction from a chat reply: the fenced block that defines the entry
// point, else the first fenced block, else the reply itself.
QString extractCode(const QString& reply, const QString& entryPoint);
// Cuts a completion at the first of the stop strings.
QString cutAtStops(const QString& text, const QStringList& stops);

}  // namespace ct::eval
