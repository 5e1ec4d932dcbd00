#pragma once
#include <QLocale>
#include <QString>

namespace ct::ui {

// Numbers as people read them in the interface language: thousands separators, one unit
// system (decimal: kB, MB, GB), a sensible number of digits.
QLocale uiLocale();
QString formatCount(double n);                     // 832,640
QString formatBytesDecimal(double bytes);          // 3.33 MB
QString formatNumber(double v, int significant = 3);  // 0.0000525 → 5.25e-05 only when tiny
QString formatPercent(double fraction, int decimals = 2);  // 0.0525 → 5.25%
QString formatSeconds(double s);                   // 73 s, 2 min 5 s, 1 h 3 min

}  // namespace ct::ui
