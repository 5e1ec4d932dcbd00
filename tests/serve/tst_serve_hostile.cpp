// A hostile-client suite against `ct serve` + `ct host` (float demo model): several hundred
// generated requests across methods, routes, versions, headers, lengths, encodings, nesting,
// numbers, every field of every generation route with every wrong type, stop strings and
// pipelining. Each answer must have the expected status and an OpenAI-shaped body, and the service
// must still be healthy after each batch.
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>
#include <functional>

#include "ct_child.h"
#include "raw_http.h"

using namespace ct::test;

namespace {

const QString kDemo = QStringLiteral(CT_SOURCE_DIR "/resources/demo-model");

using Valid = std::function<bool(const QJsonValue&)>;
bool isNum(const QJsonValue& v, double lo, double hi) { return v.isDouble() && v.toDouble() >= lo && v.toDouble() <= hi; }
bool isWhole(const QJsonValue& v, double lo, double hi) { return isNum(v, lo, hi) && v.toDouble() == std::floor(v.toDouble()); }

struct Field {
  const char* name;
  Valid valid;  // null is always allowed for optional fields; see required
  bool required = false;
};

// The values every field is tried with: one of each JSON type and a few awkward numbers.
const QList<QByteArray> kValues{R"("x")", "true", "[]", "{}", "1.5", "-1", "1e308", "null", "0", R"(["a"])"};

QList<Field> chatFields() {
  return {
      {"messages", [](const QJsonValue&) { return false; }, true},
      {"model", [](const QJsonValue& v) { return v.isString(); }},
      {"temperature", [](const QJsonValue& v) { return isNum(v, 0, 2); }},
      {"top_p", [](const QJsonValue& v) { return isNum(v, 1e-9, 1); }},
      {"max_tokens", [](const QJsonValue& v) { return isWhole(v, 1, 4096); }},
      {"max_completion_tokens", [](const QJsonValue& v) { return isWhole(v, 1, 4096); }},
      {"seed", [](const QJsonValue& v) { return isWhole(v, -9.2e18, 9.2e18); }},
      {"n", [](const QJsonValue& v) { return isWhole(v, 1, 1); }},
      {"stream", [](const QJsonValue& v) { return v.isBool(); }},
      {"stream_options", [](const QJsonValue&) { return false; }},  // never without stream
      {"stop", [](const QJsonValue& v) { return v.isString() || v.isArray(); }},
      {"logprobs", [](const QJsonValue& v) { return v.isBool(); }},
      {"top_logprobs", [](const QJsonValue&) { return false; }},    // never without logprobs
      {"logit_bias", [](const QJsonValue& v) { return v.isObject(); }},
      {"user", [](const QJsonValue& v) { return v.isString(); }},
      {"tools", [](const QJsonValue& v) { return v.isArray() && v.toArray().isEmpty(); }},
      {"tool_choice", [](const QJsonValue&) { return false; }},
      {"parallel_tool_calls", [](const QJsonValue& v) { return v.isBool(); }},
      {"response_format", [](const QJsonValue&) { return false; }},
      {"presence_penalty", [](const QJsonValue& v) { return isNum(v, -2, 2); }},
      {"frequency_penalty", [](const QJsonValue& v) { return isNum(v, -2, 2); }},
      {"metadata", [](const QJsonValue& v) { return v.isObject(); }},
      {"store", [](const QJsonValue& v) { return v.isBool(); }},
  };
}

QList<Field> completionFields() {
  return {
      {"prompt", [](const QJsonValue& v) { return v.isString() || (v.isArray() && v.toArray().size() == 1 && v.toArray().first().isString()); }, true},
      {"model", [](const QJsonValue& v) { return v.isString(); }},
      {"max_tokens", [](const QJsonValue& v) { return isWhole(v, 1, 4096); }},
      {"temperature", [](const QJsonValue& v) { return isNum(v, 0, 2); }},
      {"top_p", [](const QJsonValue& v) { return isNum(v, 1e-9, 1); }},
      {"n", [](const QJsonValue& v) { return isWhole(v, 1, 1); }},
      {"stream", [](const QJsonValue& v) { return v.isBool() && !v.toBool(); }},
      {"stop", [](const QJsonValue& v) { return v.isString() || v.isArray(); }},
      {"logprobs", [](const QJsonValue& v) { return isWhole(v, 0, 5); }},
      {"echo", [](const QJsonValue& v) { return v.isBool(); }},
      {"suffix", [](const QJsonValue&) { return false; }},
      {"best_of", [](const QJsonValue& v) { return isWhole(v, 1, 1); }},
      {"seed", [](const QJsonValue& v) { return isWhole(v, -9.2e18, 9.2e18); }},
      {"user", [](const QJsonValue& v) { return v.isString(); }},
      {"logit_bias", [](const QJsonValue& v) { return v.isObject(); }},
  };
}

QList<Field> responseFields() {
  return {
      {"input", [](const QJsonValue& v) { return v.isString(); }, true},
      {"model", [](const QJsonValue& v) { return v.isString(); }},
      {"instructions", [](const QJsonValue& v) { return v.isString(); }},
      {"max_output_tokens", [](const QJsonValue& v) { return isWhole(v, 1, 4096); }},
      {"temperature", [](const QJsonValue& v) { return isNum(v, 0, 2); }},
      {"top_p", [](const QJsonValue& v) { return isNum(v, 1e-9, 1); }},
      {"stream", [](const QJsonValue& v) { return v.isBool(); }},
      {"previous_response_id", [](const QJsonValue&) { return false; }},
      {"text", [](const QJsonValue& v) { return v.isObject(); }},
      {"tools", [](const QJsonValue& v) { return v.isArray() && v.toArray().isEmpty(); }},
      {"metadata", [](const QJsonValue& v) { return v.isObject(); }},
      {"store", [](const QJsonValue& v) { return v.isBool(); }},
      {"user", [](const QJsonValue& v) { return v.isString(); }},
  };
}

struct Case {
  QByteArray name, path, body;
  int status;
  QString param;
};

QList<Case> fieldCases(const QByteArray& path, const QJsonObject& base, const QList<Field>& fields) {
  QList<Case> out;
  for (const Field& f : fields) {
    for (const QByteArray& raw : kValues) {
      const QJsonValue v = QJsonDocument::fromJson("[" + raw + "]").array().first();
      QJsonObject body = base;
      body.insert(QLatin1String(f.name), v);
      int status = 400;
      if (v.isNull()) status = f.required ? 400 : 200;
      else if (f.valid(v)) status = qstrcmp(f.name, "model") == 0 ? 404 : 200;
      // The served model's own name is accepted; any other is 404 (after the body passed).
      out.append({path + ' ' + f.name + '=' + raw, path, QJsonDocument(body).toJson(QJsonDocument::Compact), status,
                  status == 400 ? QString::fromLatin1(f.name) : QString()});
    }
  }
  return out;
}

void checkShape(const HttpReply& r, const Case& c) {
  QVERIFY2(r.status == c.status, qPrintable(QStringLiteral("%1: status %2, expected %3: %4").arg(QString::fromUtf8(c.name)).arg(r.status).arg(c.status).arg(QString::fromUtf8(r.body.left(300)))));
  if (r.status >= 400) {
    const QJsonObject e = r.json().value(QStringLiteral("error")).toObject();
    QVERIFY2(e.value(QStringLiteral("message")).isString() && !e.value(QStringLiteral("message")).toString().isEmpty(), c.name.constData());
    QVERIFY2(e.value(QStringLiteral("type")).isString() && e.contains(QStringLiteral("param")) && e.contains(QStringLiteral("code")), c.name.constData());
    if (!c.param.isEmpty())
      QVERIFY2(e.value(QStringLiteral("param")).toString().startsWith(c.param), qPrintable(QStringLiteral("%1: param %2").arg(QString::fromUtf8(c.name), e.value(QStringLiteral("param")).toString())));
  }
}

}  // namespace

