// `ct serve` end to end: the official openai npm client against ct serve + ct host (emulator,
// int4 demo image); a legacy host; malformed requests; concurrent streams; a host that dies
// mid-stream and comes back.
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>
#include <csignal>
#include <thread>

#include "ct_child.h"
#include "ct_run.h"
#include "raw_http.h"

using namespace std::chrono_literals;
using namespace ct::test;
using Http = HttpReply;

namespace {

const QString kDemo = QStringLiteral(CT_SOURCE_DIR "/resources/demo-model");

QByteArray chatBody(const QString& question, bool stream, int maxTokens = 32) {
  return QJsonDocument(QJsonObject{{QStringLiteral("messages"), QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), question}}}},
                                   {QStringLiteral("temperature"), 0},
                                   {QStringLiteral("max_tokens"), maxTokens},
                                   {QStringLiteral("stream"), stream}})
      .toJson(QJsonDocument::Compact);
}

QString streamedText(const QByteArray& sse, bool* sawDone = nullptr, QJsonObject* errorEvent = nullptr) {
  QString text;
  for (const QByteArray& block : sse.split('\n')) {
    if (!block.startsWith("data: ")) continue;
    const QByteArray data = block.mid(6);
    if (data == "[DONE]") {
      if (sawDone) *sawDone = true;
      continue;
    }
    const QJsonObject o = QJsonDocument::fromJson(data).object();
    if (o.contains(QStringLiteral("error")) && errorEvent) *errorEvent = o;
    for (const QJsonValue c : o.value(QStringLiteral("choices")).toArray()) text += c[QStringLiteral("delta")][QStringLiteral("content")].toString();
  }
  return text;
}

}  // namespace

