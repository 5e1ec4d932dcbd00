#include "service/ab_chat.h"

#include <QEvent>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include "service/chat_panel.h"

namespace ct::ui {

AbChatDialog::AbChatDialog(services::ServiceRegistry* registry, QWidget* parent)
    : QDialog(parent), hint_(new QLabel(this)), prompt_(new QLineEdit(this)), send_(new QPushButton(this)), clear_(new QPushButton(this)) {
  setObjectName(QStringLiteral("abChat"));
  auto* split = new QSplitter(Qt::Horizontal, this);
  for (int i = 0; i < 2; ++i) {
    boxes_[i] = new QGroupBox(split);
    panels_[i] = new ChatPanel(registry, boxes_[i]);
    panels_[i]->setObjectName(i == 0 ? QStringLiteral("abChatA") : QStringLiteral("abChatB"));
    panels_[i]->setComposerVisible(false);
    auto* l = new QVBoxLayout(boxes_[i]);
    l->addWidget(panels_[i]);
    split->addWidget(boxes_[i]);
    connect(panels_[i], &ChatPanel::replyFinished, this, [this] { send_->setEnabled(!busy()); });
  }
  hint_->setWordWrap(true);
  hint_->setStyleSheet(QStringLiteral("color:#5a6470"));
  prompt_->setObjectName(QStringLiteral("abChatPrompt"));
  send_->setObjectName(QStringLiteral("abChatSend"));
  auto* bottom = new QHBoxLayout;
  bottom->addWidget(prompt_, 1);
  bottom->addWidget(send_);
  bottom->addWidget(clear_);
  auto* l = new QVBoxLayout(this);
  l->addWidget(hint_);
  l->addWidget(split, 1);
  l->addLayout(bottom);
  connect(send_, &QPushButton::clicked, this, [this] { send(prompt_->text()); });
  connect(prompt_, &QLineEdit::returnPressed, this, [this] { send(prompt_->text()); });
  connect(clear_, &QPushButton::clicked, this, [this] {
    for (ChatPanel* p : panels_) p->newChat();
  });
  retranslate();
  resize(1100, 620);
}

void AbChatDialog::setSide(int side, const QString& url, const QString& key, const QString& model, const QString& label) {
  if (side < 0 || side > 1) return;
  panels_[side]->setEndpoint(url, key);
  if (!model.isEmpty()) panels_[side]->setModel(model);
  labels_[side] = label;
  retranslate();
}

bool AbChatDialog::busy() const { return panels_[0]->busy() || panels_[1]->busy(); }

void AbChatDialog::send(const QString& text) {
  if (text.trimmed().isEmpty() || busy()) return;
  // Both requests leave together, so neither side's time includes the other's reply.
  for (ChatPanel* p : panels_) p->send(text);
  prompt_->clear();
  send_->setEnabled(!busy());
}

void AbChatDialog::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QDialog::changeEvent(event);
}

void AbChatDialog::retranslate() {
  setWindowTitle(tr("A/B chat"));
  for (int i = 0; i < 2; ++i) {
    const QString side = i == 0 ? QStringLiteral("A") : QStringLiteral("B");
    boxes_[i]->setTitle(labels_[i].isEmpty() ? side : QStringLiteral("%1 · %2").arg(side, labels_[i]));
  }
  hint_->setText(tr("One prompt goes to both endpoints at once; the replies stream side by side, each with its tokens/s. Pick any running service, registered endpoint or deployment on each side."));
  prompt_->setPlaceholderText(tr("Prompt for both"));
  send_->setText(tr("Send to both"));
  clear_->setText(tr("New chat"));
}

}  // namespace ct::ui
