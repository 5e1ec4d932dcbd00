#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include "jobs/event.h"
#include "remote_test_env.h"
#include "sshd_fixture.h"
#include "stand_ins.h"

using ct::test::RemoteTestEnv;
using ct::test::SshdFixture;

// Stages on a GPU host: lm-eval and EvalPlus (the evaluation tests' stand-ins, speaking the real
// tools' command lines and result files) run as remote jobs and their results come back;
// ct quantize --on runs ct there, or GPTQModel (a stand-in package) when ct is not there.
class TestRemoteStages : public QObject {
  Q_OBJECT
  RemoteTestEnv env_;
  SshdFixture sshd_{ct::test::SshdOptions{{{QStringLiteral("PYTHONPATH"), QStringLiteral(CT_SOURCE_DIR "/tests/remote/fake_gptqmodel")},
                                           {QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1")}},
                                          {},
                                          QStringLiteral("VERBOSE"),
                                          true}};

  QList<ct::jobs::Event> events(const QByteArray& out) {
    QList<ct::jobs::Event> list;
    for (const QByteArray& line : out.split('\n'))
      if (auto e = ct::jobs::Event::parseLine(line, nullptr)) list << *e;
    return list;
  }
  QJsonObject result(const QByteArray& out) {
    for (const auto& e : events(out))
      if (e.type == ct::jobs::Event::Type::Result) return e.result;
    return {};
  }
  static QByteArray readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  }
  QByteArray allRemoteArgv() {
    QByteArray all;
    QDirIterator it(sshd_.dir() + QStringLiteral("/work/jobs"), {QStringLiteral("argv")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) all += readFile(it.next());
    return all;
  }

 private Q_SLOTS:
  void initTestCase() {
    env_.applyToThisProcess();
    QString error;
    QVERIFY2(sshd_.start(&error), qPrintable(error));
    QVERIFY(ct::test::installStandIns(sshd_));
    QCOMPARE(env_.ct(RemoteTestEnv::addFlags(env_.profileFor(sshd_, QStringLiteral("gpu")))).code, 0);
  }

  void lmEvalRunsOnTheHostAndItsResultsComeBack() {
    const QString out = env_.path(QStringLiteral("lm"));
    const QString keyFile = env_.path(QStringLiteral("api-key"));
    {
      QFile f(keyFile);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
      f.write("sk-remote-secret\n");
    }
    const auto r = env_.ct({QStringLiteral("eval"), QStringLiteral("--framework"), QStringLiteral("lm-eval"), QStringLiteral("--on"), QStringLiteral("gpu"), QStringLiteral("--tasks"),
                            QStringLiteral("arc_easy,hellaswag"), QStringLiteral("--endpoint"), QStringLiteral("http://127.0.0.1:8000/v1"), QStringLiteral("--model"),
                            QStringLiteral("Qwen/Qwen2.5-7B-Instruct"), QStringLiteral("--limit"), QStringLiteral("5"), QStringLiteral("--api-key-file"), keyFile,
                            QStringLiteral("--out"), out, QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.all().constData());
    const QJsonObject res = result(r.out);
    const QJsonObject arc = res.value(QStringLiteral("results")).toObject().value(QStringLiteral("arc_easy")).toObject();
    QCOMPARE(arc.value(QStringLiteral("acc,none")).toDouble(), 0.5);
    const QString toolFile = res.value(QStringLiteral("tool_results_file")).toString();
    QVERIFY2(toolFile.startsWith(out), qPrintable(toolFile));
    // The key reached the tool through its environment (the stand-in records it), and never a
    // command line or a file of the job on the host.
    QCOMPARE(QJsonDocument::fromJson(readFile(toolFile)).object().value(QStringLiteral("ct_fake_env_key")).toString(), QStringLiteral("sk-remote-secret"));
    QVERIFY(!allRemoteArgv().contains("sk-remote-secret"));
    bool tqdm = false;
    for (const auto& e : events(r.out)) tqdm = tqdm || (e.type == ct::jobs::Event::Type::Progress && e.stage == QLatin1String("Requesting API"));
    QVERIFY(tqdm);
  }

  void evalPlusRunsOnTheHost() {
    const QString out = env_.path(QStringLiteral("ep"));
    const auto r = env_.ct({QStringLiteral("eval"), QStringLiteral("--framework"), QStringLiteral("evalplus"), QStringLiteral("--on"), QStringLiteral("gpu"), QStringLiteral("--tasks"),
                            QStringLiteral("humaneval,mbpp"), QStringLiteral("--endpoint"), QStringLiteral("http://127.0.0.1:8000/v1"), QStringLiteral("--model"),
                            QStringLiteral("Qwen/Qwen2.5-7B-Instruct"), QStringLiteral("--out"), out, QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.all().constData());
    const QJsonObject results = result(r.out).value(QStringLiteral("results")).toObject();
    QVERIFY2(results.contains(QStringLiteral("humaneval")) && results.contains(QStringLiteral("mbpp")), QJsonDocument(results).toJson().constData());
    const QJsonObject he = results.value(QStringLiteral("humaneval")).toObject();
    QCOMPARE(he.value(QStringLiteral("pass@1,base")).toDouble(), 0.75);
    QCOMPARE(he.value(QStringLiteral("pass@1,plus")).toDouble(), 0.5);
  }

  void quantizeWithCtOnTheHostThenPull() {
    const QString pulled = env_.path(QStringLiteral("q4-local"));
    const QString remoteOut = sshd_.dir() + QStringLiteral("/work/q4");
    const auto r = env_.ct({QStringLiteral("quantize"), QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"), QStringLiteral("--on"), QStringLiteral("gpu"), QStringLiteral("--out"), remoteOut,
                            QStringLiteral("--nsamples"), QStringLiteral("8"), QStringLiteral("--seqlen"), QStringLiteral("64"), QStringLiteral("--pull"), pulled, QStringLiteral("--json")},
                           300000);
    QVERIFY2(r.code == 0, r.all().constData());
    int modules = 0;
    for (const auto& e : events(r.out))
      if (e.type == ct::jobs::Event::Type::Log && e.data.contains(QStringLiteral("err")) && e.data.contains(QStringLiteral("module"))) ++modules;
    QCOMPARE(modules, 4 * 7);  // the demo model's 4 layers, per module, as a local run reports them
    const QJsonObject res = result(r.out);
    QCOMPARE(res.value(QStringLiteral("engine")).toString(), QStringLiteral("ct"));
    QCOMPARE(res.value(QStringLiteral("bits")).toInt(), 4);
    QVERIFY(QFileInfo::exists(remoteOut + QStringLiteral("/model.safetensors")));
    QCOMPARE(readFile(pulled + QStringLiteral("/model.safetensors")), readFile(remoteOut + QStringLiteral("/model.safetensors")));
    QCOMPARE(QJsonDocument::fromJson(readFile(pulled + QStringLiteral("/quantize_config.json"))).object().value(QStringLiteral("bits")).toInt(), 4);
  }

  void quantizeWithGptqModelWhenCtIsMissing() {
    auto p = env_.profileFor(sshd_, QStringLiteral("gptqhost"));
    p.tools.insert(QStringLiteral("ct"), QStringLiteral("/nonexistent/ct"));
    QCOMPARE(env_.ct(RemoteTestEnv::addFlags(p)).code, 0);
    const QString calib = sshd_.dir() + QStringLiteral("/calib.txt");
    QFile f(calib);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("The quick brown fox.\n\nSecond paragraph of calibration text.\n\nThird one.\n");
    f.close();
    const QString remoteOut = sshd_.dir() + QStringLiteral("/work/q-gptqmodel");
    const auto r = env_.ct({QStringLiteral("quantize"), QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"), QStringLiteral("--on"), QStringLiteral("gptqhost"), QStringLiteral("--out"),
                            remoteOut, QStringLiteral("--bits"), QStringLiteral("8"), QStringLiteral("--group-size"), QStringLiteral("64"), QStringLiteral("--desc-act"),
                            QStringLiteral("--damp"), QStringLiteral("0.02"), QStringLiteral("--calib"), calib, QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.all().constData());
    QList<QJsonObject> rows;
    int progress = 0;
    for (const auto& e : events(r.out)) {
      if (e.type == ct::jobs::Event::Type::Log && e.data.contains(QStringLiteral("loss")) && e.data.contains(QStringLiteral("module"))) rows << e.data;
      if (e.type == ct::jobs::Event::Type::Progress && e.unit == QLatin1String("modules")) ++progress;
    }
    QCOMPARE(rows.size(), 4 * 7);
    QCOMPARE(progress, 4 * 7);
    QCOMPARE(rows.first().value(QStringLiteral("layer")).toInt(), 0);
    QCOMPARE(rows.first().value(QStringLiteral("layers")).toInt(), 4);
    QCOMPARE(rows.first().value(QStringLiteral("module")).toString(), QStringLiteral("self_attn.k_proj"));
    QCOMPARE(rows.first().value(QStringLiteral("damp")).toDouble(), 0.02);
    QVERIFY(rows.last().value(QStringLiteral("loss")).toDouble() > 0);
    const QJsonObject res = result(r.out);
    QCOMPARE(res.value(QStringLiteral("engine")).toString(), QStringLiteral("gptqmodel"));
    // GPTQModel's own QuantizeConfig was built from our options and written into the checkpoint.
    const QJsonObject qc = QJsonDocument::fromJson(readFile(remoteOut + QStringLiteral("/quantize_config.json"))).object();
    QCOMPARE(qc.value(QStringLiteral("bits")).toInt(), 8);
    QCOMPARE(qc.value(QStringLiteral("group_size")).toInt(), 64);
    QCOMPARE(qc.value(QStringLiteral("desc_act")).toBool(), true);
    QCOMPARE(qc.value(QStringLiteral("sym")).toBool(), true);
    QCOMPARE(qc.value(QStringLiteral("meta")).toObject().value(QStringLiteral("damp_percent")).toDouble(), 0.02);
    QCOMPARE(qc.value(QStringLiteral("meta")).toObject().value(QStringLiteral("true_sequential")).toBool(), true);
    QVERIFY(!QFileInfo::exists(remoteOut + QStringLiteral(".partial")));
  }

  void cleanupTestCase() {
    sshd_.stop();
    QVERIFY(sshd_.sessionProcesses().isEmpty());
  }
};

QTEST_GUILESS_MAIN(TestRemoteStages)
#include "tst_remote_stages.moc"
