#include "auth/role.h"

namespace ct::auth {

QString nameOf(Role r) {
  switch (r) {
    case Role::Viewer: return QStringLiteral("viewer");
    case Role::Operator: return QStringLiteral("operator");
    case Role::Admin: return QStringLiteral("admin");
  }
  return QStringLiteral("viewer");
}

std::optional<Role> roleFromString(const QString& s) {
  for (Role r : {Role::Viewer, Role::Operator, Role::Admin})
    if (s.compare(nameOf(r), Qt::CaseInsensitive) == 0) return r;
  return std::nullopt;
}

}  // namespace ct::auth
