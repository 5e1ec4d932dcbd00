#include "eval/data_files.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <cstring>
#include <zlib.h>

#include "util/text.h"

namespace ct::eval {

QString ReadError::describe() const {
  QString where = file;
  if (line > 0) where += QStringLiteral(":%1").arg(line);
  return field.isEmpty() ? QStringLiteral("%1: %2").arg(where, message) : QStringLiteral("%1: field '%2': %3").arg(where, field, message);
}

std::optional<QByteArray> gunzip(const QByteArray& data, QString* error) {
  z_stream z{};
  // 16 + MAX_WBITS: gzip wrapper; concatenated members are read one after another.
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
    if (error) *error = QStringLiteral("zlib could not start");
    return std::nullopt;
  }
  QByteArray out;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
  z.avail_in = static_cast<uInt>(data.size());
  char buf[1 << 16];
  int rc = Z_OK;
  while (true) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, static_cast<qsizetype>(sizeof buf - z.avail_out));
    if (rc == Z_STREAM_END) {
      if (z.avail_in == 0) break;
      inflateReset(&z);
      continue;
    }
    if (rc != Z_OK) break;
    if (z.avail_in == 0 && z.avail_out != 0) {
      rc = Z_DATA_ERROR;  // ran out of input before the end of the stream
      break;
    }
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) {
    if (error) *error = QStringLiteral("not a complete gzip stream (%1)").arg(z.msg ? QString::fromLatin1(z.msg) : QStringLiteral("truncated"));
    return std::nullopt;
  }
  return out;
}

namespace {

uint32_t le32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return u[0] | (u[1] << 8) | (u[2] << 16) | (static_cast<uint32_t>(u[3]) << 24);
}
uint16_t le16(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint16_t>(u[0] | (u[1] << 8));
}

// The traditional PKWARE stream cipher: three keys stepped by CRC-32 over the plaintext.
class ZipCrypto {
 public:
  explicit ZipCrypto(const QByteArray& password) {
    for (char c : password) update(static_cast<uint8_t>(c));
  }
  uint8_t decrypt(uint8_t c) {
    const uint16_t t = static_cast<uint16_t>(k2_ | 2);
    const uint8_t plain = c ^ static_cast<uint8_t>((t * (t ^ 1)) >> 8);
    update(plain);
    return plain;
  }

 private:
  static uint32_t crcStep(uint32_t crc, uint8_t b) {
    static const z_crc_t* table = get_crc_table();
    return table[(crc ^ b) & 0xff] ^ (crc >> 8);
  }
  void update(uint8_t c) {
    k0_ = crcStep(k0_, c);
    k1_ = (k1_ + (k0_ & 0xff)) * 134775813u + 1;
    k2_ = crcStep(k2_, static_cast<uint8_t>(k1_ >> 24));
  }
  uint32_t k0_ = 0x12345678, k1_ = 0x23456789, k2_ = 0x34567890;
};

}  // namespace

