#pragma once
#include <QList>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace ct::services {
class ServiceRegistry;
}

namespace ct::ui {

// Language, the endpoints the app should know (vLLM on a GPU host, colleagues' services) so
// Evaluate and chat can pick them, and where CT Studio keeps its files.
class SettingsPage : public QWidget {
  Q_OBJECT
 public:
  explicit SettingsPage(services::ServiceRegistry* registry = nullptr, QWidget* parent = nullptr);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void fillEndpoints();
  void updateAdd();

  services::ServiceRegistry* registry_;
  QFormLayout* form_;
  QComboBox* language_;
  QTableWidget* endpoints_;
  QLineEdit* name_;
  QLineEdit* url_;
  QLineEdit* key_;
  QPushButton* add_;
  QPushButton* remove_;
  QLabel* history_;
  QLabel* logs_;
  QLabel* product_;
  QList<QLabel*> labels_;
};

}  // namespace ct::ui
