#include "serve/openai_api.h"

#include <QJsonArray>
#include <QJsonDocument>

#include "serve/api_request.h"
#include "serve/request_checks.h"

namespace ct::serve {
namespace {

QByteArray json(const QJsonObject& o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

QString typeFor(int status) {
  if (status == 401) return QStringLiteral("authentication_error");
  if (status == 429) return QStringLiteral("rate_limit_error");
  if (status >= 500) return QStringLiteral("server_error");
  return QStringLiteral("invalid_request_error");
}

const char* const kRoutes = "GET /health, GET /v1/models, POST /v1/chat/completions, POST /v1/completions, POST /v1/responses";

}  // namespace

bool constantTimeEquals(const QByteArray& a, const QByteArray& b) {
  // Compare every byte whatever the lengths, so timing says nothing about the key.
  const int n = static_cast<int>(std::max(a.size(), b.size()));
  unsigned diff = a.size() == b.size() ? 0u : 1u;
  for (int i = 0; i < n; ++i) diff |= static_cast<unsigned>(static_cast<uint8_t>(i < a.size() ? a[i] : 0) ^ static_cast<uint8_t>(i < b.size() ? b[i] : 0));
  return diff == 0;
}

OpenAiServer::OpenAiServer(HostLink* link, ServeOptions options, QObject* parent)
    : QObject(parent), link_(link), options_(std::move(options)), created_(QDateTime::currentSecsSinceEpoch()) {
  HttpLimits limits;
  limits.maxBody = options_.maxBodyBytes;
  http_ = new HttpServer([this](HttpExchange* ex) { handle(ex); }, limits, this);
  http_->setErrorLogger([this](const QString& peer, int status, const QByteArray& message) {
    const QString rid = QStringLiteral("http-%1").arg(++counter_);
    Q_EMIT logLine(QStringLiteral("%1 %2 → %3: %4").arg(rid, peer).arg(status).arg(QString::fromUtf8(message)));
    Q_EMIT requestDone({{QStringLiteral("id"), rid}, {QStringLiteral("path"), QString()}, {QStringLiteral("status"), status},
                        {QStringLiteral("prompt_tokens"), 0}, {QStringLiteral("completion_tokens"), 0}, {QStringLiteral("ms"), 0}});
  });
}

bool OpenAiServer::listen(QString* error) { return http_->listen(options_.bind, options_.port, error); }
quint16 OpenAiServer::port() const { return http_->port(); }

QString OpenAiServer::modelName() const {
  if (!options_.modelName.isEmpty()) return options_.modelName;
  const QString m = link_->hello().value(QStringLiteral("model")).toString();
  return m.isEmpty() ? QStringLiteral("fpga") : m;
}

int OpenAiServer::contextLength() const {
  const int host = link_->hello().value(QStringLiteral("context_length")).toInt();
  if (options_.contextLength > 0 && host > 0) return std::min(options_.contextLength, host);
  return options_.contextLength > 0 ? options_.contextLength : host;
}

int OpenAiServer::admissionLimit() const {
  const int host = link_->hostQueueLimit();
  return host > 0 ? std::min(options_.queueDepth, host) : options_.queueDepth;
}

OpenAiServer::Caller OpenAiServer::authorize(const HttpRequest& r) const {
  if (!options_.verifyKey && options_.apiKeys.isEmpty()) return {true, {}, {}};
  const QByteArray auth = r.headers.value("authorization").trimmed();
  // The scheme is case-insensitive (RFC 9110 §11.1).
  if (auth.size() < 7 || auth.left(7).toLower() != "bearer ") return {false, {}, QStringLiteral("no key was sent")};
  const QByteArray given = auth.mid(7).trimmed();
  if (options_.verifyKey) {
    const ServeKeyVerdict v = options_.verifyKey(given);
    return {v.ok, v.keyId, v.reason};
  }
  bool ok = false;
  for (const QString& k : options_.apiKeys) ok |= constantTimeEquals(given, k.toUtf8());
  return {ok, {}, {}};
}

void OpenAiServer::finished(const QString& requestId, const QByteArray& method, const QByteArray& path, int status, int promptTokens, int completionTokens,
                            qint64 startedMs, const QString& keyId) {
  const qint64 ms = QDateTime::currentMSecsSinceEpoch() - startedMs;
  QString line = QStringLiteral("%1 %2 %3 → %4, %5+%6 tokens, %7 ms").arg(requestId, QString::fromLatin1(method), QString::fromLatin1(path))
                     .arg(status).arg(promptTokens).arg(completionTokens).arg(ms);
  if (!keyId.isEmpty()) line += QStringLiteral(", key %1").arg(keyId);
  Q_EMIT logLine(line);
  QJsonObject summary{{QStringLiteral("id"), requestId}, {QStringLiteral("path"), QString::fromLatin1(path)}, {QStringLiteral("status"), status},
                      {QStringLiteral("prompt_tokens"), promptTokens}, {QStringLiteral("completion_tokens"), completionTokens}, {QStringLiteral("ms"), static_cast<double>(ms)}};
  if (!keyId.isEmpty()) summary.insert(QStringLiteral("key"), keyId);
  Q_EMIT requestDone(summary);
  if (!keyId.isEmpty() && options_.recordUsage && status == 200) options_.recordUsage(keyId, promptTokens, completionTokens);
}

void OpenAiServer::handle(HttpExchange* ex) {
  const HttpRequest& r = ex->request();
  const QString rid = QStringLiteral("req-%1").arg(++counter_);
  const qint64 started = QDateTime::currentMSecsSinceEpoch();
  const QByteArray method = r.method, path = r.path;
  auto simple = [&](int status, const QJsonObject& body, Headers extra = {}) {
    extra.prepend(qMakePair(QByteArray("x-request-id"), rid.toUtf8()));
    ex->respond(status, "application/json", json(body), extra);
    finished(rid, method, path, status, 0, 0, started, {});
  };
  auto fail = [&](int status, const QString& message, const QString& code = {}, const QString& param = {}, Headers extra = {}) {
    extra.prepend(qMakePair(QByteArray("x-request-id"), rid.toUtf8()));
    if (status == 429 || status == 503) extra.append(qMakePair(QByteArray("Retry-After"), QByteArray("1")));
    ex->respond(status, "application/json", openAiErrorJson(message, typeFor(status), param, code), extra);
    finished(rid, method, path, status, 0, 0, started, {});
  };
  const bool readMethod = method == "GET" || method == "HEAD";
  if (path == "/health") {
    if (!readMethod) return fail(405, QStringLiteral("use GET or HEAD for /health"), {}, {}, {{"Allow", "GET, HEAD"}});
    const bool up = link_->state() == HostLink::State::Ready;
    return simple(up ? 200 : 503, {{QStringLiteral("status"), up ? QStringLiteral("ok") : QStringLiteral("unavailable")},
                                   {QStringLiteral("link"), link_->stateName()},
                                   {QStringLiteral("mode"), link_->mode() == HostLink::Mode::Legacy ? QStringLiteral("legacy") : QStringLiteral("ct")},
                                   {QStringLiteral("model"), modelName()},
                                   {QStringLiteral("in_flight"), inFlight_},
                                   {QStringLiteral("admission_limit"), admissionLimit()}});
  }
  const bool models = path == "/v1/models" || path.startsWith("/v1/models/");
  const bool chat = path == "/v1/chat/completions", completion = path == "/v1/completions", responses = path == "/v1/responses";
  if (!models && !chat && !completion && !responses)
    return fail(404, QStringLiteral("no route %1 %2; this service serves %3").arg(QString::fromLatin1(method.left(32)), QString::fromLatin1(path.left(256)), QLatin1String(kRoutes)),
                QStringLiteral("not_found"));
  const Caller caller = authorize(r);
  if (!caller.ok) {
    QString why = QStringLiteral("Incorrect API key provided. Send it as 'Authorization: Bearer <key>'.");
    if (!caller.reason.isEmpty()) why = QStringLiteral("The API key was refused (%1). Send a valid key as 'Authorization: Bearer <key>'.").arg(caller.reason);
    return fail(401, why, QStringLiteral("invalid_api_key"));
  }
  if (models) {
    if (!readMethod) return fail(405, QStringLiteral("use GET for %1").arg(QString::fromLatin1(path)), {}, {}, {{"Allow", "GET, HEAD"}});
    const QJsonObject model{{QStringLiteral("id"), modelName()}, {QStringLiteral("object"), QStringLiteral("model")},
                            {QStringLiteral("created"), created_}, {QStringLiteral("owned_by"), QStringLiteral("ct-studio")},
                            {QStringLiteral("max_model_len"), contextLength()}};
    if (path == "/v1/models") return simple(200, {{QStringLiteral("object"), QStringLiteral("list")}, {QStringLiteral("data"), QJsonArray{model}}});
    const QString asked = QString::fromUtf8(QByteArray::fromPercentEncoding(path.mid(11)));
    if (asked != modelName())
      return fail(404, QStringLiteral("The model '%1' does not exist; this service serves '%2'").arg(asked.left(256), modelName()), QStringLiteral("model_not_found"), QStringLiteral("model"));
    return simple(200, model);
  }
  if (method != "POST") return fail(405, QStringLiteral("use POST for %1").arg(QString::fromLatin1(path)), {}, {}, {{"Allow", "POST"}});
  QJsonParseError pe{};
  const QJsonDocument doc = QJsonDocument::fromJson(r.body, &pe);
  if (!doc.isObject())
    return fail(400, QStringLiteral("We could not parse the JSON body of your request (%1). Send a JSON object.").arg(pe.error ? pe.errorString() : QStringLiteral("not an object")));
  const QJsonObject body = doc.object();
  // The body first: a request with wrong fields gets the fields' 400 whatever model it names.
  GenerationSpec spec;
  const auto bad = chat ? checkChat(body, options_, &spec) : completion ? checkCompletion(body, options_, &spec) : checkResponses(body, options_, &spec);
  if (bad) return fail(400, bad->message, {}, bad->param);
  const QString model = body.value(QStringLiteral("model")).toString();
  if (!model.isEmpty() && model != modelName())
    return fail(404, QStringLiteral("The model '%1' does not exist; this service serves '%2'").arg(model.left(256), modelName()), QStringLiteral("model_not_found"), QStringLiteral("model"));
  if (link_->state() != HostLink::State::Ready)
    return fail(503, QStringLiteral("the FPGA host is not connected (link %1); retry shortly").arg(link_->stateName()), QStringLiteral("host_unavailable"));
  if (link_->mode() == HostLink::Mode::Legacy && (spec.logprobs || spec.echo || spec.completionLogprobs >= 0))
    return fail(400, QStringLiteral("log-probabilities need a host in CT mode; this host speaks the legacy protocol"), QStringLiteral("not_supported"), QStringLiteral("logprobs"));
  if (inFlight_ >= admissionLimit())
    return fail(429, QStringLiteral("%1 requests are already running or waiting (the limit is %2); retry shortly").arg(inFlight_).arg(admissionLimit()), QStringLiteral("queue_full"));
  if (options_.logPrompts) Q_EMIT logLine(QStringLiteral("%1 request: %2").arg(rid, QString::fromUtf8(json(spec.host))));

  const auto kind = chat ? ApiRequest::Kind::Chat : completion ? ApiRequest::Kind::Completion : ApiRequest::Kind::Response;
  auto* request = new ApiRequest(kind, std::move(spec), {rid, modelName(), options_.requestTimeoutMs, responses ? body : QJsonObject{}}, link_, ex, this);
  ++inFlight_;
  connect(request, &ApiRequest::ended, this, [this, rid, method, path, started, key = caller.keyId](int status, int prompt, int completion) {
    --inFlight_;
    finished(rid, method, path, status, prompt, completion, started, key);
  });
  request->start();
}

}  // namespace ct::serve
