#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "hostile_names.h"
#include "remote/shell_quote.h"

using ct::remote::shellCommand;
using ct::remote::shellQuote;

// The quoting function checked against the shells a host may run for ssh: each word must reach
// the program byte for byte, and nothing in it may run.
class TestShellQuote : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

  // The words as the program receives them when SHELL reads the line (what sshd's `SHELL -c LINE`
  // does; the line goes in on stdin so that bytes that are not UTF-8 survive the trip).
  QList<QByteArray> throughShell(const QString& shell, const QList<QByteArray>& words) {
    QList<QByteArray> argv{"printf", "%s\\0"};
    argv << words;
    const auto line = shellCommand(argv);
    if (!line) return {};
    QProcess p;
    p.setWorkingDirectory(dir_.path());
    p.start(shell, QStringList{});
    p.write(*line + '\n');
    p.closeWriteChannel();
    p.waitForFinished(10000);
    QByteArray out = p.readAllStandardOutput();
    if (out.endsWith('\0')) out.chop(1);
    return out.split('\0');
  }

 private Q_SLOTS:
  void singleWords() {
    QCOMPARE(shellQuote(""), QByteArray("''"));
    QCOMPARE(shellQuote("plain"), QByteArray("'plain'"));
    QCOMPARE(shellQuote("it's"), QByteArray("'it'\\''s'"));
    QCOMPARE(shellQuote("''"), QByteArray("''\\'''\\'''"));
    QCOMPARE(shellQuote("a\nb"), QByteArray("'a\nb'"));
  }

  void refusesWhatCannotTravel() {
    QString why;
    QVERIFY(!shellCommand(QList<QByteArray>{}, &why));
    QVERIFY(why.contains(QStringLiteral("no command")));
    QVERIFY(!shellCommand(QList<QByteArray>{"echo", QByteArray("a\0b", 3)}, &why));
    QVERIFY2(why.contains(QStringLiteral("NUL")), qPrintable(why));
    QVERIFY(!shellCommand(QList<QByteArray>{"echo", QByteArray(200 * 1024, 'x')}, &why));
    QVERIFY2(why.contains(QStringLiteral("limit")), qPrintable(why));
  }

  void hostileWordsArriveIntactInEveryShell_data() {
    QTest::addColumn<QString>("shell");
    for (const char* s : {"/bin/sh", "/bin/dash", "/bin/bash"})
      if (QFileInfo::exists(QString::fromLatin1(s))) QTest::newRow(s) << QString::fromLatin1(s);
  }
  void hostileWordsArriveIntactInEveryShell() {
    QFETCH(QString, shell);
    const QString canary = dir_.filePath(QStringLiteral("CANARY"));
    QList<QByteArray> words;
    for (const QString& n : ct::test::hostileNames(canary)) words << n.toUtf8();
    words << QByteArray() << QByteArray("'") << QByteArray("\\'") << QByteArray("\x01\x7f\xff\xfe raw bytes", 14) << QByteArray(30000, '\'');
    const QList<QByteArray> got = throughShell(shell, words);
    QCOMPARE(got.size(), words.size());
    for (int i = 0; i < words.size(); ++i) QCOMPARE(got[i], words[i]);
    QVERIFY2(!QFileInfo::exists(canary), "a quoted word was executed");
  }

  void everyByteValue() {
    QByteArray all;
    for (int c = 1; c < 256; ++c) all.append(static_cast<char>(c));
    const QList<QByteArray> got = throughShell(QStringLiteral("/bin/sh"), {all, all + all});
    QCOMPARE(got.value(0), all);
    QCOMPARE(got.value(1), all + all);
  }
};

QTEST_GUILESS_MAIN(TestShellQuote)
#include "tst_shell_quote.moc"
