#include "remote/ssh_diagnosis.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include "remote/host_profile.h"
#include "remote/ssh_askpass.h"
#include "remote/ssh_host.h"

namespace ct::remote {
namespace {

QString match(const QString& text, const QString& pattern, int group = 1) {
  const QRegularExpression re(pattern, QRegularExpression::MultilineOption);
  const auto m = re.match(text);
  return m.hasMatch() ? m.captured(group) : QString();
}

QString who(const HostProfile& p) { return p.name.isEmpty() ? p.dest : QStringLiteral("%1 (%2)").arg(p.name, p.dest); }

// Local helpers (ssh-keygen, ssh-add) run with stdin closed, so they never prompt.
int runQuiet(const QString& program, const QStringList& args, QByteArray* out = nullptr) {
  const LocalRun r = runLocal(program, args, 10000);
  if (out) *out = r.out + r.err;
  return r.started && !r.timedOut ? r.exitCode : -1;
}

QString lastMeaningfulLine(const QString& text) {
  const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    const QString l = it->trimmed();
    if (l.startsWith(QLatin1String("debug")) || l.startsWith(QLatin1String("OpenSSH_")) || l.startsWith(QLatin1String("Transferred:")) ||
        l.startsWith(QLatin1String("Warning: Permanently added")))
      continue;
    return l;
  }
  return {};
}

}  // namespace

bool isHostKeyAcceptedLine(const QByteArray& line) {
  return line.contains("is known and matches the") || line.startsWith("Warning: Permanently added");
}

