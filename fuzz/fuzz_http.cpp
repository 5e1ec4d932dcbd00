// libFuzzer target: arbitrary bytes through the HTTP request parser the way `ct serve` reads a
// socket (the same bytes cut into reads of every size must give the same requests), then each
// parsed body through the OpenAI request checks. Run: see README (Fuzzing).
#include <QJsonDocument>
#include <QJsonObject>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "serve/http_parser.h"
#include "serve/request_checks.h"

namespace {

struct Outcome {
  std::vector<QByteArray> requests;  // method, path, body of each request, in order
  int error = 0;
  bool operator==(const Outcome& o) const { return requests == o.requests && error == o.error; }
};

Outcome run(const QByteArray& input, size_t step) {
  using ct::serve::HttpRequestParser;
  ct::serve::HttpLimits limits;
  limits.maxBody = 4096;
  limits.maxHeadBytes = 2048;
  limits.maxHeaderFields = 16;
  HttpRequestParser parser(limits);
  Outcome out;
  QByteArray buf;
  for (qsizetype at = 0; at < input.size() && out.error == 0;) {
    buf += input.mid(at, static_cast<qsizetype>(step));
    at += static_cast<qsizetype>(step);
    for (;;) {
      const auto st = parser.parse(buf);
      if (st == HttpRequestParser::Status::NeedMore) break;
      if (st == HttpRequestParser::Status::Error) {
        out.error = parser.errorStatus();
        if (out.error != 400 && out.error != 413 && out.error != 431 && out.error != 501 && out.error != 505) __builtin_trap();
        break;
      }
      const auto& r = parser.request();
      if (parser.end() > buf.size() || r.body.size() > limits.maxBody) __builtin_trap();
      out.requests.push_back(r.method + ' ' + r.path + ' ' + r.body);
      parser.reset(parser.end());
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t step = 1 + data[0] % 23;
  const QByteArray input(reinterpret_cast<const char*>(data + 1), static_cast<qsizetype>(size - 1));
  const Outcome whole = run(input, input.size() + 1);
  const Outcome stepped = run(input, step);
  // A request cut short at the end of the input is simply not there yet in both runs.
  if (!(whole == stepped)) __builtin_trap();
  ct::serve::ServeOptions options;
  for (const QByteArray& r : whole.requests) {
    const QJsonDocument doc = QJsonDocument::fromJson(r.mid(r.indexOf(' ', r.indexOf(' ') + 1) + 1));
    if (!doc.isObject()) continue;
    ct::serve::GenerationSpec a, b, c;
    (void)ct::serve::checkChat(doc.object(), options, &a);
    (void)ct::serve::checkCompletion(doc.object(), options, &b);
    (void)ct::serve::checkResponses(doc.object(), options, &c);
  }
  return 0;
}
