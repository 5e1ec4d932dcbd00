#pragma once
// The programs a GPU host has that this machine cannot run (vLLM, lm-eval, EvalPlus, nvidia-smi),
// installed as stand-ins in a fixture server's tools folder, which is first on its sessions'
// PATH. lm_eval and evalplus.evaluate are the evaluation tests' stand-ins (tests/eval), which
// speak the real tools' command lines and write their result files; ct is the real one.
#include <QFile>
#include <QString>

#include "ct_child.h"
#include "sshd_fixture.h"

namespace ct::test {

inline bool installTool(const QString& dir, const QString& name, const QByteArray& script) {
  QFile f(dir + QLatin1Char('/') + name);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(script) != script.size()) return false;
  f.close();
  return f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

inline bool installStandIns(const SshdFixture& host) {
  const QString src = QStringLiteral(CT_SOURCE_DIR "/tests");
  const QString tools = host.toolsDir();
  return installTool(tools, QStringLiteral("vllm"), "#!/bin/sh\n[ \"$1\" = --version ] && { echo 0.6.3.post1; exit 0; }\necho \"vllm stand-in: $*\" >&2; exit 2\n") &&
         installTool(tools, QStringLiteral("lm_eval"), "#!/bin/sh\nexec python3 " + (src + QStringLiteral("/eval/fake_lm_eval.py")).toUtf8() + " \"$@\"\n") &&
         installTool(tools, QStringLiteral("evalplus.evaluate"), "#!/bin/sh\nexec python3 " + (src + QStringLiteral("/eval/fake_evalplus.py")).toUtf8() + " \"$@\"\n") &&
         installTool(tools, QStringLiteral("nvidia-smi"), "#!/bin/sh\nexec cat " + (src + QStringLiteral("/remote/fixtures/nvidia-smi-4xH100-idle.txt")).toUtf8() + "\n") &&
         QFile::link(ctBinary(), tools + QStringLiteral("/ct"));
}

}  // namespace ct::test
