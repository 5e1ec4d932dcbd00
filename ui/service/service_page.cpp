#include "service/service_page.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_manager.h"
#include "service/chat_panel.h"
#include "services/service_registry.h"
#include "widgets/target_picker.h"
#include "widgets/role_gate.h"

namespace ct::ui {
namespace {

enum What { FolderWhat, ImageWhat, BoardWhat };

}  // namespace

ServicePage::ServicePage(jobs::JobManager* manager, services::ServiceRegistry* registry, QWidget* parent)
    : QWidget(parent),
      manager_(manager),
      registry_(registry),
      form_(new QFormLayout),
      what_(new QComboBox(this)),
      known_(new QComboBox(this)),
      folder_(new QLineEdit(this)),
      hostLink_(new QLineEdit(QStringLiteral("127.0.0.1:7100"), this)),
      port_(new QSpinBox(this)),
      bind_(new QLineEdit(QStringLiteral("127.0.0.1"), this)),
      key_(new QLineEdit(this)),
      context_(new QSpinBox(this)),
      temperature_(new QDoubleSpinBox(this)),
      maxTokens_(new QSpinBox(this)),
      check_(new QLabel(this)),
      start_(new QPushButton(this)),
      table_(new QTableWidget(this)),
      stop_(new QPushButton(this)),
      copyUrl_(new QPushButton(this)),
      copyCurl_(new QPushButton(this)),
      forget_(new QPushButton(this)),
      abChat_(new QPushButton(this)),
      state_(new QLabel(this)),
      tabs_(new QTabWidget(this)),
      serveDetail_(new JobDetail(this)),
      hostDetail_(new JobDetail(this)),
      chat_(new ChatPanel(registry, this)) {
  what_->setObjectName(QStringLiteral("serveWhat"));
  for (int i = 0; i < 3; ++i) what_->addItem(QString());
  known_->setObjectName(QStringLiteral("serveKnown"));
  known_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  known_->setMinimumContentsLength(12);
  folder_->setObjectName(QStringLiteral("serveFolder"));
  auto* browse = new QToolButton(this);
  browse->setText(QStringLiteral("…"));
  auto* folderRow = new QWidget(this);
  auto* fr = new QHBoxLayout(folderRow);
  fr->setContentsMargins(0, 0, 0, 0);
  fr->addWidget(folder_, 1);
  fr->addWidget(browse);
  hostLink_->setObjectName(QStringLiteral("serveHostLink"));
  port_->setObjectName(QStringLiteral("servicePort"));
  port_->setRange(0, 65535);
  port_->setValue(0);
  bind_->setObjectName(QStringLiteral("serveBind"));
  key_->setObjectName(QStringLiteral("serviceKey"));
  key_->setEchoMode(QLineEdit::Password);
  context_->setRange(0, 1 << 20);
  temperature_->setRange(0, 2);
  temperature_->setSingleStep(0.1);
  temperature_->setValue(0.7);
  temperature_->setObjectName(QStringLiteral("serveTemperature"));
  maxTokens_->setRange(1, 1 << 16);
  maxTokens_->setValue(256);
  check_->setObjectName(QStringLiteral("serveCheck"));
  check_->setWordWrap(true);
  check_->setStyleSheet(QStringLiteral("QLabel { color: #8a4b00; }"));
  start_->setObjectName(QStringLiteral("serviceStart"));
  stop_->setObjectName(QStringLiteral("serviceStop"));
  RoleGate::guard(start_, auth::Action::Serve);
  RoleGate::guard(stop_, auth::Action::Serve);
  copyUrl_->setObjectName(QStringLiteral("serviceCopyUrl"));
  abChat_->setObjectName(QStringLiteral("serviceAbChat"));
  copyCurl_->setObjectName(QStringLiteral("serviceCopyCurl"));
  forget_->setObjectName(QStringLiteral("serviceForget"));
  state_->setObjectName(QStringLiteral("serviceState"));
  state_->setWordWrap(true);
  state_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  table_->setObjectName(QStringLiteral("serviceTable"));
  table_->setColumnCount(4);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setMinimumHeight(110);
  serveDetail_->setObjectName(QStringLiteral("serveDetail"));
  hostDetail_->setObjectName(QStringLiteral("hostDetail"));
  // One stop for a service (host and service together): the Stop beside the list.
  serveDetail_->setCancelVisible(false);
  hostDetail_->setCancelVisible(false);

  for (int i = 0; i < 10; ++i) labels_.append(new QLabel(this));
  QWidget* fields[] = {what_, known_, folderRow, hostLink_, port_, bind_, key_, context_, temperature_, maxTokens_};
  for (int i = 0; i < 10; ++i) form_->addRow(labels_[i], fields[i]);
  form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form_->setRowWrapPolicy(QFormLayout::WrapLongRows);
  auto* left = new QWidget(this);
  auto* l = new QVBoxLayout(left);
  l->addLayout(form_);
  l->addWidget(check_);
  l->addWidget(start_, 0, Qt::AlignLeft);
  l->addStretch(1);
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(left);
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setMinimumWidth(300);

  auto* actions = new QHBoxLayout;
  for (QPushButton* b : {stop_, copyUrl_, copyCurl_, abChat_, forget_}) actions->addWidget(b);
  actions->addStretch(1);
  tabs_->addTab(chat_, QString());
  tabs_->addTab(serveDetail_, QString());
  tabs_->addTab(hostDetail_, QString());
  auto* top = new QWidget(this);
  auto* t = new QVBoxLayout(top);
  t->setContentsMargins(0, 0, 0, 0);
  t->addWidget(table_, 1);
  t->addLayout(actions);
  t->addWidget(state_);
  auto* right = new QSplitter(Qt::Vertical, this);
  right->addWidget(top);
  right->addWidget(tabs_);
  right->setStretchFactor(0, 1);
  right->setStretchFactor(1, 3);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(scroll);
  split->addWidget(right);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setSizes({340, 700});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);

