#include "models/models_page.h"

#include <QDir>
#include <QDirIterator>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "brand/brand.h"
#include "i18n/format.h"
#include "model/inspect.h"
#include "services/service_registry.h"
#include "util/paths.h"
#include "widgets/target_picker.h"
#include "widgets/role_gate.h"

namespace ct::ui {
namespace {

enum Action { Quantize, Compile, Serve, Evaluate, Open };
const char* const kActionIds[] = {"quantize", "compile", "serve", "evaluate", "open"};

qint64 folderBytes(const QString& dir) {
  qint64 total = 0;
  QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
  while (it.hasNext()) total += QFileInfo(it.next()).size();
  return total;
}

QJsonObject readJson(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject{};
}

}  // namespace

// Facts for the library row and the details: kind ("model", "gptq", "awq", "image", "broken"),
// parameters, bytes on disk, the inspection report or the image report.
QJsonObject ModelsPage::describe(const QString& dir) {
  QJsonObject f{{QStringLiteral("bytes"), static_cast<double>(folderBytes(dir))}};
  const QJsonObject manifest = readJson(QDir(dir).filePath(QStringLiteral("manifest.json")));
  if (manifest.value(QStringLiteral("format")).toString() == QLatin1String("ct-fpga-image")) {
    f.insert(QStringLiteral("kind"), QStringLiteral("image"));
    f.insert(QStringLiteral("manifest"), QJsonObject{{QStringLiteral("board"), manifest.value(QStringLiteral("board"))},
                                                    {QStringLiteral("quantization"), manifest.value(QStringLiteral("quantization"))},
                                                    {QStringLiteral("source"), manifest.value(QStringLiteral("source"))}});
    f.insert(QStringLiteral("report"), readJson(QDir(dir).filePath(QStringLiteral("report.json"))));
    f.insert(QStringLiteral("architecture"), manifest[QStringLiteral("config")][QStringLiteral("architectures")][0].toString());
    return f;
  }
  const QJsonObject r = model::inspectCheckpoint(dir);
  f.insert(QStringLiteral("inspection"), r);
  const QJsonObject q = r.value(QStringLiteral("quantization_config")).toObject();
  const QString method = q.value(QStringLiteral("quant_method")).toString().toLower();
  f.insert(QStringLiteral("kind"), !r.value(QStringLiteral("ok")).toBool() ? QStringLiteral("broken")
                                   : q.isEmpty()                           ? QStringLiteral("model")
                                   : method == QLatin1String("awq")        ? QStringLiteral("awq")
                                                                           : QStringLiteral("gptq"));
  f.insert(QStringLiteral("parameters"), r.value(QStringLiteral("parameters")));
  f.insert(QStringLiteral("architecture"), r.value(QStringLiteral("architecture")));
  return f;
}

ModelsPage::ModelsPage(services::ServiceRegistry* registry, QWidget* parent)
    : QWidget(parent),
      registry_(registry),
      label_(new QLabel(this)),
      root_(new QLineEdit(this)),
      browse_(new QPushButton(this)),
      rescan_(new QPushButton(this)),
      demo_(new QPushButton(this)),
      stack_(new QStackedWidget(this)),
      empty_(new QLabel(this)),
      list_(new QTableWidget(this)),
      details_(new QTextBrowser(this)) {
  root_->setObjectName(QStringLiteral("modelsRoot"));
  list_->setObjectName(QStringLiteral("modelList"));
  details_->setObjectName(QStringLiteral("modelDetails"));
  empty_->setObjectName(QStringLiteral("modelsEmpty"));
  demo_->setObjectName(QStringLiteral("modelsDemo"));
  RoleGate::guard(demo_, auth::Action::RunStage);
  empty_->setWordWrap(true);
  empty_->setAlignment(Qt::AlignCenter);
  list_->setColumnCount(4);
  list_->setSelectionBehavior(QAbstractItemView::SelectRows);
  list_->setSelectionMode(QAbstractItemView::SingleSelection);
  list_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  list_->verticalHeader()->hide();
  list_->horizontalHeader()->setStretchLastSection(true);
  list_->setAlternatingRowColors(true);
  auto* bar = new QHBoxLayout;
  bar->addWidget(label_);
  bar->addWidget(root_, 1);
  bar->addWidget(browse_);
  bar->addWidget(rescan_);
  bar->addWidget(demo_);
  auto* actionBar = new QHBoxLayout;
  for (int i = 0; i < 5; ++i) {
    auto* b = new QPushButton(this);
    b->setObjectName(QStringLiteral("modelAction_") + QLatin1String(kActionIds[i]));
    connect(b, &QPushButton::clicked, this, [this, i] {
      const QString p = selectedPath();
      if (!p.isEmpty()) Q_EMIT nextStep(QLatin1String(kActionIds[i]), p);
    });
    actions_ << b;
    actionBar->addWidget(b);
  }
  actionBar->addStretch(1);
  auto* right = new QWidget(this);
  auto* rl = new QVBoxLayout(right);
  rl->setContentsMargins(0, 0, 0, 0);
  rl->addLayout(actionBar);
  rl->addWidget(details_, 1);
  auto* emptyBox = new QWidget(this);
  auto* el = new QVBoxLayout(emptyBox);
  el->addStretch(1);
  el->addWidget(empty_);
  el->addStretch(2);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(list_);
  split->addWidget(right);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 3);
  stack_->addWidget(emptyBox);
  stack_->addWidget(split);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(bar);
  layout->addWidget(stack_, 1);

