#include <QJsonArray>
#include <QJsonDocument>

#include "auth/accounts.h"
#include "auth/auth_db.h"
#include "auth/password.h"
#include "auth/session.h"
#include "cli/commands.h"
#include "cli/password_prompt.h"
#include "jobs/job_state.h"

namespace ct::cli {
namespace {

QString shortTime(const QDateTime& t) { return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm")) : QStringLiteral("-"); }

class UsersCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("users"); }
  QString summary() const override { return QStringLiteral("Local accounts: create the first admin, add, list, change roles and passwords, disable, unlock, remove."); }
  QString synopsis() const override {
    return QStringLiteral("init NAME | add NAME --role R | list | passwd [NAME] | role NAME ROLE | disable NAME | enable NAME | unlock NAME | remove NAME");
  }
  void addOptions(QCommandLineParser& p) override {
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("init, add, list, passwd, role, disable, enable, unlock or remove"));
    p.addPositionalArgument(QStringLiteral("name"), QStringLiteral("User name"));
    p.addOptions({
        {QStringLiteral("role"), QStringLiteral("viewer, operator or admin (for add)."), QStringLiteral("role")},
        {QStringLiteral("display-name"), QStringLiteral("Full name shown in the application."), QStringLiteral("text")},
        {QStringLiteral("password-stdin"), QStringLiteral("Read passwords from standard input, one per line, instead of the terminal.")},
    });
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    const QStringList pos = p.positionalArguments();
    const QString action = pos.value(0, QStringLiteral("list"));
    auth::AuthDb db;
    QString error;
    if (!db.open(&error)) return fail(env, error);
    auth::Accounts accounts(db);
    PasswordSource passwords(p.isSet(QStringLiteral("password-stdin")));
    const auth::Identity me = auth::currentIdentity();
    auto needName = [&](const QString& what) {
      if (pos.size() < 2) throw UsageError{QStringLiteral("'%1' needs a user name").arg(what)};
      return pos.at(1);
    };

    if (action == QLatin1String("list")) return list(accounts, me, env);
    if (action == QLatin1String("init")) {
      const QString user = needName(action);
      if (accounts.hasAccounts()) return fail(env, QStringLiteral("accounts already exist: the first admin is created only once (an admin adds users with ct users add)"));
      if (const QString problem = auth::Accounts::nameProblem(user); !problem.isEmpty()) throw UsageError{problem};
      if (!passwords.fromStdin()) env.out << "Password rules: " << auth::passwordRules() << ".\n" << Qt::flush;
      const auto pw = passwords.askNew(QStringLiteral("Password for the admin %1: ").arg(user), &error);
      if (!pw) return fail(env, error);
      return report(env, accounts.initAdmin(user, p.value(QStringLiteral("display-name")), *pw),
                    QStringLiteral("Sign in with: ct login %1").arg(user));
    }
    if (action == QLatin1String("add")) {
      const QString user = needName(action);
      const auto role = auth::roleFromString(p.value(QStringLiteral("role")));
      if (!role) throw UsageError{QStringLiteral("--role must be viewer, operator or admin")};
      if (const QString problem = auth::Accounts::nameProblem(user); !problem.isEmpty()) throw UsageError{problem};
      if (!passwords.fromStdin()) env.out << "A temporary password; " << user << " must change it at first sign-in. Rules: " << auth::passwordRules() << ".\n" << Qt::flush;
      const auto pw = passwords.askNew(QStringLiteral("Temporary password for %1: ").arg(user), &error);
      if (!pw) return fail(env, error);
      return report(env, accounts.addUser(me, user, p.value(QStringLiteral("display-name")), *role, *pw));
    }
    if (action == QLatin1String("passwd")) {
      const QString user = pos.value(1, me.user);
      if (me.singleUser) return fail(env, QStringLiteral("no accounts exist yet (single-user mode): create the first admin with ct users init NAME"));
      if (user != me.user) {
        // Another user's password: an admin resets it and the user must change it at next sign-in.
        const auto pw = passwords.askNew(QStringLiteral("New temporary password for %1: ").arg(user), &error);
        if (!pw) return fail(env, error);
        return report(env, accounts.resetPassword(me, user, *pw));
      }
      const auto current = passwords.ask(QStringLiteral("Current password for %1: ").arg(user), &error);
      if (!current) return fail(env, error);
      const auto next = passwords.askNew(QStringLiteral("New password: "), &error);
      if (!next) return fail(env, error);
      return report(env, accounts.changePassword(user, *current, *next));
    }
    if (action == QLatin1String("role")) {
      const QString user = needName(action);
      const auto role = auth::roleFromString(pos.value(2, p.value(QStringLiteral("role"))));
      if (!role) throw UsageError{QStringLiteral("give the new role: ct users role NAME viewer|operator|admin")};
      return report(env, accounts.setRole(me, user, *role));
    }
    if (action == QLatin1String("disable")) return report(env, accounts.setDisabled(me, needName(action), true));
    if (action == QLatin1String("enable")) return report(env, accounts.setDisabled(me, needName(action), false));
    if (action == QLatin1String("unlock")) return report(env, accounts.unlock(me, needName(action)));
    if (action == QLatin1String("remove")) return report(env, accounts.remove(me, needName(action)));
    throw UsageError{QStringLiteral("unknown action '%1' (init, add, list, passwd, role, disable, enable, unlock, remove)").arg(action)};
  }

