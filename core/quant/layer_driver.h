#pragma once
// The layer-by-layer driver every quantization method runs under (internal to core/quant;
// compute code only). It owns what the methods share: checking the model and the plan,
// calibration windows, the embedding of the calibration tokens, the fingerprint, one layer's
// resume file per finished layer plus the next layer's input, the per-layer reports and chart
// series, and writing the checkpoint into OUT.partial (renamed to OUT when complete). A method
// supplies quantizeLayer() and says how its checkpoint is laid out.
#include <torch/torch.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <map>
#include <memory>
#include <string>

#include "model/model_config.h"
#include "model/safetensors.h"
#include "model/safetensors_writer.h"
#include "quant/quant_options.h"
#include "quant/quantize_run.h"

namespace ct::jobs {
class JobContext;
}

namespace ct::quant {

struct Failure {
  QString code, message;
};
struct Cancelled {};

// The seven Linears of a Qwen2 decoder layer, in forward order.
inline constexpr const char* kModules[7] = {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
                                            "mlp.gate_proj",    "mlp.up_proj",      "mlp.down_proj"};
inline constexpr int64_t kSampleRows = 1024;  // calibration rows the per-module error figure is measured on

// ‖X(W−Q)ᵀ‖² / ‖XWᵀ‖²: the output error of a quantized Linear relative to its float output.
double relativeError(const torch::Tensor& w, const torch::Tensor& q, const torch::Tensor& x);

class LayerDriver {
 public:
  LayerDriver(jobs::JobContext& ctx, const QuantizeRequest& r);
  virtual ~LayerDriver() = default;
  int exec();

 protected:
  // What a method provides.
  virtual void quantizeLayer(int l) = 0;
  virtual QStringList packedSuffixes() const = 0;         // the tensors that replace a Linear's .weight
  virtual QJsonObject checkpointQuantizationConfig() const = 0;
  virtual bool writesQuantizeConfigFile() const { return true; }  // quantize_config.json beside config.json
  virtual int stepsPerLayer() const { return 7; }
  virtual QString stepUnit() const { return QStringLiteral("modules"); }
  // Extra keys of a layer's report (written to the resume state and the quantization report).
  virtual QJsonObject layerReportExtras() const { return {}; }
  virtual QJsonObject resultExtras() const { return {}; }
  bool hasRtnBaseline() const { return opt_.method != QLatin1String("rtn"); }

  // What a method uses.
  void check() const;  // throws Cancelled when the job was cancelled
  torch::Tensor source(const QString& name) const;
  QString layerName(int l, const char* rest) const;
  int64_t chunk() const { return std::max<int64_t>(1, 2048 / opt_.seqlen); }
  template <typename Fn>
  void overChunks(Fn fn) {
    for (int64_t s0 = 0; s0 < opt_.nsamples; s0 += chunk()) {
      check();
      fn(s0, std::min<int64_t>(opt_.nsamples, s0 + chunk()));
    }
  }
  // Into the current layer's resume file (the checkpoint's tensors for this layer).
  void add(const QString& name, model::DType t, const std::vector<int64_t>& shape, const void* data, uint64_t bytes);
  void addF16(const QString& name, const torch::Tensor& t);
  void beginLayerFile(int l);
  void finishLayer(int l, double seconds);  // closes the layer file, saves the state for --resume
  void progressStep(int stepInLayer, const QString& what);

  jobs::JobContext& ctx_;
  QuantizeRequest req_;
  QuantOptions opt_;
  model::ModelConfig cfg_;
  std::unique_ptr<model::TensorSet> weights_;
  QString prefix_;
  torch::Dtype act_ = torch::kBFloat16;
  QuantPlan plan_;
  torch::Tensor X_;  // [nsamples, seqlen, hidden] in act_: the current layer's input, then its output
  int firstLayer_ = 0, layersDone_ = 0, layer_ = 0;
  QJsonArray moduleReports_;  // this layer's per-module reports (err, err_rtn, loss, seconds, …)

 private:
  void prepare();
  void calibrate();
  void fingerprint();
  bool resumeFromState();
  void embed();
  void emitLayerMetrics(const QJsonObject& r);
  void saveState(int done, double seconds);
  bool layerTensor(const QString& name, int* layer, QString* tail) const;
  int finish();

  QString calibName_;
  torch::Tensor ids_;
  QString fingerprint_;
  QString staging_, resumeDir_;
  std::unique_ptr<model::SafetensorsWriter> layerWriter_;
  QJsonArray reports_;
};

std::unique_ptr<LayerDriver> makeGptqDriver(jobs::JobContext& ctx, const QuantizeRequest& r);
std::unique_ptr<LayerDriver> makeAwqDriver(jobs::JobContext& ctx, const QuantizeRequest& r);

}  // namespace ct::quant
