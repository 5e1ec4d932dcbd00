#pragma once
#include <QWidget>

class QTableView;

namespace ct::jobs {
class JobManager;
}

namespace ct::ui {

class JobDetail;
class JobListModel;

// Running and past jobs, with the selected one in detail.
class JobsPage : public QWidget {
  Q_OBJECT
 public:
  explicit JobsPage(jobs::JobManager* manager, QWidget* parent = nullptr);

  void selectJob(const QString& id);
  JobDetail* detail() const { return detail_; }
  JobListModel* model() const { return model_; }

 private:
  void onSelection();

  jobs::JobManager* manager_;
  JobListModel* model_;
  QTableView* table_;
  JobDetail* detail_;
  QString selectedId_;
};

}  // namespace ct::ui
