#include "serve/api_request.h"

#include <QDateTime>

#include "serve/host_link.h"
#include "serve/http.h"

namespace ct::serve {

// Stop strings: text is released only once it cannot be the start of a stop string.
class StopFilter {
 public:
  explicit StopFilter(QStringList stops) : stops_(std::move(stops)) {
    for (const QString& s : stops_) hold_ = std::max(hold_, static_cast<int>(s.size()) - 1);
  }
  // What may be sent now; *hit when a stop string was found (it and everything after are dropped).
  QString push(const QString& text, bool* hit) {
    buffer_ += text;
    int first = -1;
    for (const QString& s : stops_) {
      const int at = static_cast<int>(buffer_.indexOf(s));
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
    if (first >= 0) {
      *hit = true;
      const QString out = buffer_.left(first);
      buffer_.clear();
      return out;
    }
    const int keep = std::min(hold_, static_cast<int>(buffer_.size()));
    const QString out = buffer_.left(buffer_.size() - keep);
    buffer_ = buffer_.right(keep);
    return out;
  }
  QString flush() {
    QString out;
    out.swap(buffer_);
    return out;
  }

 private:
  QStringList stops_;
  QString buffer_;
  int hold_ = 0;
};

namespace {

// How a failure reported by the host reaches the HTTP client.
int statusFor(const QString& code) {
  if (code == QLatin1String("context_length_exceeded") || code == QLatin1String("bad_request") || code == QLatin1String("not_supported") ||
      code == QLatin1String("bad_frame"))
    return 400;
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

// After a stop string the host is asked to stop; its "done" normally follows at once.
constexpr int kStopGraceMs = 2000;

}  // namespace

ApiRequest::ApiRequest(Kind kind, GenerationSpec spec, Context ctx, HostLink* link, HttpExchange* ex, QObject* parent)
    : QObject(parent), kind_(kind), spec_(std::move(spec)), ctx_(std::move(ctx)), link_(link), ex_(ex),
      filter_(std::make_unique<StopFilter>(spec_.stops)) {
  const QString n = ctx_.rid.mid(4);
  meta_.id = kind_ == Kind::Chat ? QStringLiteral("chatcmpl-") + n : kind_ == Kind::Completion ? QStringLiteral("cmpl-") + n : QStringLiteral("resp_") + n;
  meta_.model = ctx_.model;
  meta_.created = QDateTime::currentSecsSinceEpoch();
  timeout_.setSingleShot(true);
  stopGrace_.setSingleShot(true);
  connect(&timeout_, &QTimer::timeout, this, [this] {
    link_->cancel(hostId_);
    onError(QStringLiteral("timeout"), QStringLiteral("the request took longer than the service's time-out (%1 s)").arg(ctx_.timeoutMs / 1000));
  });
  connect(&stopGrace_, &QTimer::timeout, this, [this] {
    link_->cancel(hostId_);
    finish(QStringLiteral("stop"));
  });
  // Receiver `this`: the connection goes when the request does, so a keep-alive connection
  // collects nothing from the requests it carried.
  connect(ex, &HttpExchange::clientGone, this, [this] {
    if (over_) return;
    link_->cancel(hostId_);  // the client left: free the board for others
    end(499);
  });
}

ApiRequest::~ApiRequest() = default;

void ApiRequest::start() {
  timeout_.start(ctx_.timeoutMs);
  if (kind_ != Kind::Completion || !spec_.echo) return submitGenerate();
  // Echo: the prompt's own tokens with their log-probabilities (lm-eval's loglikelihood
  // requests), then max_tokens generated ones.
  QPointer<ApiRequest> self(this);
  HostLink::Handlers s;
  s.done = [self](const QJsonObject& d) {
    if (self) self->onScored(d);
  };
  s.error = [self](const QString& code, const QString& message) {
    if (self) self->onError(code, message);
  };
  QJsonObject score;
  if (spec_.host.contains(QStringLiteral("prompt"))) score.insert(QStringLiteral("text"), spec_.host.value(QStringLiteral("prompt")));
  else score.insert(QStringLiteral("token_ids"), spec_.host.value(QStringLiteral("prompt_ids")));
  hostId_ = link_->submit(QStringLiteral("score"), score, s);
}

void ApiRequest::onScored(const QJsonObject& d) {
  if (over_) return;
  const QJsonArray tokens = d.value(QStringLiteral("tokens")).toArray(), lps = d.value(QStringLiteral("logprobs")).toArray();
  const QJsonArray topTok = d.value(QStringLiteral("top_tokens")).toArray(), topLp = d.value(QStringLiteral("top_logprobs")).toArray();
  prompt_ = static_cast<int>(tokens.size());
  for (int i = 0; i < tokens.size(); ++i) {
    tokens_.append(tokens[i]);
    text_ += tokens[i].toString();
    tokenLogprobs_.append(lps.at(i));
    topLogprobs_.append(i == 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(QJsonObject{{topTok.at(i).toString(), topLp.at(i)}}));
  }
  if (spec_.maxTokens == 0) return finish(QStringLiteral("length"));
  const QJsonObject next = d.value(QStringLiteral("next")).toObject();
  if (spec_.maxTokens == 1 && !next.isEmpty() && spec_.temperature == 0) {
    // The one greedy token lm-eval asks for comes with the scoring pass.
    completion_ = 1;
    const QString tok = next.value(QStringLiteral("token")).toString();
    tokens_.append(tok);
    text_ += tok;
    tokenLogprobs_.append(next.value(QStringLiteral("logprob")));
    topLogprobs_.append(QJsonObject{{tok, next.value(QStringLiteral("logprob"))}});
    return finish(QStringLiteral("length"));
  }
  submitGenerate();
}

void ApiRequest::submitGenerate() {
  QPointer<ApiRequest> self(this);
  HostLink::Handlers g;
  g.token = [self](const QJsonObject& t) {
    if (self) self->onToken(t);
  };
  g.done = [self](const QJsonObject& d) {
    if (self) self->onDone(d);
  };
  g.error = [self](const QString& code, const QString& message) {
    if (self) self->onError(code, message);
  };
  hostId_ = link_->submit(QStringLiteral("generate"), spec_.host, g);
}

void ApiRequest::onToken(const QJsonObject& t) {
  if (over_ || stopped_) return;
  ++completion_;
  const QString piece = t.value(QStringLiteral("text")).toString();
  const QJsonValue lp = t.value(QStringLiteral("logprob"));
  QJsonArray entry;
  if (kind_ == Kind::Completion) {
    tokens_.append(piece);
    tokenLogprobs_.append(lp);
    topLogprobs_.append(QJsonObject{{piece, lp}});
  } else if (spec_.logprobs) {
    entry.append(reply::chatLogprob(piece, lp.toDouble(), spec_.topLogprobs > 0));
    chatLogprobs_.append(entry.first());
  }
  bool hit = false;
  const QString out = filter_->push(piece, &hit);
  emitText(out, entry);
  if (hit) {
    stopped_ = true;
    // Not from inside the host link's callback: ask the host to stop on the next turn, then wait
    // for its "done" (it carries the prompt's token count) for a short while.
    QMetaObject::invokeMethod(this, &ApiRequest::afterStopString, Qt::QueuedConnection);
  }
}

void ApiRequest::afterStopString() {
  if (over_) return;
  if (link_->mode() == HostLink::Mode::Legacy) return finish(QStringLiteral("stop"));  // the whole reply has arrived already
  link_->stop(hostId_);
  stopGrace_.start(kStopGraceMs);
}

void ApiRequest::emitText(const QString& text, const QJsonArray& logprobs) {
  text_ += text;
  if (!spec_.stream || (text.isEmpty() && logprobs.isEmpty())) return;
  ensureStream();
  if (!ex_) return;
  if (kind_ == Kind::Chat) {
    ex_->streamEvent(reply::chatChunk(meta_, {{QStringLiteral("content"), text}}, QJsonValue::Null, logprobs, spec_.logprobs));
  } else if (kind_ == Kind::Response && !text.isEmpty()) {
    responseEvent(QStringLiteral("response.output_text.delta"), {{QStringLiteral("item_id"), reply::responseMessageId(meta_)}, {QStringLiteral("output_index"), 0},
                                                                 {QStringLiteral("content_index"), 0}, {QStringLiteral("delta"), text}});
  }
}

void ApiRequest::responseEvent(const QString& type, const QJsonObject& fields) {
  if (ex_) ex_->streamEvent(reply::json(reply::responseEvent(type, sequence_++, fields)), type.toUtf8());
}

void ApiRequest::ensureStream() {
  if (streamStarted_ || !ex_) return;
  streamStarted_ = true;
  ex_->beginStream({{"x-request-id", ctx_.rid.toUtf8()}});
  if (kind_ == Kind::Chat) {
    ex_->streamEvent(reply::chatChunk(meta_, {{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), QString()}}, QJsonValue::Null));
  } else if (kind_ == Kind::Response) {
    const QJsonObject inProgress = reply::responseObject(meta_, QStringLiteral("in_progress"), {}, {}, {}, ctx_.body);
    responseEvent(QStringLiteral("response.created"), {{QStringLiteral("response"), inProgress}});
    responseEvent(QStringLiteral("response.in_progress"), {{QStringLiteral("response"), inProgress}});
    const QJsonObject item{{QStringLiteral("type"), QStringLiteral("message")}, {QStringLiteral("id"), reply::responseMessageId(meta_)},
                           {QStringLiteral("status"), QStringLiteral("in_progress")}, {QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), QJsonArray{}}};
    responseEvent(QStringLiteral("response.output_item.added"), {{QStringLiteral("output_index"), 0}, {QStringLiteral("item"), item}});
    responseEvent(QStringLiteral("response.content_part.added"),
                  {{QStringLiteral("item_id"), reply::responseMessageId(meta_)}, {QStringLiteral("output_index"), 0}, {QStringLiteral("content_index"), 0},
                   {QStringLiteral("part"), QJsonObject{{QStringLiteral("type"), QStringLiteral("output_text")}, {QStringLiteral("text"), QString()}, {QStringLiteral("annotations"), QJsonArray{}}}}});
  }
}

void ApiRequest::onDone(const QJsonObject& d) {
  if (over_) return;
  stopGrace_.stop();
  if (prompt_ == 0) prompt_ = d.value(QStringLiteral("prompt_tokens")).toInt();
  if (!stopped_) emitText(filter_->flush(), {});
  const QString reason = d.value(QStringLiteral("finish_reason")).toString(QStringLiteral("stop"));
  finish(stopped_ || reason == QLatin1String("cancelled") ? QStringLiteral("stop") : reason);
}

void ApiRequest::finish(QString reason) {
  if (over_) return;
  const reply::Usage usage{prompt_, completion_};
  if (!ex_) return end(200);
  if (kind_ == Kind::Completion) {
    QJsonValue logprobs = QJsonValue::Null;
    if (spec_.completionLogprobs >= 0) {
      QJsonArray offsets;
      int at = 0;
      for (const QJsonValue t : std::as_const(tokens_)) {
        offsets.append(at);
        at += static_cast<int>(t.toString().size());
      }
      logprobs = QJsonObject{{QStringLiteral("tokens"), tokens_}, {QStringLiteral("token_logprobs"), tokenLogprobs_},
                             {QStringLiteral("top_logprobs"), topLogprobs_}, {QStringLiteral("text_offset"), offsets}};
    }
    ex_->respond(200, "application/json", reply::completionWhole(meta_, text_, reason, usage, logprobs), {{"x-request-id", ctx_.rid.toUtf8()}});
  } else if (kind_ == Kind::Chat && !spec_.stream) {
    const QJsonValue logprobs = spec_.logprobs ? QJsonValue(QJsonObject{{QStringLiteral("content"), chatLogprobs_}}) : QJsonValue(QJsonValue::Null);
    ex_->respond(200, "application/json", reply::chatWhole(meta_, text_, reason, usage, logprobs), {{"x-request-id", ctx_.rid.toUtf8()}});
  } else if (kind_ == Kind::Chat) {
    ensureStream();
    ex_->streamEvent(reply::chatChunk(meta_, QJsonObject{}, reason, {}, spec_.logprobs));
    if (spec_.includeUsage) ex_->streamEvent(reply::chatUsageChunk(meta_, usage));
    ex_->streamEvent("[DONE]");
    ex_->endStream();
  } else {
    const bool complete = reason != QLatin1String("length");
    const QString status = complete ? QStringLiteral("completed") : QStringLiteral("incomplete");
    const QJsonObject response = reply::responseObject(meta_, status, text_, usage, complete ? QString() : QStringLiteral("max_output_tokens"), ctx_.body);
    if (!spec_.stream) {
      ex_->respond(200, "application/json", reply::json(response), {{"x-request-id", ctx_.rid.toUtf8()}});
    } else {
      ensureStream();
      const QString item = reply::responseMessageId(meta_);
      const QJsonObject part{{QStringLiteral("type"), QStringLiteral("output_text")}, {QStringLiteral("text"), text_}, {QStringLiteral("annotations"), QJsonArray{}}};
      responseEvent(QStringLiteral("response.output_text.done"),
                    {{QStringLiteral("item_id"), item}, {QStringLiteral("output_index"), 0}, {QStringLiteral("content_index"), 0}, {QStringLiteral("text"), text_}});
      responseEvent(QStringLiteral("response.content_part.done"),
                    {{QStringLiteral("item_id"), item}, {QStringLiteral("output_index"), 0}, {QStringLiteral("content_index"), 0}, {QStringLiteral("part"), part}});
      responseEvent(QStringLiteral("response.output_item.done"),
                    {{QStringLiteral("output_index"), 0}, {QStringLiteral("item"), response.value(QStringLiteral("output")).toArray().first()}});
      responseEvent(complete ? QStringLiteral("response.completed") : QStringLiteral("response.incomplete"), {{QStringLiteral("response"), response}});
      ex_->endStream();
    }
  }
  end(200);
}

void ApiRequest::onError(const QString& code, const QString& message) {
  if (over_) return;
  const int status = statusFor(code);
  if (ex_ && streamStarted_) {
    // Mid-stream: an error event the SDKs raise, then the stream ends (no [DONE]).
    if (kind_ == Kind::Response)
      responseEvent(QStringLiteral("error"), {{QStringLiteral("code"), code}, {QStringLiteral("message"), message}, {QStringLiteral("param"), QJsonValue::Null}});
    else
      ex_->streamEvent(openAiErrorJson(message, typeFor(status), {}, code));
    ex_->endStream();
  } else if (ex_) {
    Headers extra{{"x-request-id", ctx_.rid.toUtf8()}};
    if (status == 429 || status == 503) extra.append(qMakePair(QByteArray("Retry-After"), QByteArray("1")));
    ex_->respond(status, "application/json", openAiErrorJson(message, typeFor(status), {}, code), extra);
  }
  end(status);
}

void ApiRequest::end(int status) {
  if (over_) return;
  over_ = true;
  timeout_.stop();
  stopGrace_.stop();
  Q_EMIT ended(status, prompt_, completion_);
  deleteLater();
}

}  // namespace ct::serve
