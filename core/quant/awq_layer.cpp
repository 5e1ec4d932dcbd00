// AWQ's step for one Qwen2 decoder layer, in AutoAWQ's order (the math itself is awq.cpp):
//  1. one pass of the float layer keeps every Linear's input and gives the next layer's input —
//     AWQ calibrates each layer on the float model's activations, quantization error is not
//     carried forward (unlike GPTQ);
//  2. every scaling group is searched on the untouched layer (no group sees another's scales):
//     input_layernorm → q/k/v judged on the attention output, v_proj → o_proj (only where the
//     two have the same shape, i.e. not under grouped-query attention), post_attention_layernorm
//     → gate/up judged on the MLP output, up_proj → down_proj;
//  3. the scales are folded into the previous op (norm weight or Linear rows) and the Linears;
//  4. the clipping search on the scaled weights with the scaled inputs (q/k_proj skipped);
//  5. the asymmetric group quantizer, packed in the AutoAWQ GEMM layout.
// Each module's output error is measured on calibration rows beside plain round-to-nearest's
// (the same quantizer without scales or clipping) on the same inputs.
#include <torch/torch.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <map>

#include "jobs/job_context.h"
#include "model/qwen2_math.h"
#include "quant/awq.h"
#include "quant/layer_driver.h"
#include "quant/packing.h"

namespace ct::quant {
namespace {

namespace F = torch::nn::functional;
using model::DType;

constexpr const char* kQ = "self_attn.q_proj";
constexpr const char* kK = "self_attn.k_proj";
constexpr const char* kV = "self_attn.v_proj";
constexpr const char* kO = "self_attn.o_proj";
constexpr const char* kGate = "mlp.gate_proj";
constexpr const char* kUp = "mlp.up_proj";
constexpr const char* kDown = "mlp.down_proj";
constexpr const char* kClipped[5] = {kV, kO, kGate, kUp, kDown};  // AutoAWQ skips names with "q_"/"k_"

class AwqDriver final : public LayerDriver {
 public:
  using LayerDriver::LayerDriver;

 private:
  // A group's module2inspect: its output for one chunk of inputs [B, T, K] (fp32) with the
  // group's Linears carrying the given weights.
  using Inspect = std::function<torch::Tensor(const torch::Tensor& x, const std::vector<torch::Tensor>& weights)>;

  QStringList packedSuffixes() const override { return {QStringLiteral(".qweight"), QStringLiteral(".qzeros"), QStringLiteral(".scales")}; }
  QJsonObject checkpointQuantizationConfig() const override { return awqQuantizationConfig(opt_, cfg_.isVisionLanguage); }
  bool writesQuantizeConfigFile() const override { return false; }  // AutoAWQ writes config.json's only
  int stepsPerLayer() const override { return 1 + (scalesVo() ? 4 : 3) + (opt_.awqClip ? 5 : 0) + 7; }
  QString stepUnit() const override { return QStringLiteral("steps"); }
  QJsonObject layerReportExtras() const override {
    double loss = 0;
    for (const QJsonValue g : groupReports_) loss += g[QStringLiteral("error")].toDouble();
    return {{QStringLiteral("loss"), loss}, {QStringLiteral("scaling"), groupReports_}};
  }
  QJsonObject resultExtras() const override {
    return {{QStringLiteral("zero_point"), true}, {QStringLiteral("version"), QStringLiteral("gemm")},
            {QStringLiteral("duo_scaling"), opt_.duoScaling}, {QStringLiteral("clip"), opt_.awqClip}, {QStringLiteral("grid"), opt_.grid}};
  }

  AwqParams params() const {
    AwqParams p;
    p.bits = opt_.bits;
    p.groupSize = opt_.groupSize;
    p.duoScaling = opt_.duoScaling;
    p.nGrid = opt_.grid;
    return p;
  }

  // AutoAWQ adds the v_proj → o_proj group only when v_proj.weight.shape == o_proj.weight.shape.
  bool scalesVo() const {
    const int64_t kv = static_cast<int64_t>(cfg_.numKvHeads) * cfg_.headDim, q = static_cast<int64_t>(cfg_.numHeads) * cfg_.headDim;
    return kv == cfg_.hiddenSize && q == cfg_.hiddenSize;
  }

  void step(const QString& what) { progressStep(++step_, what); }

