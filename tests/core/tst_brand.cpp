#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "brand/brand.h"

class TestBrand : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void loadsTheDefaultBrandFolder() {
    QString error;
    const auto b = ct::brand::Brand::load(QStringLiteral(CT_SOURCE_DIR "/resources/brand/default"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(b.productName, QStringLiteral("CT Studio"));
    QVERIFY(QFile::exists(b.iconPath));
  }
  void customerBrandOverridesWhatItSets() {
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("brand.json")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"productName":"Acme LLM Box","defaultLanguage":"zh_CN"})");
    f.close();
    QString error;
    const auto b = ct::brand::Brand::load(dir.path(), &error);
    QVERIFY(error.isEmpty());
    QCOMPARE(b.productName, QStringLiteral("Acme LLM Box"));
    QCOMPARE(b.defaultLanguage, QStringLiteral("zh_CN"));
    QCOMPARE(b.accentColor, QStringLiteral("#1f6feb"));
  }
  void badBrandFilesAreNamed() {
    QTemporaryDir dir;
    QString error;
    ct::brand::Brand::load(dir.path(), &error);
    QVERIFY(error.contains(QStringLiteral("brand.json")));
    QFile f(dir.filePath(QStringLiteral("brand.json")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"productName": 5})");
    f.close();
    error.clear();
    ct::brand::Brand::load(dir.path(), &error);
    QVERIFY2(error.contains(QStringLiteral("\"productName\" must be a string")), qPrintable(error));
  }
};

QTEST_GUILESS_MAIN(TestBrand)
#include "tst_brand.moc"