  connect(browse, &QToolButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, QString(), folder_->text());
    if (!dir.isEmpty()) folder_->setText(dir);
  });
  connect(known_, &QComboBox::activated, this, [this](int i) {
    const QString path = known_->itemData(i).toString();
    if (path.isEmpty()) return;
    folder_->setText(path);
  });
  connect(what_, &QComboBox::currentIndexChanged, this, [this] {
    refreshKnown();
    updateForm();
  });
  for (QLineEdit* e : {folder_, hostLink_, bind_}) connect(e, &QLineEdit::textChanged, this, &ServicePage::updateForm);
  connect(start_, &QPushButton::clicked, this, [this] { start(); });
  connect(stop_, &QPushButton::clicked, this, &ServicePage::stop);
  connect(forget_, &QPushButton::clicked, this, [this] {
    if (current_ && !current_->isUp()) registry_->forget(current_);
  });
  connect(abChat_, &QPushButton::clicked, this, [this] {
    if (current_ && current_->isUp()) Q_EMIT abChatRequested(current_->url(), current_->options().apiKey, current_->source().label());
  });
  connect(copyUrl_, &QPushButton::clicked, this, [this] {
    if (current_) QApplication::clipboard()->setText(current_->url());
  });
  connect(copyCurl_, &QPushButton::clicked, this, [this] {
    if (!current_) return;
    QString curl = QStringLiteral("curl %1/chat/completions -H 'Content-Type: application/json'").arg(current_->url());
    if (!current_->options().apiKey.isEmpty()) curl += QStringLiteral(" -H 'Authorization: Bearer %1'").arg(current_->options().apiKey);
    curl += QStringLiteral(" -d '{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}'");
    QApplication::clipboard()->setText(curl);
  });
  connect(table_, &QTableWidget::currentCellChanged, this, [this](int row) {
    const auto all = registry_->services();
    if (row >= 0 && row < all.size()) select(all[row]);
  });
  connect(registry_, &services::ServiceRegistry::changed, this, [this] {
    refreshTable();
    refreshKnown();
    if (services::LocalService* s = current_) {
      // ct serve starts only once the host has announced its port.
      if (serveDetail_->job() != s->serveJob()) serveDetail_->showJob(s->serveJob());
      if (s->state() == services::LocalService::State::Ready && chatUrl_ != s->url()) {
        chatUrl_ = s->url();
        chat_->setEndpoint(s->url(), s->options().apiKey);
      }
    }
    showStatus();
    updateForm();
  });
  retranslate();
  refreshKnown();
  refreshTable();
}

void ServicePage::setImage(const QString& dir) {
  what_->setCurrentIndex(ImageWhat);
  folder_->setText(dir);
}

void ServicePage::setFolder(const QString& dir) {
  what_->setCurrentIndex(services::detectKind(dir) == services::SourceKind::Image ? ImageWhat : FolderWhat);
  folder_->setText(dir);
}

