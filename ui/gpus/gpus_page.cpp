#include "gpus/gpus_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "gpus/ct_query.h"
#include "gpus/gpu_graph_view.h"
#include "remote/host_store.h"
#include "util/paths.h"
#include "widgets/role_gate.h"

namespace ct::ui {
namespace {

constexpr int kRefreshMs = 5000;

QJsonObject lastObject(const QByteArray& out) {
  const QList<QByteArray> lines = out.trimmed().split('\n');
  for (auto it = lines.rbegin(); it != lines.rend(); ++it)
    if (const QJsonDocument d = QJsonDocument::fromJson(*it); d.isObject()) return d.object();
  return {};
}

}  // namespace

GpusPage::GpusPage(QWidget* parent) : QWidget(parent), query_(new CtQuery(this)) {
  hosts_ = new QComboBox(this);
  hosts_->setObjectName(QStringLiteral("gpuHost"));
  hosts_->setMinimumWidth(180);
  refresh_ = new QPushButton(this);
  refresh_->setObjectName(QStringLiteral("refreshGpus"));
  RoleGate::guard(refresh_, auth::Action::UseHost);
  live_ = new QCheckBox(this);
  live_->setChecked(true);
  legend_ = new QLabel(this);
  status_ = new QLabel(this);
  status_->setObjectName(QStringLiteral("gpuStatus"));
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  view_ = new GpuGraphView(this);
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setWidget(view_);
  scroll->setFrameShape(QFrame::NoFrame);
  leasesTitle_ = new QLabel(this);
  leases_ = new QTableWidget(this);
  leases_->setObjectName(QStringLiteral("leaseTable"));
  leases_->setColumnCount(6);
  leases_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  leases_->setSelectionBehavior(QAbstractItemView::SelectRows);
  leases_->verticalHeader()->hide();
  leases_->horizontalHeader()->setStretchLastSection(true);

  auto* top = new QHBoxLayout;
  top->addWidget(hosts_);
  top->addWidget(refresh_);
  top->addWidget(live_);
  top->addSpacing(12);
  top->addWidget(legend_);
  for (const char* color : {"#d07a2a", "#3572c8", "#9bb58e"}) {
    auto* swatch = new QLabel(QStringLiteral("■"), this);
    swatch->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(color)));
    auto* words = new QLabel(this);
    legendParts_ << words;
    top->addWidget(swatch);
    top->addWidget(words);
  }
  top->addStretch(1);
  auto* bottom = new QWidget(this);
  auto* bottomLayout = new QVBoxLayout(bottom);
  bottomLayout->setContentsMargins(0, 0, 0, 0);
  bottomLayout->addWidget(leasesTitle_);
  bottomLayout->addWidget(leases_);
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(scroll);
  split->addWidget(bottom);
  split->setStretchFactor(0, 4);
  split->setStretchFactor(1, 1);
  split->setSizes({560, 140});
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(status_);
  layout->addWidget(split, 1);

  timer_.setInterval(kRefreshMs);
  connect(&timer_, &QTimer::timeout, this, [this] {
    if (!query_->isRunning()) refresh();
  });
  connect(refresh_, &QPushButton::clicked, this, &GpusPage::refresh);
  connect(live_, &QCheckBox::toggled, this, [this](bool on) {
    if (on && isVisible()) timer_.start();
    else timer_.stop();
  });
  connect(hosts_, &QComboBox::currentIndexChanged, this, [this] {
    graph_ = {};
    view_->clear();
    leases_->setRowCount(0);
    if (isVisible()) refresh();
  });
  retranslate();
  reloadHosts();
}

void GpusPage::reloadHosts() {
  const QString keep = host();
  QSignalBlocker block(hosts_);
  hosts_->clear();
  remote::HostStore store(paths::jobsDatabase());
  if (store.open(nullptr))
    for (const auto& p : store.list()) hosts_->addItem(p.name, p.name);
  hosts_->addItem(tr("this computer (local)"), QStringLiteral("local"));
  const int i = hosts_->findData(keep);
  hosts_->setCurrentIndex(i >= 0 ? i : 0);
}

void GpusPage::setHost(const QString& name) {
  reloadHosts();
  const int i = hosts_->findData(name);
  if (i >= 0) hosts_->setCurrentIndex(i);
}

QString GpusPage::host() const { return hosts_->currentData().toString(); }
bool GpusPage::isRefreshing() const { return query_->isRunning(); }
QString GpusPage::statusText() const { return status_->text(); }

void GpusPage::setStatus(const QString& text, bool error) {
  error_ = error;
  status_->setText(text);
  status_->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
}

