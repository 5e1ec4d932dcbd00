// ct serve's own cost, against a host that answers instantly (run inside this process on its
// own thread): added latency p50/p99 of a chat completion through the service vs the same
// request sent to the host directly, requests/s with concurrent keep-alive clients, and how long
// a streamed token takes from the host's socket to the HTTP client.
// Usage: bench_serve [--requests N]   (default 2000)
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>
#include <time.h>

#include "fpga/link_protocol.h"

using namespace ct::fpga;

namespace {

int64_t nowNs() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<int64_t>(t.tv_sec) * 1000000000LL + t.tv_nsec;
}

// CT-mode host that answers at once: "generate" → one token + done; "generate" with
// max_tokens > 1 → that many tokens 2 ms apart, each carrying its send time.
class InstantHost : public QObject {
 public:
  quint16 start() {
    server_ = new QTcpServer(this);
    server_->listen(QHostAddress::LocalHost, 0);
    connect(server_, &QTcpServer::newConnection, this, [this] {
      while (QTcpSocket* s = server_->nextPendingConnection()) {
        s->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        auto* dec = new link::FrameDecoder();
        connect(s, &QTcpSocket::readyRead, this, [s, dec] {
          dec->feed(s->readAll());
          QByteArray p;
          while (dec->next(&p) == link::FrameDecoder::Status::Frame) {
            const QJsonObject m = QJsonDocument::fromJson(p).object();
            const QString type = m.value(QStringLiteral("type")).toString(), id = m.value(QStringLiteral("id")).toString();
            if (type == QLatin1String("hello")) {
              s->write(link::messageFrame({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("version"), 1}, {QStringLiteral("model"), QStringLiteral("instant")}, {QStringLiteral("context_length"), 4096}}));
            } else if (type == QLatin1String("generate")) {
              const int n = m.value(QStringLiteral("max_tokens")).toInt(1);
              if (n <= 1) {
                s->write(link::messageFrame({{QStringLiteral("type"), QStringLiteral("token")}, {QStringLiteral("id"), id}, {QStringLiteral("text"), QStringLiteral("ok")}, {QStringLiteral("token_id"), 1}, {QStringLiteral("logprob"), 0.0}}) +
                         link::messageFrame({{QStringLiteral("type"), QStringLiteral("done")}, {QStringLiteral("id"), id}, {QStringLiteral("finish_reason"), QStringLiteral("stop")}, {QStringLiteral("prompt_tokens"), 5}, {QStringLiteral("completion_tokens"), 1}}));
              } else {
                auto* t = new QTimer(s);
                auto left = std::make_shared<int>(n);
                connect(t, &QTimer::timeout, s, [s, t, left, id] {
                  if ((*left)-- > 0) {
                    s->write(link::messageFrame({{QStringLiteral("type"), QStringLiteral("token")}, {QStringLiteral("id"), id}, {QStringLiteral("text"), QStringLiteral("<%1>").arg(nowNs())}}));
                    s->flush();
                  } else {
                    s->write(link::messageFrame({{QStringLiteral("type"), QStringLiteral("done")}, {QStringLiteral("id"), id}, {QStringLiteral("finish_reason"), QStringLiteral("length")}}));
                    t->deleteLater();
                  }
                });
                t->start(2);
              }
            }
          }
        });
      }
    });
    return server_->serverPort();
  }

 private:
  QTcpServer* server_ = nullptr;
};

double pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
}

