#include <QJsonDocument>
#include <QtTest>

#include "fpga/checksum.h"
#include "fpga/link_protocol.h"

using namespace ct::fpga;

class TstLinkProtocol : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void framesAreBigEndianLengthPrefixed() {
    const QByteArray f = link::frame("abc");
    QCOMPARE(f, QByteArray("\x00\x00\x00\x03" "abc", 7));
    QCOMPARE(link::frame(QByteArray(300, 'x')).left(4), QByteArray("\x00\x00\x01\x2c", 4));
  }

  void decoderReassemblesSplitFramesAndRefusesHugeOnes() {
    link::FrameDecoder d(100);
    const QByteArray two = link::frame("hello") + link::frame(QByteArray()) + link::frame("world");
    QByteArray payload;
    QList<QByteArray> got;
    for (char c : two) {  // one byte at a time
      d.feed(QByteArray(1, c));
      while (d.next(&payload) == link::FrameDecoder::Status::Frame) got << payload;
    }
    QCOMPARE(got, (QList<QByteArray>{"hello", "", "world"}));
    QVERIFY(!d.partial());
    d.feed(QByteArray("\x00\x00\x01\x00", 4));
    QCOMPARE(d.next(&payload), link::FrameDecoder::Status::TooLarge);
    QCOMPARE(d.declared(), 256);
  }

  void utf8Validation() {
    QVERIFY(link::isValidUtf8("plain"));
    QVERIFY(link::isValidUtf8(QStringLiteral("中文 🙂").toUtf8()));
    QVERIFY(!link::isValidUtf8(QByteArray("\xff", 1)));
    QVERIFY(!link::isValidUtf8(QByteArray("\xc0\xaf", 2)));          // overlong
    QVERIFY(!link::isValidUtf8(QByteArray("\xed\xa0\x80", 3)));      // surrogate
    QVERIFY(!link::isValidUtf8(QByteArray("\xe4\xb8", 2)));          // cut
    QVERIFY(!link::isValidUtf8(QByteArray("\xf4\x90\x80\x80", 4)));  // past U+10FFFF
  }

  void messagesAreValidatedField_data() {
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("complaint");
    QTest::newRow("not json") << QByteArray("{oops") << "not a JSON object";
    QTest::newRow("array") << QByteArray("[1]") << "not a JSON object";
    QTest::newRow("no type") << QByteArray("{}") << "\"type\"";
    QTest::newRow("unknown type") << QByteArray("{\"type\":\"launch\"}") << "launch";
    QTest::newRow("no id") << QByteArray("{\"type\":\"generate\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}") << "\"id\"";
    QTest::newRow("empty messages") << QByteArray("{\"type\":\"generate\",\"id\":\"1\",\"messages\":[]}") << "messages";
    QTest::newRow("role type") << QByteArray("{\"type\":\"generate\",\"id\":\"1\",\"messages\":[{\"role\":1}]}") << "messages[0].role";
    QTest::newRow("temperature") << QByteArray("{\"type\":\"generate\",\"id\":\"1\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"}") << "temperature";
    QTest::newRow("max_tokens") << QByteArray("{\"type\":\"generate\",\"id\":\"1\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1.5}") << "max_tokens";
    QTest::newRow("score text") << QByteArray("{\"type\":\"score\",\"id\":\"1\"}") << "text";
    QTest::newRow("hello version") << QByteArray("{\"type\":\"hello\"}") << "version";
    QTest::newRow("bad utf8") << QByteArray("{\"type\":\"ping\",\"x\":\"\xff\"}") << "UTF-8";
  }
  void messagesAreValidatedField() {
    QFETCH(QByteArray, payload);
    QFETCH(QString, complaint);
    QString why;
    QVERIFY(!link::parseMessage(payload, &why));
    QVERIFY2(why.contains(complaint), qPrintable(why));
  }

  void goodMessagesPass() {
    QString why;
    auto m = link::parseMessage(R"({"type":"generate","id":"r1","messages":[{"role":"user","content":"hi"}],"temperature":0.7,"max_tokens":5,"top_p":0.9,"seed":3})", &why);
    QVERIFY2(m, qPrintable(why));
    QCOMPARE(m->value(QStringLiteral("id")).toString(), QStringLiteral("r1"));
    QVERIFY(link::parseMessage(R"({"type":"hello","version":1})", &why));
    QVERIFY(link::parseMessage(R"({"type":"ping"})", &why));
    QVERIFY(link::parseMessage(R"({"type":"cancel","id":"r1"})", &why));
    const QJsonObject e = link::errorMessage(QStringLiteral("r1"), QStringLiteral("busy"), QStringLiteral("later"));
    QCOMPARE(link::messageFrame(e).mid(4), QJsonDocument(e).toJson(QJsonDocument::Compact));
  }

  void legacyRequestsCarryTheEndMarker() {
    const QByteArray marker = "<END>";
    const QJsonObject req{{QStringLiteral("model"), QStringLiteral("m")},
                          {QStringLiteral("messages"), QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), QStringLiteral("hi")}}}},
                          {QStringLiteral("temperature"), 0},
                          {QStringLiteral("max_tokens"), 8}};
    const QByteArray f = link::legacyRequestFrame(req, marker);
    QString why;
    auto parsed = link::parseLegacyRequest(f.mid(4), marker, &why);
    QVERIFY2(parsed, qPrintable(why));
    QCOMPARE(*parsed, req);
    QVERIFY(!link::parseLegacyRequest(f.mid(4).chopped(1), marker, &why));
    QVERIFY(why.contains(QStringLiteral("end marker")));
    QCOMPARE(link::legacyFrame(QStringLiteral("答"), marker).mid(4), QStringLiteral("答").toUtf8() + marker);
  }

  void textStartingWithU_FEFFCrossesTheLink() {
    // Token text and prompts are written as raw UTF-8 in the JSON; a U+FEFF opening a string must
    // come out on the other side (Qwen's token 3225 is exactly that text).
    const QString bom(QChar(0xfeff));
    const QJsonObject token{{QStringLiteral("type"), QStringLiteral("token")}, {QStringLiteral("id"), QStringLiteral("r1")},
                            {QStringLiteral("text"), bom}, {QStringLiteral("token_id"), 3225}};
    QString why;
    auto m = link::parseMessage(link::messageFrame(token).mid(4), &why);
    QVERIFY2(m, qPrintable(why));
    QCOMPARE(m->value(QStringLiteral("text")).toString(), bom);
    const QJsonObject req{{QStringLiteral("messages"), QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), bom + QStringLiteral("hi")}}}}};
    auto legacy = link::parseLegacyRequest(link::legacyRequestFrame(req, "<END>").mid(4), "<END>", &why);
    QVERIFY2(legacy, qPrintable(why));
    QCOMPARE(*legacy, req);
  }

  void checksumIsStableAndIncremental() {
    const QByteArray data = QByteArray("the quick brown fox jumps over the lazy dog").repeated(3);
    Checksum64 a;
    a.add(data.constData(), static_cast<size_t>(data.size()));
    Checksum64 b;
    for (int i = 0; i < data.size(); i += 5) b.add(data.constData() + i, static_cast<size_t>(std::min<qsizetype>(5, data.size() - i)));
    QCOMPARE(a.hex(), b.hex());
    QCOMPARE(a.hex().size(), 16);
    QVERIFY(checksumHex("a", 1) != checksumHex("b", 1));
    QVERIFY(checksumHex("", 0) != checksumHex("\0", 1));
  }
};

QTEST_GUILESS_MAIN(TstLinkProtocol)
#include "tst_link_protocol.moc"
