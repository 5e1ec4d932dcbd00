#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include "model/chat_template.h"
#include "model/demo/demo_task.h"
#include "model/generation.h"
#include "model/inspect.h"
#include "model/model_config.h"
#include "model/tokenizer.h"

// The committed demo model answers its held-out task through the chat template.
static const QString kDemo = QStringLiteral(CT_SOURCE_DIR "/resources/demo-model");

class TestDemoModel : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void isAWellFormedCheckpoint() {
    const QJsonObject r = ct::model::inspectCheckpoint(kDemo);
    QVERIFY2(r.value(QStringLiteral("ok")).toBool(), qPrintable(ct::model::describeInspection(r)));
    QVERIFY(r.value(QStringLiteral("chat_template")).toBool());
    QVERIFY(QFileInfo(kDemo + QStringLiteral("/model.safetensors")).size() < 8 * 1024 * 1024);
  }
  void answersHeldOutQuestions() {
    QString error;
    auto tok = ct::model::Tokenizer::load(kDemo, &error);
    auto cfg = ct::model::ModelConfig::load(kDemo, &error);
    auto tpl = ct::model::ChatTemplate::load(kDemo, &error);
    auto lm = ct::model::LanguageModel::load(kDemo, ct::model::LoadOptions{}, &error);
    QVERIFY2(tok && cfg && tpl && lm, qPrintable(error));
    const auto acc = ct::model::demo::evaluate(*lm, *tok, *tpl, ct::model::stopTokenIds(kDemo, *cfg, *tok), 200, 99);
    qInfo("held-out accuracy %.1f%% (%d/%d): chat %d/%d, multiple choice %d/%d, worked %d/%d", 100 * acc.rate(), acc.correct, acc.total,
          acc.perFormCorrect[0], acc.perForm[0], acc.perFormCorrect[1], acc.perForm[1], acc.perFormCorrect[2], acc.perForm[2]);
    // The model's promise: at least 95% of held-out questions through the chat template, and no
    // form left behind.
    for (int f = 0; f < 3; ++f) QVERIFY(static_cast<double>(acc.perFormCorrect[f]) / acc.perForm[f] >= 0.9);
    QVERIFY(acc.rate() >= 0.95);
  }
  void answersThroughTheCli() {
    QProcess p;
    p.start(QStringLiteral(CT_BIN_PATH), {QStringLiteral("generate"), QStringLiteral("--model"), kDemo, QStringLiteral("--prompt"),
                                          QStringLiteral("What is 17 + 5?"), QStringLiteral("--json")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    QJsonObject result;
    QString streamed;
    for (const QByteArray& line : p.readAllStandardOutput().split('\n')) {
      const QJsonObject o = QJsonDocument::fromJson(line).object();
      if (o.value(QStringLiteral("type")).toString() == QLatin1String("text")) streamed += o.value(QStringLiteral("text")).toString();
      if (o.value(QStringLiteral("type")).toString() == QLatin1String("result")) result = o.value(QStringLiteral("result")).toObject();
    }
    QCOMPARE(result.value(QStringLiteral("text")).toString(), QStringLiteral("22"));
    QCOMPARE(streamed, QStringLiteral("22"));
    QCOMPARE(result.value(QStringLiteral("finish_reason")).toString(), QStringLiteral("stop"));
  }
};

QTEST_GUILESS_MAIN(TestDemoModel)
#include "tst_demo_model.moc"
