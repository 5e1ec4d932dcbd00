#include "eval/demo_eval.h"

#include <QJsonArray>
#include <cmath>

#include "eval/openai_client.h"
#include "model/demo/demo_task.h"

namespace ct::eval {

QJsonObject evaluateDemoTask(OpenAiClient& client, const QString& model, int n, uint64_t seed, const std::function<bool(int, int)>& progress) {
  uint64_t rng = seed;
  int correct = 0;
  int perForm[3] = {0, 0, 0}, perFormCorrect[3] = {0, 0, 0};
  for (int i = 0; i < n; ++i) {
    const model::demo::Example e = model::demo::sample(rng);
    QString error;
    const QString reply = client.chat(model, QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), e.question}}}, 0.0, 48, &error);
    if (!error.isEmpty()) return {{QStringLiteral("error"), QStringLiteral("item %1: %2").arg(i).arg(error)}};
    const int f = static_cast<int>(e.form);
    ++perForm[f];
    if (model::demo::isCorrect(e, reply)) {
      ++correct;
      ++perFormCorrect[f];
    }
    if (progress && !progress(i + 1, n)) return {{QStringLiteral("error"), QStringLiteral("cancelled")}, {QStringLiteral("cancelled"), true}};
  }
  const double acc = n > 0 ? static_cast<double>(correct) / n : 0;
  QJsonObject forms;
  for (int f = 0; f < 3; ++f)
    forms.insert(model::demo::formName(static_cast<model::demo::Form>(f)),
                 QJsonObject{{QStringLiteral("n"), perForm[f]}, {QStringLiteral("accuracy"), perForm[f] ? static_cast<double>(perFormCorrect[f]) / perForm[f] : 0.0}});
  return {{QStringLiteral("task"), QStringLiteral("demo_arithmetic")},
          {QStringLiteral("n"), n},
          {QStringLiteral("correct"), correct},
          {QStringLiteral("accuracy"), acc},
          {QStringLiteral("stderr"), n > 1 ? std::sqrt(acc * (1 - acc) / (n - 1)) : 0.0},
          {QStringLiteral("per_form"), forms}};
}

}  // namespace ct::eval
