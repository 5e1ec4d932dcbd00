#include "shell/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QSet>
#include <QUrl>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>

#include "brand/brand.h"
#include "shell/language.h"
#include "jobs/event.h"
#include "jobs/job.h"
#include "jobs/job_manager.h"
#include "jobs/jobs_page.h"
#include "models/models_page.h"
#include "quantize/quantize_page.h"
#include "compile/compile_page.h"
#include "service/service_page.h"
#include "evaluate/evaluate_page.h"
#include "hosts/hosts_page.h"
#include "gpus/gpus_page.h"
#include "deploy/deploy_page.h"
#include "pipeline/pipeline_page.h"
#include "service/ab_chat.h"
#include "services/service_registry.h"
#include "settings/settings_page.h"
#include "users/login_dialog.h"
#include "users/users_page.h"
#include "widgets/role_gate.h"
#include <QSettings>
#include "auth/accounts.h"
#include "auth/auth_db.h"
#include "auth/session.h"
#include <QStyle>

namespace ct::ui {
namespace {

// The customer's logo and product name above the pages: a branded build shows whose it is.
QWidget* makeBrandHeader(const brand::Brand& b, QWidget* parent) {
  auto* header = new QWidget(parent);
  header->setObjectName(QStringLiteral("brandHeader"));
  header->setFixedWidth(150);
  auto* row = new QHBoxLayout(header);
  row->setContentsMargins(4, 4, 4, 6);
  auto* logo = new QLabel(header);
  if (!b.iconPath.isEmpty()) logo->setPixmap(QIcon(b.iconPath).pixmap(36, 36));
  auto* name = new QLabel(b.productName, header);
  name->setObjectName(QStringLiteral("brandName"));
  name->setTextFormat(Qt::PlainText);
  name->setStyleSheet(QStringLiteral("QLabel#brandName { color: %1; font-weight: bold; }").arg(b.accentColor));
  name->setWordWrap(true);
  row->addWidget(logo);
  row->addWidget(name, 1);
  return header;
}

}  // namespace

MainWindow::MainWindow(jobs::JobManager* manager, QWidget* parent)
    : QMainWindow(parent),
      manager_(manager),
      registry_(new services::ServiceRegistry(manager, this)),
      nav_(new QListWidget(this)),
      stack_(new QStackedWidget(this)),
      status_(new QLabel(this)),
      jobsPage_(new JobsPage(manager, this)),
      quantizePage_(new QuantizePage(manager, registry_, this)),
      compilePage_(new CompilePage(manager, registry_, this)),
      servicePage_(new ServicePage(manager, registry_, this)),
      evaluatePage_(new EvaluatePage(manager, registry_, this)),
      modelsPage_(new ModelsPage(registry_, this)),
      usersPage_(new UsersPage(this)),
      gpusPage_(new GpusPage(this)),
      deployPage_(new DeployPage(manager, this)),
      pipelinePage_(new PipelinePage(manager, registry_, this)),
      identity_(new QLabel(this)) {
  const auto& brand = brand::Brand::current();
  setWindowTitle(brand.productName);
  if (!brand.iconPath.isEmpty()) setWindowIcon(QIcon(brand.iconPath));
  nav_->setObjectName(QStringLiteral("navigation"));
  nav_->setFixedWidth(150);
  nav_->setIconSize(QSize(22, 22));
  nav_->setSpacing(2);
  auto* central = new QWidget(this);
  auto* layout = new QHBoxLayout(central);
  auto* side = new QVBoxLayout;
  side->addWidget(makeBrandHeader(brand, this));
  side->addWidget(nav_, 1);
  layout->addLayout(side);
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
    QMessageBox::about(this, tr("About %1").arg(b.productName), aboutText());
  });

  // The whole pipeline in one run first, then its stages in their order: a model, its
  // quantization, the board image, serving, scores.
  QStyle* st = style();
  addPage(QStringLiteral("pipeline"), pipelinePage_, [] { return tr("Pipeline"); }, st->standardIcon(QStyle::SP_MediaSeekForward));
  addPage(QStringLiteral("models"), modelsPage_, [] { return tr("Models"); }, st->standardIcon(QStyle::SP_DirHomeIcon));
  addPage(QStringLiteral("quantize"), quantizePage_, [] { return tr("Quantize"); }, st->standardIcon(QStyle::SP_ArrowDown));
  addPage(QStringLiteral("compile"), compilePage_, [] { return tr("Compile"); }, st->standardIcon(QStyle::SP_DriveHDIcon));
  addPage(QStringLiteral("service"), servicePage_, [] { return tr("Serve"); }, st->standardIcon(QStyle::SP_DriveNetIcon));
  addPage(QStringLiteral("evaluate"), evaluatePage_, [] { return tr("Evaluate"); }, st->standardIcon(QStyle::SP_DialogApplyButton));
  addPage(QStringLiteral("jobs"), jobsPage_, [] { return tr("Jobs"); }, st->standardIcon(QStyle::SP_FileDialogDetailedView));
  addPage(QStringLiteral("hosts"), new HostsPage(manager, this), [] { return tr("GPU Hosts"); }, st->standardIcon(QStyle::SP_ComputerIcon));
  addPage(QStringLiteral("gpus"), gpusPage_, [] { return tr("GPUs"); }, st->standardIcon(QStyle::SP_DriveFDIcon));
  addPage(QStringLiteral("deploy"), deployPage_, [] { return tr("Deploy"); }, st->standardIcon(QStyle::SP_MediaPlay));
  addPage(QStringLiteral("users"), usersPage_, [] { return tr("Users"); }, st->standardIcon(QStyle::SP_DialogYesButton));
  addPage(QStringLiteral("settings"), new SettingsPage(registry_, this), [] { return tr("Settings"); }, st->standardIcon(QStyle::SP_FileDialogInfoView));
  connect(usersPage_, &UsersPage::identityChanged, this, &MainWindow::updateIdentity);
  connect(manager_, &jobs::JobManager::jobStarted, this, &MainWindow::updateStatus);
  connect(manager_, &jobs::JobManager::jobFinished, this, &MainWindow::updateStatus);
  wirePages();
  retranslate();
  resize(1200, 760);
}

