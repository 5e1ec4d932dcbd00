#include "pipeline/service_runs.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QThread>
#include <cstring>

#include "auth/session.h"
#include "deploy/deployment.h"
#include "eval/openai_client.h"
#include "jobs/event.h"
#include "proc/daemon.h"
#include "proc/process.h"

namespace ct::pipeline {
namespace {

void pause(int ms) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < ms) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, ms);
    QThread::msleep(10);
  }
}

// Reads the daemon's JSON log for the port it announced, or its error.
int announcedPort(const QString& logPath, QString* childError) {
  QFile f(logPath);
  if (!f.open(QIODevice::ReadOnly)) return 0;
  int port = 0;
  for (const QByteArray& line : f.readAll().split('\n')) {
    auto e = jobs::Event::parseLine(line, nullptr);
    if (!e) continue;
    if (e->type == jobs::Event::Type::Log && e->data.value(QStringLiteral("port")).toInt() > 0) port = e->data.value(QStringLiteral("port")).toInt();
    if (e->type == jobs::Event::Type::Error && childError) *childError = e->message;
  }
  return port;
}

QString lastLines(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  QString last;
  for (const QByteArray& line : f.readAll().split('\n')) {
    auto e = jobs::Event::parseLine(line, nullptr);
    if (e && (e->type == jobs::Event::Type::Error || (e->type == jobs::Event::Type::Log && e->level == jobs::LogLevel::Error))) last = e->message;
    else if (!e && !line.trimmed().isEmpty()) last = QString::fromUtf8(line.trimmed());
  }
  return last;
}

void addOpt(QStringList& a, const QJsonObject& o, const char* key) {
  const QJsonValue v = o.value(QLatin1String(key));
  const QString opt = QStringLiteral("--") + QString::fromLatin1(key).replace(QLatin1Char('_'), QLatin1Char('-'));
  if (v.isBool()) {
    if (v.toBool()) a << opt;
  } else if (v.isString() && !v.toString().isEmpty()) {
    a << opt << v.toString();
  } else if (v.isDouble() && (v.toDouble() > 0 || (v.toDouble() == 0 && std::strcmp(key, "temperature") == 0))) {
    a << opt << QString::number(v.toDouble());
  }
}

struct Daemon {
  proc::DaemonId id;
  QString log;
};

std::optional<Daemon> launch(const QString& program, const QStringList& args, const QString& log, bool endWithRunner, QString* error) {
  proc::ProcessSpec spec;
  if (endWithRunner) spec.env = proc::tiedToThisProcess();
  spec.program = program;
  spec.args = args;
  spec.args << QStringLiteral("--json");
  auth::addSecretsHandoff(&spec.args, &spec.stdinData);
  QFile::remove(log);
  auto id = proc::startDaemon(spec, log, error);
  if (!id) return std::nullopt;
  return Daemon{*id, log};
}

int waitForPort(const Daemon& d, const QString& what, const std::function<bool()>& cancelled, QString* error) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < 120000) {
    QString childError;
    const int port = announcedPort(d.log, &childError);
    if (port > 0) return port;
    if (!proc::daemonAlive(d.id)) {
      if (error) *error = QStringLiteral("%1 ended before it listened: %2 (log: %3)").arg(what, childError.isEmpty() ? lastLines(d.log) : childError, d.log);
      return 0;
    }
    if (cancelled && cancelled()) return 0;
    pause(50);
  }
  if (error) *error = QStringLiteral("%1 did not listen within 120 s (log: %2)").arg(what, d.log);
  return 0;
}

QJsonObject daemonJson(const Daemon& d) {
  return {{QStringLiteral("pid"), d.id.pid}, {QStringLiteral("start"), d.id.startTicks}, {QStringLiteral("log"), d.log}};
}

}  // namespace

