#pragma once
#include <QString>
#include <optional>

namespace ct::jobs {

enum class JobState { Queued, Running, Succeeded, Failed, Cancelled };

QString nameOf(JobState s);
std::optional<JobState> jobStateFromString(const QString& s);
bool isFinal(JobState s);

enum class LogLevel { Debug, Info, Warning, Error };

QString nameOf(LogLevel l);
std::optional<LogLevel> logLevelFromString(const QString& s);

// Exit codes of `ct`, documented in README and docs/events.md.
namespace exit_code {
inline constexpr int ok = 0;
inline constexpr int failed = 1;
inline constexpr int usage = 2;
inline constexpr int denied = 3;  // not signed in, or the role does not allow the command
inline constexpr int cancelled = 130;
}  // namespace exit_code

}  // namespace ct::jobs
