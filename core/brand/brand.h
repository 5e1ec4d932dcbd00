#pragma once
#include <QString>

namespace ct::brand {

// Product identity, read from brand.json of the brand folder embedded at build time
// (CMake CT_BRAND_DIR), or from CT_BRAND_DIR at run time for trying a brand without a rebuild.
struct Brand {
  QString productName = QStringLiteral("CT Studio");
  QString company;
  QString website;
  QString iconPath;  // resource or file path of a PNG
  QString accentColor = QStringLiteral("#1f6feb");
  QString defaultLanguage = QStringLiteral("en");  // "en" or "zh_CN"

  static const Brand& current();
  // Reads <dir>/brand.json; missing keys keep their defaults. Errors name the file and key.
  static Brand load(const QString& dir, QString* error);
};

}  // namespace ct::brand
