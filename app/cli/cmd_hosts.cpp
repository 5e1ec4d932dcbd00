#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include "auth/keychain.h"
#include "cli/commands.h"
#include "cli/password_prompt.h"
#include "jobs/job_context.h"
#include "remote/host_store.h"
#include "remote/host_test.h"
#include "remote/ssh_askpass.h"
#include "remote/ssh_host.h"
#include "util/paths.h"

namespace ct::cli {
namespace {

class HostsCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("hosts"); }
  QString summary() const override { return QStringLiteral("GPU hosts reached over SSH: add, list, show, remove, test the connection step by step."); }
  QString synopsis() const override { return QStringLiteral("[list | add NAME --ssh DEST | show NAME | remove NAME | test NAME | forget-passphrase NAME]"); }
  void addOptions(QCommandLineParser& p) override {
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list (default), add, show, remove, test or forget-passphrase"));
    p.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The host's name in CT Studio"));
    p.addOptions({
        {QStringLiteral("ssh"), QStringLiteral("add: ssh destination — a host name, an address or an alias from your ssh config (ProxyJump, IdentityFile and agent are honoured)."), QStringLiteral("dest")},
        {QStringLiteral("port"), QStringLiteral("add: ssh port (default: the ssh config's, 22)."), QStringLiteral("n")},
        {QStringLiteral("user"), QStringLiteral("add: login user (default: the ssh config's)."), QStringLiteral("name")},
        {QStringLiteral("identity"), QStringLiteral("add: private key file (a passphrase-protected key: in ssh-agent, or --remember-passphrase)."), QStringLiteral("file")},
        {QStringLiteral("jump"), QStringLiteral("add: reach the host through this jump host, [user@]host[:port] (same key and known_hosts)."), QStringLiteral("host")},
        {QStringLiteral("workdir"), QStringLiteral("add: work folder on the host (default ~/ct-studio): remote jobs, transfers."), QStringLiteral("dir")},
        {QStringLiteral("known-hosts"), QStringLiteral("add: known_hosts file (default: your own)."), QStringLiteral("file")},
        {QStringLiteral("ssh-config"), QStringLiteral("add: ssh config file to use instead of ~/.ssh/config."), QStringLiteral("file")},
        {QStringLiteral("tool"), QStringLiteral("add: path of a program on the host, NAME=PATH (python3, vllm, lm_eval, evalplus, nvidia-smi, ct); repeatable."), QStringLiteral("name=path")},
        {QStringLiteral("lease-dir"), QStringLiteral("add: folder for GPU/port leases on the host's local disk, shared by everyone deploying there (default /var/tmp/ct-leases; never an NFS home)."), QStringLiteral("dir")},
        {QStringLiteral("ports"), QStringLiteral("add: ports deployments may take on the host, FIRST-LAST (default 18000-18999; API port plus a private VLLM_PORT block each)."), QStringLiteral("range")},
        {QStringLiteral("replace"), QStringLiteral("add: change an existing host.")},
        {QStringLiteral("accept-new-host-key"), QStringLiteral("test: accept the host key if none is known yet (a changed key is never accepted).")},
        {QStringLiteral("remember-passphrase"), QStringLiteral("add, test: keep the key's passphrase in the OS keychain (asked without echo; test keeps it only once it worked).")},
        {QStringLiteral("passphrase-stdin"), QStringLiteral("add, test: read that passphrase from the first line of standard input instead of the terminal.")},
    });
  }

