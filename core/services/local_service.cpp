#include "services/local_service.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include "jobs/job.h"
#include "jobs/job_manager.h"

namespace ct::services {

LocalService::LocalService(jobs::JobManager* manager, Source source, ServeOptions options, QObject* parent)
    : QObject(parent), manager_(manager), source_(std::move(source)), options_(std::move(options)), net_(new QNetworkAccessManager(this)) {
  poll_.setInterval(500);
  connect(&poll_, &QTimer::timeout, this, &LocalService::poll);
}

LocalService::~LocalService() {
  for (jobs::Job* j : {host_.data(), serve_.data()})
    if (j && !j->isFinished()) j->stop();
}

QString LocalService::url() const {
  if (port_ <= 0) return {};
  const QString host = options_.bind == QLatin1String("0.0.0.0") || options_.bind.isEmpty() ? QStringLiteral("127.0.0.1") : options_.bind;
  return QStringLiteral("http://%1:%2/v1").arg(host).arg(port_);
}

QString LocalService::stateText() const {
  switch (state_) {
    case State::Starting: return serve_ ? tr("starting the service") : tr("loading the model");
    case State::Ready: return tr("ready");
    case State::Failed: return tr("failed");
    case State::Stopping: return tr("stopping");
    case State::Stopped: return tr("stopped");
  }
  return {};
}

void LocalService::start() {
  if (isUp()) return;
  failure_.clear();
  port_ = 0;
  link_.clear();
  state_ = State::Starting;
  if (const QString bad = checkSource(source_); !bad.isEmpty()) {
    fail(bad);
    return;
  }
  if (source_.kind == SourceKind::Board) {
    startServe(source_.hostLink);
    return;
  }
  if (source_.kind == SourceKind::Image) {
    QFile report(QDir(source_.path).filePath(QStringLiteral("report.json")));
    if (report.open(QIODevice::ReadOnly)) bound_ = QJsonDocument::fromJson(report.readAll()).object().value(QStringLiteral("bound_tokens_per_s")).toDouble();
  }
  const bool image = source_.kind == SourceKind::Image;
  // Port 0: the host picks a free port and announces it; nothing can take it in between.
  host_ = manager_->startCt(QStringLiteral("host"),
                           {QStringLiteral("host"), image ? QStringLiteral("--image") : QStringLiteral("--model"), source_.path, QStringLiteral("--listen"),
                            QStringLiteral("127.0.0.1:0")},
                           {{image ? QStringLiteral("image") : QStringLiteral("model"), source_.path}});
  connect(host_, &jobs::Job::portAnnounced, this, [this](int port) {
    if (state_ == State::Starting && !serve_) startServe(QStringLiteral("127.0.0.1:%1").arg(port));
  });
  connect(host_, &jobs::Job::finished, this, [this, job = host_.data()] { onChildEnded(job); });
  Q_EMIT changed();
}

void LocalService::startServe(const QString& link) {
  QStringList args{QStringLiteral("serve"), QStringLiteral("--host-link"), link, QStringLiteral("--port"), QString::number(options_.port),
                   QStringLiteral("--bind"), options_.bind, QStringLiteral("--temperature"), QString::number(options_.temperature),
                   QStringLiteral("--max-tokens"), QString::number(options_.maxTokens)};
  if (options_.contextLength > 0) args << QStringLiteral("--context-length") << QString::number(options_.contextLength);
  if (bound_ > 0) args << QStringLiteral("--bound") << QString::number(bound_, 'f', 1);
  // The key reaches `ct serve` on its stdin, never on its command line (which ps shows everyone).
  QHash<QString, QString> secrets;
  if (!options_.apiKey.isEmpty()) secrets.insert(QStringLiteral("api-key"), options_.apiKey);
  serve_ = manager_->startCt(QStringLiteral("serve"), args,
                            {{QStringLiteral("host_link"), link}, {QStringLiteral("source"), source_.kind == SourceKind::Board ? link : source_.path}}, secrets);
  connect(serve_, &jobs::Job::portAnnounced, this, [this](int port) {
    port_ = port;
    poll_.start();
    Q_EMIT changed();
  });
  connect(serve_, &jobs::Job::finished, this, [this, job = serve_.data()] { onChildEnded(job); });
  Q_EMIT changed();
}

QString LocalService::describeEnd(jobs::Job* job) const {
  const bool isHost = job == host_;
  const QString who = isHost ? (source_.kind == SourceKind::Image ? tr("The emulator host (ct host) for %1").arg(source_.path)
                                                                  : tr("The model host (ct host) for %1").arg(source_.path))
                             : tr("The service (ct serve)");
  QString why = job->record().errorMessage;
  if (why.isEmpty()) {
    // No error event: the last complaints in its log are the best account.
    QStringList last;
    for (const jobs::LogLine& l : job->logs().since(0))
      if (l.level == jobs::LogLevel::Error || l.level == jobs::LogLevel::Warning) last << l.message;
    why = last.mid(std::max<qsizetype>(0, last.size() - 2)).join(QStringLiteral(" / "));
  }
  if (why.isEmpty()) why = tr("it exited without saying why");
  QString fix;
  const QString code = job->record().errorCode;
  if (code == QLatin1String("bad_model"))
    fix = source_.kind == SourceKind::Image ? tr("Check that the folder is a complete image written by the Compile page, or compile the checkpoint again.")
                                            : tr("Check that the folder is a complete model or checkpoint.");
  else if (code == QLatin1String("listen_failed"))
    fix = tr("Choose another port, or 0 for any free one.");
  else
    fix = tr("The Jobs page has its whole log.");
  return tr("%1 stopped: %2. %3").arg(who, why, fix);
}

void LocalService::onChildEnded(jobs::Job* job) {
  if (state_ == State::Stopping) {
    if ((!host_ || host_->isFinished()) && (!serve_ || serve_->isFinished())) {
      state_ = State::Stopped;
      poll_.stop();
      Q_EMIT changed();
    }
    return;
  }
  if (state_ == State::Failed || state_ == State::Stopped) return;
  fail(describeEnd(job));
}

void LocalService::fail(const QString& why) {
  failure_ = why;
  state_ = State::Failed;
  poll_.stop();
  for (jobs::Job* j : {host_.data(), serve_.data()})
    if (j && !j->isFinished()) j->stop();
  Q_EMIT changed();
  Q_EMIT failed(why);
}

bool LocalService::stop(QString* refusal) {
  if (!isUp()) return true;
  // A person's request: through the manager (role check, audit log) for every child.
  for (jobs::Job* j : {host_.data(), serve_.data()})
    if (j && !j->isFinished() && !manager_->stop(j, refusal)) return false;
  state_ = (host_ && !host_->isFinished()) || (serve_ && !serve_->isFinished()) ? State::Stopping : State::Stopped;
  poll_.stop();
  Q_EMIT changed();
  return true;
}

void LocalService::poll() {
  if (port_ <= 0) return;
  QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/health").arg(port_)));
  req.setTransferTimeout(3000);
  QNetworkReply* r = net_->get(req);
  connect(r, &QNetworkReply::finished, this, [this, r] {
    r->deleteLater();
    const QJsonObject h = QJsonDocument::fromJson(r->readAll()).object();
    if (h.isEmpty() || !isUp()) return;
    const QString link = h.value(QStringLiteral("link")).toString();
    const bool changedLink = link != link_;
    link_ = link;
    model_ = h.value(QStringLiteral("model")).toString();
    if (state_ == State::Starting && link_ == QLatin1String("ready")) {
      state_ = State::Ready;
      // Once up, a slow heartbeat: every poll is a line in the service's request log.
      poll_.setInterval(15000);
      Q_EMIT changed();
      Q_EMIT ready();
      return;
    }
    if (changedLink) Q_EMIT changed();
  });
}

}  // namespace ct::services
