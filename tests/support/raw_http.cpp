#include "raw_http.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTcpSocket>

namespace ct::test {

QJsonObject HttpReply::json() const { return QJsonDocument::fromJson(body).object(); }

QByteArray HttpReply::header(const QByteArray& name) const {
  for (const QByteArray& line : headers.split('\n')) {
    const int colon = static_cast<int>(line.indexOf(':'));
    if (colon > 0 && line.left(colon).trimmed().toLower() == name.toLower()) return line.mid(colon + 1).trimmed();
  }
  return {};
}

HttpReply parseResponse(const QByteArray& all) {
  HttpReply h;
  const int end = static_cast<int>(all.indexOf("\r\n\r\n"));
  if (!all.startsWith("HTTP/1.") || end < 0) return h;
  h.headers = all.left(end);
  h.status = h.headers.mid(9, 3).toInt();
  QByteArray raw = all.mid(end + 4);
  if (h.headers.toLower().contains("transfer-encoding: chunked")) {
    while (!raw.isEmpty()) {
      const int nl = static_cast<int>(raw.indexOf("\r\n"));
      if (nl < 0) break;
      const int n = static_cast<int>(raw.left(nl).toInt(nullptr, 16));
      if (n == 0) break;
      h.body += raw.mid(nl + 2, n);
      raw = raw.mid(nl + 2 + n + 2);
    }
  } else {
    const QByteArray length = h.header("content-length");
    h.body = length.isEmpty() ? raw : raw.left(length.toInt());
  }
  return h;
}

QByteArray rawExchange(quint16 port, const QByteArray& bytes, int timeoutMs) {
  QTcpSocket s;
  s.connectToHost(QStringLiteral("127.0.0.1"), port);
  if (!s.waitForConnected(5000)) return {};
  s.write(bytes);
  QByteArray all;
  QElapsedTimer t;
  t.start();
  while (s.state() == QAbstractSocket::ConnectedState && t.elapsed() < timeoutMs) {
    if (s.waitForReadyRead(static_cast<int>(std::max<qint64>(1, timeoutMs - t.elapsed())))) all += s.readAll();
  }
  all += s.readAll();
  return all;
}

HttpReply httpRequest(quint16 port, const QByteArray& method, const QByteArray& path, const QByteArray& body, const QByteArray& key, int timeoutMs) {
  QByteArray req = method + ' ' + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n";
  if (!key.isEmpty()) req += "Authorization: Bearer " + key + "\r\n";
  req += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
  return parseResponse(rawExchange(port, req, timeoutMs));
}

}  // namespace ct::test