  connect(browse_, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, label_->text(), root_->text());
    if (!dir.isEmpty()) scan(dir);
  });
  connect(rescan_, &QPushButton::clicked, this, [this] { scan(root_->text()); });
  connect(root_, &QLineEdit::returnPressed, this, [this] { scan(root_->text()); });
  connect(demo_, &QPushButton::clicked, this, [this] {
    const QString demo = paths::bundledResource(QStringLiteral("demo-model"), "CT_DEMO_MODEL");
    if (demo.isEmpty()) return;
    scan(QFileInfo(demo).absolutePath());
    select(demo);
  });
  connect(list_, &QTableWidget::currentCellChanged, this, [this](int row) { showModel(row); });
  retranslate();
  // A new user starts in the brand's models folder, where there is one.
  QString saved = QSettings().value(QStringLiteral("models/root")).toString();
  if (saved.isEmpty() && QFileInfo(brand::Brand::current().modelsFolder).isDir()) saved = brand::Brand::current().modelsFolder;
  if (!saved.isEmpty()) scan(saved);
  else updateEmpty();
}

void ModelsPage::scan(const QString& root) {
  root_->setText(root);
  scanned_ = root;
  problem_.clear();
  entries_.clear();
  if (!QFileInfo(root).isDir()) {
    problem_ = root;
    fillTable();
    return;
  }
  QSettings().setValue(QStringLiteral("models/root"), root);
  // A model folder is one with a config.json (an image has one too); two levels down (org/name).
  QStringList found;
  if (QFileInfo::exists(QDir(root).filePath(QStringLiteral("config.json")))) found << QDir::cleanPath(root);
  QDirIterator it(root, QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    const QString d = it.next();
    if (QDir(root).relativeFilePath(d).count(QLatin1Char('/')) > 1) continue;
    if (QFileInfo::exists(QDir(d).filePath(QStringLiteral("config.json")))) found << QDir::cleanPath(d);
  }
  // What this machine produced elsewhere (quantize and compile outputs) belongs in the library too.
  if (registry_)
    for (const auto& [path, kind] : registry_->knownFolders())
      if (!found.contains(path)) found << path;
  found.sort();
  for (const QString& d : found) entries_.append({d, describe(d)});
  fillTable();
  if (!entries_.isEmpty()) list_->selectRow(0);
}

void ModelsPage::fillTable() {
  const QSignalBlocker block(list_);
  list_->setRowCount(static_cast<int>(entries_.size()));
  for (int i = 0; i < entries_.size(); ++i) {
    const QJsonObject& f = entries_[i].facts;
    const QString kind = f.value(QStringLiteral("kind")).toString();
    const QJsonObject q = f[QStringLiteral("inspection")][QStringLiteral("quantization_config")].toObject();
    QString type;
    if (kind == QLatin1String("image")) type = tr("FPGA image (%1-bit)").arg(f[QStringLiteral("manifest")][QStringLiteral("quantization")][QStringLiteral("bits")].toInt());
    else if (kind == QLatin1String("gptq")) type = tr("GPTQ %1-bit").arg(q.value(QStringLiteral("bits")).toInt());
    else if (kind == QLatin1String("awq")) type = tr("AWQ %1-bit").arg(q.value(QStringLiteral("bits")).toInt());
    else if (kind == QLatin1String("model")) type = tr("float (%1)").arg(f[QStringLiteral("inspection")][QStringLiteral("torch_dtype")].toString());
    else type = tr("incomplete");
    const double params = f.value(QStringLiteral("parameters")).toDouble();
    const QStringList cells{QFileInfo(entries_[i].path).fileName(), type, params > 0 ? formatCount(params) : QStringLiteral("—"),
                            formatBytesDecimal(f.value(QStringLiteral("bytes")).toDouble())};
    for (int c = 0; c < 4; ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      item->setToolTip(c == 0 ? entries_[i].path : cells[c]);
      if (c >= 2) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      if (kind == QLatin1String("broken")) item->setForeground(QColor(0xc6, 0x28, 0x28));
      list_->setItem(i, c, item);
    }
  }
  list_->resizeColumnsToContents();
  list_->horizontalHeader()->setStretchLastSection(true);
  updateEmpty();
}

