#include "users/users_page.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include "auth/accounts.h"
#include "auth/auth_db.h"
#include "auth/session.h"
#include "users/audit_panel.h"
#include "users/keys_panel.h"
#include "users/login_dialog.h"

namespace ct::ui {
namespace {

QTableWidgetItem* cell(const QString& text) {
  auto* item = new QTableWidgetItem(text);
  item->setFlags(item->flags() & ~Qt::ItemIsEditable);
  return item;
}

QString roleText(auth::Role r) {
  switch (r) {
    case auth::Role::Viewer: return UsersPage::tr("viewer");
    case auth::Role::Operator: return UsersPage::tr("operator");
    case auth::Role::Admin: return UsersPage::tr("admin");
  }
  return {};
}

QString stateText(const auth::User& u, const QDateTime& now) {
  if (u.disabled) return UsersPage::tr("disabled");
  if (u.isLocked(now)) return UsersPage::tr("locked until %1").arg(u.lockedUntil.toLocalTime().toString(QStringLiteral("hh:mm:ss")));
  if (u.mustChangePassword) return UsersPage::tr("must change password");
  return UsersPage::tr("active");
}

}  // namespace

UsersPage::UsersPage(QWidget* parent)
    : QWidget(parent),
      db_(std::make_unique<auth::AuthDb>()),
      who_(new QLabel(this)),
      firstAdmin_(new QPushButton(this)),
      ownPassword_(new QPushButton(this)),
      notAdmin_(new QLabel(this)),
      tabs_(new QTabWidget(this)),
      users_(new QTableWidget(this)),
      addTitle_(new QLabel(this)),
      newName_(new QLineEdit(this)),
      newDisplay_(new QLineEdit(this)),
      newRole_(new QComboBox(this)),
      newPassword_(new QLineEdit(this)),
      add_(new QPushButton(this)),
      role_(new QComboBox(this)),
      setRole_(new QPushButton(this)),
      disable_(new QPushButton(this)),
      enable_(new QPushButton(this)),
      unlock_(new QPushButton(this)),
      resetPassword_(new QLineEdit(this)),
      reset_(new QPushButton(this)),
      remove_(new QPushButton(this)),
      keys_(new KeysPanel(db_.get(), this)),
      audit_(new AuditPanel(db_.get(), this)),
      status_(new QLabel(this)) {
  QString error;
  if (!db_->open(&error)) status_->setText(error);
  who_->setObjectName(QStringLiteral("usersWho"));
  firstAdmin_->setObjectName(QStringLiteral("usersFirstAdmin"));
  ownPassword_->setObjectName(QStringLiteral("usersOwnPassword"));
  notAdmin_->setObjectName(QStringLiteral("usersNotAdmin"));
  tabs_->setObjectName(QStringLiteral("usersTabs"));
  users_->setObjectName(QStringLiteral("usersTable"));
  newName_->setObjectName(QStringLiteral("newUserName"));
  newDisplay_->setObjectName(QStringLiteral("newUserDisplay"));
  newRole_->setObjectName(QStringLiteral("newUserRole"));
  newPassword_->setObjectName(QStringLiteral("newUserPassword"));
  add_->setObjectName(QStringLiteral("addUser"));
  role_->setObjectName(QStringLiteral("userRole"));
  setRole_->setObjectName(QStringLiteral("setRole"));
  disable_->setObjectName(QStringLiteral("disableUser"));
  enable_->setObjectName(QStringLiteral("enableUser"));
  unlock_->setObjectName(QStringLiteral("unlockUser"));
  resetPassword_->setObjectName(QStringLiteral("resetPassword"));
  reset_->setObjectName(QStringLiteral("resetUser"));
  remove_->setObjectName(QStringLiteral("removeUser"));
  status_->setObjectName(QStringLiteral("usersStatus"));
  for (QLineEdit* e : {newPassword_, resetPassword_}) e->setEchoMode(QLineEdit::Password);
  for (auth::Role r : {auth::Role::Viewer, auth::Role::Operator, auth::Role::Admin}) {
    newRole_->addItem(QString(), static_cast<int>(r));
    role_->addItem(QString(), static_cast<int>(r));
  }
  newRole_->setCurrentIndex(1);
  who_->setWordWrap(true);
  notAdmin_->setWordWrap(true);
  status_->setWordWrap(true);
  addTitle_->setStyleSheet(QStringLiteral("font-weight: bold;"));
  users_->setColumnCount(5);
  users_->setSelectionBehavior(QAbstractItemView::SelectRows);
  users_->setSelectionMode(QAbstractItemView::SingleSelection);
  users_->verticalHeader()->hide();
  users_->horizontalHeader()->setStretchLastSection(true);

  auto* usersTab = new QWidget(this);
  auto* actions = new QHBoxLayout;
  for (QWidget* w : std::initializer_list<QWidget*>{role_, setRole_, disable_, enable_, unlock_, resetPassword_, reset_, remove_}) actions->addWidget(w);
  actions->addStretch();
  auto* addRow = new QHBoxLayout;
  for (QWidget* w : std::initializer_list<QWidget*>{newName_, newDisplay_, newRole_, newPassword_, add_}) addRow->addWidget(w);
  auto* usersLayout = new QVBoxLayout(usersTab);
  usersLayout->addWidget(users_, 1);
  usersLayout->addLayout(actions);
  usersLayout->addWidget(addTitle_);
  usersLayout->addLayout(addRow);
  tabs_->addTab(usersTab, QString());
  tabs_->addTab(keys_, QString());
  tabs_->addTab(audit_, QString());

  auto* top = new QHBoxLayout;
  top->addWidget(who_, 1);
  top->addWidget(firstAdmin_);
  top->addWidget(ownPassword_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(notAdmin_);
  layout->addWidget(tabs_, 1);
  layout->addWidget(status_);

  connect(add_, &QPushButton::clicked, this, &UsersPage::addUser);
  connect(setRole_, &QPushButton::clicked, this, [this] { act(QStringLiteral("role")); });
  connect(disable_, &QPushButton::clicked, this, [this] { act(QStringLiteral("disable")); });
  connect(enable_, &QPushButton::clicked, this, [this] { act(QStringLiteral("enable")); });
  connect(unlock_, &QPushButton::clicked, this, [this] { act(QStringLiteral("unlock")); });
  connect(reset_, &QPushButton::clicked, this, [this] { act(QStringLiteral("reset")); });
  connect(remove_, &QPushButton::clicked, this, [this] { act(QStringLiteral("remove")); });
  connect(firstAdmin_, &QPushButton::clicked, this, &UsersPage::createFirstAdmin);
  connect(ownPassword_, &QPushButton::clicked, this, &UsersPage::changeOwnPassword);
  connect(keys_, &KeysPanel::reported, this, &UsersPage::report);
  connect(users_, &QTableWidget::itemSelectionChanged, this, [this] {
    const auto u = auth::Accounts(*db_).user(selectedUser());
    if (u) role_->setCurrentIndex(role_->findData(static_cast<int>(u->role)));
  });
  retranslate();
  refresh();
}

UsersPage::~UsersPage() = default;

QString UsersPage::status() const { return status_->text(); }

void UsersPage::showEvent(QShowEvent* event) {
  refresh();
  QWidget::showEvent(event);
}

void UsersPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslate();
    refresh();
  }
  QWidget::changeEvent(event);
}

