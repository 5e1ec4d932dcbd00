#pragma once
#include <QString>

class QLineEdit;
class QWidget;

namespace ct::ui {

enum class PathKind { ExistingFolder, NewFolder, OpenFile };

// A line edit with a "…" button that opens the matching file dialog. The edit sits in a small
// row widget (its parentWidget()), which is what a form adds.
QLineEdit* makePathField(QWidget* owner, const QString& objectName, PathKind kind, const QString& fileFilter = {});

}  // namespace ct::ui
