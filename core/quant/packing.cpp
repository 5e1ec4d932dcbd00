#include "quant/packing.h"

#include <numeric>

namespace ct::quant {
namespace {

// Writes value v (bits wide) at stream bit `bit` of the column-of-words starting at `base`
// with `stride` between consecutive words.
inline void put(uint32_t* base, int64_t stride, uint64_t bit, uint32_t v, int bits) {
  const uint64_t w = bit >> 5;
  const unsigned off = static_cast<unsigned>(bit & 31);
  base[w * stride] |= v << off;
  if (off + static_cast<unsigned>(bits) > 32) base[(w + 1) * stride] |= v >> (32 - off);
}

inline uint32_t get(const uint32_t* base, int64_t stride, uint64_t bit, int bits) {
  const uint64_t w = bit >> 5;
  const unsigned off = static_cast<unsigned>(bit & 31);
  uint64_t v = base[w * stride] >> off;
  if (off + static_cast<unsigned>(bits) > 32) v |= static_cast<uint64_t>(base[(w + 1) * stride]) << (32 - off);
  return static_cast<uint32_t>(v) & ((1u << bits) - 1);
}

}  // namespace

int packGranule(int bits) { return 32 / std::gcd(32, bits); }

std::vector<int32_t> packRows(const uint8_t* codes, int64_t K, int64_t N, int bits) {
  std::vector<int32_t> out(static_cast<size_t>(K * bits / 32 * N), 0);
  auto* words = reinterpret_cast<uint32_t*>(out.data());
  // Row k of the codes lands in word row (k·bits)/32; walking k outer keeps writes row-contiguous.
  for (int64_t k = 0; k < K; ++k) {
    const uint64_t bit = static_cast<uint64_t>(k) * static_cast<uint64_t>(bits);
    const uint64_t w = bit >> 5;
    const unsigned off = static_cast<unsigned>(bit & 31);
    const bool straddles = off + static_cast<unsigned>(bits) > 32;
    uint32_t* row = words + w * static_cast<uint64_t>(N);
    const uint8_t* src = codes + k * N;
    for (int64_t n = 0; n < N; ++n) row[n] |= static_cast<uint32_t>(src[n]) << off;
    if (straddles)
      for (int64_t n = 0; n < N; ++n) row[N + n] |= static_cast<uint32_t>(src[n]) >> (32 - off);
  }
  return out;
}

std::vector<uint8_t> unpackRows(const int32_t* words, int64_t K, int64_t N, int bits) {
  std::vector<uint8_t> out(static_cast<size_t>(K * N));
  const auto* w = reinterpret_cast<const uint32_t*>(words);
  for (int64_t k = 0; k < K; ++k)
    for (int64_t n = 0; n < N; ++n)
      out[static_cast<size_t>(k * N + n)] = static_cast<uint8_t>(get(w + n, N, static_cast<uint64_t>(k) * bits, bits));
  return out;
}

std::vector<int32_t> packCols(const uint8_t* values, int64_t G, int64_t N, int bits) {
  const int64_t wordsPerRow = N * bits / 32;
  std::vector<int32_t> out(static_cast<size_t>(G * wordsPerRow), 0);
  for (int64_t g = 0; g < G; ++g) {
    auto* row = reinterpret_cast<uint32_t*>(out.data() + g * wordsPerRow);
    for (int64_t n = 0; n < N; ++n) put(row, 1, static_cast<uint64_t>(n) * bits, values[g * N + n], bits);
  }
  return out;
}

std::vector<uint8_t> unpackCols(const int32_t* words, int64_t G, int64_t N, int bits) {
  const int64_t wordsPerRow = N * bits / 32;
  std::vector<uint8_t> out(static_cast<size_t>(G * N));
  for (int64_t g = 0; g < G; ++g) {
    const auto* row = reinterpret_cast<const uint32_t*>(words + g * wordsPerRow);
    for (int64_t n = 0; n < N; ++n) out[static_cast<size_t>(g * N + n)] = static_cast<uint8_t>(get(row, 1, static_cast<uint64_t>(n) * bits, bits));
  }
  return out;
}

std::vector<int32_t> packAwq(const uint8_t* values, int64_t R, int64_t N) {
  const int64_t W = N / 8;
  std::vector<int32_t> out(static_cast<size_t>(R * W), 0);
  for (int64_t r = 0; r < R; ++r)
    for (int64_t c = 0; c < W; ++c) {
      const uint8_t* v = values + r * N + c * 8;
      uint32_t word = 0;
      for (int i = 0; i < 8; ++i) word |= static_cast<uint32_t>(v[kAwqOrder[i]] & 0xF) << (4 * i);
      out[static_cast<size_t>(r * W + c)] = static_cast<int32_t>(word);
    }
  return out;
}

std::vector<uint8_t> unpackAwq(const int32_t* words, int64_t R, int64_t N) {
  const int64_t W = N / 8;
  std::vector<uint8_t> out(static_cast<size_t>(R * N));
  for (int64_t r = 0; r < R; ++r)
    for (int64_t c = 0; c < W; ++c) {
      const uint32_t word = static_cast<uint32_t>(words[r * W + c]);  // a logical shift: negative words are fine
      uint8_t* v = out.data() + r * N + c * 8;
      for (int i = 0; i < 8; ++i) v[kAwqOrder[i]] = static_cast<uint8_t>((word >> (4 * i)) & 0xF);
    }
  return out;
}

}  // namespace ct::quant
