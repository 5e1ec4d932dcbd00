#include <QFile>
#include <QJsonDocument>
#include <QtTest>

#include "eval/results.h"

using namespace ct::eval;

static QJsonObject fixture(const char* name) {
  QFile f(QStringLiteral(CT_SOURCE_DIR "/tests/eval/fixtures/") + QLatin1String(name));
  if (!f.open(QIODevice::ReadOnly)) qFatal("missing fixture %s", name);
  return QJsonDocument::fromJson(f.readAll()).object();
}

// Results files: ours in lm-eval's shape, and the real tools' files in each documented version.
class TestEvalResults : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void lmEvalOldVersionWithIndentedAliases() {
    QString error;
    const auto r = parseLmEvalResults(fixture("lm_eval_v0.4.9.2_results.json"), &error);
    QVERIFY2(r, qPrintable(error));
    const TaskResult* aa = r->find(QStringLiteral("mmlu_abstract_algebra"));  // the key, not " - abstract_algebra"
    QVERIFY(aa);
    QCOMPARE(aa->metrics[QStringLiteral("acc,none")].value, 0.4);
    QCOMPARE(aa->nShot, 5);
    QCOMPARE(aa->nEffective, 10);
    QVERIFY(!r->find(QStringLiteral("mmlu_anatomy"))->metrics[QStringLiteral("acc,none")].stderr_);  // "N/A"
    const TaskResult* g = r->find(QStringLiteral("gsm8k_cot"));
    QCOMPARE(g->metrics[QStringLiteral("exact_match,flexible-extract")].value, 0.78);
    QCOMPARE(*g->metrics[QStringLiteral("exact_match,strict-match")].stderr_, 0.0119);
    QCOMPARE(r->groups.size(), 2);
    QCOMPARE(r->groups.first().group, QStringLiteral("mmlu"));
    QCOMPARE(r->seconds, 1000.0);
  }

  void lmEvalHead() {
    QString error;
    const auto r = parseLmEvalResults(fixture("lm_eval_head_results.json"), &error);
    QVERIFY2(r, qPrintable(error));
    QCOMPARE(r->model, QStringLiteral("/models/q4"));
    QCOMPARE(r->tasks.size(), 2);
    QCOMPARE(r->find(QStringLiteral("arc_easy"))->metrics[QStringLiteral("acc_norm,none")].value, 0.77);
    QCOMPARE(headlineMetric(*r->find(QStringLiteral("hellaswag"))), QStringLiteral("acc_norm,none"));
    QCOMPARE(headlineMetric(*r->find(QStringLiteral("arc_easy"))), QStringLiteral("acc,none"));
    QVERIFY(!parseLmEvalResults(QJsonObject{{QStringLiteral("x"), 1}}, &error));
    QVERIFY(error.contains(QStringLiteral("no \"results\"")));
  }

  void evalPlusWithoutPassAtK() {
    QString error;
    const auto r = parseEvalPlusResults(fixture("evalplus_0.3.1_eval_results.json"), QStringLiteral("humaneval"), &error);
    QVERIFY2(r, qPrintable(error));
    const TaskResult& t = r->tasks.first();
    QCOMPARE(t.nEffective, 4);
    QCOMPARE(t.metrics[QStringLiteral("pass@1,base")].value, 0.5);   // tasks 0 and 1
    QCOMPARE(t.metrics[QStringLiteral("pass@1,plus")].value, 0.25);  // plus needs base and plus: task 0 only
  }

  void evalPlusHeadBaseOnly() {
    QString error;
    const auto r = parseEvalPlusResults(fixture("evalplus_head_eval_results.json"), QStringLiteral("mbpp"), &error);
    QVERIFY2(r, qPrintable(error));
    QCOMPARE(r->tasks.first().metrics[QStringLiteral("pass@1,base")].value, 0.5);
    QVERIFY(!r->tasks.first().metrics.contains(QStringLiteral("pass@1,plus")));
  }

  void oursRoundTripsThroughTheLmEvalReader() {
    EvalResults r;
    r.model = QStringLiteral("demo");
    r.endpoint = QStringLiteral("http://x/v1");
    for (const auto& [task, acc, n] : {std::tuple{"mmlu_anatomy", 0.5, 10}, std::tuple{"mmlu_abstract_algebra", 0.8, 30}, std::tuple{"mmlu_virology", 0.2, 20}}) {
      TaskResult t;
      t.task = QString::fromLatin1(task);
      t.nOriginal = t.nEffective = n;
      t.metrics.insert(QStringLiteral("acc,none"), MetricValue{acc, 0.1});
      r.tasks << t;
    }
    computeGroups(r);
    QCOMPARE(r.groups.size(), 3);  // mmlu_stem, mmlu, mmlu_other
    const GroupResult* mmlu = nullptr;
    for (const GroupResult& g : r.groups)
      if (g.group == QLatin1String("mmlu")) mmlu = &g;
    QVERIFY(mmlu);
    QCOMPARE(mmlu->n, 60);
    QVERIFY(std::fabs(mmlu->metrics[QStringLiteral("acc,none")].value - (0.5 * 10 + 0.8 * 30 + 0.2 * 20) / 60) < 1e-12);  // weighted by size
    const QJsonObject json = toLmEvalJson(r);
    QCOMPARE(json[QStringLiteral("results")][QStringLiteral("mmlu_anatomy")][QStringLiteral("acc_stderr,none")].toDouble(), 0.1);
    QVERIFY(json[QStringLiteral("groups")].toObject().contains(QStringLiteral("mmlu")));
    QCOMPARE(json[QStringLiteral("n-samples")][QStringLiteral("mmlu_virology")][QStringLiteral("effective")].toInt(), 20);
    QString error;
    const auto back = parseLmEvalResults(json, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->tasks.size(), 3);
    QCOMPARE(back->groups.size(), 3);
    QCOMPARE(back->find(QStringLiteral("mmlu_abstract_algebra"))->metrics[QStringLiteral("acc,none")].value, 0.8);
  }
};

QTEST_GUILESS_MAIN(TestEvalResults)
#include "tst_eval_results.moc"
