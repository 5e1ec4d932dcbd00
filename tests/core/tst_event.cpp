#include <QJsonDocument>
#include <QtTest>

#include "jobs/event.h"

using ct::jobs::Event;
using ct::jobs::JobState;
using ct::jobs::LogLevel;

class TestEvent : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void roundTripsEveryType_data() {
    QTest::addColumn<int>("index");
    for (int i = 0; i < 7; ++i) QTest::newRow(qPrintable(ct::jobs::nameOf(static_cast<Event::Type>(i)))) << i;
  }
  void roundTripsEveryType() {
    QFETCH(int, index);
    const QList<Event> samples = {
        Event::log(LogLevel::Warning, QStringLiteral("disk is 95% full — 中文 ✓")),
        Event::progress(3, 28, QStringLiteral("layers"), 12.5, QStringLiteral("layer 4: mlp.down_proj")),
        Event::metric(QStringLiteral("loss"), 4, 0.0123),
        Event::stateChange(JobState::Cancelled),
        Event::resultOf(QJsonObject{{QStringLiteral("out"), QStringLiteral("/tmp/x")}, {QStringLiteral("n"), 3}}),
        Event::error(QStringLiteral("oom"), QStringLiteral("out of memory")),
        Event::textDelta(QStringLiteral("你好\n")),
    };
    Event e = samples[index];
    e.job = QStringLiteral("20261124-101010-abcdef");
    const QByteArray line = e.toLine();
    QVERIFY(line.endsWith('\n'));
    QCOMPARE(line.count('\n'), 1);  // one event, one line, whatever the message holds
    QString error;
    const auto back = Event::parseLine(line.trimmed(), &error);
    QVERIFY2(back.has_value(), qPrintable(error));
    QCOMPARE(back->toJson(), e.toJson());
  }

  void unknownEtaIsNull() {
    const QJsonObject o = Event::progress(1, 2, QStringLiteral("steps")).toJson();
    QVERIFY(o.value(QStringLiteral("eta_s")).isNull());
    QCOMPARE(Event::fromJson(o, nullptr)->etaSeconds, -1.0);
  }

  void messageWithNewlinesStaysOneLine() {
    const QByteArray line = Event::log(LogLevel::Info, QStringLiteral("a\nb\r\nc")).toLine();
    QCOMPARE(line.count('\n'), 1);
    QCOMPARE(Event::parseLine(line, nullptr)->message, QStringLiteral("a\nb\r\nc"));
  }

  void rejectsBadInput_data() {
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not json") << QByteArray("{nope") << "not JSON";
    QTest::newRow("array") << QByteArray("[1,2]") << "must be a JSON object";
    QTest::newRow("no version") << QByteArray(R"({"type":"log"})") << "\"v\"";
    QTest::newRow("newer version") << QByteArray(R"({"v":2,"type":"log"})") << "version 2 is not supported";
    QTest::newRow("unknown type") << QByteArray(R"({"v":1,"type":"wat"})") << "unknown event type \"wat\"";
    QTest::newRow("missing msg") << QByteArray(R"({"v":1,"type":"log","level":"info"})") << "\"msg\"";
    QTest::newRow("bad level") << QByteArray(R"({"v":1,"type":"log","level":"loud","msg":"x"})") << "unknown log level";
    QTest::newRow("done as text") << QByteArray(R"({"v":1,"type":"progress","done":"3","total":4})") << "\"done\" must be a number";
    QTest::newRow("bad state") << QByteArray(R"({"v":1,"type":"state","state":"exploded"})") << "unknown job state";
    QTest::newRow("result not object") << QByteArray(R"({"v":1,"type":"result","result":5})") << "\"result\" must be an object";
  }
  void rejectsBadInput() {
    QFETCH(QByteArray, line);
    QFETCH(QString, expected);
    QString error;
    QVERIFY(!Event::parseLine(line, &error).has_value());
    QVERIFY2(error.contains(expected), qPrintable(error));
  }

  void readsLinesWrittenByOtherPrograms() {
    // Written by hand the way the test helper and docs/events.md spell them.
    QString error;
    auto e = Event::parseLine(R"({"v":1,"type":"progress","ts":1,"done":2,"total":10,"unit":"steps","eta_s":8})", &error);
    QVERIFY2(e, qPrintable(error));
    QCOMPARE(e->done, 2.0);
    QCOMPARE(e->etaSeconds, 8.0);
    e = Event::parseLine(R"({"v":1,"type":"log","level":"warn","msg":"x"})", &error);
    QVERIFY2(e, qPrintable(error));
    QCOMPARE(e->level, LogLevel::Warning);
  }
};

QTEST_GUILESS_MAIN(TestEvent)
#include "tst_event.moc"
