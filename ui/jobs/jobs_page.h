#pragma once
#include <QWidget>

class QComboBox;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace ct::jobs {
class JobManager;
}

namespace ct::ui {

class JobDetail;
class JobListModel;

// Running and past jobs in one list (newest first, whoever started them), filtered by kind,
// state and text, with the selected one in detail and its folder or history row one click away.
class JobsPage : public QWidget {
  Q_OBJECT
 public:
  explicit JobsPage(jobs::JobManager* manager, QWidget* parent = nullptr);

  void selectJob(const QString& id);
  JobDetail* detail() const { return detail_; }
  JobListModel* model() const { return model_; }
  void setFilter(const QString& kind, int state, const QString& text);  // state: -1 = any
  int visibleJobs() const;

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void onSelection();
  void retranslate();
  void refillKinds();
  void updateActions();

  jobs::JobManager* manager_;
  JobListModel* model_;
  QSortFilterProxyModel* proxy_;
  QComboBox* kind_;
  QComboBox* state_;
  QLineEdit* search_;
  QPushButton* open_;
  QPushButton* remove_;
  QTableView* table_;
  JobDetail* detail_;
  QString selectedId_;
};

}  // namespace ct::ui
