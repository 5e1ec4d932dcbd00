#include "util/cancel.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <unistd.h>

namespace ct::cancel {
namespace {

std::atomic<bool> g_requested{false};
std::atomic<bool> g_cooperative{false};
std::atomic<bool> g_detach{false};

void onSignal(int sig) {
  // Only code that polls requested() can wind down; anything else ends at once.
  if (!g_cooperative.load() || (g_requested.exchange(true) && sig == SIGINT)) _exit(130);
}

void onDetach(int) { g_detach.store(true); }

}  // namespace

void installSignalHandlers() {
  struct sigaction sa {};
  sa.sa_handler = onSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);
  struct sigaction detach {};
  detach.sa_handler = onDetach;
  sigemptyset(&detach.sa_mask);
  sigaction(SIGUSR1, &detach, nullptr);
}

namespace {
// /proc/PID/stat field 22 (start time), 0 when gone or a zombie.
long long startTicks(long long pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%lld/stat", pid);
  FILE* f = std::fopen(path, "r");
  if (!f) return 0;
  char buf[1024];
  const size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  buf[n] = 0;
  const char* p = std::strrchr(buf, ')');
  if (!p || p[1] == 0 || p[2] == 'Z') return 0;
  p += 2;
  for (int field = 3; field < 22 && p; ++field) {
    p = std::strchr(p, ' ');
    if (p) ++p;
  }
  return p ? std::atoll(p) : 0;
}
}  // namespace

static char g_tie[64] = {0};  // CT_EXIT_WITH as this process received it

void watchParentFromEnvironment() {
  const char* v = std::getenv(kExitWithVariable);
  if (!v) return;
  std::snprintf(g_tie, sizeof g_tie, "%s", v);
  long long pid = 0, start = 0;
  const int got = std::sscanf(v, "%lld:%lld", &pid, &start);
  // This process's own tie: what it starts in turn (a deployment's tunnel) is not bound by it.
  ::unsetenv(kExitWithVariable);
  if (got != 2 || pid <= 0) return;
  std::thread([pid, start] {
    while (startTicks(pid) == start) std::this_thread::sleep_for(std::chrono::milliseconds(500));
    ::kill(::getpid(), SIGTERM);
  }).detach();
}

void keepTieAcrossExec() {
  if (g_tie[0]) ::setenv(kExitWithVariable, g_tie, 1);
}

bool detachRequested() { return g_detach.load(std::memory_order_relaxed); }

bool requested() { return g_requested.load(std::memory_order_relaxed); }
void request() { g_requested.store(true); }
void reset() { g_requested.store(false); }
void setCooperative(bool on) { g_cooperative.store(on); }

}  // namespace ct::cancel
