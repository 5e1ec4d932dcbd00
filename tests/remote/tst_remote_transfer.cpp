#include <QDirIterator>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QtTest>
#include <csignal>
#include <sys/stat.h>
#include <utime.h>

#include "hostile_names.h"
#include "jobs/event.h"
#include "remote_test_env.h"
#include "sshd_fixture.h"

using ct::test::RemoteTestEnv;
using ct::test::SshdFixture;

// ct push / ct pull against a real sshd: names arrive as they are, an interrupted copy resumes
// without sending again what arrived and never looks complete, a damaged copy is caught.
class TestRemoteTransfer : public QObject {
  Q_OBJECT
  RemoteTestEnv env_;
  SshdFixture sshd_;

  static bool writeFile(const QString& path, const QByteArray& data) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
  }
  static QByteArray readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  }
  static QByteArray randomBytes(qint64 n) {
    QByteArray b(n, Qt::Uninitialized);
    QRandomGenerator gen(42);
    gen.fillRange(reinterpret_cast<quint32*>(b.data()), static_cast<qsizetype>(n / 4));
    return b;
  }
  // Relative path → content of every file below `root`.
  static QMap<QString, QByteArray> tree(const QString& root) {
    QMap<QString, QByteArray> out;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
      const QString f = it.next();
      out.insert(QDir(root).relativeFilePath(f), readFile(f));
    }
    return out;
  }
  QJsonObject resultOf(const QByteArray& out) {
    for (const QByteArray& line : out.split('\n'))
      if (auto e = ct::jobs::Event::parseLine(line, nullptr); e && e->type == ct::jobs::Event::Type::Result) return e->result;
    return {};
  }
  QStringList canaryPlaces() const { return {sshd_.home() + QStringLiteral("/CANARY"), QStringLiteral("/root/CANARY"), env_.path(QStringLiteral("CANARY")), QDir::currentPath() + QStringLiteral("/CANARY")}; }

 private Q_SLOTS:
  void initTestCase() {
    env_.applyToThisProcess();
    QString error;
    QVERIFY2(sshd_.start(&error), qPrintable(error));
    const auto r = env_.ct(RemoteTestEnv::addFlags(env_.profileFor(sshd_, QStringLiteral("gpu"))));
    QVERIFY2(r.code == 0, r.all().constData());
  }

  void hostileNamesTravelBothWaysUnchanged() {
    const QString src = env_.path(QStringLiteral("hostile"));
    const QStringList names = ct::test::hostileNames(QStringLiteral("CANARY"));
    for (int i = 0; i < names.size(); ++i) QVERIFY(writeFile(src + QLatin1Char('/') + names[i], names[i].toUtf8() + QByteArray::number(i)));
    QVERIFY(writeFile(src + QLatin1Char('/') + names[1] + QStringLiteral(" dir/") + names[0], "nested"));
    const QString remote = sshd_.dir() + QStringLiteral("/work/dst $(touch CANARY) '\"; touch CANARY; `x` -rf");
    auto r = env_.ct({QStringLiteral("push"), QStringLiteral("gpu"), src, remote, QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.all().constData());
    QCOMPARE(resultOf(r.out).value(QStringLiteral("files")).toInt(), names.size() + 1);
    QCOMPARE(tree(remote), tree(src));
    QVERIFY(!QFileInfo::exists(remote + QStringLiteral(".partial")));
    const QString back = env_.path(QStringLiteral("back $(touch CANARY)"));
    r = env_.ct({QStringLiteral("pull"), QStringLiteral("gpu"), remote, back});
    QVERIFY2(r.code == 0, r.all().constData());
    QCOMPARE(tree(back), tree(src));
    for (const QString& c : canaryPlaces()) QVERIFY2(!QFileInfo::exists(c), qPrintable(c));
  }

  void interruptedPushResumesWithoutResending() {
    // 64 MiB over a link slowed to 32 MB/s (rsync's own --bwlimit, through an rsync first on
    // ct's PATH), interrupted by killing ct, then pushed again at full speed.
    const QString src = env_.path(QStringLiteral("model"));
    const qint64 big = 64LL << 20;
    QVERIFY(writeFile(src + QStringLiteral("/model.safetensors"), randomBytes(big)));
    QVERIFY(writeFile(src + QStringLiteral("/config.json"), "{\"architectures\":[\"Qwen2ForCausalLM\"]}"));
    const QString bin = env_.path(QStringLiteral("slowbin"));
    QVERIFY(writeFile(bin + QStringLiteral("/rsync"), "#!/bin/sh\nexec /usr/bin/rsync --bwlimit=32m \"$@\"\n"));
    QFile::setPermissions(bin + QStringLiteral("/rsync"), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QString remote = sshd_.dir() + QStringLiteral("/work/model");
    const QString partial = remote + QStringLiteral(".partial/model.safetensors");

    QProcess push;
    QProcessEnvironment e = env_.environment();
    e.insert(QStringLiteral("PATH"), bin + QLatin1Char(':') + e.value(QStringLiteral("PATH")));
    push.setProcessEnvironment(e);
    push.start(ct::test::ctBinary(), {QStringLiteral("push"), QStringLiteral("gpu"), src, remote, QStringLiteral("--json")});
    QVERIFY(push.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(partial).size() > big / 4, 30000);
    ::kill(static_cast<pid_t>(push.processId()), SIGKILL);
    QVERIFY(push.waitForFinished(10000));
    QTest::qWait(500);  // rsync hears of its parent's death and stops
    const qint64 arrived = QFileInfo(partial).size();
    QVERIFY2(arrived > 0 && arrived < big, qPrintable(QString::number(arrived)));
    QVERIFY2(!QFileInfo::exists(remote), "an interrupted copy must not look complete");

    const auto r = env_.ct({QStringLiteral("push"), QStringLiteral("gpu"), src, remote, QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.all().constData());
    const QJsonObject result = resultOf(r.out);
    const qint64 sent = result.value(QStringLiteral("sent_bytes")).toInteger();
    const qint64 matched = result.value(QStringLiteral("matched_bytes")).toInteger();
    QVERIFY2(sent <= big - arrived + (2 << 20), qPrintable(QStringLiteral("sent %1 bytes again after %2 had arrived").arg(sent).arg(arrived)));
    QVERIFY2(matched >= arrived - (2 << 20), qPrintable(QStringLiteral("matched %1").arg(matched)));
    QCOMPARE(tree(remote), tree(src));
    QVERIFY(!QFileInfo::exists(remote + QStringLiteral(".partial")));
    // A push of what is already there sends nothing.
    const auto again = env_.ct({QStringLiteral("push"), QStringLiteral("gpu"), src, remote, QStringLiteral("--json")});
    QVERIFY2(again.code == 0, again.all().constData());
    QCOMPARE(resultOf(again.out).value(QStringLiteral("sent_bytes")).toInteger(), 0);
  }

  void damagedCopyIsDetectedAndSentAgain() {
    const QString src = env_.path(QStringLiteral("small"));
    QVERIFY(writeFile(src + QStringLiteral("/weights.bin"), randomBytes(1 << 20)));
    QVERIFY(writeFile(src + QStringLiteral("/tokenizer.json"), "{}"));
    const QString remote = sshd_.dir() + QStringLiteral("/work/small");
    QCOMPARE(env_.ct({QStringLiteral("push"), QStringLiteral("gpu"), src, remote}).code, 0);
    // One flipped byte, same size and time: invisible to a size-and-time check.
    const QString copy = remote + QStringLiteral("/weights.bin");
    {
      QFile f(copy);
      QVERIFY(f.open(QIODevice::ReadWrite));
      f.seek(12345);
      char c;
      f.getChar(&c);
      f.seek(12345);
      f.putChar(static_cast<char>(c ^ 0x40));
    }
    const QByteArray srcPath = QFile::encodeName(src + QStringLiteral("/weights.bin"));
    struct stat st {};
    ::stat(srcPath.constData(), &st);
    const utimbuf times{st.st_atime, st.st_mtime};
    ::utime(QFile::encodeName(copy).constData(), &times);
    auto check = env_.ct({QStringLiteral("push"), QStringLiteral("gpu"), src, remote, QStringLiteral("--check")});
    QCOMPARE(check.code, 1);
    QVERIFY2(check.err.contains("different content (SHA-256): weights.bin"), check.all().constData());
    const auto r = env_.ct({QStringLiteral("push"), QStringLiteral("gpu"), src, remote, QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.all().constData());
    QVERIFY2(r.out.contains("verification found differences"), r.out.constData());
    QCOMPARE(resultOf(r.out).value(QStringLiteral("repaired")).toArray().first().toString(), QStringLiteral("weights.bin"));
    QCOMPARE(tree(remote), tree(src));
    QCOMPARE(env_.ct({QStringLiteral("push"), QStringLiteral("gpu"), src, remote, QStringLiteral("--check")}).code, 0);
  }

  void sftpWhenThereIsNoRsync() {
    const QString src = env_.path(QStringLiteral("plain"));
    QVERIFY(writeFile(src + QStringLiteral("/a b/c.bin"), randomBytes(3 << 20)));
    QVERIFY(writeFile(src + QStringLiteral("/模型.json"), "{\"x\":1}"));
    const QString remote = sshd_.dir() + QStringLiteral("/work/plain");
    auto r = env_.ct({QStringLiteral("push"), QStringLiteral("gpu"), src, remote, QStringLiteral("--method"), QStringLiteral("sftp"), QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.all().constData());
    QCOMPARE(resultOf(r.out).value(QStringLiteral("method")).toString(), QStringLiteral("sftp"));
    QCOMPARE(tree(remote), tree(src));
    const QString back = env_.path(QStringLiteral("plain-back"));
    r = env_.ct({QStringLiteral("pull"), QStringLiteral("gpu"), remote, back, QStringLiteral("--method"), QStringLiteral("sftp")});
    QVERIFY2(r.code == 0, r.all().constData());
    QCOMPARE(tree(back), tree(src));
    // Names sftp's batch language cannot carry are refused, not mangled.
    QVERIFY(writeFile(src + QStringLiteral("/star*.txt"), "x"));
    r = env_.ct({QStringLiteral("push"), QStringLiteral("gpu"), src, sshd_.dir() + QStringLiteral("/work/plain2"), QStringLiteral("--method"), QStringLiteral("sftp")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("install rsync on the host"), r.err.constData());
    QVERIFY(!QFileInfo::exists(sshd_.dir() + QStringLiteral("/work/plain2")));
  }

  void missingSourceIsClear() {
    auto r = env_.ct({QStringLiteral("pull"), QStringLiteral("gpu"), sshd_.dir() + QStringLiteral("/work/nothing-here"), env_.path(QStringLiteral("x"))});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("does not exist on gpu"), r.err.constData());
    r = env_.ct({QStringLiteral("push"), QStringLiteral("gpu"), env_.path(QStringLiteral("no-such-folder")), QStringLiteral("x")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("does not exist"), r.err.constData());
  }

  void cleanupTestCase() {
    sshd_.stop();
    QVERIFY(sshd_.sessionProcesses().isEmpty());
  }
};

QTEST_GUILESS_MAIN(TestRemoteTransfer)
#include "tst_remote_transfer.moc"
