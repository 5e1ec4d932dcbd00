#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTimer>
#include <cstdio>

#include "auth/accounts.h"
#include "auth/auth_db.h"
#include "auth/session.h"
#include "brand/brand.h"
#include "jobs/job_manager.h"
#include "remote/ssh_askpass.h"
#include "shell/language.h"
#include "pipeline/pipeline_page.h"
#include "shell/main_window.h"
#include "users/login_dialog.h"
#include "util/paths.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  const auto& brand = ct::brand::Brand::current();
  // Settings (~/.config/<application id>/), data and logs are the brand's own.
  QCoreApplication::setOrganizationName(brand.applicationId);
  QCoreApplication::setApplicationName(brand.packageName);
  QCoreApplication::setApplicationVersion(brand.version());
  QGuiApplication::setDesktopFileName(brand.applicationId);
  ct::paths::setApplicationFolder(brand.applicationId);
  QApplication::setApplicationDisplayName(brand.productName);
  if (!brand.iconPath.isEmpty()) QApplication::setWindowIcon(QIcon(brand.iconPath));

  QCommandLineParser parser;
  parser.setApplicationDescription(brand.productName);
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("Interface language: en or zh_CN."),
                                QStringLiteral("code"));
  parser.addOption(lang);
  // For support requests and the installer tests: the window as the user would see it, as a PNG.
  const QCommandLineOption shot(QStringLiteral("screenshot"), QStringLiteral("Save a picture of the main window to FILE, then quit."),
                                QStringLiteral("file"));
  parser.addOption(shot);
  const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Open the Pipeline page with the embedded demo model's recipe filled in (ct demo --recipe)."));
  parser.addOption(demo);
  parser.process(app);

  const QString language = parser.isSet(lang) ? parser.value(lang) : ct::ui::savedLanguage();
  ct::ui::applyLanguage(language);

  // With accounts, nobody gets the window without signing in; without, single-user as before.
  ct::auth::AuthDb authDb;
  QString authError;
  if (!authDb.open(&authError)) {
    QMessageBox::critical(nullptr, brand.productName, QObject::tr("The accounts database cannot be opened:\n%1").arg(authError));
    return 1;
  }
  // (Left unset in single-user mode, the identity follows the database: accounts created
  // meanwhile by `ct users init` end single-user mode here too, and File offers sign-in.)
  if (ct::auth::Accounts(authDb).hasAccounts()) {
    ct::ui::LoginDialog login(&authDb);
    if (login.exec() != QDialog::Accepted) return 0;
  }
  struct SignOutAtExit {
    ct::auth::AuthDb& db;
    ~SignOutAtExit() {
      if (const QByteArray t = ct::auth::currentSessionToken(); !t.isEmpty()) ct::auth::Accounts(db).signOut(t, QStringLiteral("studio"));
    }
  } signOut{authDb};

  // ssh started here (tunnels, host checks) unlocks a remembered key passphrase through ct's askpass.
  ct::remote::setAskpassProgram(ct::jobs::JobManager::ctProgram());
  ct::jobs::JobManager manager(ct::paths::jobsDatabase());
  QString error;
  if (!manager.open(&error))
    QMessageBox::warning(nullptr, brand.productName, QObject::tr("The job history cannot be opened:\n%1").arg(error));

  ct::ui::MainWindow window(&manager);
  window.show();
  if (parser.isSet(shot)) {
    // Non-interactive: no first-admin offer in front of the window.
    const QString file = parser.value(shot);
    QTimer::singleShot(1500, &window, [&window, file] {
      const bool ok = window.grab().save(file, "PNG");
      if (!ok) std::fprintf(stderr, "cannot write the screenshot to %s\n", qPrintable(file));
      QCoreApplication::exit(ok ? 0 : 1);
    });
  } else {
    window.offerFirstAdmin();  // no account yet: create the first admin, or choose single-user
  }
  if (parser.isSet(demo)) {
    window.showPage(QStringLiteral("pipeline"));
    window.pipelinePage()->loadDemoRecipe();
  }
  manager.resumeRemoteJobs();  // jobs on GPU hosts left running when ct-studio last quit
  return app.exec();
}
