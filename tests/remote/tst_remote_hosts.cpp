#include <QJsonDocument>
#include <QtTest>

#include "jobs/event.h"
#include "remote_test_env.h"
#include "sshd_fixture.h"
#include "stand_ins.h"

using ct::test::RemoteTestEnv;
using ct::test::SshdFixture;

// `ct hosts` against real sshd servers: profiles from flags and from an ssh_config alias that
// jumps through a second server; `ct hosts test` passing, and each way of failing with its own
// message and fix.
class TestRemoteHosts : public QObject {
  Q_OBJECT
  RemoteTestEnv env_;
  SshdFixture gpu_;   // the GPU host, with stand-in tools
  SshdFixture jump_{ct::test::SshdOptions{{}, {}, QStringLiteral("DEBUG1"), true}};  // the jump host (logs forwarded channels)
  SshdFixture inner_; // reached through jump_

  QList<ct::jobs::Event> events(const QByteArray& out) {
    QList<ct::jobs::Event> list;
    for (const QByteArray& line : out.split('\n'))
      if (auto e = ct::jobs::Event::parseLine(line, nullptr)) list << *e;
    return list;
  }
  QMap<QString, QJsonObject> steps(const QByteArray& out) {
    QMap<QString, QJsonObject> m;
    for (const auto& e : events(out))
      if (e.type == ct::jobs::Event::Type::Log && e.data.contains(QStringLiteral("step"))) m.insert(e.data.value(QStringLiteral("step")).toString(), e.data);
    return m;
  }

 private Q_SLOTS:
  void initTestCase() {
    env_.applyToThisProcess();
    QString error;
    QVERIFY2(gpu_.start(&error), qPrintable(error));
    QVERIFY2(jump_.start(&error), qPrintable(error));
    QVERIFY2(inner_.start(&error), qPrintable(error));
    QVERIFY(ct::test::installStandIns(gpu_));
  }

