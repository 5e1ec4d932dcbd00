#pragma once
// Incremental HTTP/1.1 request parser with hard limits: no sockets, no Qt event loop, so it can be
// unit-tested and fuzzed on its own. The caller keeps the received bytes; parse() looks at the
// unconsumed front and says whether one whole request is there, more bytes are needed, or the
// request is broken (with the status to answer: 400, 413, 431, 501, 505).
#include <QByteArray>
#include <QHash>

namespace ct::serve {

struct HttpRequest {
  QByteArray method, path, query, version;
  QHash<QByteArray, QByteArray> headers;  // names lower-cased; repeated fields joined with ", "
  QByteArray body;
  bool keepAlive = true;
  bool head() const { return method == "HEAD"; }
};

struct HttpLimits {
  int64_t maxBody = 4 << 20;
  int maxHeadBytes = 32 * 1024;  // request line + header fields (+ chunked trailers)
  int maxHeaderFields = 100;
};

class HttpRequestParser {
 public:
  enum class Status { NeedMore, Done, Error };
  explicit HttpRequestParser(HttpLimits limits = {}) : limits_(limits) {}

  // buf: received bytes; the request starts at the offset given to reset() (0 at first). buf may
  // grow between calls; it must not change otherwise until Done/Error or reset().
  Status parse(const QByteArray& buf);
  // After Done: the request, and the offset in buf just past it. reset(end()) for the next one.
  HttpRequest& request() { return req_; }
  int64_t end() const { return pos_; }
  // After Error: the status to answer and why.
  int errorStatus() const { return errorStatus_; }
  const QByteArray& errorMessage() const { return errorMessage_; }
  // True once a request line has been read (so a time-out is worth a 408 rather than a silent close).
  bool started() const { return phase_ != Phase::Head || scanned_ > start_; }
  void reset(int64_t start = 0);

 private:
  enum class Phase { Head, Body, ChunkSize, ChunkData, ChunkEnd, Trailers, Done, Error };
  Status fail(int status, QByteArray message);
  Status parseHead(const QByteArray& head);
  Status parseChunked(const QByteArray& buf);

  HttpLimits limits_;
  Phase phase_ = Phase::Head;
  HttpRequest req_;
  int64_t start_ = 0;      // where this request begins in buf
  int64_t pos_ = 0;        // bytes of buf used so far
  int64_t scanned_ = 0;    // where the search for the end of the head resumes
  int64_t bodyLength_ = 0;
  int64_t chunkLeft_ = 0;
  int64_t trailerBytes_ = 0;
  int errorStatus_ = 0;
  QByteArray errorMessage_;
};

}  // namespace ct::serve
