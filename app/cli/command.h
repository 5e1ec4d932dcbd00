#pragma once
#include <QCommandLineParser>
#include <QHash>
#include <QString>
#include <QTextStream>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace ct::jobs {
class JobContext;
}

namespace ct::cli {

struct CliEnv {
  bool json = false;
  QString jobId;  // set by a parent that wants to know the job's id in advance
  QTextStream& out;
  QTextStream& err;
  // Secrets a parent handed over on stdin (--secrets-stdin): "session", "api-key", ...
  QHash<QString, QString> secrets = {};
  // The session was opened for this command alone (no keychain: the person typed the password);
  // whichever process finishes the command ends it.
  bool endSessionOnExit = false;
};

// One `ct` subcommand: its options, its help, and what it runs.
class Command {
 public:
  virtual ~Command() = default;
  virtual QString name() const = 0;
  virtual QString summary() const = 0;
  virtual QString synopsis() const { return {}; }  // positional part of the usage line
  virtual void addOptions(QCommandLineParser& parser) { Q_UNUSED(parser); }
  // Returns the exit code (jobs::exit_code). Usage errors: throw UsageError.
  virtual int run(const QCommandLineParser& parser, CliEnv& env) = 0;
};

struct UsageError {
  QString message;
};

class Registry {
 public:
  void add(std::unique_ptr<Command> command);
  Command* find(const QString& name) const;
  int dispatch(const QStringList& arguments);  // arguments[0] is the program

 private:
  void printOverview(QTextStream& s) const;
  std::vector<std::unique_ptr<Command>> commands_;
};

// Shared helpers for commands.
int parsePositiveInt(const QCommandLineParser& parser, const QString& option, int fallback);
// "HOST:PORT" → host and port; nullopt when either part is missing or the port is outside
// 1..65535 (0..65535 with allowPortZero, which asks the system for a free port).
std::optional<std::pair<QString, quint16>> parseHostPort(const QString& text, bool allowPortZero);
// A secret option's value: the option if given on the command line (visible to every user in
// ps, so the GUI never does that), else what the parent handed over on stdin under `option`.
QString secretValue(const QCommandLineParser& parser, const QString& option, const CliEnv& env);
// For servers: runs the event loop until the job is cancelled (SIGINT/SIGTERM).
void runUntilCancelled(const jobs::JobContext& ctx);

}  // namespace ct::cli
