#pragma once
#include <QObject>
#include <QPointer>
#include <QTimer>

#include "jobs/job.h"
#include "services/serve_source.h"

class QNetworkAccessManager;

namespace ct::jobs {
class JobManager;
}  // namespace ct::jobs

namespace ct::services {

struct ServeOptions {
  int port = 0;  // 0: any free port
  QString bind = QStringLiteral("127.0.0.1");
  QString apiKey;
  int contextLength = 0;  // 0: the host's
  double temperature = 0.7;
  int maxTokens = 256;
};

// One OpenAI endpoint started from the app: `ct host` on a free port for a model, checkpoint or
// image (none for a board that already listens), then `ct serve` on a free port linked to it,
// both as jobs of the job manager. Ready when /health says the link is up. If either child ends
// before it is told to stop, the service has failed and failure() says which child, why, and
// what to do; the other child is stopped too.
class LocalService : public QObject {
  Q_OBJECT
 public:
  enum class State { Starting, Ready, Failed, Stopping, Stopped };

  LocalService(jobs::JobManager* manager, Source source, ServeOptions options, QObject* parent = nullptr);
  ~LocalService() override;

  void start();
  // Stops both children; false (with the reason) when the signed-in user may not.
  bool stop(QString* refusal = nullptr);

  const Source& source() const { return source_; }
  const ServeOptions& options() const { return options_; }
  State state() const { return state_; }
  bool isUp() const { return state_ == State::Starting || state_ == State::Ready; }
  QString stateText() const;  // in the interface language
  QString url() const;        // OpenAI base URL (…/v1); empty until ct serve listens
  int port() const { return port_; }
  QString failure() const { return failure_; }
  QString linkState() const { return link_; }
  QString servedModel() const { return model_; }
  double boundTokensPerSecond() const { return bound_; }  // from an image's report, else 0
  jobs::Job* hostJob() const { return host_; }
  jobs::Job* serveJob() const { return serve_; }

 Q_SIGNALS:
  void changed();
  void ready();
  void failed(const QString& why);

 private:
  void startServe(const QString& link);
  void onChildEnded(jobs::Job* job);
  void fail(const QString& why);
  void poll();
  QString describeEnd(jobs::Job* job) const;

  jobs::JobManager* manager_;
  Source source_;
  ServeOptions options_;
  State state_ = State::Stopped;
  QPointer<jobs::Job> host_, serve_;
  int port_ = 0;
  QString link_, model_, failure_;
  double bound_ = 0;
  QTimer poll_;
  QNetworkAccessManager* net_;
};

}  // namespace ct::services
