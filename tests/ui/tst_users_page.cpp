#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "auth/accounts.h"
#include "auth/auth_db.h"
#include "auth/service_keys.h"
#include "auth/session.h"
#include "shell/language.h"
#include "users/login_dialog.h"
#include "users/users_page.h"

using namespace ct;

// The login dialog and the Users page, offscreen, on a real accounts database.
class TestUsersPage : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::unique_ptr<auth::AuthDb> db_;
  const auth::Identity admin_{QStringLiteral("ada"), auth::Role::Admin, false};

  template <class T>
  static T* find(QWidget* w, const char* name) {
    auto* c = w->findChild<T*>(QLatin1String(name));
    if (!c) qFatal("no %s", name);
    return c;
  }
  static void submit(ui::LoginDialog& d) {
    auto* box = d.findChild<QDialogButtonBox*>();
    QTest::mouseClick(box->button(QDialogButtonBox::Ok), Qt::LeftButton);
  }
  static int rowOf(QTableWidget* t, const QString& first) {
    for (int r = 0; r < t->rowCount(); ++r)
      if (t->item(r, 0) && t->item(r, 0)->text() == first) return r;
    return -1;
  }

 private Q_SLOTS:
  void initTestCase() {
    qputenv("CT_DATA_DIR", dir_.filePath(QStringLiteral("data")).toUtf8());
    qputenv("CT_STATE_DIR", dir_.filePath(QStringLiteral("state")).toUtf8());
    QCoreApplication::setOrganizationName(QStringLiteral("ct-studio-test"));
    db_ = std::make_unique<auth::AuthDb>();
    QVERIFY(db_->open(nullptr));
  }

  void singleUserOffersTheFirstAdmin() {
    ui::UsersPage page;
    page.show();
    QVERIFY(find<QPushButton>(&page, "usersFirstAdmin")->isVisible());
    QVERIFY(!find<QTabWidget>(&page, "usersTabs")->isVisible());
    QVERIFY(find<QLabel>(&page, "usersWho")->text().contains(QLatin1String("single-user")));
    // The first-run dialog: two passwords that differ, then a good one.
    ui::LoginDialog first(db_.get(), ui::LoginDialog::Mode::FirstAdmin);
    first.show();
    find<QLineEdit>(&first, "loginUser")->setText(QStringLiteral("ada"));
    find<QLineEdit>(&first, "loginDisplayName")->setText(QStringLiteral("Ada L."));
    find<QLineEdit>(&first, "loginNewPassword")->setText(QStringLiteral("analytical-engine"));
    find<QLineEdit>(&first, "loginRepeat")->setText(QStringLiteral("analytical-engin"));
    submit(first);
    QVERIFY(first.message().contains(QLatin1String("differ")));
    find<QLineEdit>(&first, "loginRepeat")->setText(QStringLiteral("analytical-engine"));
    submit(first);
    QCOMPARE(first.result(), int(QDialog::Accepted));
    QCOMPARE(first.identity().user, QStringLiteral("ada"));
    QCOMPARE(auth::currentIdentity().role, auth::Role::Admin);
    page.refresh();
    QVERIFY(find<QTabWidget>(&page, "usersTabs")->isVisible());
  }

  void loginDialogSignsInLocksAndForcesAChange() {
    auth::Accounts a(*db_);
    QVERIFY(a.addUser(admin_, QStringLiteral("olga"), {}, auth::Role::Operator, QStringLiteral("given-by-ada")).ok);
    ui::LoginDialog login(db_.get());
    login.show();
    QVERIFY(QTest::qWaitForWindowExposed(&login));
    QVERIFY(!find<QLineEdit>(&login, "loginNewPassword")->isVisible());
    find<QLineEdit>(&login, "loginUser")->setText(QStringLiteral("olga"));
    find<QLineEdit>(&login, "loginPassword")->setText(QStringLiteral("wrong-guess-1"));
    submit(login);
    QCOMPARE(login.message(), QStringLiteral("Wrong user name or password."));
    QVERIFY(find<QLineEdit>(&login, "loginPassword")->text().isEmpty());
    // The temporary password works, and the dialog asks for the user's own.
    find<QLineEdit>(&login, "loginPassword")->setText(QStringLiteral("given-by-ada"));
    submit(login);
    QVERIFY(login.isVisible());
    QVERIFY(find<QLineEdit>(&login, "loginNewPassword")->isVisible());
    QVERIFY(login.message().contains(QLatin1String("set by an admin")));
    find<QLineEdit>(&login, "loginNewPassword")->setText(QStringLiteral("short"));
    find<QLineEdit>(&login, "loginRepeat")->setText(QStringLiteral("short"));
    submit(login);
    QVERIFY(login.message().contains(QLatin1String("at least 10")));
    find<QLineEdit>(&login, "loginNewPassword")->setText(QStringLiteral("fresh-kettle-9"));
    find<QLineEdit>(&login, "loginRepeat")->setText(QStringLiteral("fresh-kettle-9"));
    submit(login);
    QCOMPARE(login.result(), int(QDialog::Accepted));
    QCOMPARE(login.identity().user, QStringLiteral("olga"));
    QCOMPARE(login.identity().role, auth::Role::Operator);
    QVERIFY(login.token().startsWith("cts_"));
    QVERIFY(a.checkSession(login.token()).ok);

    // Five wrong passwords lock the account; the dialog says for how long.
    ui::LoginDialog again(db_.get());
    again.show();
    find<QLineEdit>(&again, "loginUser")->setText(QStringLiteral("olga"));
    for (int i = 0; i < 5; ++i) {
      find<QLineEdit>(&again, "loginPassword")->setText(QStringLiteral("wrong-guess-2"));
      submit(again);
    }
    QVERIFY2(again.message().contains(QLatin1String("locked for 30 second")), qPrintable(again.message()));
    find<QLineEdit>(&again, "loginPassword")->setText(QStringLiteral("fresh-kettle-9"));
    submit(again);
    QVERIFY2(again.message().contains(QLatin1String("Try again in")), qPrintable(again.message()));
    QVERIFY(again.isVisible());
    QVERIFY(a.unlock(admin_, QStringLiteral("olga")).ok);
  }

  void adminManagesUsersKeysAndReadsTheAudit() {
    auth::setCurrent(admin_);
    ui::UsersPage page;
    page.resize(1100, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto* table = find<QTableWidget>(&page, "usersTable");
    QVERIFY(rowOf(table, QStringLiteral("ada")) >= 0 && rowOf(table, QStringLiteral("olga")) >= 0);

    find<QLineEdit>(&page, "newUserName")->setText(QStringLiteral("vera"));
    find<QLineEdit>(&page, "newUserDisplay")->setText(QStringLiteral("Vera V."));
    auto* role = find<QComboBox>(&page, "newUserRole");
    role->setCurrentIndex(role->findData(static_cast<int>(auth::Role::Viewer)));
    find<QLineEdit>(&page, "newUserPassword")->setText(QStringLiteral("temporary-pass-3"));
    QTest::mouseClick(find<QPushButton>(&page, "addUser"), Qt::LeftButton);
    QVERIFY2(page.status().contains(QLatin1String("User added")), qPrintable(page.status()));
    const int vera = rowOf(table, QStringLiteral("vera"));
    QVERIFY(vera >= 0);
    QCOMPARE(table->item(vera, 2)->text(), QStringLiteral("viewer"));
    QCOMPARE(table->item(vera, 3)->text(), QStringLiteral("must change password"));

    table->selectRow(vera);
    QTest::mouseClick(find<QPushButton>(&page, "disableUser"), Qt::LeftButton);
    QCOMPARE(table->item(rowOf(table, QStringLiteral("vera")), 3)->text(), QStringLiteral("disabled"));
    table->selectRow(rowOf(table, QStringLiteral("vera")));
    QTest::mouseClick(find<QPushButton>(&page, "enableUser"), Qt::LeftButton);
    table->selectRow(rowOf(table, QStringLiteral("vera")));
    auto* newRole = find<QComboBox>(&page, "userRole");
    newRole->setCurrentIndex(newRole->findData(static_cast<int>(auth::Role::Operator)));
    QTest::mouseClick(find<QPushButton>(&page, "setRole"), Qt::LeftButton);
    QCOMPARE(table->item(rowOf(table, QStringLiteral("vera")), 2)->text(), QStringLiteral("operator"));
    table->selectRow(rowOf(table, QStringLiteral("vera")));
    find<QLineEdit>(&page, "resetPassword")->setText(QStringLiteral("another-temp-4"));
    QTest::mouseClick(find<QPushButton>(&page, "resetUser"), Qt::LeftButton);
    QVERIFY2(page.status().contains(QLatin1String("reset")), qPrintable(page.status()));
    // The last admin cannot lose the role: the page shows core's refusal.
    table->selectRow(rowOf(table, QStringLiteral("ada")));
    newRole->setCurrentIndex(newRole->findData(static_cast<int>(auth::Role::Viewer)));
    QTest::mouseClick(find<QPushButton>(&page, "setRole"), Qt::LeftButton);
    QVERIFY2(page.status().contains(QLatin1String("last admin")), qPrintable(page.status()));

    // Service keys: created (shown once), listed, usage per day, revoked.
    find<QTabWidget>(&page, "usersTabs")->setCurrentIndex(1);
    find<QComboBox>(&page, "keyUser")->setCurrentText(QStringLiteral("olga"));
    find<QLineEdit>(&page, "keyName")->setText(QStringLiteral("olga-notebook"));
    QTest::mouseClick(find<QPushButton>(&page, "keyCreate"), Qt::LeftButton);
    const QString key = find<QLineEdit>(&page, "keyIssued")->text();
    QVERIFY2(key.startsWith(QLatin1String("ctk_")), qPrintable(page.status()));
    auto* keys = find<QTableWidget>(&page, "keysTable");
    const int k = rowOf(keys, QStringLiteral("olga-notebook"));
    QVERIFY(k >= 0);
    QCOMPARE(keys->item(k, 2)->text(), QStringLiteral("active"));
    {
      auth::ServiceKeys sk(*db_);
      const auth::KeyVerdict v = sk.verify(key.toLatin1());
      QVERIFY(v.ok);
      QVERIFY(sk.recordUsage(v.keyId, 40, 7));
    }
    page.refresh();
    keys->selectRow(rowOf(keys, QStringLiteral("olga-notebook")));
    auto* usage = find<QTableWidget>(&page, "keyUsage");
    QCOMPARE(usage->rowCount(), 1);
    QCOMPARE(usage->item(0, 2)->text(), QStringLiteral("40"));
    QCOMPARE(usage->item(0, 3)->text(), QStringLiteral("7"));
    if (const QByteArray shot = qgetenv("CT_SCREENSHOT_KEYS"); !shot.isEmpty()) QVERIFY(page.grab().save(QString::fromLocal8Bit(shot)));
    QTest::mouseClick(find<QPushButton>(&page, "keyRevoke"), Qt::LeftButton);
    QCOMPARE(keys->item(rowOf(keys, QStringLiteral("olga-notebook")), 2)->text(), QStringLiteral("revoked"));
    QVERIFY(find<QLineEdit>(&page, "keyIssued")->text().isEmpty());

    // The audit log with its filters.
    find<QTabWidget>(&page, "usersTabs")->setCurrentIndex(2);
    auto* audit = find<QTableWidget>(&page, "auditTable");
    QVERIFY(audit->rowCount() > 10);
    auto* action = find<QComboBox>(&page, "auditAction");
    action->setCurrentIndex(action->findData(QStringLiteral("user.add")));
    QVERIFY(audit->rowCount() >= 2);
    for (int r = 0; r < audit->rowCount(); ++r) QCOMPARE(audit->item(r, 2)->text(), QStringLiteral("user.add"));
    action->setCurrentIndex(0);
    auto* user = find<QComboBox>(&page, "auditUser");
    user->setCurrentIndex(user->findData(QStringLiteral("olga")));
    for (int r = 0; r < audit->rowCount(); ++r) QCOMPARE(audit->item(r, 1)->text(), QStringLiteral("olga"));
    auto* outcome = find<QComboBox>(&page, "auditOutcome");
    outcome->setCurrentIndex(outcome->findData(QStringLiteral("failed")));
    QVERIFY(audit->rowCount() >= 5);  // the wrong passwords above
    user->setCurrentIndex(0);
    outcome->setCurrentIndex(0);
    find<QLineEdit>(&page, "auditText")->setText(QStringLiteral("olga-notebook"));
    QVERIFY(audit->rowCount() >= 2);  // created and revoked
    find<QLineEdit>(&page, "auditText")->clear();
    if (const QByteArray shot = qgetenv("CT_SCREENSHOT_AUDIT"); !shot.isEmpty()) QVERIFY(page.grab().save(QString::fromLocal8Bit(shot)));
    find<QTabWidget>(&page, "usersTabs")->setCurrentIndex(0);
    if (const QByteArray shot = qgetenv("CT_SCREENSHOT_USERS"); !shot.isEmpty()) QVERIFY(page.grab().save(QString::fromLocal8Bit(shot)));
  }

  void othersSeeOnlyWhatTheirRoleAllows() {
    auth::setCurrent(auth::Identity{QStringLiteral("olga"), auth::Role::Operator, false});
    ui::UsersPage page;
    page.show();
    QVERIFY(!find<QTabWidget>(&page, "usersTabs")->isVisible());
    QVERIFY(find<QLabel>(&page, "usersNotAdmin")->isVisible());
    QVERIFY(find<QPushButton>(&page, "usersOwnPassword")->isVisible());
    QVERIFY(find<QLabel>(&page, "usersWho")->text().contains(QLatin1String("olga (operator)")));
  }

  void chineseStrings() {
    QVERIFY(ui::applyLanguage(QStringLiteral("zh_CN")));
    auth::setCurrent(admin_);
    ui::UsersPage page;
    page.show();
    QCOMPARE(find<QTabWidget>(&page, "usersTabs")->tabText(1), QStringLiteral("服务密钥"));
    QCOMPARE(find<QPushButton>(&page, "addUser")->text(), QStringLiteral("添加用户"));
    ui::LoginDialog login(db_.get());
    QCOMPARE(login.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->text(), QStringLiteral("登录"));
    if (const QByteArray shot = qgetenv("CT_SCREENSHOT_LOGIN_ZH"); !shot.isEmpty()) {
      login.show();
      QVERIFY(login.grab().save(QString::fromLocal8Bit(shot)));
    }
    QVERIFY(ui::applyLanguage(QStringLiteral("en")));
  }
};

QTEST_MAIN(TestUsersPage)
#include "tst_users_page.moc"
