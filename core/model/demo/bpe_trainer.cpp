#include "model/demo/bpe_trainer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <map>
#include <unordered_map>

#include "model/pretokenizer.h"
#include "model/tokenizer.h"

namespace ct::model::demo {
namespace {

QString alphabet(const std::string& bytes) {
  QString s;
  for (unsigned char b : bytes) {
    const char32_t c = byteToUnicode(b);
    s.append(QString::fromUcs4(&c, 1));
  }
  return s;
}

}  // namespace

BpeVocabulary trainBpe(const std::vector<std::string>& corpus, int mergeCount) {
  BpeVocabulary v;
  // Token ids 0..255 are the bytes in the byte-level alphabet's order, as in Qwen's files.
  std::vector<int> order(256);
  for (int b = 0; b < 256; ++b) order[static_cast<size_t>(b)] = b;
  std::sort(order.begin(), order.end(), [](int a, int b) { return byteToUnicode(static_cast<uint8_t>(a)) < byteToUnicode(static_cast<uint8_t>(b)); });
  for (int b : order) v.tokens.emplace_back(1, static_cast<char>(b));

  std::unordered_map<std::string, long> wordCounts;
  std::vector<std::pair<size_t, size_t>> pieces;
  for (const std::string& text : corpus) {
    pieces.clear();
    pretokenize(text, pieces);
    for (const auto& [b, e] : pieces) ++wordCounts[text.substr(b, e - b)];
  }
  struct Word {
    std::vector<std::string> symbols;
    long count;
  };
  std::vector<Word> words;
  for (const auto& [w, c] : wordCounts) {
    Word word{{}, c};
    for (char ch : w) word.symbols.emplace_back(1, ch);
    words.push_back(std::move(word));
  }
  for (int m = 0; m < mergeCount; ++m) {
    std::map<std::pair<std::string, std::string>, long> pairs;  // ordered: ties break the same way every run
    for (const Word& w : words)
      for (size_t i = 0; i + 1 < w.symbols.size(); ++i) pairs[{w.symbols[i], w.symbols[i + 1]}] += w.count;
    if (pairs.empty()) break;
    auto best = pairs.begin();
    for (auto it = pairs.begin(); it != pairs.end(); ++it)
      if (it->second > best->second) best = it;
    if (best->second < 2) break;
    const auto [left, right] = best->first;
    v.merges.emplace_back(left, right);
    v.tokens.push_back(left + right);
    for (Word& w : words) {
      std::vector<std::string> merged;
      for (size_t i = 0; i < w.symbols.size(); ++i) {
        if (i + 1 < w.symbols.size() && w.symbols[i] == left && w.symbols[i + 1] == right) {
          merged.push_back(left + right);
          ++i;
        } else {
          merged.push_back(w.symbols[i]);
        }
      }
      w.symbols = std::move(merged);
    }
  }
  v.added = {QStringLiteral("<|endoftext|>"), QStringLiteral("<|im_start|>"), QStringLiteral("<|im_end|>")};
  return v;
}

QByteArray tokenizerJson(const BpeVocabulary& v) {
  QJsonObject vocab;
  for (size_t i = 0; i < v.tokens.size(); ++i) vocab.insert(alphabet(v.tokens[i]), static_cast<int>(i));
  QJsonArray merges;
  for (const auto& [l, r] : v.merges) merges.append(QJsonArray{alphabet(l), alphabet(r)});
  QJsonArray added;
  for (int i = 0; i < v.added.size(); ++i)
    added.append(QJsonObject{{QStringLiteral("id"), static_cast<int>(v.tokens.size()) + i}, {QStringLiteral("content"), v.added[i]},
                             {QStringLiteral("single_word"), false}, {QStringLiteral("lstrip"), false}, {QStringLiteral("rstrip"), false},
                             {QStringLiteral("normalized"), false}, {QStringLiteral("special"), true}});
  const QJsonObject byteLevel{{QStringLiteral("type"), QStringLiteral("ByteLevel")}, {QStringLiteral("add_prefix_space"), false},
                              {QStringLiteral("trim_offsets"), false}, {QStringLiteral("use_regex"), false}};
  const QString pattern = QStringLiteral(
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");
  const QJsonObject root{
      {QStringLiteral("version"), QStringLiteral("1.0")},
      {QStringLiteral("truncation"), QJsonValue()},
      {QStringLiteral("padding"), QJsonValue()},
      {QStringLiteral("added_tokens"), added},
      {QStringLiteral("normalizer"), QJsonObject{{QStringLiteral("type"), QStringLiteral("NFC")}}},
      {QStringLiteral("pre_tokenizer"),
       QJsonObject{{QStringLiteral("type"), QStringLiteral("Sequence")},
                   {QStringLiteral("pretokenizers"),
                    QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("Split")},
                                           {QStringLiteral("pattern"), QJsonObject{{QStringLiteral("Regex"), pattern}}},
                                           {QStringLiteral("behavior"), QStringLiteral("Isolated")},
                                           {QStringLiteral("invert"), false}},
                               byteLevel}}}},
      {QStringLiteral("post_processor"), byteLevel},
      {QStringLiteral("decoder"), byteLevel},
      {QStringLiteral("model"), QJsonObject{{QStringLiteral("type"), QStringLiteral("BPE")}, {QStringLiteral("dropout"), QJsonValue()},
                                            {QStringLiteral("unk_token"), QJsonValue()}, {QStringLiteral("continuing_subword_prefix"), QString()},
                                            {QStringLiteral("end_of_word_suffix"), QString()}, {QStringLiteral("fuse_unk"), false},
                                            {QStringLiteral("byte_fallback"), false}, {QStringLiteral("ignore_merges"), false},
                                            {QStringLiteral("vocab"), vocab}, {QStringLiteral("merges"), merges}}},
  };
  return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

}  // namespace ct::model::demo
