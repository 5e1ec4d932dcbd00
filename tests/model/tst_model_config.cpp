#include <QJsonDocument>
#include <QtTest>

#include "model/model_config.h"

using ct::model::ModelConfig;

class TestModelConfig : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void qwen25_7b() {
    const auto o = QJsonDocument::fromJson(R"({"architectures":["Qwen2ForCausalLM"],"model_type":"qwen2","hidden_size":3584,
      "intermediate_size":18944,"num_hidden_layers":28,"num_attention_heads":28,"num_key_value_heads":4,"vocab_size":152064,
      "rope_theta":1000000.0,"rms_norm_eps":1e-06,"tie_word_embeddings":false,"torch_dtype":"bfloat16","eos_token_id":151645,
      "bos_token_id":151643,"max_position_embeddings":32768})").object();
    QString error;
    const auto c = ModelConfig::fromJson(o, &error);
    QVERIFY2(c, qPrintable(error));
    QCOMPARE(c->headDim, 128);
    QCOMPARE(c->numKvHeads, 4);
    QCOMPARE(c->ropeTheta, 1e6);
    QCOMPARE(c->eosTokenIds, QList<int>{151645});
    QVERIFY(!c->isVisionLanguage);
  }
  void visionLanguageNestedTextConfig() {
    const auto o = QJsonDocument::fromJson(R"({"architectures":["Qwen2_5_VLForConditionalGeneration"],"model_type":"qwen2_5_vl",
      "text_config":{"hidden_size":3584,"intermediate_size":18944,"num_hidden_layers":28,"num_attention_heads":28,
      "num_key_value_heads":4,"vocab_size":152064,"rope_parameters":{"rope_theta":1000000.0}},"vision_config":{"depth":32}})").object();
    QString error;
    const auto c = ModelConfig::fromJson(o, &error);
    QVERIFY2(c, qPrintable(error));
    QVERIFY(c->isVisionLanguage);
    QCOMPARE(c->ropeTheta, 1e6);
    QCOMPARE(c->hiddenSize, 3584);
  }
  void clearErrors() {
    QString error;
    QVERIFY(!ModelConfig::fromJson(QJsonDocument::fromJson(R"({"model_type":"llama","architectures":["LlamaForCausalLM"]})").object(), &error));
    QVERIFY(error.contains(QStringLiteral("not a Qwen2-architecture")));
    QVERIFY(!ModelConfig::fromJson(QJsonDocument::fromJson(R"({"model_type":"qwen2","hidden_size":64})").object(), &error));
    QVERIFY2(error.contains(QStringLiteral("lacks intermediate_size")), qPrintable(error));
    QVERIFY(!ModelConfig::fromJson(QJsonDocument::fromJson(R"({"model_type":"qwen2","hidden_size":64,"intermediate_size":8,
      "num_hidden_layers":1,"num_attention_heads":6,"num_key_value_heads":4,"vocab_size":10})").object(), &error));
    QVERIFY(error.contains(QStringLiteral("multiple of num_key_value_heads")));
    QVERIFY(!ModelConfig::load(QStringLiteral("/nonexistent"), &error));
    QVERIFY(error.contains(QStringLiteral("config.json")));
  }
};

QTEST_GUILESS_MAIN(TestModelConfig)
#include "tst_model_config.moc"
