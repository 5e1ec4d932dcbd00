#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "brand/brand.h"
#include "util/paths.h"

class TestBrand : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void loadsTheDefaultBrandFolder() {
    QString error;
    const auto b = ct::brand::Brand::load(QStringLiteral(CT_SOURCE_DIR "/resources/brand/default"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(b.productName, QStringLiteral("CT Studio"));
    QVERIFY(QFile::exists(b.iconPath));
    QCOMPARE(b.applicationId, QStringLiteral("org.ctstudio.Studio"));
    QCOMPARE(b.version(), QStringLiteral(CT_VERSION));
    QCOMPARE(b.boardProfile, QStringLiteral("vcu128"));
    QVERIFY(b.endpoints.isEmpty());
  }
  // The example customer brand (packaging/brands/acme) is what the package tests install beside
  // the default one; every field of it differs, so a field the build ignores shows up there.
  void exampleBrandDiffersInEveryField() {
    QString error;
    const auto d = ct::brand::Brand::load(QStringLiteral(CT_SOURCE_DIR "/resources/brand/default"), &error);
    const auto a = ct::brand::Brand::load(QStringLiteral(CT_SOURCE_DIR "/packaging/brands/acme"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QStringList fields[] = {{d.productName, a.productName}, {d.company, a.company}, {d.applicationId, a.applicationId},
                                  {d.packageName, a.packageName}, {d.cliName, a.cliName}, {d.version(), a.version()},
                                  {d.summary, a.summary}, {d.about, a.about}, {d.website, a.website},
                                  {d.supportUrl, a.supportUrl}, {d.iconPath, a.iconPath}, {d.accentColor, a.accentColor},
                                  {d.defaultLanguage, a.defaultLanguage}, {d.modelsFolder, a.modelsFolder}};
    for (const QStringList& f : fields) QVERIFY2(f[0] != f[1], qPrintable(f[0]));
    QCOMPARE(a.version(), QStringLiteral(CT_VERSION "+acme2"));
    QCOMPARE(a.endpoints.size(), 1);
    QCOMPARE(a.endpoints[0].name, QStringLiteral("acme-gpu-01"));
  }
  void dataFoldersFollowTheApplicationId() {
    qunsetenv("CT_DATA_DIR");
    qunsetenv("CT_STATE_DIR");
    qputenv("XDG_DATA_HOME", "/x/data");
    qputenv("XDG_STATE_HOME", "/x/state");
    ct::paths::setApplicationFolder(QStringLiteral("com.example.acme.QuantWorks"));
    QCOMPARE(ct::paths::dataDir(), QStringLiteral("/x/data/com.example.acme.QuantWorks"));
    QCOMPARE(ct::paths::jobLogDir(), QStringLiteral("/x/state/com.example.acme.QuantWorks/logs"));
    ct::paths::setApplicationFolder(QStringLiteral("../escape"));  // refused: not one folder name
    QCOMPARE(ct::paths::applicationFolder(), QStringLiteral("com.example.acme.QuantWorks"));
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
