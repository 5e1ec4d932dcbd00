#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "eval/tasks.h"

using namespace ct::eval;

static const QString kSamples = QStringLiteral(CT_SOURCE_DIR "/resources/eval-samples");

// Prompts, choices and targets exactly as lm-eval builds them, pinned on hand-checked items of
// the real samples, and small fixtures written to the documented schemas where no sample exists.
class TestEvalTasks : public QObject {
  Q_OBJECT

  static TaskData load(const QString& task, const QString& dir = kSamples) {
    ReadError e;
    LoadOptions o;
    o.dataDir = dir;
    o.zipPassword = "deserted-untie-orchid";
    auto d = loadTask(*findTask(task), o, &e);
    if (!d) qFatal("%s", qPrintable(e.describe()));
    return *d;
  }
  static void write(const QString& path, const QByteArray& data) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
  }

 private Q_SLOTS:
  void registryHasTheSeedTasks() {
    for (const char* t : {"arc_easy", "arc_challenge", "gsm8k_cot", "gsm8k_platinum_cot", "hellaswag", "mmlu_anatomy", "gpqa_main_zeroshot",
                          "gpqa_diamond_cot_zeroshot", "gpqa_extended_n_shot", "gpqa_main_generative_n_shot", "boolq", "openbookqa", "humaneval", "mbpp", "demo"})
      QVERIFY2(findTask(QString::fromLatin1(t)), t);
    QCOMPARE(groupMembers(QStringLiteral("mmlu")).size(), 57);
    QCOMPARE(groupMembers(QStringLiteral("mmlu_stem")).size(), 19);
    QCOMPARE(groupMembers(QStringLiteral("mmlu_humanities")).size(), 13);
    QString error;
    auto names = expandTaskNames({QStringLiteral("ai2_arc"), QStringLiteral("boolq")}, &error);
    QVERIFY(names);
    QCOMPARE(*names, (QStringList{QStringLiteral("arc_easy"), QStringLiteral("arc_challenge"), QStringLiteral("boolq")}));
    QVERIFY(!expandTaskNames({QStringLiteral("arc_eazy")}, &error));
    QVERIFY2(error.contains(QStringLiteral("unknown task 'arc_eazy'")) && error.contains(QStringLiteral("arc_easy")), qPrintable(error));
  }

  void arc() {
    const TaskData d = load(QStringLiteral("arc_easy"));
    const Doc& first = d.docs.first();
    QCOMPARE(first.text, QStringLiteral("Question: Which statement best explains why photosynthesis is the foundation of most food webs?\nAnswer:"));
    QCOMPARE(first.choices.size(), 4);
    QCOMPARE(first.choices[0], QStringLiteral("Sunlight is the source of energy for nearly all ecosystems."));
    QCOMPARE(first.gold, 0);
    // Numeric labels and 3- or 5-choice items exist in ARC-Challenge.
    const TaskData c = load(QStringLiteral("arc_challenge"));
    bool odd = false;
    for (const Doc& doc : c.docs) odd |= doc.choices.size() != 4;
    QVERIFY(odd);
    QCOMPARE(buildContext(*findTask(QStringLiteral("arc_easy")), first, {}) + QStringLiteral(" ") + first.choices[0],
             QStringLiteral("Question: Which statement best explains why photosynthesis is the foundation of most food webs?\nAnswer: Sunlight is the source of energy for nearly all ecosystems."));
  }

  void hellaswagCleaning() {
    const TaskData d = load(QStringLiteral("hellaswag"));
    QCOMPARE(d.docs.first().text, QStringLiteral("Pole vault: Pole vault is a sport where you run with a pole and stop and swing your body. A few women"));
    QCOMPARE(d.docs.first().gold, 3);
    // lm-eval strips before it removes "[...]", so a leading tag leaves its space behind.
    QCOMPARE(cleanBracketText(QStringLiteral(" [header] How to  tie a tie [title] Step one [step] go ")), QStringLiteral(" How to tie a tie. Step one go"));
    QTemporaryDir dir;
    write(dir.filePath(QStringLiteral("hellaswag/validation.jsonl")),
          R"({"activity_label": "Cooking", "ctx_a": "A man cuts onions.", "ctx_b": "THEN he FRIES them", "endings": ["x", "y"], "label": "1", "ind": 5})" "\n");
    const TaskData f = load(QStringLiteral("hellaswag"), dir.path());
    QCOMPARE(f.docs.first().text, QStringLiteral("Cooking: A man cuts onions. Then he fries them"));  // Python's capitalize()
    QCOMPARE(f.docs.first().gold, 1);  // the Hub's string label
  }

  void boolqLabelsOfEveryKind() {
    const TaskData d = load(QStringLiteral("boolq"));
    QVERIFY(d.docs.first().text.endsWith(QStringLiteral("\nQuestion: does ethanol take more energy make that produces?\nAnswer:")));
    QCOMPARE(d.docs.first().choices, (QStringList{QStringLiteral("no"), QStringLiteral("yes")}));
    QCOMPARE(d.docs.first().gold, 0);  // "false"
    QTemporaryDir dir;
    write(dir.filePath(QStringLiteral("boolq/val.jsonl")),
          R"({"question": "q1", "passage": "p", "idx": 0, "label": true})" "\n" R"({"question": "q2", "passage": "p", "idx": 1, "label": 0})" "\n");
    const TaskData f = load(QStringLiteral("boolq"), dir.path());
    QCOMPARE(f.docs[0].gold, 1);
    QCOMPARE(f.docs[1].gold, 0);
  }

  void mmluFiveShot() {
    const TaskSpec& spec = *findTask(QStringLiteral("mmlu_abstract_algebra"));
    const TaskData d = load(spec.name);
    const Doc& q = d.docs.first();
    QCOMPARE(q.text, QStringLiteral("Find the degree for the given field extension Q(sqrt(2), sqrt(3), sqrt(18)) over Q.\nA. 0\nB. 4\nC. 2\nD. 6\nAnswer:"));
    QCOMPARE(q.gold, 1);
    const QList<Doc> shots = chooseShots(d, q, 0, 5, 1234);
    QCOMPARE(shots.size(), 5);
    QCOMPARE(shots.first().text.left(23), QStringLiteral("Find all c in Z_3 such "));  // first_n from dev
    const QString ctx = buildContext(spec, q, shots);
    QVERIFY(ctx.startsWith(QStringLiteral("The following are multiple choice questions (with answers) about abstract algebra.\n\nFind all c in Z_3")));
    QVERIFY(ctx.contains(QStringLiteral("\nD. 3\nAnswer: B\n\nStatement 1 | If aH")));
    QVERIFY(ctx.endsWith(QStringLiteral("\n\n") + q.text));
    QCOMPARE(ctx.count(QStringLiteral("\nAnswer:")), 6);
  }

  void gsm8kCotUsesTheEightExemplars() {
    const TaskSpec& spec = *findTask(QStringLiteral("gsm8k_cot"));
    QCOMPARE(spec.defaultFewshot, 8);
    const TaskData d = load(spec.name);
    const Doc& q = d.docs.first();
    QVERIFY(q.text.startsWith(QStringLiteral("Q: Janet")) && q.text.endsWith(QStringLiteral("\nA:")));
    QCOMPARE(q.target, QStringLiteral("18"));
    const QString ctx = buildContext(spec, q, chooseShots(d, q, 0, 8, 1234));
    QVERIFY(ctx.startsWith(QStringLiteral("Q: There are 15 trees in the grove.")));
    QVERIFY(ctx.contains(QStringLiteral("So there must have been 21 - 15 = 6. The answer is 6.\n\nQ: If there are 3 cars")));
    QVERIFY(ctx.contains(QStringLiteral("23 - 15 is 8. The answer is 8.\n\nQ: Janet")));
    QCOMPARE(ctx.count(QStringLiteral("\nA: ")), 8);
  }

  void gsm8kPlatinumFixture() {
    QTemporaryDir dir;
    write(dir.filePath(QStringLiteral("gsm8k_platinum/test.jsonl")),
          R"({"question": "Tom has 3 apples and buys 2. How many?", "answer": "3 + 2 = <<3+2=5>>5\n#### 5", "cleaning_status": "consensus"})" "\n");
    const TaskData d = load(QStringLiteral("gsm8k_platinum_cot"), dir.path());
    QCOMPARE(d.docs.first().text, QStringLiteral("Q: Tom has 3 apples and buys 2. How many?\nA:"));
    QCOMPARE(d.docs.first().target, QStringLiteral("5"));
  }

  void openbookqaBothLayouts() {
    QTemporaryDir a, b;
    write(a.filePath(QStringLiteral("openbookqa/test.jsonl")),
          R"({"id": "7-980", "question": {"stem": "The sun is responsible for", "choices": [{"text": "puppies learning new tricks", "label": "A"}, {"text": "plants sprouting, blooming and wilting", "label": "B"}]}, "answerKey": "B"})" "\n");
    write(b.filePath(QStringLiteral("openbookqa/test.jsonl")),
          R"({"id": "7-980", "question_stem": "The sun is responsible for", "choices": {"text": ["puppies learning new tricks", "plants sprouting, blooming and wilting"], "label": ["A", "B"]}, "answerKey": " B"})" "\n");
    for (const QString& dir : {a.path(), b.path()}) {
      const TaskData d = load(QStringLiteral("openbookqa"), dir);
      QCOMPARE(d.docs.first().text, QStringLiteral("The sun is responsible for"));  // no "Question:" prefix
      QCOMPARE(d.docs.first().gold, 1);
    }
  }

  void gpqaVariants() {
    const TaskData z = load(QStringLiteral("gpqa_diamond_zeroshot"));
    QCOMPARE(z.docs.size(), 40);
    const Doc& q = z.docs.first();
    QVERIFY(q.text.startsWith(QStringLiteral("What is the correct answer to this question:")));
    QVERIFY(q.text.contains(QStringLiteral("\nChoices:\n(A) ")) && q.text.endsWith(QStringLiteral("\n(D) ") + q.text.section(QStringLiteral("\n(D) "), 1)));
    QVERIFY(q.text.endsWith(QStringLiteral("\nAnswer:")));
    QCOMPARE(q.choices, (QStringList{QStringLiteral("(A)"), QStringLiteral("(B)"), QStringLiteral("(C)"), QStringLiteral("(D)")}));
    // The answer's position depends on the seed, and the right text sits at that letter.
    int moved = 0;
    ReadError e;
    LoadOptions o{kSamples, "deserted-untie-orchid", 99};
    const auto other = loadTask(*findTask(QStringLiteral("gpqa_diamond_zeroshot")), o, &e);
    QVERIFY(other);
    for (int i = 0; i < z.docs.size(); ++i) moved += z.docs[i].gold != other->docs[i].gold ? 1 : 0;
    QVERIFY(moved > 20);
    const TaskData cot = load(QStringLiteral("gpqa_diamond_cot_zeroshot"));
    QVERIFY(cot.docs.first().text.endsWith(QStringLiteral("Let's think step by step: ")));
    QCOMPARE(cot.docs.first().target, QStringLiteral("(%1)").arg(QChar(u'A' + cot.docs.first().gold)));
    const TaskData gen = load(QStringLiteral("gpqa_diamond_generative_n_shot"));
    QVERIFY(gen.docs.first().text.startsWith(QStringLiteral("Question: ")));
    const QList<Doc> shots = chooseShots(gen, gen.docs.first(), 0, 2, 1);
    QCOMPARE(shots.size(), 2);
    for (const Doc& s : shots) {
      QVERIFY(s.line != gen.docs.first().line);  // never the item itself
      QVERIFY(s.target.startsWith(QStringLiteral("The answer is (")));
    }
  }

  void codeTasks() {
    const TaskData he = load(QStringLiteral("humaneval"));
    QCOMPARE(he.docs.first().id, QStringLiteral("HumanEval/0"));
    QCOMPARE(he.docs.first().entryPoint, QStringLiteral("has_close_elements"));
    QVERIFY(he.docs.first().extra.value(QStringLiteral("base_input")).toArray().size() > 3);  // HumanEval+ preferred
    const TaskData mb = load(QStringLiteral("mbpp"));
    QCOMPARE(mb.docs.first().id, QStringLiteral("Mbpp/2"));
    QVERIFY(mb.docs.first().extra.contains(QStringLiteral("plus_input")));
    // The original MBPP release: test split only (11-510), entry point from the first assert.
    QTemporaryDir dir;
    QDir().mkpath(dir.filePath(QStringLiteral("mbpp")));
    QVERIFY(QFile::copy(kSamples + QStringLiteral("/mbpp/mbpp.jsonl"), dir.filePath(QStringLiteral("mbpp/mbpp.jsonl"))));
    const TaskData orig = load(QStringLiteral("mbpp"), dir.path());
    QCOMPARE(orig.docs.first().id, QStringLiteral("Mbpp/11"));
    QCOMPARE(orig.docs.first().entryPoint, QStringLiteral("remove_Occ"));
    QVERIFY(orig.docs.first().prompt.startsWith(QStringLiteral("\"\"\"\nWrite a python function to remove first and last occurrence")));
    QVERIFY(orig.docs.first().test.contains(QStringLiteral("assert remove_Occ(")));
  }

  void badDataNamesFileLineAndField() {
    QTemporaryDir dir;
    write(dir.filePath(QStringLiteral("arc_easy/ARC-Easy-Test.jsonl")),
          R"({"id": "a", "question": {"stem": "s", "choices": [{"text": "x", "label": "A"}, {"text": "y", "label": "B"}]}, "answerKey": "A"})" "\n"
          R"({"id": "b", "question": {"stem": "s", "choices": [{"text": "x", "label": "A"}, {"text": "y", "label": "B"}]}})" "\n");
    ReadError e;
    LoadOptions o;
    o.dataDir = dir.path();
    QVERIFY(!loadTask(*findTask(QStringLiteral("arc_easy")), o, &e));
    QCOMPARE(e.describe(), dir.filePath(QStringLiteral("arc_easy/ARC-Easy-Test.jsonl")) + QStringLiteral(":2: field 'answerKey': missing"));
    QVERIFY(!loadTask(*findTask(QStringLiteral("hellaswag")), o, &e));
    QVERIFY2(e.describe().contains(QStringLiteral("not found; --data-dir should hold hellaswag/hellaswag_val.jsonl")), qPrintable(e.describe()));
    write(dir.filePath(QStringLiteral("gsm8k/test.jsonl")), R"({"question": "q", "answer": "no final line"})" "\n");
    QVERIFY(!loadTask(*findTask(QStringLiteral("gsm8k_cot")), o, &e));
    QVERIFY(e.describe().endsWith(QStringLiteral(":1: field 'answer': has no '#### <number>' final answer")));
  }
};

QTEST_GUILESS_MAIN(TestEvalTasks)
#include "tst_eval_tasks.moc"
