#pragma once
#include <QByteArray>
#include <QString>
#include <memory>

class QLocalServer;

namespace ct::remote {

// How ssh unlocks a passphrase-protected key that no agent holds, without ssh ever prompting and
// without the passphrase in an argument, the environment, a file or a log: ssh runs the `ct`
// binary as its SSH_ASKPASS (SSH_ASKPASS_REQUIRE=force) with only the host's name in
// CT_ASKPASS_HOST; that askpass process prints the passphrase on its stdout, which ssh reads.
// It takes the passphrase from the keychain entry ssh-passphrase:<host>, or, when this process
// was given one for this command only (no keychain), from a one-shot socket in the private
// runtime folder that this process serves while ssh authenticates (CT_ASKPASS_SOCKET).
inline constexpr const char* kAskpassHostVar = "CT_ASKPASS_HOST";
inline constexpr const char* kAskpassSocketVar = "CT_ASKPASS_SOCKET";

QString passphraseEntry(const QString& host);  // "ssh-passphrase:<host>"

// The program ssh runs as askpass (the `ct` binary); empty: never use askpass (batch mode only).
void setAskpassProgram(const QString& program);
QString askpassProgram();

// A passphrase for one host, for this process only (not remembered anywhere).
void setSessionPassphrase(const QString& host, const QByteArray& passphrase);
bool hasSessionPassphrase(const QString& host);
void clearSessionPassphrase(const QString& host);

// Whether an askpass prompt from ssh asks for a key's passphrase (the only question answered:
// never a password, a host-key confirmation or anything else).
bool isPassphrasePrompt(const QString& prompt);

// Serves the session passphrase of one host to askpass processes while it lives.
class AskpassServer {
 public:
  explicit AskpassServer(const QString& host);
  ~AskpassServer();
  AskpassServer(const AskpassServer&) = delete;
  AskpassServer& operator=(const AskpassServer&) = delete;
  QString path() const;  // empty when it could not listen
 private:
  std::unique_ptr<QLocalServer> server_;
};

// The askpass side of that socket: the passphrase, or nullopt-like empty with *error.
QByteArray fetchSessionPassphrase(const QString& socketPath, QString* error);

}  // namespace ct::remote
