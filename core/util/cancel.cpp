#include "util/cancel.h"

#include <atomic>
#include <csignal>
#include <unistd.h>

namespace ct::cancel {
namespace {

std::atomic<bool> g_requested{false};

void onSignal(int sig) {
  if (g_requested.exchange(true) && sig == SIGINT) _exit(130);
}

}  // namespace

void installSignalHandlers() {
  struct sigaction sa {};
  sa.sa_handler = onSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);
}

bool requested() { return g_requested.load(std::memory_order_relaxed); }
void request() { g_requested.store(true); }
void reset() { g_requested.store(false); }

}  // namespace ct::cancel
