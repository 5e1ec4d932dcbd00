#include "fpga/checksum.h"

#include <cstring>

namespace ct::fpga {
namespace {
constexpr uint64_t kP1 = 0x9E3779B185EBCA87ULL;
constexpr uint64_t kP2 = 0xC2B2AE3D27D4EB4FULL;
constexpr uint64_t kP3 = 0x165667B19E3779F9ULL;
inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
inline uint64_t mix(uint64_t acc, uint64_t w) { return rotl(acc + w * kP2, 31) * kP1; }
inline uint64_t load(const uint8_t* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);  // little-endian, as the image format is
  return w;
}
}  // namespace

Checksum64::Checksum64() : lane_{kP1 + kP2, kP2, 0, 0 - kP1} {}

void Checksum64::stripe(const uint8_t* p) {
  lane_[0] = mix(lane_[0], load(p));
  lane_[1] = mix(lane_[1], load(p + 8));
  lane_[2] = mix(lane_[2], load(p + 16));
  lane_[3] = mix(lane_[3], load(p + 24));
}

void Checksum64::add(const void* data, size_t bytes) {
  const auto* p = static_cast<const uint8_t*>(data);
  length_ += bytes;
  if (pendingBytes_ > 0) {
    const size_t take = std::min(bytes, 32 - pendingBytes_);
    std::memcpy(pending_ + pendingBytes_, p, take);
    pendingBytes_ += take;
    p += take;
    bytes -= take;
    if (pendingBytes_ < 32) return;
    stripe(pending_);
    pendingBytes_ = 0;
  }
  while (bytes >= 32) {
    stripe(p);
    p += 32;
    bytes -= 32;
  }
  std::memcpy(pending_, p, bytes);
  pendingBytes_ = bytes;
}

uint64_t Checksum64::value() const {
  uint64_t h = rotl(lane_[0], 1) + rotl(lane_[1], 7) + rotl(lane_[2], 12) + rotl(lane_[3], 18);
  h ^= length_;
  // The last 0–31 bytes: whole words, then the rest zero-padded into one more word.
  size_t i = 0;
  for (; i + 8 <= pendingBytes_; i += 8) h = rotl(h ^ mix(0, load(pending_ + i)), 27) * kP1 + kP3;
  if (i < pendingBytes_) {
    uint8_t last[8] = {};
    std::memcpy(last, pending_ + i, pendingBytes_ - i);
    h = rotl(h ^ mix(0, load(last)), 27) * kP1 + kP3;
  }
  h ^= h >> 33;
  h *= kP2;
  h ^= h >> 29;
  h *= kP3;
  h ^= h >> 32;
  return h;
}

QString Checksum64::hex() const { return QStringLiteral("%1").arg(value(), 16, 16, QLatin1Char('0')); }

QString checksumHex(const void* data, size_t bytes) {
  Checksum64 c;
  c.add(data, bytes);
  return c.hex();
}

}  // namespace ct::fpga
