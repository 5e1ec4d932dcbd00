// libFuzzer target: arbitrary bytes through the frame decoder and both message parsers, the
// way `ct host` and `ct serve` read a socket. Run: see README (Fuzzing).
#include <cstddef>
#include <cstdint>

#include "fpga/link_protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ct::fpga::link;
  if (size == 0) return 0;
  // The first byte picks how the stream is cut into reads, so split frames are exercised too.
  const size_t step = 1 + data[0] % 17;
  FrameDecoder decoder(1 << 16);
  QByteArray payload;
  for (size_t i = 1; i < size; i += step) {
    decoder.feed(QByteArray(reinterpret_cast<const char*>(data + i), static_cast<qsizetype>(std::min(step, size - i))));
    for (;;) {
      const auto st = decoder.next(&payload);
      if (st != FrameDecoder::Status::Frame) break;
      QString why;
      (void)parseMessage(payload, &why);
      (void)parseLegacyRequest(payload, "<END>", &why);
      (void)isValidUtf8(payload);
    }
  }
  // The whole input as one payload too.
  QString why;
  const QByteArray whole(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
  (void)parseMessage(whole, &why);
  (void)parseLegacyRequest(whole, "<END>", &why);
  return 0;
}
