#include "users/audit_panel.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLineEdit>
#include <QTableWidget>
#include <QVBoxLayout>

#include "auth/audit_log.h"
#include "auth/auth_db.h"
#include "auth/session.h"

namespace ct::ui {
namespace {

QTableWidgetItem* cell(const QString& text) {
  auto* item = new QTableWidgetItem(text);
  item->setFlags(item->flags() & ~Qt::ItemIsEditable);
  return item;
}

// The log keeps the English word; the window shows it in the interface language.
QString outcomeText(const QString& outcome) {
  if (outcome == QLatin1String("ok")) return AuditPanel::tr("ok");
  if (outcome == QLatin1String("denied")) return AuditPanel::tr("denied");
  if (outcome == QLatin1String("failed")) return AuditPanel::tr("failed");
  if (outcome == QLatin1String("succeeded")) return AuditPanel::tr("succeeded");
  if (outcome == QLatin1String("cancelled")) return AuditPanel::tr("cancelled");
  return outcome;
}

}  // namespace

AuditPanel::AuditPanel(auth::AuthDb* db, QWidget* parent)
    : QWidget(parent),
      db_(db),
      user_(new QComboBox(this)),
      action_(new QComboBox(this)),
      outcome_(new QComboBox(this)),
      since_(new QComboBox(this)),
      text_(new QLineEdit(this)),
      table_(new QTableWidget(this)) {
  user_->setObjectName(QStringLiteral("auditUser"));
  action_->setObjectName(QStringLiteral("auditAction"));
  outcome_->setObjectName(QStringLiteral("auditOutcome"));
  since_->setObjectName(QStringLiteral("auditSince"));
  text_->setObjectName(QStringLiteral("auditText"));
  table_->setObjectName(QStringLiteral("auditTable"));
  table_->setColumnCount(8);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setStretchLastSection(true);
  for (const QString& o : {QString(), QStringLiteral("ok"), QStringLiteral("denied"), QStringLiteral("failed"), QStringLiteral("succeeded"),
                           QStringLiteral("cancelled")})
    outcome_->addItem(o, o);
  for (int hours : {0, 1, 24, 24 * 7, 24 * 30}) since_->addItem(QString(), hours);
  since_->setCurrentIndex(3);
  for (QComboBox* c : {user_, action_, outcome_, since_}) c->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  auto* filters = new QHBoxLayout;
  for (QWidget* w : std::initializer_list<QWidget*>{user_, action_, outcome_, since_}) filters->addWidget(w);
  filters->addWidget(text_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(filters);
  layout->addWidget(table_, 1);
  for (QComboBox* c : {user_, action_, outcome_, since_}) connect(c, &QComboBox::currentIndexChanged, this, &AuditPanel::reload);
  connect(text_, &QLineEdit::textChanged, this, &AuditPanel::reload);
  retranslate();
}

int AuditPanel::rowCount() const { return table_->rowCount(); }

void AuditPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void AuditPanel::retranslate() {
  table_->setHorizontalHeaderLabels({tr("When"), tr("User"), tr("Action"), tr("Target"), tr("Outcome"), tr("Host"), tr("Detail"), tr("Parameters")});
  text_->setPlaceholderText(tr("Search target or detail"));
  if (user_->count() > 0) user_->setItemText(0, tr("All users"));
  if (action_->count() > 0) action_->setItemText(0, tr("All actions"));
  outcome_->setItemText(0, tr("All outcomes"));
  for (int i = 1; i < outcome_->count(); ++i) outcome_->setItemText(i, outcomeText(outcome_->itemData(i).toString()));
  const QStringList spans = {tr("Any time"), tr("Last hour"), tr("Last 24 hours"), tr("Last 7 days"), tr("Last 30 days")};
  for (int i = 0; i < spans.size(); ++i) since_->setItemText(i, spans[i]);
}

void AuditPanel::refresh() {
  // Filter lists from what the log holds; the current choices stay.
  const QString user = user_->currentData().toString(), action = action_->currentData().toString();
  const QSignalBlocker b1(user_), b2(action_);
  auth::AuditLog log(*db_);
  user_->clear();
  user_->addItem(tr("All users"), QString());
  for (const QString& u : log.users()) user_->addItem(u, u);
  action_->clear();
  action_->addItem(tr("All actions"), QString());
  for (const QString& a : log.actions()) action_->addItem(a, a);
  user_->setCurrentIndex(qMax(0, user_->findData(user)));
  action_->setCurrentIndex(qMax(0, action_->findData(action)));
  reload();
}

void AuditPanel::reload() {
  auth::AuditFilter f;
  f.user = user_->currentData().toString();
  f.action = action_->currentData().toString();
  f.outcome = outcome_->currentData().toString();
  f.text = text_->text().trimmed();
  const int hours = since_->currentData().toInt();
  if (hours > 0) f.since = QDateTime::currentDateTimeUtc().addSecs(-3600LL * hours);
  f.limit = 2000;
  QString error;
  const QList<auth::AuditEntry> rows = auth::AuditLog(*db_).query(auth::currentIdentity(), f, &error);
  table_->setRowCount(static_cast<int>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    const auth::AuditEntry& e = rows[r];
    const QStringList values = {e.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm:ss")), e.user, e.action, e.target, outcomeText(e.outcome), e.host, e.detail,
                                e.params.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(e.params).toJson(QJsonDocument::Compact))};
    for (int c = 0; c < values.size(); ++c) table_->setItem(r, c, cell(values[c]));
    if (e.outcome == QLatin1String("denied") || e.outcome == QLatin1String("failed"))
      for (int c = 0; c < values.size(); ++c) table_->item(r, c)->setForeground(QColor(0xb4, 0x23, 0x18));
  }
  table_->resizeColumnsToContents();
}

}  // namespace ct::ui
