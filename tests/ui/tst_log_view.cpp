#include <QComboBox>
#include <QLineEdit>
#include <QtTest>

#include "log/log_model.h"
#include "log/log_view.h"

using ct::jobs::LogLevel;
using ct::jobs::LogLine;

namespace {
QList<LogLine> lines(int n, LogLevel level, const QString& text) {
  QList<LogLine> out;
  for (int i = 0; i < n; ++i) out.append(LogLine{0, QStringLiteral("j"), level, 0, text + QString::number(i)});
  return out;
}
}  // namespace

class TestLogView : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void batchesArrivals() {
    ct::ui::LogModel model(1000);
    int flushes = 0;
    connect(&model, &ct::ui::LogModel::flushed, this, [&] { ++flushes; });
    for (int i = 0; i < 50; ++i) model.enqueue(lines(10, LogLevel::Info, QStringLiteral("x")));
    QCOMPARE(model.rowCount(), 0);  // nothing inserted until the tick
    QTRY_COMPARE(model.rowCount(), 500);
    QCOMPARE(flushes, 1);
  }
  void staysWithinCapacity() {
    ct::ui::LogModel model(100);
    for (int i = 0; i < 20; ++i) {
      model.enqueue(lines(37, LogLevel::Info, QStringLiteral("n")));
      model.flush();
    }
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.received(), quint64(740));
    QVERIFY(model.index(99).data(ct::ui::LogModel::MessageRole).toString().endsWith(QStringLiteral("36")));
  }
  void filtersByLevelAndText() {
    ct::ui::LogView view;
    view.append(lines(5, LogLevel::Debug, QStringLiteral("dbg ")));
    view.append(lines(4, LogLevel::Info, QStringLiteral("layer ")));
    view.append(lines(3, LogLevel::Error, QStringLiteral("Out of memory ")));
    view.model()->flush();
    QCOMPARE(view.visibleRows(), 12);
    auto* level = view.findChild<QComboBox*>(QStringLiteral("logLevel"));
    level->setCurrentIndex(2);  // warnings and errors
    QCOMPARE(view.visibleRows(), 3);
    level->setCurrentIndex(0);
    view.findChild<QLineEdit*>(QStringLiteral("logSearch"))->setText(QStringLiteral("LAYER"));
    QCOMPARE(view.visibleRows(), 4);
  }
};

QTEST_MAIN(TestLogView)
#include "tst_log_view.moc"
