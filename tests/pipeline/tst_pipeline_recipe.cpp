// Recipes without running anything: defaults derived from the model, structural checks that list
// every mistake, the stage graph each target set makes, and the report's HTML.
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include "pipeline/calibration_text.h"
#include "pipeline/plan.h"
#include "pipeline/recipe.h"
#include "pipeline/recipe_init.h"
#include "pipeline/report.h"

using namespace ct::pipeline;

class TstPipelineRecipe : public QObject {
  Q_OBJECT
  const QString demo_ = QStringLiteral(CT_SOURCE_DIR "/resources/demo-model");

  static QStringList names(const QList<StagePlan>& plan) {
    QStringList out;
    for (const StagePlan& s : plan) out << s.name;
    return out;
  }
  static const StagePlan* find(const QList<StagePlan>& plan, const QString& n) {
    for (const StagePlan& s : plan)
      if (s.name == n) return &s;
    return nullptr;
  }

 private Q_SLOTS:
  void initFillsEveryDefaultFromTheModel() {
    QString error;
    const auto json = initialRecipe({demo_, {}, QStringLiteral("both"), QStringLiteral("gpu1"), {}, QStringLiteral(CT_SOURCE_DIR "/resources/eval-samples")}, &error);
    QVERIFY2(json, qPrintable(error));
    QList<Problem> problems;
    const auto r = parseRecipe(*json, &problems);
    QVERIFY2(r, qPrintable(describeProblems(problems)));
    QCOMPARE(r->variants.size(), 1);
    // The demo model's widths (64, 128) take group 32 at most... or larger where they divide.
    const int group = r->variants.first().options.value(QStringLiteral("group_size")).toInt();
    QVERIFY(group == 32 || group == 64 || group == 128);
    QVERIFY(json->value(QStringLiteral("quantize"))[QStringLiteral("why")][QStringLiteral("group_size")].toString().contains(QString::number(group)));
    QCOMPARE(r->deploy.value(QStringLiteral("host")).toString(), QStringLiteral("gpu1"));
    QVERIFY(r->deploy.value(QStringLiteral("max_model_len")).toInt() > 0);
    QVERIFY(json->value(QStringLiteral("deploy"))[QStringLiteral("why")][QStringLiteral("tensor_parallel_size")].toString().contains(QStringLiteral("heads")));
    // Only tasks with data in the bundled samples: five mmlu subjects, not 57.
    const QJsonArray tasks = r->evaluate.value(QStringLiteral("tasks")).toArray();
    QVERIFY(tasks.contains(QStringLiteral("mmlu_anatomy")) && tasks.contains(QStringLiteral("arc_easy")) && !tasks.contains(QStringLiteral("mmlu_virology")));
    QCOMPARE(r->evaluatedModels(), (QStringList{QStringLiteral("origin"), QStringLiteral("int4"), QStringLiteral("board")}));
    QVERIFY(!initialRecipe({QStringLiteral("/nonexistent"), {}, QStringLiteral("both"), {}, {}, {}}, &error));
    QVERIFY(error.contains(QStringLiteral("config.json")));
    QVERIFY(!initialRecipe({demo_, {}, QStringLiteral("tpu"), {}, {}, {}}, &error));
  }

