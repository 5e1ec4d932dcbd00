#include "brand/brand.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ct::brand {

QString Brand::version() const {
  const QString base = QStringLiteral(CT_VERSION);
  return versionSuffix.isEmpty() ? base : base + QLatin1Char('+') + versionSuffix;
}

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
  auto takeFrom = [&](const QJsonObject& o, const QString& prefix, const char* key, QString& into) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isString()) into = v.toString();
    else if (!v.isUndefined() && error) *error = QStringLiteral("%1: \"%2%3\" must be a string").arg(path, prefix, QLatin1String(key));
  };
  const QJsonObject o = doc.object();
  auto take = [&](const char* key, QString& into) { takeFrom(o, QString(), key, into); };
  take("productName", b.productName);
  take("company", b.company);
  take("applicationId", b.applicationId);
  take("packageName", b.packageName);
  take("cliName", b.cliName);
  take("versionSuffix", b.versionSuffix);
  take("summary", b.summary);
  take("about", b.about);
  take("website", b.website);
  take("supportUrl", b.supportUrl);
  take("accentColor", b.accentColor);
  take("defaultLanguage", b.defaultLanguage);
  QString icon;
  take("icon", icon);
  if (!icon.isEmpty()) b.iconPath = dir + QLatin1Char('/') + icon;

  const QJsonObject d = o.value(QLatin1String("defaults")).toObject();
  const QString dp = QStringLiteral("defaults.");
  takeFrom(d, dp, "boardProfile", b.boardProfile);
  takeFrom(d, dp, "modelsFolder", b.modelsFolder);
  for (const QJsonValue& e : d.value(QLatin1String("endpoints")).toArray()) {
    const QJsonObject eo = e.toObject();
    BrandEndpoint ep{eo.value(QLatin1String("name")).toString(), eo.value(QLatin1String("url")).toString()};
    if (ep.name.isEmpty() || ep.url.isEmpty()) {
      if (error) *error = QStringLiteral("%1: each of \"defaults.endpoints\" needs a \"name\" and a \"url\"").arg(path);
      continue;
    }
    b.endpoints.append(ep);
  }
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
