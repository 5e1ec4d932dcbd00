// `ct serve` + `ct host` (float demo model) against the defects a hostile-client run found: stop
// strings, pipelining floods, overload, field validation, memory held per request, the HTTP
// layer, reconnection after a long outage, and client libraries other than the official SDK's
// chat path. Each case failed before its fix.
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpSocket>
#include <QtTest>
#include <csignal>
#include <thread>

#include "ct_child.h"
#include "raw_http.h"

using namespace ct::test;

namespace {

const QString kDemo = QStringLiteral(CT_SOURCE_DIR "/resources/demo-model");
const QByteArray kTom = "Tom has 3 apples and buys 4 more. How many apples does he have now?";

QByteArray chatJson(const QByteArray& question, const QByteArray& extra = {}) {
  QJsonObject o{{QStringLiteral("messages"), QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), QString::fromUtf8(question)}}}},
                {QStringLiteral("temperature"), 0}};
  QByteArray body = QJsonDocument(o).toJson(QJsonDocument::Compact);
  if (!extra.isEmpty()) body = body.left(body.size() - 1) + ',' + extra + '}';
  return body;
}

QString streamedText(const QByteArray& sse, bool* done, bool* error, QString* finish = nullptr) {
  QString text;
  for (const QByteArray& line : sse.split('\n')) {
    if (!line.startsWith("data: ")) continue;
    if (line.mid(6) == "[DONE]") {
      *done = true;
      continue;
    }
    const QJsonObject o = QJsonDocument::fromJson(line.mid(6)).object();
    if (o.contains(QStringLiteral("error"))) *error = true;
    for (const QJsonValue c : o.value(QStringLiteral("choices")).toArray()) {
      text += c[QStringLiteral("delta")][QStringLiteral("content")].toString();
      if (finish && c[QStringLiteral("finish_reason")].isString()) *finish = c[QStringLiteral("finish_reason")].toString();
    }
  }
  return text;
}

qint64 rssKb(qint64 pid) {
  QFile f(QStringLiteral("/proc/%1/status").arg(pid));
  if (!f.open(QIODevice::ReadOnly)) return -1;
  for (const QByteArray& line : f.readAll().split('\n'))
    if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').first().toLongLong();
  return -1;
}

}  // namespace

class TstServeHardening : public QObject {
  Q_OBJECT
  CtChild host_, serve_;
  quint16 port_ = 0;

  HttpReply post(const QByteArray& path, const QByteArray& body, const QByteArray& key = "sk-test") { return httpRequest(port_, "POST", path, body, key, 60000); }

  // A host + service pair of its own, for the cases that stop the host or change its limits.
  static quint16 startPair(CtChild& host, CtChild& serve, const QStringList& hostArgs, const QStringList& serveArgs, quint16 hostPort = 0) {
    const quint16 h = host.start(QStringList{QStringLiteral("host"), QStringLiteral("--model"), kDemo, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(hostPort)} + hostArgs);
    if (h == 0) return 0;
    return serve.start(QStringList{QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:%1").arg(h), QStringLiteral("--port"), QStringLiteral("0"),
                                   QStringLiteral("--model-name"), QStringLiteral("demo")} + serveArgs);
  }

