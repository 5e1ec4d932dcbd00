#pragma once
#include <QJsonObject>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTableWidget;
class QTextBrowser;

namespace ct::services {
class ServiceRegistry;
}

namespace ct::ui {

// The model library: model folders under a folder the user chooses (plus what this machine
// produced), each with its type (float / GPTQ n-bit / AWQ / FPGA image), parameters, size on
// disk and quantization summary, and the actions that take it further (quantize, compile,
// serve, evaluate, open the folder). The first run offers the bundled demo model.
class ModelsPage : public QWidget {
  Q_OBJECT
 public:
  explicit ModelsPage(services::ServiceRegistry* registry = nullptr, QWidget* parent = nullptr);
  void scan(const QString& root);
  int modelCount() const;
  QString selectedPath() const;
  QString detailsText() const;
  QString emptyText() const;  // what the page says when it lists nothing
  bool select(const QString& path);

 Q_SIGNALS:
  void nextStep(const QString& action, const QString& path);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  struct Entry {
    QString path;
    QJsonObject facts;  // type, parameters, bytes, summary, problems
  };
  void retranslate();
  void showModel(int row);
  void fillTable();
  void updateEmpty();
  static QJsonObject describe(const QString& dir);

  services::ServiceRegistry* registry_;
  QLabel* label_;
  QLineEdit* root_;
  QPushButton* browse_;
  QPushButton* rescan_;
  QPushButton* demo_;
  QStackedWidget* stack_;
  QLabel* empty_;
  QTableWidget* list_;
  QTextBrowser* details_;
  QList<QPushButton*> actions_;  // quantize, compile, serve, evaluate, open
  QList<Entry> entries_;
  QString scanned_;
  QString problem_;  // the last scan's problem, if any
};

}  // namespace ct::ui
