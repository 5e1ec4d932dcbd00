#include "charts/chart_specs.h"

#include <QCoreApplication>

namespace ct::ui {
namespace {
QString t(const char* s) { return QCoreApplication::translate("ct::ui::ChartSpec", s); }
}  // namespace

ChartSpec chartSpecFor(const QString& kind) {
  ChartSpec s;
  if (kind == QLatin1String("quantize")) {
    s.title = [] { return t(QT_TRANSLATE_NOOP("ct::ui::ChartSpec", "Output error per layer")); };
    s.xTitle = [] { return t(QT_TRANSLATE_NOOP("ct::ui::ChartSpec", "Decoder layer")); };
    s.yTitle = [] { return t(QT_TRANSLATE_NOOP("ct::ui::ChartSpec", "Mean output error, %")); };
    s.integerX = true;
    s.xOffset = 1;  // layer 0 is the first layer
    s.yUnit = QStringLiteral("%");
  } else if (kind == QLatin1String("serve")) {
    s.title = [] { return t(QT_TRANSLATE_NOOP("ct::ui::ChartSpec", "Decode speed per request")); };
    s.xTitle = [] { return t(QT_TRANSLATE_NOOP("ct::ui::ChartSpec", "Request")); };
    s.yTitle = [] { return t(QT_TRANSLATE_NOOP("ct::ui::ChartSpec", "Tokens per second")); };
    s.integerX = true;
    s.referenceSeries = {QStringLiteral("board bound, tokens/s")};
    s.yUnit = QStringLiteral("tokens/s");
  } else if (kind == QLatin1String("demo")) {
    s.title = [] { return t(QT_TRANSLATE_NOOP("ct::ui::ChartSpec", "Accuracy while scoring")); };
    s.xTitle = [] { return t(QT_TRANSLATE_NOOP("ct::ui::ChartSpec", "Items scored")); };
    s.yTitle = [] { return t(QT_TRANSLATE_NOOP("ct::ui::ChartSpec", "Accuracy, %")); };
    s.integerX = true;
    s.yUnit = QStringLiteral("%");
  } else {
    s.xTitle = [] { return t(QT_TRANSLATE_NOOP("ct::ui::ChartSpec", "Step")); };
    s.yTitle = [] { return t(QT_TRANSLATE_NOOP("ct::ui::ChartSpec", "Value")); };
  }
  return s;
}

}  // namespace ct::ui
