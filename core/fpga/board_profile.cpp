#include "fpga/board_profile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

namespace ct::fpga {

QJsonObject BoardProfile::toJson() const {
  return {{QStringLiteral("name"), name},
          {QStringLiteral("description"), description},
          {QStringLiteral("channels"), channels},
          {QStringLiteral("channel_bytes"), static_cast<double>(channelBytes)},
          {QStringLiteral("word_bits"), wordBits},
          {QStringLiteral("peak_bandwidth_gbps"), peakBandwidthGBps},
          {QStringLiteral("small_tensor_channel"), smallTensorChannel},
          {QStringLiteral("small_tensor_max_bytes"), static_cast<double>(smallTensorMaxBytes)}};
}

std::optional<BoardProfile> BoardProfile::fromJson(const QJsonObject& o, QString* error) {
  BoardProfile p;
  p.name = o.value(QStringLiteral("name")).toString();
  p.description = o.value(QStringLiteral("description")).toString();
  p.channels = o.value(QStringLiteral("channels")).toInt();
  p.channelBytes = static_cast<int64_t>(o.value(QStringLiteral("channel_bytes")).toDouble());
  p.wordBits = o.value(QStringLiteral("word_bits")).toInt();
  p.peakBandwidthGBps = o.value(QStringLiteral("peak_bandwidth_gbps")).toDouble();
  p.smallTensorChannel = o.value(QStringLiteral("small_tensor_channel")).toInt();
  p.smallTensorMaxBytes = static_cast<int64_t>(o.value(QStringLiteral("small_tensor_max_bytes")).toDouble());
  QString bad;
  if (p.name.isEmpty()) bad = QStringLiteral("\"name\" is missing");
  else if (p.channels < 1 || p.channels > 1024) bad = QStringLiteral("\"channels\" must be 1..1024");
  else if (p.channelBytes <= 0) bad = QStringLiteral("\"channel_bytes\" must be positive");
  else if (p.wordBits < 8 || p.wordBits % 8 != 0 || (p.wordBits & (p.wordBits - 1)) != 0) bad = QStringLiteral("\"word_bits\" must be a power of two ≥ 8");
  else if (p.peakBandwidthGBps <= 0) bad = QStringLiteral("\"peak_bandwidth_gbps\" must be positive");
  else if (p.smallTensorChannel < 0 || p.smallTensorChannel >= p.channels) bad = QStringLiteral("\"small_tensor_channel\" must name one of the channels");
  if (!bad.isEmpty()) {
    if (error) *error = QStringLiteral("board profile: %1").arg(bad);
    return std::nullopt;
  }
  return p;
}

QStringList BoardProfile::builtIn() {
  QStringList out;
  for (const QString& f : QDir(QStringLiteral(":/boards")).entryList({QStringLiteral("*.json")})) out << QFileInfo(f).completeBaseName();
  return out;
}

std::optional<BoardProfile> BoardProfile::load(const QString& nameOrPath, QString* error) {
  const QString path = QFileInfo::exists(nameOrPath) ? nameOrPath : QStringLiteral(":/boards/%1.json").arg(nameOrPath);
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    if (error) *error = QStringLiteral("unknown board \"%1\": give a profile JSON file or one of %2").arg(nameOrPath, builtIn().join(QStringLiteral(", ")));
    return std::nullopt;
  }
  QJsonParseError pe{};
  const QJsonDocument d = QJsonDocument::fromJson(f.readAll(), &pe);
  if (!d.isObject()) {
    if (error) *error = QStringLiteral("%1: not a JSON object (%2)").arg(path, pe.errorString());
    return std::nullopt;
  }
  QString why;
  auto p = fromJson(d.object(), &why);
  if (!p && error) *error = QStringLiteral("%1: %2").arg(path, why);
  return p;
}

}  // namespace ct::fpga
