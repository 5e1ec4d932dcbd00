#pragma once
#include <QCommandLineParser>
#include <QStringList>

#include "cli/command.h"

namespace ct::cli {

// API keys reach a command only in ways that never show in `ps`: the first line of standard
// input (--api-key-stdin), an owner-only file (--api-key-file), or the parent's secrets handoff
// (--secrets-stdin, key "api-key", how ct-studio starts its children). `--api-key VALUE` is still
// parsed, only to be refused with what to use instead.
void addApiKeyOptions(QCommandLineParser& parser, const QString& whatFor);

// The keys given (none is fine); throws UsageError for --api-key VALUE, an unreadable file, or
// more than one key where `several` is false. The first key is also left in env.secrets
// ("api-key"), so a command that hands itself over to ct-compute passes it on.
QStringList takeApiKeys(const QCommandLineParser& parser, CliEnv& env, bool several);

}  // namespace ct::cli
