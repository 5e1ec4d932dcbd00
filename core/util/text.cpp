#include "util/text.h"

#include <QStringDecoder>

namespace ct::text {

QString fromUtf8(std::string_view utf8) {
  QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
  return decoder.decode(QByteArrayView(utf8.data(), static_cast<qsizetype>(utf8.size())));
}

QJsonDocument parseJson(const QByteArray& json, QJsonParseError* error) {
  static const QByteArray bom("\xef\xbb\xbf");
  const qsizetype start = json.startsWith(bom) ? bom.size() : 0;
  if (json.indexOf(bom, start) < 0) return QJsonDocument::fromJson(json, error);
  // Outside a string a U+FEFF is an error either way; inside one, the escape is the same character
  // and takes the parser's path that keeps it. (UTF-8 never has these three bytes inside another
  // character.)
  return QJsonDocument::fromJson(json.left(start) + json.mid(start).replace(bom, "\\ufeff"), error);
}

}  // namespace ct::text
