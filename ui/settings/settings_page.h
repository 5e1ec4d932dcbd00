#pragma once
#include <QList>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;

namespace ct::ui {

// Language and where CT Studio keeps its files.
class SettingsPage : public QWidget {
  Q_OBJECT
 public:
  explicit SettingsPage(QWidget* parent = nullptr);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();

  QFormLayout* form_;
  QComboBox* language_;
  QLabel* history_;
  QLabel* logs_;
  QLabel* product_;
  QList<QLabel*> labels_;
};

}  // namespace ct::ui