  // Searches one group's scales on the untouched layer: x_mean over every token of its input,
  // the reference output, then the grid (awq.cpp). Logs the chosen ratio beside the output
  // error round-to-nearest gives the same module.
  torch::Tensor searchGroup(const QString& label, const torch::Tensor& input, const std::vector<const char*>& layers, const Inspect& inspect) {
    check();
    QElapsedTimer clock;
    clock.start();
    std::vector<torch::Tensor> originals;
    for (const char* m : layers) originals.push_back(w_[m]);
    ActivationMean xMean;
    torch::Tensor ref;
    overChunks([&](int64_t a, int64_t b) {
      const torch::Tensor x = input.slice(0, a, b).to(torch::kFloat32);
      xMean.add(x);
      const torch::Tensor out = inspect(x, originals);
      if (!ref.defined()) ref = torch::empty({opt_.nsamples, out.size(1), out.size(2)}, torch::kFloat32);
      ref.slice(0, a, b).copy_(out);
    });
    const OutputError outputError = [&](const std::vector<torch::Tensor>& weights) {
      double sum = 0;
      overChunks([&](int64_t a, int64_t b) {
        const torch::Tensor out = inspect(input.slice(0, a, b).to(torch::kFloat32), weights);
        sum += (ref.slice(0, a, b) - out).pow(2).sum().item<double>();
      });
      return sum / static_cast<double>(ref.numel());
    };
    const AwqParams p = params();
    std::vector<torch::Tensor> rtn;
    for (const torch::Tensor& w : originals) rtn.push_back(fakeQuantize(w, p.bits, p.groupSize));
    const double errorRtn = outputError(rtn);
    rtn.clear();
    QString why;
    const auto best = searchBestScale(xMean.mean(), originals, outputError, p, &why);
    if (!best) throw Failure{QStringLiteral("quantize_failed"), QStringLiteral("layer %1, %2: %3").arg(layer_ + 1).arg(label, why)};
    const double seconds = clock.elapsed() / 1000.0;
    QJsonArray errors;
    for (double e : best->errors) errors.append(e);
    const QJsonObject report{{QStringLiteral("layer"), layer_},          {QStringLiteral("group"), label},
                             {QStringLiteral("ratio"), best->ratio},     {QStringLiteral("error"), best->error},
                             {QStringLiteral("error_rtn"), errorRtn},    {QStringLiteral("errors"), errors},
                             {QStringLiteral("seconds"), seconds}};
    groupReports_.append(report);
    ctx_.log(jobs::LogLevel::Info,
             QStringLiteral("layer %1/%2 scaling %3: ratio %4, output error %5 (round-to-nearest %6), %7 s")
                 .arg(layer_ + 1).arg(cfg_.numLayers).arg(label).arg(best->ratio, 0, 'f', 2)
                 .arg(best->error, 0, 'g', 4).arg(errorRtn, 0, 'g', 4).arg(seconds, 0, 'f', 1),
             report);
    step(QStringLiteral("scaling ") + label);
    return best->scales;
  }

