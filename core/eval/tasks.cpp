#include "eval/tasks.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <algorithm>

namespace ct::eval {
namespace {

struct MmluSubject {
  const char* name;
  const char* category;
};
// The 57 subjects and the category lm-eval's mmlu groups put each in.
const MmluSubject kMmlu[] = {
    {"abstract_algebra", "stem"}, {"anatomy", "stem"}, {"astronomy", "stem"}, {"college_biology", "stem"},
    {"college_chemistry", "stem"}, {"college_computer_science", "stem"}, {"college_mathematics", "stem"},
    {"college_physics", "stem"}, {"computer_security", "stem"}, {"conceptual_physics", "stem"},
    {"electrical_engineering", "stem"}, {"elementary_mathematics", "stem"}, {"high_school_biology", "stem"},
    {"high_school_chemistry", "stem"}, {"high_school_computer_science", "stem"}, {"high_school_mathematics", "stem"},
    {"high_school_physics", "stem"}, {"high_school_statistics", "stem"}, {"machine_learning", "stem"},
    {"business_ethics", "other"}, {"clinical_knowledge", "other"}, {"college_medicine", "other"}, {"global_facts", "other"},
    {"human_aging", "other"}, {"management", "other"}, {"marketing", "other"}, {"medical_genetics", "other"},
    {"miscellaneous", "other"}, {"nutrition", "other"}, {"professional_accounting", "other"},
    {"professional_medicine", "other"}, {"virology", "other"},
    {"econometrics", "social_sciences"}, {"high_school_geography", "social_sciences"},
    {"high_school_government_and_politics", "social_sciences"}, {"high_school_macroeconomics", "social_sciences"},
    {"high_school_microeconomics", "social_sciences"}, {"high_school_psychology", "social_sciences"},
    {"human_sexuality", "social_sciences"}, {"professional_psychology", "social_sciences"},
    {"public_relations", "social_sciences"}, {"security_studies", "social_sciences"}, {"sociology", "social_sciences"},
    {"us_foreign_policy", "social_sciences"},
    {"formal_logic", "humanities"}, {"high_school_european_history", "humanities"}, {"high_school_us_history", "humanities"},
    {"high_school_world_history", "humanities"}, {"international_law", "humanities"}, {"jurisprudence", "humanities"},
    {"logical_fallacies", "humanities"}, {"moral_disputes", "humanities"}, {"moral_scenarios", "humanities"},
    {"philosophy", "humanities"}, {"prehistory", "humanities"}, {"professional_law", "humanities"},
    {"world_religions", "humanities"},
};

const char* const kGpqaSubsets[] = {"main", "diamond", "extended"};

TaskSpec mc(const QString& name, const QString& family, const QString& split, const QString& hint, QStringList metrics = {QStringLiteral("acc"), QStringLiteral("acc_norm")}) {
  TaskSpec s;
  s.name = name;
  s.family = family;
  s.kind = TaskKind::MultipleChoice;
  s.metrics = std::move(metrics);
  s.filters = {QStringLiteral("none")};
  s.evaluatedSplit = split;
  s.dataHint = hint;
  return s;
}

QList<TaskSpec> buildRegistry() {
  QList<TaskSpec> r;
  r << mc(QStringLiteral("arc_easy"), QStringLiteral("arc"), QStringLiteral("test"), QStringLiteral("arc_easy/ARC-Easy-Test.jsonl (AI2) or arc_easy/test.jsonl (Hugging Face ai2_arc)"));
  r.back().groups = {QStringLiteral("ai2_arc")};
  r << mc(QStringLiteral("arc_challenge"), QStringLiteral("arc"), QStringLiteral("test"), QStringLiteral("arc_challenge/ARC-Challenge-Test.jsonl (AI2) or arc_challenge/test.jsonl"));
  r.back().groups = {QStringLiteral("ai2_arc")};
  r << mc(QStringLiteral("hellaswag"), QStringLiteral("hellaswag"), QStringLiteral("validation"), QStringLiteral("hellaswag/hellaswag_val.jsonl (rowanz) or hellaswag/validation.jsonl"));
  r << mc(QStringLiteral("boolq"), QStringLiteral("boolq"), QStringLiteral("validation"), QStringLiteral("boolq/val.jsonl (SuperGLUE) or boolq/validation.jsonl"), {QStringLiteral("acc")});
  r.back().version = QStringLiteral("2.0");
  r << mc(QStringLiteral("openbookqa"), QStringLiteral("openbookqa"), QStringLiteral("test"), QStringLiteral("openbookqa/test.jsonl (OpenBookQA-V1 Main or Hugging Face main)"));
  for (const MmluSubject& m : kMmlu) {
    const QString subject = QString::fromLatin1(m.name);
    TaskSpec s = mc(QStringLiteral("mmlu_") + subject, QStringLiteral("mmlu"), QStringLiteral("test"),
                    QStringLiteral("mmlu/test/%1_test.csv (+ mmlu/dev/%1_dev.csv for few-shot)").arg(subject), {QStringLiteral("acc")});
    s.groups = {QStringLiteral("mmlu_") + QString::fromLatin1(m.category), QStringLiteral("mmlu")};
    s.description = QStringLiteral("The following are multiple choice questions (with answers) about %1.\n\n").arg(QString(subject).replace(QLatin1Char('_'), QLatin1Char(' ')));
    r << s;
  }
  for (const char* subset : kGpqaSubsets) {
    const QString sub = QString::fromLatin1(subset);
    const QString hint = QStringLiteral("gpqa/dataset.zip (the authors' release, dataset/gpqa_%1.csv inside) or gpqa/gpqa_%1.csv").arg(sub);
    const QString expert = QStringLiteral("Here are some example questions from experts. Answer the final question yourself, following the format of the previous questions exactly.\n");
    TaskSpec z = mc(QStringLiteral("gpqa_%1_zeroshot").arg(sub), QStringLiteral("gpqa"), QStringLiteral("train"), hint);
    z.version = QStringLiteral("2.2");
    z.groups = {QStringLiteral("gpqa_") + sub, QStringLiteral("gpqa")};
    r << z;
    TaskSpec n = z;
    n.name = QStringLiteral("gpqa_%1_n_shot").arg(sub);
    n.description = expert;
    r << n;
    TaskSpec c = z;
    c.name = QStringLiteral("gpqa_%1_cot_zeroshot").arg(sub);
    c.kind = TaskKind::Generate;
    c.metrics = {QStringLiteral("exact_match")};
    c.filters = {QStringLiteral("strict-match"), QStringLiteral("flexible-extract")};
    c.until = {QStringLiteral("</s>")};
    r << c;
    TaskSpec g = c;
    g.name = QStringLiteral("gpqa_%1_generative_n_shot").arg(sub);
    g.description = QStringLiteral("Here are some example questions from experts. Answer the final question yourself, following the format of the previous questions exactly, that is finish your answer with \"The answer is (X).\" where X is the correct letter choice.\n");
    g.until = {QStringLiteral("</s>"), QStringLiteral("Question:"), QStringLiteral("<|im_end|>")};
    r << g;
  }
  TaskSpec gsm;
  gsm.name = QStringLiteral("gsm8k");
  gsm.family = QStringLiteral("gsm8k");
  gsm.kind = TaskKind::Generate;
  gsm.version = QStringLiteral("3.0");
  gsm.defaultFewshot = 5;
  gsm.until = {QStringLiteral("Question:"), QStringLiteral("</s>"), QStringLiteral("<|im_end|>")};
  gsm.metrics = {QStringLiteral("exact_match")};
  gsm.filters = {QStringLiteral("strict-match"), QStringLiteral("flexible-extract")};
  gsm.evaluatedSplit = QStringLiteral("test");
  gsm.dataHint = QStringLiteral("gsm8k/test.jsonl (+ gsm8k/train.jsonl for the few-shot examples)");
  r << gsm;
  TaskSpec cot = gsm;
  cot.name = QStringLiteral("gsm8k_cot");
  cot.defaultFewshot = 8;
  cot.until = {QStringLiteral("Q:"), QStringLiteral("</s>"), QStringLiteral("<|im_end|>")};
  cot.dataHint = QStringLiteral("gsm8k/test.jsonl");
  r << cot;
  TaskSpec plat = cot;
  plat.name = QStringLiteral("gsm8k_platinum_cot");
  plat.family = QStringLiteral("gsm8k_platinum");
  plat.dataHint = QStringLiteral("gsm8k_platinum/test.jsonl (madrylab/gsm8k-platinum: question, answer, cleaning_status)");
  r << plat;
  for (const char* name : {"humaneval", "mbpp"}) {
    TaskSpec c;
    c.name = QString::fromLatin1(name);
    c.family = c.name;
    c.kind = TaskKind::Code;
    c.maxGenToks = 768;
    c.metrics = {QStringLiteral("pass@1")};
    c.filters = {QStringLiteral("base"), QStringLiteral("plus")};
    c.evaluatedSplit = QStringLiteral("test");
    c.dataHint = c.name == QLatin1String("humaneval")
                     ? QStringLiteral("humanevalplus/HumanEvalPlus.jsonl.gz (base + plus tests) or humaneval/HumanEval.jsonl.gz (base tests)")
                     : QStringLiteral("mbppplus/MbppPlus.jsonl (base + plus tests) or mbpp/mbpp.jsonl (the test split's asserts)");
    r << c;
  }
  TaskSpec demo;
  demo.name = QStringLiteral("demo");
  demo.family = QStringLiteral("demo");
  demo.kind = TaskKind::Demo;
  demo.metrics = {QStringLiteral("acc")};
  demo.filters = {QStringLiteral("none")};
  demo.maxGenToks = 48;
  demo.evaluatedSplit = QStringLiteral("generated");
  demo.dataHint = QStringLiteral("nothing: the items are generated from --seed");
  r << demo;
  return r;
}

QString str(const QJsonObject& o, const QString& key) { return o.value(key).toString(); }

// Python's str.capitalize(): first character upper case, the rest lower case.
QString capitalize(const QString& s) { return s.isEmpty() ? s : s.left(1).toUpper() + s.mid(1).toLower(); }

struct Reader {
  const LoadOptions& o;
  ReadError* error;
  QStringList files;

