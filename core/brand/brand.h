#pragma once
#include <QList>
#include <QString>

namespace ct::brand {

// An OpenAI-compatible endpoint the brand registers for a new user (defaults.endpoints).
struct BrandEndpoint {
  QString name;
  QString url;
};

// Product identity, read from brand.json of the brand folder embedded at build time
// (CMake CT_BRAND_DIR, checked field by field by packaging/brand.cmake), or from CT_BRAND_DIR at
// run time for trying a brand without a rebuild. docs/branding.md describes every field.
struct Brand {
  QString productName = QStringLiteral("CT Studio");
  QString company;
  // Reverse DNS; names the settings, data and log folders, so two brands never share them.
  QString applicationId = QStringLiteral("org.ctstudio.Studio");
  QString packageName = QStringLiteral("ct-studio");
  QString cliName = QStringLiteral("ct");
  QString versionSuffix;
  QString summary;
  QString about;
  QString website;
  QString supportUrl;
  QString iconPath;  // resource or file path of a PNG (or SVG when tried from a folder)
  QString accentColor = QStringLiteral("#1f6feb");
  QString defaultLanguage = QStringLiteral("en");  // "en" or "zh_CN"
  // defaults: what a new user starts with.
  QString boardProfile = QStringLiteral("vcu128");
  QString modelsFolder;
  QList<BrandEndpoint> endpoints;

  // CT Studio's version with the brand's suffix: 0.1.0, or 0.1.0+acme2.
  QString version() const;

  static const Brand& current();
  // Reads <dir>/brand.json; missing keys keep their defaults. Errors name the file and key.
  static Brand load(const QString& dir, QString* error);
};

}  // namespace ct::brand
