// Log view under a flood: how many lines per second reach the view, and how long the UI
// event loop stalls while they do.
//   build/dev/bench/bench_log_view            (QT_QPA_PLATFORM=offscreen is set if no display)
// Phase 1 feeds the view directly at a paced 50,000 lines/s. Phase 2 runs the whole path at
// full speed: a child process prints JSON log events, the process wrapper splits lines,
// ProcessJob parses events, the view shows them.
#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "jobs/event.h"
#include "jobs/job_manager.h"
#include "jobs/process_job.h"
#include "log/log_model.h"
#include "log/log_view.h"

namespace {

constexpr double kTargetRate = 50000;  // lines/s the view must keep up with
constexpr double kStallLimitMs = 100;  // longest acceptable event-loop stall

int emitLines(long n) {
  for (long i = 0; i < n; ++i) {
    const QByteArray line =
        ct::jobs::Event::log(ct::jobs::LogLevel::Info, QStringLiteral("layer %1 module mlp.down_proj loss 0.0123 damp 0.01").arg(i)).toLine();
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stdout);
  }
  std::fflush(stdout);
  return 0;
}

// Measures gaps between ticks of a 5 ms timer: anything beyond 5 ms is time the loop was busy.
struct StallProbe {
  QTimer timer;
  QElapsedTimer clock;
  qint64 last = 0;
  std::vector<double> gaps;
  void start() {
    clock.start();
    last = 0;
    QObject::connect(&timer, &QTimer::timeout, [this] {
      const qint64 now = clock.nsecsElapsed();
      if (last) gaps.push_back((now - last) / 1e6 - 5.0);
      last = now;
    });
    timer.start(5);
  }
  double maxMs() const { return gaps.empty() ? 0 : *std::max_element(gaps.begin(), gaps.end()); }
  double p99Ms() {
    if (gaps.empty()) return 0;
    std::vector<double> g = gaps;
    std::sort(g.begin(), g.end());
    return g[static_cast<size_t>(g.size() * 0.99)];
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && qstrcmp(argv[1], "--emit") == 0) return emitLines(std::atol(argv[2]));
  if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
    qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);

  // Phase 1: paced at the target rate for 5 s.
  ct::ui::LogView view;
  view.resize(1000, 700);
  view.show();
  StallProbe probe;
  probe.start();
  QTimer feeder;
  QElapsedTimer t;
  long sent = 0;
  quint64 fed = 0;
  t.start();
  QObject::connect(&feeder, &QTimer::timeout, [&] {
    const long due = static_cast<long>(t.elapsed() * kTargetRate / 1000.0);
    QList<ct::jobs::LogLine> batch;
    for (; sent < due; ++sent)
      batch.append({0, QStringLiteral("bench"), ct::jobs::LogLevel::Info, 0, QStringLiteral("paced line %1 of the flood").arg(sent)});
    fed += static_cast<quint64>(batch.size());
    view.append(batch);
    if (t.elapsed() >= 5000) app.quit();
  });
  feeder.start(10);
  app.exec();
  feeder.stop();
  view.model()->flush();
  const double pacedRate = fed / (t.elapsed() / 1000.0);
  const double pacedMax = probe.maxMs(), pacedP99 = probe.p99Ms();
  probe.timer.stop();

  // Phase 2: the whole path, as fast as the child can print.
  const long n = 1000000;
  ct::ui::LogView view2;
  view2.resize(1000, 700);
  view2.show();
  StallProbe probe2;
  probe2.start();
  ct::jobs::JobManager manager(QStringLiteral(":memory:"));
  manager.open(nullptr);
  QElapsedTimer t2;
  t2.start();
  auto* job = manager.startProgram(QStringLiteral("bench"), QCoreApplication::applicationFilePath(),
                                   {QStringLiteral("--emit"), QString::number(n)});
  QObject::connect(job, &ct::jobs::Job::logsAppended, &view2, &ct::ui::LogView::append);
  QObject::connect(job, &ct::jobs::Job::finished, &app, [&] { QTimer::singleShot(100, &app, &QApplication::quit); });
  app.exec();
  view2.model()->flush();
  const double fullRate = view2.model()->received() / ((t2.elapsed() - 100) / 1000.0);

  std::printf("log view benchmark (2 cores, offscreen)\n");
  std::printf("%-48s %14s %14s\n", "figure", "measured", "target");
  std::printf("%-48s %14.0f %14.0f\n", "paced ingest, lines/s", pacedRate, kTargetRate);
  std::printf("%-48s %14.1f %14.1f\n", "paced: longest event-loop stall, ms", pacedMax, kStallLimitMs);
  std::printf("%-48s %14.1f %14s\n", "paced: p99 event-loop stall, ms", pacedP99, "-");
  std::printf("%-48s %14.0f %14.0f\n", "child -> events -> view, lines/s (1M lines)", fullRate, kTargetRate);
  std::printf("%-48s %14.1f %14.1f\n", "full path: longest event-loop stall, ms", probe2.maxMs(), kStallLimitMs);
  std::printf("%-48s %14.1f %14s\n", "full path: p99 event-loop stall, ms", probe2.p99Ms(), "-");
  std::printf("%-48s %14d %14s\n", "rows held by the view (capacity)", view2.model()->rowCount(), "100000");
  const bool ok = pacedRate >= kTargetRate * 0.95 && pacedMax <= kStallLimitMs && fullRate >= kTargetRate;
  std::printf("%s\n", ok ? "PASS" : "BELOW TARGET");
  return 0;
}
