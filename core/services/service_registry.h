#pragma once
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include "services/local_service.h"

namespace ct::jobs {
class JobManager;
}

namespace ct::services {

// An OpenAI endpoint the user registered by hand (vLLM on a GPU host, a colleague's service).
struct Endpoint {
  QString name, url, apiKey;
};

// Something an evaluation or a chat can talk to: a local folder (served on demand), a running
// service, or a registered endpoint. Raw URLs are the exception, not the rule.
struct Target {
  enum class Kind { Folder, Service, Endpoint };
  Kind kind = Kind::Folder;
  SourceKind folderKind = SourceKind::Model;
  QString path;                         // Folder (also a Service's folder)
  QString url, apiKey;                  // Service, Endpoint
  QString name;                         // Endpoint name, or the folder's name
  QPointer<LocalService> service;       // Service, or a Folder that is being served
  QString id() const;                   // stable across refreshes: "folder:/p", "endpoint:name"
  QString label() const;                // in the interface language
};

// What the app knows it can serve and talk to: the model the user chose, the bundled demo
// model, the outputs of finished quantize and compile jobs that still exist, the services this
// window started, the endpoints the user registered (kept in QSettings), and the vLLM
// deployments that are ready (`ct deploy`, by name, their key from the keychain).
class ServiceRegistry : public QObject {
  Q_OBJECT
 public:
  explicit ServiceRegistry(jobs::JobManager* manager, QObject* parent = nullptr);
  ~ServiceRegistry() override;

  // Endpoints are kept in QSettings without their keys; a key lives as long as this object.
  // A new service for the source, started; or the one already up for the same folder/link.
  LocalService* serve(const Source& source, const ServeOptions& options = {});
  LocalService* runningFor(const Source& source) const;
  QList<LocalService*> services() const;  // newest first, stopped ones included
  void stopAll();
  void forget(LocalService* s);  // drops a stopped or failed one from the list

  QList<Endpoint> endpoints() const;
  void addEndpoint(const Endpoint& e);
  void removeEndpoint(const QString& name);

  void setCurrentModel(const QString& dir);
  QString currentModel() const { return currentModel_; }
  // Local folders worth offering, newest first, each with its kind.
  QList<QPair<QString, SourceKind>> knownFolders() const;
  QList<Target> targets() const;

 Q_SIGNALS:
  void changed();
  void currentModelChanged(const QString& dir);

 private:
  jobs::JobManager* manager_;
  QList<QPointer<LocalService>> services_;
  QString currentModel_;
  QHash<QString, QString> keys_;  // endpoint name → API key, for this session only
  mutable QHash<QString, QString> deployKeys_;  // deployment job id → key, read once from the keychain
};

}  // namespace ct::services