  int run(const QCommandLineParser& p, CliEnv& env) override {
    const QStringList pos = p.positionalArguments();
    const QString action = pos.value(0, QStringLiteral("list"));
    const QStringList actions{QStringLiteral("list"), QStringLiteral("add"), QStringLiteral("show"), QStringLiteral("remove"), QStringLiteral("test"), QStringLiteral("forget-passphrase")};
    if (!actions.contains(action)) throw UsageError{QStringLiteral("unknown action '%1' (use list, add, show, remove, test or forget-passphrase)").arg(action)};
    if (p.isSet(QStringLiteral("passphrase-stdin")) && !p.isSet(QStringLiteral("remember-passphrase")))
      throw UsageError{QStringLiteral("--passphrase-stdin goes with --remember-passphrase")};
    if (p.isSet(QStringLiteral("remember-passphrase")) && action != QLatin1String("add") && action != QLatin1String("test"))
      throw UsageError{QStringLiteral("--remember-passphrase goes with add or test")};
    if (action != QLatin1String("list") && pos.size() < 2) throw UsageError{QStringLiteral("'%1' needs a host name").arg(action)};
    if (pos.size() > 2) throw UsageError{QStringLiteral("unexpected argument '%1'").arg(pos.at(2))};
    remote::HostStore store(paths::jobsDatabase());
    QString error;
    if (!store.open(&error)) {
      env.err << "ct hosts: " << error << "\n";
      return jobs::exit_code::failed;
    }
    const QString name = pos.value(1);
    if (action == QLatin1String("list")) return list(store, env);
    if (action == QLatin1String("add")) return add(p, store, name, env);
    const auto profile = store.get(name);
    if (!profile) {
      env.err << "ct hosts: no host named '" << name << "' (ct hosts list shows them)\n";
      return jobs::exit_code::failed;
    }
    if (action == QLatin1String("show")) return show(*profile, env);
    if (action == QLatin1String("forget-passphrase")) return forgetPassphrase(store, *profile, env);
    if (action == QLatin1String("remove")) {
      remote::SshHost(*profile).stopMaster();
      if (profile->rememberPassphrase) auth::Keychain().remove(remote::passphraseEntry(name));
      store.remove(name);
      if (!env.json) env.out << "removed host " << name << "\n";
      else env.out << QJsonDocument(QJsonObject{{QStringLiteral("removed"), name}}).toJson(QJsonDocument::Compact) << "\n";
      return 0;
    }
    return test(p, store, *profile, env);
  }

 private:
  static QString line(const remote::HostProfile& h) {
    QString where = h.dest;
    if (!h.user.isEmpty()) where = h.user + QLatin1Char('@') + where;
    if (h.port) where += QLatin1Char(':') + QString::number(h.port);
    if (!h.jump.isEmpty()) where += QStringLiteral(" via ") + h.jump;
    return where;
  }

  int list(remote::HostStore& store, CliEnv& env) {
    const auto hosts = store.list();
    if (env.json) {
      QJsonArray a;
      for (const auto& h : hosts) a.append(h.toJson());
      env.out << QJsonDocument(a).toJson(QJsonDocument::Compact) << "\n";
      return 0;
    }
    if (hosts.isEmpty()) {
      env.out << "no hosts yet: ct hosts add NAME --ssh DEST\n";
      return 0;
    }
    env.out << QStringLiteral("%1  %2  %3  %4\n").arg(QStringLiteral("NAME").leftJustified(16), QStringLiteral("SSH").leftJustified(32), QStringLiteral("STATUS").leftJustified(10), QStringLiteral("WORKDIR"));
    for (const auto& h : hosts)
      env.out << QStringLiteral("%1  %2  %3  %4\n").arg(h.name.leftJustified(16), line(h).leftJustified(32), h.status().leftJustified(10), h.workdirOrDefault());
    return 0;
  }

