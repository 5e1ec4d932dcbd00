#include "i18n/terms.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace ct::ui {
namespace {

struct Term {
  const char* key;
  const char* text;
};

QString lookup(const char* context, const Term* table, size_t n, const QString& key) {
  for (size_t i = 0; i < n; ++i)
    if (key == QLatin1String(table[i].key)) return QCoreApplication::translate(context, table[i].text);
  return key;
}

template <size_t N>
QString lookup(const char* context, const Term (&table)[N], const QString& key) {
  return lookup(context, table, N, key);
}

}  // namespace

QString jobKindName(const QString& kind) {
  static const Term t[] = {
      {"quantize", QT_TRANSLATE_NOOP("ct::ui::Terms", "quantize")},  {"compile", QT_TRANSLATE_NOOP("ct::ui::Terms", "compile")},
      {"eval", QT_TRANSLATE_NOOP("ct::ui::Terms", "evaluate")},      {"doctor", QT_TRANSLATE_NOOP("ct::ui::Terms", "machine check")},
      {"host", QT_TRANSLATE_NOOP("ct::ui::Terms", "FPGA host")},     {"serve", QT_TRANSLATE_NOOP("ct::ui::Terms", "service")},
      {"demo", QT_TRANSLATE_NOOP("ct::ui::Terms", "demo")},          {"generate", QT_TRANSLATE_NOOP("ct::ui::Terms", "generate")},
      {"train-demo", QT_TRANSLATE_NOOP("ct::ui::Terms", "train demo model")}, {"helper", QT_TRANSLATE_NOOP("ct::ui::Terms", "test helper")},
  };
  return lookup("ct::ui::Terms", t, kind);
}

QString unitName(const QString& unit) {
  static const Term t[] = {
      {"modules", QT_TRANSLATE_NOOP("ct::ui::Terms", "modules")}, {"requests", QT_TRANSLATE_NOOP("ct::ui::Terms", "requests")},
      {"checks", QT_TRANSLATE_NOOP("ct::ui::Terms", "checks")},   {"steps", QT_TRANSLATE_NOOP("ct::ui::Terms", "steps")},
      {"layers", QT_TRANSLATE_NOOP("ct::ui::Terms", "layers")},   {"bytes", QT_TRANSLATE_NOOP("ct::ui::Terms", "bytes")},
      {"items", QT_TRANSLATE_NOOP("ct::ui::Terms", "items")},     {"tokens", QT_TRANSLATE_NOOP("ct::ui::Terms", "tokens")},
  };
  return lookup("ct::ui::Terms", t, unit);
}

QString seriesName(const QString& series) {
  static const Term t[] = {
      {"gptq", QT_TRANSLATE_NOOP("ct::ui::Terms", "GPTQ")},
      {"rtn", QT_TRANSLATE_NOOP("ct::ui::Terms", "round-to-nearest")},
      {"tokens/s", QT_TRANSLATE_NOOP("ct::ui::Terms", "decode speed")},
      {"board bound, tokens/s", QT_TRANSLATE_NOOP("ct::ui::Terms", "board bound")},
      {"accuracy %", QT_TRANSLATE_NOOP("ct::ui::Terms", "accuracy")},
      {"loss", QT_TRANSLATE_NOOP("ct::ui::Terms", "loss")},
  };
  return lookup("ct::ui::Terms", t, series);
}

QString levelName(jobs::LogLevel level) {
  switch (level) {
    case jobs::LogLevel::Debug: return QCoreApplication::translate("ct::ui::Terms", "debug");
    case jobs::LogLevel::Info: return QCoreApplication::translate("ct::ui::Terms", "info");
    case jobs::LogLevel::Warning: return QCoreApplication::translate("ct::ui::Terms", "warning");
    case jobs::LogLevel::Error: return QCoreApplication::translate("ct::ui::Terms", "error");
  }
  return {};
}

QString linkStateName(const QString& state) {
  static const Term t[] = {
      {"ready", QT_TRANSLATE_NOOP("ct::ui::Terms", "ready")},           {"connecting", QT_TRANSLATE_NOOP("ct::ui::Terms", "connecting")},
      {"handshake", QT_TRANSLATE_NOOP("ct::ui::Terms", "handshaking")}, {"down", QT_TRANSLATE_NOOP("ct::ui::Terms", "down")},
      {"disconnected", QT_TRANSLATE_NOOP("ct::ui::Terms", "disconnected")}, {"stopped", QT_TRANSLATE_NOOP("ct::ui::Terms", "stopped")},
      {"starting", QT_TRANSLATE_NOOP("ct::ui::Terms", "starting")},
  };
  return lookup("ct::ui::Terms", t, state);
}

