#include <QtTest>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

#include "sched/lease_store.h"

using namespace ct::sched;

namespace {
constexpr qint64 MiB = 1LL << 20;

LeaseRequest wholeGpu(const QString& uuid, int ports = 0, int first = 0, int last = 0) {
  LeaseRequest r;
  r.gpus.push_back({uuid, QStringLiteral("00000000:01:00.0"), 1000 * MiB, 1000 * MiB});
  r.apiPorts = ports;
  r.portFirst = first;
  r.portLast = last;
  r.jobId = QStringLiteral("job-test");
  return r;
}

// Child mode of this executable: ROUNDS times take the whole GPU and one of two ports, prove
// exclusivity with O_EXCL marker files, let go. Prints "taken doubles".
int raceChild(const QString& dir, int rounds, int firstPort) {
  const LeaseStore store(dir);
  int taken = 0, doubles = 0;
  for (int i = 0; i < rounds; ++i) {
    QString error;
    auto lease = store.acquire(wholeGpu(QStringLiteral("GPU-race"), 1, firstPort, firstPort + 1), &error);
    if (!lease) continue;
    ++taken;
    QStringList markers{dir + QStringLiteral("/held-gpu")};
    markers << dir + QStringLiteral("/held-port-%1").arg(lease->record().ports.value(0));
    std::vector<QString> made;
    for (const QString& m : markers) {
      const int fd = ::open(QFile::encodeName(m).constData(), O_CREAT | O_EXCL | O_WRONLY, 0644);
      if (fd < 0) ++doubles;
      else {
        ::close(fd);
        made.push_back(m);
      }
    }
    for (const QString& m : made) QFile::remove(m);
    lease->release();
  }
  std::printf("%d %d\n", taken, doubles);
  return 0;
}

int freePortPair() {
  for (int p = 20000 + (::getpid() % 20000); p < 65000; p += 7)
    if (portBindable(p) && portBindable(p + 1)) return p;
  return 0;
}
}  // namespace

