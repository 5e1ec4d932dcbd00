#include "settings/settings_page.h"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>

#include "brand/brand.h"
#include "shell/language.h"
#include "util/paths.h"

namespace ct::ui {

SettingsPage::SettingsPage(QWidget* parent)
    : QWidget(parent),
      form_(new QFormLayout(this)),
      language_(new QComboBox(this)),
      history_(new QLabel(paths::jobsDatabase(), this)),
      logs_(new QLabel(paths::jobLogDir(), this)),
      product_(new QLabel(this)) {
  language_->setObjectName(QStringLiteral("languageCombo"));
  for (const QString& code : availableLanguages()) language_->addItem(languageName(code), code);
  language_->setCurrentIndex(language_->findData(savedLanguage()));
  for (QLabel* l : {history_, logs_}) l->setTextInteractionFlags(Qt::TextSelectableByMouse);
  const auto& b = brand::Brand::current();
  product_->setText(QStringLiteral("%1 %2%3").arg(b.productName, QStringLiteral(CT_VERSION),
                                                  b.company.isEmpty() ? QString() : QStringLiteral(" — ") + b.company));
  for (QWidget* field : std::initializer_list<QWidget*>{language_, history_, logs_, product_}) {
    labels_.append(new QLabel(this));
    form_->addRow(labels_.back(), field);
  }
  connect(language_, &QComboBox::currentIndexChanged, this, [this](int i) {
    const QString code = language_->itemData(i).toString();
    saveLanguage(code);
    applyLanguage(code);
  });
  retranslate();
}

void SettingsPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void SettingsPage::retranslate() {
  const QStringList labels = {tr("Language"), tr("Job history"), tr("Job logs"), tr("Product")};
  for (int i = 0; i < labels.size(); ++i) labels_[i]->setText(labels[i]);
}

}  // namespace ct::ui
