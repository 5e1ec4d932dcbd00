#pragma once
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace ct::auth {
class AuthDb;
}

namespace ct::ui {

// FPGA service keys (admins): the keys with state and totals, create (the key shown once),
// revoke, and the selected key's usage per day.
class KeysPanel : public QWidget {
  Q_OBJECT
 public:
  KeysPanel(auth::AuthDb* db, QWidget* parent = nullptr);
  void refresh(const QStringList& users);

 Q_SIGNALS:
  void reported(bool ok, const QString& message);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void create();
  void revoke();
  void showUsage();

  auth::AuthDb* db_;
  QTableWidget* keys_;
  QLabel* createTitle_;
  QComboBox* user_;
  QLineEdit* name_;
  QComboBox* expires_;
  QPushButton* create_;
  QPushButton* revoke_;
  QLineEdit* issued_;
  QLabel* issuedNote_;
  QLabel* usageTitle_;
  QTableWidget* usage_;
};

}  // namespace ct::ui
