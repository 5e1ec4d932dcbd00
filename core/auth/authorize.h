#pragma once
#include <QString>
#include <QStringList>

#include "auth/role.h"

namespace ct::auth {

// What a person may ask for. Each action needs one role (see requiredRole); the command table
// below maps every `ct` command onto one of them.
enum class Action {
  View,               // jobs, logs, results, reports, models, this machine's checks
  RunStage,           // start a stage: quantize, compile, evaluate, generate, demo, pipeline
  CancelJob,          // cancel or delete a job (another user's: admin)
  Deploy,             // deploy to or stop a deployment on a GPU host
  Serve,              // start a service (ct serve, ct host)
  UseHost,            // run, copy or tunnel over SSH on a configured host
  ManageUsers,
  ManageHosts,
  ManageKeys,
  ManageBrand,
  ManageSettings,
  ViewAudit,
  ChangeOwnPassword,  // any signed-in user
};

// Who is asking. With no account in the database the installation runs single-user, as it did
// before accounts existed: that identity may do everything.
struct Identity {
  QString user;
  Role role = Role::Viewer;
  bool singleUser = false;
  bool isValid() const { return singleUser || !user.isEmpty(); }
  static Identity singleUserMode();  // the OS login name, admin rights
};

struct Verdict {
  bool allowed = false;
  Role needed = Role::Viewer;
  QString message;  // for a refusal: what was refused, the role it needs, and the role held
  explicit operator bool() const { return allowed; }
};

Role requiredRole(Action a, bool othersJob = false);
QString describe(Action a);  // "running a stage", ...

// THE authorisation check. Every command (through the command table), every job (ct's own
// dispatch, the GUI's job manager) and every account, key and audit operation calls it.
// `targetOwner`: the user who owns what the action touches (a job); another user's job needs
// admin. `what` replaces describe(a) in the message ("'ct quantize'").
Verdict authorize(const Identity& who, Action a, const QString& what = {}, const QString& targetOwner = {});

// How a `ct` command is guarded, from its name and positional arguments.
struct CommandAccess {
  bool isPublic = false;  // help, version, login, logout: no identity needed
  Action action = Action::RunStage;
  bool known = false;     // false: not in the table, treated as running a stage
};
CommandAccess commandAccess(const QString& command, const QStringList& positionals = {});
// The same table for a job's kind (a job's kind is the command that runs it).
Action actionForJobKind(const QString& kind);
QStringList guardedCommands();  // every command the table names, for tests and docs

}  // namespace ct::auth
