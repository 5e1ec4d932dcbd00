#include "cli/compute.h"

#include "proc/daemon.h"

#include <QCoreApplication>
#include <QFile>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>
#include <vector>

#include "auth/session.h"
#include "jobs/job_state.h"

namespace ct::cli::compute {
namespace {

// This process's arguments exactly as it got them: QCoreApplication::arguments() has been
// decoded to text, which would not give back a path that is not valid UTF-8.
std::vector<QByteArray> ownArguments() {
  std::vector<QByteArray> args;
  QFile cmdline(QStringLiteral("/proc/self/cmdline"));
  if (cmdline.open(QIODevice::ReadOnly)) {
    QByteArray all = cmdline.readAll();
    if (all.endsWith('\0')) all.chop(1);
    for (const QByteArray& a : all.split('\0')) args.push_back(a);
  }
  if (args.empty())
    for (const QString& a : QCoreApplication::arguments()) args.push_back(QFile::encodeName(a));
  return args;
}

}  // namespace

QString computeProgram() { return QCoreApplication::applicationDirPath() + QStringLiteral("/ct-compute"); }

int handOver(const QString& command, CliEnv& env) {
  const QString program = computeProgram();
  std::vector<QByteArray> args = ownArguments();
  // The session and the secrets this process read on stdin go on to ct-compute through a pipe it
  // inherits (stdin has been read, and a secret never goes on a command line).
  QHash<QString, QString> secrets = env.secrets;
  if (env.endSessionOnExit) secrets.insert(QStringLiteral("end_session"), QStringLiteral("1"));
  const QByteArray handoff = auth::encodeHandoff(secrets);
  if (handoff.trimmed() != "{}") {
    int fds[2];
    if (::pipe(fds) != 0 || ::write(fds[1], handoff.constData(), static_cast<size_t>(handoff.size())) != handoff.size()) {
      env.err << "ct " << command << ": cannot pass the session on to ct-compute: " << QString::fromLocal8Bit(std::strerror(errno)) << "\n";
      return jobs::exit_code::failed;
    }
    ::close(fds[1]);
    const QByteArray stdinOption = "--" + auth::kSecretsStdinOption.toLatin1();
    std::erase_if(args, [&](const QByteArray& a) { return a == stdinOption || a == stdinOption.mid(1); });
    args.push_back("--" + auth::kSecretsFdOption.toLatin1() + "=" + QByteArray::number(fds[0]));
  }
  std::vector<char*> argv;
  for (QByteArray& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  env.out.flush();
  env.err.flush();
  std::fflush(nullptr);
  proc::keepTieAcrossExec();
  ::execv(QFile::encodeName(program).constData(), argv.data());
  const int error = errno;
  env.err << "ct " << command << ": this command runs in ct-compute, the part of ct that links the compute library, "
          << "and it cannot be started: " << program << ": " << QString::fromLocal8Bit(std::strerror(error))
          << "\nReinstall CT Studio, or build the ct-compute target (it belongs next to ct).\n";
  env.err.flush();
  return jobs::exit_code::failed;
}

}  // namespace ct::cli::compute