void ModelsPage::updateEmpty() {
  QString text;
  if (!problem_.isEmpty()) text = tr("%1 is not a folder. Type or choose a folder that holds model folders, or start with the demo model.").arg(problem_);
  else if (scanned_.isEmpty()) text = tr("Welcome. Choose a folder that holds Hugging Face model folders (Browse…), or start with the small demo model that comes with the program: it runs the whole pipeline on this machine in a few minutes.");
  else if (entries_.isEmpty()) text = tr("No model folder (one with a config.json) was found in %1 or the two levels below it. Choose another folder, or start with the demo model.").arg(scanned_);
  empty_->setText(text);
  stack_->setCurrentIndex(entries_.isEmpty() ? 0 : 1);
  if (entries_.isEmpty()) showModel(-1);
}

QString ModelsPage::emptyText() const { return stack_->currentIndex() == 0 ? empty_->text() : QString(); }
int ModelsPage::modelCount() const { return static_cast<int>(entries_.size()); }
QString ModelsPage::detailsText() const { return details_->toPlainText(); }

QString ModelsPage::selectedPath() const {
  const int row = list_->currentRow();
  return row >= 0 && row < entries_.size() ? entries_[row].path : QString();
}

bool ModelsPage::select(const QString& path) {
  const QString c = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
  for (int i = 0; i < entries_.size(); ++i)
    if (QDir::cleanPath(QFileInfo(entries_[i].path).absoluteFilePath()) == c) {
      list_->selectRow(i);
      showModel(i);
      return true;
    }
  return false;
}