QByteArray httpRequest(const QByteArray& body) {
  return "POST /v1/chat/completions HTTP/1.1\r\nHost: b\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// Reads one whole HTTP response (Content-Length or chunked) from a keep-alive socket.
QByteArray readResponse(QTcpSocket& s, QByteArray& buf, const std::function<void(const QByteArray&)>& onData = {}) {
  for (;;) {
    const int he = static_cast<int>(buf.indexOf("\r\n\r\n"));
    if (he >= 0) {
      const QByteArray head = buf.left(he).toLower();
      const int cl = static_cast<int>(head.indexOf("content-length: "));
      if (cl >= 0) {
        const int len = head.mid(cl + 16, head.indexOf('\r', cl) - cl - 16).toInt();
        if (buf.size() >= he + 4 + len) {
          const QByteArray r = buf.mid(he + 4, len);
          buf.remove(0, he + 4 + len);
          return r;
        }
      } else {
        if (onData) onData(buf.mid(he + 4));
        const int end = static_cast<int>(buf.indexOf("\r\n0\r\n\r\n", he));
        if (end >= 0) {
          const QByteArray r = buf.mid(he + 4, end - he - 4);
          buf.remove(0, end + 7);
          return r;
        }
      }
    }
    if (!s.waitForReadyRead(10000)) return {};
    buf += s.readAll();
  }
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  int requests = 2000;
  const QStringList args = app.arguments();
  if (const int i = static_cast<int>(args.indexOf(QStringLiteral("--requests"))); i > 0 && i + 1 < args.size()) requests = args[i + 1].toInt();

  QThread hostThread;
  InstantHost host;
  host.moveToThread(&hostThread);
  hostThread.start();
  quint16 hostPort = 0;
  QMetaObject::invokeMethod(&host, [&] { hostPort = host.start(); }, Qt::BlockingQueuedConnection);

  QProcess serve;
  // Its per-request log goes to a file: a pipe nobody reads would stall it.
  const QString logPath = QDir::temp().filePath(QStringLiteral("bench_serve-%1.log").arg(QCoreApplication::applicationPid()));
  serve.setStandardOutputFile(logPath);
  serve.start(QStringLiteral(CT_BIN_PATH), {QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:%1").arg(hostPort), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--json")});
  serve.waitForStarted();
  quint16 port = 0;
  QByteArray seen;
  for (int tries = 0; port == 0 && tries < 200; ++tries) {
    QThread::msleep(100);
    QFile f(logPath);
    if (f.open(QIODevice::ReadOnly))
      for (const QByteArray& line : f.readAll().split('\n'))
        if (line.contains("\"port\"")) {
          const QJsonObject data = QJsonDocument::fromJson(line).object().value(QStringLiteral("data")).toObject();
          if (data.contains(QStringLiteral("port"))) port = static_cast<quint16>(data.value(QStringLiteral("port")).toInt());
        }
  }
  if (port == 0) {
    std::fprintf(stderr, "ct serve did not start\n");
    return 1;
  }
  QThread::msleep(500);  // the link's hello
  auto drain = [] {};

  const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("messages"), QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), QStringLiteral("hi")}}}},
                                                    {QStringLiteral("max_tokens"), 1}, {QStringLiteral("temperature"), 0}})
                              .toJson(QJsonDocument::Compact);
  // 1. The host directly, CT mode, one request at a time.
  std::vector<double> direct;
  {
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), hostPort);
    s.waitForConnected();
    s.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    link::FrameDecoder dec;
    auto roundTrip = [&](const QJsonObject& m, const char* until) {
      s.write(link::messageFrame(m));
      QByteArray p;
      for (;;) {
        while (dec.next(&p) == link::FrameDecoder::Status::Frame)
          if (p.contains(until)) return;
        s.waitForReadyRead(5000);
        dec.feed(s.readAll());
      }
    };
    roundTrip({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("version"), 1}}, "hello");
    for (int i = 0; i < requests; ++i) {
      const int64_t t0 = nowNs();
      roundTrip({{QStringLiteral("type"), QStringLiteral("generate")}, {QStringLiteral("id"), QStringLiteral("d%1").arg(i)},
                 {QStringLiteral("messages"), QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), QStringLiteral("hi")}}}}, {QStringLiteral("max_tokens"), 1}},
                "\"done\"");
      direct.push_back(static_cast<double>(nowNs() - t0) / 1e6);
    }
  }
  // 2. The same through ct serve, one keep-alive connection.
  std::vector<double> via;
  {
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), port);
    s.waitForConnected();
    s.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    QByteArray buf;
    for (int i = 0; i < requests; ++i) {
      const int64_t t0 = nowNs();
      s.write(httpRequest(body));
      const QByteArray r = readResponse(s, buf);
      via.push_back(static_cast<double>(nowNs() - t0) / 1e6);
      if (!r.contains("\"ok\"")) {
        std::fprintf(stderr, "unexpected response to request %d: %s\n", i, r.constData());
        ::kill(static_cast<pid_t>(serve.processId()), SIGTERM);
        serve.waitForFinished(5000);
        hostThread.quit();
        hostThread.wait();
        return 1;
      }
      if (i % 200 == 0) drain();
    }
  }
  // 3. Throughput: 8 keep-alive clients on their own threads for 3 s.
  std::atomic<int> done{0};
  {
    std::atomic<bool> stopFlag{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < 8; ++c)
      clients.emplace_back([&] {
        QTcpSocket s;
        s.connectToHost(QStringLiteral("127.0.0.1"), port);
        if (!s.waitForConnected()) return;
        QByteArray buf;
        while (!stopFlag) {
          s.write(httpRequest(body));
          if (readResponse(s, buf).isEmpty()) return;
          ++done;
        }
      });
    const int64_t t0 = nowNs();
    while (nowNs() - t0 < 3'000'000'000LL) {
      QThread::msleep(100);
      drain();
    }
    stopFlag = true;
    for (auto& t : clients) t.join();
  }
  const double rps = done.load() / 3.0;
  // 4. Streamed tokens: host send time (in the token text) to arrival at the HTTP client.
  std::vector<double> fwd;
  {
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), port);
    s.waitForConnected();
    const QByteArray sbody = QJsonDocument(QJsonObject{{QStringLiteral("messages"), QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), QStringLiteral("hi")}}}},
                                                       {QStringLiteral("max_tokens"), 500}, {QStringLiteral("stream"), true}})
                                 .toJson(QJsonDocument::Compact);
    s.write(httpRequest(sbody));
    QByteArray buf;
    int scanned = 0;
    readResponse(s, buf, [&](const QByteArray& sofar) {
      const int64_t now = nowNs();
      for (int at = static_cast<int>(sofar.indexOf("<", scanned)); at >= 0; at = static_cast<int>(sofar.indexOf("<", at + 1))) {
        const int close = static_cast<int>(sofar.indexOf(">", at));
        if (close < 0) break;
        fwd.push_back(static_cast<double>(now - sofar.mid(at + 1, close - at - 1).toLongLong()) / 1e6);
        scanned = close;
      }
    });
  }
  std::printf("ct serve vs the host directly (host answers instantly), %d sequential requests, this 2-core machine\n\n", requests);
  std::printf("%-46s %10s %10s %10s\n", "", "p50 ms", "p99 ms", "target");
  std::printf("%-46s %10.3f %10.3f\n", "host directly (CT frames)", pct(direct, 0.5), pct(direct, 0.99));
  std::printf("%-46s %10.3f %10.3f\n", "through ct serve (HTTP, keep-alive)", pct(via, 0.5), pct(via, 0.99));
  std::printf("%-46s %10.3f %10.3f %10s\n", "added by the service", pct(via, 0.5) - pct(direct, 0.5), pct(via, 0.99) - pct(direct, 0.99), "≤1 / ≤5");
  std::printf("%-46s %10.3f %10.3f %10s\n", "streamed token, host socket → HTTP client", pct(fwd, 0.5), pct(fwd, 0.99), "p50 ≤1");
  std::printf("\n%-46s %10.0f %21s\n", "non-streaming requests/s (8 clients)", rps, "≥ 2000");
  std::printf("(streamed tokens measured: %zu)\n", fwd.size());
  ::kill(static_cast<pid_t>(serve.processId()), SIGTERM);
  serve.waitForFinished(5000);
  QFile::remove(logPath);
  hostThread.quit();
  hostThread.wait();
  return 0;
}
