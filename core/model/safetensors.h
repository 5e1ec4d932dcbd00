#pragma once
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <vector>

#include "model/dtype.h"

namespace ct::model {

struct TensorInfo {
  QString name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  uint64_t begin = 0, end = 0;  // relative to the data buffer

  int64_t numel() const;
  uint64_t bytes() const { return end - begin; }
};

// A tensor's bytes inside a mapped file: valid while the file object lives.
struct TensorView {
  const TensorInfo* info = nullptr;
  const uint8_t* data = nullptr;
};

// One .safetensors file, memory-mapped read-only; tensors are zero-copy views into the map.
class SafetensorsFile {
 public:
  ~SafetensorsFile();
  SafetensorsFile(const SafetensorsFile&) = delete;
  SafetensorsFile& operator=(const SafetensorsFile&) = delete;

  // Validates the whole header (size, JSON, dtypes, shapes, no holes or overlaps, exact length)
  // and names the file and the problem on failure.
  static std::unique_ptr<SafetensorsFile> open(const QString& path, QString* error);
  static constexpr uint64_t kMaxHeaderBytes = 100'000'000;

  const QString& path() const { return path_; }
  const std::vector<TensorInfo>& tensors() const { return tensors_; }
  const TensorInfo* find(const QString& name) const;
  TensorView view(const TensorInfo& t) const { return {&t, data_ + t.begin}; }
  // Drops the tensor's pages from this process's resident set (they stay in the page cache and
  // come back on the next read): lets a layer-at-a-time reader stay at one layer's memory.
  void release(const TensorInfo& t) const;
  const QHash<QString, QString>& metadata() const { return metadata_; }
  uint64_t fileSize() const { return size_; }

 private:
  SafetensorsFile() = default;

  QString path_;
  const uint8_t* map_ = nullptr;
  const uint8_t* data_ = nullptr;
  uint64_t size_ = 0;
  std::vector<TensorInfo> tensors_;
  QHash<QString, int> index_;
  QHash<QString, QString> metadata_;
};

// All tensors of a checkpoint folder: model.safetensors, or shards listed by
// model.safetensors.index.json (every listed shard must exist and hold what the index says).
class TensorSet {
 public:
  static std::unique_ptr<TensorSet> open(const QString& dir, QString* error);

  QStringList names() const;  // sorted
  bool contains(const QString& name) const { return where_.contains(name); }
  const TensorInfo* info(const QString& name) const;
  TensorView view(const QString& name) const;
  void release(const QString& name) const;
  const std::vector<std::unique_ptr<SafetensorsFile>>& files() const { return files_; }
  uint64_t totalBytes() const;

 private:
  std::vector<std::unique_ptr<SafetensorsFile>> files_;
  QHash<QString, std::pair<int, const TensorInfo*>> where_;
};

}  // namespace ct::model
