#pragma once
#include <QJsonObject>
#include <QString>
#include <optional>

namespace ct::pipeline {

struct InitOptions {
  QString modelPath;
  QString modelHost;         // empty: this machine
  QString targets = QStringLiteral("both");
  QString gpuHost;           // deploy.host
  QString name;              // empty: from the model folder's name
  QString evalDataDir;       // the bundled samples: the default tasks are those with data there
};

// `ct pipeline init`: a recipe for this model with every field filled from the model and the
// targets, and a "why" beside each section saying where each value came from.
std::optional<QJsonObject> initialRecipe(const InitOptions& options, QString* error);

// The embedded demo as a recipe: the demo model at GPTQ 8/4/2 bits and AWQ 4 bits, the 4-bit
// checkpoint on the emulated board, every model scored on the demo task (`items` questions) and
// the bundled real tasks (`realItems` each), the board asked one question, services stopped.
QJsonObject demoRecipe(const QString& modelDir, int items, int realItems);

}  // namespace ct::pipeline
