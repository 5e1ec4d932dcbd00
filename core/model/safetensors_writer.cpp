#include "model/safetensors_writer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace ct::model {
namespace {

int bucketFor(DType t) {
  switch (dtypeSize(t)) {
    case 8: return 0;
    case 4: return 1;
    case 2: return 2;
    default: return 3;
  }
}

QString osError() { return QString::fromLocal8Bit(std::strerror(errno)); }

bool writeAll(int fd, const char* p, size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

bool fsyncDir(const QString& dir) {
  const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

SafetensorsWriter::SafetensorsWriter(QString path) : path_(std::move(path)) {}

SafetensorsWriter::~SafetensorsWriter() {
  if (!done_) abort();
}

QStringList SafetensorsWriter::names() const {
  QStringList out;
  for (const Entry& e : entries_) out.append(e.name);
  return out;
}

bool SafetensorsWriter::openBucket(int b, QString* error) {
  if (buckets_[static_cast<size_t>(b)]) return true;
  const QByteArray name = QFile::encodeName(path_ + QStringLiteral(".align%1.tmp").arg(b));
  buckets_[static_cast<size_t>(b)] = std::fopen(name.constData(), "w+b");
  if (!buckets_[static_cast<size_t>(b)]) {
    if (error) *error = QStringLiteral("cannot create %1: %2").arg(QString::fromLocal8Bit(name), osError());
    return false;
  }
  return true;
}

bool SafetensorsWriter::add(const QString& name, DType dtype, const std::vector<int64_t>& shape, const void* data,
                            uint64_t bytes, QString* error) {
  if (seen_.contains(name)) {
    if (error) *error = QStringLiteral("tensor \"%1\" written twice").arg(name);
    return false;
  }
  uint64_t numel = 1;
  for (int64_t d : shape) numel *= static_cast<uint64_t>(d);
  if (numel * static_cast<uint64_t>(dtypeSize(dtype)) != bytes) {
    if (error) *error = QStringLiteral("tensor \"%1\": %2 bytes do not match its shape and dtype").arg(name).arg(bytes);
    return false;
  }
  const int b = bucketFor(dtype);
  if (!openBucket(b, error)) return false;
  std::FILE* f = buckets_[static_cast<size_t>(b)];
  if (bytes > 0 && std::fwrite(data, 1, bytes, f) != bytes) {
    if (error) *error = QStringLiteral("cannot write tensor \"%1\" next to %2: %3").arg(name, path_, osError());
    return false;
  }
  entries_.push_back({name, dtype, shape, b, bucketBytes_[static_cast<size_t>(b)], bytes});
  seen_.insert(name, static_cast<int>(entries_.size()) - 1);
  bucketBytes_[static_cast<size_t>(b)] += bytes;
  dataBytes_ += bytes;
  return true;
}

bool SafetensorsWriter::finish(QString* error, QHash<QString, QString> metadata) {
  std::array<uint64_t, 4> base{};
  for (int b = 1; b < 4; ++b) base[static_cast<size_t>(b)] = base[static_cast<size_t>(b - 1)] + bucketBytes_[static_cast<size_t>(b - 1)];
  QJsonObject header;
  if (!metadata.contains(QStringLiteral("format"))) metadata.insert(QStringLiteral("format"), QStringLiteral("pt"));
  QJsonObject meta;
  for (auto it = metadata.begin(); it != metadata.end(); ++it) meta.insert(it.key(), it.value());
  header.insert(QStringLiteral("__metadata__"), meta);
  for (const Entry& e : entries_) {
    QJsonArray shape;
    for (int64_t d : e.shape) shape.append(static_cast<double>(d));
    const uint64_t begin = base[static_cast<size_t>(e.bucket)] + e.offset;
    header.insert(e.name, QJsonObject{{QStringLiteral("dtype"), dtypeName(e.dtype)},
                                      {QStringLiteral("shape"), shape},
                                      {QStringLiteral("data_offsets"), QJsonArray{static_cast<double>(begin), static_cast<double>(begin + e.bytes)}}});
  }
  QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
  while (json.size() % 8 != 0) json.append(' ');

  const QString tmp = path_ + QStringLiteral(".tmp");
  const int fd = ::open(QFile::encodeName(tmp).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (error) *error = QStringLiteral("cannot create %1: %2").arg(tmp, osError());
    return false;
  }
  const uint64_t n = static_cast<uint64_t>(json.size());
  char lenBytes[8];
  std::memcpy(lenBytes, &n, 8);
  bool ok = writeAll(fd, lenBytes, 8) && writeAll(fd, json.constData(), static_cast<size_t>(json.size()));
  std::vector<char> chunk(1 << 20);
  for (size_t b = 0; ok && b < 4; ++b) {
    std::FILE* f = buckets_[b];
    if (!f) continue;
    ok = std::fflush(f) == 0 && std::fseek(f, 0, SEEK_SET) == 0;
    size_t got = 0;
    while (ok && (got = std::fread(chunk.data(), 1, chunk.size(), f)) > 0) ok = writeAll(fd, chunk.data(), got);
  }
  ok = ok && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    if (error) *error = QStringLiteral("cannot write %1: %2").arg(tmp, osError());
    QFile::remove(tmp);
    return false;
  }
  if (::rename(QFile::encodeName(tmp).constData(), QFile::encodeName(path_).constData()) != 0) {
    if (error) *error = QStringLiteral("cannot rename %1 to %2: %3").arg(tmp, path_, osError());
    QFile::remove(tmp);
    return false;
  }
  fsyncDir(QFileInfo(path_).absolutePath());
  done_ = true;
  abort();  // drops the scratch files; the result stays
  return true;
}

void SafetensorsWriter::abort() {
  for (size_t b = 0; b < 4; ++b) {
    if (buckets_[b]) std::fclose(buckets_[b]);
    buckets_[b] = nullptr;
    QFile::remove(path_ + QStringLiteral(".align%1.tmp").arg(b));
  }
  if (!done_) QFile::remove(path_ + QStringLiteral(".tmp"));
}

CheckpointWriter::CheckpointWriter(QString dir, uint64_t maxShardBytes) : dir_(std::move(dir)), maxShard_(maxShardBytes) {}

CheckpointWriter::~CheckpointWriter() = default;  // unfinished shards remove their scratch files

bool CheckpointWriter::add(const QString& name, DType dtype, const std::vector<int64_t>& shape, const void* data,
                           uint64_t bytes, QString* error) {
  if (shards_.empty() || (shards_.back()->dataBytes() > 0 && shards_.back()->dataBytes() + bytes > maxShard_))
    shards_.push_back(std::make_unique<SafetensorsWriter>(QDir(dir_).filePath(QStringLiteral(".shard-%1.safetensors").arg(shards_.size() + 1))));
  return shards_.back()->add(name, dtype, shape, data, bytes, error);
}

bool CheckpointWriter::finish(QString* error) {
  if (shards_.empty()) shards_.push_back(std::make_unique<SafetensorsWriter>(QDir(dir_).filePath(QStringLiteral(".shard-1.safetensors"))));
  const int count = static_cast<int>(shards_.size());
  QJsonObject weightMap;
  uint64_t total = 0;
  files_.clear();
  for (int i = 0; i < count; ++i) {
    const QString finalName = count == 1 ? QStringLiteral("model.safetensors")
                                         : QStringLiteral("model-%1-of-%2.safetensors").arg(i + 1, 5, 10, QLatin1Char('0')).arg(count, 5, 10, QLatin1Char('0'));
    SafetensorsWriter& w = *shards_[static_cast<size_t>(i)];
    for (const QString& n : w.names()) weightMap.insert(n, finalName);
    total += w.dataBytes();
    if (!w.finish(error)) return false;
    const QString target = QDir(dir_).filePath(finalName);
    QFile::remove(target);
    if (!QFile::rename(w.path(), target)) {
      if (error) *error = QStringLiteral("cannot rename %1 to %2").arg(w.path(), target);
      return false;
    }
    files_.append(finalName);
  }
  if (count > 1) {
    const QJsonObject index{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("total_size"), static_cast<double>(total)}}},
                            {QStringLiteral("weight_map"), weightMap}};
    const QString path = QDir(dir_).filePath(QStringLiteral("model.safetensors.index.json"));
    QFile f(path + QStringLiteral(".tmp"));
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(index).toJson(QJsonDocument::Indented)) < 0 || !f.flush()) {
      if (error) *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
      return false;
    }
    ::fsync(f.handle());
    f.close();
    QFile::remove(path);
    QFile::rename(f.fileName(), path);
    files_.append(QStringLiteral("model.safetensors.index.json"));
  }
  return true;
}

}  // namespace ct::model
