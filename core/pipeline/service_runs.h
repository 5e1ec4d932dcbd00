#pragma once
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

#include "pipeline/run_state.h"

namespace ct::pipeline {

// A local OpenAI service the run starts and may leave up: `ct host` (for a model folder or an
// image on the emulator; none when `link` names a real FPGA host PC) and `ct serve` linked to it,
// both as daemons that outlive the run, logging to logDir. Ready when /health answers 200.
struct LocalServiceRequest {
  QString ctProgram;
  QString stage, label;
  QString source;      // model folder or image folder
  bool image = false;
  QString link;        // empty or "emulator": start ct host; else ADDR:PORT of a running host
  QJsonObject serveOptions;  // fpga_service fields (ct serve's and ct host's options)
  QString servedName;
  double boundTokensPerS = 0;
  QString logDir;
  bool endWithRunner = false;  // ended when the run's process ends, even if it is killed
};
std::optional<ServiceRecord> startLocalService(const LocalServiceRequest& request, const std::function<bool()>& cancelled, QString* error);

// The service answers (its /health; a deployment also its state in ct deploy's records).
bool serviceHealthy(const ServiceRecord& service, QString* why);
// Stops it (daemons by pid and start time; a deployment with `ct deploy stop`); problems listed.
QStringList stopService(const ServiceRecord& service, const QString& ctProgram);
// The API key a client needs (a deployment's, from the keychain); empty when none is required.
QString serviceKey(const ServiceRecord& service, QString* why);

}  // namespace ct::pipeline