  void quantizeLayer(int l) override {
    torch::NoGradGuard ng;
    QElapsedTimer clock;
    clock.start();
    layer_ = l;
    step_ = 0;
    moduleReports_ = QJsonArray();
    groupReports_ = QJsonArray();
    beginLayerFile(l);
    const AwqParams p = params();
    const int64_t H = cfg_.hiddenSize, I = cfg_.intermediateSize, qd = static_cast<int64_t>(cfg_.numHeads) * cfg_.headDim;
    const int64_t S = opt_.nsamples, T = opt_.seqlen;

    // Working copies in fp32: folding rewrites them, so never views of the mapped file.
    for (const char* m : kModules) {
      const QString name = layerName(l, m) + QStringLiteral(".weight");
      w_[m] = source(name).to(torch::kFloat32, false, true);
      weights_->release(name);
      const torch::Tensor b = source(layerName(l, m) + QStringLiteral(".bias"));
      b_[m] = b.defined() ? b.to(torch::kFloat32, false, true) : b;
    }
    torch::Tensor ln1 = source(layerName(l, "input_layernorm.weight")).to(torch::kFloat32, false, true);
    torch::Tensor ln2 = source(layerName(l, "post_attention_layernorm.weight")).to(torch::kFloat32, false, true);
    const model::Qwen2Math math(cfg_, prefix_, [](const QString&) { return torch::Tensor(); });

    // 1. The float layer once: every Linear's input (q/k/v share one, gate/up another), and the
    //    output that is the next layer's input.
    torch::Tensor xNorm1 = torch::empty({S, T, H}, act_), xAttn = torch::empty({S, T, qd}, act_);
    torch::Tensor xNorm2 = torch::empty({S, T, H}, act_), xInner = torch::empty({S, T, I}, act_);
    overChunks([&](int64_t a, int64_t b) {
      const torch::Tensor x = X_.slice(0, a, b).to(torch::kFloat32);
      const torch::Tensor n1 = math.rmsNorm(x, ln1);
      const torch::Tensor o = math.attend(F::linear(n1, w_[kQ], b_[kQ]), F::linear(n1, w_[kK], b_[kK]), F::linear(n1, w_[kV], b_[kV]));
      const torch::Tensor h = (x + F::linear(o, w_[kO])).to(act_).to(torch::kFloat32);  // the residual stream in the model's dtype
      const torch::Tensor n2 = math.rmsNorm(h, ln2);
      const torch::Tensor m = torch::silu(F::linear(n2, w_[kGate])) * F::linear(n2, w_[kUp]);
      xNorm1.slice(0, a, b).copy_(n1);
      xAttn.slice(0, a, b).copy_(o);
      xNorm2.slice(0, a, b).copy_(n2);
      xInner.slice(0, a, b).copy_(m);
      X_.slice(0, a, b).copy_(h + F::linear(m, w_[kDown]));
    });
    std::map<std::string, torch::Tensor> input{{kQ, xNorm1}, {kK, xNorm1}, {kV, xNorm1}, {kO, xAttn},
                                               {kGate, xNorm2}, {kUp, xNorm2}, {kDown, xInner}};
    step(QStringLiteral("float pass"));

    // The error figures: the first calibration rows of each input, each module's float output
    // on them, and round-to-nearest's error there (before anything is scaled).
    std::map<std::string, torch::Tensor> sample, refOut;
    std::map<std::string, double> errRtn;
    for (const char* m : kModules) {
      const torch::Tensor& in = input[m];
      sample[m] = in.view({-1, in.size(-1)}).slice(0, 0, kSampleRows).to(torch::kFloat32, false, true);
      refOut[m] = sample[m].matmul(w_[m].t());
      errRtn[m] = relativeError(w_[m], fakeQuantize(w_[m], p.bits, p.groupSize), sample[m]);
    }

    // 2. Every group's scales, searched on the untouched layer.
    const torch::Tensor s1 = searchGroup(QStringLiteral("input_layernorm → q/k/v_proj"), xNorm1, {kQ, kK, kV},
                                         [&](const torch::Tensor& x, const std::vector<torch::Tensor>& w) {
                                           const torch::Tensor o = math.attend(F::linear(x, w[0], b_[kQ]), F::linear(x, w[1], b_[kK]), F::linear(x, w[2], b_[kV]));
                                           return F::linear(o, w_[kO]);
                                         });
    torch::Tensor s2;
    if (scalesVo())
      s2 = searchGroup(QStringLiteral("v_proj → o_proj"), xAttn, {kO},
                       [&](const torch::Tensor& x, const std::vector<torch::Tensor>& w) { return F::linear(x, w[0]); });
    const torch::Tensor s3 = searchGroup(QStringLiteral("post_attention_layernorm → gate/up_proj"), xNorm2, {kGate, kUp},
                                         [&](const torch::Tensor& x, const std::vector<torch::Tensor>& w) {
                                           return F::linear(torch::silu(F::linear(x, w[0])) * F::linear(x, w[1]), w_[kDown]);
                                         });
    const torch::Tensor s4 = searchGroup(QStringLiteral("up_proj → down_proj"), xInner, {kDown},
                                         [&](const torch::Tensor& x, const std::vector<torch::Tensor>& w) { return F::linear(x, w[0]); });

    // 3. Folding, in AutoAWQ's order. The scales each Linear's input was divided by (sIn) and,
    //    for a previous op, the scales its outputs were divided by (sOut).
    scaleNormFcs(ln1, {&w_[kQ], &w_[kK], &w_[kV]}, s1);
    if (s2.defined()) scaleFcFc(w_[kV], &b_[kV], w_[kO], s2);
    scaleNormFcs(ln2, {&w_[kGate], &w_[kUp]}, s3);
    scaleFcFc(w_[kUp], nullptr, w_[kDown], s4);
    std::map<std::string, torch::Tensor> sIn{{kQ, s1}, {kK, s1}, {kV, s1}, {kO, s2}, {kGate, s3}, {kUp, s3}, {kDown, s4}};
    std::map<std::string, torch::Tensor> sOut{{kV, s2}, {kUp, s4}};
    auto scaledInput = [&](const char* m, const torch::Tensor& x) { return sIn[m].defined() ? x / sIn[m] : x; };

    // 4. Clipping, on the scaled weights with every step-th token of the scaled inputs.
    if (opt_.awqClip) {
      for (const char* m : kClipped) {
        check();
        QElapsedTimer c;
        c.start();
        const torch::Tensor& in = input[m];
        const torch::Tensor x = scaledInput(m, in.view({-1, in.size(-1)}).slice(0, 0, S * T, clipTokenStep(S * T, p)).to(torch::kFloat32));
        applyClip(w_[m], searchBestClip(w_[m], x, p), p.groupSize);
        clipSeconds_[m] = c.elapsed() / 1000.0;
        step(QStringLiteral("clipping ") + QLatin1String(m));
      }
    }
    xNorm1 = xAttn = xNorm2 = xInner = torch::Tensor();
    input.clear();

    // 5. Quantize, pack, measure.
    addF16(layerName(l, "input_layernorm.weight"), ln1);
    addF16(layerName(l, "post_attention_layernorm.weight"), ln2);
    for (const char* m : kModules) {
      check();
      QElapsedTimer c;
      c.start();
      const QString name = layerName(l, m);
      const AwqQuantized q = pseudoQuantize(w_[m], p.bits, p.groupSize);
      writeModule(name, q, b_[m]);
      torch::Tensor out = scaledInput(m, sample[m]).matmul(q.dequant.t());
      if (sOut.count(m) && sOut[m].defined()) out = out * sOut[m];
      const double ref = refOut[m].pow(2).sum().item<double>();
      const double err = ref > 0 ? (refOut[m] - out).pow(2).sum().item<double>() / ref : 0.0;
      if (!std::isfinite(err))
        throw Failure{QStringLiteral("quantize_failed"), QStringLiteral("%1: the error is not finite; the checkpoint or the calibration activations hold NaN/Inf").arg(name)};
      const auto clip = clipSeconds_.find(m);
      const bool clipped = clip != clipSeconds_.end();
      const double seconds = c.elapsed() / 1000.0 + (clipped ? clip->second : 0.0);
      QJsonObject data{{QStringLiteral("layer"), layer_},  {QStringLiteral("layers"), cfg_.numLayers},
                       {QStringLiteral("module"), QLatin1String(m)}, {QStringLiteral("err"), err},
                       {QStringLiteral("err_rtn"), errRtn[m]},      {QStringLiteral("clipped"), clipped},
                       {QStringLiteral("seconds"), seconds}};
      moduleReports_.append(data);
      ctx_.log(jobs::LogLevel::Info,
               QStringLiteral("layer %1/%2 %3: output error %4% (RTN %5%), %6 s")
                   .arg(layer_ + 1).arg(cfg_.numLayers).arg(QLatin1String(m)).arg(err * 100, 0, 'f', 3).arg(errRtn[m] * 100, 0, 'f', 3).arg(seconds, 0, 'f', 1),
               data);
      step(QLatin1String(m));
    }
    w_.clear();
    b_.clear();
    clipSeconds_.clear();
    finishLayer(l, clock.elapsed() / 1000.0);
  }

