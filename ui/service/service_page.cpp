#include "service/service_page.h"

#include <QCheckBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTcpServer>
#include <QVBoxLayout>

#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_manager.h"
#include "service/chat_panel.h"

namespace ct::ui {
namespace {
int freePort() {
  QTcpServer s;
  s.listen(QHostAddress::LocalHost, 0);
  return s.serverPort();
}
}  // namespace

ServicePage::ServicePage(jobs::JobManager* manager, QWidget* parent)
    : QWidget(parent),
      manager_(manager),
      form_(new QFormLayout),
      image_(new QLineEdit(this)),
      localHost_(new QCheckBox(this)),
      hostLink_(new QLineEdit(QStringLiteral("127.0.0.1:7100"), this)),
      port_(new QSpinBox(this)),
      bind_(new QLineEdit(QStringLiteral("127.0.0.1"), this)),
      key_(new QLineEdit(this)),
      context_(new QSpinBox(this)),
      temperature_(new QDoubleSpinBox(this)),
      maxTokens_(new QSpinBox(this)),
      start_(new QPushButton(this)),
      stop_(new QPushButton(this)),
      state_(new QLabel(this)),
      detail_(new JobDetail(this)),
      chat_(new ChatPanel(this)),
      net_(new QNetworkAccessManager(this)) {
  image_->setObjectName(QStringLiteral("serviceImage"));
  localHost_->setObjectName(QStringLiteral("serviceLocalHost"));
  port_->setObjectName(QStringLiteral("servicePort"));
  port_->setRange(0, 65535);
  port_->setValue(8000);
  key_->setObjectName(QStringLiteral("serviceKey"));
  key_->setEchoMode(QLineEdit::Password);
  context_->setRange(0, 1 << 20);
  temperature_->setRange(0, 2);
  temperature_->setSingleStep(0.1);
  temperature_->setValue(0.7);
  maxTokens_->setRange(1, 1 << 16);
  maxTokens_->setValue(256);
  start_->setObjectName(QStringLiteral("serviceStart"));
  stop_->setObjectName(QStringLiteral("serviceStop"));
  state_->setObjectName(QStringLiteral("serviceState"));
  state_->setWordWrap(true);
  for (int i = 0; i < 9; ++i) labels_.append(new QLabel(this));
  QWidget* fields[] = {image_, localHost_, hostLink_, port_, bind_, key_, context_, temperature_, maxTokens_};
  for (int i = 0; i < 9; ++i) form_->addRow(labels_[i], fields[i]);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(start_);
  buttons->addWidget(stop_);
  buttons->addStretch(1);
  auto* left = new QWidget(this);
  auto* l = new QVBoxLayout(left);
  l->addLayout(form_);
  l->addLayout(buttons);
  l->addWidget(state_);
  l->addStretch(1);
  auto* right = new QSplitter(Qt::Vertical, this);
  right->addWidget(detail_);
  right->addWidget(chat_);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(right);
  split->setSizes({380, 820});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);
  connect(start_, &QPushButton::clicked, this, [this] { start(); });
  connect(stop_, &QPushButton::clicked, this, &ServicePage::stop);
  connect(localHost_, &QCheckBox::toggled, hostLink_, &QWidget::setDisabled);
  connect(&poll_, &QTimer::timeout, this, &ServicePage::poll);
  poll_.setInterval(1000);
  retranslate();
  updateButtons();
}

void ServicePage::setImage(const QString& dir) {
  image_->setText(dir);
  localHost_->setChecked(true);
}

QString ServicePage::baseUrl() const {
  const QString host = bind_->text() == QLatin1String("0.0.0.0") ? QStringLiteral("127.0.0.1") : bind_->text();
  return QStringLiteral("http://%1:%2/v1").arg(host).arg(servicePort_);
}