void ServicePage::refreshKnown() {
  const QSignalBlocker block(known_);
  known_->clear();
  known_->addItem(tr("Choose…"), QString());
  if (what_->currentIndex() == BoardWhat) {
    known_->setEnabled(false);
    return;
  }
  known_->setEnabled(true);
  for (const auto& [path, kind] : registry_->knownFolders()) {
    const bool image = kind == services::SourceKind::Image;
    if (image != (what_->currentIndex() == ImageWhat)) continue;
    known_->addItem(QStringLiteral("%1 — %2").arg(QFileInfo(path).fileName(), services::kindName(kind)), path);
    known_->setItemData(known_->count() - 1, path, Qt::ToolTipRole);
  }
}

QString ServicePage::startReason() const { return start_->isEnabled() ? QString() : check_->text(); }

void ServicePage::updateForm() {
  const int w = what_->currentIndex();
  folder_->setEnabled(w != BoardWhat);
  hostLink_->setEnabled(w == BoardWhat);
  folder_->setPlaceholderText(w == ImageWhat ? tr("compiled image folder (Compile page)") : tr("model or quantized checkpoint folder"));
  services::Source src;
  src.kind = w == BoardWhat ? services::SourceKind::Board : w == ImageWhat ? services::SourceKind::Image
                          : (services::detectKind(folder_->text()) == services::SourceKind::Checkpoint ? services::SourceKind::Checkpoint : services::SourceKind::Model);
  src.path = folder_->text().trimmed();
  src.hostLink = hostLink_->text().trimmed();
  QString reason = services::checkSource(src);
  if (reason.isEmpty() && bind_->text().trimmed().isEmpty()) reason = tr("Give the address to listen on: 127.0.0.1 for this machine, 0.0.0.0 for the network.");
  if (reason.isEmpty())
    if (services::LocalService* s = registry_->runningFor(src))
      reason = tr("%1 is already served at %2: select it in the list, or stop it first.").arg(src.label(), s->url().isEmpty() ? tr("a port being opened") : s->url());
  check_->setText(reason);
  check_->setVisible(!reason.isEmpty());
  setEnabledOrWhy(start_, reason);
}

bool ServicePage::start() {
  updateForm();
  if (!start_->isEnabled()) return false;
  const int w = what_->currentIndex();
  services::Source src;
  src.kind = w == BoardWhat ? services::SourceKind::Board : w == ImageWhat ? services::SourceKind::Image : *services::detectKind(folder_->text().trimmed());
  src.path = folder_->text().trimmed();
  src.hostLink = hostLink_->text().trimmed();
  services::ServeOptions o;
  o.port = port_->value();
  o.bind = bind_->text().trimmed();
  o.apiKey = key_->text();
  o.contextLength = context_->value();
  o.temperature = temperature_->value();
  o.maxTokens = maxTokens_->value();
  services::LocalService* s = registry_->serve(src, o);
  select(s);
  updateForm();
  return s && s->state() != services::LocalService::State::Failed;
}

void ServicePage::stop() {
  QString refusal;
  if (current_ && !current_->stop(&refusal)) QMessageBox::warning(this, stop_->text(), refusal);
  showStatus();
}

QString ServicePage::linkState() const {
  if (!current_) return QStringLiteral("stopped");
  switch (current_->state()) {
    case services::LocalService::State::Ready: return current_->linkState().isEmpty() ? QStringLiteral("ready") : current_->linkState();
    case services::LocalService::State::Starting: return QStringLiteral("starting");
    case services::LocalService::State::Failed: return QStringLiteral("failed");
    case services::LocalService::State::Stopping:
    case services::LocalService::State::Stopped: return QStringLiteral("stopped");
  }
  return {};
}

services::LocalService* ServicePage::current() const { return current_; }
QString ServicePage::baseUrl() const { return current_ ? current_->url() : QString(); }
QString ServicePage::statusText() const { return state_->text(); }
jobs::Job* ServicePage::serviceJob() const { return current_ ? current_->serveJob() : nullptr; }
jobs::Job* ServicePage::hostJob() const { return current_ ? current_->hostJob() : nullptr; }

void ServicePage::select(services::LocalService* s) {
  current_ = s;
  serveDetail_->showJob(s ? s->serveJob() : nullptr);
  hostDetail_->showJob(s ? s->hostJob() : nullptr);
  if (s) {
    if (!s->url().isEmpty()) chat_->setEndpoint(s->url(), s->options().apiKey);
    const int row = static_cast<int>(registry_->services().indexOf(s));
    const QSignalBlocker block(table_);
    if (row >= 0) table_->selectRow(row);
  }
  showStatus();
}

