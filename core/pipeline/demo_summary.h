#pragma once
#include <QJsonObject>
#include <QString>

#include "pipeline/run_state.h"

namespace ct::pipeline {

// `ct demo`'s result and its printed summary, from the demo recipe's finished run: the table of
// every model's scores, the demo task by form, GPTQ vs AWQ at 4 bits, the compile report and the
// board's answer. The board is called "fpga" there, as the demo always has.
QJsonObject demoResult(const RunState& state, const QJsonObject& runResult);
QString demoSummary(const QJsonObject& demoResult, int items, int realItems);

}  // namespace ct::pipeline
