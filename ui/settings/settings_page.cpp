#include "settings/settings_page.h"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

#include "brand/brand.h"
#include "services/service_registry.h"
#include "shell/language.h"
#include "util/paths.h"
#include "widgets/target_picker.h"
#include "widgets/role_gate.h"

namespace ct::ui {

SettingsPage::SettingsPage(services::ServiceRegistry* registry, QWidget* parent)
    : QWidget(parent),
      registry_(registry),
      form_(new QFormLayout),
      language_(new QComboBox(this)),
      endpoints_(new QTableWidget(this)),
      name_(new QLineEdit(this)),
      url_(new QLineEdit(this)),
      key_(new QLineEdit(this)),
      add_(new QPushButton(this)),
      remove_(new QPushButton(this)),
      history_(new QLabel(paths::jobsDatabase(), this)),
      logs_(new QLabel(paths::jobLogDir(), this)),
      product_(new QLabel(this)) {
  language_->setObjectName(QStringLiteral("languageCombo"));
  for (const QString& code : availableLanguages()) language_->addItem(languageName(code), code);
  language_->setCurrentIndex(language_->findData(savedLanguage()));
  for (QLabel* l : {history_, logs_}) l->setTextInteractionFlags(Qt::TextSelectableByMouse);
  const auto& b = brand::Brand::current();
  product_->setText(QStringLiteral("%1 %2%3").arg(b.productName, b.version(),
                                                  b.company.isEmpty() || b.company == b.productName ? QString() : QStringLiteral(" — ") + b.company));
  endpoints_->setObjectName(QStringLiteral("endpointTable"));
  endpoints_->setColumnCount(2);
  endpoints_->verticalHeader()->hide();
  endpoints_->horizontalHeader()->setStretchLastSection(true);
  endpoints_->setSelectionBehavior(QAbstractItemView::SelectRows);
  endpoints_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  endpoints_->setMaximumHeight(150);
  name_->setObjectName(QStringLiteral("endpointName"));
  url_->setObjectName(QStringLiteral("endpointUrl"));
  key_->setObjectName(QStringLiteral("endpointKey"));
  key_->setEchoMode(QLineEdit::Password);
  add_->setObjectName(QStringLiteral("endpointAdd"));
  remove_->setObjectName(QStringLiteral("endpointRemove"));
  RoleGate::guard(add_, auth::Action::ManageSettings);
  RoleGate::guard(remove_, auth::Action::ManageSettings);
  auto* addRow = new QHBoxLayout;
  addRow->addWidget(name_, 1);
  addRow->addWidget(url_, 3);
  addRow->addWidget(key_, 1);
  addRow->addWidget(add_);
  addRow->addWidget(remove_);
  auto* endpointBox = new QWidget(this);
  auto* eb = new QVBoxLayout(endpointBox);
  eb->setContentsMargins(0, 0, 0, 0);
  eb->addWidget(endpoints_);
  eb->addLayout(addRow);
  for (QWidget* field : std::initializer_list<QWidget*>{language_, endpointBox, history_, logs_, product_}) {
    labels_.append(new QLabel(this));
    form_->addRow(labels_.back(), field);
  }
  form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form_);
  layout->addStretch(1);
  connect(language_, &QComboBox::currentIndexChanged, this, [this](int i) {
    const QString code = language_->itemData(i).toString();
    saveLanguage(code);
    applyLanguage(code);
  });
  for (QLineEdit* e : {name_, url_}) connect(e, &QLineEdit::textChanged, this, &SettingsPage::updateAdd);
  connect(add_, &QPushButton::clicked, this, [this] {
    if (!registry_) return;
    registry_->addEndpoint({name_->text().trimmed(), url_->text().trimmed(), key_->text()});
    name_->clear();
    url_->clear();
    key_->clear();
  });
  connect(remove_, &QPushButton::clicked, this, [this] {
    const int row = endpoints_->currentRow();
    if (registry_ && row >= 0) registry_->removeEndpoint(endpoints_->item(row, 0)->text());
  });
  connect(endpoints_, &QTableWidget::itemSelectionChanged, this, &SettingsPage::updateAdd);
  if (registry_) connect(registry_, &services::ServiceRegistry::changed, this, &SettingsPage::fillEndpoints);
  retranslate();
  fillEndpoints();
}

void SettingsPage::fillEndpoints() {
  const QList<services::Endpoint> all = registry_ ? registry_->endpoints() : QList<services::Endpoint>{};
  endpoints_->setRowCount(static_cast<int>(all.size()));
  for (int i = 0; i < all.size(); ++i) {
    endpoints_->setItem(i, 0, new QTableWidgetItem(all[i].name));
    endpoints_->setItem(i, 1, new QTableWidgetItem(all[i].url));
  }
  updateAdd();
}

void SettingsPage::updateAdd() {
  QString why;
  const QUrl u(url_->text().trimmed());
  if (!registry_) why = tr("Not available here.");
  else if (name_->text().trimmed().isEmpty()) why = tr("Give the endpoint a short name (e.g. gpu-vllm).");
  else if (!u.isValid() || !u.scheme().startsWith(QStringLiteral("http")) || u.host().isEmpty()) why = tr("Give its OpenAI base URL, e.g. http://gpu-host:8000/v1.");
  setEnabledOrWhy(add_, why);
  setEnabledOrWhy(remove_, endpoints_->currentRow() >= 0 ? QString() : tr("Select an endpoint in the list."));
}

void SettingsPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void SettingsPage::retranslate() {
  const QStringList labels = {tr("Language"), tr("Known endpoints"), tr("Job history"), tr("Job logs"), tr("Product")};
  for (int i = 0; i < labels.size(); ++i) labels_[i]->setText(labels[i]);
  endpoints_->setHorizontalHeaderLabels({tr("Name"), tr("OpenAI base URL")});
  name_->setPlaceholderText(tr("name"));
  url_->setPlaceholderText(tr("http://gpu-host:8000/v1"));
  key_->setPlaceholderText(tr("API key (kept until the app closes)"));
  add_->setText(tr("Add"));
  remove_->setText(tr("Remove"));
  updateAdd();
}

}  // namespace ct::ui
