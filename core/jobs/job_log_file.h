#pragma once
#include <QString>
#include <memory>

#include "jobs/job_state.h"

namespace spdlog {
class logger;
}

namespace ct::jobs {

// The per-job log file (rotating, in the XDG state folder). Keeps spdlog out of every
// header that does not need it.
class JobLogFile {
 public:
  JobLogFile() = default;
  ~JobLogFile();
  JobLogFile(const JobLogFile&) = delete;
  JobLogFile& operator=(const JobLogFile&) = delete;

  // 10 MiB per file, 3 files kept: a runaway job cannot fill the disk.
  bool open(const QString& path, QString* error);
  void write(LogLevel level, const QString& message);
  void flush();
  QString path() const { return path_; }

 private:
  QString path_;
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace ct::jobs
