#include "pipeline/recipe_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "widgets/host_choice.h"
#include "widgets/path_field.h"

namespace ct::ui {
namespace {

// The variants table's columns: the recipe's keys, in the order the Quantize page shows them.
struct Column {
  const char* key;
  bool flag;
};
const Column kColumns[] = {{"name", false},    {"method", false}, {"bits", false},  {"group_size", false}, {"desc_act", true},
                           {"sym", true},      {"damp", false},   {"calib", false}, {"nsamples", false}};
constexpr int kColumnCount = sizeof(kColumns) / sizeof(kColumns[0]);

QString columnTitle(int c) {
  switch (c) {
    case 0: return RecipeForm::tr("Name");
    case 1: return RecipeForm::tr("Method");
    case 2: return RecipeForm::tr("Bits");
    case 3: return RecipeForm::tr("Group size");
    case 4: return RecipeForm::tr("Act-order");
    case 5: return RecipeForm::tr("Symmetric");
    case 6: return RecipeForm::tr("Damping");
    case 7: return RecipeForm::tr("Calibration file");
    default: return RecipeForm::tr("Samples");
  }
}

QString sectionTitle(const QString& s) {
  if (s.isEmpty()) return RecipeForm::tr("Recipe");
  if (s == QLatin1String("model")) return RecipeForm::tr("Model");
  if (s == QLatin1String("quantize")) return RecipeForm::tr("Quantization");
  if (s == QLatin1String("compile")) return RecipeForm::tr("FPGA image");
  if (s == QLatin1String("fpga_service")) return RecipeForm::tr("FPGA service");
  if (s == QLatin1String("deploy")) return RecipeForm::tr("GPU deployment");
  if (s == QLatin1String("evaluate")) return RecipeForm::tr("Evaluation");
  return RecipeForm::tr("Services");
}

// A "why" is a sentence, or one sentence per field.
QString whyOf(const QJsonValue& why) {
  if (why.isString()) return why.toString();
  QStringList lines;
  const QJsonObject o = why.toObject();
  for (auto it = o.begin(); it != o.end(); ++it) lines << QStringLiteral("%1: %2").arg(it.key(), it.value().toString());
  return lines.join(QLatin1Char('\n'));
}

QString jsonText(const QJsonValue& v) {
  if (v.isDouble()) return QString::number(v.toDouble(), 'g', 10);
  if (v.isBool()) return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
  return v.toString();
}

}  // namespace

RecipeForm::RecipeForm(QWidget* parent) : QWidget(parent), variants_(new QTableWidget(0, kColumnCount, this)), addVariant_(new QPushButton(this)), removeVariant_(new QPushButton(this)) {
  auto* l = new QVBoxLayout(this);
  QFormLayout* f = nullptr;

  l->addWidget(addSection(QStringLiteral("model"), &f));
  bind(f, QString(), QStringLiteral("name"), Type::String, [] { return tr("Recipe name"); });
  bind(f, QStringLiteral("model"), QStringLiteral("path"), Type::String, [] { return tr("Model folder"); });
  bind(f, QStringLiteral("model"), QStringLiteral("host"), Type::Host, [] { return tr("Folder is on"); });
  bind(f, QString(), QStringLiteral("targets"), Type::Choice, [] { return tr("Target"); }, {QStringLiteral("gpu"), QStringLiteral("fpga"), QStringLiteral("both")});

  l->addWidget(addSection(QStringLiteral("quantize"), &f));
  bind(f, QStringLiteral("quantize"), QStringLiteral("run_on"), Type::Host, [] { return tr("Quantize on"); });
  variants_->setObjectName(QStringLiteral("recipeVariants"));
  variants_->verticalHeader()->hide();
  variants_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  variants_->horizontalHeader()->setStretchLastSection(true);
  variants_->setMinimumHeight(90);
  variants_->setMaximumHeight(170);  // a few variants; more scroll
  addVariant_->setObjectName(QStringLiteral("recipeAddVariant"));
  removeVariant_->setObjectName(QStringLiteral("recipeRemoveVariant"));
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(addVariant_);
  buttons->addWidget(removeVariant_);
  buttons->addStretch(1);
  f->addRow(variants_);
  f->addRow(buttons);
  connect(addVariant_, &QPushButton::clicked, this, [this] {
    addVariant({{QStringLiteral("name"), QStringLiteral("v%1").arg(variants_->rowCount() + 1)}, {QStringLiteral("method"), QStringLiteral("gptq")}, {QStringLiteral("bits"), 4}});
    Q_EMIT edited();
  });
  connect(removeVariant_, &QPushButton::clicked, this, [this] {
    const int row = variants_->currentRow() >= 0 ? variants_->currentRow() : variants_->rowCount() - 1;
    if (row < 0) return;
    variants_->removeRow(row);
    variantRest_.removeAt(row);
    Q_EMIT edited();
  });
  connect(variants_, &QTableWidget::itemChanged, this, [this] {
    if (!loading_) Q_EMIT edited();
  });

  l->addWidget(addSection(QStringLiteral("compile"), &f));
  bind(f, QStringLiteral("compile"), QStringLiteral("from"), Type::String, [] { return tr("Variant on the board"); });
  bind(f, QStringLiteral("compile"), QStringLiteral("board"), Type::String, [] { return tr("Board"); });

  l->addWidget(addSection(QStringLiteral("fpga_service"), &f));
  bind(f, QStringLiteral("fpga_service"), QStringLiteral("link"), Type::String, [] { return tr("Link (emulator, or ADDR:PORT of the FPGA host PC)"); });
  bind(f, QStringLiteral("fpga_service"), QStringLiteral("port"), Type::Int, [] { return tr("Port (0: a free one)"); });
  bind(f, QStringLiteral("fpga_service"), QStringLiteral("bind"), Type::String, [] { return tr("Listen on"); });
  bind(f, QStringLiteral("fpga_service"), QStringLiteral("model_name"), Type::String, [] { return tr("Served model name"); });
  bind(f, QStringLiteral("fpga_service"), QStringLiteral("max_tokens"), Type::Int, [] { return tr("Default max tokens"); });
  bind(f, QStringLiteral("fpga_service"), QStringLiteral("temperature"), Type::Number, [] { return tr("Default temperature"); });

  l->addWidget(addSection(QStringLiteral("deploy"), &f));
  bind(f, QStringLiteral("deploy"), QStringLiteral("host"), Type::Host, [] { return tr("GPU host"); });
  bind(f, QStringLiteral("deploy"), QStringLiteral("models"), Type::Strings, [] { return tr("Models to deploy"); });
  bind(f, QStringLiteral("deploy"), QStringLiteral("gpus"), Type::String, [] { return tr("GPUs"); });
  bind(f, QStringLiteral("deploy"), QStringLiteral("memory"), Type::Number, [] { return tr("Memory per GPU (GiB, 0: estimate)"); });
  bind(f, QStringLiteral("deploy"), QStringLiteral("max_model_len"), Type::Int, [] { return tr("Context length (0: the model's)"); });
  bind(f, QStringLiteral("deploy"), QStringLiteral("tensor_parallel_size"), Type::Int, [] { return tr("Tensor parallel (0: GPU count)"); });
  bind(f, QStringLiteral("deploy"), QStringLiteral("port"), Type::String, [] { return tr("Port"); });

  l->addWidget(addSection(QStringLiteral("evaluate"), &f));
  bind(f, QStringLiteral("evaluate"), QStringLiteral("framework"), Type::Choice, [] { return tr("Framework"); },
       {QStringLiteral("native"), QStringLiteral("lm-eval"), QStringLiteral("evalplus")});
  bind(f, QStringLiteral("evaluate"), QStringLiteral("tasks"), Type::Strings, [] { return tr("Tasks"); });
  bind(f, QStringLiteral("evaluate"), QStringLiteral("models"), Type::Strings, [] { return tr("Models to score"); });
  bind(f, QStringLiteral("evaluate"), QStringLiteral("limit"), Type::Int, [] { return tr("Items per task (0: all)"); });
  bind(f, QStringLiteral("evaluate"), QStringLiteral("num_fewshot"), Type::Int, [] { return tr("Few-shot (-1: each task's)"); });
  bind(f, QStringLiteral("evaluate"), QStringLiteral("agreement"), Type::Bool, [] { return tr("Next-token agreement with origin"); });

  l->addWidget(addSection(QStringLiteral("services"), &f));
  bind(f, QStringLiteral("services"), QStringLiteral("keep_running"), Type::Bool, [] { return tr("Keep services running"); });
  bind(f, QStringLiteral("chat"), QStringLiteral("question"), Type::String, [] { return tr("Question asked at the end"); });
  l->addStretch(1);
  retranslate();
  setRecipe(QJsonObject{{QStringLiteral("recipe_version"), 1}});
}

QGroupBox* RecipeForm::addSection(const QString& section, QFormLayout** form) {
  auto* box = new QGroupBox(this);
  box->setObjectName(QStringLiteral("recipeSection_") + section);
  auto* why = new QLabel(box);
  why->setObjectName(QStringLiteral("recipeWhy_") + section);
  why->setWordWrap(true);
  why->setStyleSheet(QStringLiteral("color:#5a6470"));
  why->hide();
  *form = new QFormLayout(box);
  (*form)->addRow(why);
  sections_.insert(section, box);
  whys_.insert(section, why);
  return box;
}

void RecipeForm::bind(QFormLayout* form, const QString& section, const QString& key, Type type, std::function<QString()> title, const QStringList& choices) {
  QWidget* w = nullptr;
  QWidget* row = nullptr;
  const QString name = QStringLiteral("recipe_%1%2").arg(section.isEmpty() ? QString() : section + QLatin1Char('.'), key);
  switch (type) {
    case Type::Int: {
      auto* s = new QSpinBox(this);
      s->setRange(-1, 1 << 30);
      connect(s, &QSpinBox::valueChanged, this, [this] { if (!loading_) Q_EMIT edited(); });
      w = s;
      break;
    }
    case Type::Number: {
      auto* s = new QDoubleSpinBox(this);
      s->setRange(0, 1e6);
      s->setDecimals(3);
      connect(s, &QDoubleSpinBox::valueChanged, this, [this] { if (!loading_) Q_EMIT edited(); });
      w = s;
      break;
    }
    case Type::Bool: {
      auto* c = new QCheckBox(this);
      connect(c, &QCheckBox::toggled, this, [this] { if (!loading_) Q_EMIT edited(); });
      w = c;
      break;
    }
    case Type::Host:
    case Type::Choice: {
      auto* c = new QComboBox(this);
      if (type == Type::Host) fillHostChoices(c);
      for (const QString& ch : choices) c->addItem(ch, ch);
      connect(c, &QComboBox::currentIndexChanged, this, [this] {
        if (!loading_) Q_EMIT edited();
        updateSections();
      });
      w = c;
      break;
    }
    default: {
      if (section == QLatin1String("model") && key == QLatin1String("path")) {
        auto* e = makePathField(this, name, PathKind::ExistingFolder);
        row = e->parentWidget();
        w = e;
      } else {
        w = new QLineEdit(this);
      }
      connect(static_cast<QLineEdit*>(w), &QLineEdit::textEdited, this, [this] { Q_EMIT edited(); });
      if (type == Type::Strings) static_cast<QLineEdit*>(w)->setPlaceholderText(QStringLiteral("a, b, c"));
    }
  }
  w->setObjectName(name);
  auto* label = new QLabel(this);
  form->addRow(label, row ? row : w);
  bindings_.append({section, key, type, w, label, std::move(title), {}, false});
}

QString RecipeForm::valueOf(const Binding& b) {
  switch (b.type) {
    case Type::Int: return QString::number(static_cast<QSpinBox*>(b.widget)->value());
    case Type::Number: return QString::number(static_cast<QDoubleSpinBox*>(b.widget)->value());
    case Type::Bool: return static_cast<QCheckBox*>(b.widget)->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
    case Type::Host:
    case Type::Choice: return static_cast<QComboBox*>(b.widget)->currentData().toString();
    default: return static_cast<QLineEdit*>(b.widget)->text().trimmed();
  }
}

void RecipeForm::setValue(Binding& b, const QJsonValue& v) {
  switch (b.type) {
    case Type::Int: static_cast<QSpinBox*>(b.widget)->setValue(v.isDouble() ? v.toInt() : 0); break;
    case Type::Number: static_cast<QDoubleSpinBox*>(b.widget)->setValue(v.toDouble()); break;
    case Type::Bool: static_cast<QCheckBox*>(b.widget)->setChecked(v.toBool()); break;
    case Type::Host:
    case Type::Choice: {
      auto* c = static_cast<QComboBox*>(b.widget);
      if (b.type == Type::Host) fillHostChoices(c);
      const QString s = v.toString();
      int i = c->findData(s);
      if (i < 0 && !s.isEmpty()) {
        // A host the recipe names but this machine does not know: kept, and validation says so.
        c->addItem(s, s);
        c->setEnabled(true);
        i = c->count() - 1;
      }
      c->setCurrentIndex(qMax(0, i));
      break;
    }
    case Type::Strings: {
      QStringList parts;
      for (const QJsonValue e : v.toArray()) parts << e.toString();
      static_cast<QLineEdit*>(b.widget)->setText(parts.join(QStringLiteral(", ")));
      break;
    }
    default: static_cast<QLineEdit*>(b.widget)->setText(jsonText(v));
  }
}

QJsonValue RecipeForm::jsonOf(const Binding& b) {
  const QString v = valueOf(b);
  switch (b.type) {
    case Type::Int: return v.toInt();
    case Type::Number: return v.toDouble();
    case Type::Bool: return v == QLatin1String("true");
    case Type::Strings: {
      QJsonArray a;
      for (const QString& s : v.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!s.trimmed().isEmpty()) a.append(s.trimmed());
      return a;
    }
    default: return v;
  }
}

void RecipeForm::setRecipe(const QJsonObject& recipe) {
  loading_ = true;
  json_ = recipe;
  for (Binding& b : bindings_) {
    const QJsonObject sec = b.section.isEmpty() ? recipe : recipe.value(b.section).toObject();
    b.present = sec.contains(b.key);
    setValue(b, sec.value(b.key));
    b.initial = valueOf(b);
  }
  loadVariants(recipe.value(QStringLiteral("quantize")).toObject().value(QStringLiteral("variants")).toArray());
  for (auto it = whys_.begin(); it != whys_.end(); ++it) {
    const QString text = whyOf(recipe.value(it.key()).toObject().value(QStringLiteral("why")));
    it.value()->setText(text);
    it.value()->setVisible(!text.isEmpty());
  }
  loading_ = false;
  updateSections();
}

QJsonObject RecipeForm::recipe() const {
  QJsonObject out = json_;
  for (const Binding& b : bindings_) {
    if (!b.present && valueOf(b) == b.initial) continue;
    if (b.section.isEmpty()) {
      out.insert(b.key, jsonOf(b));
      continue;
    }
    QJsonObject sec = out.value(b.section).toObject();
    sec.insert(b.key, jsonOf(b));
    out.insert(b.section, sec);
  }
  QJsonObject q = out.value(QStringLiteral("quantize")).toObject();
  q.insert(QStringLiteral("variants"), variants());
  out.insert(QStringLiteral("quantize"), q);
  if (!out.contains(QStringLiteral("recipe_version"))) out.insert(QStringLiteral("recipe_version"), 1);
  return out;
}

void RecipeForm::loadVariants(const QJsonArray& variants) {
  variants_->setRowCount(0);
  variantRest_.clear();
  for (const QJsonValue v : variants) addVariant(v.toObject());
}

void RecipeForm::addVariant(const QJsonObject& v) {
  const bool was = loading_;
  loading_ = true;
  const int row = variants_->rowCount();
  variants_->insertRow(row);
  QJsonObject rest = v;
  for (int c = 0; c < kColumnCount; ++c) {
    const QString key = QLatin1String(kColumns[c].key);
    auto* item = new QTableWidgetItem;
    if (kColumns[c].flag) {
      item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
      item->setCheckState(v.value(key).toBool() ? Qt::Checked : Qt::Unchecked);
      // An absent flag stays absent unless the user changes it (the runner's default applies).
      item->setData(Qt::UserRole, v.contains(key) ? -1 : static_cast<int>(item->checkState()));
    } else {
      item->setText(v.contains(key) ? jsonText(v.value(key)) : QString());
    }
    variants_->setItem(row, c, item);
    rest.remove(key);
  }
  variantRest_.append(rest);
  loading_ = was;
}

QJsonArray RecipeForm::variants() const {
  QJsonArray out;
  for (int r = 0; r < variants_->rowCount(); ++r) {
    QJsonObject v = variantRest_.value(r);
    for (int c = 0; c < kColumnCount; ++c) {
      const QString key = QLatin1String(kColumns[c].key);
      const QTableWidgetItem* item = variants_->item(r, c);
      if (kColumns[c].flag) {
        const int initial = item->data(Qt::UserRole).toInt();
        if (initial == -1 || initial != static_cast<int>(item->checkState())) v.insert(key, item->checkState() == Qt::Checked);
        continue;
      }
      const QString text = item->text().trimmed();
      if (text.isEmpty()) continue;  // the default (for calib: the bundled text)
      bool isInt = false, isNum = false;
      const qint64 i = text.toLongLong(&isInt);
      const double d = text.toDouble(&isNum);
      if (key == QLatin1String("name") || key == QLatin1String("method") || key == QLatin1String("calib")) v.insert(key, text);
      else if (isInt) v.insert(key, i);
      else if (isNum) v.insert(key, d);
      else v.insert(key, text);  // validation names the cell
    }
    out.append(v);
  }
  return out;
}

QString RecipeForm::modelPath() const {
  for (const Binding& b : bindings_)
    if (b.section == QLatin1String("model") && b.key == QLatin1String("path")) return valueOf(b);
  return {};
}

QString RecipeForm::targets() const {
  for (const Binding& b : bindings_)
    if (b.section.isEmpty() && b.key == QLatin1String("targets")) return valueOf(b);
  return {};
}

QString RecipeForm::choiceName(const QString& value) {
  if (value == QLatin1String("gpu")) return tr("GPU (vLLM on a GPU host)");
  if (value == QLatin1String("fpga")) return tr("FPGA board");
  if (value == QLatin1String("both")) return tr("GPU and FPGA");
  if (value == QLatin1String("native")) return tr("Built-in evaluator");
  if (value == QLatin1String("lm-eval")) return tr("lm-evaluation-harness (lm_eval)");
  if (value == QLatin1String("evalplus")) return tr("EvalPlus");
  return value;
}

QString RecipeForm::whyText(const QString& section) const { return whys_.contains(section) ? whys_[section]->text() : QString(); }

void RecipeForm::updateSections() {
  const QString t = targets();
  const bool fpga = t != QLatin1String("gpu");
  const bool gpu = t != QLatin1String("fpga");
  // (Also called while the form is being built, before every section exists.)
  for (const auto& [name, on] : {std::pair{QStringLiteral("compile"), fpga}, std::pair{QStringLiteral("fpga_service"), fpga}, std::pair{QStringLiteral("deploy"), gpu}})
    if (QGroupBox* box = sections_.value(name)) box->setEnabled(on);
}

bool RecipeForm::focusField(const QString& field) {
  // "quantize.variants[1].bits" → row 1, column bits; "evaluate.models[0]" → evaluate.models
  static const QRegularExpression variant(QStringLiteral("^quantize\\.variants\\[(\\d+)\\](?:\\.(\\w+))?"));
  if (const auto m = variant.match(field); m.hasMatch()) {
    int col = 0;
    for (int c = 0; c < kColumnCount; ++c)
      if (m.captured(2) == QLatin1String(kColumns[c].key)) col = c;
    const int row = m.captured(1).toInt();
    if (row >= variants_->rowCount()) return false;
    variants_->setCurrentCell(row, col);
    variants_->setFocus();
    return true;
  }
  QString f = field;
  f.remove(QRegularExpression(QStringLiteral("\\[\\d+\\].*$")));
  for (const Binding& b : bindings_) {
    if ((b.section.isEmpty() ? b.key : b.section + QLatin1Char('.') + b.key) != f) continue;
    b.widget->setFocus();
    return true;
  }
  return false;
}

void RecipeForm::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void RecipeForm::retranslate() {
  for (auto it = sections_.begin(); it != sections_.end(); ++it) it.value()->setTitle(sectionTitle(it.key()));
  for (Binding& b : bindings_) {
    b.label->setText(b.title());
    if (b.type == Type::Host) retranslateHostChoices(static_cast<QComboBox*>(b.widget));
    if (b.type == Type::Choice) {
      auto* c = static_cast<QComboBox*>(b.widget);
      for (int i = 0; i < c->count(); ++i) c->setItemText(i, choiceName(c->itemData(i).toString()));
    }
  }
  QStringList headers;
  for (int c = 0; c < kColumnCount; ++c) headers << columnTitle(c);
  variants_->setHorizontalHeaderLabels(headers);
  addVariant_->setText(tr("Add variant"));
  removeVariant_->setText(tr("Remove variant"));
}

}  // namespace ct::ui
