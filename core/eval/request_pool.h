#pragma once
#include <QJsonObject>
#include <QList>
#include <QString>
#include <functional>

#include "eval/openai_client.h"

namespace ct::eval {

// Sends many requests to one endpoint with at most `concurrency` in flight. Connection errors,
// 429 and 5xx answers are retried with exponential back-off (1, 2, 4 ... s, at most 10 s);
// an answer that says the request itself is wrong (400 context_length_exceeded) is passed on as
// that item's outcome; any other error (401 wrong key, 404 unknown model) stops the run.
struct PoolRequest {
  QString path;  // "/completions" or "/chat/completions"
  QJsonObject body;
};

struct PoolOptions {
  int concurrency = 4;
  int maxRetries = 3;
  std::function<bool()> cancelled;
  std::function<void(int done, int total)> progress;
};

struct PoolOutcome {
  bool ok = true;          // false: stopped (fatal error or cancel); `error` says which
  bool cancelled = false;
  QString error;
  int retries = 0;
};

// `answer(i, reply)` gets every request's final reply (status 200, or the refusal).
PoolOutcome runRequests(OpenAiClient& client, const QList<PoolRequest>& requests, const PoolOptions& options,
                        const std::function<void(int, const OpenAiClient::Reply&)>& answer);

// Whether a refusal is about this one item (it is skipped) rather than the whole run.
bool isItemRefusal(const OpenAiClient::Reply& r);

}  // namespace ct::eval
