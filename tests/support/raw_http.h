#pragma once
// HTTP/1.1 over a plain socket, for tests that must control every byte (and read every byte back).
#include <QByteArray>
#include <QJsonObject>

namespace ct::test {

struct HttpReply {
  int status = 0;  // 0: no response (connection refused, closed or timed out)
  QByteArray headers, body;
  QJsonObject json() const;
  QByteArray header(const QByteArray& name) const;  // first value, name case-insensitive
};

// One request with Connection: close; the whole response read back, chunked bodies joined.
HttpReply httpRequest(quint16 port, const QByteArray& method, const QByteArray& path, const QByteArray& body,
                      const QByteArray& key = "sk-test", int timeoutMs = 30000);
// Bytes written as they are; everything the server sends until it closes (or timeoutMs passes).
QByteArray rawExchange(quint16 port, const QByteArray& bytes, int timeoutMs = 10000);
// Splits one raw response into status, headers and (de-chunked) body.
HttpReply parseResponse(const QByteArray& raw);

}  // namespace ct::test
