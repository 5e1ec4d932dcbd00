#pragma once
#include <QDialog>

class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace ct::services {
class ServiceRegistry;
}

namespace ct::ui {

class ChatPanel;

// Two endpoints side by side (any the app knows: running services, registered endpoints,
// deployments, a pipeline run's services, or a URL with its key), one prompt sent to both at
// once, both replies streaming together, each with its tokens/s. Origin against its quantized
// model, or a GPU deployment against the board.
class AbChatDialog : public QDialog {
  Q_OBJECT
 public:
  explicit AbChatDialog(services::ServiceRegistry* registry, QWidget* parent = nullptr);

  // side 0 is A (left), 1 is B; label names it in its box ("origin", "int4", "board").
  void setSide(int side, const QString& url, const QString& key, const QString& model = {}, const QString& label = {});
  void send(const QString& text);
  ChatPanel* panel(int side) const { return panels_[side]; }
  bool busy() const;

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();

  ChatPanel* panels_[2];
  QGroupBox* boxes_[2];
  QString labels_[2];
  QLabel* hint_;
  QLineEdit* prompt_;
  QPushButton* send_;
  QPushButton* clear_;
};

}  // namespace ct::ui
