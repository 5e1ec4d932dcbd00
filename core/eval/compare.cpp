#include "eval/compare.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>
#include <cmath>

#include "eval/openai_client.h"
#include "model/demo/demo_task.h"

namespace ct::eval {

std::optional<QList<Target>> parseTargets(const QString& text, QString* error) {
  QList<Target> out;
  for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    const qsizetype eq = part.indexOf(QLatin1Char('='));
    const QString name = part.left(eq).trimmed(), url = part.mid(eq + 1).trimmed();
    static const QRegularExpression okName(QStringLiteral("^[A-Za-z0-9_.-]{1,32}$"));
    const QUrl u(url);
    if (eq <= 0 || !okName.match(name).hasMatch() || !u.isValid() || (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https"))) {
      if (error) *error = QStringLiteral("'%1' is not NAME=URL (e.g. origin=http://127.0.0.1:8000/v1); names are letters, digits, '.', '_', '-'").arg(part);
      return std::nullopt;
    }
    for (const Target& t : out)
      if (t.name == name) {
        if (error) *error = QStringLiteral("target '%1' is named twice").arg(name);
        return std::nullopt;
      }
    out << Target{name, url, {}, {}};
  }
  if (out.isEmpty()) {
    if (error) *error = QStringLiteral("no targets given; use NAME=URL[,NAME=URL...]");
    return std::nullopt;
  }
  return out;
}

std::optional<Distributions> scoreText(OpenAiClient& client, const QString& model, const QString& text, int topK, QString* error) {
  const auto r = client.post(QStringLiteral("/completions"), {{QStringLiteral("model"), model}, {QStringLiteral("prompt"), text}, {QStringLiteral("max_tokens"), 1},
                                                            {QStringLiteral("temperature"), 0}, {QStringLiteral("logprobs"), topK}, {QStringLiteral("echo"), true}});
  if (r.status != 200) {
    if (error) *error = r.error;
    return std::nullopt;
  }
  const QJsonObject lp = r.body.value(QStringLiteral("choices")).toArray().first().toObject().value(QStringLiteral("logprobs")).toObject();
  const QJsonArray tokens = lp.value(QStringLiteral("tokens")).toArray(), lps = lp.value(QStringLiteral("token_logprobs")).toArray();
  const QJsonArray top = lp.value(QStringLiteral("top_logprobs")).toArray();
  if (tokens.isEmpty() || tokens.size() != lps.size()) {
    if (error) *error = QStringLiteral("%1/completions gave no echo log-probabilities").arg(client.baseUrl());
    return std::nullopt;
  }
  Distributions d;
  // The last entry is the generated token, not part of the text.
  for (qsizetype i = 0; i + 1 < tokens.size(); ++i) {
    d.tokens << tokens[i].toString();
    d.tokenLogprobs << (lps[i].isDouble() ? lps[i].toDouble() : std::nan(""));
    QMap<QString, double> m;
    const QJsonObject o = top.at(i).toObject();
    for (auto it = o.begin(); it != o.end(); ++it) m.insert(it.key(), it->toDouble());
    d.top << m;
  }
  return d;
}

QString defaultAgreementText() {
  QString text;
  uint64_t rng = 777;
  for (int i = 0; i < 24; ++i) {
    const model::demo::Example e = model::demo::sample(rng);
    text += e.question + QLatin1Char('\n') + e.answer + QLatin1Char('\n');
  }
  text += QStringLiteral(
      "The quick brown fox jumps over the lazy dog.\n"
      "Quantization stores each weight in a few bits and a shared scale per group of weights.\n"
      "A language model predicts the next token from the tokens before it.\n");
  return text;
}

std::optional<Distributions> scoreLongText(OpenAiClient& client, const QString& model, const QString& text, int topK, int maxChars, QString* error) {
  QStringList pieces;
  QString cur;
  for (const QString& line : text.split(QLatin1Char('\n'))) {
    if (!cur.isEmpty() && cur.size() + line.size() + 1 > maxChars) {
      pieces << cur;
      cur.clear();
    }
    cur += (cur.isEmpty() ? QString() : QStringLiteral("\n")) + line.left(maxChars);
  }
  if (!cur.trimmed().isEmpty()) pieces << cur;
  Distributions all;
  while (!pieces.isEmpty()) {
    const QString p = pieces.takeFirst();
    auto d = scoreText(client, model, p, topK, error);
    if (!d && error && error->contains(QStringLiteral("context")) && p.size() > 40) {
      // Too long for this endpoint's context: score it in halves.
      pieces.prepend(p.mid(p.size() / 2));
      pieces.prepend(p.left(p.size() / 2));
      continue;
    }
    if (!d) return std::nullopt;
    all.tokens << d->tokens;
    all.tokenLogprobs << d->tokenLogprobs;
    all.top << d->top;
  }
  if (all.tokens.isEmpty()) {
    if (error) *error = QStringLiteral("the text is empty");
    return std::nullopt;
  }
  return all;
}

std::optional<Agreement> compareDistributions(const Distributions& a, const Distributions& b, QString* error) {
  if (a.tokens != b.tokens) {
    if (error) *error = QStringLiteral("the endpoints tokenise the text differently (%1 vs %2 tokens); KL needs the same tokenizer").arg(a.tokens.size()).arg(b.tokens.size());
    return std::nullopt;
  }
  Agreement g;
  double kl = 0, dlp = 0;
  int agree = 0, n = 0;
  for (qsizetype i = 1; i < a.tokens.size(); ++i) {  // position 0 has no prediction
    const double pa = a.tokenLogprobs[i], pb = b.tokenLogprobs[i];
    if (std::isnan(pa) || std::isnan(pb)) continue;
    ++n;
    g.topK = std::max<int>(g.topK, static_cast<int>(std::max(a.top[i].size(), b.top[i].size())));
    dlp += std::fabs(pa - pb);
    // Buckets: tokens whose probability both sides know.
    QMap<QString, QPair<double, double>> known;
    known.insert(a.tokens[i], {pa, pb});
    for (auto it = a.top[i].begin(); it != a.top[i].end(); ++it) {
      if (b.top[i].contains(it.key())) known.insert(it.key(), {it.value(), b.top[i].value(it.key())});
    }
    double restA = 1, restB = 1, sum = 0;
    for (const auto& [la, lb] : known) {
      sum += std::exp(la) * (la - lb);
      restA -= std::exp(la);
      restB -= std::exp(lb);
    }
    restA = std::max(restA, 0.0);
    restB = std::max(restB, 1e-12);
    if (restA > 0) sum += restA * std::log(restA / restB);
    kl += std::max(sum, 0.0);
    auto argmax = [](const QMap<QString, double>& m) {
      QString best;
      double v = -INFINITY;
      for (auto it = m.begin(); it != m.end(); ++it)
        if (it.value() > v) {
          v = it.value();
          best = it.key();
        }
      return best;
    };
    if (!a.top[i].isEmpty() && argmax(a.top[i]) == argmax(b.top[i])) ++agree;
  }
  if (n == 0) {
    if (error) *error = QStringLiteral("no scored positions in the text");
    return std::nullopt;
  }
  g.positions = n;
  g.klMean = kl / n;
  g.top1 = static_cast<double>(agree) / n;
  g.meanAbsDeltaLp = dlp / n;
  return g;
}

namespace {

struct Cell {
  QString key;
  const MetricValue* v = nullptr;
};

}  // namespace

QJsonObject comparisonJson(const QList<QPair<QString, EvalResults>>& runs, const QMap<QString, Agreement>& agreement) {
  QJsonObject tasks;
  if (runs.isEmpty()) return {};
  const EvalResults& origin = runs.first().second;
  for (const TaskResult& t : origin.tasks) {
    QJsonObject perMetric;
    for (auto it = t.metrics.begin(); it != t.metrics.end(); ++it) {
      QJsonObject perTarget;
      for (const auto& [name, r] : runs) {
        const TaskResult* tr = r.find(t.task);
        if (!tr || !tr->metrics.contains(it.key())) continue;
        const MetricValue& v = tr->metrics[it.key()];
        perTarget.insert(name, QJsonObject{{QStringLiteral("value"), v.value},
                                           {QStringLiteral("stderr"), v.stderr_ ? QJsonValue(*v.stderr_) : QJsonValue(QStringLiteral("N/A"))},
                                           {QStringLiteral("delta"), v.value - it->value}, {QStringLiteral("n"), tr->nEffective}});
      }
      perMetric.insert(it.key(), perTarget);
    }
    tasks.insert(t.task, perMetric);
  }
  for (const GroupResult& g : origin.groups) {
    QJsonObject perMetric;
    for (auto it = g.metrics.begin(); it != g.metrics.end(); ++it) {
      QJsonObject perTarget;
      for (const auto& [name, r] : runs)
        for (const GroupResult& og : r.groups)
          if (og.group == g.group && og.metrics.contains(it.key()))
            perTarget.insert(name, QJsonObject{{QStringLiteral("value"), og.metrics[it.key()].value}, {QStringLiteral("delta"), og.metrics[it.key()].value - it->value}});
      perMetric.insert(it.key(), perTarget);
    }
    tasks.insert(g.group, perMetric);
  }
  QJsonObject agree;
  for (auto it = agreement.begin(); it != agreement.end(); ++it)
    agree.insert(it.key(), QJsonObject{{QStringLiteral("kl_lower_bound"), it->klMean}, {QStringLiteral("top1_agreement"), it->top1},
                                       {QStringLiteral("mean_abs_delta_logprob"), it->meanAbsDeltaLp}, {QStringLiteral("positions"), it->positions},
                                       {QStringLiteral("top_k"), it->topK}});
  QJsonArray names;
  for (const auto& r : runs) names.append(r.first);
  return {{QStringLiteral("targets"), names}, {QStringLiteral("baseline"), runs.first().first}, {QStringLiteral("tasks"), tasks}, {QStringLiteral("agreement"), agree}};
}

QString formatComparison(const QList<QPair<QString, EvalResults>>& runs, const QMap<QString, Agreement>& agreement) {
  if (runs.isEmpty()) return {};
  QString out;
  QString header = QStringLiteral("%1 %2").arg(QStringLiteral("task"), -28).arg(QStringLiteral("metric"), -28);
  for (const auto& r : runs) header += QStringLiteral(" %1").arg(r.first, 20);
  out += header + QLatin1Char('\n');
  const EvalResults& origin = runs.first().second;
  auto row = [&](const QString& task, const QString& key, auto lookup) {
    QString line = QStringLiteral("%1 %2").arg(task, -28).arg(key, -28);
    std::optional<double> base;
    for (const auto& [name, r] : runs) {
      const MetricValue* v = lookup(r);
      if (!v) {
        line += QStringLiteral(" %1").arg(QStringLiteral("-"), 20);
        continue;
      }
      QString cell = QStringLiteral("%1").arg(100 * v->value, 0, 'f', 1);
      if (v->stderr_) cell += QStringLiteral("±%1").arg(100 * *v->stderr_, 0, 'f', 1);
      if (base) cell += QStringLiteral(" (%1%2)").arg(v->value >= *base ? QStringLiteral("+") : QString()).arg(100 * (v->value - *base), 0, 'f', 1);
      else base = v->value;
      line += QStringLiteral(" %1").arg(cell, 20);
    }
    out += line + QLatin1Char('\n');
  };
  for (const TaskResult& t : origin.tasks) {
    const QString key = headlineMetric(t);
    row(t.task, key, [&](const EvalResults& r) -> const MetricValue* {
      const TaskResult* tr = r.find(t.task);
      return tr && tr->metrics.contains(key) ? &tr->metrics.find(key).value() : nullptr;
    });
  }
  for (const GroupResult& g : origin.groups) {
    const QString key = g.metrics.firstKey();
    row(g.group + QStringLiteral(" (group)"), key, [&](const EvalResults& r) -> const MetricValue* {
      for (const GroupResult& og : r.groups)
        if (og.group == g.group && og.metrics.contains(key)) return &og.metrics.find(key).value();
      return nullptr;
    });
  }
  if (!agreement.isEmpty()) {
    out += QStringLiteral("\nnext-token agreement with %1 (text set):\n").arg(runs.first().first);
    for (auto it = agreement.begin(); it != agreement.end(); ++it)
      out += QStringLiteral("  %1: KL >= %2 nats/token, top-1 agreement %3%, mean |dlogp| %4 (%5 positions, top-%6)\n")
                 .arg(it.key(), -12).arg(it->klMean, 0, 'f', 4).arg(100 * it->top1, 0, 'f', 1).arg(it->meanAbsDeltaLp, 0, 'f', 4).arg(it->positions).arg(it->topK);
  }
  return out;
}

}  // namespace ct::eval
