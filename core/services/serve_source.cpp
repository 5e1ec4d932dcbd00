#include "services/serve_source.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include "model/model_config.h"

namespace ct::services {
namespace {

QJsonObject readJson(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(f.readAll()).object();
}

bool hasWeights(const QDir& d) { return !d.entryList({QStringLiteral("*.safetensors")}, QDir::Files).isEmpty(); }

}  // namespace

QString Source::label() const {
  if (kind == SourceKind::Board) return hostLink;
  return QFileInfo(QDir::cleanPath(path)).fileName();
}

std::optional<SourceKind> detectKind(const QString& dir) {
  const QDir d(dir);
  if (dir.isEmpty() || !d.exists()) return std::nullopt;
  if (readJson(d.filePath(QStringLiteral("manifest.json"))).value(QStringLiteral("format")).toString() == QLatin1String("ct-fpga-image"))
    return SourceKind::Image;
  const QJsonObject cfg = readJson(d.filePath(QStringLiteral("config.json")));
  if (cfg.isEmpty() || !hasWeights(d)) return std::nullopt;
  return cfg.contains(QStringLiteral("quantization_config")) ? SourceKind::Checkpoint : SourceKind::Model;
}

QString checkSource(const Source& s) {
  auto say = [](const char* text) { return QCoreApplication::translate("ct::services::Source", text); };
  if (s.kind == SourceKind::Board) {
    const int colon = static_cast<int>(s.hostLink.lastIndexOf(QLatin1Char(':')));
    bool ok = false;
    const int port = colon > 0 ? s.hostLink.mid(colon + 1).toInt(&ok) : 0;
    if (!ok || port <= 0 || port > 65535)
      return say(QT_TRANSLATE_NOOP("ct::services::Source", "The FPGA host address \"%1\" should look like 192.168.1.20:7100 (where its host program listens).")).arg(s.hostLink);
    return {};
  }
  if (s.path.trimmed().isEmpty()) return say(QT_TRANSLATE_NOOP("ct::services::Source", "Choose a folder to serve."));
  const QDir d(s.path);
  if (!d.exists()) return say(QT_TRANSLATE_NOOP("ct::services::Source", "The folder %1 does not exist: choose another one.")).arg(s.path);
  const std::optional<SourceKind> found = detectKind(s.path);
  if (s.kind == SourceKind::Image) {
    if (!QFileInfo::exists(d.filePath(QStringLiteral("manifest.json"))))
      return say(QT_TRANSLATE_NOOP("ct::services::Source",
                                  "%1 is not a compiled FPGA image (it has no manifest.json): choose the folder the Compile page wrote, or compile a checkpoint first."))
          .arg(s.path);
    if (found != SourceKind::Image)
      return say(QT_TRANSLATE_NOOP("ct::services::Source", "%1 has a manifest.json that is not a CT Studio image manifest: compile the checkpoint again.")).arg(s.path);
    return {};
  }
  if (found == SourceKind::Image)
    return say(QT_TRANSLATE_NOOP("ct::services::Source", "%1 is a compiled FPGA image: serve it as an image (it runs on the emulator or the board).")).arg(s.path);
  QString error;
  if (!model::ModelConfig::load(s.path, &error))
    return say(QT_TRANSLATE_NOOP("ct::services::Source", "%1 is not a model folder: %2")).arg(s.path, error);
  if (!hasWeights(d)) return say(QT_TRANSLATE_NOOP("ct::services::Source", "%1 has no *.safetensors weights: choose a complete model folder.")).arg(s.path);
  if (!QFileInfo::exists(d.filePath(QStringLiteral("tokenizer.json"))))
    return say(QT_TRANSLATE_NOOP("ct::services::Source", "%1 has no tokenizer.json: copy it from the original model folder.")).arg(s.path);
  return {};
}

QString kindName(SourceKind k) {
  switch (k) {
    case SourceKind::Model: return QCoreApplication::translate("ct::services::Source", "float model");
    case SourceKind::Checkpoint: return QCoreApplication::translate("ct::services::Source", "quantized checkpoint");
    case SourceKind::Image: return QCoreApplication::translate("ct::services::Source", "FPGA image (emulator)");
    case SourceKind::Board: return QCoreApplication::translate("ct::services::Source", "FPGA board host");
  }
  return {};
}

}  // namespace ct::services
