#include "models/models_page.h"

#include <QDir>
#include <QDirIterator>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QVBoxLayout>

#include "model/inspect.h"

namespace ct::ui {

ModelsPage::ModelsPage(QWidget* parent)
    : QWidget(parent),
      label_(new QLabel(this)),
      root_(new QLineEdit(this)),
      browse_(new QPushButton(this)),
      rescan_(new QPushButton(this)),
      list_(new QListWidget(this)),
      details_(new QPlainTextEdit(this)) {
  list_->setObjectName(QStringLiteral("modelList"));
  details_->setObjectName(QStringLiteral("modelDetails"));
  details_->setReadOnly(true);
  details_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  auto* bar = new QHBoxLayout;
  bar->addWidget(label_);
  bar->addWidget(root_, 1);
  bar->addWidget(browse_);
  bar->addWidget(rescan_);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(list_);
  split->addWidget(details_);
  split->setSizes({300, 700});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(bar);
  layout->addWidget(split, 1);

  connect(browse_, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, label_->text(), root_->text());
    if (!dir.isEmpty()) scan(dir);
  });
  connect(rescan_, &QPushButton::clicked, this, [this] { scan(root_->text()); });
  connect(root_, &QLineEdit::returnPressed, this, [this] { scan(root_->text()); });
  connect(list_, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0) showModel(list_->item(row)->data(Qt::UserRole).toString());
  });
  retranslate();
  const QString saved = QSettings().value(QStringLiteral("models/root")).toString();
  if (!saved.isEmpty()) scan(saved);
}

void ModelsPage::scan(const QString& root) {
  root_->setText(root);
  QSettings().setValue(QStringLiteral("models/root"), root);
  list_->clear();
  details_->clear();
  // A model folder is one with a config.json; look two levels down (org/name layouts).
  QStringList found;
  if (QFileInfo::exists(QDir(root).filePath(QStringLiteral("config.json")))) found << root;
  QDirIterator it(root, QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    const QString d = it.next();
    if (QDir(root).relativeFilePath(d).count(QLatin1Char('/')) > 1) continue;
    if (QFileInfo::exists(QDir(d).filePath(QStringLiteral("config.json")))) found << d;
  }
  found.sort();
  for (const QString& d : found) {
    auto* item = new QListWidgetItem(QDir(root).relativeFilePath(d) == QLatin1String(".") ? QFileInfo(d).fileName() : QDir(root).relativeFilePath(d), list_);
    item->setData(Qt::UserRole, d);
  }
  if (list_->count() > 0) list_->setCurrentRow(0);
}

int ModelsPage::modelCount() const { return list_->count(); }

void ModelsPage::showModel(const QString& dir) { details_->setPlainText(model::describeInspection(model::inspectCheckpoint(dir))); }

void ModelsPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void ModelsPage::retranslate() {
  label_->setText(tr("Model folder"));
  root_->setPlaceholderText(tr("A folder holding Hugging Face model folders"));
  browse_->setText(tr("Browse…"));
  rescan_->setText(tr("Scan"));
}

}  // namespace ct::ui
