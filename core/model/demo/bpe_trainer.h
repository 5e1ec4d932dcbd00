#pragma once
#include <QByteArray>
#include <QStringList>
#include <string>
#include <vector>

namespace ct::model::demo {

// Learns byte-level BPE merges from a corpus (pre-tokenized with the Qwen rules, so digits stay
// single tokens) and writes a Qwen-style tokenizer.json: the same normalizer, pre-tokenizer,
// decoder and ChatML added tokens as the real Qwen files, so the project's tokenizer (and any
// Hugging Face one) reads it unchanged.
struct BpeVocabulary {
  std::vector<std::string> tokens;                          // raw bytes; id = index
  std::vector<std::pair<std::string, std::string>> merges;  // in rank order
  QStringList added;                                        // special tokens after the vocabulary
};

BpeVocabulary trainBpe(const std::vector<std::string>& corpus, int merges);
QByteArray tokenizerJson(const BpeVocabulary& v);

}  // namespace ct::model::demo
