#pragma once
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <optional>

namespace ct::fpga {

// A board as data: how many memory channels, how big, how wide a word, how fast. A new board
// is a new JSON file, not new code.
struct BoardProfile {
  QString name;
  QString description;
  int channels = 0;
  int64_t channelBytes = 0;
  int wordBits = 0;
  double peakBandwidthGBps = 0;  // all channels together, 1e9 bytes/s
  int smallTensorChannel = 0;    // where tensors up to smallTensorMaxBytes go whole
  int64_t smallTensorMaxBytes = 0;

  int wordBytes() const { return wordBits / 8; }
  int64_t capacityBytes() const { return channelBytes * channels; }
  QJsonObject toJson() const;
  static std::optional<BoardProfile> fromJson(const QJsonObject& o, QString* error);

  // A built-in profile by name ("vcu128") or a JSON file path.
  static std::optional<BoardProfile> load(const QString& nameOrPath, QString* error);
  static QStringList builtIn();
};

}  // namespace ct::fpga
