#pragma once
#include <QString>
#include <cstddef>
#include <cstdint>

namespace ct::fpga {

// "ct64": a fast 64-bit checksum (one multiply per 8 bytes) for image parts and channels —
// it catches corruption and stale files, it is not a cryptographic hash. docs/fpga-image.md
// gives the exact definition so the hardware side can check an image too.
class Checksum64 {
 public:
  explicit Checksum64(uint64_t seed = 0);
  void add(const void* data, size_t bytes);
  uint64_t value() const;
  QString hex() const;  // 16 lowercase hex digits

 private:
  uint64_t state_;
  uint64_t length_ = 0;
  uint8_t tail_[8] = {};
  size_t tailBytes_ = 0;
  void word(uint64_t w);
};

QString checksumHex(const void* data, size_t bytes);

}  // namespace ct::fpga
