#include "jobs/event.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonValue>

namespace ct::jobs {
namespace {

const char* const kTypeNames[] = {"log", "progress", "metric", "state", "result", "error", "text"};
constexpr int kTypeCount = 7;

std::optional<Event::Type> typeFromString(const QString& s) {
  for (int i = 0; i < kTypeCount; ++i)
    if (s == QLatin1String(kTypeNames[i])) return static_cast<Event::Type>(i);
  return std::nullopt;
}

Event stamped(Event::Type t) {
  Event e;
  e.type = t;
  e.timeMs = QDateTime::currentMSecsSinceEpoch();
  return e;
}

// Small field readers that name the missing or mistyped field.
struct Reader {
  const QJsonObject& o;
  QString* error;
  bool ok = true;

  void fail(const QString& why) {
    if (ok && error) *error = why;
    ok = false;
  }
  QString str(const char* key, bool required = true) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isString()) return v.toString();
    if (required || !v.isUndefined()) fail(QStringLiteral("field \"%1\" must be a string").arg(QLatin1String(key)));
    return {};
  }
  double num(const char* key, bool required = true, double fallback = 0) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isDouble()) return v.toDouble();
    if (v.isUndefined() && !required) return fallback;
    if (v.isNull() && !required) return fallback;
    fail(QStringLiteral("field \"%1\" must be a number").arg(QLatin1String(key)));
    return fallback;
  }
};

}  // namespace

QString nameOf(Event::Type t) { return QString::fromLatin1(kTypeNames[static_cast<int>(t)]); }

Event Event::log(LogLevel level, const QString& message) {
  Event e = stamped(Type::Log);
  e.level = level;
  e.message = message;
  return e;
}

Event Event::progress(double done, double total, const QString& unit, double etaSeconds, const QString& stage) {
  Event e = stamped(Type::Progress);
  e.done = done;
  e.total = total;
  e.unit = unit;
  e.etaSeconds = etaSeconds;
  e.stage = stage;
  return e;
}

Event Event::metric(const QString& series, double x, double y) {
  Event e = stamped(Type::Metric);
  e.series = series;
  e.x = x;
  e.y = y;
  return e;
}

Event Event::stateChange(JobState state) {
  Event e = stamped(Type::State);
  e.state = state;
  return e;
}

Event Event::resultOf(const QJsonObject& result) {
  Event e = stamped(Type::Result);
  e.result = result;
  return e;
}

Event Event::textDelta(const QString& text) {
  Event e = stamped(Type::Text);
  e.text = text;
  return e;
}

Event Event::error(const QString& code, const QString& message) {
  Event e = stamped(Type::Error);
  e.code = code;
  e.message = message;
  return e;
}

QJsonObject Event::toJson() const {
  QJsonObject o{{QStringLiteral("v"), kSchemaVersion},
                {QStringLiteral("type"), nameOf(type)},
                {QStringLiteral("ts"), timeMs}};
  if (!job.isEmpty()) o.insert(QStringLiteral("job"), job);
  if (!runStage.isEmpty()) o.insert(QStringLiteral("run_stage"), runStage);
  switch (type) {
    case Type::Log:
      o.insert(QStringLiteral("level"), nameOf(level));
      o.insert(QStringLiteral("msg"), message);
      if (!data.isEmpty()) o.insert(QStringLiteral("data"), data);
      break;
    case Type::Progress:
      o.insert(QStringLiteral("done"), done);
      o.insert(QStringLiteral("total"), total);
      o.insert(QStringLiteral("unit"), unit);
      o.insert(QStringLiteral("eta_s"), etaSeconds >= 0 ? QJsonValue(etaSeconds) : QJsonValue());
      if (!stage.isEmpty()) o.insert(QStringLiteral("stage"), stage);
      break;
    case Type::Metric:
      o.insert(QStringLiteral("series"), series);
      o.insert(QStringLiteral("x"), x);
      o.insert(QStringLiteral("y"), y);
      break;
    case Type::State:
      o.insert(QStringLiteral("state"), nameOf(state));
      break;
    case Type::Result:
      o.insert(QStringLiteral("result"), result);
      break;
    case Type::Error:
      o.insert(QStringLiteral("code"), code);
      o.insert(QStringLiteral("msg"), message);
      break;
    case Type::Text:
      o.insert(QStringLiteral("text"), text);
      break;
  }
  return o;
}

QByteArray Event::toLine() const {
  QByteArray line = QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
  line.append('\n');
  return line;
}

std::optional<Event> Event::fromJson(const QJsonObject& o, QString* error) {
  Reader r{o, error};
  const double v = r.num("v");
  if (!r.ok) return std::nullopt;
  if (v != kSchemaVersion) {
    r.fail(QStringLiteral("event schema version %1 is not supported (this build reads version %2)")
               .arg(v)
               .arg(kSchemaVersion));
    return std::nullopt;
  }
  const QString typeName = r.str("type");
  if (!r.ok) return std::nullopt;
  const auto type = typeFromString(typeName);
  if (!type) {
    r.fail(QStringLiteral("unknown event type \"%1\"").arg(typeName));
    return std::nullopt;
  }
  Event e;
  e.type = *type;
  e.timeMs = static_cast<qint64>(r.num("ts", false, 0));
  e.job = r.str("job", false);
  e.runStage = r.str("run_stage", false);
  switch (e.type) {
    case Type::Log: {
      const QString lv = r.str("level");
      e.message = r.str("msg");
      e.data = o.value(QStringLiteral("data")).toObject();
      if (!r.ok) break;
      const auto level = logLevelFromString(lv);
      if (!level) r.fail(QStringLiteral("unknown log level \"%1\"").arg(lv));
      else e.level = *level;
      break;
    }
    case Type::Progress:
      e.done = r.num("done");
      e.total = r.num("total");
      e.unit = r.str("unit", false);
      e.etaSeconds = r.num("eta_s", false, -1);
      e.stage = r.str("stage", false);
      break;
    case Type::Metric:
      e.series = r.str("series");
      e.x = r.num("x");
      e.y = r.num("y");
      break;
    case Type::State: {
      const QString s = r.str("state");
      if (!r.ok) break;
      const auto st = jobStateFromString(s);
      if (!st) r.fail(QStringLiteral("unknown job state \"%1\"").arg(s));
      else e.state = *st;
      break;
    }
    case Type::Result: {
      const QJsonValue res = o.value(QStringLiteral("result"));
      if (!res.isObject()) r.fail(QStringLiteral("field \"result\" must be an object"));
      else e.result = res.toObject();
      break;
    }
    case Type::Error:
      e.code = r.str("code");
      e.message = r.str("msg");
      break;
    case Type::Text:
      e.text = r.str("text");
      break;
  }
  if (!r.ok) return std::nullopt;
  return e;
}

std::optional<Event> Event::parseLine(const QByteArray& line, QString* error) {
  QJsonParseError pe{};
  const QJsonDocument doc = QJsonDocument::fromJson(line, &pe);
  if (pe.error != QJsonParseError::NoError) {
    if (error) *error = QStringLiteral("not JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset);
    return std::nullopt;
  }
  if (!doc.isObject()) {
    if (error) *error = QStringLiteral("event must be a JSON object");
    return std::nullopt;
  }
  return fromJson(doc.object(), error);
}

}  // namespace ct::jobs
