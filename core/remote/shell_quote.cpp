#include "remote/shell_quote.h"

namespace ct::remote {

QByteArray shellQuote(const QByteArray& word) {
  QByteArray out;
  out.reserve(word.size() + 2);
  out.append('\'');
  for (const char c : word) {
    if (c == '\'') out.append("'\\''");
    else out.append(c);
  }
  out.append('\'');
  return out;
}

std::optional<QByteArray> shellCommand(const QList<QByteArray>& argv, QString* error) {
  if (argv.isEmpty()) {
    if (error) *error = QStringLiteral("no command to run");
    return std::nullopt;
  }
  QByteArray line;
  for (const QByteArray& word : argv) {
    if (word.contains('\0')) {
      if (error) *error = QStringLiteral("an argument contains a NUL byte, which no command line can carry");
      return std::nullopt;
    }
    if (!line.isEmpty()) line.append(' ');
    line.append(shellQuote(word));
  }
  if (line.size() > kMaxCommandBytes) {
    if (error) *error = QStringLiteral("the remote command is %1 bytes long; the host's limit for one command is %2").arg(line.size()).arg(kMaxCommandBytes);
    return std::nullopt;
  }
  return line;
}

std::optional<QByteArray> shellCommand(const QStringList& argv, QString* error) {
  QList<QByteArray> bytes;
  bytes.reserve(argv.size());
  for (const QString& a : argv) bytes.append(a.toUtf8());
  return shellCommand(bytes, error);
}

}  // namespace ct::remote
