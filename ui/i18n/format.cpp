#include "i18n/format.h"

#include <QCoreApplication>
#include <cmath>

namespace ct::ui {

QLocale uiLocale() {
  // The interface language decides, not the machine's locale (a C locale prints no separators).
  const QString lang = QCoreApplication::translate("ct::ui::Format", "en", "the locale of this translation");
  QLocale l(lang == QLatin1String("zh_CN") ? QLocale(QLocale::Chinese, QLocale::China) : QLocale(QLocale::English, QLocale::UnitedStates));
  l.setNumberOptions(QLocale::DefaultNumberOptions);
  return l;
}

QString formatCount(double n) { return uiLocale().toString(n, 'f', 0); }

QString formatBytesDecimal(double bytes) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  int u = 0;
  while (std::abs(bytes) >= 1000 && u < 4) {
    bytes /= 1000;
    ++u;
  }
  return QStringLiteral("%1 %2").arg(uiLocale().toString(bytes, 'f', u == 0 ? 0 : (bytes < 10 ? 2 : bytes < 100 ? 1 : 0)), QLatin1String(units[u]));
}

QString formatNumber(double v, int significant) {
  if (v == 0) return QStringLiteral("0");
  const double a = std::abs(v);
  if (a >= 1e-3 && a < 1e9) {
    const int digits = std::max(0, significant - 1 - static_cast<int>(std::floor(std::log10(a))));
    return uiLocale().toString(v, 'f', std::min(digits, 6));
  }
  return uiLocale().toString(v, 'e', significant - 1);
}

QString formatPercent(double fraction, int decimals) { return uiLocale().toString(100 * fraction, 'f', decimals) + QLatin1Char('%'); }

QString formatSeconds(double s) {
  const auto say = [](const char* t) { return QCoreApplication::translate("ct::ui::Format", t); };
  if (s < 60) return say(QT_TRANSLATE_NOOP("ct::ui::Format", "%1 s")).arg(uiLocale().toString(s, 'f', s < 10 ? 1 : 0));
  const qint64 r = qRound64(s);
  if (r < 3600) return say(QT_TRANSLATE_NOOP("ct::ui::Format", "%1 min %2 s")).arg(r / 60).arg(r % 60);
  return say(QT_TRANSLATE_NOOP("ct::ui::Format", "%1 h %2 min")).arg(r / 3600).arg((r / 60) % 60);
}

}  // namespace ct::ui
