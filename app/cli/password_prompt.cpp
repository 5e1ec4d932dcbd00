#include "cli/password_prompt.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace ct::cli {
namespace {

// Reads one line from fd, without the newline; false at end of input before any byte.
bool readLine(int fd, std::string* out) {
  out->clear();
  char c = 0;
  bool any = false;
  for (;;) {
    const ssize_t n = ::read(fd, &c, 1);
    if (n <= 0) return any;
    any = true;
    if (c == '\n') return true;
    if (c != '\r') out->push_back(c);
  }
}

void wipe(std::string& s) {
  volatile char* p = s.data();
  for (size_t i = 0; i < s.size(); ++i) p[i] = 0;
  s.clear();
}

}  // namespace

bool haveTerminal() {
  const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

std::optional<QString> askLine(const QString& prompt) {
  const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  const QByteArray p = prompt.toUtf8();
  (void)!::write(fd, p.constData(), static_cast<size_t>(p.size()));
  std::string line;
  const bool ok = readLine(fd, &line);
  ::close(fd);
  if (!ok) return std::nullopt;
  return QString::fromStdString(line).trimmed();
}

std::optional<QString> PasswordSource::ask(const QString& prompt, QString* error) {
  std::string line;
  if (stdin_) {
    if (!readLine(STDIN_FILENO, &line)) {
      if (error) *error = QStringLiteral("--%1: standard input ended before the %2 (%3)").arg(option_, what_, prompt.trimmed());
      return std::nullopt;
    }
    QString pw = QString::fromStdString(line);
    wipe(line);
    return pw;
  }
  const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    if (error) *error = QStringLiteral("no terminal to ask the %1 on: type it in a terminal, or pipe it with --%2").arg(what_, option_);
    return std::nullopt;
  }
  termios saved{};
  const bool isTty = ::tcgetattr(fd, &saved) == 0;
  if (isTty) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  const QByteArray p = prompt.toUtf8();
  (void)!::write(fd, p.constData(), static_cast<size_t>(p.size()));
  const bool ok = readLine(fd, &line);
  if (isTty) ::tcsetattr(fd, TCSAFLUSH, &saved);
  ::close(fd);
  if (!ok) {
    if (error) *error = QStringLiteral("no %1 typed").arg(what_);
    return std::nullopt;
  }
  QString pw = QString::fromStdString(line);
  wipe(line);
  return pw;
}

std::optional<QString> PasswordSource::askNew(const QString& prompt, QString* error) {
  auto first = ask(prompt, error);
  if (!first || stdin_) return first;
  auto again = ask(QStringLiteral("Repeat it: "), error);
  if (!again) return std::nullopt;
  if (*again != *first) {
    if (error) *error = QStringLiteral("the two passwords differ; nothing was changed");
    return std::nullopt;
  }
  return first;
}

}  // namespace ct::cli
