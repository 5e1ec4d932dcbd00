// OpenAI's body rules for the generation routes: every wrong field is a 400 that names it (never a
// 500 or a silent ignore), and what passes is turned into the right host request.
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include "serve/request_checks.h"

using namespace ct::serve;

namespace {

QJsonObject obj(const QByteArray& json) { return QJsonDocument::fromJson(json).object(); }
const QByteArray kMsg = R"("messages":[{"role":"user","content":"hi"}])";

}  // namespace

class TstRequestChecks : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void chatRefusals_data() {
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("param");
    auto row = [](const char* name, const QByteArray& fields, const char* param) {
      QTest::newRow(name) << QByteArray("{" + kMsg + "," + fields + "}") << QString::fromLatin1(param);
    };
    row("max_tokens 0", R"("max_tokens":0)", "max_tokens");
    row("max_tokens 2^31", R"("max_tokens":2147483648)", "max_tokens");
    row("max_tokens 1e308", R"("max_tokens":1e308)", "max_tokens");
    row("max_tokens fraction", R"("max_tokens":1.5)", "max_tokens");
    row("max_tokens string", R"("max_tokens":"8")", "max_tokens");
    row("max_completion_tokens over limit", R"("max_completion_tokens":4097)", "max_completion_tokens");
    row("seed 2^63", R"("seed":9223372036854775808)", "seed");
    row("seed 1e300", R"("seed":1e300)", "seed");
    row("seed string", R"("seed":"1")", "seed");
    row("temperature 3", R"("temperature":3)", "temperature");
    row("temperature string", R"("temperature":"0.5")", "temperature");
    row("top_p 0", R"("top_p":0)", "top_p");
    row("n 2", R"("n":2)", "n");
    row("stream string", R"("stream":"yes")", "stream");
    row("stream_options string", R"("stream":true,"stream_options":"x")", "stream_options");
    row("stream_options without stream", R"("stream_options":{"include_usage":true})", "stream_options");
    row("include_usage string", R"("stream":true,"stream_options":{"include_usage":"x"})", "stream_options.include_usage");
    row("logprobs number", R"("logprobs":1)", "logprobs");
    row("top_logprobs without logprobs", R"("top_logprobs":2)", "top_logprobs");
    row("top_logprobs 21", R"("logprobs":true,"top_logprobs":21)", "top_logprobs");
    row("logit_bias array", R"("logit_bias":[1])", "logit_bias");
    row("logit_bias non-empty", R"("logit_bias":{"42":5})", "logit_bias");
    row("logit_bias bad key", R"("logit_bias":{"x":5})", "logit_bias");
    row("user number", R"("user":5)", "user");
    row("tools object", R"("tools":{})", "tools");
    row("tools given", R"("tools":[{"type":"function","function":{"name":"f"}}])", "tools");
    row("tool_choice required", R"("tool_choice":"required")", "tool_choice");
    row("stop number", R"("stop":5)", "stop");
    row("stop empty string in list", R"("stop":["a",""])", "stop[1]");
    row("stop five", R"("stop":["a","b","c","d","e"])", "stop");
    row("response_format json", R"("response_format":{"type":"json_object"})", "response_format");
    row("presence_penalty 3", R"("presence_penalty":3)", "presence_penalty");
    row("model number", R"("model":5)", "model");
    row("metadata string", R"("metadata":"x")", "metadata");
  }
  void chatRefusals() {
    QFETCH(QByteArray, body);
    QFETCH(QString, param);
    GenerationSpec spec;
    const auto e = checkChat(obj(body), ServeOptions{}, &spec);
    QVERIFY2(e.has_value(), body.constData());
    QCOMPARE(e->param, param);
    QVERIFY(!e->message.isEmpty());
  }

  void messageRefusals_data() {
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("param");
    QTest::newRow("no messages") << QByteArray("{}") << QStringLiteral("messages");
    QTest::newRow("empty") << QByteArray(R"({"messages":[]})") << QStringLiteral("messages");
    QTest::newRow("not object") << QByteArray(R"({"messages":[1]})") << QStringLiteral("messages[0]");
    QTest::newRow("no role") << QByteArray(R"({"messages":[{"content":"x"}]})") << QStringLiteral("messages[0].role");
    QTest::newRow("bad role") << QByteArray(R"({"messages":[{"role":"robot","content":"x"}]})") << QStringLiteral("messages[0].role");
    QTest::newRow("no content") << QByteArray(R"({"messages":[{"role":"user"}]})") << QStringLiteral("messages[0].content");
    QTest::newRow("null content") << QByteArray(R"({"messages":[{"role":"user","content":null}]})") << QStringLiteral("messages[0].content");
    QTest::newRow("content [1]") << QByteArray(R"({"messages":[{"role":"user","content":[1]}]})") << QStringLiteral("messages[0].content[0]");
    QTest::newRow("image part") << QByteArray(R"({"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]})")
                                << QStringLiteral("messages[0].content[0].type");
    QTest::newRow("part text number") << QByteArray(R"({"messages":[{"role":"user","content":[{"type":"text","text":1}]}]})") << QStringLiteral("messages[0].content[0].text");
    QTest::newRow("tool_calls") << QByteArray(R"({"messages":[{"role":"assistant","content":"x","tool_calls":[{}]}]})") << QStringLiteral("messages[0].tool_calls");
    QTest::newRow("name number") << QByteArray(R"({"messages":[{"role":"user","content":"x","name":1}]})") << QStringLiteral("messages[0].name");
  }
  void messageRefusals() {
    QFETCH(QByteArray, body);
    QFETCH(QString, param);
    GenerationSpec spec;
    const auto e = checkChat(obj(body), ServeOptions{}, &spec);
    QVERIFY(e.has_value());
    QCOMPARE(e->param, param);
  }

  void chatAccepted() {
    GenerationSpec spec;
    const auto e = checkChat(obj(R"({"messages":[{"role":"developer","content":"be brief"},{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}],
      "max_tokens":8,"seed":-5,"stop":"=","stream":true,"stream_options":{"include_usage":true},"logprobs":true,"top_logprobs":1,"logit_bias":{},
      "tools":[],"tool_choice":"none","user":"u","presence_penalty":0,"frequency_penalty":0,"response_format":{"type":"text"},"unknown_field":[1,2]})"),
                             ServeOptions{}, &spec);
    QVERIFY2(!e, e ? qPrintable(e->message) : "");
    const QJsonArray m = spec.host.value(QStringLiteral("messages")).toArray();
    QCOMPARE(m[0].toObject().value(QStringLiteral("role")).toString(), QStringLiteral("system"));  // developer is the system prompt
    QCOMPARE(m[1].toObject().value(QStringLiteral("content")).toString(), QStringLiteral("a\nb"));
    QCOMPARE(spec.maxTokens, 8);
    QCOMPARE(spec.host.value(QStringLiteral("seed")).toDouble(), -5.0);
    QCOMPARE(spec.stops, QStringList{QStringLiteral("=")});
    QVERIFY(spec.stream && spec.includeUsage && spec.logprobs);
    QCOMPARE(spec.topLogprobs, 1);
  }

  void chatDefaults() {
    GenerationSpec spec;
    ServeOptions o;
    o.defaultTemperature = 0.3;
    o.defaultMaxTokens = 100;
    o.contextLength = 512;
    QVERIFY(!checkChat(obj("{" + kMsg + "}"), o, &spec));
    QCOMPARE(spec.maxTokens, 100);
    QCOMPARE(spec.host.value(QStringLiteral("temperature")).toDouble(), 0.3);
    QCOMPARE(spec.host.value(QStringLiteral("context_length")).toInt(), 512);
  }

  void completionRules() {
    GenerationSpec spec;
    const ServeOptions o;
    QVERIFY(!checkCompletion(obj(R"({"prompt":[1,2,3],"max_tokens":0,"echo":true,"logprobs":1})"), o, &spec));
    QCOMPARE(spec.host.value(QStringLiteral("prompt_ids")).toArray().size(), 3);
    QVERIFY(spec.echo);
    QCOMPARE(spec.completionLogprobs, 1);
    auto param = [&](const QByteArray& body) {
      GenerationSpec s;
      const auto e = checkCompletion(obj(body), o, &s);
      return e ? e->param : QStringLiteral("<accepted>");
    };
    QCOMPARE(param(R"({})"), QStringLiteral("prompt"));
    QCOMPARE(param(R"({"prompt":["a","b"]})"), QStringLiteral("prompt"));
    QCOMPARE(param(R"({"prompt":[1,-2]})"), QStringLiteral("prompt"));
    QCOMPARE(param(R"({"prompt":"x","max_tokens":0})"), QStringLiteral("max_tokens"));
    QCOMPARE(param(R"({"prompt":"x","echo":"yes"})"), QStringLiteral("echo"));
    QCOMPARE(param(R"({"prompt":"x","suffix":5})"), QStringLiteral("suffix"));
    QCOMPARE(param(R"({"prompt":"x","suffix":"tail"})"), QStringLiteral("suffix"));
    QCOMPARE(param(R"({"prompt":"x","best_of":2})"), QStringLiteral("best_of"));
    QCOMPARE(param(R"({"prompt":"x","best_of":"1"})"), QStringLiteral("best_of"));
    QCOMPARE(param(R"({"prompt":"x","logprobs":6})"), QStringLiteral("logprobs"));
    QCOMPARE(param(R"({"prompt":"x","logprobs":true})"), QStringLiteral("logprobs"));
    QCOMPARE(param(R"({"prompt":"x","stream":true})"), QStringLiteral("stream"));
    QCOMPARE(param(R"({"prompt":"x","suffix":null,"best_of":1,"echo":false})"), QStringLiteral("<accepted>"));
  }

  void responsesRules() {
    GenerationSpec spec;
    const ServeOptions o;
    QVERIFY(!checkResponses(obj(R"({"input":"hi","instructions":"be brief","max_output_tokens":20,"stream":true})"), o, &spec));
    const QJsonArray m = spec.host.value(QStringLiteral("messages")).toArray();
    QCOMPARE(m.size(), 2);
    QCOMPARE(m[0].toObject().value(QStringLiteral("role")).toString(), QStringLiteral("system"));
    QCOMPARE(spec.maxTokens, 20);
    QVERIFY(spec.stream);
    QVERIFY(!checkResponses(obj(R"({"input":[{"role":"user","content":[{"type":"input_text","text":"a"}]},{"type":"message","role":"assistant","content":"b"}]})"), o, &spec));
    auto param = [&](const QByteArray& body) {
      GenerationSpec s;
      const auto e = checkResponses(obj(body), o, &s);
      return e ? e->param : QStringLiteral("<accepted>");
    };
    QCOMPARE(param(R"({})"), QStringLiteral("input"));
    QCOMPARE(param(R"({"input":5})"), QStringLiteral("input"));
    QCOMPARE(param(R"({"input":[{"type":"function_call_output"}]})"), QStringLiteral("input[0]"));
    QCOMPARE(param(R"({"input":"x","max_output_tokens":0})"), QStringLiteral("max_output_tokens"));
    QCOMPARE(param(R"({"input":"x","previous_response_id":"resp_1"})"), QStringLiteral("previous_response_id"));
    QCOMPARE(param(R"({"input":"x","text":{"format":{"type":"json_schema"}}})"), QStringLiteral("text.format"));
  }
};

QTEST_GUILESS_MAIN(TstRequestChecks)
#include "tst_request_checks.moc"
