#pragma once
#include <QHash>
#include <QJsonObject>
#include <QPointF>
#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <functional>
#include <optional>

#include "jobs/log_ring.h"
#include "pipeline/run_state.h"

class QLabel;
class QListWidget;
class QPushButton;
class QTabWidget;
class QTextBrowser;
class QTreeWidget;

namespace ct::jobs {
class Event;
class Job;
class JobManager;
}  // namespace ct::jobs
namespace ct::services {
class ServiceRegistry;
}

namespace ct::ui {

class AbChatDialog;
class CtQuery;
class LogView;
class MetricChart;
class RecipeForm;
class StageGraph;

// The one-click pipeline (issue 15): a recipe as a form (filled from the model by `ct pipeline
// init`, loaded or saved as a file), validated without starting anything, then run as one
// `ct pipeline run` job whose stages show live as a graph (state, time, progress; a stage's own
// log and chart on click); cancel, resume, the report when it ends, the runs before, and an A/B
// chat with the endpoints a run left up.
class PipelinePage : public QWidget {
  Q_OBJECT
 public:
  PipelinePage(jobs::JobManager* manager, services::ServiceRegistry* registry, QWidget* parent = nullptr);
  ~PipelinePage() override;

  RecipeForm* form() const { return form_; }
  void setRecipe(const QJsonObject& recipe);
  QJsonObject recipe() const;
  bool loadRecipeFile(const QString& path, QString* error = nullptr);
  bool saveRecipeFile(const QString& path, QString* error = nullptr);
  void loadDemoRecipe();      // `ct demo --recipe FILE`, then into the form
  void fillDefaults();        // `ct pipeline init MODEL --targets T`, then into the form
  void validate();            // `ct pipeline validate RECIPE --json`: the problems listed
  jobs::Job* start();         // `ct pipeline run RECIPE`: the recipe as the form shows it
  jobs::Job* resume(const QString& run = {});  // the shown run when empty
  bool cancel();
  jobs::Job* stopServices(const QString& run = {});
  void showRun(const QString& run);
  AbChatDialog* openAbChat();  // origin against the run's other endpoint when it left them up

  QString runId() const { return runId_; }
  std::optional<pipeline::RunState> runState() const { return state_; }
  QString statusText() const;
  QStringList problems() const;  // "field: message" as listed after Validate
  bool busy() const;             // a query (defaults, validation) is running
  StageGraph* stages() const { return graph_; }
  LogView* stageLog() const { return stageLog_; }
  MetricChart* stageChart() const { return stageChart_; }
  QTextBrowser* report() const { return report_; }
  MetricChart* errorChart() const { return errorChart_; }
  QTreeWidget* runs() const { return runs_; }
  QTabWidget* tabs() const { return tabs_; }  // recipe, stages, report, runs
  void refreshRuns();

 protected:
  void changeEvent(QEvent* event) override;
  void showEvent(QShowEvent* event) override;

 private:
  void retranslate();
  void updateButtons();
  void poll();
  void watch(jobs::Job* job, const QString& run);
  void onStageEvent(const jobs::Event& e);
  void showStage(const QString& stage);
  void showReport();
  void updateStageTitle();
  void setStatus(const QString& text);
  void setStatus(std::function<QString()> text);  // said again in a new language
  QString recipeTempFile(const QString& stem);

  jobs::JobManager* manager_;
  services::ServiceRegistry* registry_;
  CtQuery* query_;
  RecipeForm* form_;
  QString recipePath_;  // the file last loaded or saved
  QPushButton* defaults_;
  QPushButton* load_;
  QPushButton* save_;
  QPushButton* validate_;
  QPushButton* start_;
  QPushButton* cancel_;
  QPushButton* resume_;
  QPushButton* abChat_;
  QLabel* status_;
  QListWidget* problems_;
  QTabWidget* tabs_;
  StageGraph* graph_;
  QLabel* stageTitle_;
  QTabWidget* stageTabs_;
  LogView* stageLog_;
  MetricChart* stageChart_;
  QTextBrowser* report_;
  MetricChart* errorChart_;
  QPushButton* openBrowser_;
  QPushButton* reportAb_;
  QTreeWidget* runs_;
  QPushButton* runShow_;
  QPushButton* runResume_;
  QPushButton* runStop_;
  QPushButton* runRefresh_;
  QPointer<AbChatDialog> abDialog_;

  QPointer<jobs::Job> job_;  // the run or resume job this page follows
  QString runId_;
  std::optional<pipeline::RunState> state_;
  QTimer poll_;
  QStringList problemLines_;
  std::function<QString()> statusText_;
  // What this page saw of each stage while following it: log lines and chart points.
  QHash<QString, QList<jobs::LogLine>> stageLines_;
  QHash<QString, QHash<QString, QList<QPointF>>> stagePoints_;
  QString shownStage_;
};

}  // namespace ct::ui
