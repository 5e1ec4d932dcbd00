#include "users/login_dialog.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "auth/accounts.h"
#include "auth/auth_db.h"
#include "auth/session.h"
#include "brand/brand.h"

namespace ct::ui {
namespace {

// The rules core states (auth::passwordProblem), checked here first so the person reads them in
// the interface's language; core checks them again.
QString ruleProblem(const QString& user, const QString& password) {
  if (password.size() < 10) return LoginDialog::tr("The password needs at least 10 characters.");
  if (password.size() > 256) return LoginDialog::tr("The password may have at most 256 characters.");
  if (!user.isEmpty() && (password.compare(user, Qt::CaseInsensitive) == 0 || (user.size() >= 4 && password.contains(user, Qt::CaseInsensitive))))
    return LoginDialog::tr("The password must not be or contain the user name.");
  return {};
}

}  // namespace

LoginDialog::LoginDialog(auth::AuthDb* db, Mode mode, QWidget* parent)
    : QDialog(parent),
      db_(db),
      mode_(mode),
      intro_(new QLabel(this)),
      userLabel_(new QLabel(this)),
      displayLabel_(new QLabel(this)),
      passwordLabel_(new QLabel(this)),
      newLabel_(new QLabel(this)),
      repeatLabel_(new QLabel(this)),
      user_(new QLineEdit(this)),
      display_(new QLineEdit(this)),
      password_(new QLineEdit(this)),
      newPassword_(new QLineEdit(this)),
      repeat_(new QLineEdit(this)),
      message_(new QLabel(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
  setObjectName(QStringLiteral("loginDialog"));
  buttons_->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("loginCancel"));
  buttons_->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("loginOk"));
  user_->setObjectName(QStringLiteral("loginUser"));
  display_->setObjectName(QStringLiteral("loginDisplayName"));
  password_->setObjectName(QStringLiteral("loginPassword"));
  newPassword_->setObjectName(QStringLiteral("loginNewPassword"));
  repeat_->setObjectName(QStringLiteral("loginRepeat"));
  message_->setObjectName(QStringLiteral("loginMessage"));
  for (QLineEdit* e : {password_, newPassword_, repeat_}) e->setEchoMode(QLineEdit::Password);
  intro_->setWordWrap(true);
  message_->setWordWrap(true);
  message_->setMinimumHeight(40);
  auto* form = new QFormLayout;
  form->addRow(userLabel_, user_);
  form->addRow(displayLabel_, display_);
  form->addRow(passwordLabel_, password_);
  form->addRow(newLabel_, newPassword_);
  form->addRow(repeatLabel_, repeat_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro_);
  layout->addLayout(form);
  layout->addWidget(message_);
  layout->addWidget(buttons_);
  connect(buttons_, &QDialogButtonBox::accepted, this, &LoginDialog::submit);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  setMinimumWidth(420);
  setMode(mode);
}

void LoginDialog::setUser(const QString& name) {
  user_->setText(name);
  user_->setReadOnly(true);
  password_->setFocus();
}

QString LoginDialog::message() const { return message_->text(); }

void LoginDialog::setMode(Mode m) {
  mode_ = m;
  auto* form = qobject_cast<QFormLayout*>(static_cast<QVBoxLayout*>(layout())->itemAt(1)->layout());
  form->setRowVisible(display_, m == Mode::FirstAdmin);
  form->setRowVisible(password_, m != Mode::FirstAdmin);
  form->setRowVisible(newPassword_, m != Mode::SignIn);
  form->setRowVisible(repeat_, m != Mode::SignIn);
  retranslate();
}

void LoginDialog::say(const QString& message, bool error) {
  message_->setStyleSheet(error ? QStringLiteral("color: #b42318;") : QString());
  message_->setText(message);
}

void LoginDialog::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QDialog::changeEvent(event);
}

