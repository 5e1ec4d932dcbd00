#include <QJsonDocument>

#include "cli/commands.h"
#include "model/inspect.h"

namespace ct::cli {
namespace {

class ModelCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("model"); }
  QString summary() const override { return QStringLiteral("Inspect a model folder: architecture, sizes, dtypes, shards, tokenizer, problems."); }
  QString synopsis() const override { return QStringLiteral("inspect DIR"); }
  void addOptions(QCommandLineParser& p) override {
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("inspect"));
    p.addPositionalArgument(QStringLiteral("dir"), QStringLiteral("Model folder"));
  }
  int run(const QCommandLineParser& p, CliEnv& env) override {
    const QStringList pos = p.positionalArguments();
    if (pos.value(0) != QLatin1String("inspect") || pos.size() != 2) throw UsageError{QStringLiteral("usage: ct model inspect DIR")};
    const QJsonObject r = model::inspectCheckpoint(pos.at(1));
    if (env.json) env.out << QJsonDocument(r).toJson(QJsonDocument::Compact) << "\n";
    else env.out << model::describeInspection(r);
    return r.value(QStringLiteral("ok")).toBool() ? 0 : 1;
  }
};

}  // namespace

std::unique_ptr<Command> makeModelCommand() { return std::make_unique<ModelCommand>(); }

}  // namespace ct::cli
