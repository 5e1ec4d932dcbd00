#pragma once
#include <QByteArray>
#include <QString>

#include "auth/authorize.h"
#include "cli/command.h"

namespace ct::cli {

// Who runs this `ct` command. No account in the database: single-user, as before accounts
// existed. Otherwise the session a parent handed over on stdin, else the `ct login` session in
// the keychain; with no keychain reachable, the person is asked for name and password on the
// terminal each time (the session then lives only as long as this process).
struct CliIdentity {
  bool ok = false;
  auth::Identity who;
  QByteArray token;           // the session, to hand to child `ct` processes
  bool askedThisTime = false; // a session opened for this command alone: end it on exit
  QString message;
};
CliIdentity resolveCliIdentity(const QString& command, const CliEnv& env);
void endCommandSession(const CliIdentity& id);

}  // namespace ct::cli