void ModelsPage::showModel(int row) {
  const bool valid = row >= 0 && row < entries_.size();
  const QString kind = valid ? entries_[row].facts.value(QStringLiteral("kind")).toString() : QString();
  const QString none = tr("Select a model in the list.");
  setEnabledOrWhy(actions_[Quantize], !valid ? none : kind == QLatin1String("model") ? QString()
                                                 : kind == QLatin1String("broken") ? tr("This folder is incomplete: see the problems listed.")
                                                                                   : tr("Only a float model can be quantized; this one is quantized already."));
  setEnabledOrWhy(actions_[Compile], !valid ? none : kind == QLatin1String("gptq") ? QString() : tr("Only a GPTQ checkpoint can be compiled into an FPGA image: quantize the model first."));
  const QString serveWhy = !valid ? none : kind == QLatin1String("broken") ? tr("This folder is incomplete: see the problems listed.") : QString();
  setEnabledOrWhy(actions_[Serve], serveWhy);
  setEnabledOrWhy(actions_[Evaluate], serveWhy);
  setEnabledOrWhy(actions_[Open], valid ? QString() : none);
  if (!valid) {
    details_->clear();
    return;
  }
  const QString path = entries_[row].path;
  if (registry_ && (kind == QLatin1String("model"))) registry_->setCurrentModel(path);
  const QJsonObject& f = entries_[row].facts;
  QList<QPair<QString, QString>> rows{{tr("Folder"), path}, {tr("Size on disk"), formatBytesDecimal(f.value(QStringLiteral("bytes")).toDouble())}};
  QStringList problems, notes;
  if (kind == QLatin1String("image")) {
    const QJsonObject m = f.value(QStringLiteral("manifest")).toObject(), rep = f.value(QStringLiteral("report")).toObject();
    const QJsonObject q = m.value(QStringLiteral("quantization")).toObject();
    rows << qMakePair(tr("Type"), tr("FPGA weight image for %1").arg(m[QStringLiteral("board")][QStringLiteral("name")].toString()))
         << qMakePair(tr("Architecture"), f.value(QStringLiteral("architecture")).toString())
         << qMakePair(tr("Quantization"), tr("%1-bit, group %2, act-order %3").arg(q.value(QStringLiteral("bits")).toInt()).arg(q.value(QStringLiteral("group_size")).toInt())
                                               .arg(q.value(QStringLiteral("desc_act")).toBool() ? tr("on") : tr("off")))
         << qMakePair(tr("Compiled from"), m[QStringLiteral("source")][QStringLiteral("path")].toString());
    if (!rep.isEmpty())
      rows << qMakePair(tr("Board memory used"), formatPercent(rep.value(QStringLiteral("fill")).toDouble()))
           << qMakePair(tr("Decode bound (bandwidth)"), tr("%1 tokens/s").arg(formatCount(rep.value(QStringLiteral("bound_tokens_per_s")).toDouble())));
  } else {
    const QJsonObject r = f.value(QStringLiteral("inspection")).toObject();
    const QJsonObject q = r.value(QStringLiteral("quantization_config")).toObject();
    QString type = kind == QLatin1String("model") ? tr("float model (%1)").arg(r.value(QStringLiteral("torch_dtype")).toString())
                   : kind == QLatin1String("broken") ? tr("incomplete folder") : tr("quantized checkpoint");
    rows << qMakePair(tr("Type"), type);
    if (r.contains(QStringLiteral("architecture"))) {
      rows << qMakePair(tr("Architecture"), QStringLiteral("%1 (%2)").arg(r.value(QStringLiteral("architecture")).toString(), r.value(QStringLiteral("model_type")).toString()))
           << qMakePair(tr("Layers"), QString::number(r.value(QStringLiteral("layers")).toInt()))
           << qMakePair(tr("Hidden size"), formatCount(r.value(QStringLiteral("hidden_size")).toDouble()))
           << qMakePair(tr("Attention heads"), tr("%1 query, %2 key/value").arg(r.value(QStringLiteral("heads")).toInt()).arg(r.value(QStringLiteral("kv_heads")).toInt()))
           << qMakePair(tr("Vocabulary"), formatCount(r.value(QStringLiteral("vocab_size")).toDouble()))
           << qMakePair(tr("Context"), tr("%1 tokens").arg(formatCount(r.value(QStringLiteral("max_position_embeddings")).toDouble())));
    }
    if (r.contains(QStringLiteral("parameters"))) rows << qMakePair(tr("Parameters"), formatCount(r.value(QStringLiteral("parameters")).toDouble()));
    if (!q.isEmpty()) {
      const int g = q.value(QStringLiteral("group_size")).toInt();
      rows << qMakePair(tr("Quantization"), tr("%1 %2-bit, %3, act-order %4, %5")
                                                .arg(q.value(QStringLiteral("quant_method")).toString().toUpper())
                                                .arg(q.value(QStringLiteral("bits")).toInt())
                                                .arg(g < 0 ? tr("one group per row") : tr("group size %1").arg(g))
                                                .arg(q.value(QStringLiteral("desc_act")).toBool() ? tr("on") : tr("off"))
                                                .arg(q.value(QStringLiteral("sym")).toBool(true) ? tr("symmetric") : tr("asymmetric")));
      const QJsonObject report = readJson(QDir(path).filePath(QStringLiteral("ct_quant_report.json")));
      if (!report.isEmpty()) rows << qMakePair(tr("Quantized from"), report.value(QStringLiteral("source")).toString());
    }
    rows << qMakePair(tr("Tokenizer"), r.value(QStringLiteral("tokenizer")).toBool() ? tr("yes") : tr("missing"))
         << qMakePair(tr("Chat template"), r.value(QStringLiteral("chat_template")).toBool() ? tr("yes") : tr("no"));
    for (const QJsonValue v : r.value(QStringLiteral("problems")).toArray()) problems << v.toString();
    for (const QJsonValue v : r.value(QStringLiteral("notes")).toArray()) notes << v.toString();
  }
  QString html = QStringLiteral("<h3>%1</h3><table cellspacing='0' cellpadding='3'>").arg(QFileInfo(path).fileName().toHtmlEscaped());
  for (const auto& [k, v] : rows) html += QStringLiteral("<tr><td style='color:#555'>%1</td><td>%2</td></tr>").arg(k.toHtmlEscaped(), v.toHtmlEscaped());
  html += QStringLiteral("</table>");
  if (!problems.isEmpty()) {
    html += QStringLiteral("<p style='color:#b71c1c'><b>%1</b></p><ul>").arg(tr("Problems").toHtmlEscaped());
    for (const QString& p : problems) html += QStringLiteral("<li style='color:#b71c1c'>%1</li>").arg(p.toHtmlEscaped());
    html += QStringLiteral("</ul>");
  }
  if (!notes.isEmpty()) {
    html += QStringLiteral("<p><b>%1</b></p><ul>").arg(tr("Notes").toHtmlEscaped());
    for (const QString& n : notes) html += QStringLiteral("<li>%1</li>").arg(n.toHtmlEscaped());
    html += QStringLiteral("</ul>");
  }
  details_->setHtml(html);
}

void ModelsPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void ModelsPage::retranslate() {
  label_->setText(tr("Library folder"));
  root_->setPlaceholderText(tr("A folder holding Hugging Face model folders"));
  browse_->setText(tr("Browse…"));
  rescan_->setText(tr("Scan"));
  demo_->setText(tr("Use the demo model"));
  const QString names[] = {tr("Quantize…"), tr("Compile…"), tr("Serve…"), tr("Evaluate…"), tr("Open folder")};
  for (int i = 0; i < 5; ++i) actions_[i]->setText(names[i]);
  list_->setHorizontalHeaderLabels({tr("Name"), tr("Type"), tr("Parameters"), tr("Size")});
  fillTable();
  if (list_->currentRow() >= 0) showModel(list_->currentRow());
  else updateEmpty();
}

}  // namespace ct::ui
