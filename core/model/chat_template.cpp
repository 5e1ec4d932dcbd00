#include "model/chat_template.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace ct::model {
namespace {

QString contentText(const QJsonValue& v, bool* ok) {
  *ok = true;
  if (v.isString()) return v.toString();
  if (v.isNull() || v.isUndefined()) return {};
  if (v.isArray()) {
    QString text;
    for (const QJsonValue part : v.toArray()) {
      const QJsonObject p = part.toObject();
      if (p.value(QStringLiteral("type")).toString() == QLatin1String("text")) text += p.value(QStringLiteral("text")).toString();
    }
    return text;
  }
  *ok = false;
  return {};
}

QString compactJson(const QJsonValue& v) {
  if (v.isString()) return v.toString();
  return QString::fromUtf8(v.isObject() ? QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)
                                        : QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
}

}  // namespace

ChatTemplate ChatTemplate::fromTemplateText(const QString& jinja) {
  ChatTemplate t;
  t.present_ = !jinja.isEmpty();
  // The default system turn appears in the template as a literal string; "\n" is either an
  // escape inside a Jinja string or a real newline.
  static const QRegularExpression re(QStringLiteral("<\\|im_start\\|>system(?:\\\\n|\\n)([^<'\"{}]+)<\\|im_end\\|>"));
  const auto m = re.match(jinja);
  if (m.hasMatch()) t.defaultSystem_ = m.captured(1);
  return t;
}

std::optional<ChatTemplate> ChatTemplate::load(const QString& modelDir, QString* error) {
  const QString path = QDir(modelDir).filePath(QStringLiteral("tokenizer_config.json"));
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    if (error) *error = QStringLiteral("%1: %2").arg(path, f.errorString());
    return std::nullopt;
  }
  const QJsonValue tpl = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("chat_template"));
  QString text = tpl.toString();
  if (tpl.isArray())  // named templates: take "default"
    for (const QJsonValue v : tpl.toArray())
      if (v.toObject().value(QStringLiteral("name")).toString() == QLatin1String("default")) text = v.toObject().value(QStringLiteral("template")).toString();
  if (text.isEmpty()) {
    if (error) *error = QStringLiteral("%1 has no chat_template; chat needs an instruct model's tokenizer files").arg(path);
    return std::nullopt;
  }
  return fromTemplateText(text);
}

std::optional<QString> ChatTemplate::render(const QJsonArray& messages, bool addGenerationPrompt, QString* error) const {
  QString out;
  auto fail = [&](const QString& why) -> std::optional<QString> {
    if (error) *error = why;
    return std::nullopt;
  };
  const bool hasSystem = !messages.isEmpty() && messages.first().toObject().value(QStringLiteral("role")).toString() == QLatin1String("system");
  if (!hasSystem && !defaultSystem_.isEmpty())
    out += QStringLiteral("<|im_start|>system\n") + defaultSystem_ + QStringLiteral("<|im_end|>\n");
  for (int i = 0; i < messages.size(); ++i) {
    if (!messages[i].isObject()) return fail(QStringLiteral("messages[%1] must be an object").arg(i));
    const QJsonObject m = messages[i].toObject();
    const QString role = m.value(QStringLiteral("role")).toString();
    bool ok = false;
    const QString content = contentText(m.value(QStringLiteral("content")), &ok);
    if (!ok) return fail(QStringLiteral("messages[%1].content must be a string or a list of text parts").arg(i));
    if (role == QLatin1String("system") || role == QLatin1String("user")) {
      out += QStringLiteral("<|im_start|>") + role + QLatin1Char('\n') + content + QStringLiteral("<|im_end|>\n");
    } else if (role == QLatin1String("assistant")) {
      out += QStringLiteral("<|im_start|>assistant");
      if (!content.isEmpty()) out += QLatin1Char('\n') + content;
      for (const QJsonValue call : m.value(QStringLiteral("tool_calls")).toArray()) {
        QJsonObject fn = call.toObject();
        if (fn.contains(QStringLiteral("function"))) fn = fn.value(QStringLiteral("function")).toObject();
        out += QStringLiteral("\n<tool_call>\n{\"name\": \"") + fn.value(QStringLiteral("name")).toString() +
               QStringLiteral("\", \"arguments\": ") + compactJson(fn.value(QStringLiteral("arguments"))) +
               QStringLiteral("}\n</tool_call>");
      }
      out += QStringLiteral("<|im_end|>\n");
    } else if (role == QLatin1String("tool")) {
      const bool first = i == 0 || messages[i - 1].toObject().value(QStringLiteral("role")).toString() != QLatin1String("tool");
      const bool last = i + 1 == messages.size() || messages[i + 1].toObject().value(QStringLiteral("role")).toString() != QLatin1String("tool");
      if (first) out += QStringLiteral("<|im_start|>user");
      out += QStringLiteral("\n<tool_response>\n") + content + QStringLiteral("\n</tool_response>");
      if (last) out += QStringLiteral("<|im_end|>\n");
    } else {
      return fail(QStringLiteral("messages[%1].role \"%2\" is not one of system, user, assistant, tool").arg(i).arg(role));
    }
  }
  if (addGenerationPrompt) out += QStringLiteral("<|im_start|>assistant\n");
  return out;
}

}  // namespace ct::model
