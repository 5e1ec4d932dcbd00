#include "jobs/jobs_page.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

#include "i18n/terms.h"
#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_list_model.h"
#include "jobs/job_manager.h"
#include "widgets/target_picker.h"
#include "widgets/role_gate.h"

namespace ct::ui {
namespace {

class JobFilter : public QSortFilterProxyModel {
 public:
  using QSortFilterProxyModel::QSortFilterProxyModel;
  QString kind;
  int state = -1;
  QString text;
  void apply() { invalidateRowsFilter(); }

 protected:
  bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
    const QModelIndex i = sourceModel()->index(row, 0, parent);
    if (!kind.isEmpty() && i.data(JobListModel::KindRole).toString() != kind) return false;
    if (state >= 0 && i.data(JobListModel::StateRole).toInt() != state) return false;
    if (text.isEmpty()) return true;
    for (int c = 0; c < sourceModel()->columnCount(); ++c)
      if (sourceModel()->index(row, c, parent).data().toString().contains(text, Qt::CaseInsensitive)) return true;
    return i.data(JobListModel::FolderRole).toString().contains(text, Qt::CaseInsensitive);
  }
};

}  // namespace

JobsPage::JobsPage(jobs::JobManager* manager, QWidget* parent)
    : QWidget(parent),
      manager_(manager),
      model_(new JobListModel(manager, this)),
      proxy_(new JobFilter(this)),
      kind_(new QComboBox(this)),
      state_(new QComboBox(this)),
      search_(new QLineEdit(this)),
      open_(new QPushButton(this)),
      remove_(new QPushButton(this)),
      table_(new QTableView(this)),
      detail_(new JobDetail(this)) {
  proxy_->setSourceModel(model_);
  kind_->setObjectName(QStringLiteral("jobKindFilter"));
  state_->setObjectName(QStringLiteral("jobStateFilter"));
  search_->setObjectName(QStringLiteral("jobSearch"));
  search_->setClearButtonEnabled(true);
  search_->setMinimumWidth(140);
  open_->setObjectName(QStringLiteral("jobOpenFolder"));
  remove_->setObjectName(QStringLiteral("jobRemove"));
  RoleGate::guard(remove_, auth::Action::CancelJob);
  for (int i = 0; i < 5; ++i) state_->addItem(QString(), i == 0 ? -1 : i);  // any, running … cancelled
  table_->setObjectName(QStringLiteral("jobTable"));
  table_->setModel(proxy_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  // What a job worked on can be long (an evaluation's targets): it gets what is left, elided.
  table_->horizontalHeader()->setSectionResizeMode(JobListModel::Subject, QHeaderView::Stretch);
  table_->horizontalHeader()->setSectionResizeMode(JobListModel::Duration, QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(false);
  table_->setTextElideMode(Qt::ElideMiddle);
  table_->setAlternatingRowColors(true);

  auto* bar = new QHBoxLayout;
  bar->addWidget(kind_);
  bar->addWidget(state_);
  bar->addWidget(search_, 1);
  bar->addWidget(open_);
  bar->addWidget(remove_);
  auto* top = new QWidget(this);
  auto* tl = new QVBoxLayout(top);
  tl->setContentsMargins(0, 0, 0, 0);
  tl->addLayout(bar);
  tl->addWidget(table_, 1);
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(top);
  split->addWidget(detail_);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 3);
  split->setSizes({280, 440});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);

  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &JobsPage::onSelection);
  // A reset loses the selection; put it back on the same job.
  connect(model_, &QAbstractItemModel::modelReset, this, [this] {
    refillKinds();
    if (!selectedId_.isEmpty()) selectJob(selectedId_);
  });
  connect(manager_, &jobs::JobManager::jobStarted, this, [this](jobs::Job* job) { selectJob(job->id()); });
  auto refilter = [this] { setFilter(kind_->currentData().toString(), state_->currentData().toInt(), search_->text()); };
  connect(kind_, &QComboBox::currentIndexChanged, this, refilter);
  connect(state_, &QComboBox::currentIndexChanged, this, refilter);
  connect(search_, &QLineEdit::textChanged, this, refilter);
  connect(open_, &QPushButton::clicked, this, [this] {
    const int row = model_->rowOf(selectedId_);
    const QString folder = jobFolder(model_->recordAt(row));
    if (QFileInfo(folder).isDir()) QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
  });
  connect(remove_, &QPushButton::clicked, this, [this] {
    if (QMessageBox::question(this, remove_->text(), tr("Remove job %1 and its log from the history? Its output folder stays.").arg(selectedId_)) != QMessageBox::Yes)
      return;
    if (manager_->removeFromHistory(selectedId_)) {
      selectedId_.clear();
      detail_->showJob(nullptr);
      model_->reload();
    }
  });
  retranslate();
  refillKinds();
  updateActions();
}

