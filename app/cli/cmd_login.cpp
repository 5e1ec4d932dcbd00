#include <QJsonDocument>

#include "auth/accounts.h"
#include "auth/auth_db.h"
#include "auth/keychain.h"
#include "auth/password.h"
#include "auth/session.h"
#include "cli/commands.h"
#include "cli/password_prompt.h"
#include "jobs/job_state.h"

namespace ct::cli {
namespace {

int failWith(CliEnv& env, const QString& command, const QString& message, int code = jobs::exit_code::failed) {
  env.err << "ct " << command << ": " << message << "\n";
  return code;
}

class LoginCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("login"); }
  QString summary() const override { return QStringLiteral("Sign in: the session is kept in the OS keychain for the next commands."); }
  QString synopsis() const override { return QStringLiteral("NAME"); }
  void addOptions(QCommandLineParser& p) override {
    p.addPositionalArgument(QStringLiteral("name"), QStringLiteral("User name"));
    p.addOptions({
        {QStringLiteral("password-stdin"), QStringLiteral("Read the password (and a new one, when a change is due) from standard input, one per line.")},
        {QStringLiteral("hours"), QStringLiteral("Session lifetime in hours (default 12)."), QStringLiteral("n")},
    });
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 1) throw UsageError{QStringLiteral("give exactly one user name")};
    const QString user = pos.first();
    const qint64 lifetime = static_cast<qint64>(parsePositiveInt(p, QStringLiteral("hours"), 12)) * 3600;
    auth::AuthDb db;
    QString error;
    if (!db.open(&error)) return failWith(env, name(), error);
    auth::Accounts accounts(db);
    if (!accounts.hasAccounts())
      return failWith(env, name(), QStringLiteral("no accounts exist: this installation runs single-user and needs no sign-in (create the first admin with ct users init NAME)"));
    PasswordSource passwords(p.isSet(QStringLiteral("password-stdin")));
    auto pw = passwords.ask(QStringLiteral("Password for %1: ").arg(user), &error);
    if (!pw) return failWith(env, name(), error);
    auth::SignIn s = accounts.signIn(user, *pw, QStringLiteral("cli"), lifetime);
    if (s.status == auth::SignIn::Status::MustChangePassword) {
      env.err << s.message << ". Rules: " << auth::passwordRules() << ".\n" << Qt::flush;
      const auto next = passwords.askNew(QStringLiteral("New password for %1: ").arg(user), &error);
      if (!next) return failWith(env, name(), error);
      const auth::Outcome changed = accounts.changePassword(user, *pw, *next);
      if (!changed) return failWith(env, name(), changed.message);
      s = accounts.signIn(user, *next, QStringLiteral("cli"), lifetime);
    }
    if (!s.ok()) return failWith(env, name(), s.message, s.status == auth::SignIn::Status::Failed ? jobs::exit_code::failed : jobs::exit_code::denied);

    const auth::Keychain keychain;
    // A previous sign-in of this OS account ends: one CLI session at a time.
    if (const auto old = keychain.read(auth::kCliSessionKey); old.ok()) accounts.signOut(old.data, QStringLiteral("cli"));
    const auth::Keychain::Reply stored = keychain.write(auth::kCliSessionKey, s.token);
    bool kept = stored.ok();
    if (!kept) {
      // Nowhere safe to keep it: end the session now; each command will ask instead.
      accounts.signOut(s.token, QStringLiteral("cli"));
      env.err << auth::keychainUnavailableHelp(stored.message) << "\n";
    }
    if (env.json) {
      env.out << QJsonDocument(QJsonObject{{QStringLiteral("user"), s.identity.user},
                                           {QStringLiteral("role"), auth::nameOf(s.identity.role)},
                                           {QStringLiteral("expires"), kept ? s.expires.toUTC().toString(Qt::ISODate) : QString()},
                                           {QStringLiteral("session_kept"), kept}})
                     .toJson(QJsonDocument::Compact)
              << "\n";
    } else {
      env.out << (kept ? s.message : QStringLiteral("the password is right, but no session was kept (no keychain)")) << "\n";
    }
    return jobs::exit_code::ok;
  }
};

class LogoutCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("logout"); }
  QString summary() const override { return QStringLiteral("Sign out: ends the session and removes it from the keychain."); }

  int run(const QCommandLineParser&, CliEnv& env) override {
    const auth::Keychain keychain;
    const auth::Keychain::Reply r = keychain.read(auth::kCliSessionKey);
    if (r.status == auth::Keychain::Status::Unavailable) return failWith(env, name(), auth::keychainUnavailableHelp(r.message));
    if (r.status == auth::Keychain::Status::NotFound) {
      env.out << "not signed in\n";
      return jobs::exit_code::ok;
    }
    auth::AuthDb db;
    if (db.open(nullptr)) auth::Accounts(db).signOut(r.data, QStringLiteral("cli"));
    const auth::Keychain::Reply removed = keychain.remove(auth::kCliSessionKey);
    if (!removed.ok() && removed.status != auth::Keychain::Status::NotFound) return failWith(env, name(), removed.message);
    env.out << "signed out\n";
    return jobs::exit_code::ok;
  }
};

class WhoamiCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("whoami"); }
  QString summary() const override { return QStringLiteral("Who this command runs as, and with which role."); }

  int run(const QCommandLineParser&, CliEnv& env) override {
    const auth::Identity me = auth::currentIdentity();
    if (env.json) {
      env.out << QJsonDocument(QJsonObject{{QStringLiteral("user"), me.user},
                                           {QStringLiteral("role"), auth::nameOf(me.role)},
                                           {QStringLiteral("single_user"), me.singleUser}})
                     .toJson(QJsonDocument::Compact)
              << "\n";
    } else if (me.singleUser) {
      env.out << me.user << " (single-user mode: no accounts exist, every action is allowed)\n";
    } else {
      env.out << me.user << " (" << auth::nameOf(me.role) << ")\n";
    }
    return jobs::exit_code::ok;
  }
};

}  // namespace

std::unique_ptr<Command> makeLoginCommand() { return std::make_unique<LoginCommand>(); }
std::unique_ptr<Command> makeLogoutCommand() { return std::make_unique<LogoutCommand>(); }
std::unique_ptr<Command> makeWhoamiCommand() { return std::make_unique<WhoamiCommand>(); }

}  // namespace ct::cli
