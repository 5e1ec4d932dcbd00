#include "util/cancel.h"

#include <atomic>
#include <csignal>
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

bool detachRequested() { return g_detach.load(std::memory_order_relaxed); }

bool requested() { return g_requested.load(std::memory_order_relaxed); }
void request() { g_requested.store(true); }
void reset() { g_requested.store(false); }
void setCooperative(bool on) { g_cooperative.store(on); }

}  // namespace ct::cancel
