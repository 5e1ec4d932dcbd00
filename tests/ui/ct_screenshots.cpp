// Screenshots of every page, English and Chinese, for the README: drives the real window through
// the demo pipeline (quantize, compile, evaluate, serve and chat, all as real `ct` children) and
// grabs it at 1366×768. Run under Xvfb:
//   xvfb-run -a -s "-screen 0 1366x768x24" build/dev/tests/ct_screenshots docs
// With a size (ct_screenshots DIR 1024x700) it grabs the pages as a first run shows them, at
// that size, without running anything: a quick look at a small screen.
#include <QApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QImageWriter>
#include <QComboBox>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <functional>

#include "compile/compile_page.h"
#include "evaluate/evaluate_page.h"
#include "jobs/job.h"
#include "jobs/job_manager.h"
#include "jobs/jobs_page.h"
#include "models/models_page.h"
#include "pipeline/pipeline_page.h"
#include "pipeline/stage_graph.h"
#include "service/ab_chat.h"
#include <QJsonArray>
#include <QTabWidget>
#include "quantize/quantize_page.h"
#include "service/chat_panel.h"
#include "service/service_page.h"
#include "services/local_service.h"
#include "services/service_registry.h"
#include "shell/language.h"
#include "shell/main_window.h"

using namespace ct;

