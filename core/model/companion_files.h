#pragma once
#include <QString>
#include <QStringList>

namespace ct::model {

// Copies what a converted checkpoint keeps from its source besides the weights — config,
// tokenizer, chat template, generation and processor files — from one folder to another.
// Weight files (*.safetensors, the shard index, *.bin, *.pt, *.pth) and the names in alsoSkip
// stay behind; an existing file of the same name in `to` is replaced.
bool copyCompanionFiles(const QString& from, const QString& to, const QStringList& alsoSkip, QString* error);

}  // namespace ct::model
