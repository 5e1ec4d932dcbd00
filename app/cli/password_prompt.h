#pragma once
#include <QString>
#include <optional>

namespace ct::cli {

// Where a command's passwords come from: the controlling terminal with echo off, or, with
// --password-stdin, one line of standard input each (for scripts). Never a command-line argument.
class PasswordSource {
 public:
  explicit PasswordSource(bool fromStdin, QString stdinOption = QStringLiteral("password-stdin"), QString what = QStringLiteral("password"))
      : stdin_(fromStdin), option_(std::move(stdinOption)), what_(std::move(what)) {}
  // nullopt with the reason in *error (no terminal, end of input, interrupted).
  std::optional<QString> ask(const QString& prompt, QString* error);
  // Asks twice on a terminal and insists they match; one line from stdin.
  std::optional<QString> askNew(const QString& prompt, QString* error);
  bool fromStdin() const { return stdin_; }

 private:
  bool stdin_;
  QString option_, what_;  // for messages: "--passphrase-stdin", "passphrase"
};

bool haveTerminal();
// A line typed on the terminal with echo on (a user name); nullopt without a terminal.
std::optional<QString> askLine(const QString& prompt);

}  // namespace ct::cli
