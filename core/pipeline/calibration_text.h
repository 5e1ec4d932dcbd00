#pragma once
#include <QString>
#include <QStringList>

namespace ct::pipeline {

// Calibration text for a model with no `calib` given: every text field of the bundled benchmark
// samples whose task family is NOT scored by this run (calibrating on the items that are then
// scored would flatter the quantized model), plus the few-shot splits, which are never scored.
// Written as JSONL ({"text": ...} per record) to outFile; returns the number of characters.
qint64 writeBundledCalibration(const QString& samplesDir, const QStringList& scoredTasks, const QString& outFile, QString* error);

// A checkpoint folder that is the embedded demo model (which has its own built-in calibration).
bool isDemoModel(const QString& modelDir);

}  // namespace ct::pipeline
