#include "util/paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace ct::paths {
namespace {

QString& folderName() {
  static QString name = QStringLiteral("ct-studio");
  return name;
}

QString xdg(const char* overrideVar, const char* xdgVar, const char* homeFallback) {
  const QByteArray own = qgetenv(overrideVar);
  if (!own.isEmpty()) return QString::fromLocal8Bit(own);
  QByteArray base = qgetenv(xdgVar);
  QString root = base.isEmpty() ? QDir::homePath() + QLatin1String(homeFallback)
                                : QString::fromLocal8Bit(base);
  return root + QLatin1Char('/') + folderName();
}

}  // namespace

void setApplicationFolder(const QString& name) {
  if (!name.isEmpty() && !name.contains(QLatin1Char('/'))) folderName() = name;
}
QString applicationFolder() { return folderName(); }

QString dataDir() { return xdg("CT_DATA_DIR", "XDG_DATA_HOME", "/.local/share"); }
QString stateDir() { return xdg("CT_STATE_DIR", "XDG_STATE_HOME", "/.local/state"); }
QString jobsDatabase() { return dataDir() + QStringLiteral("/jobs.sqlite"); }
QString authDatabase() { return dataDir() + QStringLiteral("/auth.sqlite"); }
QString jobLogDir() { return stateDir() + QStringLiteral("/logs"); }

bool ensureDir(const QString& dir, QString* error) {
  if (QDir().mkpath(dir) && QFileInfo(dir).isWritable()) return true;
  if (error) *error = QStringLiteral("cannot create or write folder %1 (check permissions or set CT_DATA_DIR/CT_STATE_DIR)").arg(dir);
  return false;
}

QString bundledResource(const QString& name, const char* envOverride) {
  if (envOverride && qEnvironmentVariableIsSet(envOverride)) return qEnvironmentVariable(envOverride);
  const QString exe = QCoreApplication::applicationDirPath();
  const QString package = QDir(exe).dirName();  // lib/<package>/ → share/<package>/
  for (const QString& c : {exe + QStringLiteral("/../../../resources/"), exe + QStringLiteral("/../../share/") + package + QLatin1Char('/'),
                           exe + QStringLiteral("/../share/ct-studio/"), QDir::currentPath() + QStringLiteral("/resources/")})
    if (QFileInfo::exists(c + name)) return QDir::cleanPath(c + name);
  return {};
}

}  // namespace ct::paths
