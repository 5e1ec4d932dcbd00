#pragma once
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

namespace ct::pipeline {

// SHA-256 over every file under a folder (or one file): relative path, size and content hash,
// in path order. "HOST:PATH" is hashed on that host. nullopt with the reason when it cannot be read.
std::optional<QString> fingerprintOutput(const QString& path, QString* error, const std::function<bool()>& cancelled = {});
// What a stage's result depends on: its parameters and the fingerprints of its inputs' outputs.
QString fingerprintInputs(const QString& kind, const QJsonObject& params, const QStringList& inputFps);

}  // namespace ct::pipeline
