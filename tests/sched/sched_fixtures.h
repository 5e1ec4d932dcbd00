#pragma once
#include <QFile>
#include <QString>
#include <QStringList>

// Recorded nvidia-smi outputs (copied from the shared facts folder) and helpers to cut the
// published text (comments, shell prompts) down to what the tool printed.
namespace ct::test {

inline QString fixture(const QString& name) {
  QFile f(QStringLiteral(CT_SOURCE_DIR "/tests/sched/data/") + name);
  return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// Blocks of tool output: lines that are the recorder's notes (#, $, prompts, backticks,
// timestamps) are dropped, a "> " quote prefix is removed, blank lines separate blocks.
inline QStringList outputBlocks(const QString& text) {
  QStringList blocks;
  QString cur;
  for (QString l : text.split(QLatin1Char('\n'))) {
    l = l.trimmed();
    if (l.startsWith(QLatin1String("> "))) l = l.mid(2);
    const bool note = l.startsWith(QLatin1Char('#')) || l.startsWith(QLatin1Char('$')) || l.startsWith(QLatin1Char('['))
                      || l.startsWith(QLatin1Char('`')) || l.startsWith(QLatin1String("nvidia-smi")) || l.startsWith(QLatin1String("2026-"));
    if (note) continue;
    if (l.isEmpty()) {
      if (!cur.isEmpty()) blocks << cur;
      cur.clear();
      continue;
    }
    cur += l + QLatin1Char('\n');
  }
  if (!cur.isEmpty()) blocks << cur;
  return blocks;
}

}  // namespace ct::test
