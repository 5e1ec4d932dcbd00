#pragma once
#include <QString>
#include <optional>

namespace ct::services {

// What can be served: a float model folder, a quantized checkpoint (GPTQ; `ct host --model`
// loads both), a compiled FPGA image (`ct host --image`, the emulator), or a board's host
// program already listening somewhere (only `ct serve` is started, linked to it).
enum class SourceKind { Model, Checkpoint, Image, Board };

struct Source {
  SourceKind kind = SourceKind::Model;
  QString path;      // folder, for Model / Checkpoint / Image
  QString hostLink;  // ADDR:PORT, for Board
  QString label() const;  // folder name, or the host address
};

// The kind of a folder from its files: an image has manifest.json (format ct-fpga-image), a
// checkpoint a config.json with quantization_config, a model a config.json and weights.
std::optional<SourceKind> detectKind(const QString& dir);

// Everything that can be checked before a child starts. Empty when fine, else one sentence
// (in the interface language) naming the folder, what is wrong and what to do.
QString checkSource(const Source& s);

QString kindName(SourceKind k);  // in the interface language

}  // namespace ct::services
