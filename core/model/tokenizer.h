#pragma once
#include <QJsonArray>
#include <QString>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ct::model {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Byte-level BPE as Qwen2/2.5/3 define it in tokenizer.json: added tokens split out first,
// NFC, the Qwen pre-tokenizer, byte-to-unicode alphabet, ranked merges. Vocabulary entries
// are kept as raw bytes, so encoding never builds the unicode alphabet strings.
class Tokenizer {
 public:
  struct AddedToken {
    int id;
    std::string content;
    bool special;
  };

  static std::unique_ptr<Tokenizer> load(const QString& dir, QString* error);
  static std::unique_ptr<Tokenizer> fromJson(const QByteArray& tokenizerJson, QString* error);

  std::vector<int32_t> encode(std::string_view utf8) const;
  std::string decode(const std::vector<int32_t>& ids, bool skipSpecial = false) const;
  std::string tokenBytes(int id) const;  // raw bytes (added tokens: their text)
  QString tokenString(int id) const;     // as tokenizer.json spells it (byte-level alphabet)
  std::optional<int> tokenId(std::string_view text) const;  // exact vocabulary or added token

  int size() const { return static_cast<int>(idToBytes_.size()); }
  const std::vector<AddedToken>& addedTokens() const { return added_; }

 private:
  Tokenizer() = default;
  void encodeText(std::string_view text, std::vector<int32_t>& out) const;
  void bpe(std::string_view word, std::vector<int32_t>& out) const;

  std::unordered_map<std::string, int> bytesToId_;
  std::vector<std::string> idToBytes_;
  std::vector<bool> isSpecial_;
  int byteId_[256] = {};
  std::unordered_map<uint64_t, std::pair<int, int>> merges_;  // (left, right) -> (rank, result)
  std::vector<AddedToken> added_;  // longest first
  bool addedFirstByte_[256] = {};

  mutable std::mutex cacheMutex_;
  mutable std::unordered_map<std::string, std::vector<int32_t>, StringHash, std::equal_to<>> cache_;
};

// GPT-2's byte <-> unicode alphabet used by byte-level BPE vocabularies.
char32_t byteToUnicode(uint8_t b);
std::optional<uint8_t> unicodeToByte(char32_t c);

}  // namespace ct::model
