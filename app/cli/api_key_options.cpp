#include "cli/api_key_options.h"

#include <QFile>
#include <QFileInfo>

#include "cli/password_prompt.h"

namespace ct::cli {

void addApiKeyOptions(QCommandLineParser& p, const QString& whatFor) {
  QCommandLineOption refused(QStringLiteral("api-key"), QStringLiteral("Refused: a key on the command line is visible to every user in ps."), QStringLiteral("key"));
  refused.setFlags(QCommandLineOption::HiddenFromHelp);
  p.addOption(refused);
  p.addOptions({
      {QStringLiteral("api-key-stdin"), QStringLiteral("Read the %1 from the first line of standard input.").arg(whatFor)},
      {QStringLiteral("api-key-file"), QStringLiteral("Read the %1 from this file (one per line; keep it owner-only, chmod 600).").arg(whatFor), QStringLiteral("file")},
  });
}

QStringList takeApiKeys(const QCommandLineParser& p, CliEnv& env, bool several) {
  if (p.isSet(QStringLiteral("api-key")))
    throw UsageError{QStringLiteral("--api-key KEY is refused: a key on the command line is visible to every user of this machine (ps, /proc). "
                                    "Give it on standard input with --api-key-stdin (e.g. `secret-tool lookup … | ct … --api-key-stdin`), "
                                    "or in an owner-only file with --api-key-file FILE")};
  QStringList keys;
  if (p.isSet(QStringLiteral("api-key-file"))) {
    const QString path = p.value(QStringLiteral("api-key-file"));
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) throw UsageError{QStringLiteral("cannot read --api-key-file %1: %2").arg(path, f.errorString())};
    if (QFileInfo(f).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))
      env.err << "warning: " << path << " can be read by other users; make it private: chmod 600 " << path << "\n";
    for (const QByteArray& line : f.readAll().split('\n'))
      if (!line.trimmed().isEmpty()) keys << QString::fromUtf8(line.trimmed());
    if (keys.isEmpty()) throw UsageError{QStringLiteral("--api-key-file %1 holds no key").arg(path)};
  }
  if (p.isSet(QStringLiteral("api-key-stdin"))) {
    QString why;
    const auto key = PasswordSource(true, QStringLiteral("api-key-stdin"), QStringLiteral("API key")).ask(QStringLiteral("API key"), &why);
    if (!key) throw UsageError{why};
    if (key->trimmed().isEmpty()) throw UsageError{QStringLiteral("--api-key-stdin: the first line of standard input is empty")};
    keys << key->trimmed();
  }
  if (keys.isEmpty() && !env.secrets.value(QStringLiteral("api-key")).isEmpty()) keys << env.secrets.value(QStringLiteral("api-key"));
  if (!several && keys.size() > 1) throw UsageError{QStringLiteral("this command takes one API key; %1 were given").arg(keys.size())};
  if (!keys.isEmpty()) env.secrets.insert(QStringLiteral("api-key"), keys.first());
  return keys;
}

}  // namespace ct::cli
