#pragma once
// OpenAI's request-body rules for the three generation routes, checked in one place before anything
// reaches the host: every known field's type and range, fields this service cannot honour refused
// with the reason, and the host request built from what passed. Unknown fields are ignored, as vLLM
// does, so newer clients keep working.
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <optional>

#include "serve/serve_options.h"

namespace ct::serve {

struct FieldError {
  QString message;
  QString param;  // the offending field ("messages[1].content"), or empty
};

struct GenerationSpec {
  QJsonObject host;  // the generate (or score) frame's fields: messages | prompt | prompt_ids, sampling
  QStringList stops;
  int maxTokens = 0;
  double temperature = 0;
  bool stream = false;
  bool includeUsage = false;  // chat: a usage chunk before [DONE]
  bool logprobs = false;      // chat: per-token log-probabilities in the reply
  int topLogprobs = 0;
  bool echo = false;          // completions
  int completionLogprobs = -1;  // completions: `logprobs` N, −1 when not asked
  QString instructions;       // responses
};

std::optional<FieldError> checkChat(const QJsonObject& body, const ServeOptions& o, GenerationSpec* out);
std::optional<FieldError> checkCompletion(const QJsonObject& body, const ServeOptions& o, GenerationSpec* out);
std::optional<FieldError> checkResponses(const QJsonObject& body, const ServeOptions& o, GenerationSpec* out);

}  // namespace ct::serve