std::optional<ServiceRecord> startLocalService(const LocalServiceRequest& r, const std::function<bool()>& cancelled, QString* error) {
  QDir().mkpath(r.logDir);
  ServiceRecord rec;
  rec.stage = r.stage;
  rec.label = r.label;
  rec.model = r.servedName;
  std::optional<Daemon> host;
  auto cleanup = [&] {
    if (host) proc::stopDaemon(host->id);
  };
  QString link = r.link;
  if (link.isEmpty() || link == QLatin1String("emulator")) {
    QStringList args{QStringLiteral("host"), r.image ? QStringLiteral("--image") : QStringLiteral("--model"), r.source, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")};
    addOpt(args, r.serveOptions, "threads");
    host = launch(r.ctProgram, args, QDir(r.logDir).filePath(r.label + QStringLiteral("-host.log")), r.endWithRunner, error);
    if (!host) return std::nullopt;
    rec.daemons.append(daemonJson(*host));
    const int port = waitForPort(*host, QStringLiteral("ct host for %1").arg(r.label), cancelled, error);
    if (port == 0) {
      cleanup();
      return std::nullopt;
    }
    link = QStringLiteral("127.0.0.1:%1").arg(port);
  }
  QStringList args{QStringLiteral("serve"), QStringLiteral("--host-link"), link, QStringLiteral("--model-name"), r.servedName};
  const QJsonValue port = r.serveOptions.value(QStringLiteral("port"));
  args << QStringLiteral("--port") << QString::number(port.isDouble() ? port.toInt() : 0);
  for (const char* k : {"bind", "context_length", "temperature", "max_tokens", "max_tokens_limit", "queue_depth", "body_limit", "timeout", "keys_from_db", "api_key_file",
                        "log_prompts", "legacy", "link_via"})
    addOpt(args, r.serveOptions, k);
  if (args.contains(QStringLiteral("--link-via"))) args[args.indexOf(QStringLiteral("--link-via"))] = QStringLiteral("--host-link-via");
  if (r.boundTokensPerS > 0) args << QStringLiteral("--bound") << QString::number(r.boundTokensPerS, 'f', 1);
  auto serve = launch(r.ctProgram, args, QDir(r.logDir).filePath(r.label + QStringLiteral("-serve.log")), r.endWithRunner, error);
  if (!serve) {
    cleanup();
    return std::nullopt;
  }
  rec.daemons.append(daemonJson(*serve));
  const int httpPort = waitForPort(*serve, QStringLiteral("ct serve for %1").arg(r.label), cancelled, error);
  if (httpPort == 0) {
    proc::stopDaemon(serve->id);
    cleanup();
    return std::nullopt;
  }
  const QString bind = r.serveOptions.value(QStringLiteral("bind")).toString(QStringLiteral("127.0.0.1"));
  rec.url = QStringLiteral("http://%1:%2/v1").arg(bind == QLatin1String("0.0.0.0") ? QStringLiteral("127.0.0.1") : bind).arg(httpPort);
  // The link may still be negotiating: /health says when the service can answer.
  QString why;
  for (int i = 0; i < 600 && !serviceHealthy(rec, &why); ++i) {
    if ((cancelled && cancelled()) || !proc::daemonAlive(serve->id)) break;
    pause(50);
  }
  if (!serviceHealthy(rec, &why)) {
    if (error && !(cancelled && cancelled())) *error = QStringLiteral("the service for %1 did not become ready: %2 (logs in %3)").arg(r.label, why, r.logDir);
    proc::stopDaemon(serve->id);
    cleanup();
    return std::nullopt;
  }
  return rec;
}

bool serviceHealthy(const ServiceRecord& s, QString* why) {
  if (!s.deployment.isEmpty()) {
    const auto d = deploy::DeploymentStore().load(s.deployment);
    if (!d || d->state != QLatin1String("ready")) {
      if (why) *why = QStringLiteral("deployment %1 is %2").arg(s.deployment, d ? d->state : QStringLiteral("gone"));
      return false;
    }
  }
  for (const QJsonValue v : s.daemons) {
    const QJsonObject o = v.toObject();
    if (!proc::daemonAlive({static_cast<qint64>(o.value(QStringLiteral("pid")).toDouble()), static_cast<qint64>(o.value(QStringLiteral("start")).toDouble())})) {
      if (why) *why = QStringLiteral("its process %1 is gone").arg(static_cast<qint64>(o.value(QStringLiteral("pid")).toDouble()));
      return false;
    }
  }
  QString root = s.url;
  if (root.endsWith(QLatin1String("/v1"))) root.chop(3);
  eval::OpenAiClient c(root, {}, 3000);
  const auto reply = c.get(QStringLiteral("/health"));
  if (reply.status != 200) {
    if (why) *why = reply.error.isEmpty() ? QStringLiteral("/health answered %1").arg(reply.status) : reply.error;
    return false;
  }
  return true;
}

QStringList stopService(const ServiceRecord& s, const QString& ctProgram) {
  QStringList problems;
  // ct serve first, then its host: the order a user would stop them in.
  for (int i = static_cast<int>(s.daemons.size()) - 1; i >= 0; --i) {
    const QJsonObject o = s.daemons[i].toObject();
    const proc::DaemonId id{static_cast<qint64>(o.value(QStringLiteral("pid")).toDouble()), static_cast<qint64>(o.value(QStringLiteral("start")).toDouble())};
    if (!proc::stopDaemon(id)) problems << QStringLiteral("%1: process %2 did not stop").arg(s.label).arg(id.pid);
  }
  if (!s.deployment.isEmpty()) {
    const auto d = deploy::DeploymentStore().load(s.deployment);
    if (d && d->active()) {
      proc::Process p;
      proc::ProcessSpec spec;
      spec.program = ctProgram;
      spec.args = QStringList{QStringLiteral("deploy"), QStringLiteral("stop"), s.deployment};
      auth::addSecretsHandoff(&spec.args, &spec.stdinData);
      p.start(spec);
      p.waitForDone(180000);
      if (!p.result().ok()) problems << QStringLiteral("deployment %1 on %2: ct deploy stop %1 failed (%3)").arg(s.deployment, s.host, p.result().describe());
    }
  }
  return problems;
}

QString serviceKey(const ServiceRecord& s, QString* why) {
  if (s.deployment.isEmpty()) return {};
  return deploy::DeploymentStore::loadKey(s.deployment, why);
}

}  // namespace ct::pipeline
