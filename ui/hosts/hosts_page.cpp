#include "hosts/hosts_page.h"

#include <QCheckBox>
#include <QEvent>
#include <QLineEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "hosts/host_dialog.h"
#include "jobs/job.h"
#include "jobs/job_manager.h"
#include "auth/keychain.h"
#include "remote/host_store.h"
#include "remote/ssh_askpass.h"
#include "util/paths.h"
#include "widgets/role_gate.h"

namespace ct::ui {
namespace {

QTableWidget* makeTable(QWidget* parent, const QString& name) {
  auto* t = new QTableWidget(parent);
  t->setObjectName(name);
  t->setEditTriggers(QAbstractItemView::NoEditTriggers);
  t->setSelectionBehavior(QAbstractItemView::SelectRows);
  t->setSelectionMode(QAbstractItemView::SingleSelection);
  t->verticalHeader()->hide();
  t->horizontalHeader()->setStretchLastSection(true);
  return t;
}

void setRow(QTableWidget* t, int row, const QStringList& cells, const QString& tip = {}) {
  for (int c = 0; c < cells.size(); ++c) {
    auto* item = new QTableWidgetItem(cells[c]);
    if (!tip.isEmpty()) item->setToolTip(tip);
    t->setItem(row, c, item);
  }
}

QString where(const remote::HostProfile& h) {
  QString s = h.dest;
  if (!h.user.isEmpty()) s = h.user + QLatin1Char('@') + s;
  if (h.port) s += QLatin1Char(':') + QString::number(h.port);
  if (!h.jump.isEmpty()) s += QStringLiteral(" ⇢ ") + h.jump;
  return s;
}

}  // namespace

HostsPage::HostsPage(jobs::JobManager* manager, QWidget* parent) : QWidget(parent), manager_(manager) {
  hosts_ = makeTable(this, QStringLiteral("hostTable"));
  hosts_->setColumnCount(4);
  steps_ = makeTable(this, QStringLiteral("stepTable"));
  steps_->setColumnCount(5);
  jobs_ = makeTable(this, QStringLiteral("hostJobTable"));
  jobs_->setColumnCount(4);
  tunnels_ = makeTable(this, QStringLiteral("tunnelTable"));
  tunnels_->setColumnCount(3);
  add_ = new QPushButton(this);
  edit_ = new QPushButton(this);
  remove_ = new QPushButton(this);
  test_ = new QPushButton(this);
  forget_ = new QPushButton(this);
  forget_->setObjectName(QStringLiteral("hostForgetPassphrase"));
  passphrase_ = new QLineEdit(this);
  passphrase_->setObjectName(QStringLiteral("testPassphrase"));
  passphrase_->setEchoMode(QLineEdit::Password);
  passphrase_->setMinimumWidth(240);
  remember_ = new QCheckBox(this);
  remember_->setObjectName(QStringLiteral("testRememberPassphrase"));
  test_->setObjectName(QStringLiteral("testConnection"));
  add_->setObjectName(QStringLiteral("hostAdd"));
  edit_->setObjectName(QStringLiteral("hostEdit"));
  remove_->setObjectName(QStringLiteral("hostRemove"));
  for (QWidget* b : {static_cast<QWidget*>(add_), static_cast<QWidget*>(edit_), static_cast<QWidget*>(remove_)}) RoleGate::guard(b, auth::Action::ManageHosts);
  RoleGate::guard(test_, auth::Action::UseHost);
  RoleGate::guard(forget_, auth::Action::UseHost);
  RoleGate::guard(passphrase_, auth::Action::UseHost);
  RoleGate::guard(remember_, auth::Action::UseHost);
  stepsTitle_ = new QLabel(this);
  jobsTitle_ = new QLabel(this);
  tunnelsTitle_ = new QLabel(this);
  hint_ = new QLabel(this);
  hint_->setWordWrap(true);

  auto* buttons = new QHBoxLayout;
  for (QPushButton* b : {add_, edit_, remove_}) buttons->addWidget(b);
  buttons->addSpacing(16);
  buttons->addWidget(passphrase_);
  buttons->addWidget(remember_);
  buttons->addWidget(test_);
  buttons->addWidget(forget_);
  buttons->addStretch(1);
  auto* top = new QWidget(this);
  auto* topLayout = new QVBoxLayout(top);
  topLayout->setContentsMargins(0, 0, 0, 0);
  topLayout->addWidget(hosts_);
  topLayout->addLayout(buttons);
  topLayout->addWidget(hint_);
  auto* bottom = new QWidget(this);
  auto* bottomLayout = new QVBoxLayout(bottom);
  bottomLayout->setContentsMargins(0, 0, 0, 0);
  bottomLayout->addWidget(stepsTitle_);
  bottomLayout->addWidget(steps_, 3);
  auto* lower = new QHBoxLayout;
  auto* jobsBox = new QVBoxLayout;
  jobsBox->addWidget(jobsTitle_);
  jobsBox->addWidget(jobs_);
  auto* tunnelsBox = new QVBoxLayout;
  tunnelsBox->addWidget(tunnelsTitle_);
  tunnelsBox->addWidget(tunnels_);
  lower->addLayout(jobsBox, 3);
  lower->addLayout(tunnelsBox, 2);
  bottomLayout->addLayout(lower, 2);
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(top);
  split->addWidget(bottom);
  split->setStretchFactor(1, 2);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(split);

  connect(add_, &QPushButton::clicked, this, [this] { addOrEdit(false); });
  connect(edit_, &QPushButton::clicked, this, [this] { addOrEdit(true); });
  connect(hosts_, &QTableWidget::cellDoubleClicked, this, [this] { addOrEdit(true); });
  connect(remove_, &QPushButton::clicked, this, &HostsPage::removeSelected);
  connect(test_, &QPushButton::clicked, this, [this] {
    if (selected().isEmpty()) return;
    testConnection(selected(), passphrase_->text(), remember_->isChecked());
    passphrase_->clear();
  });
  connect(forget_, &QPushButton::clicked, this, [this] {
    QString error;
    if (!selected().isEmpty() && !forgetPassphrase(selected(), &error)) QMessageBox::warning(this, windowTitle(), error);
  });
  connect(hosts_, &QTableWidget::itemSelectionChanged, this, &HostsPage::showSelected);
  connect(manager_, &jobs::JobManager::jobStarted, this, &HostsPage::showSelected);
  connect(manager_, &jobs::JobManager::jobFinished, this, &HostsPage::showSelected);
  retranslate();
  reload();
}

QString HostsPage::statusText(const remote::HostProfile& p) const {
  if (p.name == testing_) return tr("connecting");
  const QString s = p.status();
  if (s == QLatin1String("available")) return tr("available");
  if (s == QLatin1String("failed")) return tr("failed: %1").arg(p.lastTest.value(QStringLiteral("reason")).toString());
  return tr("configuring (not tested yet)");
}

void HostsPage::reload() {
  const QString keep = selected();
  remote::HostStore store(paths::jobsDatabase());
  QString error;
  profiles_.clear();
  if (store.open(&error)) profiles_ = store.list();
  hosts_->setRowCount(static_cast<int>(profiles_.size()));
  for (int i = 0; i < profiles_.size(); ++i) {
    const auto& p = profiles_[i];
    setRow(hosts_, i, {p.name, where(p), statusText(p), p.workdirOrDefault()}, p.lastTest.value(QStringLiteral("reason")).toString());
  }
  hosts_->resizeColumnsToContents();
  if (!keep.isEmpty()) select(keep);
  else if (!profiles_.isEmpty()) hosts_->selectRow(0);
  showSelected();
}

QString HostsPage::selected() const {
  const int row = hosts_->currentRow();
  return row >= 0 && row < profiles_.size() ? profiles_[row].name : QString();
}

void HostsPage::select(const QString& name) {
  for (int i = 0; i < profiles_.size(); ++i)
    if (profiles_[i].name == name) hosts_->selectRow(i);
}

bool HostsPage::saveHost(const remote::HostProfile& p, bool replace, QString* error) {
  remote::HostStore store(paths::jobsDatabase());
  if (!store.open(error) || !store.save(p, replace, error)) return false;
  reload();
  select(p.name);
  return true;
}

void HostsPage::addOrEdit(bool editing) {
  HostDialog dialog(this);
  remote::HostProfile current;
  if (editing) {
    const int row = hosts_->currentRow();
    if (row < 0 || row >= profiles_.size()) return;
    current = profiles_[row];
  }
  dialog.setProfile(current, editing);
  while (dialog.exec() == QDialog::Accepted) {
    QString error;
    if (saveHost(dialog.profile(), editing, &error)) {
      // The passphrase is kept only once a connection test has worked with it.
      if (dialog.rememberPassphrase()) testConnection(dialog.profile().name, dialog.passphrase(), true);
      return;
    }
    QMessageBox::warning(this, windowTitle(), error);
  }
}

void HostsPage::removeSelected() {
  const QString name = selected();
  if (name.isEmpty() || QMessageBox::question(this, windowTitle(), tr("Remove the host %1? Its jobs stay in the history.").arg(name)) != QMessageBox::Yes) return;
  remote::HostStore store(paths::jobsDatabase());
  if (store.open(nullptr)) store.remove(name);
  reload();
}

bool HostsPage::forgetPassphrase(const QString& name, QString* error) {
  const auto r = auth::Keychain().remove(remote::passphraseEntry(name));
  if (r.status == auth::Keychain::Status::Unavailable) {
    if (error) *error = tr("No keychain is reachable (%1), so nothing can be forgotten there.").arg(r.message);
    return false;
  }
  remote::HostStore store(paths::jobsDatabase());
  auto p = store.open(error) ? store.get(name) : std::nullopt;
  if (!p) return false;
  p->rememberPassphrase = false;
  if (!store.save(*p, true, error)) return false;
  reload();
  return true;
}

jobs::Job* HostsPage::testConnection(const QString& name, const QString& passphrase, bool remember) {
  steps_->setRowCount(0);
  testing_ = name;
  reload();
  QStringList args{QStringLiteral("hosts"), QStringLiteral("test"), name};
  if (remember && !passphrase.isEmpty()) args << QStringLiteral("--remember-passphrase");
  QHash<QString, QString> secrets;
  if (!passphrase.isEmpty()) secrets.insert(QStringLiteral("ssh-passphrase"), passphrase);
  test_job_ = manager_->startCt(QStringLiteral("hosts-test"), args, {{QStringLiteral("host"), name}}, secrets);
  // Each step arrives as one log line "TITLE: STATUS — DETAIL" while the test runs; the full
  // record (with the fix for each failure) is read from the profile when it ends.
  connect(test_job_, &jobs::Job::logsAppended, this, [this](const QList<jobs::LogLine>& lines) {
    for (const auto& l : lines) {
      const int colon = static_cast<int>(l.message.indexOf(QStringLiteral(": ")));
      const int dash = static_cast<int>(l.message.indexOf(QStringLiteral(" — ")));
      if (colon <= 0 || dash <= colon) continue;
      addStepRow(l.message.left(colon), l.message.mid(colon + 2, dash - colon - 2), -1, l.message.mid(dash + 3), {});
    }
  });
  connect(test_job_, &jobs::Job::finished, this, [this] {
    testing_.clear();
    reload();
  });
  return test_job_;
}

void HostsPage::addStepRow(const QString& title, const QString& status, qint64 ms, const QString& detail, const QString& fix) {
  const int row = steps_->rowCount();
  steps_->insertRow(row);
  static const QMap<QString, const char*> words{{QStringLiteral("ok"), QT_TR_NOOP("ok")},           {QStringLiteral("accepted"), QT_TR_NOOP("accepted")},
                                                {QStringLiteral("warning"), QT_TR_NOOP("warning")}, {QStringLiteral("missing"), QT_TR_NOOP("missing")},
                                                {QStringLiteral("failed"), QT_TR_NOOP("failed")},   {QStringLiteral("skipped"), QT_TR_NOOP("skipped")}};
  setRow(steps_, row, {title, words.contains(status) ? tr(words.value(status)) : status, ms >= 0 ? tr("%1 ms").arg(ms) : QString(), detail, fix}, fix);
  const QColor color = status == QLatin1String("failed") ? QColor(0xb0, 0x00, 0x20) : status == QLatin1String("missing") || status == QLatin1String("warning") ? QColor(0xa0, 0x60, 0x00) : QColor();
  if (color.isValid())
    for (int c = 0; c < 2; ++c) steps_->item(row, c)->setForeground(color);
}

void HostsPage::showSelected() {
  const QString name = selected();
  edit_->setEnabled(!name.isEmpty());
  remove_->setEnabled(!name.isEmpty());
  test_->setEnabled(!name.isEmpty() && testing_.isEmpty());
  bool remembered = false;
  for (const auto& h : profiles_)
    if (h.name == name) remembered = h.rememberPassphrase;
  forget_->setEnabled(remembered && testing_.isEmpty());
  hint_->setText(profiles_.isEmpty() ? tr("Add a GPU host reached over SSH; stages can then run there (ct eval/quantize --on, ct run, transfers, tunnels).") : QString());
  const remote::HostProfile* p = nullptr;
  for (const auto& h : profiles_)
    if (h.name == name) p = &h;
  if (p && testing_.isEmpty()) {
    steps_->setRowCount(0);
    for (const QJsonValue v : p->lastTest.value(QStringLiteral("steps")).toArray()) {
      const QJsonObject s = v.toObject();
      addStepRow(s.value(QStringLiteral("title")).toString(), s.value(QStringLiteral("status")).toString(), s.value(QStringLiteral("ms")).toInteger(),
                 s.value(QStringLiteral("detail")).toString(), s.value(QStringLiteral("fix")).toString());
    }
  }
  steps_->resizeColumnsToContents();
  // The host's jobs and open tunnels, from the shared history.
  jobs_->setRowCount(0);
  tunnels_->setRowCount(0);
  if (!p) return;
  for (const jobs::JobRecord& r : manager_->history(300)) {
    if (r.remoteHost != name) continue;
    if (r.kind == QLatin1String("tunnel")) {
      if (r.state != jobs::JobState::Running) continue;
      const int row = tunnels_->rowCount();
      tunnels_->insertRow(row);
      setRow(tunnels_, row, {r.remote.value(QStringLiteral("url")).toString(), r.remote.value(QStringLiteral("remote")).toString(), r.id});
      continue;
    }
    const int row = jobs_->rowCount();
    jobs_->insertRow(row);
    setRow(jobs_, row, {r.id, r.kind, jobs::nameOf(r.state), r.remote.value(QStringLiteral("dir")).toString()});
  }
  jobs_->resizeColumnsToContents();
  tunnels_->resizeColumnsToContents();
}

void HostsPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslate();
    reload();
  }
  QWidget::changeEvent(event);
}