void ServicePage::refreshTable() {
  const auto all = registry_->services();
  const QSignalBlocker block(table_);
  table_->setRowCount(static_cast<int>(all.size()));
  for (int i = 0; i < all.size(); ++i) {
    services::LocalService* s = all[i];
    const QString address = s->url().isEmpty() || !s->isUp() ? QStringLiteral("—") : s->url();
    const QStringList cells{s->source().label(), services::kindName(s->source().kind), address, s->stateText()};
    for (int c = 0; c < 4; ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      if (c == 3 && s->state() == services::LocalService::State::Failed) item->setForeground(QColor(0xc6, 0x28, 0x28));
      if (c == 3 && s->state() == services::LocalService::State::Ready) item->setForeground(QColor(0x2e, 0x7d, 0x32));
      item->setToolTip(c == 3 && !s->failure().isEmpty() ? s->failure() : cells[c]);
      table_->setItem(i, c, item);
    }
    if (s == current_) table_->selectRow(i);
  }
  table_->resizeColumnsToContents();
  table_->horizontalHeader()->setStretchLastSection(true);
}

void ServicePage::showStatus() {
  services::LocalService* s = current_;
  QString text;
  bool bad = false;
  if (!s) {
    text = registry_->services().isEmpty() ? tr("Nothing served yet. Choose a model, checkpoint or image on the left and press Serve.")
                                           : tr("Select a service in the list.");
  } else {
    switch (s->state()) {
      case services::LocalService::State::Starting:
        text = s->serveJob() ? tr("Starting the service for %1 …").arg(s->source().label()) : tr("Loading %1 into ct host …").arg(s->source().label());
        break;
      case services::LocalService::State::Ready:
        text = tr("Serving %1 at %2 — link to the host: %3.").arg(s->source().label(), s->url(), s->linkState() == QLatin1String("ready") ? tr("ready") : s->linkState());
        break;
      case services::LocalService::State::Failed:
        text = tr("Not serving: %1").arg(s->failure());
        bad = true;
        break;
      case services::LocalService::State::Stopping: text = tr("Stopping %1 …").arg(s->source().label()); break;
      case services::LocalService::State::Stopped: text = tr("%1 is stopped.").arg(s->source().label()); break;
    }
  }
  state_->setText(text);
  state_->setStyleSheet(bad ? QStringLiteral("QLabel { color: #b71c1c; background: #fdecea; border: 1px solid #f5c2c0; padding: 6px; }") : QString());
  const bool up = s && s->isUp();
  setEnabledOrWhy(stop_, up ? QString() : tr("Select a running service to stop it."));
  const QString noUrl = s && !s->url().isEmpty() ? QString() : tr("Select a service that has an address.");
  setEnabledOrWhy(copyUrl_, noUrl);
  setEnabledOrWhy(copyCurl_, noUrl);
  setEnabledOrWhy(abChat_, up ? QString() : tr("Select a running service to compare it with another endpoint."));
  setEnabledOrWhy(forget_, s && !up ? QString() : tr("Only a stopped or failed service can be removed from the list."));
  if (s && s->state() == services::LocalService::State::Failed) tabs_->setCurrentWidget(s->serveJob() ? static_cast<QWidget*>(serveDetail_) : hostDetail_);
}

void ServicePage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void ServicePage::retranslate() {
  const QString labels[] = {tr("What to serve"), tr("Known folders"), tr("Folder"), tr("FPGA host address"), tr("HTTP port (0 = any free)"),
                            tr("Listen address"), tr("API key"), tr("Context length"), tr("Default temperature"), tr("Default max tokens")};
  for (int i = 0; i < 10; ++i) labels_[i]->setText(labels[i]);
  what_->setItemText(FolderWhat, tr("Model or checkpoint"));
  what_->setItemText(ImageWhat, tr("FPGA image (emulator)"));
  what_->setItemText(BoardWhat, tr("FPGA board"));
  key_->setPlaceholderText(tr("none"));
  context_->setSpecialValueText(tr("the host's"));
  port_->setSpecialValueText(tr("any free port"));
  start_->setText(tr("Serve"));
  stop_->setText(tr("Stop"));
  copyUrl_->setText(tr("Copy address"));
  abChat_->setText(tr("A/B chat"));
  copyCurl_->setText(tr("Copy curl command"));
  forget_->setText(tr("Remove from list"));
  table_->setHorizontalHeaderLabels({tr("Name"), tr("What"), tr("Address"), tr("State")});
  tabs_->setTabText(0, tr("Chat"));
  tabs_->setTabText(1, tr("Service log"));
  tabs_->setTabText(2, tr("Host log"));
  refreshKnown();
  refreshTable();
  updateForm();
  showStatus();
}

void ServicePage::chatWith(const QString& baseUrl, const QString& apiKey) {
  tabs_->setCurrentWidget(chat_);
  chat_->setEndpoint(baseUrl, apiKey);
}

}  // namespace ct::ui
