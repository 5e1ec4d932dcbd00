#include "model/pretokenizer.h"

#include <QChar>
#include <cstdint>

namespace ct::model {
namespace {

enum Class : uint8_t { Letter, Number, Space, Newline, Other, End };

struct Cp {
  char32_t c;
  uint8_t len;  // UTF-8 bytes
  Class cls;
};

Class classify(char32_t c) {
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return Letter;
    if (c >= '0' && c <= '9') return Number;
    if (c == '\r' || c == '\n') return Newline;
    if (c == ' ' || (c >= 0x09 && c <= 0x0d)) return Space;
    return Other;
  }
  switch (QChar::category(c)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other: return Letter;
    case QChar::Number_DecimalDigit:
    case QChar::Number_Letter:
    case QChar::Number_Other: return Number;
    default: break;
  }
  // Unicode White_Space beyond ASCII.
  if (c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
      c == 0x202f || c == 0x205f || c == 0x3000)
    return Space;
  return Other;
}

// Decodes one code point; invalid bytes count as one "Other" unit so nothing is lost.
Cp decode(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return {b, 1, classify(b)};
  int len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  if (len == 1 || i + static_cast<size_t>(len) > s.size()) return {0xfffd, 1, Other};
  char32_t c = b & (0x7f >> len);
  for (int k = 1; k < len; ++k) {
    const auto cb = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
    if ((cb & 0xc0) != 0x80) return {0xfffd, 1, Other};
    c = (c << 6) | (cb & 0x3f);
  }
  return {c, static_cast<uint8_t>(len), classify(c)};
}

bool isWhite(Class c) { return c == Space || c == Newline; }

}  // namespace

void pretokenize(std::string_view text, std::vector<std::pair<size_t, size_t>>& out) {
  // Decode once; the matcher looks ahead by a few code points at most, except in runs.
  std::vector<Cp> cps;
  std::vector<size_t> offs;
  cps.reserve(text.size());
  offs.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size();) {
    const Cp cp = decode(text, i);
    cps.push_back(cp);
    offs.push_back(i);
    i += cp.len;
  }
  offs.push_back(text.size());
  const size_t n = cps.size();
  auto cls = [&](size_t k) { return k < n ? cps[k].cls : End; };
  auto lower = [&](size_t k) -> char32_t {
    if (k >= n) return 0;
    const char32_t c = cps[k].c;
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  };

  size_t i = 0;
  while (i < n) {
    size_t end = i;
    const char32_t c = cps[i].c;
    // 1. contractions, case-insensitive
    if (c == '\'') {
      const char32_t a = lower(i + 1), b = lower(i + 2);
      if (a == 's' || a == 't' || a == 'm' || a == 'd') end = i + 2;
      else if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) end = i + 3;
    }
    // 2. [^\r\n\p{L}\p{N}]?\p{L}+
    if (end == i) {
      size_t k = i;
      if (cls(k) != Letter && cls(k) != Number && cls(k) != Newline && cls(k) != End && cls(k + 1) == Letter) ++k;
      if (cls(k) == Letter) {
        while (cls(k) == Letter) ++k;
        end = k;
      }
    }
    // 3. \p{N}
    if (end == i && cls(i) == Number) end = i + 1;
    // 4.  ?[^\s\p{L}\p{N}]+[\r\n]*
    if (end == i) {
      size_t k = i;
      if (c == ' ' && cls(k + 1) == Other) ++k;
      if (cls(k) == Other) {
        while (cls(k) == Other) ++k;
        while (cls(k) == Newline) ++k;
        end = k;
      }
    }
    if (end == i) {
      // Whitespace run [i, r).
      size_t r = i;
      while (r < n && isWhite(cps[r].cls)) ++r;
      size_t lastNewline = n;
      for (size_t k = i; k < r; ++k)
        if (cps[k].cls == Newline) lastNewline = k;
      if (lastNewline != n) end = lastNewline + 1;              // 5. \s*[\r\n]+
      else if (r == n) end = r;                                 // 6. \s+(?!\S) at the end
      else if (r - i >= 2) end = r - 1;                         // 6. leave one space for the word
      else end = r;                                             // 7. \s+
    }
    out.emplace_back(offs[i], offs[end]);
    i = end;
  }
}

}  // namespace ct::model
