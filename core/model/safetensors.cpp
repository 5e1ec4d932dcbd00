#include "model/safetensors.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ct::model {

int64_t TensorInfo::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

void SafetensorsFile::release(const TensorInfo& t) const {
  const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const uintptr_t from = (reinterpret_cast<uintptr_t>(data_ + t.begin) + page - 1) & ~(page - 1);
  const uintptr_t to = reinterpret_cast<uintptr_t>(data_ + t.end) & ~(page - 1);
  if (to > from) ::madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
}

SafetensorsFile::~SafetensorsFile() {
  if (map_) ::munmap(const_cast<uint8_t*>(map_), size_);
}

std::unique_ptr<SafetensorsFile> SafetensorsFile::open(const QString& path, QString* error) {
  auto fail = [&](const QString& why) -> std::unique_ptr<SafetensorsFile> {
    if (error) *error = QStringLiteral("%1: %2").arg(path, why);
    return nullptr;
  };
  const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(QString::fromLocal8Bit(std::strerror(errno)));
  struct stat st {};
  ::fstat(fd, &st);
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  if (size < 8) {
    ::close(fd);
    return fail(QStringLiteral("truncated: %1 bytes, too short for a safetensors header").arg(size));
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return fail(QStringLiteral("cannot map the file: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));

  std::unique_ptr<SafetensorsFile> f(new SafetensorsFile);
  f->path_ = path;
  f->map_ = static_cast<const uint8_t*>(map);
  f->size_ = size;
  uint64_t n = 0;
  std::memcpy(&n, f->map_, 8);  // little-endian on every machine we run on
  if (n > kMaxHeaderBytes) return fail(QStringLiteral("header of %1 bytes exceeds the %2-byte limit (corrupt file?)").arg(n).arg(kMaxHeaderBytes));
  if (8 + n > size) return fail(QStringLiteral("truncated: header says %1 bytes but the file has %2").arg(n).arg(size - 8));
  const QByteArray headerBytes = QByteArray::fromRawData(reinterpret_cast<const char*>(f->map_ + 8), static_cast<qsizetype>(n));
  if (n == 0 || headerBytes.at(0) != '{') return fail(QStringLiteral("header is not a JSON object"));
  QJsonParseError pe{};
  const QJsonDocument doc = QJsonDocument::fromJson(headerBytes, &pe);
  if (!doc.isObject()) return fail(QStringLiteral("header is not valid JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset));
  f->data_ = f->map_ + 8 + n;
  const uint64_t bufferSize = size - 8 - n;

  const QJsonObject header = doc.object();
  for (auto it = header.begin(); it != header.end(); ++it) {
    if (it.key() == QLatin1String("__metadata__")) {
      if (!it.value().isObject()) return fail(QStringLiteral("__metadata__ must be an object of strings"));
      const QJsonObject meta = it.value().toObject();
      for (auto m = meta.begin(); m != meta.end(); ++m) {
        if (!m.value().isString()) return fail(QStringLiteral("__metadata__ value \"%1\" must be a string").arg(m.key()));
        f->metadata_.insert(m.key(), m.value().toString());
      }
      continue;
    }
    if (!it.value().isObject()) return fail(QStringLiteral("entry \"%1\" is not an object").arg(it.key()));
    const QJsonObject e = it.value().toObject();
    TensorInfo t;
    t.name = it.key();
    const auto dtype = dtypeFromName(e.value(QStringLiteral("dtype")).toString());
    if (!dtype) return fail(QStringLiteral("tensor \"%1\" has unknown dtype \"%2\"").arg(t.name, e.value(QStringLiteral("dtype")).toString()));
    t.dtype = *dtype;
    const QJsonValue shape = e.value(QStringLiteral("shape"));
    if (!shape.isArray()) return fail(QStringLiteral("tensor \"%1\" has no shape array").arg(t.name));
    for (const QJsonValue d : shape.toArray()) {
      if (!d.isDouble() || d.toDouble() < 0 || d.toDouble() != static_cast<double>(static_cast<int64_t>(d.toDouble())))
        return fail(QStringLiteral("tensor \"%1\" has a bad dimension in its shape").arg(t.name));
      t.shape.push_back(static_cast<int64_t>(d.toDouble()));
    }
    const QJsonArray off = e.value(QStringLiteral("data_offsets")).toArray();
    if (off.size() != 2 || !off[0].isDouble() || !off[1].isDouble())
      return fail(QStringLiteral("tensor \"%1\" needs data_offsets [begin, end]").arg(t.name));
    t.begin = static_cast<uint64_t>(off[0].toDouble());
    t.end = static_cast<uint64_t>(off[1].toDouble());
    if (t.end < t.begin) return fail(QStringLiteral("tensor \"%1\" ends before it begins").arg(t.name));
    const uint64_t expect = static_cast<uint64_t>(t.numel()) * static_cast<uint64_t>(dtypeSize(t.dtype));
    if (t.bytes() != expect)
      return fail(QStringLiteral("tensor \"%1\" holds %2 bytes but its shape and dtype need %3").arg(t.name).arg(t.bytes()).arg(expect));
    f->tensors_.push_back(std::move(t));
  }
  std::sort(f->tensors_.begin(), f->tensors_.end(), [](const TensorInfo& a, const TensorInfo& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  uint64_t cursor = 0;
  for (const TensorInfo& t : f->tensors_) {
    if (t.begin > cursor) return fail(QStringLiteral("hole before tensor \"%1\" (bytes %2..%3 belong to no tensor)").arg(t.name).arg(cursor).arg(t.begin));
    if (t.begin < cursor) return fail(QStringLiteral("tensor \"%1\" overlaps the tensor before it").arg(t.name));
    cursor = t.end;
  }
  if (cursor != bufferSize) {
    if (cursor > bufferSize)
      return fail(QStringLiteral("truncated: tensors need %1 data bytes but the file holds %2").arg(cursor).arg(bufferSize));
    return fail(QStringLiteral("%1 stray bytes after the last tensor").arg(bufferSize - cursor));
  }
  for (int i = 0; i < static_cast<int>(f->tensors_.size()); ++i) f->index_.insert(f->tensors_[static_cast<size_t>(i)].name, i);
  ::madvise(const_cast<uint8_t*>(f->map_), size, MADV_WILLNEED);
  return f;
}

const TensorInfo* SafetensorsFile::find(const QString& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &tensors_[static_cast<size_t>(*it)];
}

std::unique_ptr<TensorSet> TensorSet::open(const QString& dir, QString* error) {
  auto set = std::make_unique<TensorSet>();
  const QDir d(dir);
  const QString indexPath = d.filePath(QStringLiteral("model.safetensors.index.json"));
  QStringList shards;
  QJsonObject weightMap;
  if (QFile::exists(indexPath)) {
    QFile f(indexPath);
    if (!f.open(QIODevice::ReadOnly)) {
      if (error) *error = QStringLiteral("%1: %2").arg(indexPath, f.errorString());
      return nullptr;
    }
    QJsonParseError pe{};
    const QJsonObject root = QJsonDocument::fromJson(f.readAll(), &pe).object();
    weightMap = root.value(QStringLiteral("weight_map")).toObject();
    if (weightMap.isEmpty()) {
      if (error) *error = QStringLiteral("%1: no weight_map (%2)").arg(indexPath, pe.error ? pe.errorString() : QStringLiteral("empty"));
      return nullptr;
    }
    for (auto it = weightMap.begin(); it != weightMap.end(); ++it)
      if (!shards.contains(it.value().toString())) shards.append(it.value().toString());
    shards.sort();
  } else if (QFile::exists(d.filePath(QStringLiteral("model.safetensors")))) {
    shards = {QStringLiteral("model.safetensors")};
  } else {
    if (error) *error = QStringLiteral("%1: no model.safetensors or model.safetensors.index.json").arg(dir);
    return nullptr;
  }
  for (const QString& shard : shards) {
    if (shard.contains(QLatin1Char('/')) || shard.startsWith(QLatin1Char('.'))) {
      if (error) *error = QStringLiteral("%1: shard name \"%2\" must be a plain file name").arg(indexPath, shard);
      return nullptr;
    }
    const QString path = d.filePath(shard);
    if (!QFile::exists(path)) {
      if (error) *error = QStringLiteral("%1: missing shard %2 listed in the index").arg(dir, shard);
      return nullptr;
    }
    auto file = SafetensorsFile::open(path, error);
    if (!file) return nullptr;
    const int fileIndex = static_cast<int>(set->files_.size());
    for (const TensorInfo& t : file->tensors()) {
      if (set->where_.contains(t.name)) {
        if (error) *error = QStringLiteral("%1: tensor \"%2\" appears in two shards").arg(dir, t.name);
        return nullptr;
      }
      if (!weightMap.isEmpty() && weightMap.value(t.name).toString() != shard) {
        if (error) *error = QStringLiteral("%1: tensor \"%2\" is in %3 but the index says %4").arg(dir, t.name, shard, weightMap.value(t.name).toString(QStringLiteral("nothing")));
        return nullptr;
      }
      set->where_.insert(t.name, {fileIndex, &t});
    }
    set->files_.push_back(std::move(file));
  }
  for (auto it = weightMap.begin(); it != weightMap.end(); ++it)
    if (!set->where_.contains(it.key())) {
      if (error) *error = QStringLiteral("%1: tensor \"%2\" is in the index but not in %3").arg(dir, it.key(), it.value().toString());
      return nullptr;
    }
  return set;
}

QStringList TensorSet::names() const {
  QStringList n = where_.keys();
  n.sort();
  return n;
}

const TensorInfo* TensorSet::info(const QString& name) const {
  auto it = where_.find(name);
  return it == where_.end() ? nullptr : it->second;
}

void TensorSet::release(const QString& name) const {
  const auto it = where_.constFind(name);
  if (it != where_.constEnd()) files_[static_cast<size_t>(it->first)]->release(*it->second);
}

TensorView TensorSet::view(const QString& name) const {
  auto it = where_.find(name);
  if (it == where_.end()) return {};
  return files_[static_cast<size_t>(it->first)]->view(*it->second);
}

uint64_t TensorSet::totalBytes() const {
  uint64_t n = 0;
  for (const auto& [file, info] : where_) n += info->bytes();
  return n;
}

}  // namespace ct::model
