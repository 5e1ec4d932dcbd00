#pragma once
#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

namespace ct::remote {

// How to reach one GPU host and what runs there. Holds no secret: keys stay in their files, and
// passphrases in the user's ssh-agent or, when asked to remember them, the OS keychain (entry
// ssh-passphrase:<name>; the profile only records that there is one).
struct HostProfile {
  QString name;        // the user's name for it (ct hosts add NAME)
  QString dest;        // ssh destination: a host name, an address, or an alias of the ssh config
  int port = 0;        // 0: what the ssh config says (22 by default)
  QString user;        // empty: what the ssh config says
  QString identity;    // private key file; empty: the ssh config's / the agent's
  QString jump;        // [user@]host[:port] reached first (its connection uses the same options)
  QString workdir;     // on the host; relative paths are under the login's home folder
  QString knownHosts;  // known_hosts file; empty: the user's own
  QString sshConfig;   // ssh_config file used instead of ~/.ssh/config (-F); empty: the user's own
  bool rememberPassphrase = false;  // the key's passphrase is in the keychain (ct askpass reads it)
  // GPU leases on this host: a folder on its local disk shared by everyone who deploys there
  // (never an NFS home: flock is not reliable there), and the ports deployments may take.
  QString leaseDir;    // empty: kDefaultLeaseDir
  int portFirst = 0, portLast = 0;  // 0: kDefaultPorts
  QMap<QString, QString> tools;  // python3, vllm, lm_eval, evalplus, nvidia-smi, ct → path on the host
  QDateTime created, updated;
  // Outcome of the last `ct hosts test`: status ("available", "failed", "untested"), the reason,
  // when, and what was found (tools and versions). For the host list, not for decisions.
  QJsonObject lastTest;

  static constexpr const char* kDefaultWorkdir = "ct-studio";
  static constexpr const char* kDefaultLeaseDir = "/var/tmp/ct-leases";
  static constexpr int kDefaultPortFirst = 18000, kDefaultPortLast = 18999;
  static QStringList knownTools();

  QString workdirOrDefault() const { return workdir.isEmpty() ? QString::fromLatin1(kDefaultWorkdir) : workdir; }
  QString leaseDirOrDefault() const { return leaseDir.isEmpty() ? QString::fromLatin1(kDefaultLeaseDir) : leaseDir; }
  int portFirstOrDefault() const { return portFirst > 0 ? portFirst : kDefaultPortFirst; }
  int portLastOrDefault() const { return portFirst > 0 ? portLast : kDefaultPortLast; }
  // The program to run for a tool: the path the profile names, else the plain name (found on the
  // host's PATH). evalplus's entry point is evalplus.evaluate.
  QString tool(const QString& name) const;
  QString status() const;  // available / failed / untested

  QJsonObject toJson() const;
  static HostProfile fromJson(const QJsonObject& o);

  // Empty when the profile is usable; otherwise what is wrong, phrased for the user.
  QString validate() const;
};

bool isValidHostName(const QString& name);
// "~/x" and "~" become paths relative to the home folder (which is where ssh starts).
QString normalizeRemotePath(const QString& path);

}  // namespace ct::remote
