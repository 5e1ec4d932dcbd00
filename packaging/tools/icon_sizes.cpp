// Scales one square PNG (>= 512 px) into the given icon sizes: ct-icon-sizes SRC OUTDIR SIZE...
// writes OUTDIR/<SIZE>.png. Halving step by step before the last resize keeps small icons sharp,
// where one big smooth downscale would blur or alias them.
#include <QDir>
#include <QImage>
#include <cstdio>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: ct-icon-sizes SRC.png OUTDIR SIZE...\n");
    return 2;
  }
  QImage src(QString::fromLocal8Bit(argv[1]));
  if (src.isNull()) {
    std::fprintf(stderr, "ct-icon-sizes: cannot read %s as an image\n", argv[1]);
    return 1;
  }
  src = src.convertToFormat(QImage::Format_ARGB32_Premultiplied);
  const QString out = QString::fromLocal8Bit(argv[2]);
  if (!QDir().mkpath(out)) {
    std::fprintf(stderr, "ct-icon-sizes: cannot create %s\n", argv[2]);
    return 1;
  }
  for (int i = 3; i < argc; ++i) {
    const int size = QByteArray(argv[i]).toInt();
    if (size <= 0 || size > src.width()) {
      std::fprintf(stderr, "ct-icon-sizes: bad size %s for a %d px source\n", argv[i], src.width());
      return 2;
    }
    QImage img = src;
    while (img.width() / 2 >= size) img = img.scaled(img.width() / 2, img.height() / 2, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    if (img.width() != size) img = img.scaled(size, size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    const QString file = QStringLiteral("%1/%2.png").arg(out).arg(size);
    if (!img.convertToFormat(QImage::Format_ARGB32).save(file, "PNG")) {
      std::fprintf(stderr, "ct-icon-sizes: cannot write %s\n", qPrintable(file));
      return 1;
    }
  }
  return 0;
}