QDialog* MainWindow::offerFirstAdmin() {
  static const QString key = QStringLiteral("auth/single_user_chosen");
  if (auth::AuthDb::hasAccounts({}) || QSettings().value(key).toBool()) return nullptr;
  if (!firstRunDb_) {
    firstRunDb_ = std::make_unique<auth::AuthDb>();
    QString error;
    if (!firstRunDb_->open(&error)) {
      firstRunDb_.reset();
      return nullptr;
    }
  }
  auto* dialog = new LoginDialog(firstRunDb_.get(), LoginDialog::Mode::FirstAdmin, this);
  dialog->setObjectName(QStringLiteral("firstAdminDialog"));
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setWindowModality(Qt::WindowModal);
  connect(dialog, &QDialog::finished, this, [this](int result) {
    if (result == QDialog::Accepted) {
      statusBar()->showMessage(tr("Accounts are on: you are signed in as the admin."), 10000);
    } else {
      QSettings().setValue(key, true);
      statusBar()->showMessage(tr("Running single-user. Create the first admin on the Users page whenever you want sign-in and roles."), 10000);
    }
    usersPage_->refresh();
    updateIdentity();
  });
  dialog->open();
  return dialog;
}

MainWindow::~MainWindow() = default;

void MainWindow::addPage(const QString& id, QWidget* page, std::function<QString()> title, const QIcon& icon) {
  page->setObjectName(id + QStringLiteral("Page"));
  stack_->addWidget(page);
  auto* item = new QListWidgetItem(icon, title(), nav_);
  item->setSizeHint(QSize(0, 34));
  item->setData(Qt::UserRole, id);
  pages_.append({id, std::move(title)});
  if (nav_->currentRow() < 0) nav_->setCurrentRow(0);
}

void MainWindow::showPage(const QString& id) {
  for (int i = 0; i < pages_.size(); ++i)
    if (pages_[i].id == id) nav_->setCurrentRow(i);
}

void MainWindow::updateStatus() {
  // The same count as the Jobs list: this window's jobs and those `ct` runs outside it.
  QSet<QString> running;
  for (auto* j : manager_->liveJobs())
    if (!j->isFinished()) running.insert(j->id());
  for (const jobs::JobRecord& r : manager_->history(200))
    if (r.state == jobs::JobState::Running && !manager_->liveJob(r.id)) running.insert(r.id);
  status_->setText(running.isEmpty() ? tr("No job running") : tr("%n job(s) running", nullptr, static_cast<int>(running.size())));
  updateIdentity();
}

