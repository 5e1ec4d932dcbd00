#include "serve/http_parser.h"

namespace ct::serve {
namespace {

bool isTokenChar(char c) {
  if (c >= 'a' && c <= 'z') return true;
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= '0' && c <= '9') return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-': case '.':
    case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

bool isToken(const QByteArray& s) {
  if (s.isEmpty()) return false;
  for (char c : s)
    if (!isTokenChar(c)) return false;
  return true;
}

bool allDigits(const QByteArray& s) {
  if (s.isEmpty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Field values may hold visible characters, spaces, tabs and obs-text; never CR, LF or NUL.
bool cleanValue(const QByteArray& v) {
  for (char c : v) {
    const auto u = static_cast<unsigned char>(c);
    if (u == 0 || u == '\r' || u == '\n' || (u < 0x20 && u != '\t') || u == 0x7f) return false;
  }
  return true;
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr int kMaxChunkLine = 1024;

}  // namespace

void HttpRequestParser::reset(int64_t start) {
  phase_ = Phase::Head;
  req_ = HttpRequest{};
  start_ = pos_ = scanned_ = start;
  bodyLength_ = chunkLeft_ = trailerBytes_ = 0;
  errorStatus_ = 0;
  errorMessage_.clear();
}

HttpRequestParser::Status HttpRequestParser::fail(int status, QByteArray message) {
  phase_ = Phase::Error;
  errorStatus_ = status;
  errorMessage_ = std::move(message);
  return Status::Error;
}

HttpRequestParser::Status HttpRequestParser::parse(const QByteArray& buf) {
  if (phase_ == Phase::Done) return Status::Done;
  if (phase_ == Phase::Error) return Status::Error;
  if (phase_ == Phase::Head) {
    // Empty lines before a request line are allowed (RFC 9112 §2.2); skip them.
    // A lone CR at the end may be the start of one: it waits for the next byte.
    for (;;) {
      if (pos_ < buf.size() && buf.at(pos_) == '\n') ++pos_;
      else if (pos_ + 1 < buf.size() && buf.at(pos_) == '\r' && buf.at(pos_ + 1) == '\n') pos_ += 2;
      else break;
    }
    const int64_t from = std::max(pos_, scanned_ - 3);
    const int64_t end = buf.indexOf("\r\n\r\n", from);
    if (end < 0) {
      scanned_ = buf.size();
      if (buf.size() - pos_ > limits_.maxHeadBytes)
        return fail(431, "the request line and headers are over the " + QByteArray::number(limits_.maxHeadBytes / 1024) + " KiB limit");
      return Status::NeedMore;
    }
    if (end + 4 - pos_ > limits_.maxHeadBytes)
      return fail(431, "the request line and headers are over the " + QByteArray::number(limits_.maxHeadBytes / 1024) + " KiB limit");
    const Status s = parseHead(buf.mid(pos_, end + 2 - pos_));  // every line with its CRLF
    if (s == Status::Error) return s;
    pos_ = end + 4;
    if (phase_ == Phase::Done) return Status::Done;
  }
  if (phase_ == Phase::Body) {
    if (buf.size() - pos_ < bodyLength_) return Status::NeedMore;
    req_.body = buf.mid(pos_, bodyLength_);
    pos_ += bodyLength_;
    phase_ = Phase::Done;
    return Status::Done;
  }
  return parseChunked(buf);
}

HttpRequestParser::Status HttpRequestParser::parseHead(const QByteArray& head) {
  QList<QByteArray> lines = head.split('\n');
  lines.removeLast();  // what follows the last line's LF
  QList<QByteArray> fields;
  for (QByteArray line : lines) {
    if (!line.endsWith('\r')) return fail(400, "header lines must end with CRLF");
    line.chop(1);
    fields << line;
  }
  const QByteArray requestLine = fields.takeFirst();
  const QList<QByteArray> parts = requestLine.split(' ');
  if (parts.size() != 3 || parts[1].isEmpty()) return fail(400, "malformed request line; expected 'METHOD /path HTTP/1.1'");
  if (!isToken(parts[0])) return fail(400, "malformed request method");
  const QByteArray& version = parts[2];
  if (version.size() != 8 || !version.startsWith("HTTP/") || version[6] != '.' || version[5] < '0' || version[5] > '9' || version[7] < '0' || version[7] > '9')
    return fail(400, "malformed HTTP version in the request line");
  if (version != "HTTP/1.1" && version != "HTTP/1.0") return fail(505, "only HTTP/1.0 and HTTP/1.1 are served");
  req_.method = parts[0];
  req_.version = version;
  QByteArray target = parts[1];
  if (target.startsWith("http://") || target.startsWith("https://")) {  // absolute-form
    const int slash = static_cast<int>(target.indexOf('/', target.indexOf("//") + 2));
    target = slash < 0 ? QByteArray("/") : target.mid(slash);
  }
  if (!target.startsWith('/') && !(target == "*" && req_.method == "OPTIONS")) return fail(400, "the request target must be a path starting with '/'");
  for (char c : target)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return fail(400, "the request target holds a control character");
  const int q = static_cast<int>(target.indexOf('?'));
  req_.path = q < 0 ? target : target.left(q);
  req_.query = q < 0 ? QByteArray() : target.mid(q + 1);

  if (fields.size() > limits_.maxHeaderFields)
    return fail(431, "over " + QByteArray::number(limits_.maxHeaderFields) + " header fields");
  QByteArray contentLength;
  bool sawLength = false;
  for (const QByteArray& line : fields) {
    if (line.isEmpty()) continue;
    if (line[0] == ' ' || line[0] == '\t') return fail(400, "folded header lines are not accepted");
    const int colon = static_cast<int>(line.indexOf(':'));
    if (colon <= 0) return fail(400, "malformed header line (no 'name: value')");
    const QByteArray name = line.left(colon);
    if (!isToken(name)) return fail(400, "malformed header name '" + name.left(64) + "'");
    const QByteArray value = line.mid(colon + 1).trimmed();
    if (!cleanValue(value)) return fail(400, "header '" + name.left(64) + "' holds a control character");
    const QByteArray key = name.toLower();
    if (key == "content-length") {
      if (sawLength && value != contentLength) return fail(400, "conflicting Content-Length headers");
      sawLength = true;
      contentLength = value;
      req_.headers.insert(key, value);
      continue;
    }
    auto it = req_.headers.find(key);
    if (it == req_.headers.end()) req_.headers.insert(key, value);
    else *it += ", " + value;
  }
  if (req_.headers.contains("host") && req_.headers.value("host").contains(','))
    return fail(400, "more than one Host header");
  const QByteArray connection = req_.headers.value("connection").toLower();
  req_.keepAlive = version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive");

  if (req_.headers.contains("transfer-encoding")) {
    if (sawLength) return fail(400, "a request may not carry both Transfer-Encoding and Content-Length");
    if (version == "HTTP/1.0") return fail(400, "Transfer-Encoding is not defined for HTTP/1.0");
    if (req_.headers.value("transfer-encoding").trimmed().toLower() != "chunked")
      return fail(501, "only the 'chunked' transfer coding is accepted for request bodies");
    phase_ = Phase::ChunkSize;
    return Status::NeedMore;
  }
  if (sawLength) {
    if (!allDigits(contentLength)) return fail(400, "Content-Length must be a decimal number of bytes");
    if (contentLength.size() > 15) return fail(413, "request body over the " + QByteArray::number(limits_.maxBody) + " byte limit");
    bodyLength_ = contentLength.toLongLong();
    if (bodyLength_ > limits_.maxBody) return fail(413, "request body over the " + QByteArray::number(limits_.maxBody) + " byte limit");
  }
  phase_ = bodyLength_ > 0 ? Phase::Body : Phase::Done;
  return Status::NeedMore;
}

HttpRequestParser::Status HttpRequestParser::parseChunked(const QByteArray& buf) {
  for (;;) {
    switch (phase_) {
      case Phase::ChunkSize: {
        const int64_t nl = buf.indexOf("\r\n", pos_);
        if (nl < 0) {
          if (buf.size() - pos_ > kMaxChunkLine) return fail(400, "chunk size line too long");
          return Status::NeedMore;
        }
        if (nl - pos_ > kMaxChunkLine) return fail(400, "chunk size line too long");
        QByteArray line = buf.mid(pos_, nl - pos_);
        const int semi = static_cast<int>(line.indexOf(';'));  // chunk extensions are ignored
        if (semi >= 0) line.truncate(semi);
        line = line.trimmed();
        if (line.isEmpty() || line.size() > 15) return fail(400, "malformed chunk size");
        int64_t size = 0;
        for (char c : line) {
          const int d = hexDigit(c);
          if (d < 0) return fail(400, "malformed chunk size");
          size = size * 16 + d;
        }
        pos_ = nl + 2;
        if (size == 0) {
          phase_ = Phase::Trailers;
          break;
        }
        if (req_.body.size() + size > limits_.maxBody) return fail(413, "request body over the " + QByteArray::number(limits_.maxBody) + " byte limit");
        chunkLeft_ = size;
        phase_ = Phase::ChunkData;
        break;
      }
      case Phase::ChunkData: {
        const int64_t take = std::min<int64_t>(chunkLeft_, buf.size() - pos_);
        if (take <= 0) return Status::NeedMore;
        req_.body.append(buf.constData() + pos_, take);
        pos_ += take;
        chunkLeft_ -= take;
        if (chunkLeft_ == 0) phase_ = Phase::ChunkEnd;
        break;
      }
      case Phase::ChunkEnd:
        if (buf.size() - pos_ < 2) return Status::NeedMore;
        if (buf.at(pos_) != '\r' || buf.at(pos_ + 1) != '\n') return fail(400, "chunk data not followed by CRLF");
        pos_ += 2;
        phase_ = Phase::ChunkSize;
        break;
      case Phase::Trailers: {
        const int64_t nl = buf.indexOf("\r\n", pos_);
        if (nl < 0) {
          if (trailerBytes_ + buf.size() - pos_ > limits_.maxHeadBytes) return fail(431, "chunked trailers over the header limit");
          return Status::NeedMore;
        }
        trailerBytes_ += nl + 2 - pos_;
        if (trailerBytes_ > limits_.maxHeadBytes) return fail(431, "chunked trailers over the header limit");
        const bool last = nl == pos_;
        pos_ = nl + 2;
        if (last) {
          phase_ = Phase::Done;
          return Status::Done;
        }
        break;  // trailer fields are read and dropped
      }
      default:
        return Status::NeedMore;
    }
  }
}

}  // namespace ct::serve
