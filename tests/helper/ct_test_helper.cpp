// A deliberately misbehaving child for the job framework's tests. Written without Qt and
// without the project's event code, so the events it prints check our parser independently.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

namespace {

void sleepMs(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

[[noreturn]] void sleepForever() {
  for (;;) pause();
}

void writeAll(int fd, const char* p, size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      std::exit(3);
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
}

void appendPid(const char* file) {
  const int fd = ::open(file, O_WRONLY | O_APPEND | O_CREAT, 0644);
  const std::string line = std::to_string(::getpid()) + "\n";
  writeAll(fd, line.data(), line.size());
  ::close(fd);
}

int countLines(const char* file) {
  std::ifstream in(file);
  int n = 0;
  std::string s;
  while (std::getline(in, s)) ++n;
  return n;
}

long long nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

int events(int n, int delayMs, bool result) {
  std::printf("{\"v\":1,\"type\":\"state\",\"ts\":%lld,\"state\":\"running\"}\n", nowMs());
  for (int i = 1; i <= n; ++i) {
    std::printf("{\"v\":1,\"type\":\"log\",\"ts\":%lld,\"level\":\"info\",\"msg\":\"step %d of %d\"}\n", nowMs(), i, n);
    std::printf("{\"v\":1,\"type\":\"progress\",\"ts\":%lld,\"done\":%d,\"total\":%d,\"unit\":\"steps\",\"eta_s\":%d}\n",
                nowMs(), i, n, (n - i) * delayMs / 1000);
    std::printf("{\"v\":1,\"type\":\"metric\",\"ts\":%lld,\"series\":\"loss\",\"x\":%d,\"y\":%.4f}\n", nowMs(), i,
                1.0 / i);
    std::printf("plain text line %d\n", i);
    std::fflush(stdout);
    sleepMs(delayMs);
  }
  if (result) {
    std::printf("{\"v\":1,\"type\":\"result\",\"ts\":%lld,\"result\":{\"steps\":%d}}\n", nowMs(), n);
    std::printf("{\"v\":1,\"type\":\"state\",\"ts\":%lld,\"state\":\"succeeded\"}\n", nowMs());
  }
  std::fflush(stdout);
  return 0;
}

int flood(long long bytes, int lineLen, bool newlines) {
  std::string chunk;
  const int per = 64 * 1024 / lineLen + 1;
  for (int i = 0; i < per; ++i) {
    chunk.append(static_cast<size_t>(lineLen - 1), 'x');
    chunk.push_back(newlines ? '\n' : 'x');
  }
  long long left = bytes;
  while (left > 0) {
    const size_t n = static_cast<size_t>(std::min<long long>(left, static_cast<long long>(chunk.size())));
    writeAll(1, chunk.data(), n);
    left -= static_cast<long long>(n);
  }
  return 0;
}

// Leader + n children, each child with one grandchild; all but (optionally) the leader ignore
// SIGTERM, so only a group-wide SIGKILL ends them.
int tree(int n, const char* pidFile, bool leaderIgnoresTerm, bool leaderExits) {
  ::unlink(pidFile);
  for (int i = 0; i < n; ++i) {
    if (::fork() == 0) {
      signal(SIGTERM, SIG_IGN);
      if (::fork() == 0) {
        signal(SIGTERM, SIG_IGN);
        appendPid(pidFile);
        sleepForever();
      }
      appendPid(pidFile);
      sleepForever();
    }
  }
  while (countLines(pidFile) < 2 * n) sleepMs(5);
  if (leaderIgnoresTerm) signal(SIGTERM, SIG_IGN);
  std::printf("ready\n");
  std::fflush(stdout);
  if (leaderExits) return 0;
  sleepForever();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: ct_test_helper MODE [ARGS]\n");
    return 2;
  }
  const std::string mode = argv[1];
  auto arg = [&](int i, long long fallback) { return argc > i ? std::atoll(argv[i]) : fallback; };
  if (mode == "events") return events(static_cast<int>(arg(2, 10)), static_cast<int>(arg(3, 10)), !(argc > 4 && std::strcmp(argv[4], "--no-result") == 0));
  if (mode == "flood") return flood(arg(2, 1 << 20), static_cast<int>(arg(3, 100)), true);
  if (mode == "flood-noline") return flood(arg(2, 1 << 20), 100, false);
  if (mode == "hang") sleepForever();
  if (mode == "silent-after") {
    std::printf("one line, then silence\n");
    std::fflush(stdout);
    sleepForever();
  }
  if (mode == "crash") {
    std::printf("about to crash\n");
    std::fflush(stdout);
    signal(SIGSEGV, SIG_DFL);
    raise(SIGSEGV);
    return 0;
  }
  if (mode == "exit") {
    std::fprintf(stderr, "exiting with %d on purpose\n", static_cast<int>(arg(2, 1)));
    return static_cast<int>(arg(2, 1));
  }
  if (mode == "partial") {
    std::printf("abc");
    std::fflush(stdout);
    sleepMs(200);
    std::printf("def\r\nghi");
    std::fflush(stdout);
    return 0;
  }
  if (mode == "stderr") {
    for (int i = 0; i < arg(2, 3); ++i) std::fprintf(stderr, "warning line %d\n", i);
    return 0;
  }
  if (mode == "tree") return tree(static_cast<int>(arg(2, 3)), argc > 3 ? argv[3] : "pids.txt", argc > 4 && std::strcmp(argv[4], "--ignore-term") == 0, false);
  if (mode == "tree-exit") return tree(static_cast<int>(arg(2, 3)), argc > 3 ? argv[3] : "pids.txt", false, true);
  std::fprintf(stderr, "ct_test_helper: unknown mode %s\n", mode.c_str());
  return 2;
}
