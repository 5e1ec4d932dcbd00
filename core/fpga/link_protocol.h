#pragma once
// The FPGA link (docs/fpga-link.md): frames of a 4-byte big-endian length and a UTF-8 payload.
// Legacy mode: payload = JSON request + end marker, reply = text + end marker. CT mode,
// negotiated by a first "hello" frame: JSON objects with a type and a request id.
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <optional>

namespace ct::fpga::link {

constexpr int kVersion = 1;
constexpr int64_t kDefaultMaxFrame = 8 << 20;

QByteArray frame(const QByteArray& payload);

// Splits a byte stream into frame payloads; refuses a declared length over the limit.
class FrameDecoder {
 public:
  explicit FrameDecoder(int64_t maxFrame = kDefaultMaxFrame) : max_(maxFrame) {}
  enum class Status { NeedMore, Frame, TooLarge };
  void feed(const QByteArray& bytes) { buffer_ += bytes; }
  Status next(QByteArray* payload);
  bool partial() const { return !buffer_.isEmpty(); }  // bytes of an unfinished frame are waiting
  int64_t declared() const { return declared_; }

 private:
  int64_t max_;
  QByteArray buffer_;
  int64_t declared_ = -1;
};

bool isValidUtf8(const QByteArray& bytes);

// A CT-mode message: a JSON object whose "type" is known and whose fields have the right types.
// The reason names the field and what was wrong.
std::optional<QJsonObject> parseMessage(const QByteArray& payload, QString* error);
QByteArray messageFrame(const QJsonObject& message);
QJsonObject errorMessage(const QString& id, const QString& code, const QString& message);

// Legacy mode.
std::optional<QJsonObject> parseLegacyRequest(const QByteArray& payload, const QByteArray& endMarker, QString* error);
QByteArray legacyFrame(const QString& text, const QByteArray& endMarker);
QByteArray legacyRequestFrame(const QJsonObject& request, const QByteArray& endMarker);

}  // namespace ct::fpga::link
