#include "fpga/checksum.h"

#include <cstring>

namespace ct::fpga {
namespace {
constexpr uint64_t kMul1 = 0x9E3779B185EBCA87ULL;
constexpr uint64_t kMul2 = 0xC2B2AE3D27D4EB4FULL;
inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
}  // namespace

Checksum64::Checksum64(uint64_t seed) : state_(seed ^ kMul2) {}

void Checksum64::word(uint64_t w) {
  state_ ^= rotl(w * kMul2, 31) * kMul1;
  state_ = rotl(state_, 27) * kMul1 + 0x52DCE729ULL;
}

void Checksum64::add(const void* data, size_t bytes) {
  const auto* p = static_cast<const uint8_t*>(data);
  length_ += bytes;
  while (tailBytes_ > 0 && tailBytes_ < 8 && bytes > 0) {
    tail_[tailBytes_++] = *p++;
    --bytes;
    if (tailBytes_ == 8) {
      uint64_t w;
      std::memcpy(&w, tail_, 8);
      word(w);
      tailBytes_ = 0;
    }
  }
  while (bytes >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);  // little-endian machines only, as the image format says
    word(w);
    p += 8;
    bytes -= 8;
  }
  while (bytes > 0) {
    tail_[tailBytes_++] = *p++;
    --bytes;
  }
}

uint64_t Checksum64::value() const {
  uint64_t s = state_;
  if (tailBytes_ > 0) {
    uint8_t last[8] = {};
    std::memcpy(last, tail_, tailBytes_);
    uint64_t w;
    std::memcpy(&w, last, 8);
    s ^= rotl(w * kMul2, 31) * kMul1;
    s = rotl(s, 27) * kMul1 + 0x52DCE729ULL;
  }
  s ^= length_;
  s ^= s >> 33;
  s *= kMul2;
  s ^= s >> 29;
  s *= kMul1;
  s ^= s >> 32;
  return s;
}

QString Checksum64::hex() const { return QStringLiteral("%1").arg(value(), 16, 16, QLatin1Char('0')); }

QString checksumHex(const void* data, size_t bytes) {
  Checksum64 c;
  c.add(data, bytes);
  return c.hex();
}

}  // namespace ct::fpga
