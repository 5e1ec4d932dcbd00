#pragma once
#include <QByteArray>
#include <QHostAddress>
#include <QStringList>
#include <functional>

namespace ct::serve {

// The answer of an external key store for one bearer token (see ServeOptions::verifyKey).
struct ServeKeyVerdict {
  bool ok = false;
  QString keyId;   // attributed in logs and usage
  QString user;
  QString reason;  // why a key was refused ("revoked", "expired"), shown in the 401
};

struct ServeOptions {
  QHostAddress bind = QHostAddress::LocalHost;
  quint16 port = 8000;
  QStringList apiKeys;  // empty: no key needed (unless verifyKey is set)
  QString modelName;    // served name; empty: the host's
  int contextLength = 0;  // 0: the host's
  int defaultMaxTokens = 256;
  int maxMaxTokens = 4096;
  double defaultTemperature = 0.7;
  int64_t maxBodyBytes = 4 << 20;
  int requestTimeoutMs = 300000;
  int queueDepth = 64;  // requests in flight before 429 (also bounded by the host's own queue)
  bool logPrompts = false;
  // When set, replaces apiKeys: asked on every request, so a revoked key is refused at once.
  std::function<ServeKeyVerdict(const QByteArray& bearerToken)> verifyKey;
  // Called once for every finished request that carried a key accepted by verifyKey.
  std::function<void(const QString& keyId, int promptTokens, int completionTokens)> recordUsage;
};

}  // namespace ct::serve
