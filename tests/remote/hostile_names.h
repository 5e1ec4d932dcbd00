#pragma once
// Names that break naive shell quoting: each would run a command, split, glob, expand or read
// as an option if it reached a shell or a program unquoted. `canary` names a file that one of
// them would create if it were ever executed.
#include <QString>
#include <QStringList>

namespace ct::test {

inline QStringList hostileNames(const QString& canary) {
  return {
      QStringLiteral("; touch %1 ; rm -rf ~").arg(canary),
      QStringLiteral("$(touch %1)").arg(canary),
      QStringLiteral("`touch %1`").arg(canary),
      QStringLiteral("a'b\"c"),
      QStringLiteral("'; touch %1; '").arg(canary),
      QStringLiteral("\"; touch %1; \"").arg(canary),
      QStringLiteral("two  spaces and\ttab"),
      QStringLiteral("line\nbreak; touch %1").arg(canary),
      QStringLiteral("-rf"),
      QStringLiteral("--help"),
      QStringLiteral("模型 ü é ✓"),
      QStringLiteral("*?[a-z]{x,y}~"),
      QStringLiteral("back\\slash \\n $HOME %s %%"),
      QStringLiteral("| touch %1 & > x <").arg(canary),
      QString(200, QLatin1Char('L')),
  };
}

}  // namespace ct::test
