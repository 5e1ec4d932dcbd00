#include "cli/command.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>

#include "jobs/job_context.h"

#include <QRegularExpression>

#include <unistd.h>

#include "auth/audit_log.h"
#include "auth/session.h"
#include "cli/cli_session.h"
#include "jobs/event.h"
#include "jobs/job_state.h"

namespace ct::cli {

void Registry::add(std::unique_ptr<Command> command) { commands_.push_back(std::move(command)); }

Command* Registry::find(const QString& name) const {
  for (const auto& c : commands_)
    if (c->name() == name) return c.get();
  return nullptr;
}

void Registry::printOverview(QTextStream& s) const {
  s << "Usage: ct <command> [options]\n\nCommands:\n";
  for (const auto& c : commands_) s << "  " << c->name().leftJustified(12) << c->summary() << "\n";
  s << "\nRun 'ct help <command>' or 'ct <command> --help' for a command's options.\n"
       "Every command takes --json: one JSON event per line on stdout (docs/events.md).\n"
       "Exit codes: 0 ok, 1 failed, 2 usage error, 3 not signed in or not allowed, 130 cancelled.\n";
}

int Registry::dispatch(const QStringList& arguments) {
  QTextStream out(stdout);
  QTextStream err(stderr);
  const QString first = arguments.value(1);
  if (first.isEmpty() || first == QLatin1String("--help") || first == QLatin1String("-h")) {
    printOverview(first.isEmpty() ? err : out);
    return first.isEmpty() ? jobs::exit_code::usage : jobs::exit_code::ok;
  }
  QString name = first;
  QStringList rest = arguments.mid(2);
  bool helpOnly = false;
  if (name == QLatin1String("help")) {
    if (rest.isEmpty()) {
      printOverview(out);
      return jobs::exit_code::ok;
    }
    name = rest.takeFirst();
    helpOnly = true;
  }
  Command* cmd = find(name);
  if (!cmd) {
    err << "ct: unknown command '" << name << "'\n\n";
    printOverview(err);
    return jobs::exit_code::usage;
  }

  QCommandLineParser parser;
  parser.setApplicationDescription(cmd->summary());
  parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
  const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
  const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON (events as JSON lines for jobs)."));
  QCommandLineOption jobId(QStringLiteral("job-id"), QStringLiteral("Use this id for the job (set by the GUI)."),
                           QStringLiteral("id"));
  jobId.setFlags(QCommandLineOption::HiddenFromHelp);
  QCommandLineOption secretsStdin(auth::kSecretsStdinOption, QStringLiteral("Read secrets (session, keys) as one JSON line on stdin (set by the GUI)."));
  secretsStdin.setFlags(QCommandLineOption::HiddenFromHelp);
  QCommandLineOption secretsFd(auth::kSecretsFdOption, QStringLiteral("Read that JSON line from this inherited file descriptor."), QStringLiteral("fd"));
  secretsFd.setFlags(QCommandLineOption::HiddenFromHelp);
  parser.addOptions({help, json, jobId, secretsStdin, secretsFd});
  cmd->addOptions(parser);

  auto usageText = [&] {
    QString text = parser.helpText();
    text.replace(QRegularExpression(QStringLiteral("^Usage: \\S+")),
                 QStringLiteral("Usage: ct ") + cmd->name());
    if (!cmd->synopsis().isEmpty()) text.replace(QStringLiteral("[options]"), QStringLiteral("[options] ") + cmd->synopsis());
    return text;
  };

  if (!parser.parse(QStringList{QStringLiteral("ct")} + rest)) {
    err << "ct " << name << ": " << parser.errorText() << "\nRun 'ct " << name << " --help' for usage.\n";
    return jobs::exit_code::usage;
  }
  if (helpOnly || parser.isSet(help)) {
    out << usageText();
    return jobs::exit_code::ok;
  }
  const QString id = parser.value(jobId);
  if (parser.isSet(jobId) && !QRegularExpression(QStringLiteral("^[A-Za-z0-9._-]{1,64}$")).match(id).hasMatch()) {
    err << "ct " << name << ": --job-id must be 1-64 letters, digits, '.', '_' or '-'\n";
    return jobs::exit_code::usage;
  }
  CliEnv env{parser.isSet(json), id, out, err};
  if (parser.isSet(secretsStdin) || parser.isSet(secretsFd)) {
    // One line, read unbuffered so that whatever follows on stdin stays for the command.
    bool fdOk = true;
    const int fd = parser.isSet(secretsFd) ? parser.value(secretsFd).toInt(&fdOk) : STDIN_FILENO;
    if (!fdOk || fd < 0) {
      err << "ct " << name << ": --secrets-fd needs a file descriptor number\n";
      return jobs::exit_code::usage;
    }
    QByteArray line;
    char c = 0;
    while (::read(fd, &c, 1) == 1 && c != '\n') line.append(c);
    if (fd != STDIN_FILENO) ::close(fd);
    QString why;
    env.secrets = auth::decodeHandoff(line, &why);
    if (!why.isEmpty()) {
      err << "ct " << name << ": " << why << "\n";
      return jobs::exit_code::usage;
    }
  }
  // The one authorisation check, for every command (and so for every job a `ct` process runs).
  const auth::CommandAccess access = auth::commandAccess(name, parser.positionalArguments());
  CliIdentity who;
  if (!access.isPublic) {
    who = resolveCliIdentity(name, env);
    if (!who.ok) {
      err << "ct " << name << ": " << who.message << "\n";
      return jobs::exit_code::denied;
    }
    const auth::Verdict v = auth::authorize(who.who, access.action, QStringLiteral("'ct %1'").arg(name));
    if (!v) {
      auth::recordAudit(who.who, QStringLiteral("command"), name, QJsonObject{{QStringLiteral("args"), QJsonArray::fromStringList(rest)}},
                        QStringLiteral("denied"), v.message);
      err << "ct " << name << ": " << v.message << "\n";
      endCommandSession(who);
      return jobs::exit_code::denied;
    }
    auth::setCurrent(who.who, who.token);
    env.endSessionOnExit = who.askedThisTime;
  }
  struct SessionEnd {
    const CliIdentity& id;
    ~SessionEnd() { endCommandSession(id); }
  } sessionEnd{who};
  try {
    const int code = cmd->run(parser, env);
    out.flush();
    err.flush();
    return code;
  } catch (const UsageError& e) {
    out.flush();
    err << "ct " << name << ": " << e.message << "\nRun 'ct " << name << " --help' for usage.\n";
    return jobs::exit_code::usage;
  }
}

QString secretValue(const QCommandLineParser& parser, const QString& option, const CliEnv& env) {
  if (parser.isSet(option)) return parser.value(option);
  return env.secrets.value(option);
}

int parsePositiveInt(const QCommandLineParser& parser, const QString& option, int fallback) {
  if (!parser.isSet(option)) return fallback;
  bool ok = false;
  const int v = parser.value(option).toInt(&ok);
  if (!ok || v <= 0)
    throw UsageError{QStringLiteral("--%1 must be a positive whole number, got '%2'").arg(option, parser.value(option))};
  return v;
}

std::optional<std::pair<QString, quint16>> parseHostPort(const QString& text, bool allowPortZero) {
  const int colon = static_cast<int>(text.lastIndexOf(QLatin1Char(':')));
  bool ok = false;
  const int port = text.mid(colon + 1).toInt(&ok);
  if (colon <= 0 || !ok || port < (allowPortZero ? 0 : 1) || port > 65535) return std::nullopt;
  return std::make_pair(text.left(colon), static_cast<quint16>(port));
}

void runUntilCancelled(const jobs::JobContext& ctx) {
  QTimer poll;
  QObject::connect(&poll, &QTimer::timeout, [&ctx] {
    if (ctx.cancelled()) QCoreApplication::quit();
  });
  poll.start(100);
  QCoreApplication::exec();
}

}  // namespace ct::cli
