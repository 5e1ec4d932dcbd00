#pragma once
#include <QString>
#include <cstdint>
#include <vector>

namespace ct::model {
class LanguageModel;
class Tokenizer;
class ChatTemplate;
}  // namespace ct::model

namespace ct::model::demo {

// The demo model's synthetic task: addition and subtraction of whole numbers from 0 to 20,
// asked three ways — a plain question, a four-option multiple choice, and a GSM8K-like word
// problem answered with a worked line ending "The answer is N.". The operand pairs are a small
// closed set (882 facts): a held-out set is drawn with another seed (new forms, option orders
// and distractors), so it measures that the facts and formats were learnt, not that arithmetic
// generalises to numbers never seen.
enum class Form { Chat, MultipleChoice, Worked };

struct Example {
  Form form;
  int a, b;
  char op;  // '+' or '-'
  QString question;
  QString answer;  // the exact reply the model is trained to give
  int result;
  char letter = 0;  // multiple choice: the right option
};

int operandLimit();  // operands are 0 .. operandLimit()-1
// A random example; deterministic for the rng state.
Example sample(uint64_t& rng);
// Whether a reply answers the example correctly (the same rule for every form's extraction).
bool isCorrect(const Example& e, const QString& reply);
QString formName(Form f);

struct Accuracy {
  int total = 0, correct = 0;
  int perForm[3] = {0, 0, 0}, perFormCorrect[3] = {0, 0, 0};
  double rate() const { return total ? static_cast<double>(correct) / total : 0; }
};

// Greedy generation through the chat template on n examples drawn from `seed`.
Accuracy evaluate(LanguageModel& model, const Tokenizer& tokenizer, const ChatTemplate& tpl,
                  const std::vector<int32_t>& stopIds, int n, uint64_t seed);

uint64_t nextRandom(uint64_t& state);

}  // namespace ct::model::demo
