#pragma once
#include <QJsonObject>
#include <QString>
#include <functional>

namespace ct::eval {

class OpenAiClient;

// The demo model's own task (arithmetic in chat, multiple-choice and worked forms) scored
// through an OpenAI-compatible endpoint with greedy decoding: the same questions for every
// target, so targets compare item by item. Returns {"task","n","accuracy","per_form":{...},
// "stderr"} or {"error"}; progress(done, total) after each item, returning false cancels.
QJsonObject evaluateDemoTask(OpenAiClient& client, const QString& model, int n, uint64_t seed,
                             const std::function<bool(int, int)>& progress);

}  // namespace ct::eval