namespace {

bool waitFor(const std::function<bool()>& done, int timeoutMs) {
  QElapsedTimer t;
  t.start();
  while (!done()) {
    if (t.elapsed() > timeoutMs) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
  }
  return true;
}

void settle(int ms) { waitFor([] { return false; }, ms); }

bool succeeded(jobs::Job* j) { return j && j->isFinished() && j->record().state == jobs::JobState::Succeeded; }

// A palette of at most 256 colours keeps a window screenshot small without visible loss.
bool save(QWidget* w, const QString& path) {
  QImage img = w->grab().toImage().convertToFormat(QImage::Format_Indexed8, Qt::ThresholdDither | Qt::AvoidDither);
  QImageWriter out(path, "png");
  out.setQuality(0);  // for PNG: the strongest compression
  return out.write(img);
}

int fail(const char* step) {
  qCritical("screenshots: %s failed", step);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  const QString outDir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("docs");
  QTemporaryDir work;
  qputenv("CT_DATA_DIR", work.filePath(QStringLiteral("data")).toLocal8Bit());
  qputenv("CT_STATE_DIR", work.filePath(QStringLiteral("state")).toLocal8Bit());
  if (!qEnvironmentVariableIsSet("CT_BIN")) qputenv("CT_BIN", CT_BIN_PATH);
  QCoreApplication::setOrganizationName(QStringLiteral("ct-studio-screenshots"));
  QSettings().clear();
  ui::applyLanguage(QStringLiteral("en"));

  jobs::JobManager manager(work.filePath(QStringLiteral("data/jobs.sqlite")));
  if (!manager.open(nullptr)) return fail("history");
  ui::MainWindow w(&manager);
  const QStringList size = argc > 2 ? QString::fromLatin1(argv[2]).split(QLatin1Char('x')) : QStringList{};
  const bool firstRun = size.size() == 2;
  w.setGeometry(0, 0, firstRun ? size[0].toInt() : 1366, firstRun ? size[1].toInt() : 768);
  w.show();
  const QString demo = QStringLiteral(CT_SOURCE_DIR "/resources/demo-model");
  const QStringList pages = {QStringLiteral("pipeline"), QStringLiteral("models"), QStringLiteral("quantize"), QStringLiteral("compile"), QStringLiteral("service"),
                             QStringLiteral("evaluate"), QStringLiteral("jobs"), QStringLiteral("hosts"), QStringLiteral("gpus"),
                             QStringLiteral("deploy"), QStringLiteral("users"), QStringLiteral("settings")};
  QDir().mkpath(outDir);
  if (firstRun) {
    for (const QString& p : pages) {
      w.showPage(p);
      settle(400);
      if (!save(&w, QDir(outDir).filePath(QStringLiteral("first-run-%1-%2.png").arg(p, QString::fromLatin1(argv[2]))))) return fail("save");
    }
    return 0;
  }

  // The Pipeline page: defaults from the demo model (both targets, so every section shows), then a
  // small recipe run to its report with its services left up for the A/B chat.
  ui::PipelinePage* pipe = w.pipelinePage();
  w.showPage(QStringLiteral("pipeline"));
  pipe->setRecipe(QJsonObject{{QStringLiteral("recipe_version"), 1}, {QStringLiteral("targets"), QStringLiteral("both")},
                              {QStringLiteral("model"), QJsonObject{{QStringLiteral("path"), demo}}}});
  pipe->fillDefaults();
  if (!waitFor([&] { return !pipe->busy(); }, 60000)) return fail("pipeline init");
  const QJsonObject defaults = pipe->recipe();
  QJsonObject small = defaults;
  small.insert(QStringLiteral("name"), QStringLiteral("demo"));
  small.insert(QStringLiteral("targets"), QStringLiteral("fpga"));
  small.insert(QStringLiteral("quantize"), QJsonObject{{QStringLiteral("variants"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("int4")}, {QStringLiteral("method"), QStringLiteral("gptq")}, {QStringLiteral("bits"), 4}, {QStringLiteral("group_size"), 32}, {QStringLiteral("nsamples"), 16}}}}});
  small.insert(QStringLiteral("evaluate"), QJsonObject{{QStringLiteral("framework"), QStringLiteral("native")}, {QStringLiteral("tasks"), QJsonArray{QStringLiteral("demo")}}, {QStringLiteral("limit"), 12},
                                                       {QStringLiteral("models"), QJsonArray{QStringLiteral("origin"), QStringLiteral("int4"), QStringLiteral("board")}}});
  small.insert(QStringLiteral("fpga_service"), QJsonObject{{QStringLiteral("link"), QStringLiteral("emulator")}, {QStringLiteral("port"), 0}, {QStringLiteral("temperature"), 0}});
  small.remove(QStringLiteral("deploy"));
  small.insert(QStringLiteral("services"), QJsonObject{{QStringLiteral("keep_running"), true}});
  pipe->setRecipe(small);
  jobs::Job* pipeRun = pipe->start();
  if (!waitFor([&] { return pipeRun && pipeRun->isFinished(); }, 400000) || !succeeded(pipeRun)) return fail("pipeline run");
  waitFor([&] { return pipe->runState() && pipe->runState()->state == QLatin1String("succeeded"); }, 10000);
  ui::AbChatDialog* ab = pipe->openAbChat();
  ab->setGeometry(80, 60, 1200, 640);
  ab->send(QStringLiteral("What is 17 + 5?"));
  if (!waitFor([&] { return !ab->busy(); }, 60000)) return fail("a/b chat");

  // Quantize the demo model to INT4 on the Quantize page.
  w.goTo(QStringLiteral("quantize"), demo);
  w.quantizePage()->findChild<QSpinBox*>(QStringLiteral("quantSamples"))->setValue(16);
  w.quantizePage()->findChild<QComboBox*>(QStringLiteral("quantGroup"))->setCurrentIndex(2);  // 32
  jobs::Job* quant = w.quantizePage()->start(false);
  if (!waitFor([&] { return quant && quant->isFinished(); }, 300000) || !succeeded(quant)) return fail("quantize");
  const QString int4 = quant->record().result.value(QStringLiteral("out")).toString();

  // Compile it for the board from the Compile page.
  w.goTo(QStringLiteral("compile"), int4);
  jobs::Job* compile = w.compilePage()->start();
  if (!waitFor([&] { return compile && compile->isFinished(); }, 120000) || !succeeded(compile)) return fail("compile");
  const QString image = compile->record().result.value(QStringLiteral("out")).toString();

  // Origin against INT4 from the Evaluate page alone.
  w.evaluatePage()->setTarget(QStringLiteral("origin"), demo);
  w.evaluatePage()->setTarget(QStringLiteral("quant"), int4);
  w.evaluatePage()->setTasks({QStringLiteral("demo"), QStringLiteral("arc_easy"), QStringLiteral("hellaswag")});
  w.evaluatePage()->setLimit(12);
  if (!w.evaluatePage()->start()) return fail("evaluate start");
  if (!waitFor([&] { return w.evaluatePage()->job() && w.evaluatePage()->job()->isFinished(); }, 400000) || !succeeded(w.evaluatePage()->job()))
    return fail("evaluate");

  // Serve the image on the emulator and chat with it.
  w.servicePage()->setImage(image);
  w.servicePage()->findChild<QDoubleSpinBox*>(QStringLiteral("serveTemperature"))->setValue(0);  // the same answer every run
  if (!w.servicePage()->start()) return fail("serve start");
  if (!waitFor([&] { return w.servicePage()->linkState() == QLatin1String("ready"); }, 60000)) return fail("serve");
  waitFor([&] { return w.servicePage()->chat()->endpoint() == w.servicePage()->baseUrl(); }, 5000);
  for (const QString& q : {QStringLiteral("What is 17 + 5?"), QStringLiteral("What is 9 - 4?")}) {
    w.servicePage()->chat()->send(q);
    if (!waitFor([&] { return !w.servicePage()->chat()->busy(); }, 30000)) return fail("chat");
  }

  // The library, with what this run produced.
  w.modelsPage()->scan(QStringLiteral(CT_SOURCE_DIR "/resources"));
  w.modelsPage()->select(int4);
  w.jobsPage()->selectJob(quant->id());

  for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
    ui::applyLanguage(lang);
    // The Pipeline page three ways: the recipe with its defaults explained, the stages, the report.
    const QString suffix = lang == QLatin1String("en") ? QStringLiteral("en") : QStringLiteral("zh");
    w.showPage(QStringLiteral("pipeline"));
    pipe->setRecipe(defaults);
    pipe->tabs()->setCurrentIndex(0);
    settle(600);
    if (!save(&w, QDir(outDir).filePath(QStringLiteral("screenshot-pipeline-recipe-%1.png").arg(suffix)))) return fail("save");
    pipe->setRecipe(small);
    pipe->tabs()->setCurrentIndex(2);
    settle(600);
    if (!save(&w, QDir(outDir).filePath(QStringLiteral("screenshot-pipeline-report-%1.png").arg(suffix)))) return fail("save");
    pipe->tabs()->setCurrentIndex(1);
    pipe->stages()->selectStage(QStringLiteral("quantize:int4"));
    ab->raise();
    settle(600);
    if (!save(ab, QDir(outDir).filePath(QStringLiteral("screenshot-abchat-%1.png").arg(suffix)))) return fail("save");
    for (const QString& p : pages) {
      w.showPage(p);
      settle(600);
      const QString file = QDir(outDir).filePath(QStringLiteral("screenshot-%1-%2.png").arg(p, lang == QLatin1String("en") ? QStringLiteral("en") : QStringLiteral("zh")));
      if (!save(&w, file)) return fail("save");
      qInfo("%s", qPrintable(file));
    }
  }
  ui::applyLanguage(QStringLiteral("en"));
  if (jobs::Job* stop = pipe->stopServices(pipeRun->id())) waitFor([&] { return stop->isFinished(); }, 60000);
  w.registry()->stopAll();
  manager.cancelAll();
  waitFor([&] {
    for (jobs::Job* j : manager.liveJobs())
      if (!j->isFinished()) return false;
    return true;
  }, 20000);
  return 0;
}
