#include "brand/brand.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace ct::brand {

Brand Brand::load(const QString& dir, QString* error) {
  Brand b;
  const QString path = dir + QStringLiteral("/brand.json");
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    if (error) *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
    return b;
  }
  QJsonParseError pe{};
  const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
  if (!doc.isObject()) {
    if (error) *error = QStringLiteral("%1 is not a JSON object: %2").arg(path, pe.errorString());
    return b;
  }
  const QJsonObject o = doc.object();
  auto take = [&](const char* key, QString& into) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isString()) into = v.toString();
    else if (!v.isUndefined() && error) *error = QStringLiteral("%1: \"%2\" must be a string").arg(path, QLatin1String(key));
  };
  take("productName", b.productName);
  take("company", b.company);
  take("website", b.website);
  take("accentColor", b.accentColor);
  take("defaultLanguage", b.defaultLanguage);
  QString icon;
  take("icon", icon);
  if (!icon.isEmpty()) b.iconPath = dir + QLatin1Char('/') + icon;
  return b;
}

const Brand& Brand::current() {
  static const Brand b = [] {
    const QByteArray own = qgetenv("CT_BRAND_DIR");
    return load(own.isEmpty() ? QStringLiteral(":/brand") : QString::fromLocal8Bit(own), nullptr);
  }();
  return b;
}

}  // namespace ct::brand
