#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "eval/tool_runner.h"

using namespace ct::eval;

// Command lines for lm_eval and evalplus.evaluate, their progress output, the hang guard, and
// `ct eval --framework …` driving stand-ins that speak the tools' real formats.
class TestToolRunner : public QObject {
  Q_OBJECT

  static QJsonObject lastResult(const QByteArray& jsonLines) {
    QJsonObject last;
    for (const QByteArray& l : jsonLines.split('\n')) {
      const QJsonObject o = QJsonDocument::fromJson(l).object();
      if (o.value(QStringLiteral("type")).toString() == QLatin1String("result")) last = o;
    }
    return last;
  }

 private Q_SLOTS:
  void lmEvalCommandLines() {
    LmEvalRun r;
    r.model = QStringLiteral("demo-int4");
    r.baseUrl = QStringLiteral("http://10.0.0.5:8000/v1/");
    r.tokenizer = QStringLiteral("/models/q4");
    r.tasks = {QStringLiteral("arc_easy"), QStringLiteral("gsm8k_cot")};
    r.limit = 50;
    r.maxLength = 4096;
    r.outputPath = QStringLiteral("/tmp/out");
    QCOMPARE(lmEvalArguments(r), (QStringList{QStringLiteral("--model"), QStringLiteral("local-completions"), QStringLiteral("--model_args"),
                                              QStringLiteral("model=demo-int4,base_url=http://10.0.0.5:8000/v1/completions,num_concurrent=4,max_retries=3,tokenizer=/models/q4,max_length=4096"),
                                              QStringLiteral("--tasks"), QStringLiteral("arc_easy,gsm8k_cot"), QStringLiteral("--output_path"), QStringLiteral("/tmp/out"),
                                              QStringLiteral("--seed"), QStringLiteral("1234"), QStringLiteral("--limit"), QStringLiteral("50")}));
    r.backend = QStringLiteral("vllm");
    r.model = QStringLiteral("/models/q4");
    r.numFewshot = 5;
    const QStringList v = lmEvalArguments(r);
    QCOMPARE(v[3], QStringLiteral("pretrained=/models/q4"));
    QVERIFY(v.contains(QStringLiteral("--num_fewshot")) && v.contains(QStringLiteral("auto")));
    r.backend = QStringLiteral("local-chat-completions");
    QVERIFY(lmEvalArguments(r).contains(QStringLiteral("--apply_chat_template")));
    QVERIFY(lmEvalArguments(r)[3].contains(QStringLiteral("/v1/chat/completions")));
    QCOMPARE(lmEvalSanitizedModel(QStringLiteral("/models/Qwen/Qwen2.5-7B")), QStringLiteral("__models__Qwen__Qwen2.5-7B"));
  }

  void evalPlusCommandLinesAndPaths() {
    EvalPlusRun r;
    r.model = QStringLiteral("Qwen/Qwen2.5-7B-Instruct");
    r.baseUrl = QStringLiteral("http://h:8000/v1");
    r.root = QStringLiteral("/tmp/ep");
    QCOMPARE(evalPlusArguments(r), (QStringList{QStringLiteral("--model"), QStringLiteral("Qwen/Qwen2.5-7B-Instruct"), QStringLiteral("--dataset"), QStringLiteral("humaneval"),
                                                QStringLiteral("--backend"), QStringLiteral("openai"), QStringLiteral("--greedy"), QStringLiteral("--base-url"),
                                                QStringLiteral("http://h:8000/v1"), QStringLiteral("--root"), QStringLiteral("/tmp/ep")}));
    QCOMPARE(evalPlusSamplesPath(r), QStringLiteral("/tmp/ep/humaneval/Qwen--Qwen2.5-7B-Instruct_openai_temp_0.0.jsonl"));
    r.model = QStringLiteral("./models/x/");
    QCOMPARE(evalPlusSamplesPath(r), QStringLiteral("/tmp/ep/humaneval/models--x_openai_temp_0.0.jsonl"));
  }

  void progressAndHangs() {
    const auto p = parseTqdm(QStringLiteral("Requesting API:   0%|          | 0/400\rRequesting API:  42%|####      | 168/400 [00:10<00:14, 16.2it/s]"));
    QVERIFY(p);
    QCOMPARE(p->done, 168.0);
    QCOMPARE(p->total, 400.0);
    QCOMPARE(p->stage, QStringLiteral("Requesting API"));
    QVERIFY(!parseTqdm(QStringLiteral("2025-01-01:10:00:00 INFO [x.py:1] Running loglikelihood requests")));
    HangGuard g;
    QVERIFY(!g.feed(QStringLiteral("Error code: 401 - bad key")));
    QVERIFY(!g.feed(QStringLiteral("Error code: 401 - bad key")));
    const auto why = g.feed(QStringLiteral("Error code: 401 - bad key"));
    QVERIFY(why && why->contains(QStringLiteral("retries forever")));
    HangGuard y;
    QVERIFY(y.feed(QStringLiteral("x.eval_results.json already exists. Press [Y/N] to overwrite or exit...")));
  }

