#pragma once
#include <QDateTime>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

namespace ct::auth {

// The accounts database: users, sessions, the audit log, service keys and their usage, in one
// SQLite file next to the job history (auth.sqlite in the data folder; WAL, so the GUI, `ct`
// commands and a running `ct serve` share it). The file is created owner-only (0600). Each
// instance owns one connection; use one per thread.
class AuthDb {
 public:
  explicit AuthDb(QString path = {});  // empty: paths::authDatabase()
  ~AuthDb();
  AuthDb(const AuthDb&) = delete;
  AuthDb& operator=(const AuthDb&) = delete;

  bool open(QString* error);
  bool isOpen() const;
  QString path() const { return path_; }
  QSqlDatabase db() const;

  // Whether any account exists, without creating the file when there is none.
  static bool hasAccounts(const QString& path);

 private:
  QString path_;
  QString connection_;
};

// Times are stored as ISO-8601 UTC text with milliseconds (as the job history does).
QVariant timeText(const QDateTime& t);
QDateTime timeFrom(const QVariant& v);

}  // namespace ct::auth
