#pragma once
#include <QHash>
#include <QString>
#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <vector>

#include "model/dtype.h"

namespace ct::model {

// Writes one .safetensors file as tensors arrive, without holding them in memory. Data goes to
// one scratch file per alignment class (8/4/2/1 bytes); finish() writes the header (padded to 8
// bytes, {"format":"pt"} metadata) and the classes in descending alignment, so every tensor is
// naturally aligned with no holes. The file appears under its name only when complete
// (temporary name, fsync, rename); a writer destroyed unfinished leaves nothing behind.
class SafetensorsWriter {
 public:
  explicit SafetensorsWriter(QString path);
  ~SafetensorsWriter();
  SafetensorsWriter(const SafetensorsWriter&) = delete;
  SafetensorsWriter& operator=(const SafetensorsWriter&) = delete;

  bool add(const QString& name, DType dtype, const std::vector<int64_t>& shape, const void* data, uint64_t bytes,
           QString* error);
  bool finish(QString* error, QHash<QString, QString> metadata = {});
  void abort();
  uint64_t dataBytes() const { return dataBytes_; }
  const QString& path() const { return path_; }
  QStringList names() const;

 private:
  struct Entry {
    QString name;
    DType dtype;
    std::vector<int64_t> shape;
    int bucket;
    uint64_t offset, bytes;
  };
  bool openBucket(int b, QString* error);

  QString path_;
  std::array<std::FILE*, 4> buckets_{};
  std::array<uint64_t, 4> bucketBytes_{};
  std::vector<Entry> entries_;
  QHash<QString, int> seen_;
  uint64_t dataBytes_ = 0;
  bool done_ = false;
};

// A checkpoint's tensors: model.safetensors, or model-0000k-of-0000n.safetensors shards plus
// model.safetensors.index.json once a shard would pass maxShardBytes.
class CheckpointWriter {
 public:
  CheckpointWriter(QString dir, uint64_t maxShardBytes = 4'000'000'000ULL);
  ~CheckpointWriter();

  bool add(const QString& name, DType dtype, const std::vector<int64_t>& shape, const void* data, uint64_t bytes,
           QString* error);
  bool finish(QString* error);  // returns the list of files written through files()
  QStringList files() const { return files_; }

 private:
  QString dir_;
  uint64_t maxShard_;
  std::vector<std::unique_ptr<SafetensorsWriter>> shards_;
  QStringList files_;
};

}  // namespace ct::model
