#pragma once
#include <QByteArray>
#include <QString>

namespace ct::remote {

struct HostProfile;

// Why ssh itself failed, in the user's words: which step (resolve, connect, host key, auth,
// jump, config, link), what happened on which host, and what to do about it.
struct SshFailure {
  QString step;
  QString message;
  QString fix;
  QString fingerprint;  // host key steps: the key the host presented ("ED25519 SHA256:...")
  bool isFailure() const { return !step.isEmpty(); }
};

// Reads ssh's stderr (with or without -v debug lines) after it exited with `exitCode`; empty
// result when nothing in it is an ssh-level failure (the remote command itself failed).
SshFailure diagnoseSsh(const QByteArray& stderrText, int exitCode, const HostProfile& profile);

// After "Permission denied": looks at the key files ssh would offer and at the agent, and tells
// a passphrase-protected key with no agent apart from a key the host does not accept.
SshFailure diagnoseAuth(const HostProfile& profile, const QString& permissionLine);

// Lines of ssh's -v output that say the host key was found and matched (for timing the step).
bool isHostKeyAcceptedLine(const QByteArray& line);

}  // namespace ct::remote
