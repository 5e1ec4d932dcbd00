#include "sched/smi_query.h"

#include <QRegularExpression>

namespace ct::sched {

QStringList gpuQueryFields() {
  return {QStringLiteral("index"), QStringLiteral("uuid"), QStringLiteral("pci.bus_id"), QStringLiteral("name"),
          QStringLiteral("memory.total"), QStringLiteral("memory.used"), QStringLiteral("memory.free"),
          QStringLiteral("utilization.gpu")};
}
QStringList appsQueryFields() {
  return {QStringLiteral("pid"), QStringLiteral("gpu_uuid"), QStringLiteral("used_memory"), QStringLiteral("process_name")};
}
QStringList gpuQueryArgs() {
  return {QStringLiteral("--query-gpu=") + gpuQueryFields().join(QLatin1Char(',')), QStringLiteral("--format=csv")};
}
QStringList appsQueryArgs() {
  return {QStringLiteral("--query-compute-apps=") + appsQueryFields().join(QLatin1Char(',')), QStringLiteral("--format=csv")};
}
QStringList topoArgs() { return {QStringLiteral("topo"), QStringLiteral("-m")}; }

namespace {

// nvidia-smi prints a field under another name in the header than the one queried
// (used_memory → used_gpu_memory, pci.bus → pci.bus, gpu_name → name); fold them to one key.
QString canonicalField(QString h) {
  h = h.trimmed();
  const int unit = h.indexOf(QLatin1String(" ["));
  if (unit >= 0) h = h.left(unit);
  h = h.toLower();
  if (h == QLatin1String("used_gpu_memory")) return QStringLiteral("used_memory");
  if (h == QLatin1String("gpu_name")) return QStringLiteral("name");
  if (h == QLatin1String("pci.bus_id") || h == QLatin1String("gpu_bus_id")) return QStringLiteral("pci.bus_id");
  return h;
}

bool isMissing(const QString& v) {
  return v.isEmpty() || v == QLatin1String("N/A") || v == QLatin1String("[N/A]") || v.startsWith(QLatin1String("[Not Supported"))
         || v == QLatin1String("[Unknown Error]") || v == QLatin1String("[Insufficient Permissions]");
}

// "81559 MiB", "81559", "100 %", "N/A" → number or nullopt; *bad set on text that is not a number.
std::optional<qint64> number(QString v, bool* bad) {
  v = v.trimmed();
  if (isMissing(v)) return std::nullopt;
  for (const char* unit : {" MiB", " %", "%", "MiB"})
    if (v.endsWith(QLatin1String(unit))) {
      v.chop(int(qstrlen(unit)));
      break;
    }
  bool ok = false;
  const qint64 n = v.trimmed().toLongLong(&ok);
  if (!ok || n < 0) {
    *bad = true;
    return std::nullopt;
  }
  return n;
}

struct Table {
  QStringList fields;
  std::vector<std::pair<int, QStringList>> rows;  // line number, cells
};

bool splitTable(const QString& text, const QStringList& known, const QStringList& fieldsIfNoHeader, const char* what,
                Table* t, QString* error) {
  const QStringList lines = text.split(QLatin1Char('\n'));
  bool first = true;
  for (int i = 0; i < lines.size(); ++i) {
    const QString line = lines.at(i).trimmed();
    if (line.isEmpty()) continue;
    if (line.startsWith(QLatin1String("No devices were found")) || line.startsWith(QLatin1String("No running processes")))
      continue;
    QStringList cells = line.split(QLatin1Char(','));
    for (QString& c : cells) c = c.trimmed();
    if (first) {
      first = false;
      QStringList header;
      for (const QString& c : cells) header << canonicalField(c);
      if (known.contains(header.value(0))) {
        t->fields = header;
        continue;
      }
      t->fields = fieldsIfNoHeader;
    }
    // A process name may hold commas: the last column takes the rest of the line.
    if (cells.size() > t->fields.size() && t->fields.last() == QLatin1String("process_name")) {
      const QStringList tail = cells.mid(t->fields.size() - 1);
      cells = cells.mid(0, t->fields.size() - 1);
      cells << tail.join(QStringLiteral(", "));
    }
    if (cells.size() != t->fields.size()) {
      *error = QStringLiteral("nvidia-smi %1 output, line %2: %3 values for %4 columns (%5); is this the output of '%6'?")
                   .arg(QLatin1String(what)).arg(i + 1).arg(cells.size()).arg(t->fields.size())
                   .arg(t->fields.join(QStringLiteral(", ")), QLatin1String(what));
      return false;
    }
    t->rows.emplace_back(i + 1, cells);
  }
  return true;
}

}  // namespace

bool parseGpuQuery(const QString& text, std::vector<GpuRow>* rows, QString* error, const QStringList& fieldsIfNoHeader) {
  static const QStringList known = {QStringLiteral("index"), QStringLiteral("uuid"), QStringLiteral("name"),
                                    QStringLiteral("pci.bus_id"), QStringLiteral("pci.bus"), QStringLiteral("memory.total"),
                                    QStringLiteral("memory.used"), QStringLiteral("memory.free"), QStringLiteral("utilization.gpu")};
  Table t;
  QStringList folded;
  for (const QString& f : fieldsIfNoHeader) folded << canonicalField(f);
  if (!splitTable(text, known, folded, "--query-gpu", &t, error)) return false;
  rows->clear();
  for (const auto& [lineNo, cells] : t.rows) {
    GpuRow r;
    bool bad = false;
    for (int c = 0; c < cells.size(); ++c) {
      const QString& f = t.fields.at(c);
      const QString& v = cells.at(c);
      if (f == QLatin1String("index")) r.index = int(number(v, &bad).value_or(-1));
      else if (f == QLatin1String("uuid")) r.uuid = v;
      else if (f == QLatin1String("pci.bus_id")) r.busId = v.toUpper();
      else if (f == QLatin1String("name")) r.name = v;
      else if (f == QLatin1String("memory.total")) r.totalMiB = number(v, &bad);
      else if (f == QLatin1String("memory.used")) r.usedMiB = number(v, &bad);
      else if (f == QLatin1String("memory.free")) r.freeMiB = number(v, &bad);
      else if (f == QLatin1String("utilization.gpu")) {
        const auto u = number(v, &bad);
        if (u) r.utilPercent = int(*u);
      }
      if (bad) {
        *error = QStringLiteral("nvidia-smi --query-gpu output, line %1: '%2' is not a number for %3").arg(lineNo).arg(v, f);
        return false;
      }
    }
    // Derive the missing one of total/used/free when the other two are known.
    if (!r.freeMiB && r.totalMiB && r.usedMiB) r.freeMiB = std::max<qint64>(0, *r.totalMiB - *r.usedMiB);
    if (!r.usedMiB && r.totalMiB && r.freeMiB) r.usedMiB = std::max<qint64>(0, *r.totalMiB - *r.freeMiB);
    rows->push_back(r);
  }
  return true;
}

bool parseAppsQuery(const QString& text, std::vector<AppRow>* rows, QString* error, const QStringList& fieldsIfNoHeader) {
  static const QStringList known = {QStringLiteral("pid"), QStringLiteral("gpu_uuid"), QStringLiteral("process_name"),
                                    QStringLiteral("used_memory"), QStringLiteral("timestamp"), QStringLiteral("gpu_name")};
  Table t;
  QStringList folded;
  for (const QString& f : fieldsIfNoHeader) folded << canonicalField(f);
  if (!splitTable(text, known, folded, "--query-compute-apps", &t, error)) return false;
  rows->clear();
  for (const auto& [lineNo, cells] : t.rows) {
    AppRow r;
    bool bad = false;
    for (int c = 0; c < cells.size(); ++c) {
      const QString& f = t.fields.at(c);
      const QString& v = cells.at(c);
      if (f == QLatin1String("pid")) r.pid = number(v, &bad).value_or(0);
      else if (f == QLatin1String("gpu_uuid")) r.gpuUuid = v;
      else if (f == QLatin1String("process_name")) r.processName = v;
      else if (f == QLatin1String("used_memory")) r.usedMiB = number(v, &bad);
      if (bad) {
        *error = QStringLiteral("nvidia-smi --query-compute-apps output, line %1: '%2' is not a number for %3").arg(lineNo).arg(v, f);
        return false;
      }
    }
    rows->push_back(r);
  }
  return true;
}

}  // namespace ct::sched
