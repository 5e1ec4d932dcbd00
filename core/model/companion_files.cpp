#include "model/companion_files.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace ct::model {

bool copyCompanionFiles(const QString& from, const QString& to, const QStringList& alsoSkip, QString* error) {
  for (const QFileInfo& fi : QDir(from).entryInfoList(QDir::Files)) {
    const QString n = fi.fileName();
    if (n.endsWith(QLatin1String(".safetensors")) || n == QLatin1String("model.safetensors.index.json") || n.endsWith(QLatin1String(".bin")) ||
        n.endsWith(QLatin1String(".pt")) || n.endsWith(QLatin1String(".pth")) || alsoSkip.contains(n))
      continue;
    const QString target = QDir(to).filePath(n);
    QFile::remove(target);
    if (!QFile::copy(fi.absoluteFilePath(), target)) {
      if (error) *error = QStringLiteral("cannot copy %1 to %2").arg(fi.absoluteFilePath(), target);
      return false;
    }
  }
  return true;
}

}  // namespace ct::model