void JobsPage::setFilter(const QString& kind, int state, const QString& text) {
  auto* f = static_cast<JobFilter*>(proxy_);
  f->kind = kind;
  f->state = state;
  f->text = text.trimmed();
  f->apply();
}

int JobsPage::visibleJobs() const { return proxy_->rowCount(); }

void JobsPage::refillKinds() {
  const QString keep = kind_->currentData().toString();
  QStringList kinds;
  for (int r = 0; r < model_->rowCount(); ++r) {
    const QString k = model_->recordAt(r).kind;
    if (!kinds.contains(k)) kinds << k;
  }
  kinds.sort();
  const QSignalBlocker block(kind_);
  kind_->clear();
  kind_->addItem(tr("All kinds"), QString());
  for (const QString& k : kinds) kind_->addItem(jobKindName(k), k);
  kind_->setCurrentIndex(std::max(0, kind_->findData(keep)));
}

void JobsPage::selectJob(const QString& id) {
  const int row = model_->rowOf(id);
  if (row < 0) return;
  selectedId_ = id;
  const QModelIndex p = proxy_->mapFromSource(model_->index(row, 0));
  const QSignalBlocker block(table_->selectionModel());
  if (p.isValid()) table_->selectRow(p.row());
  else table_->clearSelection();
  if (jobs::Job* live = model_->liveJobAt(row)) detail_->showJob(live);
  else if (detail_->shownId() != id) detail_->showRecord(model_->recordAt(row));
  updateActions();
}

void JobsPage::onSelection() {
  const QModelIndexList rows = table_->selectionModel()->selectedRows();
  if (rows.isEmpty()) return;
  const int row = proxy_->mapToSource(rows.first()).row();
  selectedId_ = model_->data(model_->index(row, 0), JobListModel::IdRole).toString();
  if (jobs::Job* live = model_->liveJobAt(row)) detail_->showJob(live);
  else if (detail_->shownId() != selectedId_) detail_->showRecord(model_->recordAt(row));
  updateActions();
}

void JobsPage::updateActions() {
  const int row = model_->rowOf(selectedId_);
  const jobs::JobRecord r = model_->recordAt(row);
  const QString folder = jobFolder(r);
  setEnabledOrWhy(open_, row < 0 ? tr("Select a job in the list.")
                         : QFileInfo(folder).isDir() ? QString()
                         : folder.isEmpty() ? tr("This job has no folder of its own.")
                                            : tr("%1 no longer exists.").arg(folder));
  setEnabledOrWhy(remove_, row < 0 ? tr("Select a job in the list.") : !jobs::isFinal(r.state) ? tr("A running job stays in the history: cancel or stop it first.") : QString());
}

void JobsPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void JobsPage::retranslate() {
  state_->setItemText(0, tr("All states"));
  for (int i = 1; i < 5; ++i) state_->setItemText(i, stateText(static_cast<jobs::JobState>(i)));
  search_->setPlaceholderText(tr("Filter by id, model, task…"));
  open_->setText(tr("Open folder"));
  remove_->setText(tr("Remove from history…"));
  refillKinds();
  updateActions();
}

}  // namespace ct::ui
