#include "pipeline/calibration_text.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include "eval/data_files.h"

namespace ct::pipeline {
namespace {

void collect(const QJsonValue& v, QStringList& out) {
  if (v.isString()) {
    if (v.toString().size() >= 16) out << v.toString();
  } else if (v.isArray()) {
    for (const QJsonValue e : v.toArray()) collect(e, out);
  } else if (v.isObject()) {
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) collect(it.value(), out);
  }
}

bool isFewShot(const QString& rel) {
  return rel == QLatin1String("gsm8k/train.jsonl") || rel == QLatin1String("mbpp/mbpp_prompt.jsonl") || rel.startsWith(QLatin1String("mmlu/dev/"));
}

}  // namespace

bool isDemoModel(const QString& modelDir) { return QFileInfo::exists(QDir(modelDir).filePath(QStringLiteral("ct_demo.json"))); }

qint64 writeBundledCalibration(const QString& samplesDir, const QStringList& scoredTasks, const QString& outFile, QString* error) {
  QStringList records;
  QDirIterator it(samplesDir, QDir::Files, QDirIterator::Subdirectories);
  QStringList files;
  while (it.hasNext()) files << it.next();
  files.sort();
  for (const QString& path : files) {
    const QString rel = QDir(samplesDir).relativeFilePath(path);
    const QString family = rel.section(QLatin1Char('/'), 0, 0);
    if (family == QLatin1String("gpqa")) continue;  // its authors ask that it not be spread as plain text
    bool scored = false;
    for (const QString& t : scoredTasks) scored = scored || t == family || t.startsWith(family + QLatin1Char('_')) || family.startsWith(t) || (t == QLatin1String("ai2_arc") && family.startsWith(QLatin1String("arc")));
    if (scored && !isFewShot(rel)) continue;
    QString err;
    const auto bytes = eval::readDataFile(path, &err);
    if (!bytes) continue;
    if (path.endsWith(QLatin1String(".csv"))) {
      records << QString::fromUtf8(*bytes);
      continue;
    }
    for (const QByteArray& line : bytes->split('\n')) {
      const QJsonDocument d = QJsonDocument::fromJson(line);
      QStringList parts;
      collect(d.isObject() ? QJsonValue(d.object()) : QJsonValue(d.array()), parts);
      if (!parts.isEmpty()) records << parts.join(QLatin1Char('\n'));
    }
  }
  QSaveFile f(outFile);
  qint64 chars = 0;
  if (!f.open(QIODevice::WriteOnly)) {
    *error = QStringLiteral("cannot write %1: %2").arg(outFile, f.errorString());
    return -1;
  }
  for (const QString& r : records) {
    f.write(QJsonDocument(QJsonObject{{QStringLiteral("text"), r}}).toJson(QJsonDocument::Compact) + '\n');
    chars += r.size();
  }
  if (!f.commit()) {
    *error = QStringLiteral("cannot write %1: %2").arg(outFile, f.errorString());
    return -1;
  }
  return chars;
}

}  // namespace ct::pipeline