void HostsPage::retranslate() {
  hosts_->setHorizontalHeaderLabels({tr("Name"), tr("SSH"), tr("Status"), tr("Work folder")});
  steps_->setHorizontalHeaderLabels({tr("Step"), tr("Result"), tr("Time"), tr("Detail"), tr("What to do")});
  jobs_->setHorizontalHeaderLabels({tr("Job"), tr("Kind"), tr("State"), tr("Folder on the host")});
  tunnels_->setHorizontalHeaderLabels({tr("Local URL"), tr("Forwards to"), tr("Job")});
  add_->setText(tr("Add…"));
  edit_->setText(tr("Edit…"));
  remove_->setText(tr("Remove"));
  test_->setText(tr("Test connection"));
  forget_->setText(tr("Forget passphrase"));
  forget_->setToolTip(tr("Remove this host's key passphrase from the OS keychain; ssh-agent is used again."));
  remember_->setText(tr("Remember passphrase"));
  remember_->setToolTip(tr("Keep the passphrase in the OS keychain once the test has worked with it."));
  passphrase_->setPlaceholderText(tr("key passphrase (optional)"));
  stepsTitle_->setText(tr("Connection test"));
  jobsTitle_->setText(tr("Jobs on this host"));
  tunnelsTitle_->setText(tr("Open tunnels"));
}

}  // namespace ct::ui
