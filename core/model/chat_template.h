#pragma once
#include <QJsonArray>
#include <QString>
#include <optional>

namespace ct::model {

// The Qwen family's ChatML layout, rendered natively rather than by a Jinja engine:
//   <|im_start|>{role}\n{content}<|im_end|>\n ... [<|im_start|>assistant\n]
// The default system message is read from the model's own chat_template (Qwen2: "You are a
// helpful assistant.", Qwen2.5: "You are Qwen, created by Alibaba Cloud. ..."; Qwen3 has
// none). Consecutive tool messages become one user turn of <tool_response> blocks and
// assistant tool_calls are written as <tool_call> JSON, as Qwen2.5's template does.
class ChatTemplate {
 public:
  static ChatTemplate fromTemplateText(const QString& jinja);
  static std::optional<ChatTemplate> load(const QString& modelDir, QString* error);  // tokenizer_config.json

  // messages: OpenAI-style [{role, content}]; content may be a string or a list of text parts.
  // Returns nullopt with a reason for an unknown role or a message without content.
  std::optional<QString> render(const QJsonArray& messages, bool addGenerationPrompt, QString* error) const;

  QString defaultSystem() const { return defaultSystem_; }
  bool present() const { return present_; }

 private:
  QString defaultSystem_;
  bool present_ = false;
};

}  // namespace ct::model
