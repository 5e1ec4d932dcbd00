#include "serve/reply_json.h"

#include <QJsonDocument>

namespace ct::serve::reply {

QByteArray json(const QJsonObject& o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

namespace {
QJsonArray utf8Bytes(const QString& s) {
  QJsonArray out;
  for (const char c : s.toUtf8()) out.append(static_cast<int>(static_cast<unsigned char>(c)));
  return out;
}
QJsonObject usageObject(const Usage& u) {
  return {{QStringLiteral("prompt_tokens"), u.prompt}, {QStringLiteral("completion_tokens"), u.completion}, {QStringLiteral("total_tokens"), u.prompt + u.completion}};
}
}  // namespace

QJsonObject chatLogprob(const QString& token, double logprob, bool withTop) {
  QJsonArray top;
  // The host reports the sampled token's log-probability only, so it is the one alternative given.
  if (withTop) top.append(QJsonObject{{QStringLiteral("token"), token}, {QStringLiteral("logprob"), logprob}, {QStringLiteral("bytes"), utf8Bytes(token)}});
  return {{QStringLiteral("token"), token}, {QStringLiteral("logprob"), logprob}, {QStringLiteral("bytes"), utf8Bytes(token)}, {QStringLiteral("top_logprobs"), top}};
}

QByteArray chatChunk(const Meta& m, const QJsonObject& delta, const QJsonValue& finish, const QJsonArray& logprobContent, bool withLogprobs) {
  const QJsonValue logprobs = withLogprobs ? QJsonValue(QJsonObject{{QStringLiteral("content"), logprobContent}}) : QJsonValue(QJsonValue::Null);
  return json({{QStringLiteral("id"), m.id}, {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")}, {QStringLiteral("created"), m.created},
               {QStringLiteral("model"), m.model},
               {QStringLiteral("choices"), QJsonArray{QJsonObject{{QStringLiteral("index"), 0}, {QStringLiteral("delta"), delta}, {QStringLiteral("logprobs"), logprobs},
                                                                  {QStringLiteral("finish_reason"), finish}}}}});
}

QByteArray chatUsageChunk(const Meta& m, const Usage& u) {
  return json({{QStringLiteral("id"), m.id}, {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")}, {QStringLiteral("created"), m.created},
               {QStringLiteral("model"), m.model}, {QStringLiteral("choices"), QJsonArray{}}, {QStringLiteral("usage"), usageObject(u)}});
}

QByteArray chatWhole(const Meta& m, const QString& text, const QString& finish, const Usage& u, const QJsonValue& logprobs) {
  const QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), text}};
  return json({{QStringLiteral("id"), m.id}, {QStringLiteral("object"), QStringLiteral("chat.completion")}, {QStringLiteral("created"), m.created},
               {QStringLiteral("model"), m.model},
               {QStringLiteral("choices"), QJsonArray{QJsonObject{{QStringLiteral("index"), 0}, {QStringLiteral("message"), message}, {QStringLiteral("logprobs"), logprobs},
                                                                  {QStringLiteral("finish_reason"), finish}}}},
               {QStringLiteral("usage"), usageObject(u)}});
}

QByteArray completionWhole(const Meta& m, const QString& text, const QString& finish, const Usage& u, const QJsonValue& logprobs) {
  return json({{QStringLiteral("id"), m.id}, {QStringLiteral("object"), QStringLiteral("text_completion")}, {QStringLiteral("created"), m.created},
               {QStringLiteral("model"), m.model},
               {QStringLiteral("choices"), QJsonArray{QJsonObject{{QStringLiteral("index"), 0}, {QStringLiteral("text"), text}, {QStringLiteral("logprobs"), logprobs},
                                                                  {QStringLiteral("finish_reason"), finish}}}},
               {QStringLiteral("usage"), usageObject(u)}});
}

QString responseMessageId(const Meta& m) { return QStringLiteral("msg_") + m.id.mid(5); }

QJsonObject responseObject(const Meta& m, const QString& status, const QString& text, const Usage& u, const QString& incompleteReason, const QJsonObject& request) {
  QJsonArray output;
  if (status != QLatin1String("in_progress")) {
    const QJsonObject part{{QStringLiteral("type"), QStringLiteral("output_text")}, {QStringLiteral("text"), text}, {QStringLiteral("annotations"), QJsonArray{}}};
    output.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("message")}, {QStringLiteral("id"), responseMessageId(m)},
                              {QStringLiteral("status"), status == QLatin1String("completed") ? QStringLiteral("completed") : QStringLiteral("incomplete")},
                              {QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), QJsonArray{part}}});
  }
  const bool done = status != QLatin1String("in_progress");
  QJsonObject r{{QStringLiteral("id"), m.id},
                {QStringLiteral("object"), QStringLiteral("response")},
                {QStringLiteral("created_at"), m.created},
                {QStringLiteral("status"), status},
                {QStringLiteral("model"), m.model},
                {QStringLiteral("output"), output},
                {QStringLiteral("error"), QJsonValue::Null},
                {QStringLiteral("incomplete_details"), incompleteReason.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(QJsonObject{{QStringLiteral("reason"), incompleteReason}})},
                {QStringLiteral("instructions"), request.value(QStringLiteral("instructions")).isString() ? request.value(QStringLiteral("instructions")) : QJsonValue(QJsonValue::Null)},
                {QStringLiteral("max_output_tokens"), request.value(QStringLiteral("max_output_tokens")).isDouble() ? request.value(QStringLiteral("max_output_tokens")) : QJsonValue(QJsonValue::Null)},
                {QStringLiteral("temperature"), request.value(QStringLiteral("temperature")).isDouble() ? request.value(QStringLiteral("temperature")) : QJsonValue(QJsonValue::Null)},
                {QStringLiteral("top_p"), request.value(QStringLiteral("top_p")).isDouble() ? request.value(QStringLiteral("top_p")) : QJsonValue(QJsonValue::Null)},
                {QStringLiteral("parallel_tool_calls"), false},
                {QStringLiteral("tool_choice"), QStringLiteral("none")},
                {QStringLiteral("tools"), QJsonArray{}},
                {QStringLiteral("text"), QJsonObject{{QStringLiteral("format"), QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}}}}},
                {QStringLiteral("metadata"), request.value(QStringLiteral("metadata")).isObject() ? request.value(QStringLiteral("metadata")) : QJsonValue(QJsonObject{})},
                {QStringLiteral("usage"), done ? QJsonValue(QJsonObject{{QStringLiteral("input_tokens"), u.prompt},
                                                                        {QStringLiteral("input_tokens_details"), QJsonObject{{QStringLiteral("cached_tokens"), 0}}},
                                                                        {QStringLiteral("output_tokens"), u.completion},
                                                                        {QStringLiteral("output_tokens_details"), QJsonObject{{QStringLiteral("reasoning_tokens"), 0}}},
                                                                        {QStringLiteral("total_tokens"), u.prompt + u.completion}})
                                              : QJsonValue(QJsonValue::Null)}};
  return r;
}

QJsonObject responseEvent(const QString& type, int sequence, QJsonObject fields) {
  fields.insert(QStringLiteral("type"), type);
  fields.insert(QStringLiteral("sequence_number"), sequence);
  return fields;
}

}  // namespace ct::serve::reply