  int add(const QCommandLineParser& p, remote::HostStore& store, const QString& name, CliEnv& env) {
    // --replace changes what is given and keeps the rest, so one tool path can be set alone.
    const bool replace = p.isSet(QStringLiteral("replace"));
    const auto old = store.get(name);
    remote::HostProfile h = replace && old ? *old : remote::HostProfile{};
    h.name = name;
    if (p.isSet(QStringLiteral("ssh"))) h.dest = p.value(QStringLiteral("ssh"));
    if (h.dest.isEmpty()) throw UsageError{QStringLiteral("--ssh DEST is required (a host name, an address, or an alias from your ssh config)")};
    if (p.isSet(QStringLiteral("port"))) {
      bool ok = false;
      h.port = p.value(QStringLiteral("port")).toInt(&ok);
      if (!ok || h.port < 1 || h.port > 65535) throw UsageError{QStringLiteral("--port must be 1-65535, got '%1'").arg(p.value(QStringLiteral("port")))};
    }
    auto set = [&](const QString& opt, QString& field, bool path) {
      if (!p.isSet(opt)) return;
      const QString v = p.value(opt);
      field = path && !v.isEmpty() ? QFileInfo(v).absoluteFilePath() : v;
    };
    set(QStringLiteral("user"), h.user, false);
    set(QStringLiteral("identity"), h.identity, true);
    set(QStringLiteral("known-hosts"), h.knownHosts, true);
    set(QStringLiteral("ssh-config"), h.sshConfig, true);
    set(QStringLiteral("jump"), h.jump, false);
    if (p.isSet(QStringLiteral("workdir"))) h.workdir = remote::normalizeRemotePath(p.value(QStringLiteral("workdir")));
    if (p.isSet(QStringLiteral("lease-dir"))) h.leaseDir = p.value(QStringLiteral("lease-dir"));
    if (p.isSet(QStringLiteral("ports"))) {
      const QStringList r = p.value(QStringLiteral("ports")).split(QLatin1Char('-'));
      bool ok1 = false, ok2 = false;
      h.portFirst = r.value(0).toInt(&ok1);
      h.portLast = r.value(1).toInt(&ok2);
      if (r.size() != 2 || !ok1 || !ok2) throw UsageError{QStringLiteral("--ports takes FIRST-LAST, e.g. 18000-18999, got '%1'").arg(p.value(QStringLiteral("ports")))};
    }
    for (const QString& t : p.values(QStringLiteral("tool"))) {
      const int eq = static_cast<int>(t.indexOf(QLatin1Char('=')));
      if (eq <= 0) throw UsageError{QStringLiteral("--tool takes NAME=PATH, got '%1'").arg(t)};
      h.tools.insert(t.left(eq), t.mid(eq + 1));
    }
    for (const QString& f : {h.identity, h.sshConfig})
      if (!f.isEmpty() && !QFileInfo::exists(f)) throw UsageError{QStringLiteral("%1 does not exist").arg(f)};
    const QString why = h.validate();
    if (!why.isEmpty()) throw UsageError{why};
    // The passphrase is read before anything is saved, so a refused read leaves nothing half-done.
    QByteArray passphrase;
    if (p.isSet(QStringLiteral("remember-passphrase"))) passphrase = readPassphrase(p, h);
    QString error;
    if (!store.save(h, replace, &error)) {
      env.err << "ct hosts: " << error << "\n";
      return jobs::exit_code::failed;
    }
    int code = 0;
    if (!passphrase.isEmpty() && !keepPassphrase(store, name, passphrase, env)) code = jobs::exit_code::failed;
    passphrase.fill('\0');
    if (env.json) env.out << QJsonDocument(store.get(name)->toJson()).toJson(QJsonDocument::Compact) << "\n";
    else env.out << (replace && old ? "changed host " : "added host ") << name << " (" << line(h) << "); check it with: ct hosts test " << name << "\n";
    return code;
  }

  static QByteArray readPassphrase(const QCommandLineParser& p, const remote::HostProfile& h) {
    PasswordSource source(p.isSet(QStringLiteral("passphrase-stdin")), QStringLiteral("passphrase-stdin"), QStringLiteral("passphrase"));
    QString why;
    const QString key = h.identity.isEmpty() ? QStringLiteral("the key") : h.identity;
    const auto got = source.ask(QStringLiteral("Passphrase of %1 for %2: ").arg(key, h.name), &why);
    if (!got) throw UsageError{why};
    if (got->isEmpty()) throw UsageError{QStringLiteral("the passphrase is empty: a key without a passphrase needs nothing remembered")};
    return got->toUtf8();
  }

