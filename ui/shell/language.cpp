#include "shell/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>
#include <memory>

#include "brand/brand.h"

namespace ct::ui {
namespace {

std::unique_ptr<QTranslator>& ours() {
  static std::unique_ptr<QTranslator> t;
  return t;
}
std::unique_ptr<QTranslator>& qts() {
  static std::unique_ptr<QTranslator> t;
  return t;
}

}  // namespace

QStringList availableLanguages() { return {QStringLiteral("en"), QStringLiteral("zh_CN")}; }

QString languageName(const QString& code) {
  if (code == QLatin1String("zh_CN")) return QStringLiteral("简体中文");
  return QStringLiteral("English");
}

QString savedLanguage() {
  const QString v = QSettings().value(QStringLiteral("ui/language")).toString();
  if (availableLanguages().contains(v)) return v;
  const QString brand = brand::Brand::current().defaultLanguage;
  return availableLanguages().contains(brand) ? brand : QStringLiteral("en");
}

void saveLanguage(const QString& code) { QSettings().setValue(QStringLiteral("ui/language"), code); }

namespace {
QString& applied() {
  static QString code = QStringLiteral("en");
  return code;
}
}  // namespace

QString currentLanguage() { return applied(); }

bool applyLanguage(const QString& code) {
  applied() = code;
  for (auto* t : {&ours(), &qts()}) {
    if (*t) QCoreApplication::removeTranslator(t->get());
    t->reset();
  }
  bool ok = true;
  auto translator = std::make_unique<QTranslator>();
  if (translator->load(QStringLiteral(":/i18n/ct_") + code + QStringLiteral(".qm"))) {
    QCoreApplication::installTranslator(translator.get());
    ours() = std::move(translator);
  } else {
    ok = false;
  }
  auto qt = std::make_unique<QTranslator>();
  if (code != QLatin1String("en") &&
      qt->load(QStringLiteral("qtbase_") + code, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
    QCoreApplication::installTranslator(qt.get());
    qts() = std::move(qt);
  }
  return ok;
}

}  // namespace ct::ui