void UsersPage::retranslate() {
  users_->setHorizontalHeaderLabels({tr("User"), tr("Full name"), tr("Role"), tr("State"), tr("Last sign-in")});
  tabs_->setTabText(0, tr("Users"));
  tabs_->setTabText(1, tr("Service keys"));
  tabs_->setTabText(2, tr("Audit log"));
  firstAdmin_->setText(tr("Create the first admin…"));
  ownPassword_->setText(tr("Change my password…"));
  addTitle_->setText(tr("Add a user (the password is temporary: it must be changed at first sign-in)"));
  newName_->setPlaceholderText(tr("user name"));
  newDisplay_->setPlaceholderText(tr("full name"));
  newPassword_->setPlaceholderText(tr("temporary password"));
  resetPassword_->setPlaceholderText(tr("new temporary password"));
  add_->setText(tr("Add user"));
  setRole_->setText(tr("Set role"));
  disable_->setText(tr("Disable"));
  enable_->setText(tr("Enable"));
  unlock_->setText(tr("Unlock"));
  reset_->setText(tr("Reset password"));
  remove_->setText(tr("Remove"));
  for (QComboBox* c : {newRole_, role_})
    for (int i = 0; i < c->count(); ++i) c->setItemText(i, roleText(static_cast<auth::Role>(c->itemData(i).toInt())));
  notAdmin_->setText(tr("Managing users, service keys and the audit log needs the admin role."));
}

