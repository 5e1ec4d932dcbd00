#include <QApplication>
#include <QDialog>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "auth/accounts.h"
#include "auth/auth_db.h"
#include "auth/session.h"
#include "jobs/job_manager.h"
#include "remote/host_store.h"
#include "shell/main_window.h"
#include "util/paths.h"
#include "widgets/role_gate.h"

using namespace ct;

// ct-studio's window and roles, offscreen, on a real accounts database: the first start asks
// for the first admin in a window-modal dialog (or single-user, remembered), and a viewer finds
// every button that runs, starts, cancels, deploys or serves shut, with the role it needs.
class TestRolesUi : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  const QString adminPassword_ = QStringLiteral("Ada-first-admin-1");

  static QWidget* find(QWidget* w, const char* name) {
    auto* c = w->findChild<QWidget*>(QLatin1String(name));
    if (!c) qFatal("no %s", name);
    return c;
  }
  // A user as the admin adds them, with their own password chosen, signed in as ct-studio does.
  static void signInAs(auth::AuthDb& db, const QString& name, auth::Role role) {
    auth::Accounts a(db);
    const auth::Identity ada{QStringLiteral("ada"), auth::Role::Admin, false};
    const QString temporary = QStringLiteral("Temporary-pass-9"), own = QStringLiteral("Own-choice-pass-%1").arg(static_cast<int>(role));
    QVERIFY(a.addUser(ada, name, name, role, temporary).ok);
    QVERIFY(a.changePassword(name, temporary, own).ok);
    const auth::SignIn s = a.signIn(name, own, QStringLiteral("studio"));
    QVERIFY2(s.ok(), qPrintable(s.message));
    auth::setCurrent(s.identity, s.token);
  }

 private Q_SLOTS:
  void initTestCase() {
    qputenv("CT_DATA_DIR", dir_.filePath(QStringLiteral("data")).toUtf8());
    qputenv("CT_STATE_DIR", dir_.filePath(QStringLiteral("state")).toUtf8());
    qputenv("XDG_CONFIG_HOME", dir_.filePath(QStringLiteral("config")).toUtf8());
    QCoreApplication::setOrganizationName(QStringLiteral("ct-studio-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_roles_ui"));
  }

  void firstStartAsksForTheFirstAdminModally() {
    jobs::JobManager manager(paths::jobsDatabase());
    QVERIFY(manager.open(nullptr));
    ui::MainWindow w(&manager);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QPointer<QDialog> d = w.offerFirstAdmin();
    QVERIFY(d);
    QVERIFY(d->isVisible());
    QCOMPARE(d->windowModality(), Qt::WindowModal);
    QCOMPARE(d->parentWidget(), &w);
    QTRY_COMPARE(QApplication::activeModalWidget(), static_cast<QWidget*>(d.data()));
    // Single-user is a choice, remembered: no second question at the next start.
    auto* skip = qobject_cast<QPushButton*>(find(d.data(), "loginCancel"));
    QCOMPARE(skip->text(), QStringLiteral("Continue single-user"));
    QTest::mouseClick(skip, Qt::LeftButton);
    QTRY_VERIFY(d.isNull());
    QVERIFY(QSettings().value(QStringLiteral("auth/single_user_chosen")).toBool());
    QVERIFY(!w.offerFirstAdmin());
    QVERIFY(auth::currentIdentity().singleUser);

    // Asked again (the setting cleared): the admin is created and signed in.
    QSettings().remove(QStringLiteral("auth/single_user_chosen"));
    d = w.offerFirstAdmin();
    QVERIFY(d);
    qobject_cast<QLineEdit*>(find(d.data(), "loginUser"))->setText(QStringLiteral("ada"));
    qobject_cast<QLineEdit*>(find(d.data(), "loginNewPassword"))->setText(adminPassword_);
    qobject_cast<QLineEdit*>(find(d.data(), "loginRepeat"))->setText(adminPassword_);
    QTest::mouseClick(qobject_cast<QPushButton*>(find(d.data(), "loginOk")), Qt::LeftButton);
    QTRY_VERIFY(d.isNull());
    QVERIFY(auth::AuthDb::hasAccounts({}));
    QCOMPARE(auth::currentIdentity().user, QStringLiteral("ada"));
    QCOMPARE(auth::currentIdentity().role, auth::Role::Admin);
    QVERIFY(!w.offerFirstAdmin());  // accounts exist: sign-in takes over
  }

  void viewerFindsEveryRunButtonShut() {
    remote::HostStore hosts(paths::jobsDatabase());
    QVERIFY(hosts.open(nullptr));
    remote::HostProfile h;
    h.name = QStringLiteral("gpu1");
    h.dest = QStringLiteral("gpu1.lab");
    QVERIFY(hosts.save(h, false, nullptr));
    auth::AuthDb db;
    QVERIFY(db.open(nullptr));
    signInAs(db, QStringLiteral("vera"), auth::Role::Viewer);

    jobs::JobManager manager(paths::jobsDatabase());
    QVERIFY(manager.open(nullptr));
    ui::MainWindow w(&manager);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const char* operatorButtons[] = {"quantStart", "quantResume", "compileStart", "serviceStart", "serviceStop", "evalStart", "planDeploy", "startDeploy",
                                     "startPair", "stopDeployment", "testConnection", "hostForgetPassphrase", "jobRemove", "cancelButton", "modelsDemo",
                                     "refreshGpus", "pipelineStart", "pipelineResume"};
    const char* adminButtons[] = {"hostAdd", "hostEdit", "hostRemove", "endpointAdd", "endpointRemove"};
    for (const char* name : operatorButtons) {
      QWidget* b = find(&w, name);
      QVERIFY2(!b->isEnabled(), name);
      QVERIFY2(b->toolTip().contains(QLatin1String("needs the operator role")) && b->toolTip().contains(QLatin1String("vera")), qPrintable(QLatin1String(name) + QLatin1Char(' ') + b->toolTip()));
    }
    for (const char* name : adminButtons) {
      QWidget* b = find(&w, name);
      QVERIFY2(!b->isEnabled() && b->toolTip().contains(QLatin1String("needs the admin role")), name);
    }
    int guarded = 0;
    for (QWidget* b : w.findChildren<QWidget*>())
      if (ui::RoleGate::isGuarded(b)) {
        ++guarded;
        QVERIFY2(!b->isEnabled(), qPrintable(b->objectName()));
      }
    QVERIFY(guarded >= static_cast<int>(std::size(operatorButtons) + std::size(adminButtons)));

    // The page enabling a button (a host is selected) does not open it for a viewer...
    QWidget* test = find(&w, "testConnection");
    w.showPage(QStringLiteral("hosts"));
    QVERIFY(!test->isEnabled());
    // ...and the page's wish comes back once the role allows it.
    auth::setCurrent(auth::Identity{QStringLiteral("otto"), auth::Role::Operator, false});
    ui::RoleGate::refreshAll();
    QVERIFY(test->isEnabled());
    QVERIFY(!test->toolTip().contains(QLatin1String("needs the")));
    QVERIFY(!find(&w, "quantStart")->toolTip().contains(QLatin1String("needs the")));
    QVERIFY(!find(&w, "hostAdd")->isEnabled());
    QVERIFY(find(&w, "hostAdd")->toolTip().contains(QLatin1String("needs the admin role")));
    auth::setCurrent(auth::Identity{QStringLiteral("ada"), auth::Role::Admin, false});
    ui::RoleGate::refreshAll();
    QVERIFY(find(&w, "hostAdd")->isEnabled());
  }
};

QTEST_MAIN(TestRolesUi)
#include "tst_roles_ui.moc"