  void mistakesAreAllListedWithTheirFields() {
    QJsonObject j{{QStringLiteral("recipe_version"), 2},
                  {QStringLiteral("name"), QStringLiteral("has space")},
                  {QStringLiteral("targets"), QStringLiteral("gpu")},
                  {QStringLiteral("model"), QJsonObject{{QStringLiteral("path"), demo_}, {QStringLiteral("colour"), 1}}},
                  {QStringLiteral("quantize"), QJsonObject{{QStringLiteral("variants"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("origin")}, {QStringLiteral("bits"), QStringLiteral("four")}}}}}},
                  {QStringLiteral("evaluate"), QJsonObject{{QStringLiteral("framework"), QStringLiteral("helm")}}}};
    QList<Problem> problems;
    QVERIFY(!parseRecipe(j, &problems));
    QStringList fields;
    for (const Problem& p : problems) fields << p.field;
    for (const char* f : {"recipe_version", "name", "model.colour", "quantize.variants[0].bits", "quantize.variants[0].name", "deploy.host", "evaluate.framework"})
      QVERIFY2(fields.contains(QLatin1String(f)), qPrintable(QStringLiteral("%1 missing from %2").arg(QLatin1String(f), fields.join(QStringLiteral(", ")))));
    QVERIFY(describeProblems(problems).contains(QStringLiteral("model.colour: unknown field")));
  }

  void theGraphFollowsTheTargets() {
    QJsonObject j = demoRecipe(demo_, 5, 0);
    QList<Problem> problems;
    auto r = parseRecipe(j, &problems);
    QVERIFY2(r, qPrintable(describeProblems(problems)));
    PlanContext c{QStringLiteral("run1"), QStringLiteral("/tmp/run1"), {}, QStringLiteral("ct-studio")};
    QList<StagePlan> plan = planStages(*r, c);
    QVERIFY(names(plan).contains(QStringLiteral("board")));
    QCOMPARE(find(plan, QStringLiteral("compile"))->after, QStringList{QStringLiteral("quantize:int4")});
    QCOMPARE(find(plan, QStringLiteral("evaluate:board"))->after, QStringList{QStringLiteral("board")});
    QCOMPARE(find(plan, QStringLiteral("evaluate:origin"))->after, QStringList{QStringLiteral("serve:origin")});
    QVERIFY(!names(plan).contains(QStringLiteral("deploy:origin")));
    QCOMPARE(names(plan).last(), QStringLiteral("report"));
    // Per-task limits become one ct eval per limit.
    QCOMPARE(evaluateCommands(*r, c, QStringLiteral("origin"), QStringLiteral("http://x/v1"), QStringLiteral("m")).size(), 1);

    // GPU and board together; quantized on a host; deployments on the same host use HOST:PATH.
    j.insert(QStringLiteral("targets"), QStringLiteral("both"));
    j.insert(QStringLiteral("quantize"), QJsonObject{{QStringLiteral("run_on"), QStringLiteral("gpu1")},
                                                    {QStringLiteral("variants"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("int4")}}, QJsonObject{{QStringLiteral("name"), QStringLiteral("int8")}, {QStringLiteral("bits"), 8}}}}});
    j.insert(QStringLiteral("deploy"), QJsonObject{{QStringLiteral("host"), QStringLiteral("gpu1")}, {QStringLiteral("models"), QJsonArray{QStringLiteral("origin"), QStringLiteral("int8")}},
                                                  {QStringLiteral("tensor_parallel_size"), 2}, {QStringLiteral("vllm_args"), QJsonArray{QStringLiteral("--enforce-eager")}}});
    r = parseRecipe(j, &problems);
    QVERIFY2(r, qPrintable(describeProblems(problems)));
    plan = planStages(*r, c);
    const StagePlan* d8 = find(plan, QStringLiteral("deploy:int8"));
    QVERIFY(d8);
    QVERIFY2(d8->args.contains(QStringLiteral("gpu1:ct-studio/pipelines/run1/quant/int8")), qPrintable(d8->args.join(QLatin1Char(' '))));
    QVERIFY(d8->args.contains(QStringLiteral("--tensor-parallel-size")) && d8->args.contains(QStringLiteral("--vllm-arg=--enforce-eager")));
    // The board's variant comes back to this machine to be compiled; int8 stays on the host.
    QVERIFY(find(plan, QStringLiteral("quantize:int4"))->args.contains(QStringLiteral("--pull")));
    QVERIFY(!find(plan, QStringLiteral("quantize:int8"))->args.contains(QStringLiteral("--pull")));
    QCOMPARE(find(plan, QStringLiteral("evaluate:int8"))->after, QStringList{QStringLiteral("deploy:int8")});
    QVERIFY(find(plan, QStringLiteral("serve:int4")));  // scored, not deployed: served here
  }

  void bundledCalibrationLeavesOutWhatIsScored() {
    QTemporaryDir tmp;
    const QString out = tmp.filePath(QStringLiteral("calib.jsonl"));
    QString error;
    const qint64 chars = writeBundledCalibration(QStringLiteral(CT_SOURCE_DIR "/resources/eval-samples"), {QStringLiteral("arc_easy"), QStringLiteral("mmlu")}, out, &error);
    QVERIFY2(chars > 100000, qPrintable(error));
    QFile f(out), arc(QStringLiteral(CT_SOURCE_DIR "/resources/eval-samples/arc_easy/ARC-Easy-Test.jsonl")), boolq(QStringLiteral(CT_SOURCE_DIR "/resources/eval-samples/boolq/val.jsonl"));
    QVERIFY(f.open(QIODevice::ReadOnly) && arc.open(QIODevice::ReadOnly) && boolq.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    const QString arcQuestion = QJsonDocument::fromJson(arc.readLine()).object().value(QStringLiteral("question")).toObject().value(QStringLiteral("stem")).toString();
    const QString passage = QJsonDocument::fromJson(boolq.readLine()).object().value(QStringLiteral("passage")).toString();
    QVERIFY(!arcQuestion.isEmpty() && !passage.isEmpty());
    QVERIFY2(!text.contains(QJsonDocument(QJsonArray{arcQuestion}).toJson(QJsonDocument::Compact).mid(2).chopped(2)), "a scored item was used for calibration");
    QVERIFY(text.contains(QString::fromUtf8(QJsonDocument(QJsonArray{passage.left(40)}).toJson(QJsonDocument::Compact)).mid(2).chopped(2)));
    QVERIFY(!isDemoModel(QStringLiteral(CT_SOURCE_DIR "/resources/eval-samples")) && isDemoModel(demo_));
  }

  void everyFieldIsDocumented() {
    QFile doc(QStringLiteral(CT_SOURCE_DIR "/docs/recipe.md"));
    QVERIFY(doc.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(doc.readAll());
    for (const FieldSpec& f : recipeFields()) {
      const QString section = f.section.isEmpty() ? QStringLiteral("### top level") : QStringLiteral("### `%1`").arg(f.section);
      const qsizetype at = text.indexOf(section);
      QVERIFY2(at >= 0, qPrintable(section));
      const qsizetype next = text.indexOf(QStringLiteral("\n### "), at + 1);
      QVERIFY2(text.mid(at, next < 0 ? -1 : next - at).contains(QStringLiteral("| `%1` |").arg(f.key)), qPrintable(f.section + QLatin1Char('.') + f.key));
    }
  }

  void reportHtmlIsSelfContainedAndEscaped() {
    QJsonObject report{{QStringLiteral("run"), QStringLiteral("r<1>")},
                       {QStringLiteral("model"), QStringLiteral("/m/<x>")},
                       {QStringLiteral("quantization"), QJsonObject{{QStringLiteral("int4"), QJsonObject{{QStringLiteral("method"), QStringLiteral("gptq")},
                                                                                                       {QStringLiteral("modules"), QJsonArray{QJsonObject{{QStringLiteral("err"), 0.01}, {QStringLiteral("err_rtn"), 0.02}},
                                                                                                                                              QJsonObject{{QStringLiteral("err"), 0.015}, {QStringLiteral("err_rtn"), 0.03}}}}}}}},
                       {QStringLiteral("comparison"), QJsonObject{{QStringLiteral("targets"), QJsonArray{QStringLiteral("origin"), QStringLiteral("int4")}},
                                                                  {QStringLiteral("baseline"), QStringLiteral("origin")},
                                                                  {QStringLiteral("headline"), QJsonObject{{QStringLiteral("arc_easy"), QStringLiteral("acc,none")}}},
                                                                  {QStringLiteral("tasks"), QJsonObject{{QStringLiteral("arc_easy"), QJsonObject{{QStringLiteral("acc,none"), QJsonObject{
                                                                      {QStringLiteral("origin"), QJsonObject{{QStringLiteral("value"), 0.5}, {QStringLiteral("stderr"), 0.05}, {QStringLiteral("delta"), 0}}},
                                                                      {QStringLiteral("int4"), QJsonObject{{QStringLiteral("value"), 0.45}, {QStringLiteral("stderr"), 0.05}, {QStringLiteral("delta"), -0.05}}}}}}}}}}}};
    const QString html = reportHtml(report);
    QVERIFY(html.contains(QStringLiteral("r&lt;1&gt;")) && !html.contains(QStringLiteral("r<1>")));
    QVERIFY(html.contains(QStringLiteral("<polyline")) && html.contains(QStringLiteral("<rect")));
    QVERIFY(html.contains(QStringLiteral("45.0 ± 5.0 (Δ -5.0)")));
    QVERIFY(!html.contains(QStringLiteral("<script")) && !html.contains(QStringLiteral("src=")));
  }
};

QTEST_GUILESS_MAIN(TstPipelineRecipe)
#include "tst_pipeline_recipe.moc"
