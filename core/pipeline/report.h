#pragma once
#include <QJsonObject>
#include <QString>

#include "pipeline/plan.h"
#include "pipeline/recipe.h"
#include "pipeline/run_state.h"

namespace ct::pipeline {

struct ReportInputs {
  const Recipe& recipe;
  const RunState& state;
  const PlanContext& plan;
};

// The compare stage: every scored model's results side by side (eval/comparison.json, with the
// table people read) and, while the services are up, next-token agreement of each with origin.
bool compareScores(const ReportInputs& in, QJsonObject* result, QString* error);
// The chat smoke test: the question to the board's service (else the first one up).
QJsonObject askQuestion(const ReportInputs& in, const QString& question);
// report.json and report.html (self-contained: inline SVG, no scripts, no network).
bool writeReport(const ReportInputs& in, const QJsonObject& chat, QString* error);
QJsonObject reportJson(const ReportInputs& in, const QJsonObject& chat);
QString reportHtml(const QJsonObject& report);

}  // namespace ct::pipeline
