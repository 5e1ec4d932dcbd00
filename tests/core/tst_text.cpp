#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

#include "util/text.h"

// U+FEFF is text wherever model text passes: Qt would drop it at the start of UTF-8 it decodes
// and at the start of every JSON string it parses.
class TestText : public QObject {
  Q_OBJECT
  const QString bom{QChar(0xfeff)};

 private Q_SLOTS:
  void fromUtf8KeepsEveryCodePoint() {
    QCOMPARE(ct::text::fromUtf8("\xef\xbb\xbf"), bom);
    QCOMPARE(ct::text::fromUtf8("\xef\xbb\xbfHi"), bom + QStringLiteral("Hi"));
    QCOMPARE(ct::text::fromUtf8("\xef\xbb\xbf\xef\xbb\xbf"), bom + bom);
    QCOMPARE(ct::text::fromUtf8("a\xef\xbb\xbf"), QStringLiteral("a") + bom);
    QCOMPARE(ct::text::fromUtf8("你好"), QStringLiteral("你好"));
    QCOMPARE(ct::text::fromUtf8(""), QString());
    QCOMPARE(ct::text::fromUtf8("\xff" "a"), QString(QChar(0xfffd)) + QStringLiteral("a"));  // invalid bytes, as fromUtf8 reads them
  }
  void parseJsonKeepsU_FEFFOpeningAString() {
    const QJsonArray a = ct::text::parseJson("[\"\xef\xbb\xbfX\", \"a\xef\xbb\xbf\", \"\xef\xbb\xbf\", \"\\ufeffY\"]").array();
    QCOMPARE(a.size(), 4);
    QCOMPARE(a[0].toString(), bom + QStringLiteral("X"));
    QCOMPARE(a[1].toString(), QStringLiteral("a") + bom);
    QCOMPARE(a[2].toString(), bom);
    QCOMPARE(a[3].toString(), bom + QStringLiteral("Y"));
    const QJsonObject o = ct::text::parseJson("{\"\xef\xbb\xbfk\": \"\xef\xbb\xbfv\"}").object();
    QCOMPARE(o.value(bom + QStringLiteral("k")).toString(), bom + QStringLiteral("v"));
  }
  void parseJsonIsOtherwiseQtsParser() {
    // A byte-order mark before the document is skipped, as QJsonDocument does.
    QCOMPARE(ct::text::parseJson("\xef\xbb\xbf[\"\xef\xbb\xbfz\"]").array().first().toString(), bom + QStringLiteral("z"));
    QJsonParseError pe{};
    QVERIFY(ct::text::parseJson("[1, \xef\xbb\xbf 2]", &pe).isNull());  // not whitespace in JSON
    QVERIFY(pe.error != QJsonParseError::NoError);
    QVERIFY(ct::text::parseJson("{\"a\":", &pe).isNull());
    QVERIFY(pe.error != QJsonParseError::NoError);
    QCOMPARE(ct::text::parseJson("{\"a\":[1,\"b\"]}").object().value(QStringLiteral("a")).toArray().size(), 2);
  }
};

QTEST_GUILESS_MAIN(TestText)
#include "tst_text.moc"
