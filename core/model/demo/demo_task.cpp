#include "model/demo/demo_task.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <algorithm>

#include "model/chat_template.h"
#include "model/generation.h"
#include "model/tokenizer.h"

namespace ct::model::demo {

uint64_t nextRandom(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

int operandLimit() { return 21; }

QString formName(Form f) {
  switch (f) {
    case Form::Chat: return QStringLiteral("chat");
    case Form::MultipleChoice: return QStringLiteral("multiple-choice");
    case Form::Worked: return QStringLiteral("worked");
  }
  return {};
}

Example sample(uint64_t& rng) {
  Example e{};
  e.op = nextRandom(rng) % 2 ? '+' : '-';
  e.a = static_cast<int>(nextRandom(rng) % static_cast<uint64_t>(operandLimit()));
  e.b = static_cast<int>(nextRandom(rng) % static_cast<uint64_t>(operandLimit()));
  if (e.op == '-' && e.b > e.a) std::swap(e.a, e.b);
  e.result = e.op == '+' ? e.a + e.b : e.a - e.b;
  e.form = static_cast<Form>(nextRandom(rng) % 3);
  const QString expr = QStringLiteral("%1 %2 %3").arg(e.a).arg(QLatin1Char(e.op)).arg(e.b);
  switch (e.form) {
    case Form::Chat:
      e.question = QStringLiteral("What is %1?").arg(expr);
      e.answer = QString::number(e.result);
      break;
    case Form::MultipleChoice: {
      int options[4];
      const int slot = static_cast<int>(nextRandom(rng) % 4);
      const int offsets[] = {1, -1, 10, -10, 2, -2, 11, -9};
      for (int i = 0; i < 4; ++i) {
        if (i == slot) {
          options[i] = e.result;
          continue;
        }
        int v;
        do v = e.result + offsets[nextRandom(rng) % 8];
        while (v < 0 || v == e.result || std::find(options, options + i, v) != options + i);
        options[i] = v;
      }
      e.letter = static_cast<char>('A' + slot);
      // Answered with a worked line that ends in the right option's value (the option's text, as
      // lm-eval scores ARC): the sum is computed next to its operands first, so three close
      // distractors in the prompt cannot pull the answer off.
      e.question = QStringLiteral("What is %1?\nA. %2\nB. %3\nC. %4\nD. %5\nAnswer with the right option.")
                       .arg(expr).arg(options[0]).arg(options[1]).arg(options[2]).arg(options[3]);
      e.answer = QStringLiteral("%1 = %2. The answer is %2.").arg(expr).arg(e.result);
      break;
    }
    case Form::Worked:
      e.question = e.op == '+' ? QStringLiteral("Tom has %1 apples and buys %2 more. How many apples does he have now?").arg(e.a).arg(e.b)
                               : QStringLiteral("Tom has %1 apples and gives away %2. How many apples are left?").arg(e.a).arg(e.b);
      e.answer = QStringLiteral("%1 = %2. The answer is %2.").arg(expr).arg(e.result);
      break;
  }
  return e;
}

bool isCorrect(const Example& e, const QString& reply) {
  const QString r = reply.trimmed();
  switch (e.form) {
    case Form::Chat: return r == QString::number(e.result);
    case Form::MultipleChoice: {
      // The right option's value ("... The answer is 22."), its letter ("The answer is B.", "B",
      // "B. 22") or its bare text, for models that answer those ways.
      static const QRegularExpression re(QStringLiteral("The answer is (\\-?[0-9]+|[A-D])\\b"));
      const QString letter(QLatin1Char(e.letter));
      if (const auto m = re.match(r); m.hasMatch()) return m.captured(1) == letter || m.captured(1) == QString::number(e.result);
      return r == letter || r == QString::number(e.result) || r == QStringLiteral("%1. %2").arg(letter).arg(e.result);
    }
    case Form::Worked: {
      static const QRegularExpression re(QStringLiteral("The answer is (\\-?[0-9]+)"));
      const auto m = re.match(r);
      return m.hasMatch() && m.captured(1).toInt() == e.result;
    }
  }
  return false;
}

Accuracy evaluate(LanguageModel& model, const Tokenizer& tokenizer, const ChatTemplate& tpl,
                  const std::vector<int32_t>& stopIds, int n, uint64_t seed) {
  Accuracy acc;
  uint64_t rng = seed;
  SamplingParams sp;
  sp.maxTokens = 32;
  for (int i = 0; i < n; ++i) {
    const Example e = sample(rng);
    const QJsonArray messages{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), e.question}}};
    const QByteArray prompt = tpl.render(messages, true, nullptr).value_or(QString()).toUtf8();
    const auto r = generate(model, tokenizer, tokenizer.encode(prompt.toStdString()), sp, stopIds, nullptr);
    const bool ok = isCorrect(e, QString::fromStdString(r.text));
    const int f = static_cast<int>(e.form);
    ++acc.total;
    ++acc.perForm[f];
    if (ok) {
      ++acc.correct;
      ++acc.perFormCorrect[f];
    }
  }
  return acc;
}

}  // namespace ct::model::demo