class TestLeases : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void acquireListRelease() {
    QTemporaryDir dir;
    const LeaseStore store(dir.path());
    QString e;
    LeaseRequest r;
    // Two leases may share a GPU while their budgets fit its capacity (origin + quantized on one GPU).
    r.gpus.push_back({QStringLiteral("GPU-a"), {}, 400 * MiB, 1000 * MiB});
    auto a = store.acquire(r, &e);
    QVERIFY2(a, qPrintable(e));
    auto b = store.acquire(r, &e);
    QVERIFY2(b, qPrintable(e));
    QVERIFY(!store.acquire(r, &e));  // 1200 > 1000
    QVERIFY2(e.contains(QStringLiteral("leases already hold 800 MiB")), qPrintable(e));
    QCOMPARE(int(store.list().size()), 2);
    QCOMPARE(store.leasedMemory().value(QStringLiteral("GPU-a")).bytes, 800 * MiB);
    const LeaseRecord& rec = a->record();
    QCOMPARE(rec.pid, qint64(::getpid()));
    QCOMPARE(rec.pidStartTicks, processStartTicks(::getpid()));
    QCOMPARE(rec.bootId, bootId());
    QVERIFY(!rec.osUser.isEmpty());
    a->release();
    QCOMPARE(int(store.list().size()), 1);
    b.reset();  // dropping the object without release(): the record stays but is stale
    QCOMPARE(int(store.list(true).size()), 1);
    QVERIFY(store.list(true).empty());
  }
  void allOrNothingAcrossGpus() {
    QTemporaryDir dir;
    const LeaseStore store(dir.path());
    QString e;
    auto held = store.acquire(wholeGpu(QStringLiteral("GPU-b")), &e);
    QVERIFY(held);
    LeaseRequest two;
    two.gpus.push_back({QStringLiteral("GPU-a"), {}, 1000 * MiB, 1000 * MiB});
    two.gpus.push_back({QStringLiteral("GPU-b"), {}, 1000 * MiB, 1000 * MiB});
    QVERIFY(!store.acquire(two, &e));
    // Nothing of the failed attempt remains: GPU-a is still wholly free.
    QVERIFY(store.acquire(wholeGpu(QStringLiteral("GPU-a")), &e));
  }
  void portsAndVllmBlock() {
    QTemporaryDir dir;
    const LeaseStore store(dir.path());
    const int p = freePortPair();
    QVERIFY(p > 0);
    QString e;
    LeaseRequest r = wholeGpu(QStringLiteral("GPU-p"), 1, p, p + 40);
    r.gpus.clear();
    r.vllmBlock = 16;
    auto a = store.acquire(r, &e);
    QVERIFY2(a, qPrintable(e));
    auto b = store.acquire(r, &e);
    QVERIFY2(b, qPrintable(e));
    QVERIFY(a->record().ports.first() != b->record().ports.first());
    QCOMPARE(a->record().vllmPorts.size(), 16);
    QVERIFY(!b->record().vllmPorts.contains(a->record().vllmPorts.first()));
    QVERIFY(!a->record().vllmPorts.contains(b->record().ports.first()));
    // A port in use by someone outside ct is skipped (bind test).
    QTcpServer busy;
    QVERIFY(busy.listen(QHostAddress::Any, quint16(p + 45)));
    LeaseRequest one = wholeGpu(QStringLiteral("GPU-q"), 1, p + 45, p + 45);
    one.gpus.clear();
    QVERIFY(!store.acquire(one, &e));
    QVERIFY2(e.contains(QStringLiteral("no free port")), qPrintable(e));
  }
  void twoProcessRace() {
    // Two processes × ROUNDS on one folder: every round tries for the whole GPU and a port.
    QTemporaryDir dir;
    const int rounds = qEnvironmentVariableIntValue("CT_LEASE_RACE_ROUNDS") > 0 ? qEnvironmentVariableIntValue("CT_LEASE_RACE_ROUNDS") : 1000;
    const int p = freePortPair();
    QProcess a, b;
    for (QProcess* c : {&a, &b})
      c->start(QCoreApplication::applicationFilePath(), {QStringLiteral("--race-child"), dir.path(), QString::number(rounds), QString::number(p)});
    int taken = 0, doubles = 0;
    for (QProcess* c : {&a, &b}) {
      QVERIFY(c->waitForFinished(120000));
      const QList<QByteArray> f = c->readAllStandardOutput().trimmed().split(' ');
      QCOMPARE(f.size(), 2);
      taken += f[0].toInt();
      doubles += f[1].toInt();
    }
    qInfo("race: %d rounds x 2 processes, %d leases taken, %d double allocations", rounds, taken, doubles);
    QCOMPARE(doubles, 0);
    QVERIFY(taken > 0);  // the two are not in step, so how many succeed varies; none may overlap
  }
  void killedHolderFreesAtOnce() {
    QTemporaryDir dir;
    QProcess holder;
    holder.start(QStringLiteral(CT_BIN_PATH), {QStringLiteral("lease"), QStringLiteral("hold"), QStringLiteral("--dir"), dir.path(),
                                               QStringLiteral("--gpu"), QStringLiteral("GPU-k@00000000:01:00.0=1000/1000"),
                                               QStringLiteral("--job"), QStringLiteral("job-k")});
    QVERIFY(holder.waitForReadyRead(10000));
    const QJsonObject o = QJsonDocument::fromJson(holder.readLine()).object();
    QVERIFY2(o.value(QStringLiteral("ok")).toBool(), qPrintable(QJsonDocument(o).toJson()));
    QCOMPARE(qint64(o.value(QStringLiteral("pid")).toDouble()), holder.processId());
    const LeaseStore store(dir.path());
    QString e;
    QVERIFY(!store.acquire(wholeGpu(QStringLiteral("GPU-k")), &e));
    ::kill(pid_t(holder.processId()), SIGKILL);
    QVERIFY(holder.waitForFinished(5000));
    // No wait, no expiry: the kernel dropped the lock with the process.
    auto l = store.acquire(wholeGpu(QStringLiteral("GPU-k")), &e);
    QVERIFY2(l, qPrintable(e));
  }
  void releaseEndsHolder() {
    QTemporaryDir dir;
    QProcess holder;
    holder.start(QStringLiteral(CT_BIN_PATH), {QStringLiteral("lease"), QStringLiteral("hold"), QStringLiteral("--dir"), dir.path(),
                                               QStringLiteral("--gpu"), QStringLiteral("GPU-r=1000/1000")});
    QVERIFY(holder.waitForReadyRead(10000));
    const QString id = QJsonDocument::fromJson(holder.readLine()).object().value(QStringLiteral("id")).toString();
    const LeaseStore store(dir.path());
    QString e;
    QVERIFY2(store.release(id, &e), qPrintable(e));
    QVERIFY(holder.waitForFinished(5000));
    QVERIFY(store.list(true).empty());
    QVERIFY(!store.release(QStringLiteral("nope"), &e));
    QVERIFY(e.contains(QStringLiteral("no lease 'nope'")));
  }
  void staleRecordRecovered() {
    // A record left by a holder that is gone (its lock file unlocked): the next reader removes it
    // and its budget no longer counts.
    QTemporaryDir dir;
    LeaseRecord r;
    r.id = QStringLiteral("20260101000000-deadbeef00");
    r.pid = 999999;
    r.gpus.push_back({QStringLiteral("GPU-s"), {}, 1000 * MiB, 0});
    QFile f(dir.filePath(QStringLiteral("lease-%1.json").arg(r.id)));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(r.toJson()).toJson());
    f.close();
    const LeaseStore store(dir.path());
    const auto all = store.list(true);
    QCOMPARE(int(all.size()), 1);
    QVERIFY(all.front().stale);
    QVERIFY(!QFile::exists(f.fileName()));
    QString e;
    QVERIFY(store.acquire(wholeGpu(QStringLiteral("GPU-s")), &e));
  }
};

int main(int argc, char** argv) {
  if (argc == 5 && qstrcmp(argv[1], "--race-child") == 0)
    return raceChild(QString::fromLocal8Bit(argv[2]), QByteArray(argv[3]).toInt(), QByteArray(argv[4]).toInt());
  QCoreApplication app(argc, argv);
  TestLeases t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_leases.moc"
