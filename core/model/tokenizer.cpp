#include "model/tokenizer.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <queue>

#include "model/pretokenizer.h"
#include "util/text.h"

namespace ct::model {
namespace {

struct ByteMap {
  char32_t toUni[256];
  int fromUni[0x200];
  ByteMap() {
    std::fill(std::begin(fromUni), std::end(fromUni), -1);
    int n = 0;
    for (int b = 0; b < 256; ++b) {
      const bool printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
      toUni[b] = printable ? static_cast<char32_t>(b) : static_cast<char32_t>(0x100 + n++);
      fromUni[toUni[b]] = b;
    }
  }
};
const ByteMap& byteMap() {
  static const ByteMap m;
  return m;
}

// A vocabulary string in the byte-level alphabet back to raw bytes; nullopt if it is not one.
std::optional<std::string> alphabetToBytes(const QString& s) {
  std::string out;
  out.reserve(static_cast<size_t>(s.size()));
  for (char32_t c : s.toUcs4()) {
    const auto b = unicodeToByte(c);
    if (!b) return std::nullopt;
    out.push_back(static_cast<char>(*b));
  }
  return out;
}

uint64_t pairKey(int a, int b) { return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b); }

bool isAscii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

}  // namespace

char32_t byteToUnicode(uint8_t b) { return byteMap().toUni[b]; }
std::optional<uint8_t> unicodeToByte(char32_t c) {
  if (c >= 0x200 || byteMap().fromUni[c] < 0) return std::nullopt;
  return static_cast<uint8_t>(byteMap().fromUni[c]);
}

std::unique_ptr<Tokenizer> Tokenizer::load(const QString& dir, QString* error) {
  const QString path = QDir(dir).filePath(QStringLiteral("tokenizer.json"));
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    if (error) *error = QStringLiteral("%1: %2 (the model folder needs its tokenizer files)").arg(path, f.errorString());
    return nullptr;
  }
  QString why;
  auto t = fromJson(f.readAll(), &why);
  if (!t && error) *error = QStringLiteral("%1: %2").arg(path, why);
  return t;
}

