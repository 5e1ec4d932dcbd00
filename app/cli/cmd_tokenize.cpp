#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "model/chat_template.h"
#include "model/tokenizer.h"
#include "util/text.h"

namespace ct::cli {
namespace {

QByteArray readAllStdin() {
  QFile in;
  in.open(stdin, QIODevice::ReadOnly);
  return in.readAll();
}

QByteArray idsJson(const std::vector<int32_t>& ids) {
  QByteArray s = "[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) s += ',';
    s += QByteArray::number(ids[i]);
  }
  return s + ']';
}

class TokenizeCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("tokenize"); }
  QString summary() const override { return QStringLiteral("Encode text from stdin with a model's tokenizer and print the token ids."); }
  void addOptions(QCommandLineParser& p) override {
    p.addOption({QStringLiteral("model"), QStringLiteral("Model folder (tokenizer.json; tokenizer_config.json for --chat)."), QStringLiteral("dir")});
    p.addOption({QStringLiteral("chat"), QStringLiteral("stdin is a JSON message list; apply the chat template with a generation prompt.")});
    p.addOption({QStringLiteral("jsonl"), QStringLiteral("Each stdin line is a JSON string; print one JSON array of ids per line.")});
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    if (!p.isSet(QStringLiteral("model"))) throw UsageError{QStringLiteral("--model DIR is required")};
    const QString dir = p.value(QStringLiteral("model"));
    QString error;
    auto tok = model::Tokenizer::load(dir, &error);
    if (!tok) {
      env.err << "ct tokenize: " << error << "\n";
      return 1;
    }
    if (p.isSet(QStringLiteral("jsonl"))) return jsonl(*tok, env);

    QByteArray input = readAllStdin();
    if (p.isSet(QStringLiteral("chat"))) {
      const auto tpl = model::ChatTemplate::load(dir, &error);
      QJsonParseError pe{};
      const QJsonDocument doc = ct::text::parseJson(input, &pe);
      if (!tpl) {
        env.err << "ct tokenize: " << error << "\n";
        return 1;
      }
      if (!doc.isArray()) {
        env.err << "ct tokenize: --chat expects a JSON array of messages on stdin (" << pe.errorString() << ")\n";
        return 1;
      }
      const auto text = tpl->render(doc.array(), true, &error);
      if (!text) {
        env.err << "ct tokenize: " << error << "\n";
        return 1;
      }
      input = text->toUtf8();
    }
    const std::vector<int32_t> ids = tok->encode(std::string_view(input.constData(), static_cast<size_t>(input.size())));
    if (env.json) {
      QJsonArray idArray, tokens;
      for (int32_t id : ids) {
        idArray.append(id);
        tokens.append(tok->tokenString(id));
      }
      env.out << QJsonDocument(QJsonObject{{QStringLiteral("ids"), idArray}, {QStringLiteral("tokens"), tokens}}).toJson(QJsonDocument::Compact) << "\n";
    } else {
      QStringList parts;
      for (int32_t id : ids) parts.append(QString::number(id));
      env.out << parts.join(QLatin1Char(' ')) << "\n";
    }
    return 0;
  }

 private:
  int jsonl(const model::Tokenizer& tok, CliEnv& env) {
    env.out.flush();
    std::string line;
    long lineNo = 0;
    while (std::getline(std::cin, line)) {
      ++lineNo;
      if (line.empty()) continue;
      const QByteArray doc = "[" + QByteArray::fromStdString(line) + "]";
      QJsonParseError pe{};
      const QJsonArray a = ct::text::parseJson(doc, &pe).array();
      if (pe.error != QJsonParseError::NoError || a.size() != 1 || !a.first().isString()) {
        env.err << "ct tokenize: stdin line " << lineNo << " is not a JSON string\n";
        return 1;
      }
      const QByteArray text = a.first().toString().toUtf8();
      const QByteArray out = idsJson(tok.encode(std::string_view(text.constData(), static_cast<size_t>(text.size())))) + '\n';
      std::fwrite(out.constData(), 1, static_cast<size_t>(out.size()), stdout);
    }
    std::fflush(stdout);
    return 0;
  }
};

}  // namespace

std::unique_ptr<Command> makeTokenizeCommand() { return std::make_unique<TokenizeCommand>(); }

}  // namespace ct::cli
