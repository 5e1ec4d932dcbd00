#pragma once
#include <QJsonObject>
#include <QWidget>

class QPushButton;
class QStackedWidget;
class QTextBrowser;
class QPlainTextEdit;

namespace ct::ui {

// What a finished job produced, as a person reads it: a table made for each kind of job
// (quantization: settings, error vs round-to-nearest per layer, time, size; compile: one table
// in one unit system; evaluation: task × target scores with ± stderr, Δ vs the baseline, n and
// next-token agreement; machine check: one row per check), the JSON one click away.
class ResultView : public QWidget {
  Q_OBJECT
 public:
  explicit ResultView(QWidget* parent = nullptr);

  void setResult(const QString& kind, const QJsonObject& result, const QJsonObject& params = {});
  void clear();
  QString tableText() const;  // what the table shows, as plain text
  bool showingJson() const;

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void render();
  void retranslate();

  QString kind_;
  QJsonObject result_, params_;
  QTextBrowser* table_;
  QPlainTextEdit* json_;
  QStackedWidget* stack_;
  QPushButton* toggle_;
};

// The HTML of a result table (exposed for the Evaluate page, which shows the comparison too).
QString evalResultHtml(const QJsonObject& result);

}  // namespace ct::ui