std::unique_ptr<Tokenizer> Tokenizer::fromJson(const QByteArray& json, QString* error) {
  QJsonParseError pe{};
  const QJsonObject root = QJsonDocument::fromJson(json, &pe).object();
  if (root.isEmpty()) {
    if (error) *error = QStringLiteral("not a JSON object (%1)").arg(pe.errorString());
    return nullptr;
  }
  const QJsonObject model = root.value(QStringLiteral("model")).toObject();
  if (model.value(QStringLiteral("type")).toString() != QLatin1String("BPE")) {
    if (error) *error = QStringLiteral("model.type is \"%1\"; only byte-level BPE (Qwen family) is supported").arg(model.value(QStringLiteral("type")).toString());
    return nullptr;
  }
  std::unique_ptr<Tokenizer> t(new Tokenizer);
  const QJsonObject vocab = model.value(QStringLiteral("vocab")).toObject();
  int maxId = -1;
  for (auto it = vocab.begin(); it != vocab.end(); ++it) maxId = std::max(maxId, it.value().toInt());
  const QJsonArray addedJson = root.value(QStringLiteral("added_tokens")).toArray();
  for (const QJsonValue v : addedJson) maxId = std::max(maxId, v.toObject().value(QStringLiteral("id")).toInt());
  t->idToBytes_.assign(static_cast<size_t>(maxId + 1), std::string());
  t->isSpecial_.assign(static_cast<size_t>(maxId + 1), false);
  t->bytesToId_.reserve(static_cast<size_t>(vocab.size()));
  for (auto it = vocab.begin(); it != vocab.end(); ++it) {
    auto bytes = alphabetToBytes(it.key());
    if (!bytes) {
      if (error) *error = QStringLiteral("vocab entry \"%1\" is not in the byte-level alphabet").arg(it.key());
      return nullptr;
    }
    const int id = it.value().toInt();
    t->idToBytes_[static_cast<size_t>(id)] = *bytes;
    t->bytesToId_.emplace(std::move(*bytes), id);
  }
  for (int b = 0; b < 256; ++b) {
    auto it = t->bytesToId_.find(std::string(1, static_cast<char>(b)));
    if (it == t->bytesToId_.end()) {
      if (error) *error = QStringLiteral("vocab lacks the single-byte token for byte 0x%1").arg(b, 2, 16, QLatin1Char('0'));
      return nullptr;
    }
    t->byteId_[b] = it->second;
  }
  const QJsonArray merges = model.value(QStringLiteral("merges")).toArray();
  t->merges_.reserve(static_cast<size_t>(merges.size()));
  for (int rank = 0; rank < merges.size(); ++rank) {
    QString left, right;
    const QJsonValue m = merges[rank];
    if (m.isArray()) {
      left = m.toArray().at(0).toString();
      right = m.toArray().at(1).toString();
    } else {
      const QString s = m.toString();
      const qsizetype space = s.indexOf(QLatin1Char(' '));
      left = s.left(space);
      right = s.mid(space + 1);
    }
    const auto lb = alphabetToBytes(left), rb = alphabetToBytes(right);
    if (!lb || !rb) {
      if (error) *error = QStringLiteral("merge %1 uses symbols outside the byte-level alphabet").arg(rank);
      return nullptr;
    }
    const auto li = t->bytesToId_.find(*lb), ri = t->bytesToId_.find(*rb), res = t->bytesToId_.find(*lb + *rb);
    if (li == t->bytesToId_.end() || ri == t->bytesToId_.end() || res == t->bytesToId_.end()) {
      if (error) *error = QStringLiteral("merge %1 (\"%2 %3\") refers to tokens missing from the vocab").arg(rank).arg(left, right);
      return nullptr;
    }
    t->merges_.emplace(pairKey(li->second, ri->second), std::make_pair(rank, res->second));
  }
  for (const QJsonValue v : addedJson) {
    const QJsonObject o = v.toObject();
    AddedToken a{o.value(QStringLiteral("id")).toInt(), o.value(QStringLiteral("content")).toString().toStdString(),
                 o.value(QStringLiteral("special")).toBool()};
    if (a.content.empty()) continue;
    t->idToBytes_[static_cast<size_t>(a.id)] = a.content;
    t->isSpecial_[static_cast<size_t>(a.id)] = a.special;
    t->addedFirstByte_[static_cast<unsigned char>(a.content[0])] = true;
    t->added_.push_back(std::move(a));
  }
  std::stable_sort(t->added_.begin(), t->added_.end(),
                   [](const AddedToken& a, const AddedToken& b) { return a.content.size() > b.content.size(); });
  return t;
}

std::vector<int32_t> Tokenizer::encode(std::string_view text) const {
  std::vector<int32_t> out;
  out.reserve(text.size() / 3 + 4);
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!addedFirstByte_[static_cast<unsigned char>(text[i])]) continue;
    for (const AddedToken& a : added_) {  // longest first: leftmost-longest
      if (text.compare(i, a.content.size(), a.content) == 0) {
        encodeText(text.substr(start, i - start), out);
        out.push_back(a.id);
        i += a.content.size() - 1;
        start = i + 1;
        break;
      }
    }
  }
  encodeText(text.substr(start), out);
  return out;
}

void Tokenizer::encodeText(std::string_view text, std::vector<int32_t>& out) const {
  if (text.empty()) return;
  std::string normalized;
  if (!isAscii(text)) {
    const QString q = ct::text::fromUtf8(text);
    const QString n = q.normalized(QString::NormalizationForm_C);
    if (n != q) {
      normalized = n.toStdString();
      text = normalized;
    }
  }
  thread_local std::vector<std::pair<size_t, size_t>> pieces;
  pieces.clear();
  pretokenize(text, pieces);
  for (const auto& [b, e] : pieces) bpe(text.substr(b, e - b), out);
}

