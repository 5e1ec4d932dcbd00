#include "eval/request_pool.h"

#include <QEventLoop>
#include <QNetworkReply>
#include <QSet>
#include <QTimer>
#include <algorithm>
#include <memory>

namespace ct::eval {

bool isItemRefusal(const OpenAiClient::Reply& r) {
  const QString code = r.body.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
  return (r.status == 400 || r.status == 413) && (code == QLatin1String("context_length_exceeded") || r.error.contains(QStringLiteral("context")) ||
                                                  r.status == 413);
}

PoolOutcome runRequests(OpenAiClient& client, const QList<PoolRequest>& requests, const PoolOptions& o,
                        const std::function<void(int, const OpenAiClient::Reply&)>& answer) {
  PoolOutcome out;
  const int total = static_cast<int>(requests.size());
  int next = 0, done = 0, active = 0;
  QList<int> attempts(total, 0);
  QSet<QNetworkReply*> inFlight;
  QEventLoop loop;
  bool stopping = false;
  auto stopAll = [&](const QString& why, bool cancelled) {
    if (stopping) return;
    stopping = true;
    out.ok = false;
    out.cancelled = cancelled;
    out.error = why;
    for (QNetworkReply* r : QSet<QNetworkReply*>(inFlight)) OpenAiClient::abort(r);
  };
  std::function<void(int)> send;
  std::function<void()> fill = [&] {
    while (!stopping && active < std::max(1, o.concurrency) && next < total) send(next++);
    if (active == 0 && (stopping || done == total)) loop.quit();
  };
  send = [&](int i) {
    ++active;
    auto handle = std::make_shared<QNetworkReply*>(nullptr);
    *handle = client.postAsync(requests[i].path, requests[i].body, [&, i, handle](const OpenAiClient::Reply& r) {
      inFlight.remove(*handle);
      --active;
      if (stopping) {
        fill();
        return;
      }
      const bool transient = r.status == 0 || r.status == 429 || r.status >= 500;
      if (transient && attempts[i] < o.maxRetries) {
        const int wait = std::min(10000, 1000 << attempts[i]);
        ++attempts[i];
        ++out.retries;
        ++active;  // the slot stays taken while it waits
        QTimer::singleShot(wait, &loop, [&, i] {
          --active;
          if (stopping) return fill();
          send(i);
        });
        return;
      }
      if (r.status == 200 || isItemRefusal(r)) {
        answer(i, r);
        ++done;
        if (o.progress) o.progress(done, total);
      } else {
        stopAll(QStringLiteral("%1%2 answered: %3").arg(client.baseUrl(), requests[i].path,
                                                          r.error.isEmpty() ? QStringLiteral("HTTP %1").arg(r.status) : r.error),
                false);
      }
      fill();
    });
    inFlight.insert(*handle);
  };
  QTimer poll;
  QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
    if (o.cancelled && o.cancelled()) stopAll(QStringLiteral("cancelled"), true);
    if (stopping && active == 0) loop.quit();
  });
  poll.start(100);
  if (total == 0) return out;
  fill();
  if (active > 0) loop.exec();
  return out;
}

}  // namespace ct::eval
