#include <QtTest>
#include <cmath>

#include "eval/extraction.h"
#include "eval/metrics.h"
#include "eval/native_eval.h"

using namespace ct::eval;

// Answer extraction with the tasks' own regexes and lm-eval's filter semantics, and the metric
// arithmetic, on hand-checked cases.
class TestEvalScoring : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void gsm8kCotFilters() {
    const QString reply = QStringLiteral("She has 16 - 3 - 4 = 9 eggs. 9 * $2 = $18. The answer is 18.\n\nQ: next");
    QCOMPARE(extractAnswer(QStringLiteral("gsm8k_cot"), QStringLiteral("strict-match"), reply, {}), QStringLiteral("18"));
    // flexible: the last number-like token anywhere
    QCOMPARE(extractAnswer(QStringLiteral("gsm8k_cot"), QStringLiteral("flexible-extract"), QStringLiteral("so 1,234 dollars, i.e. $1,234."), {}), QStringLiteral("$1,234."));
    QCOMPARE(extractAnswer(QStringLiteral("gsm8k_cot"), QStringLiteral("strict-match"), QStringLiteral("I think 18"), {}), QStringLiteral("[invalid]"));
    // The final "." of the strict pattern is any character: "The answer is 18" at the very end does not match.
    QCOMPARE(extractAnswer(QStringLiteral("gsm8k_cot"), QStringLiteral("strict-match"), QStringLiteral("The answer is 18"), {}), QStringLiteral("1"));
    const ExactMatchOptions o = exactMatchOptionsFor(QStringLiteral("gsm8k_cot"));
    QVERIFY(exactMatch(QStringLiteral("$1,234."), QStringLiteral("1234"), o));
    QVERIFY(exactMatch(QStringLiteral("18"), QStringLiteral("18"), o));
    QVERIFY(!exactMatch(QStringLiteral("[invalid]"), QStringLiteral("18"), o));
    QCOMPARE(extractAnswer(QStringLiteral("gsm8k"), QStringLiteral("strict-match"), QStringLiteral("work\n#### -3,5"), {}), QStringLiteral("-3,5"));
  }

  void gpqaFilters() {
    QCOMPARE(extractAnswer(QStringLiteral("gpqa_main_cot_zeroshot"), QStringLiteral("strict-match"), QStringLiteral("Thus... The answer is (C).\nDone"), {}),
             QStringLiteral("(C)"));
    const QStringList choices{QStringLiteral("1/400"), QStringLiteral("19/400"), QStringLiteral("20/400"), QStringLiteral("38/400")};
    QCOMPARE(multiChoiceFilter(QStringLiteral("maybe (A) or rather (D)"), QStringLiteral("(\\([A-Z]\\))"), -1, choices, true, true), QStringLiteral("(D)"));
    // No "(X)": the text of a choice (normalised: lower case, punctuation removed) maps to its letter.
    QCOMPARE(multiChoiceFilter(QStringLiteral("It must be 38/400"), QStringLiteral("(\\([A-Z]\\))"), -1, choices, true, true), QStringLiteral("(D)"));
    QCOMPARE(multiChoiceFilter(QStringLiteral("Final: B"), QStringLiteral("(\\([A-Z]\\))"), -1, {QStringLiteral("x1"), QStringLiteral("y2")}, true, true), QStringLiteral("(B)"));
    QVERIFY(exactMatch(QStringLiteral("(c)."), QStringLiteral("(C)"), exactMatchOptionsFor(QStringLiteral("gpqa_main_cot_zeroshot"))));
  }

  void regexFilterSemantics() {
    QCOMPARE(regexFilter(QStringLiteral("a1 b22 c333"), QStringLiteral("[0-9]+"), 0), QStringLiteral("1"));
    QCOMPARE(regexFilter(QStringLiteral("a1 b22 c333"), QStringLiteral("[0-9]+"), -1), QStringLiteral("333"));
    QCOMPARE(regexFilter(QStringLiteral("x"), QStringLiteral("(a)|(x)"), 0), QStringLiteral("x"));  // first non-empty group
    QCOMPARE(regexFilter(QStringLiteral("none"), QStringLiteral("[0-9]+"), 0), QStringLiteral("[invalid]"));
  }

  void codeExtraction() {
    const QString reply = QStringLiteral("Here:\n```python\nimport math\n\ndef f(x):\n    return x\n```\nand a test\n```\nprint(f(1))\n```");
    QCOMPARE(extractCode(reply, QStringLiteral("f")), QStringLiteral("import math\n\ndef f(x):\n    return x\n"));
    QCOMPARE(extractCode(QStringLiteral("def g(): pass"), QStringLiteral("g")), QStringLiteral("def g(): pass"));
    QCOMPARE(cutAtStops(QStringLiteral("    return 1\ndef other():"), {QStringLiteral("\ndef ")}), QStringLiteral("    return 1"));
    QVERIFY(codeInstruction(QStringLiteral("def f():\n")).startsWith(QStringLiteral("Please provide a self-contained Python script")));
  }

  void accAndAccNorm() {
    // Choice 1 has the highest total log-likelihood; per character, choice 2 (long) wins.
    const QList<double> ll{-12.0, -6.0, -9.0};
    const QList<int> len{4, 3, 30};
    const ChoiceScores s1 = scoreChoices(ll, len, 1);
    QVERIFY(s1.acc);
    QVERIFY(!s1.accNorm);
    const ChoiceScores s2 = scoreChoices(ll, len, 2);
    QVERIFY(!s2.acc);
    QVERIFY(s2.accNorm);
    QVERIFY(scoreChoices({-1.0, -1.0}, {1, 1}, 0).acc);  // ties go to the first
  }

  void stderrAndPooling() {
    QVERIFY(!meanStderr({1.0}));
    // 3 of 4 right: sqrt(p(1-p)/(n-1)) = sqrt(0.1875/3) = 0.25
    QCOMPARE(*meanStderr({1, 1, 1, 0}), 0.25);
    QCOMPARE(mean({1, 1, 1, 0}), 0.75);
    // Pooled over subtasks equals the stderr of all items together for equal-mean groups.
    const QList<double> a{1, 0, 1, 0}, b{1, 0, 1, 0, 1, 0};
    const double pooled = *pooledStderr({*meanStderr(a), *meanStderr(b)}, {4, 6});
    QVERIFY(std::fabs(pooled - *meanStderr({1, 0, 1, 0, 1, 0, 1, 0, 1, 0})) < 0.02);
    QVERIFY(std::fabs(pooled - std::sqrt(2.5 / 8 / 10)) < 1e-9);  // ((3·s_a²·4 + 5·s_b²·6) / (10 - 2)) / 10
    QCOMPARE(passAtK(1, 1, 1), 1.0);
    QCOMPARE(passAtK(1, 0, 1), 0.0);
    QVERIFY(std::fabs(passAtK(10, 3, 1) - 0.3) < 1e-12);
    QVERIFY(std::fabs(passAtK(10, 3, 5) - (1.0 - 21.0 / 252.0)) < 1e-12);  // 1 - C(7,5)/C(10,5)
  }

  void continuationFromEcho() {
    // "Answer:" + " yes": tokens "Answer", ":", " yes", then the generated " no".
    const QJsonObject body{{QStringLiteral("choices"),
                            QJsonArray{QJsonObject{{QStringLiteral("logprobs"),
                                                    QJsonObject{{QStringLiteral("tokens"), QJsonArray{QStringLiteral("Answer"), QStringLiteral(":"), QStringLiteral(" yes"), QStringLiteral(" no")}},
                                                                {QStringLiteral("token_logprobs"), QJsonArray{QJsonValue(), -1.0, -0.5, -2.0}},
                                                                {QStringLiteral("text_offset"), QJsonArray{0, 6, 7, 11}}}}}}}};
    QCOMPARE(*continuationLogLikelihood(body, 7, 11), -0.5);
    // Without text_offset the offsets come from the token texts.
    QJsonObject noOffsets = body;
    QJsonObject c = noOffsets[QStringLiteral("choices")].toArray().first().toObject();
    QJsonObject lp = c[QStringLiteral("logprobs")].toObject();
    lp.remove(QStringLiteral("text_offset"));
    c[QStringLiteral("logprobs")] = lp;
    noOffsets[QStringLiteral("choices")] = QJsonArray{c};
    QCOMPARE(*continuationLogLikelihood(noOffsets, 7, 11), -0.5);
    // A token that straddles the boundary belongs to the continuation.
    QCOMPARE(*continuationLogLikelihood(body, 9, 11), -0.5);
    QVERIFY(!continuationLogLikelihood(QJsonObject{}, 7, 11));
  }
};

QTEST_GUILESS_MAIN(TestEvalScoring)
#include "tst_eval_scoring.moc"
