#include "cli/askpass.h"

#include <unistd.h>

#include "auth/keychain.h"
#include "remote/host_profile.h"
#include "remote/ssh_askpass.h"

namespace ct::cli {
namespace {

void say(const QString& text) {
  const QByteArray b = QStringLiteral("ct askpass: %1\n").arg(text).toUtf8();
  (void)!::write(STDERR_FILENO, b.constData(), static_cast<size_t>(b.size()));
}

}  // namespace

bool startedAsAskpass(const QStringList& arguments, bool firstIsCommand) {
  return qEnvironmentVariableIsSet(remote::kAskpassHostVar) && arguments.size() <= 2 && !firstIsCommand;
}

int runAskpass(const QStringList& arguments) {
  const QString host = qEnvironmentVariable(remote::kAskpassHostVar);
  const QString prompt = arguments.value(1);
  if (!remote::isValidHostName(host)) {
    say(QStringLiteral("CT_ASKPASS_HOST is not a host name"));
    return 1;
  }
  // Only a key's passphrase is answered: a password or a host-key question gets nothing.
  if (!remote::isPassphrasePrompt(prompt)) {
    say(QStringLiteral("%1: ssh asked something other than a key passphrase (\"%2\"); not answered").arg(host, prompt.trimmed().left(80)));
    return 1;
  }
  QByteArray secret;
  if (const QString socket = qEnvironmentVariable(remote::kAskpassSocketVar); !socket.isEmpty()) {
    QString why;
    secret = remote::fetchSessionPassphrase(socket, &why);
    if (secret.isEmpty()) {
      say(QStringLiteral("%1: %2").arg(host, why));
      return 1;
    }
  } else {
    const auth::Keychain keychain;
    const auto r = keychain.read(remote::passphraseEntry(host));
    if (r.status == auth::Keychain::Status::NotFound) {
      say(QStringLiteral("%1: no passphrase is remembered for this host (keychain entry %2 not found)").arg(host, remote::passphraseEntry(host)));
      return 1;
    }
    if (!r.ok()) {
      say(QStringLiteral("%1: the remembered passphrase cannot be read: no keychain is reachable (%2)").arg(host, r.message));
      return 1;
    }
    secret = r.data;
  }
  secret.append('\n');
  const bool ok = ::write(STDOUT_FILENO, secret.constData(), static_cast<size_t>(secret.size())) == secret.size();
  secret.fill('\0');
  return ok ? 0 : 1;
}

}  // namespace ct::cli
