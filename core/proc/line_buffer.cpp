#include "proc/line_buffer.h"

#include <cstring>

namespace ct::proc {

void LineBuffer::feed(const char* data, qsizetype size, QList<QByteArray>& out) {
  const char* p = data;
  const char* end = data + size;
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* stop = nl ? nl : end;
    const qsizetype room = max_ - partial_.size();
    const qsizetype n = stop - p;
    if (n <= room) {
      partial_.append(p, n);
    } else {
      partial_.append(p, room);
      cut_ += n - room;
    }
    if (!nl) break;
    finishLine(out);
    p = nl + 1;
  }
}

void LineBuffer::flush(QList<QByteArray>& out) {
  if (!partial_.isEmpty() || cut_ > 0) finishLine(out);
}

void LineBuffer::finishLine(QList<QByteArray>& out) {
  if (partial_.endsWith('\r')) partial_.chop(1);
  if (cut_ > 0) partial_.append(" [line cut: " + QByteArray::number(cut_) + " more bytes dropped]");
  out.append(partial_);
  partial_.clear();
  cut_ = 0;
}

}  // namespace ct::proc
