#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

#include "brand/brand.h"
#include "jobs/job_manager.h"
#include "shell/language.h"
#include "shell/main_window.h"
#include "util/paths.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QCoreApplication::setOrganizationName(QStringLiteral("ct-studio"));
  QCoreApplication::setApplicationName(QStringLiteral("ct-studio"));
  QCoreApplication::setApplicationVersion(QStringLiteral(CT_VERSION));
  const auto& brand = ct::brand::Brand::current();
  QApplication::setApplicationDisplayName(brand.productName);
  if (!brand.iconPath.isEmpty()) QApplication::setWindowIcon(QIcon(brand.iconPath));

  QCommandLineParser parser;
  parser.setApplicationDescription(brand.productName);
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("Interface language: en or zh_CN."),
                                QStringLiteral("code"));
  parser.addOption(lang);
  parser.process(app);

  const QString language = parser.isSet(lang) ? parser.value(lang) : ct::ui::savedLanguage();
  ct::ui::applyLanguage(language);

  ct::jobs::JobManager manager(ct::paths::jobsDatabase());
  QString error;
  if (!manager.open(&error))
    QMessageBox::warning(nullptr, brand.productName, QObject::tr("The job history cannot be opened:\n%1").arg(error));

  ct::ui::MainWindow window(&manager);
  window.show();
  return app.exec();
}
