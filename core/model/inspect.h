#pragma once
#include <QJsonObject>
#include <QString>

namespace ct::model {

// What `ct model inspect` and the Models page show of a checkpoint folder: architecture and
// sizes, parameters, bytes and dtypes, shards, tokenizer and chat template, quantization, and
// every problem found (missing or misshapen tensors, missing files). "ok" is false when the
// folder cannot be run as it is.
QJsonObject inspectCheckpoint(const QString& dir);
QString describeInspection(const QJsonObject& report);  // the same for people, a few lines

}  // namespace ct::model
