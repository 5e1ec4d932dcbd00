#include "quant/calibration.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "model/chat_template.h"
#include "model/demo/demo_task.h"
#include "util/text.h"

namespace ct::quant {
namespace {

std::optional<QString> textOf(const QJsonValue& v, const QString& field, QString* why) {
  if (v.isString()) return v.toString();
  if (v.isObject()) {
    const QJsonValue f = v.toObject().value(field);
    if (f.isString()) return f.toString();
    if (why) *why = f.isUndefined() ? QStringLiteral("has no field \"%1\" (choose the field with --calib-field)").arg(field)
                                    : QStringLiteral("field \"%1\" is not a string").arg(field);
    return std::nullopt;
  }
  if (why) *why = QStringLiteral("is neither a string nor an object");
  return std::nullopt;
}

}  // namespace

std::optional<QString> loadCalibrationText(const QString& path, const QString& field, QString* error) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    if (error) *error = QStringLiteral("calibration file %1: %2").arg(path, f.errorString());
    return std::nullopt;
  }
  const QByteArray bytes = f.readAll();
  const QString suffix = QFileInfo(path).suffix().toLower();
  QStringList docs;
  if (suffix == QLatin1String("jsonl")) {
    const QList<QByteArray> lines = bytes.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
      const QByteArray line = lines[i].trimmed();
      if (line.isEmpty()) continue;
      QJsonParseError pe{};
      const QJsonDocument d = ct::text::parseJson("[" + line + "]", &pe);
      QString why;
      std::optional<QString> t;
      if (d.isArray() && d.array().size() == 1) t = textOf(d.array().first(), field, &why);
      else why = QStringLiteral("is not valid JSON (%1)").arg(pe.errorString());
      if (!t) {
        if (error) *error = QStringLiteral("calibration file %1, line %2 %3").arg(path).arg(i + 1).arg(why);
        return std::nullopt;
      }
      docs << *t;
    }
  } else if (suffix == QLatin1String("json")) {
    QJsonParseError pe{};
    const QJsonDocument d = ct::text::parseJson(bytes, &pe);
    if (!d.isArray()) {
      if (error) *error = QStringLiteral("calibration file %1: expected a JSON array of strings or objects (%2)").arg(path, pe.error ? pe.errorString() : QStringLiteral("not an array"));
      return std::nullopt;
    }
    const QJsonArray a = d.array();
    for (int i = 0; i < a.size(); ++i) {
      QString why;
      const auto t = textOf(a[i], field, &why);
      if (!t) {
        if (error) *error = QStringLiteral("calibration file %1, item %2 %3").arg(path).arg(i).arg(why);
        return std::nullopt;
      }
      docs << *t;
    }
  } else {
    docs << QString::fromUtf8(bytes);
  }
  QString text = docs.join(QStringLiteral("\n\n"));
  if (text.trimmed().isEmpty()) {
    if (error) *error = QStringLiteral("calibration file %1 holds no text").arg(path);
    return std::nullopt;
  }
  return text;
}

QString demoCalibrationText(const QString& modelDir, QString* error) {
  const auto tpl = model::ChatTemplate::load(modelDir, error);
  if (!tpl) return {};
  uint64_t rng = 0x5eed0ca1ULL;
  QString out;
  for (int i = 0; i < 1500; ++i) {
    const model::demo::Example e = model::demo::sample(rng);
    const QJsonArray msgs{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), e.question}},
                          QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), e.answer}}};
    out += *tpl->render(msgs, false, nullptr);
  }
  return out;
}

std::optional<std::vector<std::vector<int32_t>>> calibrationWindows(const std::vector<int32_t>& ids, int nsamples,
                                                                    int seqlen, uint64_t seed, QString* error) {
  if (static_cast<int64_t>(ids.size()) < seqlen) {
    if (error)
      *error = QStringLiteral("the calibration text has %1 tokens, fewer than --seqlen %2; give a longer text or a smaller --seqlen")
                   .arg(ids.size()).arg(seqlen);
    return std::nullopt;
  }
  uint64_t state = seed ^ 0x9e3779b97f4a7c15ULL;
  const uint64_t starts = ids.size() - static_cast<size_t>(seqlen) + 1;
  std::vector<std::vector<int32_t>> out;
  out.reserve(static_cast<size_t>(nsamples));
  for (int s = 0; s < nsamples; ++s) {
    const uint64_t at = model::demo::nextRandom(state) % starts;
    out.emplace_back(ids.begin() + static_cast<std::ptrdiff_t>(at), ids.begin() + static_cast<std::ptrdiff_t>(at) + seqlen);
  }
  return out;
}

}  // namespace ct::quant
