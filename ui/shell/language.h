#pragma once
#include <QString>
#include <QStringList>

namespace ct::ui {

// "en" or "zh_CN". Switching installs the translators at once; every widget retranslates on
// QEvent::LanguageChange, so no restart is needed.
QStringList availableLanguages();
QString languageName(const QString& code);  // in its own language
QString savedLanguage();                    // QSettings, else the brand's default
bool applyLanguage(const QString& code);
QString currentLanguage();  // the last one applied ("en" before any)
void saveLanguage(const QString& code);

}  // namespace ct::ui
