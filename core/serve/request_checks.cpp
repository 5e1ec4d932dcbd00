#include "serve/request_checks.h"

#include <QSet>
#include <cmath>

namespace ct::serve {
namespace {

constexpr double kTwo63 = 9223372036854775808.0;

bool present(const QJsonValue& v) { return !v.isUndefined() && !v.isNull(); }
bool isWhole(const QJsonValue& v) { return v.isDouble() && std::isfinite(v.toDouble()) && v.toDouble() == std::floor(v.toDouble()); }

QString typeName(const QJsonValue& v) {
  switch (v.type()) {
    case QJsonValue::Bool: return QStringLiteral("a boolean");
    case QJsonValue::Double: return QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("a string");
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    default: return QStringLiteral("null");
  }
}

// Reads one body's optional fields; the first problem found is kept and every later read is a no-op.
class Fields {
 public:
  explicit Fields(const QJsonObject& b) : b_(b) {}
  std::optional<FieldError> error;

  void bad(const QString& param, const QString& message) {
    if (!error) error = FieldError{message, param};
  }
  QJsonValue at(const char* name) const { return b_.value(QLatin1String(name)); }

  std::optional<double> number(const char* name, double lo, double hi, bool openLow = false) {
    const QJsonValue v = at(name);
    if (error || !present(v)) return std::nullopt;
    const double d = v.toDouble();
    if (!v.isDouble() || !std::isfinite(d) || d > hi || (openLow ? d <= lo : d < lo)) {
      bad(QLatin1String(name), QStringLiteral("'%1' must be a number %2 %3 to %4 (got %5)")
                                   .arg(QLatin1String(name), openLow ? QStringLiteral("above") : QStringLiteral("from")).arg(lo).arg(hi)
                                   .arg(v.isDouble() ? QString::number(d) : typeName(v)));
      return std::nullopt;
    }
    return d;
  }
  // A whole number in [lo, hi]; compared as a double first so that huge values never overflow.
  std::optional<int64_t> whole(const char* name, double lo, double hi, const QString& hint = {}) {
    const QJsonValue v = at(name);
    if (error || !present(v)) return std::nullopt;
    if (!isWhole(v) || v.toDouble() < lo || v.toDouble() > hi) {
      QString msg = QStringLiteral("'%1' must be a whole number from %2 to %3 (got %4)")
                        .arg(QLatin1String(name), QString::number(lo, 'g', 19), QString::number(hi, 'g', 19), v.isDouble() ? QString::number(v.toDouble(), 'g', 17) : typeName(v));
      if (!hint.isEmpty()) msg += QStringLiteral("; ") + hint;
      bad(QLatin1String(name), msg);
      return std::nullopt;
    }
    return static_cast<int64_t>(v.toDouble());
  }
  std::optional<bool> boolean(const char* name) {
    const QJsonValue v = at(name);
    if (error || !present(v)) return std::nullopt;
    if (!v.isBool()) {
      bad(QLatin1String(name), QStringLiteral("'%1' must be true or false (got %2)").arg(QLatin1String(name), typeName(v)));
      return std::nullopt;
    }
    return v.toBool();
  }
  std::optional<QString> string(const char* name) {
    const QJsonValue v = at(name);
    if (error || !present(v)) return std::nullopt;
    if (!v.isString()) {
      bad(QLatin1String(name), QStringLiteral("'%1' must be a string (got %2)").arg(QLatin1String(name), typeName(v)));
      return std::nullopt;
    }
    return v.toString();
  }
  std::optional<QJsonObject> object(const char* name) {
    const QJsonValue v = at(name);
    if (error || !present(v)) return std::nullopt;
    if (!v.isObject()) {
      bad(QLatin1String(name), QStringLiteral("'%1' must be an object (got %2)").arg(QLatin1String(name), typeName(v)));
      return std::nullopt;
    }
    return v.toObject();
  }
  std::optional<QJsonArray> array(const char* name) {
    const QJsonValue v = at(name);
    if (error || !present(v)) return std::nullopt;
    if (!v.isArray()) {
      bad(QLatin1String(name), QStringLiteral("'%1' must be an array (got %2)").arg(QLatin1String(name), typeName(v)));
      return std::nullopt;
    }
    return v.toArray();
  }

