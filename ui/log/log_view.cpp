#include "log/log_view.h"

#include <QApplication>
#include <QCheckBox>
#include <QStyledItemDelegate>
#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

#include "log/log_filter.h"
#include "log/log_model.h"

namespace ct::ui {
namespace {

// Uniform rows are what keep a flood cheap, but the first row's height is then every row's:
// a line in the fixed font next to a Chinese level name needs the taller of the two fonts.
class LineDelegate : public QStyledItemDelegate {
 public:
  using QStyledItemDelegate::QStyledItemDelegate;
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override {
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    const int tallest = std::max(QFontMetrics(option.font).lineSpacing(), QFontMetrics(QApplication::font()).lineSpacing());
    s.setHeight(std::max(s.height(), tallest + 4));
    return s;
  }
};

}  // namespace

LogView::LogView(QWidget* parent)
    : QWidget(parent),
      model_(new LogModel(100000, this)),
      filter_(new LogFilter(this)),
      list_(new QListView(this)),
      level_(new QComboBox(this)),
      search_(new QLineEdit(this)),
      follow_(new QCheckBox(this)),
      count_(new QLabel(this)) {
  filter_->setSourceModel(model_);
  list_->setModel(filter_);
  list_->setObjectName(QStringLiteral("logList"));
  list_->setUniformItemSizes(true);  // keeps layout O(1) per row under a flood
  list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  list_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  list_->setItemDelegate(new LineDelegate(list_));
  level_->setObjectName(QStringLiteral("logLevel"));
  search_->setObjectName(QStringLiteral("logSearch"));
  search_->setClearButtonEnabled(true);
  search_->setMinimumWidth(120);  // never squeezed to "S…"
  level_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  follow_->setChecked(true);

  auto* bar = new QHBoxLayout;
  bar->addWidget(level_);
  bar->addWidget(search_, 1);
  bar->addWidget(follow_);
  bar->addWidget(count_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(bar);
  layout->addWidget(list_, 1);

  for (int i = 0; i < 4; ++i) level_->addItem(QString(), i);
  connect(level_, &QComboBox::currentIndexChanged, this, [this](int i) {
    filter_->setMinimumLevel(static_cast<jobs::LogLevel>(level_->itemData(i).toInt()));
    updateCount();
  });
  connect(search_, &QLineEdit::textChanged, this, [this](const QString& t) {
    filter_->setNeedle(t);
    updateCount();
  });
  connect(model_, &LogModel::flushed, this, [this] {
    if (follow_->isChecked()) QTimer::singleShot(0, list_, &QListView::scrollToBottom);
    updateCount();
  });
  // Scrolling up to read stops following; back at the bottom follows again.
  connect(list_->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int v) {
    if (list_->verticalScrollBar()->isSliderDown()) follow_->setChecked(v == list_->verticalScrollBar()->maximum());
  });
  retranslate();
}

void LogView::append(const QList<jobs::LogLine>& lines) { model_->enqueue(lines); }

void LogView::clear() {
  model_->clear();
  updateCount();
}

int LogView::visibleRows() const { return filter_->rowCount(); }

void LogView::updateCount() {
  count_->setText(tr("%1 of %2 lines").arg(filter_->rowCount()).arg(model_->rowCount()));
}

void LogView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void LogView::retranslate() {
  level_->setItemText(0, tr("All levels"));
  level_->setItemText(1, tr("Info and above"));
  level_->setItemText(2, tr("Warnings and errors"));
  level_->setItemText(3, tr("Errors only"));
  search_->setPlaceholderText(tr("Search the log"));
  follow_->setText(tr("Follow"));
  updateCount();
}

}  // namespace ct::ui