class TstServe : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  CtChild host_, serve_;
  quint16 hostPort_ = 0, servePort_ = 0;
  QString image_;

 private Q_SLOTS:
  void initTestCase() {
    const DemoImage demo = makeDemoImage(tmp_.path());
    QVERIFY2(demo.ok, qPrintable(demo.error));
    image_ = demo.image;
    hostPort_ = freePort();
    QVERIFY(host_.start({QStringLiteral("host"), QStringLiteral("--image"), image_, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(hostPort_)}) == hostPort_);
    serve_.setInput("sk-test\n");
    servePort_ = serve_.start({QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:%1").arg(hostPort_), QStringLiteral("--port"), QStringLiteral("0"),
                                  QStringLiteral("--api-key-stdin"), QStringLiteral("--body-limit"), QStringLiteral("65536")});
    QVERIFY(servePort_ > 0);
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest(servePort_, "GET", "/health", {}).status, 200, 10000);
  }

  void cleanupTestCase() {
    serve_.stop();
    host_.stop();
    QCOMPARE(serve_.process().exitCode(), 0);
  }

  void officialOpenAiClient() {
    QProcess node;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-test"));
    node.setProcessEnvironment(e);
    node.start(QStringLiteral("node"), {QStringLiteral(CT_SOURCE_DIR "/tests/js/openai_client.mjs"), QStringLiteral("http://127.0.0.1:%1/v1").arg(servePort_)});
    QVERIFY(node.waitForFinished(60000));
    QVERIFY2(node.exitCode() == 0, node.readAllStandardError().constData());
    const QJsonObject r = QJsonDocument::fromJson(node.readAllStandardOutput()).object();
    QCOMPARE(r.value(QStringLiteral("models")).toArray().first().toString(), QStringLiteral("demo-int4"));
    QCOMPARE(r[QStringLiteral("plain")][QStringLiteral("text")].toString(), QStringLiteral("22"));
    QCOMPARE(r[QStringLiteral("plain")][QStringLiteral("finish")].toString(), QStringLiteral("stop"));
    QVERIFY(r[QStringLiteral("plain")][QStringLiteral("usage")][QStringLiteral("prompt_tokens")].toInt() > 10);
    QCOMPARE(r[QStringLiteral("stream")][QStringLiteral("text")].toString(), QStringLiteral("14"));
    QCOMPARE(r[QStringLiteral("stream")][QStringLiteral("finish")].toString(), QStringLiteral("stop"));
    QCOMPARE(r[QStringLiteral("stream")][QStringLiteral("usage")][QStringLiteral("completion_tokens")].toInt(), 2);
    const QJsonObject c = r[QStringLiteral("completion")].toObject();
    QVERIFY(c[QStringLiteral("text")].toString().startsWith(QStringLiteral("What is 1 + 1?")));
    const QJsonArray lps = c[QStringLiteral("token_logprobs")].toArray();
    QCOMPARE(lps.size(), c[QStringLiteral("tokens")].toArray().size());
    QVERIFY(lps.first().isNull());
    for (int i = 1; i < lps.size(); ++i) QVERIFY(lps[i].toDouble() <= 0);
    QCOMPARE(c[QStringLiteral("usage")][QStringLiteral("completion_tokens")].toInt(), 1);
    QCOMPARE(r[QStringLiteral("wrongKey")].toString(), QStringLiteral("AuthenticationError"));
    QCOMPARE(r[QStringLiteral("tooLong")][QStringLiteral("status")].toInt(), 400);
    QCOMPARE(r[QStringLiteral("tooLong")][QStringLiteral("code")].toString(), QStringLiteral("context_length_exceeded"));
  }

  void malformedRequestsGetOpenAiErrors_data() {
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("says");
    QTest::newRow("not json") << QByteArray("{\"messages\": [") << 400 << "parse the JSON";
    QTest::newRow("array body") << QByteArray("[]") << 400 << "JSON object";
    QTest::newRow("no messages") << QByteArray("{}") << 400 << "'messages'";
    QTest::newRow("messages wrong type") << QByteArray("{\"messages\":\"hi\"}") << 400 << "'messages'";
    QTest::newRow("role missing") << QByteArray("{\"messages\":[{\"content\":\"hi\"}]}") << 400 << "role";
    QTest::newRow("temperature type") << QByteArray("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":\"hot\"}") << 400 << "temperature";
    QTest::newRow("n") << QByteArray("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":3}") << 400 << "'n'";
    QTest::newRow("max_tokens") << QByteArray("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":100000}") << 400 << "max_tokens";
    QTest::newRow("unknown model") << QByteArray("{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}") << 404 << "gpt-9";
    QTest::newRow("oversized") << QByteArray(100000, ' ') << 413 << "limit";
  }
  void malformedRequestsGetOpenAiErrors() {
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, says);
    const Http h = httpRequest(servePort_, "POST", "/v1/chat/completions", body);
    QCOMPARE(h.status, status);
    const QJsonObject e = h.json().value(QStringLiteral("error")).toObject();
    QVERIFY2(e.value(QStringLiteral("message")).toString().contains(says), h.body.constData());
    QVERIFY(e.contains(QStringLiteral("type")) && e.contains(QStringLiteral("code")));
    QCOMPARE(httpRequest(servePort_, "GET", "/health", {}).status, 200);  // still alive
  }

  void everyRouteButHealthNeedsTheKey() {
    QCOMPARE(httpRequest(servePort_, "GET", "/health", {}, {}).status, 200);
    QCOMPARE(httpRequest(servePort_, "GET", "/v1/models", {}, {}).status, 401);
    QCOMPARE(httpRequest(servePort_, "POST", "/v1/chat/completions", chatBody(QStringLiteral("hi"), false), "sk-nope").status, 401);
    QCOMPARE(httpRequest(servePort_, "GET", "/v1/nothing", {}).status, 404);
  }

  void concurrentStreamsGetTheirOwnTokens() {
    QList<QTcpSocket*> sockets;
    const QList<std::pair<int, int>> qs{{3, 4}, {9, 9}, {17, 2}, {20, 1}, {6, 7}, {11, 5}};
    for (const auto& [a, b] : qs) {
      auto* s = new QTcpSocket(this);
      s->connectToHost(QStringLiteral("127.0.0.1"), servePort_);
      QVERIFY(s->waitForConnected(5000));
      const QByteArray body = chatBody(QStringLiteral("What is %1 + %2?").arg(a).arg(b), true);
      s->write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer sk-test\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
      sockets << s;
    }
    QList<QByteArray> got(sockets.size());
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                               bool all = true;
                               for (int i = 0; i < sockets.size(); ++i) {
                                 got[i] += sockets[i]->readAll();
                                 if (sockets[i]->state() == QAbstractSocket::ConnectedState) all = false;
                               }
                               return all;
                             }()),
                             60000);
    for (int i = 0; i < sockets.size(); ++i) {
      got[i] += sockets[i]->readAll();
      QString joined;
      for (const QByteArray& line : got[i].split('\n'))
        if (line.startsWith("data: {")) joined += QJsonDocument::fromJson(line.mid(6)).object()[QStringLiteral("choices")][0][QStringLiteral("delta")][QStringLiteral("content")].toString();
      QCOMPARE(joined, QString::number(qs[i].first + qs[i].second));
    }
    qDeleteAll(sockets);
  }

  void serviceContextLimitIsEnforced() {
    CtChild serve;
    const quint16 sp = serve.start({QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:%1").arg(hostPort_), QStringLiteral("--port"), QStringLiteral("0"),
                                       QStringLiteral("--context-length"), QStringLiteral("20")});
    QVERIFY(sp > 0);
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest(sp, "GET", "/health", {}).status, 200, 10000);
    const Http h = httpRequest(sp, "POST", "/v1/chat/completions", chatBody(QStringLiteral("What is 17 + 5?"), false), {});
    QCOMPARE(h.status, 400);
    QCOMPARE(h.json()[QStringLiteral("error")][QStringLiteral("code")].toString(), QStringLiteral("context_length_exceeded"));
    QVERIFY(h.json()[QStringLiteral("error")][QStringLiteral("message")].toString().contains(QStringLiteral("limit is 20")));
    QCOMPARE(httpRequest(sp, "GET", "/v1/models", {}).json()[QStringLiteral("data")][0][QStringLiteral("max_model_len")].toInt(), 20);
  }

  void legacyHost() {
    const quint16 port = freePort();
    CtChild legacy;
    QVERIFY(legacy.launchProgram(QStringLiteral("python3"), QStringList{QStringLiteral(CT_SOURCE_DIR "/tests/serve/test_hosts.py"), QStringLiteral("legacy"), QString::number(port), QStringLiteral("<<END>>")}));
    QTRY_VERIFY_WITH_TIMEOUT(!legacy.seen().isEmpty(), 10000);
    CtChild serve;
    const quint16 sp = serve.start({QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--port"), QStringLiteral("0"),
                                       QStringLiteral("--legacy"), QStringLiteral("--end-marker"), QStringLiteral("<<END>>"), QStringLiteral("--model-name"), QStringLiteral("old-board")});
    QVERIFY(sp > 0);
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest(sp, "GET", "/health", {}).status, 200, 10000);
    Http h = httpRequest(sp, "POST", "/v1/chat/completions", chatBody(QStringLiteral("你好 board"), false), {});
    QCOMPARE(h.status, 200);
    QCOMPARE(h.json()[QStringLiteral("choices")][0][QStringLiteral("message")][QStringLiteral("content")].toString(), QStringLiteral("echo: 你好 board"));
    h = httpRequest(sp, "POST", "/v1/chat/completions", chatBody(QStringLiteral("stream me"), true), {});
    bool done = false;
    QCOMPARE(streamedText(h.body, &done), QStringLiteral("echo: stream me"));  // one chunk in legacy mode
    QVERIFY(done);
    serve.stop();
    legacy.kill();
  }

  void clientThatLeavesCancelsAtTheHost() {
    const quint16 port = freePort();
    CtChild slow;
    QVERIFY(slow.launchProgram(QStringLiteral("python3"), QStringList{QStringLiteral(CT_SOURCE_DIR "/tests/serve/test_hosts.py"), QStringLiteral("slow"), QString::number(port)}));
    QTRY_VERIFY_WITH_TIMEOUT(!slow.seen().isEmpty(), 10000);
    CtChild serve;
    const quint16 sp = serve.start({QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(sp > 0);
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest(sp, "GET", "/health", {}).status, 200, 10000);
    {
      QTcpSocket s;
      s.connectToHost(QStringLiteral("127.0.0.1"), sp);
      QVERIFY(s.waitForConnected(5000));
      const QByteArray body = chatBody(QStringLiteral("go"), true, 300);
      s.write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
      QByteArray got;
      while (!got.contains("t3 ") && s.waitForReadyRead(5000)) got += s.readAll();
      QVERIFY(got.contains("t3 "));
      s.abort();  // the client goes away mid-stream
    }
    QTRY_VERIFY_WITH_TIMEOUT(slow.seen().contains("cancelled"), 5000);
    QCOMPARE(httpRequest(sp, "GET", "/health", {}).json()[QStringLiteral("in_flight")].toInt(), 0);
  }

  void hostDiesMidStreamAndComesBack() {
    const quint16 port = freePort();
    CtChild slow;
    QVERIFY(slow.launchProgram(QStringLiteral("python3"), QStringList{QStringLiteral(CT_SOURCE_DIR "/tests/serve/test_hosts.py"), QStringLiteral("slow"), QString::number(port)}));
    QTRY_VERIFY_WITH_TIMEOUT(!slow.seen().isEmpty(), 10000);
    CtChild serve;
    const quint16 sp = serve.start({QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(sp > 0);
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest(sp, "GET", "/health", {}).status, 200, 10000);
    // Kill the host while its 200 tokens stream: the client sees an error event and the end.
    // (httpRequest() blocks without an event loop, so the kill comes from a thread, by PID.)
    const pid_t slowPid = static_cast<pid_t>(slow.pid());
    std::thread killer([slowPid] {
      std::this_thread::sleep_for(600ms);
      ::kill(slowPid, SIGKILL);
    });
    const Http h = httpRequest(sp, "POST", "/v1/chat/completions", chatBody(QStringLiteral("go"), true, 300), {});
    killer.join();
    bool done = false;
    QJsonObject err;
    const QString text = streamedText(h.body, &done, &err);
    QVERIFY2(text.startsWith(QStringLiteral("t0 t1 ")), qPrintable(text));
    QVERIFY(!text.contains(QStringLiteral("t199")));
    QVERIFY2(err[QStringLiteral("error")][QStringLiteral("code")].toString() == QLatin1String("host_unavailable"), h.body.right(400).constData());
    QVERIFY(!done);
    slow.process().waitForFinished();
    QCOMPARE(httpRequest(sp, "GET", "/health", {}).status, 503);
    QCOMPARE(httpRequest(sp, "POST", "/v1/chat/completions", chatBody(QStringLiteral("hi"), false), {}).status, 503);
    // The real host comes back on that port: the service reconnects and serves again.
    CtChild back;
    QVERIFY(back.start({QStringLiteral("host"), QStringLiteral("--image"), image_, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)}) == port);
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest(sp, "GET", "/health", {}).status, 200, 15000);
    const Http ok = httpRequest(sp, "POST", "/v1/chat/completions", chatBody(QStringLiteral("What is 2 + 2?"), false), {});
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.json()[QStringLiteral("choices")][0][QStringLiteral("message")][QStringLiteral("content")].toString(), QStringLiteral("4"));
    serve.stop();
    back.stop();
  }
};

QTEST_GUILESS_MAIN(TstServe)
#include "tst_serve.moc"