  bool failAt(const Record& rec, const QString& field, const QString& message) {
    if (error) *error = ReadError{rec.file, rec.line, field, message};
    return false;
  }
  // The first candidate that exists under dataDir, or an error listing what was looked for.
  QString locate(const QStringList& candidates, const QString& hint) {
    for (const QString& c : candidates) {
      const QString path = QDir(o.dataDir).filePath(c);
      const QString file = path.section(QStringLiteral(".zip#"), 0, 0) + (path.contains(QStringLiteral(".zip#")) ? QStringLiteral(".zip") : QString());
      if (QFileInfo(file).isFile()) return path;
    }
    if (error) *error = ReadError{QDir(o.dataDir).filePath(candidates.value(0).section(QLatin1Char('#'), 0, 0)), 0, {},
                                  QStringLiteral("not found; --data-dir should hold %1").arg(hint)};
    return {};
  }
  std::optional<QList<Record>> read(const QString& path, CsvHeader h) {
    files << path;
    return readRecords(path, h, error, o.zipPassword);
  }
  bool requireString(const Record& rec, const QJsonObject& obj, const QString& key, QString* out) {
    const QJsonValue v = obj.value(key);
    if (!v.isString()) return failAt(rec, key, v.isUndefined() ? QStringLiteral("missing") : QStringLiteral("must be a string"));
    *out = v.toString();
    return true;
  }
};

// ARC and OpenBookQA share the AI2 layout ({question: {stem, choices: [{text, label}]}, answerKey})
// and the Hugging Face one (question or question_stem, choices: {text: [...], label: [...]}).
bool ai2Doc(Reader& rd, const Record& rec, Doc* d, bool openbook) {
  const QJsonObject& f = rec.fields;
  QStringList texts, labels;
  QString stem;
  if (f.value(QStringLiteral("question")).isObject()) {
    const QJsonObject q = f.value(QStringLiteral("question")).toObject();
    if (!rd.requireString(rec, q, QStringLiteral("stem"), &stem)) return false;
    const QJsonValue cv = q.value(QStringLiteral("choices"));
    if (!cv.isArray() || cv.toArray().isEmpty()) return rd.failAt(rec, QStringLiteral("question.choices"), QStringLiteral("must be a non-empty list of {text, label}"));
    for (const QJsonValue& c : cv.toArray()) {
      texts << c[QStringLiteral("text")].toString();
      labels << c[QStringLiteral("label")].toString();
    }
  } else {
    const QString key = f.contains(QStringLiteral("question_stem")) ? QStringLiteral("question_stem") : QStringLiteral("question");
    if (!rd.requireString(rec, f, key, &stem)) return false;
    const QJsonObject c = f.value(QStringLiteral("choices")).toObject();
    if (!c.value(QStringLiteral("text")).isArray() || !c.value(QStringLiteral("label")).isArray())
      return rd.failAt(rec, QStringLiteral("choices"), QStringLiteral("must be {\"text\": [...], \"label\": [...]}"));
    for (const QJsonValue& v : c.value(QStringLiteral("text")).toArray()) texts << v.toString();
    for (const QJsonValue& v : c.value(QStringLiteral("label")).toArray()) labels << v.toString();
  }
  if (texts.size() != labels.size() || texts.size() < 2) return rd.failAt(rec, QStringLiteral("choices"), QStringLiteral("needs at least two choices, each with a label"));
  QString key;
  if (!rd.requireString(rec, f, QStringLiteral("answerKey"), &key)) return false;
  if (openbook) key = key.trimmed();
  d->gold = static_cast<int>(labels.indexOf(key));
  if (d->gold < 0) return rd.failAt(rec, QStringLiteral("answerKey"), QStringLiteral("'%1' is not one of the labels %2").arg(key, labels.join(QLatin1Char(','))));
  d->id = str(f, QStringLiteral("id"));
  d->text = openbook ? stem : QStringLiteral("Question: %1\nAnswer:").arg(stem);
  d->choices = texts;
  return true;
}

bool hellaswagDoc(Reader& rd, const Record& rec, Doc* d) {
  const QJsonObject& f = rec.fields;
  QString label, a, b;
  if (!rd.requireString(rec, f, QStringLiteral("activity_label"), &label) || !rd.requireString(rec, f, QStringLiteral("ctx_a"), &a) ||
      !rd.requireString(rec, f, QStringLiteral("ctx_b"), &b))
    return false;
  const QJsonValue endings = f.value(QStringLiteral("endings"));
  if (!endings.isArray() || endings.toArray().size() < 2) return rd.failAt(rec, QStringLiteral("endings"), QStringLiteral("must be a list of endings"));
  d->text = cleanBracketText(label + QStringLiteral(": ") + a + QLatin1Char(' ') + capitalize(b));
  for (const QJsonValue& e : endings.toArray()) d->choices << cleanBracketText(e.toString());
  const QJsonValue l = f.value(QStringLiteral("label"));
  bool ok = true;
  d->gold = l.isDouble() ? l.toInt() : l.toString().toInt(&ok);  // an int in rowanz, a string on the Hub
  if (!ok || d->gold < 0 || d->gold >= d->choices.size()) return rd.failAt(rec, QStringLiteral("label"), QStringLiteral("must be the index of the right ending"));
  d->id = QString::number(f.value(QStringLiteral("ind")).toInt());
  return true;
}

bool boolqDoc(Reader& rd, const Record& rec, Doc* d) {
  const QJsonObject& f = rec.fields;
  QString passage, question;
  if (!rd.requireString(rec, f, QStringLiteral("passage"), &passage) || !rd.requireString(rec, f, QStringLiteral("question"), &question)) return false;
  const QJsonValue l = f.value(QStringLiteral("label"));
  // JSON booleans (SuperGLUE), 0/1 (Hugging Face), or "true"/"false" strings (some redistributions).
  if (l.isBool()) d->gold = l.toBool() ? 1 : 0;
  else if (l.isDouble() && (l.toInt() == 0 || l.toInt() == 1)) d->gold = l.toInt();
  else if (l.toString() == QLatin1String("true") || l.toString() == QLatin1String("false")) d->gold = l.toString() == QLatin1String("true") ? 1 : 0;
  else return rd.failAt(rec, QStringLiteral("label"), QStringLiteral("must be true/false or 1/0"));
  d->text = QStringLiteral("%1\nQuestion: %2?\nAnswer:").arg(passage, question);
  d->choices = {QStringLiteral("no"), QStringLiteral("yes")};
  d->id = QString::number(f.value(QStringLiteral("idx")).toInt());
  return true;
}

bool mmluDoc(Reader& rd, const Record& rec, Doc* d) {
  const QJsonObject& f = rec.fields;
  QString q;
  QStringList c;
  int gold = -1;
  if (f.contains(QStringLiteral("0"))) {  // the authors' CSV: question, A, B, C, D, letter
    if (f.size() != 6) return rd.failAt(rec, {}, QStringLiteral("expected 6 columns (question, 4 choices, answer letter), found %1").arg(f.size()));
    q = str(f, QStringLiteral("0"));
    for (int i = 1; i <= 4; ++i) c << str(f, QString::number(i));
    const QString letter = str(f, QStringLiteral("5")).trimmed();
    gold = letter.size() == 1 ? letter[0].unicode() - 'A' : -1;
    if (gold < 0 || gold > 3) return rd.failAt(rec, QStringLiteral("answer"), QStringLiteral("'%1' is not A, B, C or D").arg(letter));
  } else {  // Hugging Face cais/mmlu: question, choices, answer (0-3)
    if (!rd.requireString(rec, f, QStringLiteral("question"), &q)) return false;
    for (const QJsonValue& v : f.value(QStringLiteral("choices")).toArray()) c << v.toString();
    if (c.size() != 4) return rd.failAt(rec, QStringLiteral("choices"), QStringLiteral("must be a list of 4 strings"));
    const QJsonValue a = f.value(QStringLiteral("answer"));
    gold = a.isDouble() ? a.toInt() : -1;
    if (gold < 0 || gold > 3) return rd.failAt(rec, QStringLiteral("answer"), QStringLiteral("must be 0-3"));
  }
  d->text = QStringLiteral("%1\nA. %2\nB. %3\nC. %4\nD. %5\nAnswer:").arg(q.trimmed(), c[0], c[1], c[2], c[3]);
  d->choices = {QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C"), QStringLiteral("D")};
  d->gold = gold;
  return true;
}

bool gsm8kDoc(Reader& rd, const Record& rec, Doc* d, bool cot) {
  QString q, a;
  if (!rd.requireString(rec, rec.fields, QStringLiteral("question"), &q) || !rd.requireString(rec, rec.fields, QStringLiteral("answer"), &a)) return false;
  if (!a.contains(QStringLiteral("####"))) return rd.failAt(rec, QStringLiteral("answer"), QStringLiteral("has no '#### <number>' final answer"));
  d->text = cot ? QStringLiteral("Q: %1\nA:").arg(q) : QStringLiteral("Question: %1\nAnswer:").arg(q);
  d->target = cot ? a.section(QStringLiteral("####"), -1).trimmed() : a;
  return true;
}

uint64_t mix(uint64_t& s) {
  uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

bool gpqaDoc(Reader& rd, const Record& rec, Doc* d, const TaskSpec& spec, uint64_t seed) {
  const QJsonObject& f = rec.fields;
  QString q, right, w[3];
  if (!rd.requireString(rec, f, QStringLiteral("Question"), &q) || !rd.requireString(rec, f, QStringLiteral("Correct Answer"), &right)) return false;
  for (int i = 0; i < 3; ++i)
    if (!rd.requireString(rec, f, QStringLiteral("Incorrect Answer %1").arg(i + 1), &w[i])) return false;
  QStringList choices{cleanBracketText(w[0]), cleanBracketText(w[1]), cleanBracketText(w[2]), cleanBracketText(right)};
  // The answers are shuffled per item with a seeded generator, as the task does; the order is
  // reproducible for a seed but not the same as Python's random module gives.
  uint64_t s = seed ^ (static_cast<uint64_t>(rec.line) * 0x2545F4914F6CDD1DULL);
  for (int i = 3; i > 0; --i) std::swap(choices[i], choices[static_cast<int>(mix(s) % static_cast<uint64_t>(i + 1))]);
  const int gold = static_cast<int>(choices.indexOf(cleanBracketText(right)));
  const QString listed = QStringLiteral("\nChoices:\n(A) %1\n(B) %2\n(C) %3\n(D) %4\n").arg(choices[0], choices[1], choices[2], choices[3]);
  const bool zeroshot = spec.name.endsWith(QStringLiteral("_zeroshot"));
  const QString head = zeroshot ? QStringLiteral("What is the correct answer to this question:") + q : QStringLiteral("Question: ") + q;
  const bool cot = spec.name.contains(QStringLiteral("_cot_"));
  d->text = head + listed + (cot ? QStringLiteral("Let's think step by step: ") : QStringLiteral("Answer:"));
  d->choices = {QStringLiteral("(A)"), QStringLiteral("(B)"), QStringLiteral("(C)"), QStringLiteral("(D)")};
  d->gold = gold;
  d->target = d->choices[gold];
  d->id = str(f, QStringLiteral("Record ID"));
  return true;
}

QJsonValue parsedJsonField(const QJsonValue& v) {
  // EvalPlus keeps inputs as JSON text in some releases and as JSON in others.
  if (v.isString()) {
    const QByteArray t = v.toString().toUtf8();
    const QJsonDocument doc = QJsonDocument::fromJson("{\"v\":" + t + "}");
    if (!doc.isNull()) return doc.object().value(QStringLiteral("v"));
  }
  return v;
}

bool codeDoc(Reader& rd, const Record& rec, Doc* d, bool humaneval) {
  const QJsonObject& f = rec.fields;
  if (f.contains(QStringLiteral("entry_point"))) {  // HumanEval, HumanEval+, MBPP+
    if (!rd.requireString(rec, f, QStringLiteral("task_id"), &d->id) || !rd.requireString(rec, f, QStringLiteral("prompt"), &d->prompt) ||
        !rd.requireString(rec, f, QStringLiteral("entry_point"), &d->entryPoint) || !rd.requireString(rec, f, QStringLiteral("canonical_solution"), &d->canonical))
      return false;
    d->test = str(f, QStringLiteral("test"));
    if (f.contains(QStringLiteral("base_input"))) {
      d->extra.insert(QStringLiteral("base_input"), parsedJsonField(f.value(QStringLiteral("base_input"))));
      d->extra.insert(QStringLiteral("plus_input"), parsedJsonField(f.value(QStringLiteral("plus_input"))));
      d->extra.insert(QStringLiteral("atol"), parsedJsonField(f.value(QStringLiteral("atol"))).toDouble());
      if (!d->extra.value(QStringLiteral("base_input")).isArray()) return rd.failAt(rec, QStringLiteral("base_input"), QStringLiteral("must be a list of argument lists"));
    } else if (d->test.isEmpty()) {
      return rd.failAt(rec, QStringLiteral("test"), QStringLiteral("missing (neither base_input nor a check() test)"));
    }
    return true;
  }
  if (humaneval) return rd.failAt(rec, QStringLiteral("entry_point"), QStringLiteral("missing"));
  // The original MBPP release: text, code, test_list, test_setup_code; the prompt is built the
  // way EvalPlus phrases MBPP+ (task text and the first assert in a docstring).
  QString text, code;
  if (!rd.requireString(rec, f, QStringLiteral("text"), &text) || !rd.requireString(rec, f, QStringLiteral("code"), &code)) return false;
  const QJsonArray tests = f.value(QStringLiteral("test_list")).toArray();
  if (tests.isEmpty()) return rd.failAt(rec, QStringLiteral("test_list"), QStringLiteral("must be a non-empty list of assert statements"));
  static const QRegularExpression call(QStringLiteral("assert\\s+(?:not\\s+)?\\(?\\s*(?:set\\(|math\\.isclose\\()?\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\("));
  const auto m = call.match(tests.first().toString());
  d->entryPoint = m.hasMatch() ? m.captured(1) : QString();
  d->id = QStringLiteral("Mbpp/%1").arg(f.value(QStringLiteral("task_id")).toInt());
  d->prompt = QStringLiteral("\"\"\"\n%1\n%2\n\"\"\"\n").arg(text, tests.first().toString());
  d->canonical = QString(code).replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
  QStringList asserts;
  for (const QJsonValue& t : tests) asserts << t.toString();
  d->test = str(f, QStringLiteral("test_setup_code")) + QLatin1Char('\n') + asserts.join(QLatin1Char('\n')) + QLatin1Char('\n');
  return true;
}

QList<Doc> gsm8kCotExemplars() {
  // The eight chain-of-thought exemplars gsm8k_cot uses (Wei et al.), each ending "The answer is N.".
  const char* const qa[][2] = {
      {"There are 15 trees in the grove. Grove workers will plant trees in the grove today. After they are done, there will be 21 trees. How many trees did the grove workers plant today?",
       "There are 15 trees originally. Then there were 21 trees after some more were planted. So there must have been 21 - 15 = 6. The answer is 6."},
      {"If there are 3 cars in the parking lot and 2 more cars arrive, how many cars are in the parking lot?",
       "There are originally 3 cars. 2 more cars arrive. 3 + 2 = 5. The answer is 5."},
      {"Leah had 32 chocolates and her sister had 42. If they ate 35, how many pieces do they have left in total?",
       "Originally, Leah had 32 chocolates. Her sister had 42. So in total they had 32 + 42 = 74. After eating 35, they had 74 - 35 = 39. The answer is 39."},
      {"Jason had 20 lollipops. He gave Denny some lollipops. Now Jason has 12 lollipops. How many lollipops did Jason give to Denny?",
       "Jason started with 20 lollipops. Then he had 12 after giving some to Denny. So he gave Denny 20 - 12 = 8. The answer is 8."},
      {"Shawn has five toys. For Christmas, he got two toys each from his mom and dad. How many toys does he have now?",
       "Shawn started with 5 toys. If he got 2 toys each from his mom and dad, then that is 4 more toys. 5 + 4 = 9. The answer is 9."},
      {"There were nine computers in the server room. Five more computers were installed each day, from monday to thursday. How many computers are now in the server room?",
       "There were originally 9 computers. For each of 4 days, 5 more computers were added. So 5 * 4 = 20 computers were added. 9 + 20 is 29. The answer is 29."},
      {"Michael had 58 golf balls. On tuesday, he lost 23 golf balls. On wednesday, he lost 2 more. How many golf balls did he have at the end of wednesday?",
       "Michael started with 58 golf balls. After losing 23 on tuesday, he had 58 - 23 = 35. After losing 2 more, he had 35 - 2 = 33 golf balls. The answer is 33."},
      {"Olivia has $23. She bought five bagels for $3 each. How much money does she have left?",
       "Olivia had 23 dollars. 5 bagels for 3 dollars each will be 5 x 3 = 15 dollars. So she has 23 - 15 dollars left. 23 - 15 is 8. The answer is 8."},
  };
  QList<Doc> out;
  for (const auto& e : qa) {
    Doc d;
    d.text = QStringLiteral("Q: %1\nA:").arg(QString::fromUtf8(e[0]));
    d.target = QString::fromUtf8(e[1]);
    out << d;
  }
  return out;
}

// Reads the rows of `path` through a per-row converter.
template <typename F>
std::optional<QList<Doc>> convert(Reader& rd, const QString& path, CsvHeader h, F&& toDoc) {
  auto rows = rd.read(path, h);
  if (!rows) return std::nullopt;
  QList<Doc> docs;
  for (const Record& rec : *rows) {
    Doc d;
    d.file = rec.file;
    d.line = rec.line;
    if (!toDoc(rec, &d)) return std::nullopt;
    if (d.id.isEmpty()) d.id = QString::number(docs.size());
    docs << d;
  }
  if (docs.isEmpty()) {
    if (rd.error) *rd.error = ReadError{path, 0, {}, QStringLiteral("holds no items")};
    return std::nullopt;
  }
  return docs;
}

QStringList candidates(const QString& dir, const QStringList& names) {
  QStringList out;
  for (const QString& n : names) out << dir + QLatin1Char('/') + n << dir + QLatin1Char('/') + n + QStringLiteral(".gz");
  return out;
}

}  // namespace

QString cleanBracketText(const QString& text) {
  static const QRegularExpression brackets(QStringLiteral("\\[.*?\\]"));
  QString t = text.trimmed();
  t.replace(QStringLiteral(" [title]"), QStringLiteral(". "));
  t.remove(brackets);
  t.replace(QStringLiteral("  "), QStringLiteral(" "));
  return t;
}

const QList<TaskSpec>& allTasks() {
  static const QList<TaskSpec> tasks = buildRegistry();
  return tasks;
}

const TaskSpec* findTask(const QString& name) {
  for (const TaskSpec& t : allTasks())
    if (t.name == name) return &t;
  return nullptr;
}

QStringList groupMembers(const QString& group) {
  QStringList out;
  for (const TaskSpec& t : allTasks())
    if (t.groups.contains(group)) out << t.name;
  return out;
}

QStringList allGroups() {
  QStringList out;
  for (const TaskSpec& t : allTasks())
    for (const QString& g : t.groups)
      if (!out.contains(g)) out << g;
  return out;
}

std::optional<QStringList> expandTaskNames(const QStringList& names, QString* error, QStringList* fromGroups) {
  QStringList out, grouped, explicitNames;
  for (const QString& raw : names) {
    const QString n = raw.trimmed();
    if (n.isEmpty()) continue;
    QStringList members;
    // gpqa alone would be 12 runs of the same items; the group names the zero-shot variants.
    if (n == QLatin1String("gpqa")) members = {QStringLiteral("gpqa_main_zeroshot"), QStringLiteral("gpqa_diamond_zeroshot"), QStringLiteral("gpqa_extended_zeroshot")};
    else if (findTask(n)) members = {n};
    else members = groupMembers(n);
    if (findTask(n)) explicitNames << n;
    else grouped << members;
    if (members.isEmpty()) {
      QStringList close;
      for (const TaskSpec& t : allTasks())
        if (t.name.startsWith(n.left(4)) && close.size() < 8) close << t.name;
      if (error)
        *error = QStringLiteral("unknown task '%1'%2; `ct eval --list` shows every task").arg(n, close.isEmpty() ? QString() : QStringLiteral(" (did you mean %1?)").arg(close.join(QStringLiteral(", "))));
      return std::nullopt;
    }
    for (const QString& m : members)
      if (!out.contains(m)) out << m;
  }
  if (fromGroups) {
    fromGroups->clear();
    for (const QString& g : grouped)
      if (!explicitNames.contains(g) && !fromGroups->contains(g)) *fromGroups << g;
  }
  return out;
}

std::optional<TaskData> loadTask(const TaskSpec& spec, const LoadOptions& o, ReadError* error) {
  Reader rd{o, error, {}};
  TaskData data;
  const QString f = spec.family;
  auto finish = [&](std::optional<QList<Doc>> docs) -> std::optional<TaskData> {
    if (!docs) return std::nullopt;
    data.docs = *docs;
    data.files = rd.files;
    return data;
  };
  // The evaluated split, and the training split few-shot examples are drawn from when it is there.
  auto withPool = [&](const QStringList& test, const QStringList& train, auto conv) -> std::optional<TaskData> {
    const QString path = rd.locate(test, spec.dataHint);
    if (path.isEmpty()) return std::nullopt;
    const QString pool = rd.locate(train, spec.dataHint);
    if (!pool.isEmpty()) {
      auto shots = convert(rd, pool, CsvHeader::None, conv);
      if (!shots) return std::nullopt;
      data.fewshotPool = *shots;
    }
    data.fewshotFirstN = false;
    return finish(convert(rd, path, CsvHeader::None, conv));
  };
  if (f == QLatin1String("arc") || f == QLatin1String("openbookqa")) {
    const bool ob = f == QLatin1String("openbookqa");
    const QString dir = spec.name;
    const QString stem = ob ? QString() : (spec.name == QLatin1String("arc_easy") ? QStringLiteral("ARC-Easy") : QStringLiteral("ARC-Challenge"));
    return withPool(candidates(dir, ob ? QStringList{QStringLiteral("test.jsonl"), QStringLiteral("test.json")}
                                       : QStringList{stem + QStringLiteral("-Test.jsonl"), QStringLiteral("test.jsonl"), QStringLiteral("test.json")}),
                    candidates(dir, ob ? QStringList{QStringLiteral("train.jsonl")} : QStringList{stem + QStringLiteral("-Train.jsonl"), QStringLiteral("train.jsonl")}),
                    [&](const Record& r, Doc* d) { return ai2Doc(rd, r, d, ob); });
  }
  if (f == QLatin1String("hellaswag"))
    return withPool(candidates(f, {QStringLiteral("hellaswag_val.jsonl"), QStringLiteral("validation.jsonl")}),
                    candidates(f, {QStringLiteral("hellaswag_train.jsonl"), QStringLiteral("train.jsonl")}),
                    [&](const Record& r, Doc* d) { return hellaswagDoc(rd, r, d); });
  if (f == QLatin1String("boolq"))
    return withPool(candidates(f, {QStringLiteral("val.jsonl"), QStringLiteral("validation.jsonl")}), candidates(f, {QStringLiteral("train.jsonl")}),
                    [&](const Record& r, Doc* d) { return boolqDoc(rd, r, d); });
  if (f == QLatin1String("mmlu")) {
    const QString subject = spec.name.mid(5);
    auto conv = [&](const Record& r, Doc* d) { return mmluDoc(rd, r, d); };
    const QString path = rd.locate({QStringLiteral("mmlu/test/%1_test.csv").arg(subject), QStringLiteral("mmlu/%1/test.jsonl").arg(subject)}, spec.dataHint);
    if (path.isEmpty()) return std::nullopt;
    const QString dev = rd.locate({QStringLiteral("mmlu/dev/%1_dev.csv").arg(subject), QStringLiteral("mmlu/%1/dev.jsonl").arg(subject)}, spec.dataHint);
    if (!dev.isEmpty()) {
      auto pool = convert(rd, dev, CsvHeader::None, conv);
      if (!pool) return std::nullopt;
      data.fewshotPool = *pool;
    }
    return finish(convert(rd, path, CsvHeader::None, conv));
  }
  if (f == QLatin1String("gpqa")) {
    const QString subset = spec.name.section(QLatin1Char('_'), 1, 1);
    QStringList c{QStringLiteral("gpqa/dataset.zip#dataset/gpqa_%1.csv").arg(subset), QStringLiteral("gpqa/gpqa_%1.csv").arg(subset)};
    // A sample archive holding the same member under another name (e.g. gpqa_diamond_sample.zip).
    for (const QFileInfo& z : QDir(QDir(o.dataDir).filePath(QStringLiteral("gpqa"))).entryInfoList({QStringLiteral("*.zip")}, QDir::Files, QDir::Name))
      if (z.fileName() != QLatin1String("dataset.zip") && z.fileName().contains(subset)) c << QStringLiteral("gpqa/%1#dataset/gpqa_%2.csv").arg(z.fileName(), subset);
    const QString path = rd.locate(c, spec.dataHint);
    if (path.isEmpty()) return std::nullopt;
    auto conv = [&](const Record& r, Doc* d) { return gpqaDoc(rd, r, d, spec, o.seed); };
    auto docs = convert(rd, path, CsvHeader::FirstRow, conv);
    if (!docs) return std::nullopt;
    data.fewshotPool = *docs;  // only one split exists: examples come from it, never the item itself
    data.fewshotFirstN = false;
    if (spec.name.contains(QStringLiteral("generative")))
      for (Doc& d : data.fewshotPool) d.target = QStringLiteral("The answer is %1.").arg(d.choices[d.gold]);
    return finish(docs);
  }
  if (f == QLatin1String("gsm8k") || f == QLatin1String("gsm8k_platinum")) {
    const bool cot = spec.name.endsWith(QStringLiteral("_cot"));
    const QString path = rd.locate(candidates(f, {QStringLiteral("test.jsonl"), QStringLiteral("test.json")}), spec.dataHint);
    if (path.isEmpty()) return std::nullopt;
    auto conv = [&](const Record& r, Doc* d) { return gsm8kDoc(rd, r, d, cot); };
    if (cot) {
      data.fewshotPool = gsm8kCotExemplars();
    } else {
      const QString train = rd.locate(candidates(f, {QStringLiteral("train.jsonl")}), spec.dataHint);
      if (!train.isEmpty()) {
        auto pool = convert(rd, train, CsvHeader::None, conv);
        if (!pool) return std::nullopt;
        data.fewshotPool = *pool;
      }
    }
    return finish(convert(rd, path, CsvHeader::None, conv));
  }
  if (spec.kind == TaskKind::Code) {
    const bool he = spec.name == QLatin1String("humaneval");
    const QString path = rd.locate(he ? QStringList{QStringLiteral("humanevalplus/HumanEvalPlus.jsonl.gz"), QStringLiteral("humanevalplus/HumanEvalPlus.jsonl"),
                                                    QStringLiteral("humaneval/HumanEval.jsonl.gz"), QStringLiteral("humaneval/HumanEval.jsonl")}
                                      : QStringList{QStringLiteral("mbppplus/MbppPlus.jsonl"), QStringLiteral("mbppplus/MbppPlus.jsonl.gz"), QStringLiteral("mbpp/mbpp.jsonl")},
                                   spec.dataHint);
    if (path.isEmpty()) return std::nullopt;
    auto conv = [&](const Record& r, Doc* d) { return codeDoc(rd, r, d, he); };
    auto docs = convert(rd, path, CsvHeader::None, conv);
    if (docs && !he && path.endsWith(QStringLiteral("mbpp/mbpp.jsonl"))) {
      // The release holds every split; the test split is task_ids 11-510.
      QList<Doc> test;
      for (const Doc& d : *docs) {
        const int id = d.id.mid(5).toInt();
        if (id >= 11 && id <= 510) test << d;
      }
      *docs = test;
    }
    return finish(docs);
  }
  if (error) *error = ReadError{spec.name, 0, {}, QStringLiteral("this task has no data files")};
  return std::nullopt;
}

QString exampleAnswer(const TaskSpec& spec, const Doc& shot) {
  if (spec.kind == TaskKind::MultipleChoice) return shot.choices.value(shot.gold);
  return shot.target;
}

QString buildContext(const TaskSpec& spec, const Doc& doc, const QList<Doc>& shots) {
  QString ctx = spec.description;
  for (const Doc& s : shots) ctx += s.text + spec.targetDelimiter + exampleAnswer(spec, s) + spec.fewshotDelimiter;
  return ctx + doc.text;
}

QList<Doc> chooseShots(const TaskData& data, const Doc& doc, int docIndex, int k, uint64_t seed) {
  QList<Doc> pool;
  for (const Doc& d : data.fewshotPool)
    if (!(d.file == doc.file && d.line == doc.line && !doc.file.isEmpty())) pool << d;
  if (k <= 0 || pool.isEmpty()) return {};
  if (data.fewshotFirstN) return pool.mid(0, k);
  uint64_t s = seed * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(docIndex);
  QList<Doc> out;
  for (int i = 0; i < std::min<qsizetype>(k, pool.size()); ++i) {
    const int j = i + static_cast<int>(mix(s) % static_cast<uint64_t>(pool.size() - i));
    std::swap(pool[i], pool[j]);
    out << pool[i];
  }
  return out;
}

}  // namespace ct::eval
