// `ct host --backend emulator` on the demo model compiled at int4: CT-mode and legacy clients
// (the legacy one in python3, written independently of our codec), hostile clients, and the
// demo task answered over the link.
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpSocket>
#include <QtTest>
#include <csignal>

#include "ct_child.h"
#include "ct_run.h"
#include "fpga/link_protocol.h"
#include "model/demo/demo_task.h"

using namespace ct;
using namespace ct::test;

namespace {


class Client {
 public:
  bool connect(quint16 port) {
    s_.connectToHost(QStringLiteral("127.0.0.1"), port);
    return s_.waitForConnected(5000);
  }
  void sendRaw(const QByteArray& b) {
    s_.write(b);
    s_.waitForBytesWritten(5000);
  }
  void send(const QJsonObject& o) { sendRaw(fpga::link::messageFrame(o)); }
  // Next frame payload, or empty on time-out / close.
  std::optional<QByteArray> next(int ms = 20000) {
    QByteArray p;
    for (;;) {
      if (d_.next(&p) == fpga::link::FrameDecoder::Status::Frame) return p;
      if (!s_.waitForReadyRead(ms)) return std::nullopt;
      d_.feed(s_.readAll());
    }
  }
  QJsonObject nextJson() {
    auto p = next();
    return p ? QJsonDocument::fromJson(*p).object() : QJsonObject{};
  }
  bool closedByPeer(int ms = 5000) {
    if (s_.state() == QAbstractSocket::UnconnectedState) return true;
    s_.waitForDisconnected(ms);
    return s_.state() == QAbstractSocket::UnconnectedState;
  }
  // generate → concatenated token texts until done.
  QString ask(const QString& id, const QString& question, QJsonObject* done = nullptr) {
    send({{QStringLiteral("type"), QStringLiteral("generate")},
          {QStringLiteral("id"), id},
          {QStringLiteral("messages"), QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), question}}}},
          {QStringLiteral("max_tokens"), 40}});
    QString text;
    for (;;) {
      const QJsonObject m = nextJson();
      if (m.isEmpty() || m.value(QStringLiteral("id")).toString() != id) return QStringLiteral("<protocol: %1>").arg(QString::fromUtf8(QJsonDocument(m).toJson()));
      if (m.value(QStringLiteral("type")).toString() == QLatin1String("token")) text += m.value(QStringLiteral("text")).toString();
      else {
        if (done) *done = m;
        return text;
      }
    }
  }

 private:
  QTcpSocket s_;
  fpga::link::FrameDecoder d_{1 << 20};
};

}  // namespace