SshFailure diagnoseSsh(const QByteArray& stderrBytes, int exitCode, const HostProfile& p) {
  const QString text = QString::fromUtf8(stderrBytes);
  SshFailure f;
  const QString host = who(p);
  QString s;
  if (!(s = match(text, QStringLiteral("Could not resolve hostname (\\S+): (.*)$"))).isEmpty()) {
    s.remove(QRegularExpression(QStringLiteral(":$")));
    f = {QStringLiteral("resolve"), QStringLiteral("%1: cannot resolve the host name %2 (%3)").arg(host, s, match(text, QStringLiteral("Could not resolve hostname \\S+ (.*)$")).trimmed()),
         QStringLiteral("check the name (ct hosts show %1), /etc/hosts or DNS, or give the address with --ssh").arg(p.name), {}};
    return f;
  }
  if (text.contains(QLatin1String("REMOTE HOST IDENTIFICATION HAS CHANGED"))) {
    const QString type = match(text, QStringLiteral("The fingerprint for the (\\S+) key sent by the remote host is"));
    const QString fp = match(text, QStringLiteral("^(SHA256:\\S+)"));
    const QString file = match(text, QStringLiteral("Offending \\S+ key in (.+):(\\d+)"));
    const QString line = match(text, QStringLiteral("Offending \\S+ key in (.+):(\\d+)"), 2);
    const QString known = match(text, QStringLiteral("Host key for (\\S+) has changed"));
    f.step = QStringLiteral("host key");
    f.fingerprint = (type + QLatin1Char(' ') + fp).trimmed();
    f.message = QStringLiteral("%1: the host key has CHANGED (it now presents %2; %3 line %4 holds another). This is what a man-in-the-middle "
                               "attack looks like; CT Studio refuses to connect and never replaces a known key by itself")
                    .arg(host, f.fingerprint, file.isEmpty() ? QStringLiteral("known_hosts") : file, line.isEmpty() ? QStringLiteral("?") : line);
    f.fix = QStringLiteral("only if the host's administrator confirms that the host was re-installed and its key is %1: remove the old key with "
                           "`ssh-keygen -R '%2' -f %3`, then run `ct hosts test %4 --accept-new-host-key`")
                .arg(f.fingerprint, known.isEmpty() ? p.dest : known, file.isEmpty() ? QStringLiteral("~/.ssh/known_hosts") : file, p.name);
    return f;
  }
  if (text.contains(QLatin1String("host key is known for")) || (text.contains(QLatin1String("Host key verification failed")) && !text.contains(QLatin1String("CHANGED")))) {
    const QString type = match(text, QStringLiteral("No (\\S+) host key is known for (\\S+)"));
    const QString name = match(text, QStringLiteral("No (\\S+) host key is known for (\\S+)"), 2);
    QString fp = match(text, QStringLiteral("Server host key: (\\S+ SHA256:\\S+)"));
    if (fp.isEmpty() && !type.isEmpty()) fp = type;
    f.step = QStringLiteral("host key");
    f.fingerprint = fp;
    f.message = QStringLiteral("%1: the host key of %2 is not known yet (%3); CT Studio never accepts an unknown key silently")
                    .arg(host, name.isEmpty() ? p.dest : name, fp.isEmpty() ? QStringLiteral("fingerprint unknown") : fp);
    f.fix = QStringLiteral("compare the fingerprint with the host's own (on the host: `ssh-keygen -lf /etc/ssh/ssh_host_%1_key.pub`), then run "
                           "`ct hosts test %2 --accept-new-host-key`")
                .arg(type.isEmpty() ? QStringLiteral("ed25519") : type.toLower(), p.name);
    return f;
  }
  if (text.contains(QLatin1String("UNPROTECTED PRIVATE KEY FILE"))) {
    const QString file = match(text, QStringLiteral("Permissions 0\\d+ for '([^']+)' are too open"));
    f = {QStringLiteral("auth"), QStringLiteral("%1: ssh ignores the key %2 because other users can read it").arg(host, file),
         QStringLiteral("make it private: `chmod 600 %1`").arg(file), {}};
    return f;
  }
  // ct's askpass says why it had no passphrase to give (nothing remembered, no keychain).
  if (!(s = match(text, QStringLiteral("^ct askpass: (.*)$"))).isEmpty()) {
    if (s.startsWith(p.name + QStringLiteral(": "))) s = s.mid(p.name.size() + 2);
    f = {QStringLiteral("auth"), QStringLiteral("%1: authentication failed: %2").arg(host, s.trimmed()),
         QStringLiteral("remember it again (`ct hosts test %1 --remember-passphrase`), or load the key into ssh-agent (`ssh-add KEY`) and forget it (`ct hosts forget-passphrase %1`)").arg(p.name), {}};
    return f;
  }
  if (!(s = match(text, QStringLiteral("(Permission denied \\([^)]*\\))"))).isEmpty()) return diagnoseAuth(p, s);
  if (!(s = match(text, QStringLiteral("connect to host (\\S+ port \\d+): Connection refused"))).isEmpty()) {
    f = {QStringLiteral("connect"), QStringLiteral("%1: nothing accepts connections on %2 (connection refused)").arg(host, s),
         QStringLiteral("check that sshd runs on the host and that the port is right (--port, or Port in your ssh config)"), {}};
    return f;
  }
  if (!(s = match(text, QStringLiteral("connect to host (\\S+ port \\d+): (Connection timed out|Operation timed out|No route to host|Network is unreachable)"))).isEmpty()) {
    f = {QStringLiteral("connect"), QStringLiteral("%1: cannot reach %2 (%3)").arg(host, s, match(text, QStringLiteral("connect to host \\S+ port \\d+: (.*)$"))),
         QStringLiteral("the host is down, or a firewall or VPN is in the way: check the network, the address and the port"), {}};
    return f;
  }
  if (text.contains(QLatin1String("stdio forwarding failed")) || text.contains(QLatin1String("open failed: "))) {
    const QString why = match(text, QStringLiteral("open failed: (.*)$"));
    f = {QStringLiteral("jump"), QStringLiteral("%1: the jump host could not open a connection to the host (%2)").arg(host, why.isEmpty() ? QStringLiteral("stdio forwarding failed") : why),
         QStringLiteral("check that the jump host can reach the host's address and port, and allows forwarding (AllowTcpForwarding)"), {}};
    return f;
  }
  if (!(s = match(text, QStringLiteral("((kex_exchange_identification|ssh_exchange_identification): .*)$"))).isEmpty() ||
      !(s = match(text, QStringLiteral("^(Connection (closed|reset) by \\S+ port \\d+)"))).isEmpty()) {
    f = {QStringLiteral("connect"), QStringLiteral("%1: the server closed the connection before the SSH handshake (%2)").arg(host, s),
         QStringLiteral("the port may belong to another service, or sshd refuses new connections (MaxStartups, tcp wrappers, fail2ban); check --port and the host's sshd log"), {}};
    return f;
  }
  if (!(s = match(text, QStringLiteral("^(.*(Bad configuration option|Bad owner or permissions on|Can't open user config file|no argument after keyword|garbage at end of line|Unsupported option|keyword .* extra arguments).*)$"))).isEmpty()) {
    f = {QStringLiteral("config"), QStringLiteral("%1: ssh cannot read its configuration: %2").arg(host, s.trimmed()),
         QStringLiteral("fix the ssh config file (`ct hosts show %1` says which one is used)").arg(p.name), {}};
    return f;
  }
  if (exitCode == 255) {
    const QString last = lastMeaningfulLine(text);
    f = {QStringLiteral("link"), QStringLiteral("%1: ssh failed: %2").arg(host, last.isEmpty() ? QStringLiteral("no message") : last),
         QStringLiteral("run `ct hosts test %1` to find the failing step").arg(p.name), {}};
  }
  return f;
}

