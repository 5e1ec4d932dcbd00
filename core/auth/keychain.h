#pragma once
#include <QByteArray>
#include <QString>
#include <optional>

namespace ct::auth {

// Secrets in the OS keychain (Secret Service over D-Bus on Linux, through QtKeychain), never in
// settings, the database, logs or command lines. Entries of this application live under the
// service name "ct-studio" with keys such as:
//   cli-session               the `ct login` session token
//   api-key:<endpoint>        the API key of a deployed endpoint, when the user asks to remember it
//   ssh-passphrase:<host>     an SSH key passphrase, when the user asks to remember it
//   service-key:<name>        an FPGA service key the user keeps for a client
// Calls wait for the keychain's answer in a local event loop (a QCoreApplication must exist).
class Keychain {
 public:
  explicit Keychain(QString service = QStringLiteral("ct-studio"), int timeoutMs = 15000);

  enum class Status { Ok, NotFound, Unavailable };
  struct Reply {
    Status status = Status::Unavailable;
    QByteArray data;
    QString message;  // why it is unavailable, in words a user can act on
    bool ok() const { return status == Status::Ok; }
  };

  Reply read(const QString& key) const;
  Reply write(const QString& key, const QByteArray& secret) const;
  Reply remove(const QString& key) const;  // NotFound is not an error for callers that clean up

  // Whether a keychain answers at all (one read of a key that need not exist). The answer is
  // kept for this process: a keychain does not come and go within one command.
  bool available(QString* why = nullptr) const;

  QString service() const { return service_; }

 private:
  QString service_;
  int timeoutMs_;
};

// The message shown when no keychain answers, with what the person can do about it.
QString keychainUnavailableHelp(const QString& reason);

}  // namespace ct::auth
