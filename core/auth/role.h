#pragma once
#include <QString>
#include <optional>

namespace ct::auth {

// Ordered: each role can do everything the one below it can.
enum class Role { Viewer = 1, Operator = 2, Admin = 3 };

QString nameOf(Role r);  // "viewer", "operator", "admin"
std::optional<Role> roleFromString(const QString& s);

}  // namespace ct::auth
