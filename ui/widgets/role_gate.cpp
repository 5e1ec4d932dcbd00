#include "widgets/role_gate.h"

#include <QCoreApplication>
#include <QEvent>
#include <QList>
#include <QPointer>
#include <QWidget>

#include "auth/session.h"

namespace ct::ui {
namespace {

const char* const kAction = "ctGateAction";
const char* const kBlocked = "ctGateBlocked";
const char* const kWanted = "ctGateWanted";
const char* const kTip = "ctGateTip";

QList<QPointer<QWidget>>& guarded() {
  static QList<QPointer<QWidget>> list;
  return list;
}

QString roleName(auth::Role r) {
  switch (r) {
    case auth::Role::Viewer: return RoleGate::tr("viewer");
    case auth::Role::Operator: return RoleGate::tr("operator");
    case auth::Role::Admin: return RoleGate::tr("admin");
  }
  return {};
}

QString actionText(auth::Action a) {
  switch (a) {
    case auth::Action::RunStage: return RoleGate::tr("Running a stage");
    case auth::Action::CancelJob: return RoleGate::tr("Cancelling or removing a job");
    case auth::Action::Deploy: return RoleGate::tr("Deploying");
    case auth::Action::Serve: return RoleGate::tr("Starting or stopping a service");
    case auth::Action::UseHost: return RoleGate::tr("Using a GPU host");
    case auth::Action::ManageHosts: return RoleGate::tr("Adding, changing or removing hosts");
    case auth::Action::ManageSettings: return RoleGate::tr("Changing settings");
    case auth::Action::ManageUsers: return RoleGate::tr("Managing users");
    case auth::Action::ManageKeys: return RoleGate::tr("Managing service keys");
    case auth::Action::ManageBrand: return RoleGate::tr("Changing the brand");
    case auth::Action::ViewAudit: return RoleGate::tr("Reading the audit log");
    case auth::Action::View:
    case auth::Action::ChangeOwnPassword: return {};
  }
  return {};
}

}  // namespace

RoleGate& RoleGate::instance() {
  static RoleGate* gate = [] {
    auto* g = new RoleGate;
    g->setParent(QCoreApplication::instance());
    return g;
  }();
  return *gate;
}

QString RoleGate::reason(auth::Action action) {
  const auth::Identity me = auth::currentIdentity();
  if (me.singleUser) return {};
  const auth::Verdict v = auth::authorize(me, action);
  if (v) return {};
  if (!me.isValid()) return tr("%1 needs a signed-in user with the %2 role.").arg(actionText(action), roleName(v.needed));
  return tr("%1 needs the %2 role; you are signed in as %3 (%4).").arg(actionText(action), roleName(v.needed), me.user, roleName(me.role));
}

bool RoleGate::isGuarded(const QWidget* w) { return w && w->property(kAction).isValid(); }

void RoleGate::guard(QWidget* button, auth::Action action) {
  button->setProperty(kAction, static_cast<int>(action));
  button->installEventFilter(&instance());
  guarded().append(button);
  instance().apply(button);
}

void RoleGate::refreshAll() {
  auto& list = guarded();
  list.removeAll(QPointer<QWidget>());
  for (const QPointer<QWidget>& w : list) instance().apply(w);
}

void RoleGate::apply(QWidget* w) {
  if (!w) return;
  const QString why = reason(static_cast<auth::Action>(w->property(kAction).toInt()));
  const bool blocked = w->property(kBlocked).toBool();
  applying_ = true;
  if (!why.isEmpty()) {
    if (!blocked) {
      w->setProperty(kWanted, !w->testAttribute(Qt::WA_ForceDisabled));  // the page's own choice, whatever its parents
      w->setProperty(kTip, w->toolTip());
      w->setProperty(kBlocked, true);
    }
    w->setEnabled(false);
    w->setToolTip(why);
  } else if (blocked) {
    w->setProperty(kBlocked, false);
    w->setEnabled(w->property(kWanted).toBool());
    w->setToolTip(w->property(kTip).toString());
  }
  applying_ = false;
}

bool RoleGate::eventFilter(QObject* watched, QEvent* event) {
  if (applying_ || (event->type() != QEvent::EnabledChange && event->type() != QEvent::ToolTipChange)) return false;
  auto* w = qobject_cast<QWidget*>(watched);
  if (!w || !w->property(kBlocked).toBool()) return false;
  // The page changed the button while the gate holds it: remember what it wanted, keep it shut.
  applying_ = true;
  if (event->type() == QEvent::EnabledChange) {
    // Only a setEnabled(true) of the page lifts the explicit disable the gate put there; a
    // setEnabled(false) of a button already shut changes nothing Qt reports (its wish is then
    // learnt on the page's next refresh).
    if (!w->testAttribute(Qt::WA_ForceDisabled)) {
      w->setProperty(kWanted, true);
      w->setEnabled(false);
    }
  } else {
    w->setProperty(kTip, w->toolTip());
    w->setToolTip(reason(static_cast<auth::Action>(w->property(kAction).toInt())));
  }
  applying_ = false;
  return false;
}

}  // namespace ct::ui
