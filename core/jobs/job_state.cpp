#include "jobs/job_state.h"

#include <array>
#include <utility>

namespace ct::jobs {
namespace {

constexpr std::array<std::pair<JobState, const char*>, 5> kStates{{
    {JobState::Queued, "queued"},
    {JobState::Running, "running"},
    {JobState::Succeeded, "succeeded"},
    {JobState::Failed, "failed"},
    {JobState::Cancelled, "cancelled"},
}};

constexpr std::array<std::pair<LogLevel, const char*>, 4> kLevels{{
    {LogLevel::Debug, "debug"},
    {LogLevel::Info, "info"},
    {LogLevel::Warning, "warning"},
    {LogLevel::Error, "error"},
}};

template <typename E, std::size_t N>
QString lookupName(const std::array<std::pair<E, const char*>, N>& table, E v) {
  for (const auto& [e, n] : table)
    if (e == v) return QString::fromLatin1(n);
  return {};
}

template <typename E, std::size_t N>
std::optional<E> valueOf(const std::array<std::pair<E, const char*>, N>& table, const QString& s) {
  for (const auto& [e, n] : table)
    if (s == QLatin1String(n)) return e;
  return std::nullopt;
}

}  // namespace

QString nameOf(JobState s) { return lookupName(kStates, s); }
std::optional<JobState> jobStateFromString(const QString& s) { return valueOf(kStates, s); }
bool isFinal(JobState s) { return s == JobState::Succeeded || s == JobState::Failed || s == JobState::Cancelled; }

QString nameOf(LogLevel l) { return lookupName(kLevels, l); }
std::optional<LogLevel> logLevelFromString(const QString& s) {
  if (s == QLatin1String("warn")) return LogLevel::Warning;
  return valueOf(kLevels, s);
}

}  // namespace ct::jobs
