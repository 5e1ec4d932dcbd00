#pragma once

// Cancellation of the current `ct` process: SIGINT/SIGTERM set a flag that long loops poll.
// A second SIGINT while already cancelling exits at once with 130.
namespace ct::cancel {

void installSignalHandlers();
bool requested();
void request();  // tests and in-process callers
void reset();
// While on, signals only set the flag (a job is polling it); while off, they end the process
// with exit code 130.
void setCooperative(bool on);

// SIGUSR1: stop following work that runs elsewhere (a job on a GPU host) and leave it running
// there; ct-studio sends it to its followers when it quits, and follows the jobs again at start.
bool detachRequested();

}  // namespace ct::cancel