  // The AutoAWQ GEMM tensors: codes and zeros transposed to [K, N] / [G, N] and packed eight
  // output columns to an int32 in AWQ's order; scales [G, N] fp16; the bias fp16.
  void writeModule(const QString& name, const AwqQuantized& q, const torch::Tensor& bias) {
    const int64_t N = q.codes.size(0), K = q.codes.size(1), G = q.scales.size(1);
    const torch::Tensor codesKN = q.codes.t().contiguous(), zerosGN = q.zeros.t().contiguous();
    const std::vector<int32_t> qweight = packAwq(codesKN.data_ptr<uint8_t>(), K, N);
    const std::vector<int32_t> qzeros = packAwq(zerosGN.data_ptr<uint8_t>(), G, N);
    add(name + QStringLiteral(".qweight"), DType::I32, {K, N / 8}, qweight.data(), qweight.size() * 4);
    add(name + QStringLiteral(".qzeros"), DType::I32, {G, N / 8}, qzeros.data(), qzeros.size() * 4);
    addF16(name + QStringLiteral(".scales"), q.scales.t());
    if (bias.defined()) addF16(name + QStringLiteral(".bias"), bias);
  }

  std::map<std::string, torch::Tensor> w_, b_;
  std::map<std::string, double> clipSeconds_;
  QJsonArray groupReports_;
  int step_ = 0;
};

}  // namespace

std::unique_ptr<LayerDriver> makeAwqDriver(jobs::JobContext& ctx, const QuantizeRequest& r) { return std::make_unique<AwqDriver>(ctx, r); }

}  // namespace ct::quant
