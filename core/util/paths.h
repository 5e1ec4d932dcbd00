#pragma once
#include <QString>

namespace ct::paths {

// XDG folders of the application: <XDG base>/<application folder>. CT_DATA_DIR / CT_STATE_DIR
// override them so tests and portable installs never touch the user's real history.
// The programs' main() sets the folder to the brand's application id, so two brands installed on
// one machine keep separate histories, accounts and logs; "ct-studio" until then.
void setApplicationFolder(const QString& name);
QString applicationFolder();
QString dataDir();   // job history database
QString stateDir();  // per-job log files
QString jobsDatabase();
QString authDatabase();  // accounts, sessions, audit log, service keys
QString jobLogDir();

// Data that ships with the program (demo-model, eval-samples): in the source tree next to a
// build (build/<preset>/app/ → resources/), under <prefix>/share/<package>/ of a program installed in
// <prefix>/lib/<package>/ (packaging/), under ../share/ct-studio/ of one installed in bin/, or in
// ./resources; `envOverride` names a variable that wins over all of them. Empty when not found.
QString bundledResource(const QString& name, const char* envOverride);

// Creates the folder if needed; returns false with a readable reason otherwise.
bool ensureDir(const QString& dir, QString* error);

}  // namespace ct::paths
