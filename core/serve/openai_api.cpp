#include "serve/openai_api.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <cmath>
#include <memory>

namespace ct::serve {
namespace {

QByteArray json(const QJsonObject& o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

QJsonObject errorBody(const QString& message, const QString& type, const QString& code) {
  return {{QStringLiteral("error"), QJsonObject{{QStringLiteral("message"), message},
                                                {QStringLiteral("type"), type},
                                                {QStringLiteral("param"), QJsonValue::Null},
                                                {QStringLiteral("code"), code.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(code)}}}};
}

bool isInt(const QJsonValue& v) { return v.isDouble() && v.toDouble() == std::floor(v.toDouble()); }

// How a failure reported by the host reaches the HTTP client.
int statusFor(const QString& code) {
  if (code == QLatin1String("context_length_exceeded") || code == QLatin1String("bad_request") || code == QLatin1String("not_supported")) return 400;
  if (code == QLatin1String("busy")) return 429;
  if (code == QLatin1String("host_unavailable")) return 503;
  if (code == QLatin1String("timeout")) return 504;
  return 500;
}

QString typeFor(int status) {
  if (status == 401) return QStringLiteral("authentication_error");
  if (status == 429) return QStringLiteral("rate_limit_error");
  if (status >= 500) return QStringLiteral("server_error");
  return QStringLiteral("invalid_request_error");
}

// Stop strings: text is released only once it cannot be the start of a stop string.
class StopFilter {
 public:
  explicit StopFilter(QStringList stops) : stops_(std::move(stops)) {
    for (const QString& s : stops_) hold_ = std::max(hold_, static_cast<int>(s.size()) - 1);
  }
  // Returns what may be sent now; *hit when a stop string was found (the rest is dropped).
  QString push(const QString& text, bool* hit) {
    buffer_ += text;
    for (const QString& s : stops_) {
      const int at = static_cast<int>(buffer_.indexOf(s));
      if (at >= 0) {
        *hit = true;
        const QString out = buffer_.left(at);
        buffer_.clear();
        return out;
      }
    }
    const int keep = std::min(hold_, static_cast<int>(buffer_.size()));
    const QString out = buffer_.left(buffer_.size() - keep);
    buffer_ = buffer_.right(keep);
    return out;
  }
  QString flush() {
    const QString out = buffer_;
    buffer_.clear();
    return out;
  }

 private:
  QStringList stops_;
  QString buffer_;
  int hold_ = 0;
};

std::optional<QStringList> stopList(const QJsonValue& v, QString* why) {
  if (v.isUndefined() || v.isNull()) return QStringList{};
  if (v.isString()) return QStringList{v.toString()};
  if (v.isArray() && v.toArray().size() <= 4) {
    QStringList out;
    for (const QJsonValue s : v.toArray()) {
      if (!s.isString() || s.toString().isEmpty()) {
        *why = QStringLiteral("'stop' must be a string or a list of up to 4 non-empty strings");
        return std::nullopt;
      }
      out << s.toString();
    }
    return out;
  }
  *why = QStringLiteral("'stop' must be a string or a list of up to 4 non-empty strings");
  return std::nullopt;
}

// Sampling fields shared by both routes; fills the host request and says what is wrong.
QString sampling(const QJsonObject& b, const ServeOptions& o, int defaultMax, QJsonObject* host) {
  const QJsonValue t = b.value(QStringLiteral("temperature"));
  if (!t.isUndefined() && !t.isNull() && (!t.isDouble() || t.toDouble() < 0 || t.toDouble() > 2)) return QStringLiteral("'temperature' must be a number from 0 to 2");
  host->insert(QStringLiteral("temperature"), t.isDouble() ? t.toDouble() : o.defaultTemperature);
  const QJsonValue p = b.value(QStringLiteral("top_p"));
  if (!p.isUndefined() && !p.isNull() && (!p.isDouble() || p.toDouble() <= 0 || p.toDouble() > 1)) return QStringLiteral("'top_p' must be a number in (0, 1]");
  if (p.isDouble()) host->insert(QStringLiteral("top_p"), p.toDouble());
  QJsonValue m = b.value(QStringLiteral("max_completion_tokens"));
  if (m.isUndefined() || m.isNull()) m = b.value(QStringLiteral("max_tokens"));
  if (!m.isUndefined() && !m.isNull() && (!isInt(m) || m.toDouble() < 0)) return QStringLiteral("'max_tokens' must be a whole number ≥ 0");
  const int max = m.isDouble() ? static_cast<int>(m.toDouble()) : defaultMax;
  if (max > o.maxMaxTokens) return QStringLiteral("'max_tokens' is %1; this service allows at most %2").arg(max).arg(o.maxMaxTokens);
  host->insert(QStringLiteral("max_tokens"), max);
  const QJsonValue s = b.value(QStringLiteral("seed"));
  if (!s.isUndefined() && !s.isNull() && !isInt(s)) return QStringLiteral("'seed' must be a whole number");
  if (s.isDouble()) host->insert(QStringLiteral("seed"), s.toDouble());
  const QJsonValue n = b.value(QStringLiteral("n"));
  if (!n.isUndefined() && !n.isNull() && (!isInt(n) || n.toInt() != 1)) return QStringLiteral("'n' must be 1: this service returns one choice per prompt");
  const QJsonValue st = b.value(QStringLiteral("stream"));
  if (!st.isUndefined() && !st.isNull() && !st.isBool()) return QStringLiteral("'stream' must be true or false");
  return {};
}

}  // namespace

bool constantTimeEquals(const QByteArray& a, const QByteArray& b) {
  // Compare every byte whatever the lengths, so timing says nothing about the key.
  const int n = static_cast<int>(std::max(a.size(), b.size()));
  unsigned diff = a.size() == b.size() ? 0u : 1u;
  for (int i = 0; i < n; ++i) diff |= static_cast<unsigned>(static_cast<uint8_t>(i < a.size() ? a[i] : 0) ^ static_cast<uint8_t>(i < b.size() ? b[i] : 0));
  return diff == 0;
}

QString checkChatBody(const QJsonObject& b) {
  const QJsonValue msgs = b.value(QStringLiteral("messages"));
  if (msgs.isUndefined()) return QStringLiteral("Missing required parameter: 'messages'");
  if (!msgs.isArray() || msgs.toArray().isEmpty()) return QStringLiteral("'messages' must be a non-empty array");
  static const QSet<QString> roles{QStringLiteral("system"), QStringLiteral("developer"), QStringLiteral("user"), QStringLiteral("assistant"), QStringLiteral("tool")};
  const QJsonArray a = msgs.toArray();
  for (int i = 0; i < a.size(); ++i) {
    if (!a[i].isObject()) return QStringLiteral("'messages[%1]' must be an object").arg(i);
    const QJsonObject m = a[i].toObject();
    if (!m.value(QStringLiteral("role")).isString()) return QStringLiteral("Missing required parameter: 'messages[%1].role'").arg(i);
    if (!roles.contains(m.value(QStringLiteral("role")).toString()))
      return QStringLiteral("'messages[%1].role' is '%2'; expected system, developer, user, assistant or tool").arg(i).arg(m.value(QStringLiteral("role")).toString());
    const QJsonValue c = m.value(QStringLiteral("content"));
    if (!c.isString() && !c.isArray() && !c.isNull() && !c.isUndefined()) return QStringLiteral("'messages[%1].content' must be a string or an array of parts").arg(i);
  }
  return {};
}

OpenAiServer::OpenAiServer(HostLink* link, ServeOptions options, QObject* parent)
    : QObject(parent), link_(link), options_(std::move(options)), created_(QDateTime::currentSecsSinceEpoch()) {
  http_ = new HttpServer([this](HttpExchange* ex) { handle(ex); }, options_.maxBodyBytes, this);
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

bool OpenAiServer::authorized(const HttpRequest& r) const {
  if (options_.apiKeys.isEmpty()) return true;
  const QByteArray auth = r.headers.value("authorization");
  if (!auth.startsWith("Bearer ")) return false;
  const QByteArray given = auth.mid(7).trimmed();
  bool ok = false;
  for (const QString& k : options_.apiKeys) ok |= constantTimeEquals(given, k.toUtf8());
  return ok;
}

void OpenAiServer::error(HttpExchange* ex, int status, const QString& message, const QString& type, const QString& code, const QString& requestId) {
  QList<QPair<QByteArray, QByteArray>> extra{{"x-request-id", requestId.toUtf8()}};
  if (status == 429 || status == 503) extra.append(qMakePair(QByteArray("Retry-After"), QByteArray("1")));
  ex->respond(status, "application/json", json(errorBody(message, type, code)), extra);
}

void OpenAiServer::finished(const QString& requestId, const HttpRequest& r, int status, int promptTokens, int completionTokens, qint64 startedMs) {
  const qint64 ms = QDateTime::currentMSecsSinceEpoch() - startedMs;
  Q_EMIT logLine(QStringLiteral("%1 %2 %3 → %4, %5+%6 tokens, %7 ms").arg(requestId, QString::fromLatin1(r.method), QString::fromLatin1(r.path))
                     .arg(status).arg(promptTokens).arg(completionTokens).arg(ms));
  Q_EMIT requestDone({{QStringLiteral("id"), requestId}, {QStringLiteral("path"), QString::fromLatin1(r.path)}, {QStringLiteral("status"), status},
                      {QStringLiteral("prompt_tokens"), promptTokens}, {QStringLiteral("completion_tokens"), completionTokens}, {QStringLiteral("ms"), static_cast<double>(ms)}});
}

void OpenAiServer::handle(HttpExchange* ex) {
  const HttpRequest& r = ex->request();
  const QString rid = QStringLiteral("req-%1").arg(++counter_);
  const qint64 started = QDateTime::currentMSecsSinceEpoch();
  auto simple = [&](int status, const QJsonObject& body) {
    ex->respond(status, "application/json", json(body), {{"x-request-id", rid.toUtf8()}});
    finished(rid, r, status, 0, 0, started);
  };
  auto fail = [&](int status, const QString& message, const QString& code = {}) {
    error(ex, status, message, typeFor(status), code, rid);
    finished(rid, r, status, 0, 0, started);
  };
  if (r.path == "/health") {
    const bool up = link_->state() == HostLink::State::Ready;
    return simple(up ? 200 : 503, {{QStringLiteral("status"), up ? QStringLiteral("ok") : QStringLiteral("unavailable")},
                                   {QStringLiteral("link"), link_->stateName()},
                                   {QStringLiteral("mode"), link_->mode() == HostLink::Mode::Legacy ? QStringLiteral("legacy") : QStringLiteral("ct")},
                                   {QStringLiteral("model"), modelName()},
                                   {QStringLiteral("in_flight"), inFlight_}});
  }
  if (!authorized(r)) return fail(401, QStringLiteral("Incorrect API key provided. Send it as 'Authorization: Bearer <key>'."), QStringLiteral("invalid_api_key"));
  if (r.path == "/v1/models" || r.path.startsWith("/v1/models/")) {
    if (r.method != "GET") return fail(405, QStringLiteral("use GET for %1").arg(QString::fromLatin1(r.path)));
    const QJsonObject model{{QStringLiteral("id"), modelName()}, {QStringLiteral("object"), QStringLiteral("model")},
                            {QStringLiteral("created"), created_}, {QStringLiteral("owned_by"), QStringLiteral("ct-studio")},
                            {QStringLiteral("max_model_len"), contextLength()}};
    if (r.path == "/v1/models") return simple(200, {{QStringLiteral("object"), QStringLiteral("list")}, {QStringLiteral("data"), QJsonArray{model}}});
    if (QString::fromUtf8(QByteArray::fromPercentEncoding(r.path.mid(11))) != modelName())
      return fail(404, QStringLiteral("The model '%1' does not exist; this service serves '%2'").arg(QString::fromUtf8(r.path.mid(11)), modelName()), QStringLiteral("model_not_found"));
    return simple(200, model);
  }
  const bool chatRoute = r.path == "/v1/chat/completions", completionRoute = r.path == "/v1/completions";
  if (!chatRoute && !completionRoute) return fail(404, QStringLiteral("no route %1 %2").arg(QString::fromLatin1(r.method), QString::fromLatin1(r.path)));
  if (r.method != "POST") return fail(405, QStringLiteral("use POST for %1").arg(QString::fromLatin1(r.path)));
  QJsonParseError pe{};
  const QJsonDocument doc = QJsonDocument::fromJson(r.body, &pe);
  if (!doc.isObject())
    return fail(400, QStringLiteral("We could not parse the JSON body of your request (%1). Send a JSON object.").arg(pe.error ? pe.errorString() : QStringLiteral("not an object")));
  const QJsonObject body = doc.object();
  const QJsonValue model = body.value(QStringLiteral("model"));
  if (!model.isUndefined() && !model.isString()) return fail(400, QStringLiteral("'model' must be a string"));
  if (model.isString() && !model.toString().isEmpty() && model.toString() != modelName())
    return fail(404, QStringLiteral("The model '%1' does not exist; this service serves '%2'").arg(model.toString(), modelName()), QStringLiteral("model_not_found"));
  if (inFlight_ >= options_.queueDepth) return fail(429, QStringLiteral("%1 requests are already running; retry shortly").arg(inFlight_), QStringLiteral("queue_full"));
  if (link_->state() != HostLink::State::Ready)
    return fail(503, QStringLiteral("the FPGA host is not connected (link %1); retry shortly").arg(link_->stateName()), QStringLiteral("host_unavailable"));
  if (chatRoute) chat(ex, body, rid);
  else completions(ex, body, rid);
}

void OpenAiServer::chat(HttpExchange* ex, const QJsonObject& body, const QString& rid) {
  const HttpRequest req = ex->request();
  const qint64 started = QDateTime::currentMSecsSinceEpoch();
  QString why = checkChatBody(body);
  QJsonObject host{{QStringLiteral("messages"), body.value(QStringLiteral("messages"))}};
  if (options_.contextLength > 0) host.insert(QStringLiteral("context_length"), options_.contextLength);
  if (why.isEmpty()) why = sampling(body, options_, options_.defaultMaxTokens, &host);
  QStringList stops;
  if (why.isEmpty()) {
    auto s = stopList(body.value(QStringLiteral("stop")), &why);
    if (s) stops = *s;
  }
  if (!why.isEmpty()) {
    error(ex, 400, why, QStringLiteral("invalid_request_error"), {}, rid);
    return finished(rid, req, 400, 0, 0, started);
  }
  if (options_.logPrompts) Q_EMIT logLine(QStringLiteral("%1 messages: %2").arg(rid, QString::fromUtf8(json(QJsonObject{{QStringLiteral("m"), body.value(QStringLiteral("messages"))}}))));
  const bool stream = body.value(QStringLiteral("stream")).toBool();
  const bool usageChunk = body.value(QStringLiteral("stream_options")).toObject().value(QStringLiteral("include_usage")).toBool();
  const QString id = QStringLiteral("chatcmpl-%1").arg(rid.mid(4));
  const qint64 created = QDateTime::currentSecsSinceEpoch();
  const QString name = modelName();

  struct State {
    QString text;
    StopFilter filter;
    bool stopped = false, over = false;
    int completion = 0;
    QString hostId;
  };
  auto st = std::make_shared<State>(State{QString(), StopFilter(stops)});
  QPointer<HttpExchange> ex_(ex);
  ++inFlight_;
  auto chunk = [id, created, name](const QJsonObject& delta, const QJsonValue& finish) {
    return json({{QStringLiteral("id"), id}, {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")}, {QStringLiteral("created"), created},
                 {QStringLiteral("model"), name},
                 {QStringLiteral("choices"), QJsonArray{QJsonObject{{QStringLiteral("index"), 0}, {QStringLiteral("delta"), delta}, {QStringLiteral("logprobs"), QJsonValue::Null},
                                                                    {QStringLiteral("finish_reason"), finish}}}}});
  };
  if (stream) {
    ex->beginStream({{"x-request-id", rid.toUtf8()}});
    ex->streamEvent(chunk({{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), QString()}}, QJsonValue::Null));
  }
  auto end = [this, st, rid, req, started](int status, int prompt) {
    if (st->over) return false;
    st->over = true;
    --inFlight_;
    finished(rid, req, status, prompt, st->completion, started);
    return true;
  };
  auto complete = [this, st, ex_, stream, usageChunk, chunk, id, created, name, end, rid](const QJsonObject& d) {
    if (st->over) return;
    if (!st->stopped) {
      const QString rest = st->filter.flush();
      st->text += rest;
      if (stream && ex_ && !rest.isEmpty()) ex_->streamEvent(chunk({{QStringLiteral("content"), rest}}, QJsonValue::Null));
    }
    QString reason = st->stopped ? QStringLiteral("stop") : d.value(QStringLiteral("finish_reason")).toString(QStringLiteral("stop"));
    if (reason == QLatin1String("cancelled")) reason = QStringLiteral("stop");
    const int prompt = d.value(QStringLiteral("prompt_tokens")).toInt();
    const QJsonObject usage{{QStringLiteral("prompt_tokens"), prompt}, {QStringLiteral("completion_tokens"), st->completion},
                            {QStringLiteral("total_tokens"), prompt + st->completion}};
    if (!end(200, prompt) || !ex_) return;
    if (stream) {
      ex_->streamEvent(chunk(QJsonObject{}, reason));
      if (usageChunk)
        ex_->streamEvent(json({{QStringLiteral("id"), id}, {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")}, {QStringLiteral("created"), created},
                               {QStringLiteral("model"), name}, {QStringLiteral("choices"), QJsonArray{}}, {QStringLiteral("usage"), usage}}));
      ex_->streamEvent("[DONE]");
      ex_->endStream();
    } else {
      ex_->respond(200, "application/json",
                   json({{QStringLiteral("id"), id}, {QStringLiteral("object"), QStringLiteral("chat.completion")}, {QStringLiteral("created"), created},
                         {QStringLiteral("model"), name},
                         {QStringLiteral("choices"), QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                                                            {QStringLiteral("message"), QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), st->text}}},
                                                                            {QStringLiteral("logprobs"), QJsonValue::Null},
                                                                            {QStringLiteral("finish_reason"), reason}}}},
                         {QStringLiteral("usage"), usage}}),
                   {{"x-request-id", rid.toUtf8()}});
    }
  };
  HostLink::Handlers h;
  h.token = [this, st, ex_, stream, chunk, complete](const QJsonObject& t) {
    if (st->stopped || st->over) return;
    ++st->completion;
    bool hit = false;
    const QString out = st->filter.push(t.value(QStringLiteral("text")).toString(), &hit);
    st->text += out;
    if (stream && ex_ && !out.isEmpty()) ex_->streamEvent(chunk({{QStringLiteral("content"), out}}, QJsonValue::Null));
    if (hit) {
      st->stopped = true;
      link_->cancel(st->hostId);  // the host sends nothing more for a cancelled id: finish here
      QMetaObject::invokeMethod(this, [complete] { complete(QJsonObject{{QStringLiteral("finish_reason"), QStringLiteral("stop")}}); }, Qt::QueuedConnection);
    }
  };
  h.done = complete;
  h.error = [this, st, ex_, stream, end, rid](const QString& code, const QString& message) {
    const int status = statusFor(code);
    if (!end(status, 0) || !ex_) return;
    if (stream && ex_->streaming()) {
      // Mid-stream: an error event the SDKs raise, then the stream ends (no [DONE]).
      ex_->streamEvent(json(errorBody(message, typeFor(status), code)));
      ex_->endStream();
    } else {
      error(ex_, status, message, typeFor(status), code, rid);
    }
  };
  st->hostId = link_->submit(QStringLiteral("generate"), host, h);
  QTimer::singleShot(options_.requestTimeoutMs, this, [this, st, h] {
    if (st->over) return;
    link_->cancel(st->hostId);
    h.error(QStringLiteral("timeout"), QStringLiteral("the request took longer than the service's time-out"));
  });
  connect(ex, &HttpExchange::clientGone, this, [this, st, end] {
    if (st->over) return;
    link_->cancel(st->hostId);  // the client left: free the board for others
    end(499, 0);
  });
}

