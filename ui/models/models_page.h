#pragma once
#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace ct::ui {

// Model folders found under a folder the user chooses, and the inspection of the selected one
// (the same report as `ct model inspect`).
class ModelsPage : public QWidget {
  Q_OBJECT
 public:
  explicit ModelsPage(QWidget* parent = nullptr);
  void scan(const QString& root);
  int modelCount() const;

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void showModel(const QString& dir);

  QLabel* label_;
  QLineEdit* root_;
  QPushButton* browse_;
  QPushButton* rescan_;
  QListWidget* list_;
  QPlainTextEdit* details_;
};

}  // namespace ct::ui
