#pragma once
#include <QByteArray>
#include <QList>

namespace ct::proc {

// Splits a byte stream into lines. Keeps the partial last line for the next chunk, and caps
// a line's length so a child that never prints a newline cannot grow memory without bound:
// the excess is dropped and the line ends with a note of how much was cut.
class LineBuffer {
 public:
  explicit LineBuffer(int maxLineBytes = 64 * 1024) : max_(maxLineBytes) {}

  void feed(const char* data, qsizetype size, QList<QByteArray>& out);
  void feed(const QByteArray& chunk, QList<QByteArray>& out) { feed(chunk.constData(), chunk.size(), out); }
  // Emits what is left (the child ended without a final newline).
  void flush(QList<QByteArray>& out);
  qsizetype pendingBytes() const { return partial_.size(); }

 private:
  void finishLine(QList<QByteArray>& out);

  int max_;
  QByteArray partial_;
  qint64 cut_ = 0;
};

}  // namespace ct::proc
