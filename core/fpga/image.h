#pragma once
// The FPGA weight image (docs/fpga-image.md): one binary file per memory channel plus
// manifest.json and report.json. Every quantized matrix is split by output rows across all
// channels (each channel computes its share of a matrix-vector product from its own memory);
// each row's packed integer weights start on a word boundary; scales and zero points follow in
// the same channel; with act-order the weights are stored in group order and the input
// permutation is recorded. Small fp16 tensors go whole to the profile's small-tensor channel,
// large ones are split by rows like the matrices.
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "fpga/board_profile.h"

namespace ct::jobs {
class JobContext;
}

namespace ct::fpga {

constexpr int kImageFormatVersion = 1;

struct CompileRequest {
  QString checkpointDir;
  QString board = QStringLiteral("vcu128");
  QString outDir;
  int bits = 0;       // 0: whatever the checkpoint has; otherwise it must match
  int groupSize = 0;  // 0: likewise
  std::optional<bool> descAct;
};

// `ct compile`: streams a GPTQ checkpoint into an image folder (OUT.partial, renamed when
// complete). Returns the exit code.
int compileImage(jobs::JobContext& ctx, const CompileRequest& request);

// One GPTQ matrix as the image holds it, in checkpoint terms (original input order).
struct GptqArrays {
  int64_t in = 0, out = 0, groups = 0;
  int bits = 0;
  std::vector<uint8_t> codes;    // [in, out]
  std::vector<uint8_t> zeros;    // [groups, out], true zero points
  std::vector<uint16_t> scales;  // [groups, out], fp16 bits
  std::vector<int32_t> gIdx;     // [in]
};

// A compiled image, memory-mapped read-only.
class Image {
 public:
  ~Image();
  static std::unique_ptr<Image> open(const QString& dir, QString* error);

  const QJsonObject& manifest() const { return manifest_; }
  const QString& dir() const { return dir_; }
  QStringList gptqTensors() const;  // matrix names without suffix ("model.layers.0.mlp.up_proj")
  QStringList f16Tensors() const;   // full tensor names
  std::optional<GptqArrays> readGptq(const QString& name, QString* error) const;
  std::optional<std::vector<uint16_t>> readF16(const QString& name, std::vector<int64_t>* shape, QString* error) const;
  bool verifyChecksums(QString* error) const;  // every channel file against the manifest

 private:
  Image() = default;
  const uint8_t* at(int channel, int64_t offset, int64_t bytes, QString* error) const;
  QJsonObject tensor(const QString& name) const;

  QString dir_;
  QJsonObject manifest_;
  std::vector<const uint8_t*> maps_;
  std::vector<int64_t> sizes_;
};

}  // namespace ct::fpga