  void ctEvalRunsLmEval() {
    QTemporaryDir dir;
    QProcess ct;
    ct.start(QStringLiteral(CT_BIN_PATH), {QStringLiteral("eval"), QStringLiteral("--json"), QStringLiteral("--framework"), QStringLiteral("lm-eval"), QStringLiteral("--api-key-stdin"),
                                           QStringLiteral("--program"), QStringLiteral(CT_SOURCE_DIR "/tests/eval/fake_lm_eval.py"),
                                           QStringLiteral("--endpoint"), QStringLiteral("http://127.0.0.1:9/v1"), QStringLiteral("--model"), QStringLiteral("Org/demo-int4"),
                                           QStringLiteral("--tasks"), QStringLiteral("arc_easy,hellaswag"),
                                           QStringLiteral("--limit"), QStringLiteral("5"), QStringLiteral("--out"), dir.path()});
    ct.write("sekret\n");
    ct.closeWriteChannel();
    QVERIFY(ct.waitForFinished(60000));
    const QByteArray out = ct.readAllStandardOutput();
    QCOMPARE(ct.exitCode(), 0);
    const QJsonObject r = lastResult(out).value(QStringLiteral("result")).toObject();
    QCOMPARE(r[QStringLiteral("results")][QStringLiteral("arc_easy")][QStringLiteral("acc,none")].toDouble(), 0.5);
    QVERIFY(r[QStringLiteral("tool_results_file")].toString().contains(QStringLiteral("Org__demo-int4/results_")));
    QVERIFY(out.contains("\"type\":\"progress\""));  // tqdm bars became progress events
    QFile tool(r[QStringLiteral("tool_results_file")].toString());
    QVERIFY(tool.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(tool.readAll())[QStringLiteral("ct_fake_env_key")].toString(), QStringLiteral("sekret"));  // key via env
    QVERIFY(!out.contains("sekret"));  // never on a command line we log
  }

  void ctEvalReportsToolFailure() {
    QTemporaryDir dir;
    QProcess ct;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FAKE_MODE"), QStringLiteral("crash"));
    ct.setProcessEnvironment(env);
    ct.start(QStringLiteral(CT_BIN_PATH), {QStringLiteral("eval"), QStringLiteral("--framework"), QStringLiteral("lm-eval"), QStringLiteral("--program"),
                                           QStringLiteral(CT_SOURCE_DIR "/tests/eval/fake_lm_eval.py"), QStringLiteral("--endpoint"), QStringLiteral("http://127.0.0.1:9/v1"),
                                           QStringLiteral("--model"), QStringLiteral("m"), QStringLiteral("--tasks"), QStringLiteral("nope"), QStringLiteral("--out"), dir.path()});
    QVERIFY(ct.waitForFinished(60000));
    QVERIFY(ct.exitCode() != 0);
    QVERIFY(ct.readAllStandardError().contains("exit code 1"));
  }

  void ctEvalRunsEvalPlusAndStopsItsEndlessRetries() {
    QTemporaryDir dir;
    const QStringList base{QStringLiteral("eval"), QStringLiteral("--json"), QStringLiteral("--framework"), QStringLiteral("evalplus"), QStringLiteral("--program"),
                           QStringLiteral(CT_SOURCE_DIR "/tests/eval/fake_evalplus.py"), QStringLiteral("--endpoint"), QStringLiteral("http://127.0.0.1:9/v1"),
                           QStringLiteral("--model"), QStringLiteral("Org/coder"), QStringLiteral("--tasks"), QStringLiteral("humaneval"), QStringLiteral("--out"), dir.path()};
    QProcess ok;
    ok.start(QStringLiteral(CT_BIN_PATH), base);
    QVERIFY(ok.waitForFinished(60000));
    QCOMPARE(ok.exitCode(), 0);
    const QJsonObject r = lastResult(ok.readAllStandardOutput()).value(QStringLiteral("result")).toObject();
    QCOMPARE(r[QStringLiteral("results")][QStringLiteral("humaneval")][QStringLiteral("pass@1,base")].toDouble(), 0.75);
    QCOMPARE(r[QStringLiteral("results")][QStringLiteral("humaneval")][QStringLiteral("pass@1,plus")].toDouble(), 0.5);

    QProcess stuck;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FAKE_MODE"), QStringLiteral("401"));
    stuck.setProcessEnvironment(env);
    QElapsedTimer t;
    t.start();
    stuck.start(QStringLiteral(CT_BIN_PATH), base);
    QVERIFY(stuck.waitForFinished(60000));
    QVERIFY(t.elapsed() < 30000);
    QVERIFY(stuck.exitCode() != 0);
    QVERIFY(stuck.readAllStandardOutput().contains("retries forever"));
  }
};

QTEST_GUILESS_MAIN(TestToolRunner)
#include "tst_tool_runner.moc"
