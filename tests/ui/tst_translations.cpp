#include <QAbstractButton>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QXmlStreamReader>
#include <QtTest>

#include "evaluate/evaluate_page.h"
#include "jobs/job.h"
#include "jobs/job_detail.h"
#include "jobs/job_manager.h"
#include "jobs/jobs_page.h"
#include "services/local_service.h"
#include "models/models_page.h"
#include "quantize/quantize_page.h"
#include "service/service_page.h"
#include "shell/language.h"
#include "shell/main_window.h"

using namespace ct;

namespace {

// (context, source) → finished translation, from a Qt Linguist file.
QHash<QString, QString> readTs(const QString& path, QStringList* unfinished = nullptr) {
  QHash<QString, QString> out;
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return out;
  QXmlStreamReader x(&f);
  QString context, source, translation;
  bool finished = true;
  while (!x.atEnd()) {
    x.readNext();
    if (x.isStartElement()) {
      if (x.name() == QLatin1String("name")) context = x.readElementText();
      else if (x.name() == QLatin1String("message")) source.clear(), translation.clear(), finished = true;
      else if (x.name() == QLatin1String("source")) source = x.readElementText();
      else if (x.name() == QLatin1String("translation")) {
        finished = x.attributes().value(QLatin1String("type")).isEmpty();
        translation = x.readElementText(QXmlStreamReader::IncludeChildElements);
      }
    } else if (x.isEndElement() && x.name() == QLatin1String("message")) {
      const QString key = context + QLatin1Char('\x1f') + source;
      if (finished && !translation.trimmed().isEmpty()) out.insert(key, translation);
      else if (unfinished) unfinished->append(context + QStringLiteral(": ") + source);
      if (!out.contains(key) && unfinished == nullptr) out.insert(key, QString());
    }
  }
  return out;
}

// Words that are names, not English: products, formats, units, options and file names.
const QStringList kNames = {
    "GPTQ", "RTN", "AWQ", "INT2", "INT3", "INT4", "INT8", "vLLM", "FPGA", "HBM", "API", "URL", "HTTP", "JSON", "KL", "ETA", "CT", "ct", "Studio",
    "Qwen", "Qwen2", "gptq_marlin", "gptq", "lm_eval", "lm-eval", "EvalPlus", "evalplus", "python3", "curl", "VCU128", "vcu128", "OpenAI", "MB",
    "GB", "kB", "tokens/s", "Qwen2ForCausalLM", "qwen2", "float32", "float16", "bfloat16", "desc_act", "demo", "model", "safetensors", "Hugging",
    "Face", "pip", "install", "gpu", "host", "vllm", "int4", "sk", "Ctrl", "Qt", "SQLite", "Linguist", "lm", "evaluation", "harness", "nats", "token", "Authorization", "Bearer", "SSH", "GPU", "NVLink", "PCIe", "NUMA", "rsync", "sftp",
    "GiB", "MiB", "PIX", "PXB", "PHB", "NODE", "SYS",  // memory units; nvidia-smi topo -m link codes
};

QStringList englishLeftovers(const QString& text) {
  QString t = text;
  t.remove(QRegularExpression(QStringLiteral("https?://\\S+")));
  t.remove(QRegularExpression(QStringLiteral("\\S*/\\S*")));  // paths
  t.remove(QRegularExpression(QStringLiteral("\\S+\\.(json|safetensors|py)\\b")));
  t.remove(QRegularExpression(QStringLiteral("--[a-z-]+")));  // command-line options
  t.remove(QRegularExpression(QStringLiteral("\\bct [a-z-]+")));  // ct's commands
  t.remove(QRegularExpression(QStringLiteral("\\bcompiler(?= \\{)")));  // a sample command: program and fields
  t.remove(QRegularExpression(QStringLiteral("\\{[a-z_]+\\}")));
  QStringList found;
  static const QRegularExpression word(QStringLiteral("[A-Za-z][A-Za-z0-9_]{2,}"));
  for (auto it = word.globalMatch(t); it.hasNext();) {
    const QString w = it.next().captured(0);
    if (!kNames.contains(w)) found << w;
  }
  return found;
}

bool hasCjk(const QString& s) {
  for (const QChar c : s)
    if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF) return true;
  return false;
}

