#pragma once
#include <QObject>
#include <QString>

#include "auth/authorize.h"

class QWidget;

namespace ct::ui {

// Buttons that run, start, cancel, deploy or serve something, tied to the action core's
// authorisation table names for them (auth::authorize is the one source): while the signed-in
// user's role does not allow the action, the button is disabled and its tooltip says which role
// it needs. The page keeps deciding everything else: what it asks for while the gate holds the
// button shut (enabled or not, its own tooltip) is kept and given back when the role allows.
class RoleGate : public QObject {
  Q_OBJECT
 public:
  static void guard(QWidget* button, auth::Action action);
  // After a sign-in, sign-out, role or language change.
  static void refreshAll();
  // Empty when the current identity may do it; else the reason, in the interface's language.
  static QString reason(auth::Action action);
  static bool isGuarded(const QWidget* w);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  RoleGate() = default;
  static RoleGate& instance();
  void apply(QWidget* w);
  bool applying_ = false;
};

}  // namespace ct::ui
