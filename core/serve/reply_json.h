#pragma once
// The JSON shapes of the three generation routes (chat.completion, text_completion, response),
// whole and streamed, as the OpenAI SDKs parse them. Pure functions: no state, no sockets.
#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace ct::serve::reply {

struct Meta {
  QString id;     // chatcmpl-… / cmpl-… / resp_…
  QString model;
  qint64 created = 0;
};

struct Usage {
  int prompt = 0, completion = 0;
};

QByteArray json(const QJsonObject& o);

// One generated token's log-probability in chat's logprobs.content shape.
QJsonObject chatLogprob(const QString& token, double logprob, bool withTop);

// Chat completions.
QByteArray chatChunk(const Meta& m, const QJsonObject& delta, const QJsonValue& finish, const QJsonArray& logprobContent = {}, bool withLogprobs = false);
QByteArray chatUsageChunk(const Meta& m, const Usage& u);
QByteArray chatWhole(const Meta& m, const QString& text, const QString& finish, const Usage& u, const QJsonValue& logprobs);

// Legacy completions (never streamed).
QByteArray completionWhole(const Meta& m, const QString& text, const QString& finish, const Usage& u, const QJsonValue& logprobs);

// Responses API: the response object, and the stream's events as (event name, data) pairs.
QJsonObject responseObject(const Meta& m, const QString& status, const QString& text, const Usage& u, const QString& incompleteReason, const QJsonObject& request);
QJsonObject responseEvent(const QString& type, int sequence, QJsonObject fields);
QString responseMessageId(const Meta& m);

}  // namespace ct::serve::reply
