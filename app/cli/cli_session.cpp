#include "cli/cli_session.h"

#include "auth/accounts.h"
#include "auth/auth_db.h"
#include "auth/keychain.h"
#include "auth/session.h"
#include "cli/password_prompt.h"

namespace ct::cli {

CliIdentity resolveCliIdentity(const QString& command, const CliEnv& env) {
  CliIdentity id;
  QByteArray token = env.secrets.value(QStringLiteral("session")).toLatin1();
  bool keychainDown = false;
  QString keychainWhy;
  if (token.isEmpty() && auth::AuthDb::hasAccounts({})) {
    const auth::Keychain kc;
    const auth::Keychain::Reply r = kc.read(auth::kCliSessionKey);
    if (r.ok()) token = r.data;
    keychainDown = r.status == auth::Keychain::Status::Unavailable;
    keychainWhy = r.message;
  }
  const auth::Resolution res = auth::resolveSession(token);
  if (res.ok) {
    id.ok = true;
    id.who = res.identity;
    id.token = res.identity.singleUser ? QByteArray() : token;
    // A session typed in for one command, handed on by `ct` as it became ct-compute.
    id.askedThisTime = !id.token.isEmpty() && env.secrets.value(QStringLiteral("end_session")) == QLatin1String("1");
    return id;
  }
  if (!res.accountsExist || !token.isEmpty() || !keychainDown) {
    id.message = res.message + (res.accountsExist ? QStringLiteral(" (accounts exist on this machine: sign in with ct login NAME)") : QString());
    return id;
  }
  // No keychain: ask every time, on the terminal only.
  if (!haveTerminal()) {
    id.message = auth::keychainUnavailableHelp(keychainWhy) +
                 QStringLiteral(" There is no terminal to ask on, so 'ct %1' cannot run here.").arg(command);
    return id;
  }
  env.err << auth::keychainUnavailableHelp(keychainWhy) << "\n" << Qt::flush;
  QString name = qEnvironmentVariable("CT_USER");
  if (name.isEmpty()) name = askLine(QStringLiteral("User: ")).value_or(QString());
  QString error;
  const auto password = PasswordSource(false).ask(QStringLiteral("Password for %1: ").arg(name), &error);
  if (name.isEmpty() || !password) {
    id.message = error.isEmpty() ? QStringLiteral("no user name typed") : error;
    return id;
  }
  auth::AuthDb db;
  if (!db.open(&error)) {
    id.message = error;
    return id;
  }
  const auth::SignIn s = auth::Accounts(db).signIn(name, *password, QStringLiteral("cli, no keychain"), 3600);
  if (!s.ok()) {
    id.message = s.status == auth::SignIn::Status::MustChangePassword
                     ? s.message + QStringLiteral(": run ct login ") + name
                     : s.message;
    return id;
  }
  id.ok = true;
  id.who = s.identity;
  id.token = s.token;
  id.askedThisTime = true;
  return id;
}

void endCommandSession(const CliIdentity& id) {
  if (!id.askedThisTime || id.token.isEmpty()) return;
  auth::AuthDb db;
  if (db.open(nullptr)) auth::Accounts(db).signOut(id.token, QStringLiteral("cli, no keychain"));
}

}  // namespace ct::cli
