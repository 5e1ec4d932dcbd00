#pragma once
#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace ct::eval {

// One row of a benchmark file, with where it came from so that a bad row can be named exactly.
struct Record {
  QJsonObject fields;  // JSON object; CSV rows use the header's names, or "0", "1", ... without one
  QString file;
  int line = 0;        // 1-based line where the row starts
};

struct ReadError {
  QString file;
  int line = 0;      // 0: the file as a whole
  QString field;     // empty: not about one field
  QString message;
  QString describe() const;  // "FILE:LINE: field 'X': message"
};

enum class CsvHeader { None, FirstRow };

// Reads JSONL, a JSON array (or {"data": [...]}) and CSV (RFC 4180: quotes, embedded newlines),
// each optionally gzip-compressed (.gz). A path of the form "ARCHIVE.zip#member" reads a member
// of a zip file, decrypting ZipCrypto with `zipPassword` (GPQA ships that way).
std::optional<QList<Record>> readRecords(const QString& path, CsvHeader header, ReadError* error,
                                         const QByteArray& zipPassword = {});

// The bytes of a file, gunzipped when it ends in .gz, or of a zip member ("a.zip#dir/b.csv").
std::optional<QByteArray> readDataFile(const QString& path, QString* error, const QByteArray& zipPassword = {});

std::optional<QByteArray> gunzip(const QByteArray& data, QString* error);
// One member of a zip archive (stored or deflated; ZipCrypto-encrypted when a password is given).
std::optional<QByteArray> zipMember(const QByteArray& archive, const QString& member, const QByteArray& password, QString* error);

// Splits CSV text into rows of fields; rowLines gets the 1-based line each row starts on.
std::optional<QList<QStringList>> parseCsv(const QString& text, QList<int>* rowLines, QString* error);

}  // namespace ct::eval
