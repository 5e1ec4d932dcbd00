#pragma once
#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <functional>

#include "remote/host_profile.h"
#include "remote/ssh_diagnosis.h"

namespace ct::remote {

// A local helper program run to the end through the process wrapper (stdin closed unless
// `input` is given, so nothing can wait at a prompt).
struct LocalRun {
  bool started = false;
  int exitCode = -1;
  bool timedOut = false;
  QByteArray out, err;
};
LocalRun runLocal(const QString& program, const QStringList& args, int timeoutMs, const QByteArray& input = {},
                  const QProcessEnvironment& env = QProcessEnvironment());

// Result of a command run on the host.
struct ExecResult {
  bool ran = false;      // ssh reached the host and the command ran (whatever its exit code)
  int exitCode = -1;     // the remote command's
  QByteArray out, err;   // raw stdout; stderr
  qint64 ms = 0;
  bool cancelled = false, timedOut = false;
  SshFailure failure;    // why ssh itself failed (ran == false)
  QString error() const;  // one line naming host and step, for logs
  bool ok() const { return ran && exitCode == 0; }
};

struct ExecOptions {
  int timeoutMs = 60000;      // 0: no limit
  QByteArray input;           // written to the remote command's stdin, then closed
  std::function<void(const QByteArray&)> onStdout;  // streaming; out is then left empty
  std::function<void(const QByteArray& line)> onStderrLine;
  std::function<bool()> cancelled;
};

enum class HostKeyPolicy { Strict, AcceptNew };

// The one SSH layer: the system OpenSSH client, one multiplexed master per host (its socket in a
// private runtime folder), batch mode (never a prompt), keep-alives, host keys always checked.
// A key passphrase the user asked to remember (or gave for this command) reaches ssh only
// through ct's askpass (remote/ssh_askpass.h) when the master or a probe connects.
// The master is started on demand and started again when it died; everything else runs through
// it. Every remote command line comes from shellCommand().
class SshHost {
 public:
  explicit SshHost(HostProfile profile);

  const HostProfile& profile() const { return profile_; }
  QString label() const;  // "NAME (DEST)"

  // Options every ssh call shares (config file, port, user, key, known hosts, jump, batch mode,
  // keep-alives), without the destination.
  QStringList connectOptions(HostKeyPolicy policy = HostKeyPolicy::Strict) const;
  // `ssh -G ...`: what the configuration resolves the destination to (for diagnosis and tests).
  QStringList resolveArgs() const;
  QString controlPath() const;
  static QString runtimeDir(QString* error = nullptr);

  bool masterAlive() const;  // its socket accepts a connection
  struct MasterStart {
    bool ok = false;
    bool reused = false;
    qint64 ms = 0;
    qint64 hostKeyMs = -1;        // when ssh said the host key matched (or was added)
    QString acceptedKey;          // "Warning: Permanently added ..." when a new key was accepted
    QString fingerprint;          // the key the host presented
    QByteArray log;               // ssh's stderr (-v)
    SshFailure failure;
  };
  MasterStart ensureMaster(HostKeyPolicy policy = HostKeyPolicy::Strict);
  // A fresh connection that checks host key and login and runs `true`, leaving no master behind.
  MasterStart probe(HostKeyPolicy policy = HostKeyPolicy::Strict) const;
  qint64 masterPid() const;  // 0 when none
  bool stopMaster();

  // argv (after the program name "ssh") that runs `remoteLine` on the host through the master.
  QStringList commandArgs(const QByteArray& remoteLine, bool tty = false) const;
  // Runs argv on the host (quoted by shellCommand); starts the master first when needed.
  ExecResult exec(const QStringList& argv, const ExecOptions& options = {});
  // Runs a POSIX sh script on the host: sh -c SCRIPT ct ARGS... (ARGS arrive as "$1"...).
  ExecResult script(const QByteArray& text, const QStringList& args, const ExecOptions& options = {});

  // An executable that runs ssh with this host's options through the master: what rsync (-e)
  // and sftp (-S) start, so they use the same connection and the same checks.
  QString wrapperProgram(QString* error);

  static QProcessEnvironment sshEnvironment();

 private:
  QString configFile() const;
  bool usesAskpass() const;
  static QStringList withAskpass(const QStringList& args);
  MasterStart connectVerbose(const QStringList& args, bool daemon) const;
  QStringList jumpProxyOption() const;

  HostProfile profile_;
};

}  // namespace ct::remote
