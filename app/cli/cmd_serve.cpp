#include <QCoreApplication>
#include <QFile>

#include <memory>

#include "auth/service_keys.h"
#include "cli/api_key_options.h"
#include "cli/commands.h"
#include "remote/host_store.h"
#include "remote/tunnel.h"
#include "jobs/job_context.h"
#include "serve/host_link.h"
#include "serve/openai_api.h"

namespace ct::cli {
namespace {

int positive(const QCommandLineParser& p, const char* name, int fallback) { return parsePositiveInt(p, QLatin1String(name), fallback); }

// --keys-from-db: every request's Bearer key is looked up in the accounts database (so a key
// revoked by `ct keys revoke` in any process is refused from the next request), and each
// finished request's tokens are counted against its key.
void wireKeysFromDb(serve::ServeOptions& so, const std::shared_ptr<auth::ServiceKeyGate>& gate) {
  so.verifyKey = [gate](const QByteArray& bearer) {
    const auth::KeyVerdict k = gate->verify(bearer);
    serve::ServeKeyVerdict v;
    v.ok = k.ok;
    v.keyId = k.keyId;
    v.user = k.user;
    v.reason = k.reason;
    return v;
  };
  so.recordUsage = [gate](const QString& keyId, int promptTokens, int completionTokens) {
    gate->recordUsage(keyId, promptTokens, completionTokens);
  };
}

class ServeCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("serve"); }
  QString summary() const override { return QStringLiteral("The OpenAI-compatible FPGA service: HTTP API in front of the FPGA host link."); }
  QString synopsis() const override { return QStringLiteral("--host-link ADDR:PORT [--port 8000]"); }
  void addOptions(QCommandLineParser& p) override {
    p.addOptions({
        {QStringLiteral("host-link"), QStringLiteral("The FPGA host (ct host or the legacy host program), e.g. 127.0.0.1:7100."), QStringLiteral("addr:port")},
        {QStringLiteral("port"), QStringLiteral("HTTP port (default 8000; 0 picks a free one)."), QStringLiteral("n")},
        {QStringLiteral("bind"), QStringLiteral("Address to listen on (default 127.0.0.1; 0.0.0.0 for the LAN)."), QStringLiteral("addr")},
        {QStringLiteral("keys-from-db"), QStringLiteral("Accept the service keys issued with ct keys create (checked on every request; usage counted per key).")},
        {QStringLiteral("model-name"), QStringLiteral("Served model name (default: the host's)."), QStringLiteral("name")},
        {QStringLiteral("context-length"), QStringLiteral("Context limit (default: the host's)."), QStringLiteral("n")},
        {QStringLiteral("temperature"), QStringLiteral("Default temperature (default 0.7)."), QStringLiteral("t")},
        {QStringLiteral("max-tokens"), QStringLiteral("Default max_tokens (default 256)."), QStringLiteral("n")},
        {QStringLiteral("max-tokens-limit"), QStringLiteral("Largest max_tokens accepted (default 4096)."), QStringLiteral("n")},
        {QStringLiteral("queue-depth"), QStringLiteral("Requests in flight before 429 (default 64)."), QStringLiteral("n")},
        {QStringLiteral("body-limit"), QStringLiteral("Largest request body, bytes (default 4194304)."), QStringLiteral("n")},
        {QStringLiteral("timeout"), QStringLiteral("Request time-out, seconds (default 300)."), QStringLiteral("s")},
        {QStringLiteral("legacy"), QStringLiteral("The host speaks the legacy protocol (default: negotiate).")},
        {QStringLiteral("end-marker"), QStringLiteral("Legacy end marker (default <|ct-end|>)."), QStringLiteral("text")},
        {QStringLiteral("log-prompts"), QStringLiteral("Also log request messages (off: only ids, status, tokens, latency).")},
        {QStringLiteral("bound"), QStringLiteral("The board's decode bound in tokens/s (from the compile report), charted beside the measured rate."), QStringLiteral("tokens/s")},
        {QStringLiteral("host-link-via"), QStringLiteral("Reach --host-link through this SSH host (ct hosts add): ADDR:PORT as that host sees it, over a watched tunnel."), QStringLiteral("host")},
    });
    addApiKeyOptions(p, QStringLiteral("Bearer key(s) every request must carry"));
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    if (!p.isSet(QStringLiteral("host-link"))) throw UsageError{QStringLiteral("--host-link ADDR:PORT is required (where ct host listens)")};
    serve::HostLink::Options lo;
    const QString link = p.value(QStringLiteral("host-link"));
    const auto hostPort = parseHostPort(link, false);
    if (!hostPort) throw UsageError{QStringLiteral("--host-link must look like 127.0.0.1:7100, got '%1'").arg(link)};
    lo.host = hostPort->first;
    lo.port = hostPort->second;
    bool ok = false;
    if (p.isSet(QStringLiteral("legacy"))) lo.mode = serve::HostLink::Mode::Legacy;
    if (p.isSet(QStringLiteral("end-marker"))) lo.endMarker = p.value(QStringLiteral("end-marker")).toUtf8();

    serve::ServeOptions so;
    if (p.isSet(QStringLiteral("port"))) {
      const int port = p.value(QStringLiteral("port")).toInt(&ok);
      if (!ok || port < 0 || port > 65535) throw UsageError{QStringLiteral("--port must be 0..65535")};
      so.port = static_cast<quint16>(port);
    }
    if (p.isSet(QStringLiteral("bind")) && !so.bind.setAddress(p.value(QStringLiteral("bind"))))
      throw UsageError{QStringLiteral("--bind must be an IP address such as 127.0.0.1 or 0.0.0.0")};
    so.apiKeys = takeApiKeys(p, env, true);
    so.modelName = p.value(QStringLiteral("model-name"));
    so.contextLength = positive(p, "context-length", 0);
    if (p.isSet(QStringLiteral("temperature"))) {
      so.defaultTemperature = p.value(QStringLiteral("temperature")).toDouble(&ok);
      if (!ok || so.defaultTemperature < 0 || so.defaultTemperature > 2) throw UsageError{QStringLiteral("--temperature must be 0..2")};
    }
    so.defaultMaxTokens = positive(p, "max-tokens", so.defaultMaxTokens);
    so.maxMaxTokens = positive(p, "max-tokens-limit", so.maxMaxTokens);
    so.queueDepth = positive(p, "queue-depth", so.queueDepth);
    so.maxBodyBytes = positive(p, "body-limit", static_cast<int>(so.maxBodyBytes));
    so.requestTimeoutMs = positive(p, "timeout", so.requestTimeoutMs / 1000) * 1000;
    so.logPrompts = p.isSet(QStringLiteral("log-prompts"));
    const bool keysFromDb = p.isSet(QStringLiteral("keys-from-db"));
    if (keysFromDb) {
      if (!so.apiKeys.isEmpty()) throw UsageError{QStringLiteral("--keys-from-db replaces --api-key-stdin / --api-key-file: give one or the other")};
      auto gate = std::make_shared<auth::ServiceKeyGate>();
      QString why;
      if (!gate->open(&why)) {
        env.err << "ct serve: " << why << "\n";
        return 1;
      }
      wireKeysFromDb(so, gate);
    }

    jobs::JobContext ctx(QStringLiteral("serve"),
                         QJsonObject{{QStringLiteral("host_link"), link}, {QStringLiteral("port"), so.port}, {QStringLiteral("bind"), so.bind.toString()},
                                     {QStringLiteral("keys_from_db"), keysFromDb}},
                         {env.json, env.jobId});
    ctx.begin();
    // An FPGA host that only the SSH host can reach: the link goes through a watched tunnel.
    std::optional<remote::SshHost> via;
    std::unique_ptr<remote::TunnelWatcher> tunnel;
    if (p.isSet(QStringLiteral("host-link-via"))) {
      QString error;
      const auto profile = remote::loadHost(p.value(QStringLiteral("host-link-via")), &error);
      if (!profile) return ctx.fail(QStringLiteral("host"), error);
      via.emplace(*profile);
      tunnel = std::make_unique<remote::TunnelWatcher>(*via, remote::TunnelSpec{lo.port, lo.host, 0});
      if (!tunnel->open(&error)) return ctx.fail(QStringLiteral("tunnel"), error);
      QObject::connect(tunnel.get(), &remote::TunnelWatcher::stateChanged, [&ctx](remote::TunnelWatcher::State s, const QString& detail) {
        ctx.info(QStringLiteral("tunnel to the FPGA host: %1%2").arg(remote::nameOf(s), detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(detail)));
      });
      ctx.info(QStringLiteral("FPGA host %1 reached through %2 at 127.0.0.1:%3").arg(link, via->label()).arg(tunnel->localPort()));
      lo.host = QStringLiteral("127.0.0.1");
      lo.port = static_cast<quint16>(tunnel->localPort());
    }
    serve::HostLink hostLink(lo);
    serve::OpenAiServer server(&hostLink, so);
    QObject::connect(&hostLink, &serve::HostLink::logLine, [&ctx](const QString& l) { ctx.info(l); });
    QObject::connect(&server, &serve::OpenAiServer::logLine, [&ctx](const QString& l) { ctx.info(l); });
    // Decode speed of each generating request, for the service page's chart.
    const double bound = p.value(QStringLiteral("bound")).toDouble();
    int served = 0;
    if (bound > 0) ctx.metric(QStringLiteral("board bound, tokens/s"), 0, bound);
    QObject::connect(&server, &serve::OpenAiServer::requestDone, [&ctx, &served, bound](const QJsonObject& r) {
      const int tokens = r.value(QStringLiteral("completion_tokens")).toInt();
      const double ms = r.value(QStringLiteral("ms")).toDouble();
      if (tokens < 2 || ms <= 0) return;
      ++served;
      ctx.metric(QStringLiteral("tokens/s"), served, tokens / (ms / 1000.0));
      if (bound > 0) ctx.metric(QStringLiteral("board bound, tokens/s"), served, bound);
    });
    QString error;
    if (!server.listen(&error)) return ctx.fail(QStringLiteral("listen_failed"), error);
    hostLink.start();
    ctx.log(jobs::LogLevel::Info,
            QStringLiteral("serving http://%1:%2/v1 (link to %3, %4)").arg(so.bind.toString()).arg(server.port()).arg(link)
                .arg(keysFromDb ? QStringLiteral("service keys from the accounts database")
                     : so.apiKeys.isEmpty() ? QStringLiteral("no API key") : QStringLiteral("%1 API key(s)").arg(so.apiKeys.size())),
            QJsonObject{{QStringLiteral("port"), server.port()}});
    runUntilCancelled(ctx);
    return ctx.succeed(QJsonObject{{QStringLiteral("stopped"), true}, {QStringLiteral("port"), server.port()}});
  }
};

}  // namespace

std::unique_ptr<Command> makeServeCommand() { return std::make_unique<ServeCommand>(); }

}  // namespace ct::cli