void UsersPage::refresh() {
  const auth::Identity me = auth::currentIdentity();
  auth::Accounts accounts(*db_);
  const bool any = db_->isOpen() && accounts.hasAccounts();
  const bool admin = me.isValid() && (me.singleUser || me.role == auth::Role::Admin);
  if (!any) who_->setText(tr("No accounts exist: this installation runs single-user, and everyone who starts it may do everything "
                             "(as scripts and CI expect). Create the first admin to turn on sign-in and roles."));
  else if (me.singleUser || !me.isValid()) who_->setText(tr("Not signed in."));
  else who_->setText(tr("Signed in as %1 (%2).").arg(me.user, roleText(me.role)));
  firstAdmin_->setVisible(!any);
  ownPassword_->setVisible(any && !me.singleUser && me.isValid());
  notAdmin_->setVisible(any && !admin);
  tabs_->setVisible(any && admin && !me.singleUser);
  if (!tabs_->isVisible()) return;

  QString error;
  const QList<auth::User> all = accounts.users(me, &error);
  const QString keep = selectedUser();
  const QDateTime now = accounts.now();
  users_->setRowCount(static_cast<int>(all.size()));
  QStringList names;
  for (int r = 0; r < all.size(); ++r) {
    const auth::User& u = all[r];
    names << u.name;
    users_->setItem(r, 0, cell(u.name));
    users_->setItem(r, 1, cell(u.displayName));
    users_->setItem(r, 2, cell(roleText(u.role)));
    users_->setItem(r, 3, cell(stateText(u, now)));
    users_->setItem(r, 4, cell(u.lastLogin.isValid() ? u.lastLogin.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm")) : QStringLiteral("-")));
    if (u.name == keep) users_->selectRow(r);
  }
  users_->resizeColumnsToContents();
  keys_->refresh(names);
  audit_->refresh();
}

void UsersPage::report(bool ok, const QString& message) {
  status_->setStyleSheet(ok ? QString() : QStringLiteral("color: #b42318;"));
  status_->setText(message);
  refresh();
}

QString UsersPage::selectedUser() const {
  const auto rows = users_->selectionModel() ? users_->selectionModel()->selectedRows() : QModelIndexList();
  return rows.isEmpty() ? QString() : users_->item(rows.first().row(), 0)->text();
}

void UsersPage::addUser() {
  const auth::Outcome o = auth::Accounts(*db_).addUser(auth::currentIdentity(), newName_->text().trimmed(), newDisplay_->text().trimmed(),
                                                       static_cast<auth::Role>(newRole_->currentData().toInt()), newPassword_->text());
  if (o) {
    newName_->clear();
    newDisplay_->clear();
  }
  newPassword_->clear();
  report(o.ok, o.ok ? tr("User added. Give them the temporary password; they choose their own at first sign-in.") : o.message);
}

void UsersPage::act(const QString& what) {
  const QString name = selectedUser();
  if (name.isEmpty()) {
    report(false, tr("Select a user first."));
    return;
  }
  const auth::Identity me = auth::currentIdentity();
  auth::Accounts accounts(*db_);
  auth::Outcome o;
  if (what == QLatin1String("role")) o = accounts.setRole(me, name, static_cast<auth::Role>(role_->currentData().toInt()));
  else if (what == QLatin1String("disable")) o = accounts.setDisabled(me, name, true);
  else if (what == QLatin1String("enable")) o = accounts.setDisabled(me, name, false);
  else if (what == QLatin1String("unlock")) o = accounts.unlock(me, name);
  else if (what == QLatin1String("reset")) {
    o = accounts.resetPassword(me, name, resetPassword_->text());
    resetPassword_->clear();
  } else if (what == QLatin1String("remove")) {
    if (QMessageBox::question(this, tr("Remove user"), tr("Remove %1? Their sessions end and their service keys are revoked; the audit log keeps their rows.").arg(name)) !=
        QMessageBox::Yes)
      return;
    o = accounts.remove(me, name);
  }
  report(o.ok, o.message);
}

void UsersPage::createFirstAdmin() {
  LoginDialog dialog(db_.get(), LoginDialog::Mode::FirstAdmin, this);
  if (dialog.exec() != QDialog::Accepted) return;
  report(true, tr("Accounts are on: %1 is the admin. Everyone signs in from the next start.").arg(dialog.identity().user));
  Q_EMIT identityChanged();
}

void UsersPage::changeOwnPassword() {
  const auth::Identity me = auth::currentIdentity();
  const QByteArray old = auth::currentSessionToken();
  LoginDialog dialog(db_.get(), LoginDialog::Mode::ChangePassword, this);
  dialog.setUser(me.user);
  if (dialog.exec() != QDialog::Accepted) return;
  if (!old.isEmpty()) auth::Accounts(*db_).signOut(old, QStringLiteral("studio"));
  report(true, tr("Your password is changed."));
  Q_EMIT identityChanged();
}

}  // namespace ct::ui
