#pragma once
#include <QStringList>

namespace ct::cli {

// ct as ssh's SSH_ASKPASS: ssh runs `ct PROMPT` with CT_ASKPASS_HOST naming the host (set only by
// the SSH layer, for the one connection that needs a remembered passphrase). True when this
// process was started that way; then runAskpass() answers and main() exits with its code.
bool startedAsAskpass(const QStringList& arguments, bool firstIsCommand);
// Prints the host's passphrase (keychain entry ssh-passphrase:<host>, or the one-shot socket of
// the ct process that started ssh) on stdout for ssh; on failure says why on stderr ("ct askpass:
// ..."), which ssh passes on to the log the SSH layer reads, and exits 1.
int runAskpass(const QStringList& arguments);

}  // namespace ct::cli