 private:
  static int fail(CliEnv& env, const QString& message) {
    env.err << "ct users: " << message << "\n";
    return jobs::exit_code::failed;
  }

  static int report(CliEnv& env, const auth::Outcome& o, const QString& next = {}) {
    if (env.json) {
      env.out << QJsonDocument(QJsonObject{{QStringLiteral("ok"), o.ok}, {QStringLiteral("message"), o.message}}).toJson(QJsonDocument::Compact) << "\n";
    } else if (o.ok) {
      env.out << o.message << "\n";
      if (!next.isEmpty()) env.out << next << "\n";
    } else {
      env.err << "ct users: " << o.message << "\n";
    }
    return o.ok ? jobs::exit_code::ok : o.denied ? jobs::exit_code::denied : jobs::exit_code::failed;
  }

  static int list(auth::Accounts& accounts, const auth::Identity& me, CliEnv& env) {
    if (me.singleUser && !accounts.hasAccounts()) {
      if (env.json) env.out << "[]\n";
      else env.out << "no accounts: this installation runs single-user (create the first admin with ct users init NAME)\n";
      return 0;
    }
    QString error;
    const QList<auth::User> users = accounts.users(me, &error);
    if (!error.isEmpty()) {
      env.err << "ct users: " << error << "\n";
      return jobs::exit_code::denied;
    }
    const QDateTime now = accounts.now();
    if (env.json) {
      QJsonArray a;
      for (const auto& u : users) a.append(u.toJson(now));
      env.out << QJsonDocument(a).toJson(QJsonDocument::Compact) << "\n";
      return 0;
    }
    env.out << QStringLiteral("%1  %2  %3  %4  %5\n")
                   .arg(QStringLiteral("USER").leftJustified(16), QStringLiteral("ROLE").leftJustified(8),
                        QStringLiteral("STATE").leftJustified(20), QStringLiteral("LAST SIGN-IN").leftJustified(16), QStringLiteral("NAME"));
    for (const auto& u : users)
      env.out << QStringLiteral("%1  %2  %3  %4  %5\n")
                     .arg(u.name.leftJustified(16), auth::nameOf(u.role).leftJustified(8), u.state(now).leftJustified(20),
                          shortTime(u.lastLogin).leftJustified(16), u.displayName);
    return 0;
  }
};

}  // namespace

std::unique_ptr<Command> makeUsersCommand() { return std::make_unique<UsersCommand>(); }

}  // namespace ct::cli
