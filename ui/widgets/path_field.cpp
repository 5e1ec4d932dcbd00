#include "widgets/path_field.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>

namespace ct::ui {

QLineEdit* makePathField(QWidget* owner, const QString& objectName, PathKind kind, const QString& fileFilter) {
  auto* box = new QWidget(owner);
  auto* edit = new QLineEdit(box);
  edit->setObjectName(objectName);
  auto* browse = new QToolButton(box);
  browse->setText(QStringLiteral("…"));
  auto* h = new QHBoxLayout(box);
  h->setContentsMargins(0, 0, 0, 0);
  h->addWidget(edit, 1);
  h->addWidget(browse);
  QObject::connect(browse, &QToolButton::clicked, owner, [owner, edit, kind, fileFilter] {
    QString path;
    switch (kind) {
      case PathKind::ExistingFolder: path = QFileDialog::getExistingDirectory(owner, QString(), edit->text()); break;
      case PathKind::NewFolder: path = QFileDialog::getSaveFileName(owner, QString(), edit->text()); break;
      case PathKind::OpenFile: path = QFileDialog::getOpenFileName(owner, QString(), edit->text(), fileFilter); break;
    }
    if (!path.isEmpty()) edit->setText(path);
  });
  return edit;
}

}  // namespace ct::ui
