#include "fpga/link_protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include "util/text.h"

namespace ct::fpga::link {

QByteArray frame(const QByteArray& payload) {
  QByteArray out(4, '\0');
  const uint32_t n = static_cast<uint32_t>(payload.size());
  out[0] = static_cast<char>(n >> 24);
  out[1] = static_cast<char>(n >> 16);
  out[2] = static_cast<char>(n >> 8);
  out[3] = static_cast<char>(n);
  return out + payload;
}

FrameDecoder::Status FrameDecoder::next(QByteArray* payload) {
  if (buffer_.size() < 4) return Status::NeedMore;
  const auto* b = reinterpret_cast<const uint8_t*>(buffer_.constData());
  declared_ = (static_cast<int64_t>(b[0]) << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
  if (declared_ > max_) return Status::TooLarge;
  if (buffer_.size() < 4 + declared_) return Status::NeedMore;
  *payload = buffer_.mid(4, declared_);
  buffer_.remove(0, 4 + declared_);
  declared_ = -1;
  return Status::Frame;
}

bool isValidUtf8(const QByteArray& bytes) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.constData());
  const int64_t n = bytes.size();
  for (int64_t i = 0; i < n;) {
    const uint8_t c = p[i];
    int len;
    uint32_t cp;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

namespace {

bool isInt(const QJsonValue& v) { return v.isDouble() && v.toDouble() == static_cast<double>(static_cast<int64_t>(v.toDouble())); }

QString checkMessages(const QJsonValue& v) {
  if (!v.isArray() || v.toArray().isEmpty()) return QStringLiteral("\"messages\" must be a non-empty array");
  const QJsonArray a = v.toArray();
  for (int i = 0; i < a.size(); ++i) {
    if (!a[i].isObject()) return QStringLiteral("messages[%1] must be an object").arg(i);
    const QJsonObject m = a[i].toObject();
    if (!m.value(QStringLiteral("role")).isString()) return QStringLiteral("messages[%1].role must be a string").arg(i);
    const QJsonValue c = m.value(QStringLiteral("content"));
    if (!c.isString() && !c.isArray() && !c.isNull()) return QStringLiteral("messages[%1].content must be a string or a list of parts").arg(i);
  }
  return {};
}

// Shared by both modes: sampling fields, when present, must have sane types and ranges.
QString checkSampling(const QJsonObject& o) {
  const QJsonValue t = o.value(QStringLiteral("temperature"));
  if (!t.isUndefined() && !t.isNull() && (!t.isDouble() || t.toDouble() < 0 || t.toDouble() > 10)) return QStringLiteral("\"temperature\" must be a number from 0 to 10");
  const QJsonValue p = o.value(QStringLiteral("top_p"));
  if (!p.isUndefined() && !p.isNull() && (!p.isDouble() || p.toDouble() <= 0 || p.toDouble() > 1)) return QStringLiteral("\"top_p\" must be a number in (0, 1]");
  const QJsonValue k = o.value(QStringLiteral("top_k"));
  if (!k.isUndefined() && !k.isNull() && (!isInt(k) || k.toDouble() < 0)) return QStringLiteral("\"top_k\" must be a whole number ≥ 0");
  const QJsonValue m = o.value(QStringLiteral("max_tokens"));
  if (!m.isUndefined() && !m.isNull() && (!isInt(m) || m.toDouble() < 1 || m.toDouble() > 1e7)) return QStringLiteral("\"max_tokens\" must be a whole number ≥ 1");
  const QJsonValue s = o.value(QStringLiteral("seed"));
  if (!s.isUndefined() && !s.isNull() && !isInt(s)) return QStringLiteral("\"seed\" must be a whole number");
  return {};
}

}  // namespace

std::optional<QJsonObject> parseMessage(const QByteArray& payload, QString* error) {
  auto fail = [&](const QString& why) {
    if (error) *error = why;
    return std::nullopt;
  };
  if (!isValidUtf8(payload)) return fail(QStringLiteral("the frame is not valid UTF-8"));
  QJsonParseError pe{};
  const QJsonDocument d = ct::text::parseJson(payload, &pe);
  if (pe.error != QJsonParseError::NoError || !d.isObject()) return fail(QStringLiteral("the frame is not a JSON object (%1)").arg(pe.error ? pe.errorString() : QStringLiteral("not an object")));
  const QJsonObject o = d.object();
  const QString type = o.value(QStringLiteral("type")).toString();
  static const QSet<QString> known{QStringLiteral("hello"), QStringLiteral("generate"), QStringLiteral("token"), QStringLiteral("done"),
                                   QStringLiteral("score"),  QStringLiteral("scored"),   QStringLiteral("error"), QStringLiteral("cancel"),
                                   QStringLiteral("ping"),   QStringLiteral("pong")};
  if (!known.contains(type)) return fail(QStringLiteral("unknown or missing \"type\" (%1)").arg(type.isEmpty() ? QStringLiteral("none") : type));
  const bool needsId = type != QLatin1String("hello") && type != QLatin1String("ping") && type != QLatin1String("pong") && type != QLatin1String("error");
  const QJsonValue id = o.value(QStringLiteral("id"));
  if (needsId && (!id.isString() || id.toString().isEmpty() || id.toString().size() > 200)) return fail(QStringLiteral("\"%1\" needs a string \"id\" (1–200 characters)").arg(type));
  if (type == QLatin1String("hello") && !isInt(o.value(QStringLiteral("version")))) return fail(QStringLiteral("\"hello\" needs a whole-number \"version\""));
  if (type == QLatin1String("generate")) {
    // A conversation (through the chat template), or a raw prompt as text or token ids.
    QString why;
    if (o.contains(QStringLiteral("prompt")) || o.contains(QStringLiteral("prompt_ids"))) {
      if (o.contains(QStringLiteral("prompt")) && !o.value(QStringLiteral("prompt")).isString()) why = QStringLiteral("\"prompt\" must be a string");
      const QJsonValue ids = o.value(QStringLiteral("prompt_ids"));
      if (!ids.isUndefined()) {
        if (!ids.isArray() || ids.toArray().isEmpty()) why = QStringLiteral("\"prompt_ids\" must be a non-empty array of token ids");
        else
          for (const QJsonValue v : ids.toArray())
            if (!isInt(v) || v.toDouble() < 0) why = QStringLiteral("\"prompt_ids\" must be whole numbers ≥ 0");
      }
    } else {
      why = checkMessages(o.value(QStringLiteral("messages")));
    }
    if (why.isEmpty()) why = checkSampling(o);
    if (!why.isEmpty()) return fail(QStringLiteral("generate: %1").arg(why));
  }
  if (type == QLatin1String("score")) {
    const QJsonValue ids = o.value(QStringLiteral("token_ids"));
    if (ids.isArray()) {
      const QJsonArray a = ids.toArray();
      if (a.isEmpty() || a.size() > 1'000'000) return fail(QStringLiteral("score: \"token_ids\" must hold 1 to 1,000,000 ids"));
      for (const QJsonValue v : a)
        if (!isInt(v) || v.toDouble() < 0) return fail(QStringLiteral("score: \"token_ids\" must be whole numbers ≥ 0"));
    } else if (!o.value(QStringLiteral("text")).isString()) {
      return fail(QStringLiteral("score: \"text\" must be a string (or give \"token_ids\")"));
    }
  }
  if (type == QLatin1String("token") && !o.value(QStringLiteral("text")).isString()) return fail(QStringLiteral("token: \"text\" must be a string"));
  return o;
}

QByteArray messageFrame(const QJsonObject& message) { return frame(QJsonDocument(message).toJson(QJsonDocument::Compact)); }

QJsonObject errorMessage(const QString& id, const QString& code, const QString& message) {
  QJsonObject o{{QStringLiteral("type"), QStringLiteral("error")}, {QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
  if (!id.isEmpty()) o.insert(QStringLiteral("id"), id);
  return o;
}

std::optional<QJsonObject> parseLegacyRequest(const QByteArray& payload, const QByteArray& endMarker, QString* error) {
  auto fail = [&](const QString& why) {
    if (error) *error = why;
    return std::nullopt;
  };
  if (!payload.endsWith(endMarker)) return fail(QStringLiteral("the request does not end with the end marker"));
  const QByteArray body = payload.left(payload.size() - endMarker.size());
  if (!isValidUtf8(body)) return fail(QStringLiteral("the request is not valid UTF-8"));
  QJsonParseError pe{};
  const QJsonDocument d = ct::text::parseJson(body, &pe);
  if (!d.isObject()) return fail(QStringLiteral("the request is not a JSON object (%1)").arg(pe.errorString()));
  const QJsonObject o = d.object();
  QString why = checkMessages(o.value(QStringLiteral("messages")));
  if (why.isEmpty()) why = checkSampling(o);
  if (!why.isEmpty()) return fail(why);
  return o;
}

QByteArray legacyFrame(const QString& text, const QByteArray& endMarker) { return frame(text.toUtf8() + endMarker); }

QByteArray legacyRequestFrame(const QJsonObject& request, const QByteArray& endMarker) {
  return frame(QJsonDocument(request).toJson(QJsonDocument::Compact) + endMarker);
}

}  // namespace ct::fpga::link
