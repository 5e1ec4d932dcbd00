#pragma once
// GPTQ integer packing (the layout vLLM, transformers and GPTQModel read): codes form an
// LSB-first bit stream inside int32 words. For 2/4/8 bits that is "value j of a word at bits
// [b·j, b·j+b)"; for 3 bits 32 values fill three words and values 10 and 21 straddle words.
// qweight packs along the input dimension (rows of the [K, N] code matrix), qzeros along the
// output dimension (columns of [G, N]).
#include <cstdint>
#include <vector>

namespace ct::quant {

// codes: row-major [K, N], each < 2^bits. K·bits must be a multiple of 32. → [K·bits/32, N]
std::vector<int32_t> packRows(const uint8_t* codes, int64_t K, int64_t N, int bits);
std::vector<uint8_t> unpackRows(const int32_t* words, int64_t K, int64_t N, int bits);

// values: row-major [G, N], each < 2^bits. N·bits must be a multiple of 32. → [G, N·bits/32]
std::vector<int32_t> packCols(const uint8_t* values, int64_t G, int64_t N, int bits);
std::vector<uint8_t> unpackCols(const int32_t* words, int64_t G, int64_t N, int bits);

// AutoAWQ "GEMM" packing, 4 bits only: values [R, N] (qweight: R = K input rows; qzeros: R = G
// groups) become [R, N/8] int32 packed along the output columns, with nibble i (bits 4i..4i+3) of
// word c holding column 8c + kAwqOrder[i]. The interleave is what the fp16 dequantization trick of
// the AWQ kernels expects; it is where ports usually go wrong. N must be a multiple of 8.
inline constexpr int kAwqOrder[8] = {0, 2, 4, 6, 1, 3, 5, 7};
std::vector<int32_t> packAwq(const uint8_t* values, int64_t R, int64_t N);
std::vector<uint8_t> unpackAwq(const int32_t* words, int64_t R, int64_t N);

// How many values along the packed dimension make a whole number of words (32 / gcd(32, bits)).
int packGranule(int bits);

}  // namespace ct::quant
