#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/wait.h>
#include <unistd.h>

#include "jobs/job_store.h"

using namespace ct::jobs;

class TestJobStore : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString db() const { return dir_.filePath(QStringLiteral("jobs.sqlite")); }

  static JobRecord sample(const QString& id, JobState state = JobState::Succeeded) {
    JobRecord r;
    r.id = id;
    r.kind = QStringLiteral("quantize");
    r.params = QJsonObject{{QStringLiteral("bits"), 4}, {QStringLiteral("model"), QStringLiteral("/m/Qwen2.5-7B")}};
    r.state = state;
    r.created = QDateTime::currentDateTimeUtc();
    r.started = r.created.addSecs(1);
    r.finished = r.created.addSecs(90);
    r.done = 28;
    r.total = 28;
    r.unit = QStringLiteral("layers");
    r.result = QJsonObject{{QStringLiteral("out"), QStringLiteral("/m/out")}};
    r.logPath = QStringLiteral("/tmp/x.log");
    r.pid = 4242;
    r.host = thisHost();
    return r;
  }

 private Q_SLOTS:
  void survivesRestart() {
    const JobRecord r = sample(QStringLiteral("20260101-000000-aaaaaa"));
    {
      JobStore s(db());
      QString error;
      QVERIFY2(s.open(&error), qPrintable(error));
      QVERIFY(s.save(r));
    }
    JobStore again(db());
    QVERIFY(again.open(nullptr));
    const auto back = again.get(r.id);
    QVERIFY(back.has_value());
    QCOMPARE(back->toJson(), r.toJson());
  }

  // `ct jobs list` and every job open the history: when it is already prepared, that must not
  // write (a write costs several fsyncs, tens of milliseconds on a busy disk, at every start).
  void openingAPreparedHistoryWritesNothing() {
    const QString path = dir_.filePath(QStringLiteral("quiet.sqlite"));
    {
      JobStore s(path);
      QVERIFY(s.open(nullptr));
      QVERIFY(s.save(sample(QStringLiteral("20260101-000000-bbbbbb"))));
    }
    const QDateTime before = QFileInfo(path).lastModified();
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    f.close();
    QTest::qWait(20);
    {
      JobStore s(path);
      QVERIFY(s.open(nullptr));
      QCOMPARE(s.list(10).size(), 1);
      QCOMPARE(s.reapLost(), 0);
    }
    QCOMPARE(QFileInfo(path).lastModified(), before);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), bytes);
  }
  void listsNewestFirstAndByPrefix() {
    JobStore s(db());
    QVERIFY(s.open(nullptr));
    JobRecord a = sample(QStringLiteral("20260102-000000-bbbbbb"));
    a.created = QDateTime::currentDateTimeUtc().addDays(1);
    QVERIFY(s.save(a));
    const auto all = s.list(10);
    QVERIFY(all.size() >= 2);
    QCOMPARE(all.first().id, a.id);
    QCOMPARE(s.list(10, QStringLiteral("20260102")).size(), 1);
    QCOMPARE(s.list(10, QStringLiteral("%")).size(), 0);  // LIKE wildcards are literal
    QVERIFY(s.remove(a.id));
    QVERIFY(!s.get(a.id));
  }

  void reapsJobsWhoseProcessIsGone() {
    JobStore s(db());
    QVERIFY(s.open(nullptr));
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);  // a pid that surely ran and is surely gone
    JobRecord dead = sample(QStringLiteral("20260103-000000-cccccc"), JobState::Running);
    dead.pid = child;
    JobRecord alive = sample(QStringLiteral("20260103-000000-dddddd"), JobState::Running);
    alive.pid = ::getpid();
    QVERIFY(s.save(dead));
    QVERIFY(s.save(alive));
    QCOMPARE(s.reapLost(), 1);
    QCOMPARE(s.get(dead.id)->state, JobState::Failed);
    QCOMPARE(s.get(dead.id)->errorCode, QStringLiteral("lost"));
    QCOMPARE(s.get(alive.id)->state, JobState::Running);
  }

  void refusesNewerSchema() {
    const QString path = dir_.filePath(QStringLiteral("future.sqlite"));
    {
      QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("future"));
      d.setDatabaseName(path);
      QVERIFY(d.open());
      QSqlQuery(d).exec(QStringLiteral("PRAGMA user_version=99"));
      d.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("future"));
    JobStore s(path);
    QString error;
    QVERIFY(!s.open(&error));
    QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));
  }
};

QTEST_GUILESS_MAIN(TestJobStore)
#include "tst_job_store.moc"
