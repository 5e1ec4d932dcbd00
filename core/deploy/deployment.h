#pragma once
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

#include "remote/remote_job.h"

// A vLLM deployment as this workstation knows it: where it runs, what it holds, how to reach it.
// Kept one file per deployment in the state folder, which is where `ct eval --targets NAME` and
// `ct deploy list/stop/logs` find it. The endpoint's API key is not in that file: it lives in the
// OS keychain (auth::Keychain, entry api-key:deploy/NAME).
namespace ct::deploy {

struct Deployment {
  QString name, host, model, servedName, kernel;
  QString state;  // starting, ready, failed, stopping, stopped
  QString error, advice, created;
  QString jobId, leaseId;
  remote::RemoteJobInfo job;
  QList<int> gpuIndices;
  QStringList gpuUuids;
  int apiPort = 0, vllmPort = 0, tensorParallel = 1, maxModelLen = 0, localPort = 0;
  double gpuMemoryUtilization = 0;
  qint64 budgetBytes = 0, holderPid = 0, tunnelPid = 0;
  QString url, apiKey;  // url: the local end of the tunnel, with /v1
  QStringList vllmArgv;

  QJsonObject toJson() const;  // never the key
  static Deployment fromJson(const QJsonObject& o);
  bool active() const { return state == QLatin1String("starting") || state == QLatin1String("ready") || state == QLatin1String("stopping"); }
};

class DeploymentStore {
 public:
  explicit DeploymentStore(QString dir = defaultDir());
  static QString defaultDir();
  static bool validName(const QString& name);
  bool save(const Deployment& d, QString* error) const;  // everything but the key
  std::optional<Deployment> load(const QString& name) const;  // without the key
  // The key in the keychain; false with what the person can do when no keychain answers.
  static bool saveKey(const Deployment& d, QString* why);
  static QString loadKey(const QString& name, QString* why);  // empty with the reason when absent
  QList<Deployment> list() const;  // by name
  bool remove(const QString& name) const;

 private:
  QString dir_;
};

}  // namespace ct::deploy