  // Into the keychain, and the profile records that there is one. Without a keychain: says so
  // and what to do instead, and keeps nothing.
  static bool keepPassphrase(remote::HostStore& store, const QString& name, const QByteArray& passphrase, CliEnv& env) {
    const auth::Keychain keychain;
    QString why;
    if (!keychain.available(&why)) {
      env.err << "ct hosts: " << name << ": the passphrase is not remembered: no keychain is reachable (" << why
              << "); a passphrase given here serves only the command it was given to. Load the key into ssh-agent instead "
              << "(eval \"$(ssh-agent)\"; ssh-add KEY), or start a keyring (a desktop session) and run ct hosts test " << name
              << " --remember-passphrase again.\n";
      return false;
    }
    const auto w = keychain.write(remote::passphraseEntry(name), passphrase);
    if (!w.ok()) {
      env.err << "ct hosts: " << name << ": the passphrase is not remembered: " << w.message << "\n";
      return false;
    }
    auto h = store.get(name);
    QString error;
    if (!h) return false;
    h->rememberPassphrase = true;
    if (!store.save(*h, true, &error)) {
      keychain.remove(remote::passphraseEntry(name));
      env.err << "ct hosts: " << error << "\n";
      return false;
    }
    if (!env.json) env.err << name << ": passphrase remembered in the OS keychain (" << remote::passphraseEntry(name) << "); forget it with: ct hosts forget-passphrase " << name << "\n";
    return true;
  }

  int forgetPassphrase(remote::HostStore& store, remote::HostProfile h, CliEnv& env) {
    const auto r = auth::Keychain().remove(remote::passphraseEntry(h.name));
    if (r.status == auth::Keychain::Status::Unavailable) {
      env.err << "ct hosts: " << h.name << ": " << auth::keychainUnavailableHelp(r.message) << "\n";
      return jobs::exit_code::failed;
    }
    const bool had = h.rememberPassphrase || r.ok();
    h.rememberPassphrase = false;
    QString error;
    if (!store.save(h, true, &error)) {
      env.err << "ct hosts: " << error << "\n";
      return jobs::exit_code::failed;
    }
    if (env.json) env.out << QJsonDocument(QJsonObject{{QStringLiteral("host"), h.name}, {QStringLiteral("forgotten"), had}}).toJson(QJsonDocument::Compact) << "\n";
    else env.out << (had ? "forgot the passphrase of " : "no passphrase was remembered for ") << h.name << "; its key is used through ssh-agent\n";
    return 0;
  }

  int show(const remote::HostProfile& h, CliEnv& env) {
    remote::SshHost ssh(h);
    QJsonObject o = h.toJson();
    o.insert(QStringLiteral("ssh_command"), QJsonArray::fromStringList(QStringList{QStringLiteral("ssh")} + ssh.connectOptions() + QStringList{QStringLiteral("--"), h.dest}));
    o.insert(QStringLiteral("control_socket"), ssh.controlPath());
    o.insert(QStringLiteral("connected"), ssh.masterAlive());
    if (env.json) {
      env.out << QJsonDocument(o).toJson(QJsonDocument::Compact) << "\n";
      return 0;
    }
    env.out << "name:        " << h.name << "\nssh:         " << line(h) << "\nworkdir:     " << h.workdirOrDefault() << "\nleases:      " << h.leaseDirOrDefault()
            << QStringLiteral(", ports %1-%2").arg(h.portFirstOrDefault()).arg(h.portLastOrDefault()) << "\nidentity:    " << (h.identity.isEmpty() ? QStringLiteral("(ssh config / agent)") : h.identity)
            << "\npassphrase:  " << (h.rememberPassphrase ? QStringLiteral("remembered in the OS keychain (%1)").arg(remote::passphraseEntry(h.name)) : QStringLiteral("(ssh-agent, if the key has one)"))
            << "\nknown_hosts: " << (h.knownHosts.isEmpty() ? QStringLiteral("(your own)") : h.knownHosts) << "\nssh config:  "
            << (h.sshConfig.isEmpty() ? (qEnvironmentVariableIsSet("CT_SSH_CONFIG") ? qEnvironmentVariable("CT_SSH_CONFIG") + QStringLiteral(" (CT_SSH_CONFIG)") : QStringLiteral("~/.ssh/config")) : h.sshConfig)
            << "\nstatus:      " << h.status();
    const QString reason = h.lastTest.value(QStringLiteral("reason")).toString();
    if (!reason.isEmpty()) env.out << " (" << reason << ")";
    env.out << "\nconnection:  " << (ssh.masterAlive() ? QStringLiteral("open (%1)").arg(ssh.controlPath()) : QStringLiteral("closed")) << "\n";
    for (auto it = h.tools.begin(); it != h.tools.end(); ++it) env.out << "tool:        " << it.key() << " = " << it.value() << "\n";
    return 0;
  }

