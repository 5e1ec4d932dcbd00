#pragma once
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

#include "eval/results.h"

namespace ct::eval {

class OpenAiClient;

struct Target {
  QString name;  // origin, quant, fpga, ...
  QString url;
  QString apiKey;
  QString model;
};
// "origin=URL,quant=URL" (a key per target: name=URL@KEY is not accepted; keys come from --api-key-stdin / --api-key-file or the handoff).
std::optional<QList<Target>> parseTargets(const QString& text, QString* error);

// Next-token distributions of an endpoint along a text, as /v1/completions echo + logprobs gives
// them: per position the text token's log-probability and the top-k dictionary.
struct Distributions {
  QStringList tokens;
  QList<double> tokenLogprobs;
  QList<QMap<QString, double>> top;
};
std::optional<Distributions> scoreText(OpenAiClient& client, const QString& model, const QString& text, int topK, QString* error);
// The same over a longer text cut at line ends into pieces of at most maxChars, so each fits the
// endpoint's context; pieces are scored independently and concatenated.
std::optional<Distributions> scoreLongText(OpenAiClient& client, const QString& model, const QString& text, int topK, int maxChars, QString* error);

// Per-position agreement of a target with the origin over the same tokens. KL(origin‖target) is
// computed over the buckets both sides know — the text token, the origin's top-k tokens the
// target also reports — and one bucket for everything else, so it is a lower bound of the true
// KL (coarser buckets never increase it); with k = 1 it still separates close from far.
struct Agreement {
  int positions = 0;
  double klMean = 0;         // nats per token, lower bound
  double top1 = 0;           // share of positions whose most likely token is the origin's
  double meanAbsDeltaLp = 0; // mean |log p_origin(token) - log p_target(token)| of the text tokens
  int topK = 0;              // how many alternatives per position the endpoints returned
};
std::optional<Agreement> compareDistributions(const Distributions& origin, const Distributions& target, QString* error);

// The text set used when the user gives none: questions and worked answers of the demo task
// (so the demo model is scored on what it knows) followed by plain English prose.
QString defaultAgreementText();

// The comparison table: per task and target the headline metric, its stderr and the delta vs
// the first target; plus the agreement lines when given.
QString formatComparison(const QList<QPair<QString, EvalResults>>& runs, const QMap<QString, Agreement>& agreement);
QJsonObject comparisonJson(const QList<QPair<QString, EvalResults>>& runs, const QMap<QString, Agreement>& agreement);

}  // namespace ct::eval
