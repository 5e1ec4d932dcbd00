#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>
#include <csignal>

#include "remote/host_store.h"
#include "remote/ssh_host.h"
#include "raw_http.h"
#include "remote_test_env.h"
#include "sshd_fixture.h"
#include "util/paths.h"

using ct::test::RemoteTestEnv;
using ct::test::SshdFixture;

// `ct tunnel` against a real sshd: a local port reaches a server "on the host", keeps doing so
// after the master connection is killed, and is listed and closed.
class TestRemoteTunnel : public QObject {
  Q_OBJECT
  RemoteTestEnv env_;
  SshdFixture sshd_;
  QTcpServer echo_;  // the service on the host (an echo server on the host's loopback)

  // One round trip through the tunnel; empty when it does not answer.
  QByteArray roundTrip(quint16 port, const QByteArray& msg) {
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(2000)) return {};
    s.write(msg);
    QByteArray got;
    for (int i = 0; i < 40 && got.size() < msg.size(); ++i) {
      QCoreApplication::processEvents();
      if (s.waitForReadyRead(50)) got += s.readAll();
    }
    return got;
  }

 private Q_SLOTS:
  void initTestCase() {
    env_.applyToThisProcess();
    QString error;
    QVERIFY2(sshd_.start(&error), qPrintable(error));
    QVERIFY(env_.ct(RemoteTestEnv::addFlags(env_.profileFor(sshd_, QStringLiteral("gpu")))).code == 0);
    QVERIFY(echo_.listen(QHostAddress::LocalHost, 0));
    connect(&echo_, &QTcpServer::newConnection, this, [this] {
      while (QTcpSocket* c = echo_.nextPendingConnection()) connect(c, &QTcpSocket::readyRead, c, [c] { c->write(c->readAll()); });
    });
  }

  void tunnelSurvivesItsMasterAndCloses() {
    QProcess t;
    t.setProcessEnvironment(env_.environment());
    t.start(ct::test::ctBinary(), {QStringLiteral("tunnel"), QStringLiteral("gpu"), QString::number(echo_.serverPort()), QStringLiteral("--json")});
    QVERIFY(t.waitForStarted());
    struct Guard {
      QProcess& p;
      ~Guard() {
        if (p.state() != QProcess::NotRunning) {
          ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
          p.waitForFinished(5000);
        }
      }
    } guard{t};
    quint16 port = 0;
    QByteArray out;
    while (!port && t.waitForReadyRead(30000)) {
      out += t.readAllStandardOutput();
      for (const QByteArray& line : out.split('\n')) {
        const QJsonObject data = QJsonDocument::fromJson(line).object().value(QStringLiteral("data")).toObject();
        if (data.contains(QStringLiteral("port"))) port = static_cast<quint16>(data.value(QStringLiteral("port")).toInt());
      }
    }
    QVERIFY2(port > 0, out.constData());
    QCOMPARE(roundTrip(port, "hello"), QByteArray("hello"));

    const auto list = QJsonDocument::fromJson(env_.ct({QStringLiteral("tunnel"), QStringLiteral("list"), QStringLiteral("--json")}).out).array();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.first().toObject().value(QStringLiteral("url")).toString(), QStringLiteral("http://127.0.0.1:%1").arg(port));
    QCOMPARE(list.first().toObject().value(QStringLiteral("host")).toString(), QStringLiteral("gpu"));

    ct::remote::HostStore store(ct::paths::jobsDatabase());
    QVERIFY(store.open(nullptr));
    ct::remote::SshHost ssh(*store.get(QStringLiteral("gpu")));
    const qint64 master = ssh.masterPid();
    QVERIFY(master > 0);
    ::kill(static_cast<pid_t>(master), SIGKILL);
    QTRY_VERIFY_WITH_TIMEOUT(roundTrip(port, "x").isEmpty() || ssh.masterPid() != master, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(roundTrip(port, "again"), QByteArray("again"), 20000);
    QVERIFY(ssh.masterPid() != master);
    out += t.readAllStandardOutput();
    QVERIFY2(out.contains("re-established"), out.constData());

    const QString id = list.first().toObject().value(QStringLiteral("id")).toString();
    const auto closed = env_.ct({QStringLiteral("tunnel"), QStringLiteral("close"), id});
    QVERIFY2(closed.code == 0, closed.all().constData());
    QVERIFY(t.waitForFinished(15000));
    QCOMPARE(t.exitCode(), 0);
    QVERIFY(roundTrip(port, "gone").isEmpty());
    QCOMPARE(QJsonDocument::fromJson(env_.ct({QStringLiteral("tunnel"), QStringLiteral("list"), QStringLiteral("--json")}).out).array().size(), 0);
  }

  void serveReachesAnFpgaHostThroughTheSshHost() {
    // ct host (the demo model) listens on the "SSH host's" loopback; ct serve reaches it only
    // through --host-link-via.
    ct::test::CtChild host;
    const quint16 hostPort = host.start({QStringLiteral("host"), QStringLiteral("--model"), QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"), QStringLiteral("--listen"),
                                         QStringLiteral("127.0.0.1:0")});
    QVERIFY2(hostPort > 0, host.seen().constData());
    ct::test::CtChild serve;
    const quint16 port = serve.start({QStringLiteral("serve"), QStringLiteral("--host-link"), QStringLiteral("127.0.0.1:%1").arg(hostPort), QStringLiteral("--host-link-via"),
                                      QStringLiteral("gpu"), QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY2(port > 0, serve.seen().constData());
    QVERIFY2(serve.seen().contains("reached through gpu"), serve.seen().constData());
    QTRY_COMPARE_WITH_TIMEOUT(ct::test::httpRequest(port, "GET", "/health", {}, {}).status, 200, 30000);
  }

  void cleanupTestCase() {
    sshd_.stop();
    QVERIFY(sshd_.sessionProcesses().isEmpty());
  }
};

QTEST_GUILESS_MAIN(TestRemoteTunnel)
#include "tst_remote_tunnel.moc"
