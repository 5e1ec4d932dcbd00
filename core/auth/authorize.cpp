#include "auth/authorize.h"

#include <QHash>
#include <pwd.h>
#include <unistd.h>

namespace ct::auth {
namespace {

struct Entry {
  Action action;
  // Positional sub-actions that need less (or more) than the command's default.
  QHash<QString, Action> sub = {};
};

const QHash<QString, Entry>& table() {
  static const QHash<QString, Entry> t = {
      {QStringLiteral("jobs"), {Action::View, {{QStringLiteral("cancel"), Action::CancelJob}, {QStringLiteral("remove"), Action::CancelJob}}}},
      {QStringLiteral("doctor"), {Action::View}},
      {QStringLiteral("whoami"), {Action::View}},
      {QStringLiteral("model"), {Action::View}},
      {QStringLiteral("tokenize"), {Action::View}},
      {QStringLiteral("quantize"), {Action::RunStage}},
      {QStringLiteral("compile"), {Action::RunStage}},
      {QStringLiteral("eval"), {Action::RunStage}},
      {QStringLiteral("generate"), {Action::RunStage}},
      {QStringLiteral("score"), {Action::RunStage}},
      {QStringLiteral("demo"), {Action::RunStage}},
      {QStringLiteral("train-demo"), {Action::RunStage}},
      {QStringLiteral("pipeline"), {Action::RunStage, {{QStringLiteral("status"), Action::View}, {QStringLiteral("report"), Action::View},
                                                       {QStringLiteral("list"), Action::View}, {QStringLiteral("cancel"), Action::CancelJob},
                                                       {QStringLiteral("init"), Action::View}, {QStringLiteral("validate"), Action::View},
                                                       {QStringLiteral("stop"), Action::Serve}}}},
      {QStringLiteral("serve"), {Action::Serve}},
      {QStringLiteral("host"), {Action::Serve}},
      {QStringLiteral("deploy"), {Action::Deploy, {{QStringLiteral("list"), Action::View}, {QStringLiteral("logs"), Action::View},
                                                   {QStringLiteral("status"), Action::View}}}},
      {QStringLiteral("hosts"), {Action::ManageHosts, {{QStringLiteral("list"), Action::View}, {QStringLiteral("show"), Action::View},
                                                       {QStringLiteral("test"), Action::UseHost}, {QStringLiteral("forget-passphrase"), Action::UseHost}}}},
      {QStringLiteral("gpus"), {Action::UseHost}},
      // Listing is harmless, but --release signals a lease's holder: the operator's, as a host is.
      {QStringLiteral("leases"), {Action::UseHost}},
      {QStringLiteral("lease"), {Action::UseHost}},
      {QStringLiteral("run"), {Action::UseHost}},
      {QStringLiteral("push"), {Action::UseHost}},
      {QStringLiteral("pull"), {Action::UseHost}},
      {QStringLiteral("tunnel"), {Action::UseHost}},
      {QStringLiteral("users"), {Action::ManageUsers, {{QStringLiteral("passwd"), Action::ChangeOwnPassword}}}},
      {QStringLiteral("keys"), {Action::ManageKeys}},
      {QStringLiteral("audit"), {Action::ViewAudit}},
      {QStringLiteral("brand"), {Action::ManageBrand}},
      {QStringLiteral("settings"), {Action::ManageSettings}},
      // Job kinds that are not command names (the GUI's jobs and the ct child's own check).
      {QStringLiteral("hosts-test"), {Action::UseHost}},
      {QStringLiteral("deploy-stop"), {Action::Deploy}},
      {QStringLiteral("deploy-logs"), {Action::View}},
  };
  return t;
}

bool isPublic(const QString& command, const QStringList& positionals) {
  static const QStringList open = {QStringLiteral("version"), QStringLiteral("help"), QStringLiteral("login"), QStringLiteral("logout")};
  // `ct users init` creates the first admin; it refuses by itself once any account exists.
  return open.contains(command) || (command == QLatin1String("users") && positionals.value(0) == QLatin1String("init"));
}

QString osLogin() {
  if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_name) return QString::fromLocal8Bit(pw->pw_name);
  const QString env = qEnvironmentVariable("USER");
  return env.isEmpty() ? QStringLiteral("local") : env;
}

}  // namespace