  int test(const QCommandLineParser& p, remote::HostStore& store, const remote::HostProfile& h, CliEnv& env) {
    // A passphrase to remember is tried first (for this process only) and kept once it worked.
    // ct-studio hands it over on stdin with the other secrets ("ssh-passphrase").
    QByteArray passphrase = env.secrets.value(QStringLiteral("ssh-passphrase")).toUtf8();
    const bool remember = p.isSet(QStringLiteral("remember-passphrase"));
    if (remember && passphrase.isEmpty()) passphrase = readPassphrase(p, h);
    if (!passphrase.isEmpty()) remote::setSessionPassphrase(h.name, passphrase);
    struct Forget {
      QString host;
      QByteArray& secret;
      ~Forget() {
        remote::clearSessionPassphrase(host);
        secret.fill('\0');
      }
    } forget{h.name, passphrase};
    jobs::JobContext ctx(QStringLiteral("hosts-test"), {{QStringLiteral("host"), h.name}}, {env.json, env.jobId});
    ctx.begin();
    if (!env.json) env.err << "testing " << h.name << " (" << line(h) << ")\n" << Qt::flush;
    remote::HostTestOptions o;
    o.acceptNewHostKey = p.isSet(QStringLiteral("accept-new-host-key"));
    QStringList skipped;
    const remote::HostTestReport report = remote::testHost(h, o, [&](const remote::TestStep& s) {
      if (env.json) {
        const jobs::LogLevel level = s.status == QLatin1String("failed") ? jobs::LogLevel::Error
                                     : (s.status == QLatin1String("missing") || s.status == QLatin1String("warning")) ? jobs::LogLevel::Warning
                                                                                                                   : jobs::LogLevel::Info;
        ctx.log(level, QStringLiteral("%1: %2 — %3").arg(s.title, s.status, s.detail), s.toJson());
        return;
      }
      if (s.status == QLatin1String("skipped") && s.detail.startsWith(QStringLiteral("not checked"))) {
        skipped << s.id;
        return;
      }
      env.err << "  " << s.status.toUpper().leftJustified(9) << s.title.leftJustified(30) << ' ' << s.detail << QStringLiteral("  (%1 ms)").arg(s.ms) << "\n";
      if (!s.fix.isEmpty()) env.err << "           fix: " << s.fix << "\n";
      env.err.flush();
    });
    if (!skipped.isEmpty()) env.err << "  SKIPPED  " << skipped.join(QStringLiteral(", ")) << "\n";
    const QJsonObject summary = report.summary();
    store.setLastTest(h.name, summary);
    if (remember && remote::hasSessionPassphrase(h.name)) {
      bool authOk = false;
      for (const auto& s : report.steps)
        if (s.id == QLatin1String("auth") && s.status == QLatin1String("ok")) authOk = true;
      if (!authOk) env.err << h.name << ": the passphrase was not remembered (the login did not succeed with it)\n";
      else keepPassphrase(store, h.name, passphrase, env);
    }
    if (!report.reachable) {
      QString message = QStringLiteral("%1: the %2 step failed").arg(h.name, report.failedStep);
      for (const auto& s : report.steps)
        if (s.status == QLatin1String("failed")) {
          message = QStringLiteral("%1 (step: %2)%3").arg(s.detail, s.title, s.fix.isEmpty() ? QString() : QStringLiteral(" — ") + s.fix);
          break;
        }
      return ctx.fail(QStringLiteral("host_unreachable"), message);
    }
    QStringList missing;
    for (const auto& s : report.steps)
      if (s.status == QLatin1String("missing")) missing << s.id;
    if (!env.json) env.err << h.name << " is available" << (missing.isEmpty() ? QString() : QStringLiteral("; missing: %1").arg(missing.join(QStringLiteral(", ")))) << "\n";
    return ctx.succeed(summary);
  }
};

}  // namespace

std::unique_ptr<Command> makeHostsCommand() { return std::make_unique<HostsCommand>(); }

}  // namespace ct::cli