QString linkModeName(const QString& mode) {
  static const Term t[] = {
      {"ct", QT_TRANSLATE_NOOP("ct::ui::Terms", "CT protocol")},
      {"legacy", QT_TRANSLATE_NOOP("ct::ui::Terms", "legacy protocol")},
  };
  return lookup("ct::ui::Terms", t, mode);
}

QString stageName(const QString& stage) {
  static const Term t[] = {
      {"writing the checkpoint", QT_TRANSLATE_NOOP("ct::ui::Terms", "writing the checkpoint")},
      {"done", QT_TRANSLATE_NOOP("ct::ui::Terms", "done")},
      {"loading", QT_TRANSLATE_NOOP("ct::ui::Terms", "loading")},
  };
  // "layer 3/28 q_proj": the figures and module names stay, the word is translated.
  static const QRegularExpression layer(QStringLiteral("^layer (\\d+)/(\\d+)(.*)$"));
  const QRegularExpressionMatch m = layer.match(stage);
  if (m.hasMatch())
    return QCoreApplication::translate("ct::ui::Terms", "layer %1/%2").arg(m.captured(1), m.captured(2)) + m.captured(3);
  return lookup("ct::ui::Terms", t, stage);
}

QString errorAdvice(const QString& code) {
  static const Term t[] = {
      {"bad_model", QT_TRANSLATE_NOOP("ct::ui::Terms", "The folder could not be loaded as a model or image: check that it is complete and of the right kind.")},
      {"listen_failed", QT_TRANSLATE_NOOP("ct::ui::Terms", "The port could not be opened: choose another port, or 0 for any free one.")},
      {"endpoint", QT_TRANSLATE_NOOP("ct::ui::Terms", "The endpoint did not answer: check that its service is running and the URL is right.")},
      {"eval_failed", QT_TRANSLATE_NOOP("ct::ui::Terms", "An endpoint failed during scoring: check that its service is running and the URL is right.")},
      {"tool_failed", QT_TRANSLATE_NOOP("ct::ui::Terms", "The external evaluation tool failed: Tools ▸ Check this machine shows whether it is installed.")},
      {"environment", QT_TRANSLATE_NOOP("ct::ui::Terms", "This machine lacks something required: the log lists what to install.")},
      {"io", QT_TRANSLATE_NOOP("ct::ui::Terms", "A file could not be read or written: check the folder's permissions and free space.")},
      {"write", QT_TRANSLATE_NOOP("ct::ui::Terms", "The output could not be written: check the folder's permissions and free space.")},
      {"input", QT_TRANSLATE_NOOP("ct::ui::Terms", "An input is not what the command expects: see the message for which one.")},
      {"model", QT_TRANSLATE_NOOP("ct::ui::Terms", "The model folder is incomplete or not supported: see the message.")},
      {"lost", QT_TRANSLATE_NOOP("ct::ui::Terms", "The process ended without a word (killed, or the machine restarted).")},
      {"crashed", QT_TRANSLATE_NOOP("ct::ui::Terms", "The process crashed: its log shows the last thing it did.")},
      {"failed-to-start", QT_TRANSLATE_NOOP("ct::ui::Terms", "The program could not be started: Tools ▸ Check this machine tells what is missing.")},
      {"watchdog", QT_TRANSLATE_NOOP("ct::ui::Terms", "The process printed nothing for too long and was stopped.")},
      {"timeout", QT_TRANSLATE_NOOP("ct::ui::Terms", "It took longer than allowed.")},
      {"timed-out", QT_TRANSLATE_NOOP("ct::ui::Terms", "It took longer than allowed.")},
      {"exit", QT_TRANSLATE_NOOP("ct::ui::Terms", "The process ended with an error: its log shows why.")},
  };
  const QString text = lookup("ct::ui::Terms", t, code);
  return text == code ? QString() : text;
}

}  // namespace ct::ui
