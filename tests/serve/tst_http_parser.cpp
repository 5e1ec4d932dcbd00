// The HTTP request parser on its own: every limit and malformation with the status it must give,
// bodies by length and chunked, pipelining without recursion, and bytes fed one at a time.
#include <QtTest>

#include "serve/http_parser.h"

using ct::serve::HttpLimits;
using ct::serve::HttpRequestParser;
using Status = HttpRequestParser::Status;

namespace {

struct Parsed {
  Status status;
  int error = 0;
  ct::serve::HttpRequest request;
  int64_t end = 0;
};

Parsed parseOnce(const QByteArray& bytes, HttpLimits limits = {}) {
  HttpRequestParser p(limits);
  Parsed out{p.parse(bytes)};
  if (out.status == Status::Error) out.error = p.errorStatus();
  if (out.status == Status::Done) {
    out.request = p.request();
    out.end = p.end();
  }
  return out;
}

}  // namespace

class TstHttpParser : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void simpleGet() {
    const Parsed r = parseOnce("GET /health?x=1 HTTP/1.1\r\nHost: a\r\nX-A: 1\r\nx-a: 2\r\n\r\n");
    QCOMPARE(r.status, Status::Done);
    QCOMPARE(r.request.method, QByteArray("GET"));
    QCOMPARE(r.request.path, QByteArray("/health"));
    QCOMPARE(r.request.query, QByteArray("x=1"));
    QCOMPARE(r.request.headers.value("x-a"), QByteArray("1, 2"));
    QVERIFY(r.request.keepAlive);
  }

  void keepAliveRules() {
    QVERIFY(!parseOnce("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").request.keepAlive);
    QVERIFY(!parseOnce("GET / HTTP/1.0\r\n\r\n").request.keepAlive);
    QVERIFY(parseOnce("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").request.keepAlive);
  }

  void contentLengthBody() {
    const Parsed r = parseOnce("POST /v1/x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET");
    QCOMPARE(r.status, Status::Done);
    QCOMPARE(r.request.body, QByteArray("hello"));
    QCOMPARE(r.end, 47);
    QCOMPARE(parseOnce("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhel").status, Status::NeedMore);
  }

  void malformed_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::newRow("conflicting lengths") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!") << 400;
    QTest::newRow("plus sign") << QByteArray("POST / HTTP/1.1\r\nContent-Length: +119\r\n\r\n") << 400;
    QTest::newRow("negative") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << 400;
    QTest::newRow("hex length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n") << 400;
    QTest::newRow("huge length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n") << 413;
    QTest::newRow("over the body limit") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 4194305\r\n\r\n") << 413;
    QTest::newRow("length and chunked") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n") << 400;
    QTest::newRow("gzip coding") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") << 501;
    QTest::newRow("chunked on 1.0") << QByteArray("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") << 400;
    QTest::newRow("http/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 505;
    QTest::newRow("http/1.2") << QByteArray("GET / HTTP/1.2\r\n\r\n") << 505;
    QTest::newRow("garbage version") << QByteArray("GET / HTXP/1.1\r\n\r\n") << 400;
    QTest::newRow("two spaces") << QByteArray("GET  / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("no target") << QByteArray("GET HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("relative target") << QByteArray("GET health HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("bad method") << QByteArray("G(T / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("bare LF lines") << QByteArray("GET / HTTP/1.1\nHost: a\n\r\n\r\n") << 400;
    QTest::newRow("folded header") << QByteArray("GET / HTTP/1.1\r\nA: 1\r\n  2\r\n\r\n") << 400;
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : a\r\n\r\n") << 400;
    QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost\r\n\r\n") << 400;
    QTest::newRow("NUL in value") << QByteArray("GET / HTTP/1.1\r\nA: x\0y\r\n\r\n", 26) << 400;
    QTest::newRow("two hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
    QTest::newRow("bad chunk size") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << 400;
    QTest::newRow("chunk without CRLF") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n") << 400;
    QTest::newRow("chunks over the limit") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n400001\r\n") << 413;
  }
  void malformed() {
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    const Parsed r = parseOnce(bytes);
    QCOMPARE(r.status, Status::Error);
    QCOMPARE(r.error, status);
  }

  void headLimitsApplyAfterTheBlankLineToo() {
    QByteArray many = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 10000; ++i) many += "X-" + QByteArray::number(i) + ": 1\r\n";
    QCOMPARE(parseOnce(many + "\r\n").error, 431);
    QCOMPARE(parseOnce(many).error, 431);  // and before it
    QCOMPARE(parseOnce("GET / HTTP/1.1\r\nCookie: " + QByteArray(100 * 1024, 'c') + "\r\n\r\n").error, 431);
    QCOMPARE(parseOnce("GET /" + QByteArray(100 * 1024, 'u') + " HTTP/1.1\r\n\r\n").error, 431);
    QByteArray fields = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 101; ++i) fields += "A" + QByteArray::number(i) + ": 1\r\n";
    QCOMPARE(parseOnce(fields + "\r\n").error, 431);
  }

  void chunkedBody() {
    const QByteArray bytes = "POST /v1/x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\nNEXT";
    const Parsed r = parseOnce(bytes);
    QCOMPARE(r.status, Status::Done);
    QCOMPARE(r.request.body, QByteArray("hello world"));
    QCOMPARE(r.end, bytes.size() - 4);
  }

  void oneByteAtATime() {
    const QByteArray bytes = "\r\nPOST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nxy";
    HttpRequestParser p;
    QByteArray buf;
    QList<QByteArray> seen;
    for (char c : bytes) {
      buf += c;
      while (p.parse(buf) == Status::Done) {
        seen << p.request().method + p.request().path + p.request().body;
        p.reset(p.end());
      }
    }
    QCOMPARE(seen, (QList<QByteArray>{"POST/aabc", "GET/bxy"}));
  }

  void tenThousandPipelinedRequests() {
    QByteArray buf;
    for (int i = 0; i < 10000; ++i) buf += "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    HttpRequestParser p;
    int n = 0;
    while (p.parse(buf) == Status::Done) {
      ++n;
      p.reset(p.end());
    }
    QCOMPARE(n, 10000);
  }

  void absoluteFormTarget() {
    const Parsed r = parseOnce("GET http://127.0.0.1:8000/v1/models?a HTTP/1.1\r\n\r\n");
    QCOMPARE(r.request.path, QByteArray("/v1/models"));
  }
};

QTEST_GUILESS_MAIN(TstHttpParser)
#include "tst_http_parser.moc"
