#pragma once
#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include "auth/authorize.h"

namespace ct::auth {

// The signed-in user of this process: a `ct` command once its dispatcher has resolved who runs
// it, or ct-studio after its login dialog. Never set: single-user mode while no account exists,
// nobody (nothing allowed) once one does.
Identity currentIdentity();
QByteArray currentSessionToken();  // empty in single-user mode
void setCurrent(const Identity& who, const QByteArray& sessionToken = {});

// Where the `ct login` session lives in the keychain.
inline const QString kCliSessionKey = QStringLiteral("cli-session");

struct Resolution {
  bool ok = false;
  bool accountsExist = false;
  Identity identity;
  QString message;  // why there is no identity
};
// Who runs this process: single-user when the accounts database has no account; otherwise the
// session behind `token` (handed over by the parent, or read from the keychain by the caller).
Resolution resolveSession(const QByteArray& token, const QString& dbPath = {});

// Secrets for a child `ct` (the session, an endpoint's API key) travel on its standard input as
// one JSON line read when it is started with --secrets-stdin: never on a command line (which
// every user of the machine can read with ps) and never in its environment.
inline const QString kSecretsStdinOption = QStringLiteral("secrets-stdin");
// The same line on an inherited file descriptor: how `ct` passes it on when it becomes ct-compute.
inline const QString kSecretsFdOption = QStringLiteral("secrets-fd");
QByteArray encodeHandoff(const QHash<QString, QString>& secrets);  // adds "session" when signed in
// For a `ct` child: --secrets-stdin and the handoff line as its stdin, when there are secrets or
// a signed-in session to pass on; nothing in single-user mode without secrets.
void addSecretsHandoff(QStringList* args, QByteArray* stdinData, const QHash<QString, QString>& secrets = {});
QHash<QString, QString> decodeHandoff(const QByteArray& line, QString* error);

}  // namespace ct::auth
