#pragma once
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

// Parsers for nvidia-smi's CSV query output. Columns are matched by header name, so any
// subset/order of fields parses; without a header the caller names the fields.
namespace ct::sched {

// The exact queries ct runs (keep the header: it lets the parser map columns by name).
QStringList gpuQueryArgs();   // --query-gpu=index,uuid,pci.bus_id,name,memory.total,memory.used,memory.free,utilization.gpu --format=csv
QStringList appsQueryArgs();  // --query-compute-apps=pid,gpu_uuid,used_memory,process_name --format=csv
QStringList topoArgs();       // topo -m
QStringList gpuQueryFields();
QStringList appsQueryFields();

struct GpuRow {
  int index = -1;
  QString uuid, busId, name;
  std::optional<qint64> totalMiB, usedMiB, freeMiB;  // nullopt: "N/A" / not supported / not queried
  std::optional<int> utilPercent;
};

struct AppRow {
  qint64 pid = 0;
  QString gpuUuid, processName;  // "[Not Found]": a PID from another PID namespace
  std::optional<qint64> usedMiB;
};

// Both return false with *error naming the line and what was wrong. fieldsIfNoHeader is used
// when the first line is not a header (the `noheader` format).
bool parseGpuQuery(const QString& text, std::vector<GpuRow>* rows, QString* error,
                   const QStringList& fieldsIfNoHeader = gpuQueryFields());
bool parseAppsQuery(const QString& text, std::vector<AppRow>* rows, QString* error,
                    const QStringList& fieldsIfNoHeader = appsQueryFields());

}  // namespace ct::sched
