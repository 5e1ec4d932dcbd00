#include "eval/extraction.h"

#include <QRegularExpression>

namespace ct::eval {
namespace {

const QString kInvalid = QStringLiteral("[invalid]");

// Python's re.findall: whole matches without groups, else the groups of each match.
QList<QStringList> findAll(const QRegularExpression& re, const QString& text) {
  QList<QStringList> out;
  auto it = re.globalMatch(text);
  while (it.hasNext()) {
    const auto m = it.next();
    QStringList groups;
    if (re.captureCount() == 0) groups << m.captured(0);
    for (int g = 1; g <= re.captureCount(); ++g) groups << m.captured(g);
    out << groups;
  }
  return out;
}

QString pick(const QList<QStringList>& matches, int groupSelect) {
  if (matches.isEmpty()) return {};
  const int i = groupSelect < 0 ? static_cast<int>(matches.size()) + groupSelect : groupSelect;
  if (i < 0 || i >= matches.size()) return {};
  for (const QString& g : matches[i])
    if (!g.isEmpty()) return g.trimmed();
  return {};
}

QString removePunctuation(QString s) {
  // Python's string.punctuation: the ASCII punctuation characters.
  static const QString punct = QStringLiteral("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
  QString out;
  for (QChar c : s)
    if (!punct.contains(c)) out += c;
  return out;
}

}  // namespace

QString regexFilter(const QString& reply, const QString& pattern, int groupSelect) {
  const QRegularExpression re(pattern);
  const auto matches = findAll(re, reply);
  if (matches.isEmpty()) return kInvalid;
  const int i = groupSelect < 0 ? static_cast<int>(matches.size()) + groupSelect : groupSelect;
  if (i < 0 || i >= matches.size()) return kInvalid;
  for (const QString& g : matches[i])
    if (!g.isEmpty()) return g.trimmed();
  return kInvalid;
}

QString multiChoiceFilter(const QString& reply, const QString& pattern, int groupSelect, const QStringList& choices, bool ignoreCase,
                          bool ignorePunctuation) {
  auto normalise = [&](QString s) {
    if (ignoreCase) s = s.toLower();
    if (ignorePunctuation) s = removePunctuation(s);
    return s;
  };
  QString m = pick(findAll(QRegularExpression(pattern), reply), groupSelect);
  if (!m.isEmpty()) return m;
  QStringList alternatives;
  QHash<QString, QString> toLetter;
  QStringList letters;
  for (int i = 0; i < choices.size(); ++i) {
    const QString c = normalise(choices[i].trimmed());
    alternatives << QRegularExpression::escape(c);
    const QString letter(QChar(u'A' + i));
    toLetter.insert(c, QStringLiteral("(%1)").arg(letter));
    letters << letter;
  }
  if (!alternatives.isEmpty()) {
    m = pick(findAll(QRegularExpression(alternatives.join(QLatin1Char('|'))), normalise(reply)), groupSelect);
    if (!m.isEmpty()) return toLetter.value(m, m);
    m = pick(findAll(QRegularExpression(QStringLiteral(":[\\s]*(%1)").arg(letters.join(QLatin1Char('|')))), reply), groupSelect);
    if (!m.isEmpty()) return QStringLiteral("(%1)").arg(m);
  }
  return kInvalid;
}

bool exactMatch(const QString& prediction, const QString& reference, const ExactMatchOptions& o) {
  QString p = prediction, r = reference;
  for (const QString& ignore : o.regexesToIgnore) {
    const QRegularExpression re(ignore);
    p.remove(re);
    r.remove(re);
  }
  if (o.ignoreCase) {
    p = p.toLower();
    r = r.toLower();
  }
  if (o.ignorePunctuation) {
    p = removePunctuation(p);
    r = removePunctuation(r);
  }
  return p == r;
}

QString extractAnswer(const QString& task, const QString& filter, const QString& reply, const QStringList& choices) {
  const bool flexible = filter == QLatin1String("flexible-extract");
  if (task.startsWith(QStringLiteral("gsm8k"))) {
    if (flexible) return regexFilter(reply, QStringLiteral("(-?[$0-9.,]{2,})|(-?[0-9]+)"), -1);
    // The final "." is unescaped in the task: any one character after the number.
    return regexFilter(reply, task == QLatin1String("gsm8k") ? QStringLiteral("#### (\\-?[0-9\\.\\,]+)") : QStringLiteral("The answer is (\\-?[0-9\\.\\,]+)."), 0);
  }
  if (task.startsWith(QStringLiteral("gpqa"))) {
    if (flexible) return multiChoiceFilter(reply, QStringLiteral("(\\([A-Z]\\))"), -1, choices, true, true);
    return regexFilter(reply, QStringLiteral("(?<=The answer is )(.*)(?=.)"), 0);
  }
  return reply.trimmed();
}

ExactMatchOptions exactMatchOptionsFor(const QString& task) {
  ExactMatchOptions o;
  if (task.startsWith(QStringLiteral("gsm8k"))) {
    o.regexesToIgnore = {QStringLiteral(","), QStringLiteral("\\$"), QStringLiteral("(?s).*#### "), QStringLiteral("\\.$")};
    o.ignoreCase = true;
  } else if (task.startsWith(QStringLiteral("gpqa"))) {
    o.ignoreCase = o.ignorePunctuation = true;
  }
  return o;
}

QString extractCode(const QString& reply, const QString& entryPoint) {
  static const QRegularExpression fence(QStringLiteral("```[ \\t]*([A-Za-z0-9_+-]*)[ \\t]*\\n(.*?)(?:```|$)"), QRegularExpression::DotMatchesEverythingOption);
  QStringList blocks;
  auto it = fence.globalMatch(reply);
  while (it.hasNext()) blocks << it.next().captured(2);
  const QRegularExpression defines(QStringLiteral("^\\s*def\\s+%1\\s*\\(").arg(QRegularExpression::escape(entryPoint)), QRegularExpression::MultilineOption);
  for (const QString& b : blocks)
    if (!entryPoint.isEmpty() && defines.match(b).hasMatch()) return b;
  if (!blocks.isEmpty()) return blocks.first();
  return reply;
}

QString cutAtStops(const QString& text, const QStringList& stops) {
  qsizetype cut = text.size();
  for (const QString& s : stops) {
    const qsizetype i = text.indexOf(s);
    if (i >= 0) cut = std::min(cut, i);
  }
  return text.left(cut);
}

}  // namespace ct::eval