  void profileFromFlagsPassesEveryStep() {
    auto p = env_.profileFor(gpu_, QStringLiteral("gpu"));
    auto r = env_.ct(RemoteTestEnv::addFlags(p));
    QVERIFY2(r.code == 0, r.all().constData());
    r = env_.ct({QStringLiteral("hosts"), QStringLiteral("test"), QStringLiteral("gpu"), QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.all().constData());
    const auto s = steps(r.out);
    QCOMPARE(s.size(), 14);  // one event per step
    for (auto it = s.begin(); it != s.end(); ++it) {
      QVERIFY2(it->value(QStringLiteral("status")).toString() == QLatin1String("ok"), qPrintable(it.key() + QLatin1Char(' ') + QJsonDocument(*it).toJson()));
      QVERIFY(it->contains(QStringLiteral("ms")));
    }
    QCOMPARE(s[QStringLiteral("vllm")].value(QStringLiteral("facts")).toObject().value(QStringLiteral("version")).toString(), QStringLiteral("0.6.3.post1"));
    const QJsonObject gpu = s[QStringLiteral("nvidia-smi")].value(QStringLiteral("facts")).toObject();
    QCOMPARE(gpu.value(QStringLiteral("driver")).toString(), QStringLiteral("560.35.05"));
    QCOMPARE(gpu.value(QStringLiteral("cuda")).toString(), QStringLiteral("12.6"));
    QCOMPARE(gpu.value(QStringLiteral("gpus")).toArray().size(), 4);
    QCOMPARE(s[QStringLiteral("ct")].value(QStringLiteral("facts")).toObject().value(QStringLiteral("version")).toString(), QStringLiteral(CT_VERSION));
    QVERIFY(s[QStringLiteral("host key")].value(QStringLiteral("detail")).toString().contains(gpu_.hostKeyFingerprint()));
    // The outcome is kept with the profile; nothing secret is.
    const auto list = env_.ct({QStringLiteral("hosts"), QStringLiteral("list")});
    QVERIFY2(list.out.contains("gpu") && list.out.contains("available"), list.out.constData());
    const QJsonObject shown = QJsonDocument::fromJson(env_.ct({QStringLiteral("hosts"), QStringLiteral("show"), QStringLiteral("gpu"), QStringLiteral("--json")}).out).object();
    QCOMPARE(shown.value(QStringLiteral("status")).toString(), QStringLiteral("available"));
    QVERIFY(shown.value(QStringLiteral("connected")).toBool());
  }

  void missingToolIsNamedWithItsFix() {
    auto p = env_.profileFor(gpu_, QStringLiteral("novllm"));
    p.tools.insert(QStringLiteral("vllm"), QStringLiteral("/opt/venv/bin/vllm"));
    QCOMPARE(env_.ct(RemoteTestEnv::addFlags(p)).code, 0);
    const auto r = env_.ct({QStringLiteral("hosts"), QStringLiteral("test"), QStringLiteral("novllm")});
    QCOMPARE(r.code, 0);  // reachable; vLLM stages will not run there
    QVERIFY2(r.err.contains("MISSING  vllm ") && r.err.contains("/opt/venv/bin/vllm is not on the host"), r.err.constData());
    QVERIFY2(r.err.contains("fix: install vLLM on the host (pip install vllm), or give its path: ct hosts add novllm ... --replace --tool vllm="), r.err.constData());
    QVERIFY(r.err.contains("novllm is available; missing: vllm"));
  }

  void closedPortUnknownKeyAndWrongKeyEachSaySo() {
    auto closed = env_.profileFor(gpu_, QStringLiteral("closed"));
    closed.port = ct::test::freePort();
    QCOMPARE(env_.ct(RemoteTestEnv::addFlags(closed)).code, 0);
    auto r = env_.ct({QStringLiteral("hosts"), QStringLiteral("test"), QStringLiteral("closed")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("FAILED   TCP connect ") && r.err.contains("connection refused") && r.err.contains("fix: nothing listens there"), r.err.constData());
    QVERIFY(r.err.contains("SKIPPED  host key, auth"));

    auto fresh = env_.profileFor(gpu_, QStringLiteral("fresh"));
    fresh.knownHosts = env_.path(QStringLiteral("fresh_known_hosts"));
    QCOMPARE(env_.ct(RemoteTestEnv::addFlags(fresh)).code, 0);
    r = env_.ct({QStringLiteral("hosts"), QStringLiteral("test"), QStringLiteral("fresh")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("not known yet") && r.err.contains(gpu_.hostKeyFingerprint().toUtf8()) && r.err.contains("ct hosts test fresh --accept-new-host-key"), r.err.constData());
    r = env_.ct({QStringLiteral("hosts"), QStringLiteral("test"), QStringLiteral("fresh"), QStringLiteral("--accept-new-host-key")});
    QVERIFY2(r.code == 0 && r.err.contains("ACCEPTED host key"), r.err.constData());

    auto wrong = env_.profileFor(gpu_, QStringLiteral("wrongkey"));
    wrong.identity = env_.path(QStringLiteral("stranger_key"));
    QString error;
    QVERIFY(SshdFixture::makeKey(wrong.identity, {}, &error));
    QCOMPARE(env_.ct(RemoteTestEnv::addFlags(wrong)).code, 0);
    r = env_.ct({QStringLiteral("hosts"), QStringLiteral("test"), QStringLiteral("wrongkey"), QStringLiteral("--json")});
    QCOMPARE(r.code, 1);
    const auto s = steps(r.out);
    QCOMPARE(s[QStringLiteral("host key")].value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(s[QStringLiteral("auth")].value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
    QVERIFY(s[QStringLiteral("auth")].value(QStringLiteral("detail")).toString().contains(QStringLiteral("refused the key")));
    QVERIFY(s[QStringLiteral("auth")].value(QStringLiteral("fix")).toString().contains(QStringLiteral("authorized_keys")));
    QCOMPARE(events(r.out).last().state, ct::jobs::JobState::Failed);
    QCOMPARE(QJsonDocument::fromJson(env_.ct({QStringLiteral("hosts"), QStringLiteral("show"), QStringLiteral("wrongkey"), QStringLiteral("--json")}).out).object()
                 .value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
  }

  void changedHostKeyIsRefused() {
    SshdFixture moved;
    QString error;
    QVERIFY2(moved.start(&error), qPrintable(error));
    QCOMPARE(env_.ct(RemoteTestEnv::addFlags(env_.profileFor(moved, QStringLiteral("moved")))).code, 0);
    QCOMPARE(env_.ct({QStringLiteral("hosts"), QStringLiteral("test"), QStringLiteral("moved")}).code, 0);
    QCOMPARE(env_.ct({QStringLiteral("hosts"), QStringLiteral("remove"), QStringLiteral("moved")}).code, 0);  // also closes its connection
    moved.stop();
    QVERIFY(moved.replaceHostKey(&error));
    QVERIFY2(moved.start(&error), qPrintable(error));
    QCOMPARE(env_.ct(RemoteTestEnv::addFlags(env_.profileFor(moved, QStringLiteral("moved")))).code, 0);
    const auto r = env_.ct({QStringLiteral("hosts"), QStringLiteral("test"), QStringLiteral("moved"), QStringLiteral("--accept-new-host-key")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("host key has CHANGED") && r.err.contains(moved.hostKeyFingerprint().toUtf8()) && r.err.contains("ssh-keygen -R"), r.err.constData());
  }

  void aliasWithProxyJumpFromAPrivateSshConfig() {
    // The inner server accepts the jump server's client key too; one known_hosts knows both.
    QFile auth(inner_.dir() + QStringLiteral("/authorized_keys"));
    QVERIFY(auth.open(QIODevice::Append));
    QFile pub(jump_.userKey() + QStringLiteral(".pub"));
    QVERIFY(pub.open(QIODevice::ReadOnly));
    auth.write(pub.readAll());
    auth.close();
    const QString known = env_.path(QStringLiteral("jump_known_hosts"));
    QFile kh(known);
    QVERIFY(kh.open(QIODevice::WriteOnly));
    kh.write((jump_.knownHostsLine() + QLatin1Char('\n') + inner_.knownHostsLine() + QLatin1Char('\n')).toUtf8());
    kh.close();
    const QString config = env_.path(QStringLiteral("private_ssh_config"));
    QFile cfg(config);
    QVERIFY(cfg.open(QIODevice::WriteOnly));
    cfg.write(QStringLiteral("Host bastion\n  HostName 127.0.0.1\n  Port %1\n  User root\n  IdentityFile %2\n  IdentitiesOnly yes\n  UserKnownHostsFile %3\n"
                             "Host innergpu\n  HostName 127.0.0.1\n  Port %4\n  User root\n  IdentityFile %2\n  IdentitiesOnly yes\n  UserKnownHostsFile %3\n  ProxyJump bastion\n")
                  .arg(jump_.port())
                  .arg(jump_.userKey(), known)
                  .arg(inner_.port())
                  .toUtf8());
    cfg.close();
    auto r = env_.ct({QStringLiteral("hosts"), QStringLiteral("add"), QStringLiteral("inner"), QStringLiteral("--ssh"), QStringLiteral("innergpu"), QStringLiteral("--ssh-config"), config,
                      QStringLiteral("--workdir"), inner_.dir() + QStringLiteral("/work")});
    QVERIFY2(r.code == 0, r.all().constData());
    r = env_.ct({QStringLiteral("hosts"), QStringLiteral("test"), QStringLiteral("inner")});
    QVERIFY2(r.code == 0, r.all().constData());
    QVERIFY2(r.err.contains(QStringLiteral("TCP connect (jump host bastion) 127.0.0.1:%1").arg(jump_.port()).toUtf8()), r.err.constData());
    r = env_.ct({QStringLiteral("run"), QStringLiteral("inner"), QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo $HOME")});
    QVERIFY2(r.code == 0, r.all().constData());
    QCOMPARE(r.out.trimmed(), inner_.home().toUtf8());
    // It really went through the jump server: it forwarded a channel to the inner one.
    QVERIFY2(jump_.log().contains(QStringLiteral("port %1").arg(inner_.port()).toUtf8()) && jump_.log().contains("direct-tcpip"), jump_.log().right(3000).constData());

    // The same through flags: --jump gives the hop our key and known_hosts as well.

    auto p = env_.profileFor(inner_, QStringLiteral("inner2"));
    p.identity = jump_.userKey();
    p.knownHosts = known;
    p.jump = QStringLiteral("root@127.0.0.1:%1").arg(jump_.port());
    QCOMPARE(env_.ct(RemoteTestEnv::addFlags(p)).code, 0);
    r = env_.ct({QStringLiteral("hosts"), QStringLiteral("test"), QStringLiteral("inner2")});
    QVERIFY2(r.code == 0 && r.err.contains("(jump host root@127.0.0.1:"), r.all().constData());
  }

  void cleanupTestCase() {
    for (SshdFixture* s : {&gpu_, &jump_, &inner_}) {
      s->stop();
      QVERIFY(s->sessionProcesses().isEmpty());
    }
  }
};

QTEST_GUILESS_MAIN(TestRemoteHosts)
#include "tst_remote_hosts.moc"
