#include <QJsonArray>
#include <QJsonDocument>

#include "auth/audit_log.h"
#include "auth/auth_db.h"
#include "auth/service_keys.h"
#include "auth/session.h"
#include "cli/commands.h"
#include "jobs/job_state.h"

namespace ct::cli {
namespace {

QString shortTime(const QDateTime& t) { return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm")) : QStringLiteral("-"); }

class KeysCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("keys"); }
  QString summary() const override { return QStringLiteral("FPGA service keys for ct serve --keys-from-db: create, list, revoke, usage (admins)."); }
  QString synopsis() const override { return QStringLiteral("create --user U [--name N] [--expires D] | list | revoke NAME | usage [NAME]"); }
  void addOptions(QCommandLineParser& p) override {
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("create, list (default), revoke or usage"));
    p.addPositionalArgument(QStringLiteral("name"), QStringLiteral("Key name (revoke, usage)"));
    p.addOptions({
        {QStringLiteral("user"), QStringLiteral("The user the key's requests are attributed to (create)."), QStringLiteral("name")},
        {QStringLiteral("name"), QStringLiteral("A name for the key (create; default USER-ID)."), QStringLiteral("name")},
        {QStringLiteral("expires"), QStringLiteral("Expiry: 30d, 12h, 90m or a date such as 2027-01-31 (create; default never)."), QStringLiteral("when")},
        {QStringLiteral("since"), QStringLiteral("Usage from this day on: 7d or 2026-12-01 (usage)."), QStringLiteral("when")},
    });
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    const QStringList pos = p.positionalArguments();
    const QString action = pos.value(0, QStringLiteral("list"));
    auth::AuthDb db;
    QString error;
    if (!db.open(&error)) return fail(env, error, jobs::exit_code::failed);
    auth::ServiceKeys keys(db);
    const auth::Identity me = auth::currentIdentity();
    const QDateTime now = QDateTime::currentDateTimeUtc();

    if (action == QLatin1String("create")) {
      if (!p.isSet(QStringLiteral("user"))) throw UsageError{QStringLiteral("create needs --user NAME: whose requests the key carries")};
      QDateTime expires;
      if (p.isSet(QStringLiteral("expires"))) {
        const auto e = auth::parseExpiry(p.value(QStringLiteral("expires")), now, &error);
        if (!e) throw UsageError{QStringLiteral("--expires: %1").arg(error)};
        expires = *e;
      }
      const auto issued = keys.create(me, p.value(QStringLiteral("user")), p.value(QStringLiteral("name")), expires, &error);
      if (!issued) return fail(env, error, jobs::exit_code::failed);
      if (env.json) {
        QJsonObject o = issued->key.toJson(now);
        o.insert(QStringLiteral("key"), QString::fromLatin1(issued->secret));
        env.out << QJsonDocument(o).toJson(QJsonDocument::Compact) << "\n";
      } else {
        env.out << "key " << issued->key.name << " for " << issued->key.user
                << (expires.isValid() ? QStringLiteral(", expires ") + shortTime(expires) : QStringLiteral(", no expiry")) << ":\n\n  "
                << QString::fromLatin1(issued->secret)
                << "\n\nIt is shown only now (only its hash is stored). Clients send it as 'Authorization: Bearer <key>' to ct serve --keys-from-db.\n";
      }
      return 0;
    }
    if (action == QLatin1String("revoke")) {
      if (pos.size() < 2) throw UsageError{QStringLiteral("revoke needs the key's name (see ct keys list)")};
      if (!keys.revoke(me, pos.at(1), &error)) return fail(env, error, jobs::exit_code::failed);
      env.out << "revoked " << pos.at(1) << ": a running ct serve --keys-from-db refuses it from the next request\n";
      return 0;
    }
    if (action == QLatin1String("list")) {
      const QList<auth::ServiceKey> all = keys.list(me, &error);
      if (!error.isEmpty()) return fail(env, error, jobs::exit_code::denied);
      if (env.json) {
        QJsonArray a;
        for (const auto& k : all) a.append(k.toJson(now));
        env.out << QJsonDocument(a).toJson(QJsonDocument::Compact) << "\n";
        return 0;
      }
      if (all.isEmpty()) {
        env.out << "no service keys (create one with ct keys create --user NAME)\n";
        return 0;
      }
      env.out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
                     .arg(QStringLiteral("NAME").leftJustified(24), QStringLiteral("USER").leftJustified(12), QStringLiteral("STATE").leftJustified(8),
                          QStringLiteral("EXPIRES").leftJustified(16), QStringLiteral("LAST USED").leftJustified(16),
                          QStringLiteral("REQUESTS").rightJustified(8), QStringLiteral("TOKENS (PROMPT + COMPLETION)"));
      for (const auto& k : all)
        env.out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7 + %8\n")
                       .arg(k.name.leftJustified(24), k.user.leftJustified(12), k.state(now).leftJustified(8), shortTime(k.expires).leftJustified(16),
                            shortTime(k.lastUsed).leftJustified(16), QString::number(k.requests).rightJustified(8))
                       .arg(k.promptTokens)
                       .arg(k.completionTokens);
      return 0;
    }
    if (action == QLatin1String("usage")) {
      QDate since;
      if (p.isSet(QStringLiteral("since"))) {
        const auto s = auth::parseSince(p.value(QStringLiteral("since")), now, &error);
        if (!s) throw UsageError{QStringLiteral("--since: %1").arg(error)};
        since = s->date();
      }
      const QList<auth::KeyUsageDay> days = keys.usage(me, pos.value(1), since, &error);
      if (!error.isEmpty()) return fail(env, error, jobs::exit_code::failed);
      if (env.json) {
        QJsonArray a;
        for (const auto& d : days) a.append(d.toJson());
        env.out << QJsonDocument(a).toJson(QJsonDocument::Compact) << "\n";
        return 0;
      }
      if (days.isEmpty()) {
        env.out << "no usage recorded\n";
        return 0;
      }
      env.out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                     .arg(QStringLiteral("DAY").leftJustified(10), QStringLiteral("KEY").leftJustified(24), QStringLiteral("USER").leftJustified(12),
                          QStringLiteral("REQUESTS").rightJustified(8), QStringLiteral("PROMPT").rightJustified(10), QStringLiteral("COMPLETION").rightJustified(10));
      for (const auto& d : days)
        env.out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                       .arg(d.day.toString(Qt::ISODate), d.keyName.leftJustified(24), d.user.leftJustified(12), QString::number(d.requests).rightJustified(8),
                            QString::number(d.promptTokens).rightJustified(10), QString::number(d.completionTokens).rightJustified(10));
      return 0;
    }
    throw UsageError{QStringLiteral("unknown action '%1' (create, list, revoke, usage)").arg(action)};
  }

 private:
  static int fail(CliEnv& env, const QString& message, int code) {
    env.err << "ct keys: " << message << "\n";
    return code;
  }
};

}  // namespace

std::unique_ptr<Command> makeKeysCommand() { return std::make_unique<KeysCommand>(); }

}  // namespace ct::cli