// Every text a person reads in a window: labels, buttons, tabs, combo entries, placeholders,
// tooltips of disabled buttons, table headers, the navigation. Data (paths, task names, logs,
// model names in lists) is left out by the callers' choice of widgets.
QStringList visibleTexts(QWidget* root, const QSet<QString>& dataWidgets) {
  QStringList out;
  auto add = [&](QWidget* w, const QString& what, const QString& text) {
    if (!text.trimmed().isEmpty()) out << QStringLiteral("%1 [%2] %3").arg(w->objectName().isEmpty() ? QString::fromLatin1(w->metaObject()->className()) : w->objectName(), what, text);
  };
  for (QWidget* w : root->findChildren<QWidget*>()) {
    // Hidden ones too (other tabs, folded options, messages waiting for their moment).
    bool data = false;
    for (QWidget* p = w; p && p != root; p = p->parentWidget()) data |= dataWidgets.contains(p->objectName());
    if (data) continue;
    if (auto* l = qobject_cast<QLabel*>(w)) add(w, QStringLiteral("label"), l->text());
    if (auto* b = qobject_cast<QAbstractButton*>(w)) {
      if (b->text() != QStringLiteral("…")) add(w, QStringLiteral("button"), b->text());
      if (!b->isEnabled()) add(w, QStringLiteral("why disabled"), b->toolTip());
    }
    if (auto* e = qobject_cast<QLineEdit*>(w)) add(w, QStringLiteral("placeholder"), e->placeholderText());
    if (auto* c = qobject_cast<QComboBox*>(w); c && !c->isEditable())
      for (int i = 0; i < c->count(); ++i) add(w, QStringLiteral("item"), c->itemText(i));
    if (auto* t = qobject_cast<QTabWidget*>(w))
      for (int i = 0; i < t->count(); ++i) add(w, QStringLiteral("tab"), t->tabText(i));
    if (auto* h = qobject_cast<QHeaderView*>(w); h && h->orientation() == Qt::Horizontal && h->model())
      for (int i = 0; i < h->count(); ++i) add(w, QStringLiteral("header"), h->model()->headerData(i, Qt::Horizontal).toString());
    if (auto* tb = qobject_cast<QTextBrowser*>(w)) add(w, QStringLiteral("text"), tb->toPlainText());
  }
  return out;
}

}  // namespace

