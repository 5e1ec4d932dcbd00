#include "child_run.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <vector>

extern char** environ;

namespace ct::bench {

bool ChildRun::succeeded() const { return exitCode() == 0; }
int ChildRun::exitCode() const { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

ChildRun runChild(const QByteArray& program, const QList<QByteArray>& args, const QByteArray& stdoutPath, bool quietStderr) {
  std::vector<QByteArray> store{program};
  for (const QByteArray& a : args) store.push_back(a);
  std::vector<char*> argv;
  for (QByteArray& s : store) argv.push_back(s.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  const QByteArray out = stdoutPath.isEmpty() ? QByteArray("/dev/null") : stdoutPath;
  posix_spawn_file_actions_addopen(&fa, 1, out.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (quietStderr) posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  ChildRun run;
  timespec t0{}, t1{};
  pid_t pid = 0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  const int error = posix_spawn(&pid, program.constData(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (error != 0) {
    std::fprintf(stderr, "cannot start %s: %s\n", program.constData(), std::strerror(error));
    std::exit(1);
  }
  rusage ru{};
  wait4(pid, &run.status, 0, &ru);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  run.seconds = static_cast<double>(t1.tv_sec - t0.tv_sec) + static_cast<double>(t1.tv_nsec - t0.tv_nsec) / 1e9;
  run.maxRssKb = ru.ru_maxrss;
  return run;
}

double quantile(QList<double> samples, double share) {
  if (samples.isEmpty()) return 0;
  std::sort(samples.begin(), samples.end());
  const auto rank = static_cast<qsizetype>(std::ceil(share * static_cast<double>(samples.size())));
  return samples[std::clamp<qsizetype>(rank - 1, 0, samples.size() - 1)];
}

}  // namespace ct::bench