 private:
  const QJsonObject& b_;
};

// Fields every generation route shares: model, sampling, limits, seed, stop, penalties, user.
void common(Fields& f, const ServeOptions& o, const char* maxName, int defaultMax, int minMax, GenerationSpec* out) {
  f.string("model");
  const double temperature = f.number("temperature", 0, 2).value_or(o.defaultTemperature);
  out->temperature = temperature;
  out->host.insert(QStringLiteral("temperature"), temperature);
  if (auto p = f.number("top_p", 0, 1, true)) out->host.insert(QStringLiteral("top_p"), *p);
  const QString limitHint = QStringLiteral("this service allows at most %1 (ct serve --max-tokens-limit)").arg(o.maxMaxTokens);
  std::optional<int64_t> max = f.whole(maxName, minMax, o.maxMaxTokens, limitHint);
  if (!max && !f.error && qstrcmp(maxName, "max_completion_tokens") == 0) max = f.whole("max_tokens", minMax, o.maxMaxTokens, limitHint);
  out->maxTokens = static_cast<int>(max.value_or(std::min(defaultMax, o.maxMaxTokens)));
  out->host.insert(QStringLiteral("max_tokens"), out->maxTokens);
  if (auto s = f.whole("seed", -kTwo63, kTwo63 - 1024)) out->host.insert(QStringLiteral("seed"), static_cast<double>(*s));
  f.number("presence_penalty", -2, 2);
  f.number("frequency_penalty", -2, 2);
  f.string("user");
  f.object("metadata");
  f.boolean("store");
  f.whole("n", 1, 1, QStringLiteral("this service returns one choice per request"));
  if (auto bias = f.object("logit_bias")) {
    for (auto it = bias->begin(); it != bias->end(); ++it) {
      bool isId = false;
      it.key().toLongLong(&isId);
      if (!isId || !it.value().isDouble() || it.value().toDouble() < -100 || it.value().toDouble() > 100) {
        f.bad(QStringLiteral("logit_bias"), QStringLiteral("'logit_bias' maps token ids (as strings) to numbers from -100 to 100"));
        break;
      }
    }
    if (!bias->isEmpty()) f.bad(QStringLiteral("logit_bias"), QStringLiteral("'logit_bias' is not supported by this service; leave it out or send {}"));
  }
  if (f.error) return;
  const QJsonValue stop = f.at("stop");
  if (stop.isString()) {
    if (!stop.toString().isEmpty()) out->stops << stop.toString();
  } else if (stop.isArray()) {
    const QJsonArray a = stop.toArray();
    if (a.size() > 4) f.bad(QStringLiteral("stop"), QStringLiteral("'stop' holds at most 4 strings"));
    for (int i = 0; i < a.size() && !f.error; ++i) {
      if (!a[i].isString() || a[i].toString().isEmpty()) f.bad(QStringLiteral("stop[%1]").arg(i), QStringLiteral("'stop[%1]' must be a non-empty string").arg(i));
      else out->stops << a[i].toString();
    }
  } else if (present(stop)) {
    f.bad(QStringLiteral("stop"), QStringLiteral("'stop' must be a string or an array of up to 4 strings (got %1)").arg(typeName(stop)));
  }
  if (o.contextLength > 0) out->host.insert(QStringLiteral("context_length"), o.contextLength);
}

void tools(Fields& f) {
  if (auto t = f.array("tools"); t && !t->isEmpty()) f.bad(QStringLiteral("tools"), QStringLiteral("tool calling is not supported by this service; send the request without 'tools'"));
  const QJsonValue choice = f.at("tool_choice");
  if (present(choice) && !(choice.isString() && (choice.toString() == QLatin1String("none") || choice.toString() == QLatin1String("auto"))))
    f.bad(QStringLiteral("tool_choice"), QStringLiteral("'tool_choice' may only be \"none\" or \"auto\" here (no tools are served)"));
  f.boolean("parallel_tool_calls");
}

// A message's content: a string, or text parts joined with newlines (as vLLM joins them).
std::optional<QString> messageText(Fields& f, const QJsonValue& c, const QString& where, const QSet<QString>& textTypes) {
  if (c.isString()) return c.toString();
  if (c.isArray()) {
    QStringList texts;
    const QJsonArray parts = c.toArray();
    for (int j = 0; j < parts.size(); ++j) {
      const QString at = QStringLiteral("%1[%2]").arg(where).arg(j);
      const QJsonObject part = parts[j].toObject();
      if (!parts[j].isObject() || !part.value(QStringLiteral("type")).isString()) {
        f.bad(at, QStringLiteral("'%1' must be an object with a 'type' (for example {\"type\": \"text\", \"text\": \"…\"})").arg(at));
        return std::nullopt;
      }
      const QString type = part.value(QStringLiteral("type")).toString();
      if (!textTypes.contains(type)) {
        f.bad(at + QStringLiteral(".type"), QStringLiteral("'%1.type' is '%2'; this service takes text parts only").arg(at, type));
        return std::nullopt;
      }
      if (!part.value(QStringLiteral("text")).isString()) {
        f.bad(at + QStringLiteral(".text"), QStringLiteral("'%1.text' must be a string").arg(at));
        return std::nullopt;
      }
      texts << part.value(QStringLiteral("text")).toString();
    }
    return texts.join(QLatin1Char('\n'));
  }
  if (!present(c)) f.bad(where, QStringLiteral("'%1' is missing; every message needs text content").arg(where));
  else f.bad(where, QStringLiteral("'%1' must be a string or an array of text parts (got %2)").arg(where, typeName(c)));
  return std::nullopt;
}

}  // namespace

std::optional<FieldError> checkChat(const QJsonObject& body, const ServeOptions& o, GenerationSpec* out) {
  Fields f(body);
  const QJsonValue msgs = body.value(QStringLiteral("messages"));
  if (!present(msgs)) return FieldError{QStringLiteral("Missing required parameter: 'messages'"), QStringLiteral("messages")};
  if (!msgs.isArray() || msgs.toArray().isEmpty()) return FieldError{QStringLiteral("'messages' must be a non-empty array"), QStringLiteral("messages")};
  static const QSet<QString> roles{QStringLiteral("system"), QStringLiteral("developer"), QStringLiteral("user"), QStringLiteral("assistant"), QStringLiteral("tool")};
  static const QSet<QString> textParts{QStringLiteral("text")};
  QJsonArray messages;
  const QJsonArray a = msgs.toArray();
  for (int i = 0; i < a.size() && !f.error; ++i) {
    const QString where = QStringLiteral("messages[%1]").arg(i);
    if (!a[i].isObject()) return FieldError{QStringLiteral("'%1' must be an object").arg(where), where};
    const QJsonObject m = a[i].toObject();
    const QJsonValue role = m.value(QStringLiteral("role"));
    if (!role.isString()) return FieldError{QStringLiteral("Missing required parameter: '%1.role'").arg(where), where + QStringLiteral(".role")};
    if (!roles.contains(role.toString()))
      return FieldError{QStringLiteral("'%1.role' is '%2'; expected system, developer, user, assistant or tool").arg(where, role.toString()), where + QStringLiteral(".role")};
    if (m.contains(QStringLiteral("tool_calls")) && present(m.value(QStringLiteral("tool_calls"))))
      return FieldError{QStringLiteral("'%1.tool_calls': tool calling is not supported by this service").arg(where), where + QStringLiteral(".tool_calls")};
    if (m.contains(QStringLiteral("name")) && present(m.value(QStringLiteral("name"))) && !m.value(QStringLiteral("name")).isString())
      return FieldError{QStringLiteral("'%1.name' must be a string").arg(where), where + QStringLiteral(".name")};
    const auto text = messageText(f, m.value(QStringLiteral("content")), where + QStringLiteral(".content"), textParts);
    if (!text) break;
    // OpenAI treats the developer role as the system prompt of newer models.
    const QString hostRole = role.toString() == QLatin1String("developer") ? QStringLiteral("system") : role.toString();
    messages.append(QJsonObject{{QStringLiteral("role"), hostRole}, {QStringLiteral("content"), *text}});
  }
  if (f.error) return f.error;
  out->host.insert(QStringLiteral("messages"), messages);
  common(f, o, "max_completion_tokens", o.defaultMaxTokens, 1, out);
  out->stream = f.boolean("stream").value_or(false);
  if (auto so = f.object("stream_options")) {
    if (!out->stream) f.bad(QStringLiteral("stream_options"), QStringLiteral("'stream_options' is only allowed when 'stream' is true"));
    const QJsonValue iu = so->value(QStringLiteral("include_usage"));
    if (present(iu) && !iu.isBool()) f.bad(QStringLiteral("stream_options.include_usage"), QStringLiteral("'stream_options.include_usage' must be true or false"));
    out->includeUsage = iu.toBool();
  }
  out->logprobs = f.boolean("logprobs").value_or(false);
  if (auto top = f.whole("top_logprobs", 0, 20)) {
    if (!out->logprobs) f.bad(QStringLiteral("top_logprobs"), QStringLiteral("'top_logprobs' needs 'logprobs': true"));
    out->topLogprobs = static_cast<int>(*top);
  }
  if (auto rf = f.object("response_format")) {
    const QString type = rf->value(QStringLiteral("type")).toString();
    if (type != QLatin1String("text")) f.bad(QStringLiteral("response_format"), QStringLiteral("'response_format' type '%1' is not supported by this service; use {\"type\": \"text\"}").arg(type));
  }
  tools(f);
  return f.error;
}

std::optional<FieldError> checkCompletion(const QJsonObject& body, const ServeOptions& o, GenerationSpec* out) {
  Fields f(body);
  const QJsonValue prompt = body.value(QStringLiteral("prompt"));
  auto ids = [&](const QJsonArray& a, const QString& where) -> std::optional<FieldError> {
    for (int i = 0; i < a.size(); ++i)
      if (!isWhole(a[i]) || a[i].toDouble() < 0 || a[i].toDouble() > 2147483647.0)
        return FieldError{QStringLiteral("'%1[%2]' must be a token id (a whole number ≥ 0)").arg(where).arg(i), where};
    out->host.insert(QStringLiteral("prompt_ids"), a);
    return std::nullopt;
  };
  if (prompt.isString()) {
    out->host.insert(QStringLiteral("prompt"), prompt.toString());
  } else if (prompt.isArray() && !prompt.toArray().isEmpty() && prompt.toArray().first().isDouble()) {
    if (auto e = ids(prompt.toArray(), QStringLiteral("prompt"))) return e;
  } else if (prompt.isArray() && prompt.toArray().size() == 1 && prompt.toArray().first().isString()) {
    out->host.insert(QStringLiteral("prompt"), prompt.toArray().first().toString());
  } else if (prompt.isArray() && prompt.toArray().size() == 1 && prompt.toArray().first().isArray() && !prompt.toArray().first().toArray().isEmpty()) {
    if (auto e = ids(prompt.toArray().first().toArray(), QStringLiteral("prompt[0]"))) return e;
  } else if (!present(prompt)) {
    return FieldError{QStringLiteral("Missing required parameter: 'prompt'"), QStringLiteral("prompt")};
  } else {
    return FieldError{QStringLiteral("'prompt' must be a string, a list of token ids, or a list with one of those (batches of several prompts are not served: send them as separate requests)"),
                      QStringLiteral("prompt")};
  }
  out->echo = f.boolean("echo").value_or(false);
  common(f, o, "max_tokens", 16, 0, out);
  if (auto lp = f.whole("logprobs", 0, 5)) out->completionLogprobs = static_cast<int>(*lp);
  if (auto suffix = f.string("suffix"); suffix && !suffix->isEmpty())
    f.bad(QStringLiteral("suffix"), QStringLiteral("'suffix' (fill-in-the-middle) is not supported by this service"));
  f.whole("best_of", 1, 1, QStringLiteral("this service returns one choice per request"));
  if (f.boolean("stream").value_or(false))
    f.bad(QStringLiteral("stream"), QStringLiteral("streaming is served on /v1/chat/completions and /v1/responses; /v1/completions answers whole"));
  f.object("stream_options");
  if (!f.error && out->maxTokens == 0 && !out->echo) f.bad(QStringLiteral("max_tokens"), QStringLiteral("'max_tokens' must be at least 1 unless 'echo' is true"));
  return f.error;
}

std::optional<FieldError> checkResponses(const QJsonObject& body, const ServeOptions& o, GenerationSpec* out) {
  Fields f(body);
  static const QSet<QString> textParts{QStringLiteral("input_text"), QStringLiteral("output_text"), QStringLiteral("text")};
  static const QSet<QString> roles{QStringLiteral("system"), QStringLiteral("developer"), QStringLiteral("user"), QStringLiteral("assistant")};
  QJsonArray messages;
  if (auto instructions = f.string("instructions"); instructions && !instructions->isEmpty()) {
    out->instructions = *instructions;
    messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")}, {QStringLiteral("content"), *instructions}});
  }
  const QJsonValue input = body.value(QStringLiteral("input"));
  if (input.isString()) {
    messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), input.toString()}});
  } else if (input.isArray() && !input.toArray().isEmpty()) {
    const QJsonArray items = input.toArray();
    for (int i = 0; i < items.size() && !f.error; ++i) {
      const QString where = QStringLiteral("input[%1]").arg(i);
      const QJsonObject item = items[i].toObject();
      const QString type = item.value(QStringLiteral("type")).toString(QStringLiteral("message"));
      if (!items[i].isObject() || type != QLatin1String("message") || !item.value(QStringLiteral("role")).isString())
        return FieldError{QStringLiteral("'%1' must be a message {\"role\": …, \"content\": …}; this service takes text messages only").arg(where), where};
      const QString role = item.value(QStringLiteral("role")).toString();
      if (!roles.contains(role)) return FieldError{QStringLiteral("'%1.role' is '%2'; expected system, developer, user or assistant").arg(where, role), where + QStringLiteral(".role")};
      const auto text = messageText(f, item.value(QStringLiteral("content")), where + QStringLiteral(".content"), textParts);
      if (!text) break;
      messages.append(QJsonObject{{QStringLiteral("role"), role == QLatin1String("developer") ? QStringLiteral("system") : role}, {QStringLiteral("content"), *text}});
    }
  } else if (!present(input)) {
    return FieldError{QStringLiteral("Missing required parameter: 'input'"), QStringLiteral("input")};
  } else {
    return FieldError{QStringLiteral("'input' must be a string or a non-empty array of messages"), QStringLiteral("input")};
  }
  if (f.error) return f.error;
  out->host.insert(QStringLiteral("messages"), messages);
  common(f, o, "max_output_tokens", o.defaultMaxTokens, 1, out);
  out->stream = f.boolean("stream").value_or(false);
  if (auto prev = f.string("previous_response_id"); prev && !prev->isEmpty())
    f.bad(QStringLiteral("previous_response_id"), QStringLiteral("this service keeps no responses; send the whole conversation in 'input'"));
  if (auto text = f.object("text")) {
    const QString type = text->value(QStringLiteral("format")).toObject().value(QStringLiteral("type")).toString(QStringLiteral("text"));
    if (type != QLatin1String("text")) f.bad(QStringLiteral("text.format"), QStringLiteral("'text.format' type '%1' is not supported by this service; use text").arg(type));
  }
  f.object("reasoning");
  f.array("include");
  f.string("truncation");
  tools(f);
  return f.error;
}

}  // namespace ct::serve