std::optional<QByteArray> zipMember(const QByteArray& archive, const QString& member, const QByteArray& password, QString* error) {
  auto fail = [&](const QString& m) {
    if (error) *error = m;
    return std::nullopt;
  };
  const char* d = archive.constData();
  const qsizetype n = archive.size();
  qsizetype eocd = -1;
  for (qsizetype i = n - 22; i >= 0 && i >= n - 22 - 65535; --i)
    if (le32(d + i) == 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return fail(QStringLiteral("not a zip archive (no end-of-directory record)"));
  const uint16_t entries = le16(d + eocd + 10);
  qsizetype p = le32(d + eocd + 16);
  QStringList names;
  for (int i = 0; i < entries; ++i) {
    if (p + 46 > n || le32(d + p) != 0x02014b50) return fail(QStringLiteral("damaged zip directory"));
    const uint16_t flags = le16(d + p + 8), method = le16(d + p + 10);
    const uint32_t crc = le32(d + p + 16), csize = le32(d + p + 20), usize = le32(d + p + 24);
    const uint16_t nameLen = le16(d + p + 28), extraLen = le16(d + p + 30), commentLen = le16(d + p + 32);
    const uint32_t local = le32(d + p + 42);
    const QString name = QString::fromUtf8(d + p + 46, nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    names << name;
    if (name != member) continue;
    if (local + 30 > static_cast<uint64_t>(n) || le32(d + local) != 0x04034b50) return fail(QStringLiteral("damaged zip entry %1").arg(name));
    const qsizetype start = local + 30 + le16(d + local + 26) + le16(d + local + 28);
    if (start + static_cast<qsizetype>(csize) > n) return fail(QStringLiteral("zip entry %1 is truncated").arg(name));
    QByteArray body(d + start, csize);
    if (flags & 1) {
      if (password.isEmpty()) return fail(QStringLiteral("zip entry %1 is encrypted; give its password").arg(name));
      if (body.size() < 12) return fail(QStringLiteral("zip entry %1 is truncated").arg(name));
      ZipCrypto z(password);
      uint8_t last = 0;
      for (int k = 0; k < 12; ++k) last = z.decrypt(static_cast<uint8_t>(body[k]));
      // The header's last byte repeats the CRC's high byte (or the time's, with a data descriptor).
      const uint8_t check = (flags & 8) ? static_cast<uint8_t>(le16(d + local + 10) >> 8) : static_cast<uint8_t>(crc >> 24);
      if (last != check) return fail(QStringLiteral("wrong password for zip entry %1").arg(name));
      body = body.mid(12);
      for (char& c : body) c = static_cast<char>(z.decrypt(static_cast<uint8_t>(c)));
    }
    QByteArray out;
    if (method == 0) {
      out = body;
    } else if (method == 8) {
      out.resize(usize);
      z_stream zs{};
      inflateInit2(&zs, -MAX_WBITS);
      zs.next_in = reinterpret_cast<Bytef*>(body.data());
      zs.avail_in = static_cast<uInt>(body.size());
      zs.next_out = reinterpret_cast<Bytef*>(out.data());
      zs.avail_out = usize;
      const int rc = inflate(&zs, Z_FINISH);
      inflateEnd(&zs);
      if (rc != Z_STREAM_END) return fail(QStringLiteral("zip entry %1 does not inflate (damaged or wrong password)").arg(name));
    } else {
      return fail(QStringLiteral("zip entry %1 uses compression method %2; only stored and deflate are read").arg(name).arg(method));
    }
    if (crc32(0, reinterpret_cast<const Bytef*>(out.constData()), static_cast<uInt>(out.size())) != crc)
      return fail(QStringLiteral("zip entry %1 fails its CRC check (damaged or wrong password)").arg(name));
    return out;
  }
  return fail(QStringLiteral("no member '%1' in the archive (it has: %2)").arg(member, names.join(QStringLiteral(", "))));
}

std::optional<QByteArray> readDataFile(const QString& path, QString* error, const QByteArray& zipPassword) {
  QString file = path, member;
  const qsizetype hash = path.indexOf(QStringLiteral(".zip#"));
  if (hash >= 0) {
    file = path.left(hash + 4);
    member = path.mid(hash + 5);
  }
  QFile f(file);
  if (!f.open(QIODevice::ReadOnly)) {
    if (error) *error = f.exists() ? f.errorString() : QStringLiteral("no such file");
    return std::nullopt;
  }
  const QByteArray raw = f.readAll();
  if (!member.isEmpty()) return zipMember(raw, member, zipPassword, error);
  if (file.endsWith(QStringLiteral(".gz"))) return gunzip(raw, error);
  return raw;
}

std::optional<QList<QStringList>> parseCsv(const QString& text, QList<int>* rowLines, QString* error) {
  QList<QStringList> rows;
  QStringList row;
  QString field;
  bool quoted = false, fieldStarted = false;
  int line = 1, rowLine = 1, quoteLine = 0;
  auto endField = [&] {
    row << field;
    field.clear();
    fieldStarted = false;
  };
  auto endRow = [&] {
    endField();
    if (!(row.size() == 1 && row.first().isEmpty())) {
      rows << row;
      if (rowLines) *rowLines << rowLine;
    }
    row.clear();
  };
  for (qsizetype i = 0; i < text.size(); ++i) {
    const QChar c = text[i];
    if (quoted) {
      if (c == QLatin1Char('"')) {
        if (i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
          field += QLatin1Char('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == QLatin1Char('\n')) ++line;
        field += c;
      }
      continue;
    }
    if (c == QLatin1Char('"') && !fieldStarted) {
      quoted = fieldStarted = true;
      quoteLine = line;
    } else if (c == QLatin1Char(',')) {
      endField();
    } else if (c == QLatin1Char('\r') && i + 1 < text.size() && text[i + 1] == QLatin1Char('\n')) {
      continue;
    } else if (c == QLatin1Char('\n')) {
      endRow();
      ++line;
      rowLine = line;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) {
    if (error) *error = QStringLiteral("line %1: a quoted field never ends").arg(quoteLine);
    return std::nullopt;
  }
  if (fieldStarted || !row.isEmpty() || !field.isEmpty()) endRow();
  return rows;
}

std::optional<QList<Record>> readRecords(const QString& path, CsvHeader header, ReadError* error, const QByteArray& zipPassword) {
  auto fail = [&](int line, const QString& field, const QString& message) {
    if (error) *error = ReadError{path, line, field, message};
    return std::nullopt;
  };
  QString why;
  const auto bytes = readDataFile(path, &why, zipPassword);
  if (!bytes) return fail(0, {}, why);
  QString name = path.section(QLatin1Char('#'), -1);
  if (name.endsWith(QStringLiteral(".gz"))) name.chop(3);
  QList<Record> out;
  if (name.endsWith(QStringLiteral(".csv"))) {
    QList<int> lines;
    const auto rows = parseCsv(QString::fromUtf8(*bytes), &lines, &why);
    if (!rows) return fail(0, {}, why);
    QStringList names;
    int first = 0;
    if (header == CsvHeader::FirstRow) {
      if (rows->isEmpty()) return fail(0, {}, QStringLiteral("empty CSV file (a header row was expected)"));
      names = rows->first();
      first = 1;
    }
    for (int r = first; r < rows->size(); ++r) {
      const QStringList& cols = rows->at(r);
      if (!names.isEmpty() && cols.size() != names.size())
        return fail(lines[r], {}, QStringLiteral("%1 columns where the header has %2").arg(cols.size()).arg(names.size()));
      Record rec{{}, path, lines[r]};
      for (int c = 0; c < cols.size(); ++c) rec.fields.insert(names.isEmpty() ? QString::number(c) : names[c], cols[c]);
      out << rec;
    }
    return out;
  }
  if (name.endsWith(QStringLiteral(".json"))) {
    QJsonParseError pe{};
    const QJsonDocument doc = ct::text::parseJson(*bytes, &pe);
    if (pe.error != QJsonParseError::NoError) {
      const int line = static_cast<int>(bytes->left(pe.offset).count('\n')) + 1;
      return fail(line, {}, QStringLiteral("not valid JSON: %1").arg(pe.errorString()));
    }
    QJsonArray rows = doc.isArray() ? doc.array() : doc.object().value(QStringLiteral("data")).toArray();
    if (!doc.isArray() && !doc.object().value(QStringLiteral("data")).isArray())
      return fail(0, {}, QStringLiteral("expected a JSON array of objects (or {\"data\": [...]})"));
    for (int i = 0; i < rows.size(); ++i) {
      if (!rows[i].isObject()) return fail(0, {}, QStringLiteral("item %1 is not a JSON object").arg(i + 1));
      out << Record{rows[i].toObject(), path, i + 1};  // for a JSON array "line" is the item number
    }
    return out;
  }
  // JSONL (also what .jsonl.gz and extension-less files are taken to be).
  int line = 0;
  for (const QByteArray& raw : bytes->split('\n')) {
    ++line;
    const QByteArray l = raw.trimmed();
    if (l.isEmpty()) continue;
    QJsonParseError pe{};
    const QJsonDocument doc = ct::text::parseJson(l, &pe);
    if (pe.error != QJsonParseError::NoError) return fail(line, {}, QStringLiteral("not valid JSON: %1 at column %2").arg(pe.errorString()).arg(pe.offset + 1));
    if (!doc.isObject()) return fail(line, {}, QStringLiteral("each line must be a JSON object"));
    out << Record{doc.object(), path, line};
  }
  return out;
}

}  // namespace ct::eval
