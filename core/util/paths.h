#pragma once
#include <QString>

namespace ct::paths {

// XDG folders of the application. CT_DATA_DIR / CT_STATE_DIR override them so tests and
// portable installs never touch the user's real history.
QString dataDir();   // job history database
QString stateDir();  // per-job log files
QString jobsDatabase();
QString jobLogDir();

// Creates the folder if needed; returns false with a readable reason otherwise.
bool ensureDir(const QString& dir, QString* error);

}  // namespace ct::paths
