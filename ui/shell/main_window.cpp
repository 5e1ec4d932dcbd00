#include "shell/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>

#include "brand/brand.h"
#include "jobs/job.h"
#include "jobs/job_manager.h"
#include "jobs/jobs_page.h"
#include "models/models_page.h"
#include "quantize/quantize_page.h"
#include "compile/compile_page.h"
#include "service/service_page.h"
#include "evaluate/evaluate_page.h"
#include "hosts/hosts_page.h"
#include "settings/settings_page.h"
#include "users/login_dialog.h"
#include "users/users_page.h"
#include "auth/accounts.h"
#include "auth/auth_db.h"
#include "auth/session.h"

namespace ct::ui {

MainWindow::MainWindow(jobs::JobManager* manager, QWidget* parent)
    : QMainWindow(parent),
      manager_(manager),
      nav_(new QListWidget(this)),
      stack_(new QStackedWidget(this)),
      status_(new QLabel(this)),
      jobsPage_(new JobsPage(manager, this)),
      quantizePage_(new QuantizePage(manager, this)),
      compilePage_(new CompilePage(manager, this)),
      servicePage_(new ServicePage(manager, this)),
      evaluatePage_(new EvaluatePage(manager, this)),
      usersPage_(new UsersPage(this)),
      identity_(new QLabel(this)) {
  const auto& brand = brand::Brand::current();
  setWindowTitle(brand.productName);
  if (!brand.iconPath.isEmpty()) setWindowIcon(QIcon(brand.iconPath));
  nav_->setObjectName(QStringLiteral("navigation"));
  nav_->setFixedWidth(170);
  nav_->setIconSize(QSize(20, 20));
  auto* central = new QWidget(this);
  auto* layout = new QHBoxLayout(central);
  layout->addWidget(nav_);
  layout->addWidget(stack_, 1);
  setCentralWidget(central);
  statusBar()->addWidget(status_, 1);
  identity_->setObjectName(QStringLiteral("identityLabel"));
  statusBar()->addPermanentWidget(identity_);
  connect(nav_, &QListWidget::currentRowChanged, stack_, &QStackedWidget::setCurrentIndex);

  fileMenu_ = menuBar()->addMenu(QString());
  signIn_ = fileMenu_->addAction(QString(), this, &MainWindow::switchUser);
  fileMenu_->addSeparator();
  quit_ = fileMenu_->addAction(QString(), this, &QWidget::close);
  quit_->setShortcut(QKeySequence::Quit);
  toolsMenu_ = menuBar()->addMenu(QString());
  doctor_ = toolsMenu_->addAction(QString(), this, [this] {
    manager_->startCt(QStringLiteral("doctor"), {QStringLiteral("doctor")});
    showPage(QStringLiteral("jobs"));
  });
  helpMenu_ = menuBar()->addMenu(QString());
  about_ = helpMenu_->addAction(QString(), this, [this] {
    const auto& b = brand::Brand::current();
    QMessageBox::about(this, b.productName,
                       QStringLiteral("<b>%1</b> %2<br>%3<br>%4")
                           .arg(b.productName, QStringLiteral(CT_VERSION), b.company, b.website));
  });

  addPage(QStringLiteral("models"), new ModelsPage(this), [] { return tr("Models"); });
  addPage(QStringLiteral("quantize"), quantizePage_, [] { return tr("Quantize"); });
  addPage(QStringLiteral("compile"), compilePage_, [] { return tr("Compile"); });
  addPage(QStringLiteral("service"), servicePage_, [] { return tr("FPGA Service"); });
  addPage(QStringLiteral("evaluate"), evaluatePage_, [] { return tr("Evaluate"); });
  addPage(QStringLiteral("jobs"), jobsPage_, [] { return tr("Jobs"); });
  addPage(QStringLiteral("hosts"), new HostsPage(manager, this), [] { return tr("GPU Hosts"); });
  addPage(QStringLiteral("users"), usersPage_, [] { return tr("Users"); });
  addPage(QStringLiteral("settings"), new SettingsPage(this), [] { return tr("Settings"); });
  connect(usersPage_, &UsersPage::identityChanged, this, &MainWindow::updateIdentity);
  connect(manager_, &jobs::JobManager::jobStarted, this, &MainWindow::updateStatus);
  connect(manager_, &jobs::JobManager::jobFinished, this, &MainWindow::updateStatus);
  retranslate();
  resize(1200, 780);
}

void MainWindow::addPage(const QString& id, QWidget* page, std::function<QString()> title) {
  page->setObjectName(id + QStringLiteral("Page"));
  stack_->addWidget(page);
  auto* item = new QListWidgetItem(title(), nav_);
  item->setData(Qt::UserRole, id);
  pages_.append({id, std::move(title)});
  if (nav_->currentRow() < 0) nav_->setCurrentRow(0);
}

void MainWindow::showPage(const QString& id) {
  for (int i = 0; i < pages_.size(); ++i)
    if (pages_[i].id == id) nav_->setCurrentRow(i);
}

void MainWindow::updateStatus() {
  int running = 0;
  for (auto* j : manager_->liveJobs())
    if (!j->isFinished()) ++running;
  status_->setText(running == 0 ? tr("No job running") : tr("%n job(s) running", nullptr, running));
  updateIdentity();
}

void MainWindow::updateIdentity() {
  const auth::Identity me = auth::currentIdentity();
  if (me.singleUser) identity_->setText(tr("Single-user mode"));
  else if (!me.isValid()) identity_->setText(tr("Not signed in"));
  else identity_->setText(tr("Signed in as %1 (%2)").arg(me.user, auth::nameOf(me.role)));
  // Sign-in exists once accounts do; in single-user mode the Users page offers the first admin.
  signIn_->setVisible(auth::AuthDb::hasAccounts({}));
  signIn_->setText(me.isValid() && !me.singleUser ? tr("Sign out and switch user…") : tr("Sign in…"));
}

void MainWindow::switchUser() {
  auth::AuthDb db;
  if (!db.open(nullptr)) return;
  if (const QByteArray token = auth::currentSessionToken(); !token.isEmpty()) auth::Accounts(db).signOut(token, QStringLiteral("studio"));
  auth::setCurrent(auth::Identity{});
  LoginDialog login(&db, LoginDialog::Mode::SignIn, this);
  login.exec();
  updateIdentity();
  usersPage_->refresh();
}

void MainWindow::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QMainWindow::changeEvent(event);
}

void MainWindow::retranslate() {
  for (int i = 0; i < pages_.size(); ++i) nav_->item(i)->setText(pages_[i].title());
  fileMenu_->setTitle(tr("&File"));
  quit_->setText(tr("&Quit"));
  toolsMenu_->setTitle(tr("&Tools"));
  doctor_->setText(tr("Check this machine"));
  helpMenu_->setTitle(tr("&Help"));
  about_->setText(tr("About %1").arg(brand::Brand::current().productName));
  updateStatus();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  int running = 0;
  for (auto* j : manager_->liveJobs())
    if (!j->isFinished()) ++running;
  if (running > 0 &&
      QMessageBox::question(this, windowTitle(),
                            tr("%n job(s) still running. Cancel them and quit?", nullptr, running)) != QMessageBox::Yes) {
    event->ignore();
    return;
  }
  manager_->cancelAll();
  event->accept();
}

}  // namespace ct::ui
