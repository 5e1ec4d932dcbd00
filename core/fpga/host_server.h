#pragma once
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "fpga/host_backend.h"

class QTcpServer;

namespace ct::fpga {

class HostConnection;

struct HostOptions {
  QHostAddress address = QHostAddress::LocalHost;
  quint16 port = 0;                     // 0: any free port (see port())
  QByteArray endMarker = "<|ct-end|>";  // legacy mode
  int64_t maxFrameBytes = 8 << 20;
  int readTimeoutMs = 30000;   // an unfinished frame older than this closes the connection
  int writeTimeoutMs = 30000;  // unread replies older than this close it too
  int maxQueued = 64;          // requests waiting for the model (besides the one running), all connections together
  int defaultMaxTokens = 256;
};

// `ct host`: listens for the FPGA service, speaks legacy or CT mode per connection, and runs
// requests one at a time on the backend in a worker thread; replies stream back as produced.
// A bad or hostile client gets an error frame or is disconnected; the others are unaffected.
class HostServer : public QObject {
  Q_OBJECT
 public:
  HostServer(std::unique_ptr<HostBackend> backend, HostOptions options, QObject* parent = nullptr);
  ~HostServer() override;

  bool listen(QString* error);
  quint16 port() const;
  const HostOptions& options() const { return options_; }
  const HostBackend& backend() const { return *backend_; }

  // For connections: queue work for the model thread; false when the queue is full.
  bool enqueue(std::function<void()> work);
  void log(const QString& line) { Q_EMIT logLine(line); }
  bool shuttingDown() const { return shutdown_.load(); }

 Q_SIGNALS:
  void logLine(const QString& line);

 private:
  void workerLoop();

  std::unique_ptr<HostBackend> backend_;
  HostOptions options_;
  QTcpServer* server_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  int accepted_ = 0;  // queued or running (under mutex_)
  bool stopping_ = false;
  std::atomic<bool> shutdown_{false};  // ends the running request too
  std::thread worker_;
  friend class HostConnection;
};

}  // namespace ct::fpga