void MainWindow::updateIdentity() {
  const auth::Identity me = auth::currentIdentity();
  if (me.singleUser) identity_->setText(tr("Single-user mode"));
  else if (!me.isValid()) identity_->setText(tr("Not signed in"));
  else identity_->setText(tr("Signed in as %1 (%2)").arg(me.user, auth::nameOf(me.role)));
  // Sign-in exists once accounts do; in single-user mode the Users page offers the first admin.
  signIn_->setVisible(auth::AuthDb::hasAccounts({}));
  RoleGate::refreshAll();  // run / start / cancel / deploy / serve buttons follow the role
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

QString MainWindow::statusText() const { return status_->text(); }

void MainWindow::wirePages() {
  connect(modelsPage_, &ModelsPage::nextStep, this, &MainWindow::goTo);
  connect(quantizePage_, &QuantizePage::nextStep, this, &MainWindow::goTo);
  connect(compilePage_, &CompilePage::nextStep, this, &MainWindow::goTo);
  connect(registry_, &services::ServiceRegistry::currentModelChanged, quantizePage_, &QuantizePage::suggestModel);
  // A deployment's endpoint goes to the chat or to evaluation with its key.
  connect(deployPage_, &DeployPage::chatRequested, this, [this](const QString& url, const QString& key) {
    servicePage_->chatWith(url, key);
    showPage(QStringLiteral("service"));
  });
  connect(deployPage_, &DeployPage::abChatRequested, this, &MainWindow::openAbChat);
  connect(servicePage_, &ServicePage::abChatRequested, this, &MainWindow::openAbChat);
  connect(deployPage_, &DeployPage::evaluateRequested, this, [this](const QString& target, const QString& url, const QString& key) {
    evaluatePage_->setEndpoint(target, url);
    evaluatePage_->setApiKey(key);
    showPage(QStringLiteral("evaluate"));
  });
}

AbChatDialog* MainWindow::openAbChat(const QString& url, const QString& key, const QString& label) {
  auto* dialog = new AbChatDialog(registry_, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setSide(0, url, key, QString(), label);
  dialog->show();
  return dialog;
}

void MainWindow::goTo(const QString& action, const QString& path) {
  if (action == QLatin1String("open")) {
    QDesktopServices::openUrl(QUrl::fromLocalFile(path));
    return;
  }
  const auto kind = services::detectKind(path);
  if (action == QLatin1String("quantize")) {
    quantizePage_->setModel(path);
    showPage(QStringLiteral("quantize"));
  } else if (action == QLatin1String("compile")) {
    compilePage_->setCheckpoint(path);
    showPage(QStringLiteral("compile"));
  } else if (action == QLatin1String("serve")) {
    servicePage_->setFolder(path);
    showPage(QStringLiteral("service"));
  } else if (action == QLatin1String("evaluate")) {
    // A checkpoint or an image is compared with the model it came from.
    const QString row = kind == services::SourceKind::Checkpoint ? QStringLiteral("quant") : kind == services::SourceKind::Image ? QStringLiteral("fpga") : QStringLiteral("origin");
    evaluatePage_->setTarget(row, path);
    if (row != QLatin1String("origin") && !registry_->currentModel().isEmpty()) evaluatePage_->setTarget(QStringLiteral("origin"), registry_->currentModel());
    showPage(QStringLiteral("evaluate"));
  }
}

QString MainWindow::aboutText() const {
  const auto& b = brand::Brand::current();
  QString html = QStringLiteral("<h3>%1 %2</h3>").arg(b.productName.toHtmlEscaped(), b.version().toHtmlEscaped());
  // The brand's about text is written in the brand's default language; in another one the
  // translated description stands in for it.
  const QString about = currentLanguage() == b.defaultLanguage ? b.about : QString();
  html += QStringLiteral("<p>%1</p>").arg(about.isEmpty() ? tr("Quantize, compile, serve and evaluate Qwen2-family language models for GPU servers and the VCU128 FPGA board.").toHtmlEscaped()
                                                          : about.toHtmlEscaped());
  html += QStringLiteral("<p>%1<br>%2<br>%3</p>")
              .arg(tr("Qt %1 (built with %2)").arg(QLatin1String(qVersion()), QStringLiteral(QT_VERSION_STR)),
                   tr("Event schema version %1").arg(jobs::Event::kSchemaVersion), tr("Command-line tool: %1").arg(jobs::JobManager::ctProgram().toHtmlEscaped()));
  if (!b.company.isEmpty() && b.company != b.productName) html += QStringLiteral("<p>%1</p>").arg(b.company.toHtmlEscaped());
  if (!b.website.isEmpty()) html += QStringLiteral("<p><a href='%1'>%1</a></p>").arg(b.website.toHtmlEscaped());
  if (!b.supportUrl.isEmpty()) html += QStringLiteral("<p>%1 <a href='%2'>%2</a></p>").arg(tr("Support:").toHtmlEscaped(), b.supportUrl.toHtmlEscaped());
  return html;
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
  registry_->stopAll();
  manager_->cancelAll();
  event->accept();
}

}  // namespace ct::ui
