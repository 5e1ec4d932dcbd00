#include "jobs/jobs_page.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "jobs/job_detail.h"
#include "jobs/job_list_model.h"
#include "jobs/job_manager.h"

namespace ct::ui {

JobsPage::JobsPage(jobs::JobManager* manager, QWidget* parent)
    : QWidget(parent),
      manager_(manager),
      model_(new JobListModel(manager, this)),
      table_(new QTableView(this)),
      detail_(new JobDetail(this)) {
  table_->setObjectName(QStringLiteral("jobTable"));
  table_->setModel(model_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->setAlternatingRowColors(true);

  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(table_);
  split->addWidget(detail_);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 3);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);

  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &JobsPage::onSelection);
  // A reset loses the selection; put it back on the same job.
  connect(model_, &QAbstractItemModel::modelReset, this, [this] {
    if (!selectedId_.isEmpty()) selectJob(selectedId_);
  });
  connect(manager_, &jobs::JobManager::jobStarted, this, [this](jobs::Job* job) { selectJob(job->id()); });
}

void JobsPage::selectJob(const QString& id) {
  const int row = model_->rowOf(id);
  if (row < 0) return;
  selectedId_ = id;
  const QSignalBlocker block(table_->selectionModel());
  table_->selectRow(row);
  onSelection();
}

void JobsPage::onSelection() {
  const QModelIndexList rows = table_->selectionModel()->selectedRows();
  if (rows.isEmpty()) return;
  const int row = rows.first().row();
  selectedId_ = model_->data(model_->index(row, 0), JobListModel::IdRole).toString();
  if (jobs::Job* live = model_->liveJobAt(row)) detail_->showJob(live);
  else if (!detail_->job() || detail_->job()->id() != selectedId_) detail_->showRecord(model_->recordAt(row));
}

}  // namespace ct::ui
