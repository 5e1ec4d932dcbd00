#include "jobs/job_log_file.h"

#include <QDir>
#include <QFileInfo>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

namespace ct::jobs {

JobLogFile::~JobLogFile() {
  if (logger_) logger_->flush();
}

bool JobLogFile::open(const QString& path, QString* error) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  try {
    auto sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(path.toStdString(), 10 * 1024 * 1024, 3);
    logger_ = std::make_shared<spdlog::logger>(QFileInfo(path).baseName().toStdString(), sink);
    logger_->set_pattern("%Y-%m-%dT%H:%M:%S.%e %-7l %v");
    logger_->set_level(spdlog::level::trace);
    logger_->flush_on(spdlog::level::warn);
    path_ = path;
    return true;
  } catch (const spdlog::spdlog_ex& e) {
    if (error) *error = QStringLiteral("cannot open log file %1: %2").arg(path, QString::fromUtf8(e.what()));
    return false;
  }
}

void JobLogFile::write(LogLevel level, const QString& message) {
  if (!logger_) return;
  static constexpr spdlog::level::level_enum kMap[] = {spdlog::level::debug, spdlog::level::info,
                                                       spdlog::level::warn, spdlog::level::err};
  logger_->log(kMap[static_cast<int>(level)], "{}", message.toStdString());
}

void JobLogFile::flush() {
  if (logger_) logger_->flush();
}

}  // namespace ct::jobs