class TstHost : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  CtChild host_;
  quint16 port_ = 0;

 private Q_SLOTS:
  void initTestCase() {
    const DemoImage demo = makeDemoImage(tmp_.path());
    QVERIFY2(demo.ok, qPrintable(demo.error));
    port_ = host_.start({QStringLiteral("host"), QStringLiteral("--image"), demo.image, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                         QStringLiteral("--end-marker"), QStringLiteral("<END>"), QStringLiteral("--max-frame"), QStringLiteral("65536")});
    QVERIFY2(port_ > 0, host_.seen().constData());
  }

  void cleanupTestCase() {
    host_.stop();
    QCOMPARE(host_.process().exitCode(), 0);
  }

  void ctModeStreamsTokens() {
    Client c;
    QVERIFY(c.connect(port_));
    c.send({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("version"), 1}});
    const QJsonObject hello = c.nextJson();
    QCOMPARE(hello.value(QStringLiteral("mode")).toString(), QStringLiteral("ct"));
    QCOMPARE(hello.value(QStringLiteral("context_length")).toInt(), 1024);
    QJsonObject done;
    QCOMPARE(c.ask(QStringLiteral("r1"), QStringLiteral("What is 17 + 5?"), &done), QStringLiteral("22"));
    QCOMPARE(done.value(QStringLiteral("type")).toString(), QStringLiteral("done"));
    QCOMPARE(done.value(QStringLiteral("finish_reason")).toString(), QStringLiteral("stop"));
    QVERIFY(done.value(QStringLiteral("prompt_tokens")).toInt() > 10);
    c.send({{QStringLiteral("type"), QStringLiteral("ping")}, {QStringLiteral("id"), QStringLiteral("p")}});
    QCOMPARE(c.nextJson().value(QStringLiteral("type")).toString(), QStringLiteral("pong"));
    c.send({{QStringLiteral("type"), QStringLiteral("score")}, {QStringLiteral("id"), QStringLiteral("s")}, {QStringLiteral("text"), QStringLiteral("What is 1 + 1?")}});
    const QJsonObject scored = c.nextJson();
    QCOMPARE(scored.value(QStringLiteral("type")).toString(), QStringLiteral("scored"));
    QCOMPARE(scored.value(QStringLiteral("logprobs")).toArray().size(), scored.value(QStringLiteral("token_ids")).toArray().size());
    QVERIFY(scored.value(QStringLiteral("logprobs")).toArray().first().isNull());
    QVERIFY(scored.value(QStringLiteral("logprobs")).toArray().last().toDouble() < 0);
  }

  void demoTaskThroughTheLink() {
    Client c;
    QVERIFY(c.connect(port_));
    c.send({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("version"), 1}});
    c.nextJson();
    uint64_t rng = 777;
    int right = 0, n = 40;
    for (int i = 0; i < n; ++i) {
      const auto e = model::demo::sample(rng);
      if (model::demo::isCorrect(e, c.ask(QStringLiteral("q%1").arg(i), e.question))) ++right;
    }
    qInfo("int4 demo model through ct host (emulator): %d/%d", right, n);
    QVERIFY(right >= n * 8 / 10);
  }

  void legacyClientInPython() {
    const QString script = tmp_.filePath(QStringLiteral("legacy.py"));
    QFile f(script);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"PY(
import json, socket, struct, sys
port, marker = int(sys.argv[1]), b"<END>"
s = socket.create_connection(("127.0.0.1", port), timeout=30)
def ask(q):
    body = json.dumps({"model": "demo", "messages": [{"role": "user", "content": q}],
                       "temperature": 0, "max_tokens": 32}).encode() + marker
    s.sendall(struct.pack(">I", len(body)) + body)
    head = b""
    while len(head) < 4: head += s.recv(4 - len(head))
    (n,) = struct.unpack(">I", head)
    data = b""
    while len(data) < n: data += s.recv(n - len(data))
    assert data.endswith(marker), data
    return data[: -len(marker)].decode("utf-8")
print(ask("What is 17 + 5?"))
print(ask("What is 20 - 6?"))
)PY");
    f.close();
    QProcess py;
    py.start(QStringLiteral("python3"), {script, QString::number(port_)});
    QVERIFY(py.waitForFinished(60000));
    QCOMPARE(py.exitCode(), 0);
    QCOMPARE(py.readAllStandardOutput(), QByteArray("22\n14\n"));
  }

  void hostileClientsDoNotHurtOthers() {
    Client good;
    QVERIFY(good.connect(port_));
    good.send({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("version"), 1}});
    good.nextJson();

    Client big;  // declares a frame over --max-frame: error frame, then disconnected
    QVERIFY(big.connect(port_));
    big.send({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("version"), 1}});
    big.nextJson();
    big.sendRaw(QByteArray("\x7f\x00\x00\x00", 4));
    const QJsonObject e = big.nextJson();
    QCOMPARE(e.value(QStringLiteral("code")).toString(), QStringLiteral("frame_too_large"));
    QVERIFY(big.closedByPeer());

    Client junk;  // invalid UTF-8 and bad JSON in CT mode: error frames, connection kept
    QVERIFY(junk.connect(port_));
    junk.send({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("version"), 1}});
    junk.nextJson();
    junk.sendRaw(fpga::link::frame(QByteArray("{\"type\":\"generate\",\"id\":\"\xff\"}")));
    QCOMPARE(junk.nextJson().value(QStringLiteral("code")).toString(), QStringLiteral("bad_frame"));
    junk.sendRaw(fpga::link::frame("{\"type\":\"generate\",\"id\":\"z\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":-3}"));
    const QJsonObject bad = junk.nextJson();
    QCOMPARE(bad.value(QStringLiteral("id")).toString(), QStringLiteral("z"));
    QVERIFY(bad.value(QStringLiteral("message")).toString().contains(QStringLiteral("max_tokens")));
    QCOMPARE(junk.ask(QStringLiteral("ok"), QStringLiteral("What is 3 + 4?")), QStringLiteral("7"));

    Client half;  // a legacy request without its end marker: an error reply, not a hang
    QVERIFY(half.connect(port_));
    half.sendRaw(fpga::link::frame("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    QVERIFY(QString::fromUtf8(*half.next()).startsWith(QStringLiteral("[error]")));

    QCOMPARE(good.ask(QStringLiteral("after"), QStringLiteral("What is 10 + 10?")), QStringLiteral("20"));
  }
};

QTEST_GUILESS_MAIN(TstHost)
#include "tst_host.moc"