// Complete Chinese: every source string has a finished translation (checked against what
// lupdate finds in the sources now, so a new tr() without its Chinese fails here), everything
// built at run time shows in Chinese, and switching back leaves no Chinese behind.
class TstTranslations : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private Q_SLOTS:
  void initTestCase() {
    qputenv("CT_DATA_DIR", dir_.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("CT_STATE_DIR", dir_.filePath(QStringLiteral("state")).toLocal8Bit());
    qputenv("CT_BIN", CT_BIN_PATH);
    QCoreApplication::setOrganizationName(QStringLiteral("ct-studio-test-tr"));
  }

  void everySourceStringHasAFinishedTranslation() {
    const QString scanned = dir_.filePath(QStringLiteral("scan.ts"));
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(QStringLiteral(CT_LUPDATE), {QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("-silent"),
                                              QStringLiteral("-I"), QStringLiteral(CT_SOURCE_DIR "/core"), QStringLiteral("-I"), QStringLiteral(CT_SOURCE_DIR "/ui"),
                                              QStringLiteral(CT_SOURCE_DIR "/ui"), QStringLiteral(CT_SOURCE_DIR "/core/services"),
                                              QStringLiteral(CT_SOURCE_DIR "/core/quant/quant_options.cpp"), QStringLiteral("-ts"), scanned});
    QVERIFY2(lupdate.waitForFinished(120000) && lupdate.exitCode() == 0, lupdate.readAll().constData());
    QStringList ignored;
    const QHash<QString, QString> sources = readTs(scanned, &ignored);
    QStringList all = ignored;  // every message of the scan is unfinished there
    for (auto it = sources.begin(); it != sources.end(); ++it) all << it.key();
    QVERIFY(all.size() > 300);
    QStringList unfinished;
    const QHash<QString, QString> shipped = readTs(QStringLiteral(CT_SOURCE_DIR "/translations/ct_zh_CN.ts"), &unfinished);
    QStringList missing;
    for (const QString& m : ignored) {
      const QString key = m.section(QStringLiteral(": "), 0, 0) + QLatin1Char('\x1f') + m.section(QStringLiteral(": "), 1);
      if (!shipped.contains(key)) missing << m;
    }
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("%1 string(s) without a finished Chinese translation (add them to translations/zh_CN.tsv, "
                                                          "run update_translations and scripts/ts_fill.py):\n  ")
                                               .arg(missing.size()) + missing.join(QStringLiteral("\n  "))));
  }

  void runTimeTextIsChineseAndSwitchesBack() {
    jobs::JobManager manager(dir_.filePath(QStringLiteral("data/jobs.sqlite")));
    QVERIFY(manager.open(nullptr));
    ui::MainWindow window(&manager);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // Pages with something in them: a model chosen, its quantization plan, a bad image folder.
    window.modelsPage()->scan(QStringLiteral(CT_SOURCE_DIR "/resources"));
    window.quantizePage()->setModel(QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"));
    window.servicePage()->setImage(QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"));
    jobs::Job* doctor = manager.startCt(QStringLiteral("doctor"), {QStringLiteral("doctor")});
    QTRY_VERIFY_WITH_TIMEOUT(doctor->isFinished(), 30000);
    // Data, not words: paths, task and model names, logs, history entries, known-folder lists.
    const QSet<QString> data = {QStringLiteral("jobLog"), QStringLiteral("evalTasks"), QStringLiteral("evalHistory"), QStringLiteral("modelList"),
                                QStringLiteral("jobTable"), QStringLiteral("resultJson"), QStringLiteral("serveKnown"), QStringLiteral("compileKnown"),
                                QStringLiteral("quantMethod"), QStringLiteral("jobTitle"), QStringLiteral("evalTarget_origin"), QStringLiteral("evalTarget_quant"),
                                QStringLiteral("evalTarget_fpga"), QStringLiteral("chatTarget"), QStringLiteral("compileBoard"), QStringLiteral("compileReport"),
                                QStringLiteral("languageCombo"), QStringLiteral("serviceTable"), QStringLiteral("endpointTable"),
                                QStringLiteral("resultTable")};  // checked below: its facts are data

    QVERIFY(ui::applyLanguage(QStringLiteral("zh_CN")));
    QStringList english;
    const QStringList pages = {QStringLiteral("models"), QStringLiteral("quantize"), QStringLiteral("compile"), QStringLiteral("service"),
                               QStringLiteral("evaluate"), QStringLiteral("jobs"), QStringLiteral("settings")};
    for (const QString& p : pages) {
      window.showPage(p);
      if (p == QLatin1String("jobs")) window.jobsPage()->selectJob(doctor->id());
      QTest::qWait(50);
      for (const QString& t : visibleTexts(&window, data)) {
        const QStringList left = englishLeftovers(t.section(QLatin1Char(']'), 1));
        if (!left.isEmpty()) english << QStringLiteral("%1: %2   ← %3").arg(p, t, left.join(QLatin1Char(' ')));
      }
    }
    // A result table words its rows in the interface language; tool versions and paths are data.
    window.showPage(QStringLiteral("jobs"));
    window.jobsPage()->selectJob(doctor->id());
    const QString doctorText = window.jobsPage()->detail()->findChild<QTextBrowser*>(QStringLiteral("resultTable"))->toPlainText();
    QVERIFY2(doctorText.contains(QStringLiteral("处理器")) && doctorText.contains(QStringLiteral("硬件线程")), qPrintable(doctorText));
    for (const char* english1 : {"hardware threads", "driver present", "NVIDIA GPU (fine", "not found", "Check"})
      QVERIFY2(!doctorText.contains(QLatin1String(english1)), qPrintable(doctorText));
    english.removeDuplicates();
    QVERIFY2(english.isEmpty(), qPrintable(QStringLiteral("English left in the Chinese interface:\n  ") + english.join(QStringLiteral("\n  "))));

    QVERIFY(ui::applyLanguage(QStringLiteral("en")));
    QStringList chinese;
    for (const QString& p : pages) {
      window.showPage(p);
      QTest::qWait(50);
      for (const QString& t : visibleTexts(&window, {QStringLiteral("languageCombo")}))
        if (hasCjk(t)) chinese << QStringLiteral("%1: %2").arg(p, t);
    }
    if (hasCjk(window.statusText())) chinese << window.statusText();
    chinese.removeDuplicates();
    QVERIFY2(chinese.isEmpty(), qPrintable(QStringLiteral("Chinese left after switching back:\n  ") + chinese.join(QStringLiteral("\n  "))));
  }
};

QTEST_MAIN(TstTranslations)
#include "tst_translations.moc"
