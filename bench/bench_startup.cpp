// How long `ct` takes to start: commands that compute nothing against a C program that does
// nothing, and the start of a compute command (ct hands it over to ct-compute, which loads
// libtorch). Each figure is the wall time from posix_spawn to wait4, over N runs.
// Usage: bench_startup [--runs N]
#include <QCoreApplication>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <algorithm>
#include <cstdio>

#include "child_run.h"

namespace {

struct Case {
  const char* label;
  QByteArray program;
  QList<QByteArray> args;
  int expectedExit;
  const char* target;
};

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  int runs = 50;
  const QStringList args = app.arguments();
  if (const int i = static_cast<int>(args.indexOf(QStringLiteral("--runs"))); i > 0 && i + 1 < args.size()) runs = std::max(1, args[i + 1].toInt());

  // A private history and log folder, so `ct jobs list` reads an empty one of its own.
  QTemporaryDir tmp;
  qputenv("CT_DATA_DIR", QFile::encodeName(tmp.filePath(QStringLiteral("data"))));
  qputenv("CT_STATE_DIR", QFile::encodeName(tmp.filePath(QStringLiteral("state"))));
  const QByteArray noModel = QFile::encodeName(tmp.filePath(QStringLiteral("no-model")));

  const QByteArray ct = CT_BIN_PATH;
  const QByteArray trueProgram = QFile::encodeName(QStandardPaths::findExecutable(QStringLiteral("true")));
  const QList<Case> cases = {
      {"true (a C program that does nothing)", trueProgram, {}, 0, "-"},
      {"ct version", ct, {"version"}, 0, "<= 50 ms"},
      {"ct jobs list (empty history)", ct, {"jobs", "list"}, 0, "<= 50 ms"},
      {"ct generate --help", ct, {"generate", "--help"}, 0, "<= 50 ms"},
      {"ct quantize --check (plan only)", ct, {"quantize", CT_SOURCE_DIR "/resources/demo-model", "--check"}, 0, "<= 50 ms"},
      // Hands over to ct-compute, which loads libtorch, then stops at the missing model folder.
      {"ct generate (compute start, no model)", ct, {"generate", "--model", noModel, "--prompt", "hi"}, 1, "-"},
      {"ct-compute version (libtorch loaded)", CT_COMPUTE_PATH, {"version"}, 0, "-"},
  };

  std::printf("Start-up, %d runs each (posix_spawn + wait4, no shell), %d CPU threads\n\n", runs, QThread::idealThreadCount());
  std::printf("%-40s %10s %10s %10s\n", "command", "median", "p90", "target");
  for (const Case& c : cases) {
    QList<double> seconds;
    ct::bench::runChild(c.program, c.args, {}, true);  // once to warm the page cache
    for (int i = 0; i < runs; ++i) {
      const ct::bench::ChildRun r = ct::bench::runChild(c.program, c.args, {}, true);
      if (r.exitCode() != c.expectedExit) {
        std::fprintf(stderr, "%s: exit code %d, expected %d\n", c.label, r.exitCode(), c.expectedExit);
        return 1;
      }
      seconds.append(r.seconds);
    }
    std::printf("%-40s %7.1f ms %7.1f ms %10s\n", c.label, ct::bench::quantile(seconds, 0.5) * 1e3, ct::bench::quantile(seconds, 0.9) * 1e3, c.target);
    std::fflush(stdout);
  }
  return 0;
}
