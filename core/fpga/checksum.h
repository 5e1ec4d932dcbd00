#pragma once
#include <QString>
#include <cstddef>
#include <cstdint>

namespace ct::fpga {

// "ct64": a fast 64-bit checksum (four independent lanes, one multiply per 8 bytes) for image
// parts and channels — it catches corruption and stale files, it is not a cryptographic hash.
// docs/fpga-image.md gives the exact definition so the hardware side can check an image too.
class Checksum64 {
 public:
  Checksum64();
  void add(const void* data, size_t bytes);
  uint64_t value() const;
  QString hex() const;  // 16 lowercase hex digits

 private:
  uint64_t lane_[4];
  uint64_t length_ = 0;
  uint8_t pending_[32] = {};
  size_t pendingBytes_ = 0;
  void stripe(const uint8_t* p);
};

QString checksumHex(const void* data, size_t bytes);

}  // namespace ct::fpga