SshFailure diagnoseAuth(const HostProfile& p, const QString& permissionLine) {
  const QString host = who(p);
  QStringList keys;
  if (!p.identity.isEmpty()) {
    keys << p.identity;
  } else {
    // What ssh would offer: the IdentityFile entries its configuration resolves to.
    QByteArray out;
    SshHost h(p);
    if (runQuiet(QStringLiteral("ssh"), h.resolveArgs(), &out) == 0) {
      for (const QByteArray& line : out.split('\n'))
        if (line.startsWith("identityfile ")) {
          QString f = QString::fromUtf8(line.mid(13)).trimmed();
          if (f.startsWith(QLatin1String("~/"))) f = QDir::homePath() + f.mid(1);
          if (QFileInfo::exists(f)) keys << f;
        }
    }
  }
  const QString login = p.user.isEmpty() ? QStringLiteral("your user") : p.user;
  if (keys.isEmpty())
    return {QStringLiteral("auth"), QStringLiteral("%1 refused the login (%2) and there is no key file to offer").arg(host, permissionLine),
            QStringLiteral("create a key (`ssh-keygen -t ed25519`), install its .pub in ~/.ssh/authorized_keys of %1 on the host, and give it with --identity").arg(login), {}};

  QByteArray agentList;
  const int agent = qEnvironmentVariableIsSet("SSH_AUTH_SOCK") ? runQuiet(QStringLiteral("ssh-add"), {QStringLiteral("-l")}, &agentList) : 2;
  for (const QString& key : keys) {
    if (!QFileInfo::exists(key))
      return {QStringLiteral("auth"), QStringLiteral("%1 refused the login: the key file %2 does not exist").arg(host, key),
              QStringLiteral("give the right file with --identity (ct hosts add %1 ... --identity FILE)").arg(p.name), {}};
    QByteArray msg;
    const int plain = runQuiet(QStringLiteral("ssh-keygen"), {QStringLiteral("-y"), QStringLiteral("-P"), QString(), QStringLiteral("-f"), key}, &msg);
    if (plain == 0) continue;
    if (!msg.contains("passphrase")) continue;
    // Protected: usable only through an agent that holds it.
    QByteArray fp;
    const bool known = QFileInfo::exists(key + QStringLiteral(".pub")) &&
                       runQuiet(QStringLiteral("ssh-keygen"), {QStringLiteral("-l"), QStringLiteral("-f"), key + QStringLiteral(".pub")}, &fp) == 0;
    const QByteArray fingerprint = known ? fp.split(' ').value(1) : QByteArray();
    const bool inAgent = agent == 0 && !fingerprint.isEmpty() && agentList.contains(fingerprint);
    const bool remembered = p.rememberPassphrase && !askpassProgram().isEmpty();
    if (!inAgent && (remembered || hasSessionPassphrase(p.name)))
      return {QStringLiteral("auth"),
              QStringLiteral("%1: authentication failed: the %2 did not unlock the key %3")
                  .arg(host, remembered && !hasSessionPassphrase(p.name) ? QStringLiteral("passphrase remembered in the keychain (%1)").arg(passphraseEntry(p.name)) : QStringLiteral("passphrase given"), key),
              QStringLiteral("store the right one: `ct hosts test %1 --remember-passphrase` (or the Hosts page), or forget it (`ct hosts forget-passphrase %1`) and use ssh-agent").arg(p.name), {}};
    if (!inAgent)
      return {QStringLiteral("auth"),
              QStringLiteral("%1: the key %2 is protected by a passphrase, %3 and no passphrase is remembered for this host")
                  .arg(host, key, agent == 2 ? QStringLiteral("no ssh-agent is running (SSH_AUTH_SOCK is not set)") : QStringLiteral("the ssh-agent does not hold it")),
              QStringLiteral("load it into an agent, then start ct / ct-studio from that session: `eval \"$(ssh-agent)\" && ssh-add %1`; or let CT Studio keep the passphrase in the OS keychain: `ct hosts test %2 --remember-passphrase`").arg(key, p.name), {}};
  }
  QByteArray fp;
  QString fingerprint;
  if (QFileInfo::exists(keys.first() + QStringLiteral(".pub")) &&
      runQuiet(QStringLiteral("ssh-keygen"), {QStringLiteral("-l"), QStringLiteral("-f"), keys.first() + QStringLiteral(".pub")}, &fp) == 0)
    fingerprint = QString::fromUtf8(fp.split(' ').value(1));
  return {QStringLiteral("auth"),
          QStringLiteral("%1 refused the key %2%3 for %4 (%5)").arg(host, keys.join(QStringLiteral(", ")), fingerprint.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(fingerprint), login, permissionLine),
          QStringLiteral("add %1.pub to ~/.ssh/authorized_keys of %2 on the host (`ssh-copy-id -i %1.pub %3`), or choose another key with --identity")
              .arg(keys.first(), login, p.dest),
          {}};
}

}  // namespace ct::remote