 private Q_SLOTS:
  void initTestCase() {
    serve_.setInput("sk-test\n");  // keys never go on a command line
    port_ = startPair(host_, serve_, {}, {QStringLiteral("--api-key-stdin"), QStringLiteral("--body-limit"), QStringLiteral("2097152"),
                                          QStringLiteral("--queue-depth"), QStringLiteral("512")});
    QVERIFY2(port_ > 0, serve_.seen().constData());
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest(port_, "GET", "/health", {}).status, 200, 10000);
  }

  void cleanupTestCase() {
    QVERIFY(serve_.running());  // nothing above may have brought it down
    serve_.stop();
    QCOMPARE(serve_.process().exitCode(), 0);
  }

  // 1. A stop string that matches used to kill the service (chat: SIGSEGV; completions: heap corruption).
  void stopStringsEndTheReplyCleanly() {
    const HttpReply plain = post("/v1/chat/completions", chatJson(kTom, R"("stop":["="])"));
    QCOMPARE(plain.status, 200);
    const QJsonObject c = plain.json()[QStringLiteral("choices")].toArray().first().toObject();
    QCOMPARE(c[QStringLiteral("message")][QStringLiteral("content")].toString(), QStringLiteral("3 + 4 "));
    QCOMPARE(c[QStringLiteral("finish_reason")].toString(), QStringLiteral("stop"));
    QVERIFY(plain.json()[QStringLiteral("usage")][QStringLiteral("prompt_tokens")].toInt() > 0);  // the host's count arrives after the stop

    const HttpReply streamed = post("/v1/chat/completions", chatJson(kTom, R"("stop":"=","stream":true)"));
    QCOMPARE(streamed.status, 200);
    bool done = false, error = false;
    QString finish;
    QCOMPARE(streamedText(streamed.body, &done, &error, &finish), QStringLiteral("3 + 4 "));
    QVERIFY(done && !error);
    QCOMPARE(finish, QStringLiteral("stop"));

    const QByteArray prompt = "<|im_start|>user\n" + kTom + "<|im_end|>\n<|im_start|>assistant\n";
    const HttpReply completion = post("/v1/completions", QJsonDocument(QJsonObject{{QStringLiteral("prompt"), QString::fromUtf8(prompt)}, {QStringLiteral("max_tokens"), 20},
                                                                                  {QStringLiteral("temperature"), 0}, {QStringLiteral("stop"), QJsonArray{QStringLiteral(" 7"), QStringLiteral("=")}}})
                                                             .toJson(QJsonDocument::Compact));
    QCOMPARE(completion.status, 200);
    QCOMPARE(completion.json()[QStringLiteral("choices")].toArray().first()[QStringLiteral("text")].toString(), QStringLiteral("3 + 4 "));
    QCOMPARE(httpRequest(port_, "GET", "/health", {}).status, 200);
  }

  // 2. Ten thousand pipelined requests in one write used to overflow the stack.
  void pipelinedFloodIsAnswered() {
    QByteArray flood;
    for (int i = 0; i < 10000; ++i) flood += "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    flood += "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    const QByteArray all = rawExchange(port_, flood, 60000);
    QCOMPARE(all.count("HTTP/1.1 200 OK"), 10001);
    QCOMPARE(httpRequest(port_, "GET", "/health", {}).status, 200);
  }

  // 3. Overload is a 429 with Retry-After before any stream starts, never an error inside a 200.
  void overloadIsA429BeforeTheStream() {
    CtChild host, serve;
    const quint16 port = startPair(host, serve, {QStringLiteral("--queue-depth"), QStringLiteral("2")}, {QStringLiteral("--queue-depth"), QStringLiteral("512")});
    QVERIFY(port > 0);
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest(port, "GET", "/health", {}).status, 200, 10000);
    QCOMPARE(httpRequest(port, "GET", "/health", {}).json()[QStringLiteral("admission_limit")].toInt(), 3);  // the host's 2 waiting + 1 running
    constexpr int kClients = 12;
    std::vector<HttpReply> replies(kClients);
    std::vector<std::thread> threads;
    for (int i = 0; i < kClients; ++i)
      threads.emplace_back([&, i] { replies[i] = httpRequest(port, "POST", "/v1/chat/completions", chatJson("What is 17 + 5?", R"("stream":true,"max_tokens":64,"temperature":1,"seed":1)"), {}, 60000); });
    for (auto& t : threads) t.join();
    int ok = 0, refused = 0;
    for (const HttpReply& r : replies) {
      if (r.status == 200) {
        bool done = false, error = false;
        streamedText(r.body, &done, &error);
        QVERIFY2(done && !error, r.body.constData());
        ++ok;
      } else {
        QCOMPARE(r.status, 429);
        QCOMPARE(r.header("retry-after"), QByteArray("1"));
        // queue_full: the service's own admission; busy: the host's, still before any byte of a stream.
        const QString code = r.json()[QStringLiteral("error")][QStringLiteral("code")].toString();
        QVERIFY2(code == QLatin1String("queue_full") || code == QLatin1String("busy"), qPrintable(code));
        ++refused;
      }
    }
    QVERIFY(ok >= 3);
    QVERIFY(refused >= 1);
  }

  // 4. Wrong fields are a 400 naming the field — checked before the model name — never a 500.
  void wrongFieldsAreA400NamingThem_data() {
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("param");
    QTest::newRow("max_tokens 0, wrong model") << chatJson("hi", R"("max_tokens":0,"model":"nope")") << QStringLiteral("max_tokens");
    QTest::newRow("max_tokens 2^31") << chatJson("hi", R"("max_tokens":2147483648)") << QStringLiteral("max_tokens");
    QTest::newRow("max_tokens 1e308") << chatJson("hi", R"("max_tokens":1e308)") << QStringLiteral("max_tokens");
    QTest::newRow("seed 2^63") << chatJson("hi", R"("seed":9223372036854775808)") << QStringLiteral("seed");
    QTest::newRow("no content") << QByteArray(R"({"messages":[{"role":"user"}]})") << QStringLiteral("messages[0].content");
    QTest::newRow("content [1]") << QByteArray(R"({"messages":[{"role":"user","content":[1]}]})") << QStringLiteral("messages[0].content[0]");
    QTest::newRow("logprobs string") << chatJson("hi", R"("logprobs":"yes")") << QStringLiteral("logprobs");
    QTest::newRow("stream_options string") << chatJson("hi", R"("stream":true,"stream_options":"x")") << QStringLiteral("stream_options");
    QTest::newRow("logit_bias array") << chatJson("hi", R"("logit_bias":[1])") << QStringLiteral("logit_bias");
    QTest::newRow("user number") << chatJson("hi", R"("user":1)") << QStringLiteral("user");
    QTest::newRow("tools object") << chatJson("hi", R"("tools":{})") << QStringLiteral("tools");
  }
  void wrongFieldsAreA400NamingThem() {
    QFETCH(QByteArray, body);
    QFETCH(QString, param);
    const HttpReply r = post("/v1/chat/completions", body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json()[QStringLiteral("error")][QStringLiteral("param")].toString(), param);
    QCOMPARE(r.json()[QStringLiteral("error")][QStringLiteral("type")].toString(), QStringLiteral("invalid_request_error"));
  }

  void completionFieldsAndWrongModel() {
    QCOMPARE(post("/v1/completions", R"({"prompt":"x","echo":"yes"})").json()[QStringLiteral("error")][QStringLiteral("param")].toString(), QStringLiteral("echo"));
    QCOMPARE(post("/v1/completions", R"({"prompt":"x","suffix":7})").json()[QStringLiteral("error")][QStringLiteral("param")].toString(), QStringLiteral("suffix"));
    QCOMPARE(post("/v1/completions", R"({"prompt":"x","best_of":3})").json()[QStringLiteral("error")][QStringLiteral("param")].toString(), QStringLiteral("best_of"));
    const HttpReply wrongModel = post("/v1/chat/completions", chatJson("hi", R"("model":"nope")"));
    QCOMPARE(wrongModel.status, 404);
    QCOMPARE(wrongModel.json()[QStringLiteral("error")][QStringLiteral("code")].toString(), QStringLiteral("model_not_found"));
  }

  void developerRoleAndChatLogprobs() {
    const HttpReply dev = post("/v1/chat/completions", R"({"messages":[{"role":"developer","content":"Answer briefly."},{"role":"user","content":"What is 17 + 5?"}],"temperature":0})");
    QCOMPARE(dev.status, 200);
    const HttpReply lp = post("/v1/chat/completions", chatJson("What is 17 + 5?", R"("logprobs":true,"top_logprobs":1)"));
    QCOMPARE(lp.status, 200);
    const QJsonObject choice = lp.json()[QStringLiteral("choices")].toArray().first().toObject();
    const QJsonArray content = choice[QStringLiteral("logprobs")][QStringLiteral("content")].toArray();
    QVERIFY(!content.isEmpty());
    QString joined;
    for (const QJsonValue e : content) {
      QVERIFY(e[QStringLiteral("logprob")].toDouble() <= 0);
      QCOMPARE(e[QStringLiteral("top_logprobs")].toArray().size(), 1);
      joined += e[QStringLiteral("token")].toString();
    }
    QCOMPARE(joined, choice[QStringLiteral("message")][QStringLiteral("content")].toString());
  }

  // 5. Requests used to keep their closures (and a copy of the body) until the 300 s time-out fired.
  void requestsFreeTheirMemoryWhenTheyEnd() {
    const QByteArray big = chatJson(QByteArray(256 * 1024, 'a'), R"("max_tokens":1)");
    for (int i = 0; i < 5; ++i) post("/v1/chat/completions", big);
    const qint64 before = rssKb(serve_.pid());
    for (int i = 0; i < 60; ++i) QVERIFY(post("/v1/chat/completions", big).status > 0);
    const qint64 after = rssKb(serve_.pid());
    QVERIFY2(after - before < 20 * 1024, qPrintable(QStringLiteral("RSS grew by %1 kB over 60 requests of 256 KB").arg(after - before)));
  }

  void bytesBehindARunningRequestAreNotBuffered() {
    const qint64 before = rssKb(serve_.pid());
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), port_);
    QVERIFY(s.waitForConnected(5000));
    const QByteArray body = chatJson("What is 17 + 5?", R"("stream":true,"max_tokens":256,"temperature":1)");
    s.write("POST /v1/chat/completions HTTP/1.1\r\nAuthorization: Bearer sk-test\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    const QByteArray junk(1 << 20, 'x');
    QElapsedTimer t;
    t.start();
    qint64 peak = 0;
    for (int i = 0; i < 128 && t.elapsed() < 5000; ++i) {
      s.write(junk);
      s.waitForBytesWritten(50);
      peak = std::max(peak, rssKb(serve_.pid()));
    }
    s.abort();
    QVERIFY2(peak - before < 24 * 1024, qPrintable(QStringLiteral("RSS grew by %1 kB while up to 128 MB were sent behind a request").arg(peak - before)));
    QTRY_COMPARE(httpRequest(port_, "GET", "/health", {}).status, 200);
  }

  // 6. The HTTP layer: limits after the blank line too, ambiguous lengths, chunked bodies, HEAD,
  // methods on /health, the param field, the scheme's case.
  void httpLayer() {
    QByteArray manyHeaders = "GET /health HTTP/1.1\r\n";
    for (int i = 0; i < 10000; ++i) manyHeaders += "X-" + QByteArray::number(i) + ": 1\r\n";
    const HttpReply many = parseResponse(rawExchange(port_, manyHeaders + "\r\n"));
    QCOMPARE(many.status, 431);
    QVERIFY(many.json()[QStringLiteral("error")].toObject().contains(QStringLiteral("param")));
    QCOMPARE(parseResponse(rawExchange(port_, "GET /health HTTP/1.1\r\nCookie: " + QByteArray(100 * 1024, 'c') + "\r\n\r\n")).status, 431);
    QCOMPARE(parseResponse(rawExchange(port_, "GET /" + QByteArray(100 * 1024, 'u') + " HTTP/1.1\r\n\r\n")).status, 431);
    QCOMPARE(parseResponse(rawExchange(port_, "POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x")).status, 400);
    QCOMPARE(parseResponse(rawExchange(port_, "POST /v1/chat/completions HTTP/1.1\r\nContent-Length: +119\r\n\r\n")).status, 400);

    const QByteArray body = chatJson("What is 17 + 5?");
    const QByteArray chunked = "POST /v1/chat/completions HTTP/1.1\r\nAuthorization: bearer sk-test\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n" +
                               QByteArray::number(20, 16) + "\r\n" + body.left(20) + "\r\n" + QByteArray::number(body.size() - 20, 16) + "\r\n" + body.mid(20) + "\r\n0\r\n\r\n";
    const HttpReply viaChunks = parseResponse(rawExchange(port_, chunked, 30000));
    QCOMPARE(viaChunks.status, 200);  // also: the lower-case 'bearer' scheme is accepted
    QCOMPARE(viaChunks.json()[QStringLiteral("choices")].toArray().first()[QStringLiteral("message")][QStringLiteral("content")].toString(), QStringLiteral("22"));

    const HttpReply postHealth = httpRequest(port_, "POST", "/health", "{}");
    QCOMPARE(postHealth.status, 405);
    QCOMPARE(postHealth.header("allow"), QByteArray("GET, HEAD"));
    const QByteArray head = rawExchange(port_, "HEAD /health HTTP/1.1\r\nConnection: close\r\n\r\n");
    QVERIFY(head.startsWith("HTTP/1.1 200"));
    QVERIFY(head.endsWith("\r\n\r\n"));  // headers only
    QVERIFY(parseResponse(head).header("content-length").toInt() > 0);
    const HttpReply unknown = httpRequest(port_, "POST", "/v1/embeddings", "{}");
    QCOMPARE(unknown.status, 404);
    QVERIFY(unknown.json()[QStringLiteral("error")][QStringLiteral("message")].toString().contains(QStringLiteral("/v1/responses")));
  }

  // After a 413 the rest of the upload is read and dropped, so clients that write the whole body
  // before reading see the 413 rather than a reset connection.
  void tooLargeIsSeenByFetch() {
    QProcess node;
    node.start(QStringLiteral("node"), {QStringLiteral("-e"), QStringLiteral("fetch('http://127.0.0.1:%1/v1/chat/completions',{method:'POST',headers:{authorization:'Bearer sk-test',"
                                                                             "'content-type':'application/json'},body:'x'.repeat(8<<20)}).then(r=>console.log(r.status),e=>console.log('ERR',e.cause&&e.cause.code))")
                                                                  .arg(port_)});
    QVERIFY(node.waitForFinished(60000));
    QCOMPARE(node.readAllStandardOutput().trimmed(), QByteArray("413"));
  }

  // 7. After a long outage the service is back within about a second of the host.
  void reconnectsWithinTwoSecondsOfTheHost() {
    CtChild host, serve;
    const quint16 hostPort = freePort();
    const quint16 port = startPair(host, serve, {}, {}, hostPort);
    QVERIFY(port > 0);
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest(port, "GET", "/health", {}).status, 200, 10000);
    host.kill();
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest(port, "GET", "/health", {}).status, 503, 5000);
    QTest::qWait(12000);
    CtChild again;
    QCOMPARE(again.start({QStringLiteral("host"), QStringLiteral("--model"), kDemo, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(hostPort)}), hostPort);
    QElapsedTimer t;
    t.start();
    while (httpRequest(port, "GET", "/health", {}).status != 200 && t.elapsed() < 10000) QTest::qWait(20);
    QVERIFY2(t.elapsed() <= 2000, qPrintable(QStringLiteral("back after %1 ms").arg(t.elapsed())));
  }

  // 8. The Responses API (official SDK) and the Vercel AI SDK (Responses by default, chat with stop sequences).
  void otherClientLibraries() {
    QProcess node;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-test"));
    node.setProcessEnvironment(e);
    node.start(QStringLiteral("node"), {QStringLiteral(CT_SOURCE_DIR "/tests/js/sdk_clients.mjs"), QStringLiteral("http://127.0.0.1:%1/v1").arg(port_), QStringLiteral("demo")});
    QVERIFY(node.waitForFinished(120000));
    QVERIFY2(node.exitCode() == 0, node.readAllStandardError().constData());
    const QJsonObject r = QJsonDocument::fromJson(node.readAllStandardOutput()).object();
    QCOMPARE(r[QStringLiteral("responses")][QStringLiteral("text")].toString(), QStringLiteral("22"));
    QCOMPARE(r[QStringLiteral("responses")][QStringLiteral("status")].toString(), QStringLiteral("completed"));
    QVERIFY(r[QStringLiteral("responses")][QStringLiteral("usage")][QStringLiteral("input_tokens")].toInt() > 0);
    QCOMPARE(r[QStringLiteral("responsesStream")][QStringLiteral("text")].toString(), QStringLiteral("14"));
    const QJsonArray types = r[QStringLiteral("responsesStream")][QStringLiteral("types")].toArray();
    QCOMPARE(types.first().toString(), QStringLiteral("response.created"));
    QCOMPARE(types.last().toString(), QStringLiteral("response.completed"));
    QVERIFY(types.contains(QStringLiteral("response.output_text.delta")));
    QCOMPARE(r[QStringLiteral("aiSdk")][QStringLiteral("text")].toString(), QStringLiteral("5"));
    QCOMPARE(r[QStringLiteral("aiSdkChatStop")][QStringLiteral("text")].toString(), QStringLiteral("3 + 4 "));
    QCOMPARE(r[QStringLiteral("aiSdkChatStop")][QStringLiteral("finish")].toString(), QStringLiteral("stop"));
    QCOMPARE(r[QStringLiteral("aiSdkStream")][QStringLiteral("text")].toString(), QStringLiteral("15"));
  }
};

QTEST_GUILESS_MAIN(TstServeHardening)
#include "tst_serve_hardening.moc"
