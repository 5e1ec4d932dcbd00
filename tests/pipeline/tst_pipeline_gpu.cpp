// A pipeline with GPU-host stages through a real sshd: the demo model's origin and its int4
// variant deployed side by side with the stand-in vLLM on the recorded 4× H100 host, each scored
// through its tunnel, left up as the recipe asks, listed with the run, then stopped with
// `ct pipeline stop`.
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include "../deploy/deploy_host.h"
#include "ct_run.h"
#include "private_keyring.h"

using namespace ct::test;

class TstPipelineGpu : public QObject {
  Q_OBJECT
  PrivateKeyring keyring_;
  DeployHost host_;
  QTemporaryDir work_;

  RemoteTestEnv::CtResult ct(const QStringList& args, int timeoutMs = 120000) { return host_.env.ct(args, timeoutMs); }

  QString recipe(const QString& name, int tp = 0) {
    QJsonObject deploy{{QStringLiteral("host"), QStringLiteral("gpuhost")}, {QStringLiteral("models"), QJsonArray{QStringLiteral("origin"), QStringLiteral("int4")}},
                       {QStringLiteral("gpus"), QStringLiteral("1")},      {QStringLiteral("memory"), 20},
                       {QStringLiteral("max_model_len"), 512},            {QStringLiteral("timeout"), 60}};
    if (tp) deploy.insert(QStringLiteral("tensor_parallel_size"), tp);
    const QJsonObject r{{QStringLiteral("recipe_version"), 1},
                        {QStringLiteral("name"), name},
                        {QStringLiteral("targets"), QStringLiteral("gpu")},
                        {QStringLiteral("model"), QJsonObject{{QStringLiteral("path"), demoModel()}}},
                        {QStringLiteral("quantize"), QJsonObject{{QStringLiteral("variants"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("int4")}, {QStringLiteral("group_size"), 32},
                                                                                                                       {QStringLiteral("nsamples"), 4}}}}}},
                        {QStringLiteral("deploy"), deploy},
                        {QStringLiteral("evaluate"), QJsonObject{{QStringLiteral("tasks"), QJsonArray{QStringLiteral("demo")}}, {QStringLiteral("limit"), 6}}},
                        {QStringLiteral("services"), QJsonObject{{QStringLiteral("keep_running"), true}}}};
    const QString path = work_.filePath(name + QStringLiteral(".json"));
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(QJsonDocument(r).toJson());
    return path;
  }

 private Q_SLOTS:
  void initTestCase() {
    QString error;
    QVERIFY2(keyring_.start(&error), qPrintable(error));
    QVERIFY2(host_.start(&error), qPrintable(error));
    host_.env.applyToThisProcess();
  }

  void planProblemsNameTheirField() {
    const auto v = ct({QStringLiteral("pipeline"), QStringLiteral("validate"), recipe(QStringLiteral("tp3"), 3), QStringLiteral("--json")});
    QCOMPARE(v.code, 1);
    QVERIFY2(v.out.contains("deploy.tensor_parallel_size"), v.all().constData());
  }

  void deploysScoresAndKeepsBothUp() {
    const auto run = ct({QStringLiteral("pipeline"), QStringLiteral("run"), recipe(QStringLiteral("gp")), QStringLiteral("--json")}, 400000);
    QVERIFY2(run.code == 0, run.all().right(4000).constData());
    QJsonObject result;
    for (const QByteArray& line : run.out.split('\n')) {
      const QJsonObject o = QJsonDocument::fromJson(line).object();
      if (o.value(QStringLiteral("type")) == QLatin1String("result")) result = o.value(QStringLiteral("result")).toObject();
    }
    const QString id = result.value(QStringLiteral("run")).toString();
    const QJsonArray services = result.value(QStringLiteral("services")).toArray();
    QCOMPARE(services.size(), 2);
    for (const QJsonValue s : services) {
      QVERIFY(!s[QStringLiteral("deployment")].toString().isEmpty());
      QVERIFY(s[QStringLiteral("url")].toString().startsWith(QStringLiteral("http://127.0.0.1:")));
    }
    QFile rep(result.value(QStringLiteral("report_json")).toString());
    QVERIFY(rep.open(QIODevice::ReadOnly));
    const QJsonObject report = QJsonDocument::fromJson(rep.readAll()).object();
    QCOMPARE(report.value(QStringLiteral("endpoints")).toArray().size(), 2);
    QVERIFY(report[QStringLiteral("comparison")][QStringLiteral("tasks")][QStringLiteral("demo")][QStringLiteral("acc,none")][QStringLiteral("int4")].isObject());
    QVERIFY(report[QStringLiteral("comparison")][QStringLiteral("agreement")][QStringLiteral("int4")][QStringLiteral("top1_agreement")].toDouble() > 0.5);

    const auto list = ct({QStringLiteral("deploy"), QStringLiteral("list"), QStringLiteral("--json")});
    QVERIFY2(list.out.contains("gp-origin") && list.out.contains("gp-int4") && list.out.contains("ready"), list.all().constData());
    const auto status = ct({QStringLiteral("pipeline"), QStringLiteral("status"), id});
    QVERIFY2(status.out.contains("deployment gp-int4"), status.all().constData());

    const auto stop = ct({QStringLiteral("pipeline"), QStringLiteral("stop"), id}, 300000);
    QVERIFY2(stop.code == 0, stop.all().constData());
    const auto after = ct({QStringLiteral("deploy"), QStringLiteral("list"), QStringLiteral("--json")});
    QVERIFY2(!after.out.contains("\"ready\""), after.all().constData());
    const auto leases = ct({QStringLiteral("leases"), QStringLiteral("gpuhost")});
    QVERIFY2(leases.out.contains("no leases"), leases.all().constData());
  }
};

QTEST_GUILESS_MAIN(TstPipelineGpu)
#include "tst_pipeline_gpu.moc"
