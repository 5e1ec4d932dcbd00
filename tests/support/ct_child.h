#pragma once
// A `ct` child process for integration tests: started with --json, its announced port read from
// the event that carries data.port, stopped by PID (SIGTERM, then SIGKILL) when the object goes.
// Its output goes to a file, never to a pipe: a test blocked in a socket call must not leave a
// chatty server stuck on a full pipe.
#include <QProcess>
#include <QStringList>
#include <QTemporaryFile>

namespace ct::test {

quint16 freePort();
QString ctBinary();

class CtChild {
 public:
  CtChild() = default;
  ~CtChild() { stop(); }
  CtChild(const CtChild&) = delete;
  CtChild& operator=(const CtChild&) = delete;

  // Starts `ct ARGS --json` and waits up to timeoutMs for its port; 0 when none came (the
  // output seen so far is in seen()).
  quint16 start(const QStringList& args, int timeoutMs = 60000);
  // Bytes written to the child's stdin as it starts, then stdin is closed (--secrets-stdin).
  void setInput(const QByteArray& bytes) { input_ = bytes; }
  // Starts `ct ARGS` without waiting for anything.
  bool launch(const QStringList& args);
  // Any other program a test needs as a server (a python3 stand-in host, …), with the same
  // output file and the same stop-by-PID.
  bool launchProgram(const QString& program, const QStringList& args);
  void stop(int graceMs = 10000);      // SIGTERM, SIGKILL after the grace period
  void kill();                         // SIGKILL now
  qint64 pid() const { return pid_; }
  quint16 port() const { return port_; }
  bool running() const { return process_.state() != QProcess::NotRunning; }
  QByteArray seen() const;  // everything it printed so far (stdout and stderr)
  QProcess& process() { return process_; }

 private:
  QProcess process_;
  QTemporaryFile output_;
  QByteArray input_;
  qint64 pid_ = 0;
  quint16 port_ = 0;
};

}  // namespace ct::test
