#pragma once
#include <QString>

namespace ct::db {

// The application's one SQLite file (job history, host profiles, ...). Opens a named
// connection (WAL, so the GUI and several `ct` processes share it, with a busy time-out) and
// brings the schema up to this build's version, one numbered step at a time inside a write
// transaction, so two processes opening an old file at once cannot both migrate it.
inline constexpr int kSchemaVersion = 3;

bool openAppDatabase(const QString& path, const QString& connection, QString* error);

}  // namespace ct::db
