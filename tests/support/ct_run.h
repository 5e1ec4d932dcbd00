#pragma once
// One-shot `ct` commands for test set-up: run to the end and read the last result/error event;
// the int4 demo checkpoint and its VCU128 image that many integration tests serve.
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QStringList>

namespace ct::test {

// Runs `ct ARGS --json` to completion (killed after timeoutMs) and returns its last `result` or
// `error` event (empty when there was none); stderr goes to *err when given.
QJsonObject runCt(const QStringList& args, int timeoutMs, QByteArray* err = nullptr);

// One `ct` command as a person or script runs it: exit code (-1 if it crashed or hung), stdout,
// stderr. `input` goes to its stdin, which is then closed; `env` defaults to ours.
struct CtRun {
  int code = -1;
  QByteArray out, err;
};
CtRun runCtCommand(const QStringList& args, const QByteArray& input = {},
                   const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(), int timeoutMs = 120000);

struct DemoImage {
  QString checkpoint;  // dir/demo-gptq-int4: GPTQ int4, group 32
  QString image;       // dir/demo-int4: compiled for vcu128 (served as "demo-int4")
  bool ok = false;
  QString error;
};
// Quantizes the embedded demo model to int4 (16 calibration samples) and compiles it, under dir.
DemoImage makeDemoImage(const QString& dir);

QString demoModel();

}  // namespace ct::test
