#pragma once
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

// A pipeline recipe (docs/recipe.md): what one run does, from the model folder to scores,
// an FPGA service and GPU deployments. The JSON is the source of truth; the struct is a checked
// view of it. Field names inside the sections are the stage commands' own option names
// (snake_case for --kebab-case), so a recipe reads like the commands it runs.
namespace ct::pipeline {

inline constexpr int kRecipeVersion = 1;

// One thing wrong with a recipe or its plan: the field to change ("quantize.variants[1].bits")
// and a sentence saying what is wrong and what to do.
struct Problem {
  QString field;
  QString message;
  bool warning = false;  // shown, but does not stop the run
};
QString describeProblems(const QList<Problem>& problems);

struct Variant {
  QString name;         // "int4", used in paths, stage names and endpoint names
  QJsonObject options;  // ct quantize's options (method, bits, group_size, ...)
  QString method() const;
  int bits() const;
};

struct Recipe {
  QJsonObject json;  // as read, defaults not yet filled where the file left them out

  QString name;
  QString modelPath, modelHost;  // host empty: this machine
  QString targets;               // gpu, fpga or both
  QString quantizeOn;            // empty: this machine
  QList<Variant> variants;
  QJsonObject compile;   // from, board, external
  QJsonObject fpga;      // ct serve's and ct host's options, plus link ("emulator" or ADDR:PORT)
  QJsonObject deploy;    // ct deploy's options, plus host and models
  QJsonObject evaluate;  // framework, tasks, models, limit, ...
  bool keepServices = true;
  QString chatQuestion;  // asked of the board's service (else the first endpoint) at the end

  bool gpu() const { return targets == QLatin1String("gpu") || targets == QLatin1String("both"); }
  bool board() const { return targets == QLatin1String("fpga") || targets == QLatin1String("both"); }
  const Variant* variant(const QString& name) const;
  // The models the run scores: "origin", variant names and "board", in that order.
  QStringList evaluatedModels() const;
  // The models the run deploys on the GPU host ("origin" and variant names).
  QStringList deployedModels() const;
  QString compileFrom() const { return compile.value(QStringLiteral("from")).toString(); }
};

// Structure and types only: unknown fields, wrong types, values out of range, names that do
// not resolve. Every problem is listed; nullopt when any is not a warning, unless `lenient`
// (validation then goes on to list the plan's problems too, in one go).
std::optional<Recipe> parseRecipe(const QJsonObject& json, QList<Problem>* problems, bool lenient = false);
std::optional<Recipe> loadRecipe(const QString& path, QList<Problem>* problems);

// The fields a section accepts, for the parser and for docs/recipe.md's tables.
struct FieldSpec {
  QString section;  // "quantize.variants[]", "deploy", ...
  QString key;
  QString type;     // string, int, number, bool, strings
  QString doc;
};
const QList<FieldSpec>& recipeFields();

}  // namespace ct::pipeline