void GpusPage::refresh() {
  const QString name = host();
  if (name.isEmpty()) return;
  if (graph_.isEmpty()) setStatus(tr("Reading the GPUs of %1…").arg(name), false);
  query_->run({QStringLiteral("gpus"), name}, [this, name](const CtQuery::Reply& r) {
    if (name != host()) return;
    const QJsonObject g = lastObject(r.out);
    if (!r.ok || !g.contains(QStringLiteral("gpus"))) {
      // ct names the host and the step (nvidia-smi missing, SSH refused, a matrix it cannot read).
      QString why = r.error;
      if (why.startsWith(QLatin1String("ct gpus: "))) why = why.mid(9);
      if (why.startsWith(name + QStringLiteral(": "))) why = why.mid(name.size() + 2);
      // The usual case on a workstation without an NVIDIA driver, said in words with the way on.
      if (name == QLatin1String("local") && why.contains(QLatin1String("cannot start nvidia-smi")))
        setStatus(tr("This machine has no nvidia-smi (no NVIDIA driver): its GPUs cannot be read. Choose a GPU host above, or add one on the GPU Hosts page."), true);
      else
        setStatus(tr("Cannot read the GPUs of %1: %2").arg(name, why.isEmpty() ? tr("no answer") : why), true);
      graph_ = {};
      view_->clear();
      leases_->setRowCount(0);
      Q_EMIT refreshed();
      return;
    }
    // Unchanged since the last read: the cards stay as they are (no flicker, the scroll position kept).
    if (g != graph_ || name != shownHost_) {
      graph_ = g;
      shownHost_ = name;
      view_->setGraph(g);
      showLeases();
    }
    const int n = int(g.value(QStringLiteral("gpus")).toArray().size());
    setStatus(n == 0 ? tr("%1 lists no GPU.").arg(name)
                     : tr("%1: %n GPU(s), %2 lease(s); read at %3", nullptr, n)
                           .arg(name)
                           .arg(g.value(QStringLiteral("leases")).toArray().size())
                           .arg(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"))),
              false);
    Q_EMIT refreshed();
  });
}

void GpusPage::showLeases() {
  const QJsonArray ls = graph_.value(QStringLiteral("leases")).toArray();
  QMap<QString, int> indexOf;
  for (const auto& gv : graph_.value(QStringLiteral("gpus")).toArray())
    indexOf.insert(gv.toObject().value(QStringLiteral("uuid")).toString(), gv.toObject().value(QStringLiteral("index")).toInt());
  leases_->setRowCount(int(ls.size()));
  for (int r = 0; r < ls.size(); ++r) {
    const QJsonObject l = ls[r].toObject();
    QStringList gpus, ports;
    for (const auto& gv : l.value(QStringLiteral("gpus")).toArray()) {
      const QJsonObject g = gv.toObject();
      gpus << tr("GPU %1: %2 GiB").arg(indexOf.value(g.value(QStringLiteral("uuid")).toString(), -1))
                  .arg(g.value(QStringLiteral("budget_bytes")).toDouble() / (1024.0 * 1024.0 * 1024.0), 0, 'f', 1);
    }
    for (const auto& p : l.value(QStringLiteral("ports")).toArray()) ports << QString::number(p.toInt());
    const QString app = l.value(QStringLiteral("app_user")).toString();
    const QStringList cells{l.value(QStringLiteral("id")).toString(),
                            app.isEmpty() ? l.value(QStringLiteral("os_user")).toString() : QStringLiteral("%1 / %2").arg(l.value(QStringLiteral("os_user")).toString(), app),
                            l.value(QStringLiteral("job_id")).toString(), gpus.join(QStringLiteral(", ")), ports.join(QLatin1Char(',')),
                            l.value(QStringLiteral("expires")).toString().isEmpty() ? tr("with its job") : l.value(QStringLiteral("expires")).toString()};
    for (int c = 0; c < cells.size(); ++c) leases_->setItem(r, c, new QTableWidgetItem(cells[c]));
  }
  leases_->resizeColumnsToContents();
}

void GpusPage::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  reloadHosts();
  refresh();
  if (live_->isChecked()) timer_.start();
}

void GpusPage::hideEvent(QHideEvent* event) {
  timer_.stop();
  QWidget::hideEvent(event);
}

void GpusPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslate();
    showLeases();
    if (isVisible()) refresh();  // the status line is worded when read
  }
  QWidget::changeEvent(event);
}

void GpusPage::retranslate() {
  refresh_->setText(tr("Refresh"));
  live_->setText(tr("Live (every 5 s)"));
  legend_->setText(tr("Memory:"));
  legendParts_[0]->setText(tr("used outside leases"));
  legendParts_[1]->setText(tr("leased"));
  legendParts_[2]->setText(tr("free"));
  leasesTitle_->setText(tr("Leases on this host"));
  leases_->setHorizontalHeaderLabels({tr("Lease"), tr("Held by"), tr("Job"), tr("GPUs and budgets"), tr("Ports"), tr("Ends")});
  const int i = hosts_->findData(QStringLiteral("local"));
  if (i >= 0) hosts_->setItemText(i, tr("this computer (local)"));
}

}  // namespace ct::ui