Identity Identity::singleUserMode() { return Identity{osLogin(), Role::Admin, true}; }

Role requiredRole(Action a, bool othersJob) {
  switch (a) {
    case Action::View:
    case Action::ChangeOwnPassword: return Role::Viewer;
    case Action::CancelJob: return othersJob ? Role::Admin : Role::Operator;
    case Action::RunStage:
    case Action::Deploy:
    case Action::Serve:
    case Action::UseHost: return Role::Operator;
    case Action::ManageUsers:
    case Action::ManageHosts:
    case Action::ManageKeys:
    case Action::ManageBrand:
    case Action::ManageSettings:
    case Action::ViewAudit: return Role::Admin;
  }
  return Role::Admin;
}

QString describe(Action a) {
  switch (a) {
    case Action::View: return QStringLiteral("viewing jobs and results");
    case Action::RunStage: return QStringLiteral("running a stage");
    case Action::CancelJob: return QStringLiteral("cancelling a job");
    case Action::Deploy: return QStringLiteral("deploying");
    case Action::Serve: return QStringLiteral("starting a service");
    case Action::UseHost: return QStringLiteral("using a host");
    case Action::ManageUsers: return QStringLiteral("managing users");
    case Action::ManageHosts: return QStringLiteral("managing hosts");
    case Action::ManageKeys: return QStringLiteral("managing service keys");
    case Action::ManageBrand: return QStringLiteral("changing the brand");
    case Action::ManageSettings: return QStringLiteral("changing settings");
    case Action::ViewAudit: return QStringLiteral("reading the audit log");
    case Action::ChangeOwnPassword: return QStringLiteral("changing your password");
  }
  return {};
}

Verdict authorize(const Identity& who, Action a, const QString& what, const QString& targetOwner) {
  const bool others = a == Action::CancelJob && !targetOwner.isEmpty() && targetOwner != who.user;
  Verdict v;
  v.needed = requiredRole(a, others);
  QString subject = what.isEmpty() ? describe(a) : what;
  if (others) subject += QStringLiteral(" of user %1").arg(targetOwner);
  if (!who.isValid()) {
    v.message = QStringLiteral("%1 needs a signed-in user with the %2 role: sign in first (ct login NAME)").arg(subject, nameOf(v.needed));
    return v;
  }
  v.allowed = who.singleUser || static_cast<int>(who.role) >= static_cast<int>(v.needed);
  if (!v.allowed)
    v.message = QStringLiteral("%1 needs the %2 role; %3 is %4 %5 (an admin can change it: ct users role %3 %2)")
                    .arg(subject, nameOf(v.needed), who.user,
                         who.role == Role::Admin || who.role == Role::Operator ? QStringLiteral("an") : QStringLiteral("a"),
                         nameOf(who.role));
  return v;
}

CommandAccess commandAccess(const QString& command, const QStringList& positionals) {
  CommandAccess c;
  if (isPublic(command, positionals)) {
    c.isPublic = c.known = true;
    return c;
  }
  const auto it = table().constFind(command);
  if (it == table().constEnd()) return c;  // unknown: running a stage (operator), never public
  c.known = true;
  c.action = it->sub.value(positionals.value(0), it->action);
  return c;
}

Action actionForJobKind(const QString& kind) { return commandAccess(kind).action; }

QStringList guardedCommands() {
  QStringList out = table().keys();
  out << QStringLiteral("version") << QStringLiteral("help") << QStringLiteral("login") << QStringLiteral("logout");
  out.sort();
  return out;
}

}  // namespace ct::auth
