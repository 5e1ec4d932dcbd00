#pragma once
// Qt reads a U+FEFF at the start of UTF-8 as a byte-order mark and drops it: QString::fromUtf8 and
// fromStdString at the start of the bytes, QJsonDocument::fromJson at the start of every string
// (values and keys). In model text it is a character like any other (Qwen's token 3225), so the
// paths that carry prompts, token text and replies use these instead.
#include <QByteArray>
#include <QJsonDocument>
#include <QString>
#include <string_view>

namespace ct::text {

// UTF-8 to QString with every code point kept; invalid bytes become U+FFFD as with fromUtf8.
QString fromUtf8(std::string_view utf8);

// QJsonDocument::fromJson, except that strings keep a U+FEFF they start with (a BOM before the
// document itself is still skipped). Error offsets count each such U+FEFF as 6 bytes.
QJsonDocument parseJson(const QByteArray& json, QJsonParseError* error = nullptr);

}  // namespace ct::text
