#pragma once
#include <QList>
#include <QString>
#include <optional>

#include "remote/host_profile.h"

namespace ct::remote {

// Host profiles in the application's database (util/app_database). One connection per
// instance; use one per thread.
class HostStore {
 public:
  explicit HostStore(QString path);
  ~HostStore();
  HostStore(const HostStore&) = delete;
  HostStore& operator=(const HostStore&) = delete;

  bool open(QString* error);
  // Adds a profile; an existing one of that name is kept (and an error returned) unless `replace`.
  bool save(HostProfile profile, bool replace, QString* error);
  std::optional<HostProfile> get(const QString& name) const;
  QList<HostProfile> list() const;  // by name
  bool remove(const QString& name);
  bool setLastTest(const QString& name, const QJsonObject& lastTest);

 private:
  QString path_;
  QString connection_;
};

// The profile named `name` from the application's database, or why not.
std::optional<HostProfile> loadHost(const QString& name, QString* error);

}  // namespace ct::remote
