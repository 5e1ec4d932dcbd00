#include "ct_run.h"

#include <QDir>
#include <QJsonDocument>
#include <QProcess>
#include <csignal>

#include "ct_child.h"

namespace ct::test {

QString demoModel() { return QStringLiteral(CT_SOURCE_DIR "/resources/demo-model"); }

QJsonObject runCt(const QStringList& args, int timeoutMs, QByteArray* err) {
  QProcess p;
  p.start(ctBinary(), args + QStringList{QStringLiteral("--json")});
  if (!p.waitForFinished(timeoutMs)) {
    p.kill();
    p.waitForFinished();
  }
  if (err) *err = p.readAllStandardError();
  QJsonObject last;
  for (const QByteArray& line : p.readAllStandardOutput().split('\n')) {
    const QJsonObject o = QJsonDocument::fromJson(line).object();
    const QString type = o.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("result") || type == QLatin1String("error")) last = o;
  }
  return last;
}

DemoImage makeDemoImage(const QString& dir) {
  DemoImage d;
  d.checkpoint = QDir(dir).filePath(QStringLiteral("demo-gptq-int4"));
  d.image = QDir(dir).filePath(QStringLiteral("demo-int4"));
  QByteArray err;
  QJsonObject r = runCt({QStringLiteral("quantize"), demoModel(), QStringLiteral("--out"), d.checkpoint, QStringLiteral("--group-size"), QStringLiteral("32"),
                         QStringLiteral("--nsamples"), QStringLiteral("16")},
                        180000, &err);
  if (r.value(QStringLiteral("type")).toString() != QLatin1String("result")) {
    d.error = QStringLiteral("ct quantize: %1 %2").arg(QString::fromUtf8(QJsonDocument(r).toJson(QJsonDocument::Compact)), QString::fromUtf8(err));
    return d;
  }
  r = runCt({QStringLiteral("compile"), d.checkpoint, QStringLiteral("--out"), d.image}, 120000, &err);
  if (r.value(QStringLiteral("type")).toString() != QLatin1String("result")) {
    d.error = QStringLiteral("ct compile: %1 %2").arg(QString::fromUtf8(QJsonDocument(r).toJson(QJsonDocument::Compact)), QString::fromUtf8(err));
    return d;
  }
  d.ok = true;
  return d;
}

CtRun runCtCommand(const QStringList& args, const QByteArray& input, const QProcessEnvironment& env, int timeoutMs) {
  QProcess p;
  p.setProcessEnvironment(env);
  p.start(ctBinary(), args);
  CtRun r;
  if (!p.waitForStarted()) return r;
  if (!input.isEmpty()) p.write(input);
  p.closeWriteChannel();
  if (!p.waitForFinished(timeoutMs)) {
    ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
    p.waitForFinished(5000);
  } else if (p.exitStatus() == QProcess::NormalExit) {
    r.code = p.exitCode();
  }
  r.out = p.readAllStandardOutput();
  r.err = p.readAllStandardError();
  return r;
}

}  // namespace ct::test
