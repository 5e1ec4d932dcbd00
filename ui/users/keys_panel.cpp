#include "users/keys_panel.h"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "auth/auth_db.h"
#include "auth/service_keys.h"
#include "auth/session.h"

namespace ct::ui {
namespace {

QTableWidgetItem* cell(const QString& text, bool number = false) {
  auto* item = new QTableWidgetItem(text);
  item->setFlags(item->flags() & ~Qt::ItemIsEditable);
  if (number) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

QString when(const QDateTime& t) { return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm")) : QStringLiteral("-"); }

}  // namespace

KeysPanel::KeysPanel(auth::AuthDb* db, QWidget* parent)
    : QWidget(parent),
      db_(db),
      keys_(new QTableWidget(this)),
      createTitle_(new QLabel(this)),
      user_(new QComboBox(this)),
      name_(new QLineEdit(this)),
      expires_(new QComboBox(this)),
      create_(new QPushButton(this)),
      revoke_(new QPushButton(this)),
      issued_(new QLineEdit(this)),
      issuedNote_(new QLabel(this)),
      usageTitle_(new QLabel(this)),
      usage_(new QTableWidget(this)) {
  keys_->setObjectName(QStringLiteral("keysTable"));
  user_->setObjectName(QStringLiteral("keyUser"));
  name_->setObjectName(QStringLiteral("keyName"));
  expires_->setObjectName(QStringLiteral("keyExpires"));
  create_->setObjectName(QStringLiteral("keyCreate"));
  revoke_->setObjectName(QStringLiteral("keyRevoke"));
  issued_->setObjectName(QStringLiteral("keyIssued"));
  usage_->setObjectName(QStringLiteral("keyUsage"));
  keys_->setColumnCount(9);
  usage_->setColumnCount(4);
  for (QTableWidget* t : {keys_, usage_}) {
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
  }
  for (int days : {0, 7, 30, 90, 365}) expires_->addItem(QString(), days);
  expires_->setCurrentIndex(3);
  issued_->setReadOnly(true);
  issued_->setVisible(false);
  issuedNote_->setWordWrap(true);
  issuedNote_->setVisible(false);
  createTitle_->setStyleSheet(QStringLiteral("font-weight: bold;"));
  usageTitle_->setStyleSheet(QStringLiteral("font-weight: bold;"));

  auto* form = new QHBoxLayout;
  form->addWidget(user_);
  form->addWidget(name_, 1);
  form->addWidget(expires_);
  form->addWidget(create_);
  form->addStretch();
  form->addWidget(revoke_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(keys_, 2);
  layout->addWidget(createTitle_);
  layout->addLayout(form);
  layout->addWidget(issued_);
  layout->addWidget(issuedNote_);
  layout->addWidget(usageTitle_);
  layout->addWidget(usage_, 1);
  connect(create_, &QPushButton::clicked, this, &KeysPanel::create);
  connect(revoke_, &QPushButton::clicked, this, &KeysPanel::revoke);
  connect(keys_, &QTableWidget::itemSelectionChanged, this, &KeysPanel::showUsage);
  retranslate();
}

void KeysPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void KeysPanel::retranslate() {
  keys_->setHorizontalHeaderLabels({tr("Name"), tr("User"), tr("State"), tr("Created"), tr("Expires"), tr("Last used"), tr("Requests"),
                                    tr("Prompt tokens"), tr("Completion tokens")});
  usage_->setHorizontalHeaderLabels({tr("Day"), tr("Requests"), tr("Prompt tokens"), tr("Completion tokens")});
  createTitle_->setText(tr("New key for ct serve --keys-from-db"));
  name_->setPlaceholderText(tr("Key name (optional)"));
  const QStringList spans = {tr("Never expires"), tr("Expires in 7 days"), tr("Expires in 30 days"), tr("Expires in 90 days"), tr("Expires in 1 year")};
  for (int i = 0; i < spans.size(); ++i) expires_->setItemText(i, spans[i]);
  create_->setText(tr("Create key"));
  revoke_->setText(tr("Revoke selected key"));
  issuedNote_->setText(tr("This is the only time the key is shown: only its hash is stored. Give it to the client now "
                          "(Authorization: Bearer <key>)."));
  usageTitle_->setText(tr("Usage of the selected key per day"));
}

void KeysPanel::refresh(const QStringList& users) {
  const QString keepUser = user_->currentText();
  user_->clear();
  user_->addItems(users);
  if (users.contains(keepUser)) user_->setCurrentText(keepUser);
  QString error;
  const QList<auth::ServiceKey> all = auth::ServiceKeys(*db_).list(auth::currentIdentity(), &error);
  const QDateTime now = QDateTime::currentDateTimeUtc();
  keys_->setRowCount(static_cast<int>(all.size()));
  for (int r = 0; r < all.size(); ++r) {
    const auth::ServiceKey& k = all[r];
    const QString state = k.state(now);
    keys_->setItem(r, 0, cell(k.name));
    keys_->item(r, 0)->setData(Qt::UserRole, k.id);
    keys_->setItem(r, 1, cell(k.user));
    keys_->setItem(r, 2, cell(state == QLatin1String("active") ? tr("active") : state == QLatin1String("revoked") ? tr("revoked") : tr("expired")));
    keys_->setItem(r, 3, cell(when(k.created)));
    keys_->setItem(r, 4, cell(k.expires.isValid() ? when(k.expires) : tr("never")));
    keys_->setItem(r, 5, cell(when(k.lastUsed)));
    keys_->setItem(r, 6, cell(QString::number(k.requests), true));
    keys_->setItem(r, 7, cell(QString::number(k.promptTokens), true));
    keys_->setItem(r, 8, cell(QString::number(k.completionTokens), true));
  }
  keys_->resizeColumnsToContents();
  showUsage();
}

void KeysPanel::create() {
  if (user_->currentText().isEmpty()) {
    Q_EMIT reported(false, tr("Choose the user whose requests the key carries."));
    return;
  }
  const int days = expires_->currentData().toInt();
  const QDateTime expires = days > 0 ? QDateTime::currentDateTimeUtc().addDays(days) : QDateTime();
  QString error;
  const auto issued = auth::ServiceKeys(*db_).create(auth::currentIdentity(), user_->currentText(), name_->text().trimmed(), expires, &error);
  if (!issued) {
    Q_EMIT reported(false, error);
    return;
  }
  issued_->setText(QString::fromLatin1(issued->secret));
  issued_->setVisible(true);
  issuedNote_->setVisible(true);
  issued_->selectAll();
  name_->clear();
  Q_EMIT reported(true, tr("Key %1 created for %2.").arg(issued->key.name, issued->key.user));
  QStringList users;
  for (int i = 0; i < user_->count(); ++i) users << user_->itemText(i);
  refresh(users);
}

void KeysPanel::revoke() {
  const auto rows = keys_->selectionModel()->selectedRows();
  if (rows.isEmpty()) {
    Q_EMIT reported(false, tr("Select a key first."));
    return;
  }
  const QString name = keys_->item(rows.first().row(), 0)->text();
  QString error;
  if (!auth::ServiceKeys(*db_).revoke(auth::currentIdentity(), name, &error)) {
    Q_EMIT reported(false, error);
    return;
  }
  issued_->clear();
  issued_->setVisible(false);
  issuedNote_->setVisible(false);
  Q_EMIT reported(true, tr("Key %1 revoked: the service refuses it from the next request.").arg(name));
  QStringList users;
  for (int i = 0; i < user_->count(); ++i) users << user_->itemText(i);
  refresh(users);
}

void KeysPanel::showUsage() {
  const auto rows = keys_->selectionModel() ? keys_->selectionModel()->selectedRows() : QModelIndexList();
  usage_->setRowCount(0);
  if (rows.isEmpty()) return;
  const QString id = keys_->item(rows.first().row(), 0)->data(Qt::UserRole).toString();
  QString error;
  const QList<auth::KeyUsageDay> days = auth::ServiceKeys(*db_).usage(auth::currentIdentity(), id, {}, &error);
  usage_->setRowCount(static_cast<int>(days.size()));
  for (int r = 0; r < days.size(); ++r) {
    usage_->setItem(r, 0, cell(days[r].day.toString(Qt::ISODate)));
    usage_->setItem(r, 1, cell(QString::number(days[r].requests), true));
    usage_->setItem(r, 2, cell(QString::number(days[r].promptTokens), true));
    usage_->setItem(r, 3, cell(QString::number(days[r].completionTokens), true));
  }
}

}  // namespace ct::ui