void Tokenizer::bpe(std::string_view word, std::vector<int32_t>& out) const {
  if (word.size() == 1) {
    out.push_back(byteId_[static_cast<unsigned char>(word[0])]);
    return;
  }
  {
    std::lock_guard lock(cacheMutex_);
    auto it = cache_.find(word);
    if (it != cache_.end()) {
      out.insert(out.end(), it->second.begin(), it->second.end());
      return;
    }
  }
  // Symbols as a linked list; a min-heap of candidate merges ordered by (rank, position) so
  // equal ranks merge left to right. Stale heap entries are skipped when popped.
  const int n = static_cast<int>(word.size());
  std::vector<int32_t> sym(static_cast<size_t>(n));
  std::vector<int> prev(static_cast<size_t>(n)), next(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    sym[static_cast<size_t>(i)] = byteId_[static_cast<unsigned char>(word[static_cast<size_t>(i)])];
    prev[static_cast<size_t>(i)] = i - 1;
    next[static_cast<size_t>(i)] = i + 1 < n ? i + 1 : -1;
  }
  struct Cand {
    int rank, pos, left, right, result;
    bool operator>(const Cand& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
  };
  std::priority_queue<Cand, std::vector<Cand>, std::greater<>> heap;
  auto consider = [&](int pos) {
    if (pos < 0) return;
    const int nx = next[static_cast<size_t>(pos)];
    if (nx < 0) return;
    auto it = merges_.find(pairKey(sym[static_cast<size_t>(pos)], sym[static_cast<size_t>(nx)]));
    if (it != merges_.end())
      heap.push({it->second.first, pos, sym[static_cast<size_t>(pos)], sym[static_cast<size_t>(nx)], it->second.second});
  };
  for (int i = 0; i + 1 < n; ++i) consider(i);
  while (!heap.empty()) {
    const Cand c = heap.top();
    heap.pop();
    const int nx = next[static_cast<size_t>(c.pos)];
    if (sym[static_cast<size_t>(c.pos)] != c.left || nx < 0 || sym[static_cast<size_t>(nx)] != c.right) continue;
    sym[static_cast<size_t>(c.pos)] = c.result;
    sym[static_cast<size_t>(nx)] = -1;
    const int after = next[static_cast<size_t>(nx)];
    next[static_cast<size_t>(c.pos)] = after;
    if (after >= 0) prev[static_cast<size_t>(after)] = c.pos;
    consider(prev[static_cast<size_t>(c.pos)]);
    consider(c.pos);
  }
  std::vector<int32_t> result;
  for (int i = 0; i >= 0; i = next[static_cast<size_t>(i)]) result.push_back(sym[static_cast<size_t>(i)]);
  out.insert(out.end(), result.begin(), result.end());
  std::lock_guard lock(cacheMutex_);
  if (cache_.size() > 200000) cache_.clear();
  cache_.emplace(std::string(word), std::move(result));
}

std::string Tokenizer::decode(const std::vector<int32_t>& ids, bool skipSpecial) const {
  std::string out;
  for (int32_t id : ids) {
    if (id < 0 || id >= size()) continue;
    if (skipSpecial && isSpecial_[static_cast<size_t>(id)]) continue;
    out += idToBytes_[static_cast<size_t>(id)];
  }
  return out;
}

std::string Tokenizer::tokenBytes(int id) const { return id >= 0 && id < size() ? idToBytes_[static_cast<size_t>(id)] : std::string(); }

QString Tokenizer::tokenString(int id) const {
  if (id < 0 || id >= size()) return {};
  for (const AddedToken& a : added_)
    if (a.id == id) return QString::fromStdString(a.content);
  QString s;
  for (unsigned char b : idToBytes_[static_cast<size_t>(id)]) s.append(QString::fromUcs4(&byteMap().toUni[b], 1));
  return s;
}

std::optional<int> Tokenizer::tokenId(std::string_view text) const {
  for (const AddedToken& a : added_)
    if (a.content == text) return a.id;
  auto it = bytesToId_.find(std::string(text));
  if (it == bytesToId_.end()) return std::nullopt;
  return it->second;
}

}  // namespace ct::model
