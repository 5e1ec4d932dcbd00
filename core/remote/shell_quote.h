#pragma once
#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace ct::remote {

// The one way a remote command is built. Every word becomes a POSIX sh single-quoted word (a
// quote inside is written '\''), so the remote login shell passes it to the program byte for
// byte and never expands, splits or runs anything in it. NUL cannot travel in an argument at
// all, so a word holding one is refused rather than cut.
QByteArray shellQuote(const QByteArray& word);

// argv → one command line for `ssh HOST -- <line>`; nullopt (with the reason) when a word holds
// a NUL byte or the argv is empty.
std::optional<QByteArray> shellCommand(const QList<QByteArray>& argv, QString* error = nullptr);
std::optional<QByteArray> shellCommand(const QStringList& argv, QString* error = nullptr);

// The longest command line a Linux sshd can hand to the shell as one argument (MAX_ARG_STRLEN,
// 32 pages); longer ones fail on the host with E2BIG, so they are refused here first.
inline constexpr qsizetype kMaxCommandBytes = 128 * 1024 - 1;

}  // namespace ct::remote
