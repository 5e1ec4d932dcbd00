#pragma once
#include <QByteArray>
#include <QDialog>

#include "auth/authorize.h"

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace ct::auth {
class AuthDb;
}

namespace ct::ui {

// Sign-in for ct-studio. Modes: sign in; first run (create the first admin, then sign in);
// change password (forced after an admin reset, or the user's own). On success the identity and
// the session token are in identity()/token() and become the process's current user.
class LoginDialog : public QDialog {
  Q_OBJECT
 public:
  enum class Mode { SignIn, FirstAdmin, ChangePassword };
  explicit LoginDialog(auth::AuthDb* db, Mode mode = Mode::SignIn, QWidget* parent = nullptr);

  // For ChangePassword of the signed-in user: the name is fixed.
  void setUser(const QString& name);
  auth::Identity identity() const { return identity_; }
  QByteArray token() const { return token_; }
  QString message() const;  // what the dialog shows under the fields

 public Q_SLOTS:
  void submit();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void setMode(Mode m);
  void say(const QString& message, bool error);
  bool finishSignIn(const QString& name, const QString& password);

  auth::AuthDb* db_;
  Mode mode_;
  QLabel* intro_;
  QLabel* userLabel_;
  QLabel* displayLabel_;
  QLabel* passwordLabel_;
  QLabel* newLabel_;
  QLabel* repeatLabel_;
  QLineEdit* user_;
  QLineEdit* display_;
  QLineEdit* password_;
  QLineEdit* newPassword_;
  QLineEdit* repeat_;
  QLabel* message_;
  QDialogButtonBox* buttons_;
  auth::Identity identity_;
  QByteArray token_;
};

}  // namespace ct::ui
