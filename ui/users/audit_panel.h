#pragma once
#include <QWidget>

class QComboBox;
class QLineEdit;
class QTableWidget;

namespace ct::auth {
class AuthDb;
}

namespace ct::ui {

// The audit log (admins), newest first, with filters: user, action, outcome, time span, text.
class AuditPanel : public QWidget {
  Q_OBJECT
 public:
  AuditPanel(auth::AuthDb* db, QWidget* parent = nullptr);
  void refresh();
  int rowCount() const;

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void reload();

  auth::AuthDb* db_;
  QComboBox* user_;
  QComboBox* action_;
  QComboBox* outcome_;
  QComboBox* since_;
  QLineEdit* text_;
  QTableWidget* table_;
};

}  // namespace ct::ui