bool ServicePage::start() {
  if (serve_ && !serve_->isFinished()) return false;
  QString link = hostLink_->text();
  double bound = 0;
  if (localHost_->isChecked()) {
    const int hostPort = freePort();
    link = QStringLiteral("127.0.0.1:%1").arg(hostPort);
    host_ = manager_->startCt(QStringLiteral("host"), {QStringLiteral("host"), QStringLiteral("--image"), image_->text(), QStringLiteral("--listen"), link},
                              {{QStringLiteral("image"), image_->text()}, {QStringLiteral("listen"), link}});
    QFile report(QDir(image_->text()).filePath(QStringLiteral("report.json")));
    if (report.open(QIODevice::ReadOnly)) bound = QJsonDocument::fromJson(report.readAll()).object().value(QStringLiteral("bound_tokens_per_s")).toDouble();
  }
  servicePort_ = port_->value() > 0 ? port_->value() : freePort();
  QStringList args{QStringLiteral("serve"), QStringLiteral("--host-link"), link, QStringLiteral("--port"), QString::number(servicePort_),
                   QStringLiteral("--bind"), bind_->text(), QStringLiteral("--temperature"), QString::number(temperature_->value()),
                   QStringLiteral("--max-tokens"), QString::number(maxTokens_->value())};
  if (context_->value() > 0) args << QStringLiteral("--context-length") << QString::number(context_->value());
  if (bound > 0) args << QStringLiteral("--bound") << QString::number(bound, 'f', 1);
  // The key reaches `ct serve` on its stdin, never on its command line (which ps shows everyone).
  QHash<QString, QString> secrets;
  if (!key_->text().isEmpty()) secrets.insert(QStringLiteral("api-key"), key_->text());
  serve_ = manager_->startCt(QStringLiteral("serve"), args, {{QStringLiteral("host_link"), link}, {QStringLiteral("port"), servicePort_}}, secrets);
  if (serve_) {
    detail_->showJob(serve_);
    connect(serve_, &jobs::Job::finished, this, &ServicePage::updateButtons);
  }
  chat_->setEndpoint(baseUrl(), key_->text());
  poll_.start();
  updateButtons();
  return serve_ != nullptr;
}

void ServicePage::stop() {
  if (serve_ && !serve_->isFinished()) serve_->cancel();
  if (host_ && !host_->isFinished()) host_->cancel();
  poll_.stop();
  link_ = QStringLiteral("stopped");
  state_->setText(tr("Service stopped."));
  updateButtons();
}

QString ServicePage::linkState() const { return link_; }

void ServicePage::poll() {
  QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/health").arg(servicePort_)));
  QNetworkReply* r = net_->get(req);
  connect(r, &QNetworkReply::finished, this, [this, r] {
    r->deleteLater();
    const QJsonObject h = QJsonDocument::fromJson(r->readAll()).object();
    if (h.isEmpty()) {
      link_ = QStringLiteral("starting");
      state_->setText(tr("Service starting at %1 …").arg(baseUrl()));
      return;
    }
    link_ = h.value(QStringLiteral("link")).toString();
    state_->setText(tr("Serving %1 — link to the FPGA host: %2 (%3 mode), model %4, %5 request(s) running.")
                        .arg(baseUrl(), link_, h.value(QStringLiteral("mode")).toString(), h.value(QStringLiteral("model")).toString())
                        .arg(h.value(QStringLiteral("in_flight")).toInt()));
    if (link_ == QLatin1String("ready") && chat_->property("modelsLoaded").isNull()) {
      chat_->setProperty("modelsLoaded", true);
      chat_->refreshModels();
    }
  });
}

void ServicePage::updateButtons() {
  const bool running = serve_ && !serve_->isFinished();
  start_->setEnabled(!running);
  stop_->setEnabled(running);
}

void ServicePage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void ServicePage::retranslate() {
  const QString labels[] = {tr("Image folder"), tr("Local emulator host"), tr("FPGA host"), tr("HTTP port"), tr("Listen address"),
                            tr("API key"), tr("Context length"), tr("Default temperature"), tr("Default max tokens")};
  for (int i = 0; i < 9; ++i) labels_[i]->setText(labels[i]);
  localHost_->setText(tr("start ct host --backend emulator on the image"));
  image_->setPlaceholderText(tr("compiled image (ct compile)"));
  key_->setPlaceholderText(tr("none"));
  context_->setSpecialValueText(tr("the host's"));
  start_->setText(tr("Start service"));
  stop_->setText(tr("Stop"));
  if (state_->text().isEmpty()) state_->setText(tr("Service stopped."));
}

}  // namespace ct::ui
