#include "remote/host_profile.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace ct::remote {
namespace {

QJsonValue timeValue(const QDateTime& t) { return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(); }
QDateTime timeFrom(const QJsonValue& v) {
  QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
  if (t.isValid()) t.setTimeSpec(Qt::UTC);
  return t;
}

bool hasControl(const QString& s) {
  for (const QChar c : s)
    if (c.unicode() < 0x20 || c.unicode() == 0x7f) return true;
  return false;
}

}  // namespace

QStringList HostProfile::knownTools() {
  return {QStringLiteral("python3"), QStringLiteral("vllm"), QStringLiteral("lm_eval"), QStringLiteral("evalplus"), QStringLiteral("nvidia-smi"),
          QStringLiteral("ct")};
}

QString HostProfile::tool(const QString& name) const {
  const QString path = tools.value(name);
  if (!path.isEmpty()) return path;
  if (name == QLatin1String("evalplus")) return QStringLiteral("evalplus.evaluate");
  return name;
}

QString HostProfile::status() const {
  const QString s = lastTest.value(QStringLiteral("status")).toString();
  return s.isEmpty() ? QStringLiteral("untested") : s;
}

bool isValidHostName(const QString& name) {
  static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
  return re.match(name).hasMatch();
}

QString normalizeRemotePath(const QString& path) {
  if (path == QLatin1String("~")) return QStringLiteral(".");
  if (path.startsWith(QLatin1String("~/"))) return path.mid(2).isEmpty() ? QStringLiteral(".") : path.mid(2);
  return path;
}

QJsonObject HostProfile::toJson() const {
  QJsonObject t;
  for (auto it = tools.begin(); it != tools.end(); ++it) t.insert(it.key(), it.value());
  return {{QStringLiteral("name"), name},       {QStringLiteral("ssh"), dest},
          {QStringLiteral("port"), port},       {QStringLiteral("user"), user},
          {QStringLiteral("identity"), identity}, {QStringLiteral("jump"), jump},
          {QStringLiteral("workdir"), workdirOrDefault()}, {QStringLiteral("known_hosts"), knownHosts},
          {QStringLiteral("ssh_config"), sshConfig}, {QStringLiteral("tools"), t},
          {QStringLiteral("passphrase"), rememberPassphrase ? QStringLiteral("keychain") : QStringLiteral("agent")},
          {QStringLiteral("lease_dir"), leaseDirOrDefault()},
          {QStringLiteral("ports"), QStringLiteral("%1-%2").arg(portFirstOrDefault()).arg(portLastOrDefault())},
          {QStringLiteral("created"), timeValue(created)}, {QStringLiteral("updated"), timeValue(updated)},
          {QStringLiteral("status"), status()}, {QStringLiteral("last_test"), lastTest}};
}

HostProfile HostProfile::fromJson(const QJsonObject& o) {
  HostProfile p;
  p.name = o.value(QStringLiteral("name")).toString();
  p.dest = o.value(QStringLiteral("ssh")).toString();
  p.port = o.value(QStringLiteral("port")).toInt();
  p.user = o.value(QStringLiteral("user")).toString();
  p.identity = o.value(QStringLiteral("identity")).toString();
  p.jump = o.value(QStringLiteral("jump")).toString();
  p.workdir = o.value(QStringLiteral("workdir")).toString();
  p.knownHosts = o.value(QStringLiteral("known_hosts")).toString();
  p.sshConfig = o.value(QStringLiteral("ssh_config")).toString();
  p.rememberPassphrase = o.value(QStringLiteral("passphrase")).toString() == QLatin1String("keychain");
  p.leaseDir = o.value(QStringLiteral("lease_dir")).toString();
  if (p.leaseDir == QLatin1String(kDefaultLeaseDir)) p.leaseDir.clear();
  const QStringList ports = o.value(QStringLiteral("ports")).toString().split(QLatin1Char('-'));
  if (ports.size() == 2 && !(ports[0].toInt() == kDefaultPortFirst && ports[1].toInt() == kDefaultPortLast)) {
    p.portFirst = ports[0].toInt();
    p.portLast = ports[1].toInt();
  }
  const QJsonObject t = o.value(QStringLiteral("tools")).toObject();
  for (auto it = t.begin(); it != t.end(); ++it) p.tools.insert(it.key(), it.value().toString());
  p.created = timeFrom(o.value(QStringLiteral("created")));
  p.updated = timeFrom(o.value(QStringLiteral("updated")));
  p.lastTest = o.value(QStringLiteral("last_test")).toObject();
  return p;
}

QString HostProfile::validate() const {
  if (!isValidHostName(name))
    return QStringLiteral("host name '%1' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit").arg(name);
  if (dest.isEmpty()) return QStringLiteral("--ssh DEST is required (a host name, an address, or an alias from your ssh config)");
  // A destination or jump starting with '-' would be read by ssh as an option.
  if (dest.startsWith(QLatin1Char('-')) || dest.contains(QLatin1Char(' ')) || hasControl(dest))
    return QStringLiteral("--ssh '%1' is not a host name or alias (no spaces, no leading '-')").arg(dest);
  if (port < 0 || port > 65535) return QStringLiteral("--port must be 1-65535");
  if (!user.isEmpty() && (user.startsWith(QLatin1Char('-')) || user.contains(QLatin1Char(' ')) || user.contains(QLatin1Char('@')) || hasControl(user)))
    return QStringLiteral("--user '%1' is not a user name").arg(user);
  if (!jump.isEmpty() && (jump.startsWith(QLatin1Char('-')) || jump.contains(QLatin1Char(' ')) || jump.contains(QLatin1Char(',')) || hasControl(jump)))
    return QStringLiteral("--jump '%1' must be one [user@]host[:port] (chains of jump hosts: use ProxyJump in your ssh config)").arg(jump);
  if (!leaseDir.isEmpty() && !leaseDir.startsWith(QLatin1Char('/')))
    return QStringLiteral("--lease-dir '%1' must be an absolute folder on the host's local disk (e.g. /var/tmp/ct-leases), not under an NFS home").arg(leaseDir);
  if (portFirst != 0 && (portFirst < 1024 || portLast > 65535 || portFirst > portLast))
    return QStringLiteral("--ports must be FIRST-LAST within 1024-65535, FIRST <= LAST");
  for (const QString& f : {identity, knownHosts, sshConfig, workdir, leaseDir})
    if (hasControl(f)) return QStringLiteral("paths may not contain control characters");
  for (auto it = tools.begin(); it != tools.end(); ++it) {
    if (!knownTools().contains(it.key()))
      return QStringLiteral("--tool %1: unknown tool (known: %2)").arg(it.key(), knownTools().join(QStringLiteral(", ")));
    if (it.value().isEmpty() || hasControl(it.value())) return QStringLiteral("--tool %1 needs a path on the host").arg(it.key());
  }
  return {};
}

}  // namespace ct::remote