class TstServeHostile : public QObject {
  Q_OBJECT
  CtChild host_, serve_;
  quint16 port_ = 0;
  int cases_ = 0;

  HttpReply send(const QByteArray& method, const QByteArray& path, const QByteArray& body, const QByteArray& key = "sk-h") {
    ++cases_;
    return httpRequest(port_, method, path, body, key, 30000);
  }
  HttpReply raw(const QByteArray& bytes) {
    ++cases_;
    return parseResponse(rawExchange(port_, bytes, 10000));
  }
  void alive() { QCOMPARE(httpRequest(port_, "GET", "/health", {}).status, 200); }

 private Q_SLOTS:
  void initTestCase() {
    const quint16 h = host_.start({QStringLiteral("host"), QStringLiteral("--model"), kDemo, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    QVERIFY(h > 0);
    serve_.setInput("sk-h\n");
    port_ = serve_.start({QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:%1").arg(h), QStringLiteral("--port"), QStringLiteral("0"),
                          QStringLiteral("--api-key-stdin"), QStringLiteral("--model-name"), QStringLiteral("demo"), QStringLiteral("--body-limit"),
                          QStringLiteral("262144"), QStringLiteral("--max-tokens"), QStringLiteral("2")});
    QVERIFY(port_ > 0);
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest(port_, "GET", "/health", {}).status, 200, 10000);
  }

  void cleanupTestCase() {
    qInfo("%d hostile cases sent", cases_);
    QVERIFY(cases_ >= 500);
    QVERIFY(serve_.running());
    serve_.stop();
    QCOMPARE(serve_.process().exitCode(), 0);
  }

  // Every field of every generation route with every JSON type and a few awkward numbers.
  void everyFieldWithEveryType() {
    const QJsonObject msg{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), QStringLiteral("What is 2 + 3?")}};
    QList<Case> cases = fieldCases("/v1/chat/completions", {{QStringLiteral("messages"), QJsonArray{msg}}, {QStringLiteral("temperature"), 0}}, chatFields());
    cases += fieldCases("/v1/completions", {{QStringLiteral("prompt"), QStringLiteral("What is")}, {QStringLiteral("temperature"), 0}}, completionFields());
    cases += fieldCases("/v1/responses", {{QStringLiteral("input"), QStringLiteral("What is 2 + 3?")}, {QStringLiteral("temperature"), 0}}, responseFields());
    int n = 0;
    for (const Case& c : cases) {
      checkShape(send("POST", c.path, c.body), c);
      if (++n % 50 == 0) alive();
    }
    alive();
  }

  void methodsAndRoutes() {
    const QList<QByteArray> methods{"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO"};
    const QList<QByteArray> routes{"/health", "/v1/models", "/v1/models/demo", "/v1/models/other", "/v1/chat/completions", "/v1/completions", "/v1/responses", "/nope", "/v1/"};
    for (const QByteArray& route : routes) {
      for (const QByteArray& m : methods) {
        const bool read = m == "GET" || m == "HEAD";
        int expected = 404;
        if (route == "/health" || route == "/v1/models" || route == "/v1/models/demo") expected = read ? 200 : 405;
        else if (route == "/v1/models/other") expected = read ? 404 : 405;
        else if (route.startsWith("/v1/c") || route == "/v1/responses") expected = m == "POST" ? 400 : 405;  // empty body: not JSON
        const HttpReply r = send(m, route, {});
        QVERIFY2(r.status == expected, qPrintable(QStringLiteral("%1 %2 → %3, expected %4").arg(QString::fromLatin1(m), QString::fromLatin1(route)).arg(r.status).arg(expected)));
        if (m == "HEAD") QVERIFY(r.body.isEmpty());
        if (expected == 405) QVERIFY(!r.header("allow").isEmpty());
        // Without a key: every route but /health (and unknown ones) is 401.
        const HttpReply anon = send(m, route, {}, {});
        const bool keyed = route != "/health" && expected != 404 && route != "/v1/models/other";
        if (keyed) QCOMPARE(anon.status, 401);
      }
    }
    alive();
  }

  void versionsAndRequestLines_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::newRow("1.0") << QByteArray("GET /health HTTP/1.0\r\n\r\n") << 200;
    QTest::newRow("1.1") << QByteArray("GET /health HTTP/1.1\r\nConnection: close\r\n\r\n") << 200;
    QTest::newRow("2.0") << QByteArray("GET /health HTTP/2.0\r\n\r\n") << 505;
    QTest::newRow("0.9") << QByteArray("GET /health HTTP/0.9\r\n\r\n") << 505;
    QTest::newRow("preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 505;
    QTest::newRow("lower case") << QByteArray("GET /health http/1.1\r\n\r\n") << 400;
    QTest::newRow("suffix") << QByteArray("GET /health HTTP/1.1x\r\n\r\n") << 400;
    QTest::newRow("two digits") << QByteArray("GET /health HTTP/10.1\r\n\r\n") << 400;
    QTest::newRow("no version") << QByteArray("GET /health\r\n\r\n") << 400;
    QTest::newRow("tab separated") << QByteArray("GET\t/health\tHTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("control in path") << QByteArray("GET /hea\x01lth HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("absolute form") << QByteArray("GET http://a/health HTTP/1.1\r\nConnection: close\r\n\r\n") << 200;
    QTest::newRow("asterisk") << QByteArray("OPTIONS * HTTP/1.1\r\nConnection: close\r\n\r\n") << 404;
    QTest::newRow("leading empty lines") << QByteArray("\r\n\r\nGET /health HTTP/1.1\r\nConnection: close\r\n\r\n") << 200;
    QTest::newRow("random bytes") << QByteArray::fromHex("160301020001000001fc03030d0a0d0a") << 400;
    QTest::newRow("bare LF") << QByteArray("GET /health HTTP/1.1\n\n\r\n\r\n") << 400;
  }
  void versionsAndRequestLines() {
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    const HttpReply r = raw(bytes);
    QCOMPARE(r.status, status);
    if (status >= 400) QVERIFY(r.json().value(QStringLiteral("error")).toObject().contains(QStringLiteral("param")));
    alive();
  }

  void headersAndLengths() {
    const QByteArray body = R"({"messages":[{"role":"user","content":"What is 2 + 3?"}],"temperature":0})";
    auto post = [&](const QByteArray& headers, const QByteArray& payload) {
      return raw("POST /v1/chat/completions HTTP/1.1\r\nAuthorization: Bearer sk-h\r\nConnection: close\r\n" + headers + "\r\n" + payload);
    };
    const QByteArray len = "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    QCOMPARE(post(len, body).status, 200);
    QCOMPARE(post(len + len, body).status, 200);  // the same length twice is not ambiguous
    QCOMPARE(post(len + "Content-Length: 1\r\n", body).status, 400);
    QCOMPARE(post("Content-Length: +" + QByteArray::number(body.size()) + "\r\n", body).status, 400);
    QCOMPARE(post("Content-Length: " + QByteArray::number(body.size()) + "0\r\n", body).status, 0);  // waits for bytes that never come; closed by us
    QCOMPARE(post("Content-Length: 262145\r\n", body).status, 413);
    QCOMPARE(post("Content-Length: 99999999999999999999\r\n", body).status, 413);
    QCOMPARE(post("Transfer-Encoding: chunked\r\n" + len, body).status, 400);
    QCOMPARE(post("Transfer-Encoding: gzip\r\n", body).status, 501);
    QCOMPARE(post("Transfer-Encoding: chunked\r\n", QByteArray::number(body.size(), 16) + "\r\n" + body + "\r\n0\r\n\r\n").status, 200);
    QCOMPARE(post("Transfer-Encoding: chunked\r\n", "zz\r\n" + body).status, 400);
    QCOMPARE(post("Transfer-Encoding: chunked\r\n", "40001\r\n").status, 413);
    QCOMPARE(post("X: a\r\n b\r\n" + len, body).status, 400);
    QCOMPARE(post("Bad Header: 1\r\n" + len, body).status, 400);
    QCOMPARE(post("NoColon\r\n" + len, body).status, 400);
    QCOMPARE(post("Host: a\r\nHost: b\r\n" + len, body).status, 400);
    QCOMPARE(post("Cookie: " + QByteArray(40 * 1024, 'c') + "\r\n" + len, body).status, 431);
    QByteArray many;
    for (int i = 0; i < 200; ++i) many += "X-" + QByteArray::number(i) + ": v\r\n";
    QCOMPARE(post(many + len, body).status, 431);
    QCOMPARE(raw("GET /health HTTP/1.1\r\n" + many.repeated(60) + "\r\n").status, 431);
    QCOMPARE(raw("GET /" + QByteArray(100 * 1024, 'u') + " HTTP/1.1\r\n\r\n").status, 431);
    // Keys: scheme case, spacing, wrong and empty keys.
    QCOMPARE(send("GET", "/v1/models", {}, {}).status, 401);
    QCOMPARE(raw("GET /v1/models HTTP/1.1\r\nConnection: close\r\nAuthorization: BEARER sk-h\r\n\r\n").status, 200);
    QCOMPARE(raw("GET /v1/models HTTP/1.1\r\nConnection: close\r\nAuthorization: Bearer   sk-h  \r\n\r\n").status, 200);
    QCOMPARE(raw("GET /v1/models HTTP/1.1\r\nConnection: close\r\nAuthorization: Basic c2staA==\r\n\r\n").status, 401);
    QCOMPARE(raw("GET /v1/models HTTP/1.1\r\nConnection: close\r\nAuthorization: Bearer sk-H\r\n\r\n").status, 401);
    QCOMPARE(raw("GET /v1/models HTTP/1.1\r\nConnection: close\r\nAuthorization: Bearer\r\n\r\n").status, 401);
    alive();
  }

  void encodingsNestingAndNumbers() {
    auto chat = [&](const QByteArray& body) { return send("POST", "/v1/chat/completions", body); };
    const QByteArray pre = "{\"messages\":[{\"role\":\"user\",\"content\":\"", post = "\"}],\"max_tokens\":2}";
    QCOMPARE(chat(pre + "\xff\xfe" + post).status, 400);                       // invalid UTF-8
    QCOMPARE(chat(pre + "\xc0\xaf" + post).status, 400);                       // overlong encoding
    QCOMPARE(chat(pre + "\xed\xa0\x80" + post).status, 400);                   // an encoded surrogate
    QCOMPARE(chat(pre + "caf\xc3\xa9 \xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x98\x80" + post).status, 200);  // real UTF-8 is fine
    QCOMPARE(chat(pre + "\\ud83d\\ude00 \\u0000 \\n" + post).status, 200);     // escapes, NUL included
    QCOMPARE(chat("\xef\xbb\xbf" + pre + "x" + post).status, 200);             // a BOM before the JSON is skipped
    QCOMPARE(chat(QByteArray("{\0\"messages\":1}", 15)).status, 400);
    QCOMPARE(chat(QByteArray(100000, '[') + QByteArray(100000, ']')).status, 400);
    QCOMPARE(chat("{\"messages\":" + QByteArray(2000, '[') + QByteArray(2000, ']') + "}").status, 400);
    QCOMPARE(chat("{\"messages\":[{\"role\":\"user\",\"content\":[" + QByteArray("{\"type\":\"text\",\"text\":\"a\"},").repeated(200) + "{\"type\":\"text\",\"text\":\"b\"}]}],\"max_tokens\":2}").status, 200);  // many parts, joined
    for (const QByteArray& num : {QByteArray("1e999"), QByteArray("-0"), QByteArray("0.0000001"), QByteArray("NaN"), QByteArray("Infinity"), QByteArray("0x10"), QByteArray("01"),
                                  QByteArray("1e-400"), QByteArray("9007199254740993"), QByteArray("-9223372036854775809")}) {
      const int s = chat("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"seed\":" + num + ",\"max_tokens\":2}").status;
      QVERIFY2(s == 200 || s == 400, num.constData());
    }
    QCOMPARE(chat("[]").status, 400);
    QCOMPARE(chat("\"messages\"").status, 400);
    QCOMPARE(chat("{}").status, 400);
    QCOMPARE(chat("").status, 400);
    QCOMPARE(chat(R"({"messages":[{"role":"user","content":"hi"}]} trailing)").status, 400);
    QCOMPARE(chat(R"({"messages":[{"role":"user","content":"hi"}],"messages":[]})").status, 400);
    alive();
  }

  void stopStrings_data() {
    QTest::addColumn<QByteArray>("stop");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("stream");
    for (const bool stream : {false, true}) {
      const char* s = stream ? " stream" : "";
      QTest::addRow("none%s", s) << QByteArray("null") << QStringLiteral("22") << stream;
      QTest::addRow("first char%s", s) << QByteArray(R"("2")") << QString() << stream;
      QTest::addRow("whole answer%s", s) << QByteArray(R"("22")") << QString() << stream;
      QTest::addRow("never%s", s) << QByteArray(R"("zzz")") << QStringLiteral("22") << stream;
      QTest::addRow("list%s", s) << QByteArray(R"(["x","22","2"])") << QString() << stream;
      QTest::addRow("longer than the answer%s", s) << QByteArray(R"("22 and more")") << QStringLiteral("22") << stream;
      QTest::addRow("unicode%s", s) << QByteArray(R"("答")") << QStringLiteral("22") << stream;
      QTest::addRow("newline%s", s) << QByteArray(R"("\n")") << QStringLiteral("22") << stream;
      QTest::addRow("long%s", s) << ("\"" + QByteArray(5000, 'q') + "\"") << QStringLiteral("22") << stream;
      QTest::addRow("empty list%s", s) << QByteArray("[]") << QStringLiteral("22") << stream;
    }
  }
  void stopStrings() {
    QFETCH(QByteArray, stop);
    QFETCH(QString, text);
    QFETCH(bool, stream);
    const QByteArray body = "{\"messages\":[{\"role\":\"user\",\"content\":\"What is 17 + 5?\"}],\"temperature\":0,\"max_tokens\":8,\"stop\":" + stop +
                            (stream ? ",\"stream\":true}" : "}");
    const HttpReply r = send("POST", "/v1/chat/completions", body);
    QCOMPARE(r.status, 200);
    QString got;
    if (stream) {
      bool done = false;
      for (const QByteArray& line : r.body.split('\n')) {
        if (line == "data: [DONE]") done = true;
        else if (line.startsWith("data: "))
          for (const QJsonValue c : QJsonDocument::fromJson(line.mid(6)).object().value(QStringLiteral("choices")).toArray()) got += c[QStringLiteral("delta")][QStringLiteral("content")].toString();
      }
      QVERIFY(done);
    } else {
      got = r.json()[QStringLiteral("choices")].toArray().first()[QStringLiteral("message")][QStringLiteral("content")].toString();
    }
    QCOMPARE(got, text);
  }

  // Pipelined requests are answered in order; a body that is not JSON is a 400 that keeps the
  // connection (the framing is intact), a broken request ends it after its 400.
  void pipelining() {
    const QByteArray chat = R"({"messages":[{"role":"user","content":"What is 17 + 5?"}],"temperature":0})";
    auto req = [](const QByteArray& path, const QByteArray& body) {
      return "POST " + path + " HTTP/1.1\r\nAuthorization: Bearer sk-h\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    };
    const QByteArray health = "GET /health HTTP/1.1\r\n\r\n";
    ++cases_;
    QByteArray all = rawExchange(port_, req("/v1/chat/completions", chat) + health + req("/v1/completions", R"({"prompt":"x","max_tokens":1})") + health +
                                           req("/v1/chat/completions", "{not json") + health + "GET /health HTTP/1.1\r\nContent-Length: x\r\n\r\n" + health, 30000);
    QList<int> statuses;
    for (qsizetype at = all.indexOf("HTTP/1.1 "); at >= 0; at = all.indexOf("HTTP/1.1 ", at + 1)) statuses << all.mid(at + 9, 3).toInt();
    QCOMPARE(statuses, (QList<int>{200, 200, 200, 200, 400, 200, 400}));
    // Many small requests mixed with streamed ones on one connection.
    QByteArray mixed;
    for (int i = 0; i < 50; ++i) mixed += i % 5 == 0 ? req("/v1/chat/completions", R"({"messages":[{"role":"user","content":"What is 1 + 1?"}],"stream":true,"max_tokens":3})") : health;
    mixed += "GET /health HTTP/1.1\r\nConnection: close\r\n\r\n";
    ++cases_;
    all = rawExchange(port_, mixed, 60000);
    QCOMPARE(all.count("HTTP/1.1 200 OK"), 51);
    QCOMPARE(all.count("data: [DONE]"), 10);
    alive();
  }
};

QTEST_GUILESS_MAIN(TstServeHostile)
#include "tst_serve_hostile.moc"