void LoginDialog::retranslate() {
  const QString product = brand::Brand::current().productName;
  switch (mode_) {
    case Mode::SignIn:
      setWindowTitle(tr("Sign in to %1").arg(product));
      intro_->setText(tr("This installation has user accounts. Sign in to continue."));
      buttons_->button(QDialogButtonBox::Ok)->setText(tr("Sign in"));
      break;
    case Mode::FirstAdmin:
      setWindowTitle(tr("Create the first admin"));
      intro_->setText(tr("No account exists yet, so %1 runs single-user. Create the admin account to turn on sign-in and roles; "
                         "there is no default password.").arg(product));
      buttons_->button(QDialogButtonBox::Ok)->setText(tr("Create admin"));
      break;
    case Mode::ChangePassword:
      setWindowTitle(tr("Change password"));
      intro_->setText(tr("Choose a new password: at least 10 characters, not the user name."));
      buttons_->button(QDialogButtonBox::Ok)->setText(tr("Change password"));
      break;
  }
  // Skipping the first admin is a choice, not a cancellation: the app goes on single-user.
  buttons_->button(QDialogButtonBox::Cancel)->setText(mode_ == Mode::FirstAdmin ? tr("Continue single-user") : tr("Cancel"));
  userLabel_->setText(tr("User name"));
  displayLabel_->setText(tr("Full name"));
  passwordLabel_->setText(mode_ == Mode::ChangePassword ? tr("Current password") : tr("Password"));
  newLabel_->setText(mode_ == Mode::FirstAdmin ? tr("Password") : tr("New password"));
  repeatLabel_->setText(tr("Repeat password"));
}

bool LoginDialog::finishSignIn(const QString& name, const QString& password) {
  const auth::SignIn s = auth::Accounts(*db_).signIn(name, password, QStringLiteral("studio"));
  if (!s.ok()) {
    say(s.message, true);
    return false;
  }
  identity_ = s.identity;
  token_ = s.token;
  auth::setCurrent(identity_, token_);
  accept();
  return true;
}

void LoginDialog::submit() {
  auth::Accounts accounts(*db_);
  const QString name = user_->text().trimmed();
  if (name.isEmpty()) {
    say(tr("Type your user name."), true);
    return;
  }
  if (mode_ == Mode::SignIn) {
    const auth::SignIn s = accounts.signIn(name, password_->text(), QStringLiteral("studio"));
    switch (s.status) {
      case auth::SignIn::Status::Ok:
        identity_ = s.identity;
        token_ = s.token;
        auth::setCurrent(identity_, token_);
        password_->clear();
        accept();
        return;
      case auth::SignIn::Status::MustChangePassword:
        user_->setReadOnly(true);
        setMode(Mode::ChangePassword);
        say(tr("Your password was set by an admin. Choose your own now."), false);
        newPassword_->setFocus();
        return;
      case auth::SignIn::Status::BadCredentials:
        password_->clear();
        say(s.retryAfterSeconds > 0 ? tr("Wrong user name or password. The account is now locked for %n second(s).", nullptr, s.retryAfterSeconds)
                                     : tr("Wrong user name or password."),
             true);
        return;
      case auth::SignIn::Status::Locked:
        say(tr("This account is locked after repeated failed sign-ins. Try again in %n second(s), or ask an admin to unlock it.", nullptr,
                s.retryAfterSeconds),
             true);
        return;
      case auth::SignIn::Status::Disabled:
        say(tr("This account is disabled. Ask an admin."), true);
        return;
      case auth::SignIn::Status::Failed:
        say(s.message, true);
        return;
    }
  }
  if (newPassword_->text() != repeat_->text()) {
    say(tr("The two passwords differ."), true);
    return;
  }
  if (const QString p = ruleProblem(name, newPassword_->text()); !p.isEmpty()) {
    say(p, true);
    return;
  }
  if (mode_ == Mode::FirstAdmin) {
    if (const QString p = auth::Accounts::nameProblem(name); !p.isEmpty()) {
      say(tr("A user name is 1-32 lower-case letters, digits, '.', '_' or '-', starting with a letter."), true);
      return;
    }
    const auth::Outcome o = accounts.initAdmin(name, display_->text().trimmed(), newPassword_->text());
    if (!o) {
      say(o.message, true);
      return;
    }
    finishSignIn(name, newPassword_->text());
    return;
  }
  const auth::Outcome o = accounts.changePassword(name, password_->text(), newPassword_->text());
  if (!o) {
    say(o.message.contains(QLatin1String("current password")) ? tr("The current password is wrong.") : o.message, true);
    return;
  }
  finishSignIn(name, newPassword_->text());
}

}  // namespace ct::ui
