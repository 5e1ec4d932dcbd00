#include "widgets/target_picker.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLineEdit>

namespace ct::ui {

void setEnabledOrWhy(QAbstractButton* button, const QString& reason) {
  button->setEnabled(reason.isEmpty());
  button->setToolTip(reason);
}

TargetPicker::TargetPicker(services::ServiceRegistry* registry, QWidget* parent)
    : QWidget(parent), registry_(registry), combo_(new QComboBox(this)), url_(new QLineEdit(this)) {
  combo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  combo_->setMinimumContentsLength(12);
  url_->setPlaceholderText(QStringLiteral("http://127.0.0.1:8000/v1"));
  url_->hide();
  auto* l = new QVBoxLayout(this);
  l->setContentsMargins(0, 0, 0, 0);
  l->setSpacing(2);
  l->addWidget(combo_);
  l->addWidget(url_);
  connect(combo_, &QComboBox::currentIndexChanged, this, [this] {
    url_->setVisible(isUrl());
    Q_EMIT changed();
  });
  connect(url_, &QLineEdit::textChanged, this, &TargetPicker::changed);
  connect(combo_, &QComboBox::activated, this, [this] { userChose_ = true; });
  if (registry_) connect(registry_, &services::ServiceRegistry::changed, this, &TargetPicker::refresh);
  refresh();
}

void TargetPicker::setFilter(Filter f) {
  filter_ = std::move(f);
  refresh();
}

void TargetPicker::refresh() {
  const QString keep = currentId();
  const QSignalBlocker block(combo_);
  combo_->clear();
  targets_.clear();
  if (registry_)
    for (const services::Target& t : registry_->targets())
      if (!filter_ || filter_(t)) targets_ << t;
  for (const services::Target& t : targets_) {
    combo_->addItem(t.label(), t.id());
    combo_->setItemData(combo_->count() - 1, t.kind == services::Target::Kind::Folder ? t.path : t.url, Qt::ToolTipRole);
  }
  combo_->addItem(tr("Another URL…"), QStringLiteral("url"));
  const int i = combo_->findData(keep);
  combo_->setCurrentIndex(i >= 0 ? i : 0);
  if (preferred_ && !userChose_) {
    // Nothing of the wanted kind yet: an address rather than a folder of another kind.
    int pick = combo_->findData(QStringLiteral("url"));
    for (const services::Target& t : targets_)
      if (t.kind == services::Target::Kind::Folder && t.folderKind == *preferred_) {
        pick = combo_->findData(t.id());
        break;
      }
    combo_->setCurrentIndex(pick);
  }
  url_->setVisible(isUrl());
  Q_EMIT changed();
}

bool TargetPicker::isUrl() const { return combo_->currentData().toString() == QLatin1String("url"); }

QString TargetPicker::currentId() const { return combo_->currentData().toString(); }

bool TargetPicker::selectId(const QString& id) {
  const int i = combo_->findData(id);
  if (i < 0) return false;
  userChose_ = true;
  combo_->setCurrentIndex(i);
  return true;
}

bool TargetPicker::selectFirst(services::SourceKind kind) {
  for (const services::Target& t : targets_)
    if ((t.kind == services::Target::Kind::Folder || t.kind == services::Target::Kind::Service) && t.folderKind == kind) return selectId(t.id());
  return false;
}

void TargetPicker::setPreferredKind(services::SourceKind kind) {
  preferred_ = kind;
  refresh();
}

void TargetPicker::setUrl(const QString& url) {
  userChose_ = true;
  combo_->setCurrentIndex(combo_->findData(QStringLiteral("url")));
  url_->setText(url);
}

std::optional<services::Target> TargetPicker::current() const {
  if (isUrl()) {
    services::Target t;
    t.kind = services::Target::Kind::Endpoint;
    t.name = QStringLiteral("URL");
    t.url = url_->text().trimmed();
    return t;
  }
  for (const services::Target& t : targets_)
    if (t.id() == currentId()) return t;
  return std::nullopt;
}

void TargetPicker::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) refresh();
  QWidget::changeEvent(event);
}

}  // namespace ct::ui
