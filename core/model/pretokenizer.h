#pragma once
#include <string_view>
#include <vector>

namespace ct::model {

// Splits NFC text into pre-tokens exactly as the Qwen2 regex does:
//   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*
//   |\s*[\r\n]+|\s+(?!\S)|\s+
// Hand-written over code points (no regex engine): the tokenizer's hot loop. \s is Unicode
// White_Space, \p{L} and \p{N} are the Unicode letter and number categories.
// Appends [begin, end) byte ranges of `text` to `out`.
void pretokenize(std::string_view text, std::vector<std::pair<size_t, size_t>>& out);

}  // namespace ct::model
