#pragma once
#include <QWidget>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace ct::auth {
class AuthDb;
}

namespace ct::ui {

class KeysPanel;
class AuditPanel;

// Users page. Admins: the accounts (add, role, disable / enable, reset password, unlock,
// remove), the FPGA service keys with their usage, and the audit log. Everyone else: who they
// are and their own password. Single-user installations: how to create the first admin. Every
// change goes through core's accounts API, which checks the role again.
class UsersPage : public QWidget {
  Q_OBJECT
 public:
  explicit UsersPage(QWidget* parent = nullptr);
  ~UsersPage() override;

  void refresh();  // re-reads what the signed-in user may see
  QString status() const;

 Q_SIGNALS:
  void identityChanged();  // the first admin was created, or a password change signed in again

 protected:
  void changeEvent(QEvent* event) override;
  void showEvent(QShowEvent* event) override;

 private:
  void retranslate();
  void report(bool ok, const QString& message);
  QString selectedUser() const;
  void addUser();
  void act(const QString& what);
  void createFirstAdmin();
  void changeOwnPassword();

  std::unique_ptr<auth::AuthDb> db_;
  QLabel* who_;
  QPushButton* firstAdmin_;
  QPushButton* ownPassword_;
  QLabel* notAdmin_;
  QTabWidget* tabs_;
  QTableWidget* users_;
  QLabel* addTitle_;
  QLineEdit* newName_;
  QLineEdit* newDisplay_;
  QComboBox* newRole_;
  QLineEdit* newPassword_;
  QPushButton* add_;
  QComboBox* role_;
  QPushButton* setRole_;
  QPushButton* disable_;
  QPushButton* enable_;
  QPushButton* unlock_;
  QLineEdit* resetPassword_;
  QPushButton* reset_;
  QPushButton* remove_;
  KeysPanel* keys_;
  AuditPanel* audit_;
  QLabel* status_;
};

}  // namespace ct::ui