void OpenAiServer::completions(HttpExchange* ex, const QJsonObject& body, const QString& rid) {
  const HttpRequest req = ex->request();
  const qint64 started = QDateTime::currentMSecsSinceEpoch();
  auto bad = [&](const QString& why) {
    error(ex, 400, why, QStringLiteral("invalid_request_error"), {}, rid);
    finished(rid, req, 400, 0, 0, started);
  };
  const QJsonValue prompt = body.value(QStringLiteral("prompt"));
  QJsonObject target;  // the prompt as the host takes it
  if (prompt.isString()) target.insert(QStringLiteral("prompt"), prompt.toString());
  else if (prompt.isArray() && !prompt.toArray().isEmpty() && isInt(prompt.toArray().first())) {
    for (const QJsonValue v : prompt.toArray())
      if (!isInt(v) || v.toDouble() < 0) return bad(QStringLiteral("'prompt' as token ids must be whole numbers ≥ 0"));
    target.insert(QStringLiteral("prompt_ids"), prompt);
  } else if (prompt.isArray() && prompt.toArray().size() == 1 && (prompt.toArray().first().isString() || prompt.toArray().first().isArray())) {
    const QJsonValue one = prompt.toArray().first();
    if (one.isString()) target.insert(QStringLiteral("prompt"), one.toString());
    else target.insert(QStringLiteral("prompt_ids"), one);
  } else if (prompt.isUndefined()) {
    return bad(QStringLiteral("Missing required parameter: 'prompt'"));
  } else {
    return bad(QStringLiteral("'prompt' must be a string, a list of token ids, or a list with one of those (batches of several prompts are not served: send them as separate requests)"));
  }
  QJsonObject host = target;
  if (options_.contextLength > 0) host.insert(QStringLiteral("context_length"), options_.contextLength);
  QString why = sampling(body, options_, 16, &host);
  if (!why.isEmpty()) return bad(why);
  QStringList stops;
  if (auto s = stopList(body.value(QStringLiteral("stop")), &why)) stops = *s;
  else return bad(why);
  const bool echo = body.value(QStringLiteral("echo")).toBool();
  const QJsonValue lp = body.value(QStringLiteral("logprobs"));
  if (!lp.isUndefined() && !lp.isNull() && (!isInt(lp) || lp.toInt() < 0 || lp.toInt() > 5)) return bad(QStringLiteral("'logprobs' must be a whole number from 0 to 5"));
  const bool wantLogprobs = lp.isDouble();
  if (body.value(QStringLiteral("stream")).toBool()) return bad(QStringLiteral("streaming is served on /v1/chat/completions; /v1/completions answers whole"));
  const int maxTokens = host.value(QStringLiteral("max_tokens")).toInt();
  if (maxTokens == 0 && !echo) return bad(QStringLiteral("'max_tokens' must be at least 1 unless 'echo' is true"));

  struct State {
    QJsonArray tokens, tokenLogprobs, top;
    QString text;
    int prompt = 0, completion = 0;
    bool over = false;
    QString hostId;
  };
  auto st = std::make_shared<State>();
  QPointer<HttpExchange> ex_(ex);
  ++inFlight_;
  const QString name = modelName();
  auto end = [this, st, rid, req, started](int status) {
    if (st->over) return false;
    st->over = true;
    --inFlight_;
    finished(rid, req, status, st->prompt, st->completion, started);
    return true;
  };
  auto fail = [this, ex_, end, rid](const QString& code, const QString& message) {
    const int status = statusFor(code);
    if (end(status) && ex_) error(ex_, status, message, typeFor(status), code, rid);
  };
  auto reply = [this, st, ex_, end, rid, name, wantLogprobs](const QString& finish) {
    if (!end(200) || !ex_) return;
    QJsonValue logprobs = QJsonValue::Null;
    if (wantLogprobs) {
      QJsonArray offsets;
      int at = 0;
      for (const QJsonValue t : st->tokens) {
        offsets.append(at);
        at += static_cast<int>(t.toString().size());
      }
      logprobs = QJsonObject{{QStringLiteral("tokens"), st->tokens}, {QStringLiteral("token_logprobs"), st->tokenLogprobs},
                             {QStringLiteral("top_logprobs"), st->top}, {QStringLiteral("text_offset"), offsets}};
    }
    ex_->respond(200, "application/json",
                 json({{QStringLiteral("id"), QStringLiteral("cmpl-%1").arg(rid.mid(4))}, {QStringLiteral("object"), QStringLiteral("text_completion")},
                       {QStringLiteral("created"), QDateTime::currentSecsSinceEpoch()}, {QStringLiteral("model"), name},
                       {QStringLiteral("choices"), QJsonArray{QJsonObject{{QStringLiteral("index"), 0}, {QStringLiteral("text"), st->text},
                                                                          {QStringLiteral("logprobs"), logprobs}, {QStringLiteral("finish_reason"), finish}}}},
                       {QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), st->prompt}, {QStringLiteral("completion_tokens"), st->completion},
                                                            {QStringLiteral("total_tokens"), st->prompt + st->completion}}}}),
                 {{"x-request-id", rid.toUtf8()}});
  };
  // Generation after the (optional) echo: token frames carry each token's log-probability.
  auto generate = [this, st, host, stops, reply, fail]() {
    HostLink::Handlers g;
    auto filter = std::make_shared<StopFilter>(stops);
    auto stopped = std::make_shared<bool>(false);
    g.token = [st, filter, stopped, reply, this](const QJsonObject& t) {
      if (*stopped) return;
      const QString piece = t.value(QStringLiteral("text")).toString();
      ++st->completion;
      st->tokens.append(piece);
      st->tokenLogprobs.append(t.value(QStringLiteral("logprob")));
      st->top.append(QJsonObject{{piece, t.value(QStringLiteral("logprob"))}});
      bool hit = false;
      st->text += filter->push(piece, &hit);
      if (hit) {
        *stopped = true;
        link_->cancel(st->hostId);  // nothing more comes for a cancelled id: finish here
        QMetaObject::invokeMethod(this, [reply] { reply(QStringLiteral("stop")); }, Qt::QueuedConnection);
      }
    };
    g.done = [st, filter, stopped, reply](const QJsonObject& d) {
      if (!*stopped) st->text += filter->flush();
      if (st->prompt == 0) st->prompt = d.value(QStringLiteral("prompt_tokens")).toInt();
      QString reason = d.value(QStringLiteral("finish_reason")).toString(QStringLiteral("stop"));
      reply(*stopped || reason == QLatin1String("cancelled") ? QStringLiteral("stop") : reason);
    };
    g.error = fail;
    st->hostId = link_->submit(QStringLiteral("generate"), host, g);
  };
  if (!echo) {
    generate();
  } else {
    // Echo: the prompt's own tokens with their log-probabilities (as lm-eval's loglikelihood
    // requests), then max_tokens generated ones.
    HostLink::Handlers s;
    const double temperature = host.value(QStringLiteral("temperature")).toDouble();
    s.done = [st, maxTokens, generate, reply, temperature](const QJsonObject& d) {
      const QJsonArray tokens = d.value(QStringLiteral("tokens")).toArray(), lps = d.value(QStringLiteral("logprobs")).toArray();
      const QJsonArray topTok = d.value(QStringLiteral("top_tokens")).toArray(), topLp = d.value(QStringLiteral("top_logprobs")).toArray();
      st->prompt = static_cast<int>(tokens.size());
      for (int i = 0; i < tokens.size(); ++i) {
        st->tokens.append(tokens[i]);
        st->text += tokens[i].toString();
        st->tokenLogprobs.append(lps[i]);
        st->top.append(i == 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(QJsonObject{{topTok[i].toString(), topLp[i]}}));
      }
      if (maxTokens == 0) return reply(QStringLiteral("length"));
      const QJsonObject next = d.value(QStringLiteral("next")).toObject();
      if (maxTokens == 1 && !next.isEmpty() && temperature == 0) {
        // The one greedy token lm-eval asks for comes with the scoring pass.
        st->completion = 1;
        const QString tok = next.value(QStringLiteral("token")).toString();
        st->tokens.append(tok);
        st->text += tok;
        st->tokenLogprobs.append(next.value(QStringLiteral("logprob")));
        st->top.append(QJsonObject{{tok, next.value(QStringLiteral("logprob"))}});
        return reply(QStringLiteral("length"));
      }
      generate();
    };
    s.error = fail;
    QJsonObject score;
    if (target.contains(QStringLiteral("prompt"))) score.insert(QStringLiteral("text"), target.value(QStringLiteral("prompt")));
    else score.insert(QStringLiteral("token_ids"), target.value(QStringLiteral("prompt_ids")));
    st->hostId = link_->submit(QStringLiteral("score"), score, s);
  }
  QTimer::singleShot(options_.requestTimeoutMs, this, [this, st, fail] {
    if (st->over) return;
    link_->cancel(st->hostId);
    fail(QStringLiteral("timeout"), QStringLiteral("the request took longer than the service's time-out"));
  });
  connect(ex, &HttpExchange::clientGone, this, [this, st, end] {
    if (st->over) return;
    link_->cancel(st->hostId);
    end(499);
  });
}

}  // namespace ct::serve
