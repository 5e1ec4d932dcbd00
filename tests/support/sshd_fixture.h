#pragma once
// A real OpenSSH server on 127.0.0.1 for integration tests: its own host key, authorized key and
// known_hosts line, a free port, sessions with their own HOME and a tools folder first on PATH.
// Stopped by PID when the object goes (also when a check failed): the listener, every
// connection process and every session process it left (found by a marker in their
// environment, since sshd rewrites its process titles).
#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

namespace ct::test {

struct SshdOptions {
  QMap<QString, QString> setEnv;  // extra variables for every session (SetEnv)
  QStringList extraConfig;        // more sshd_config lines
  QString logLevel = QStringLiteral("VERBOSE");
  bool authorizeUserKey = true;   // put the fixture's client key in authorized_keys
};

class SshdFixture {
 public:
  explicit SshdFixture(SshdOptions options = {});
  ~SshdFixture();
  SshdFixture(const SshdFixture&) = delete;
  SshdFixture& operator=(const SshdFixture&) = delete;

  // Generates keys and config (first call), starts sshd and waits for its banner. The port stays
  // the same across stop()/start(), so a restarted server is the same host to a client.
  bool start(QString* error);
  void stop();
  // A new host key (restart to serve it): what a re-installed or impersonated host looks like.
  bool replaceHostKey(QString* error);

  bool running() const { return process_ && process_->state() != QProcess::NotRunning; }
  quint16 port() const { return port_; }
  qint64 pid() const { return pid_; }
  QString dir() const;                // scratch folder of this server
  QString home() const;               // HOME of its sessions
  QString toolsDir() const;           // first on its sessions' PATH
  QString userKey() const;            // private key the server accepts (no passphrase)
  QString knownHostsLine() const;     // "[127.0.0.1]:PORT ssh-ed25519 AAAA..."
  QString hostKeyFingerprint() const; // "SHA256:..."
  QString marker() const { return marker_; }  // CT_SSHD_FIXTURE value in every session
  QByteArray log() const;             // sshd's own log so far

  // Helpers for tests that need more keys or known_hosts files.
  static bool makeKey(const QString& path, const QString& passphrase, QString* error);
  bool writeKnownHosts(const QString& path, QString* error) const;
  // PIDs of session processes still alive (marker in their environment), for "nothing left" checks.
  QList<qint64> sessionProcesses() const;

 private:
  bool prepare(QString* error);
  void killMarked(int sig) const;

  SshdOptions options_;
  std::unique_ptr<QTemporaryDir> dir_;
  std::unique_ptr<QProcess> process_;
  QString marker_;
  quint16 port_ = 0;
  qint64 pid_ = 0;
  bool prepared_ = false;
};

// True when a process with this PID exists and is not a zombie.
bool pidAlive(qint64 pid);

}  // namespace ct::test
