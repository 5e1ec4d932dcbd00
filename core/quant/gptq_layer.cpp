// GPTQ's (and round-to-nearest's) step for one decoder layer: each group of modules that shares an
// input (q/k/v, o, gate/up, down) gets one Hessian pass, run with the earlier groups of the layer
// already quantized (true-sequential), and the layer's output is computed by the quantized layer
// before the next layer starts.
#include <torch/torch.h>

#include <QElapsedTimer>
#include <QJsonObject>
#include <cstring>
#include <map>

#include "jobs/job_context.h"
#include "model/qwen2_math.h"
#include "quant/gptq.h"
#include "quant/layer_driver.h"
#include "quant/packing.h"

namespace ct::quant {
namespace {

namespace F = torch::nn::functional;
using model::DType;

// First rows of a module's input, kept to measure ‖X(W−Q)ᵀ‖² / ‖XWᵀ‖².
class RowSample {
 public:
  void add(const torch::Tensor& flat) {
    if (have_ >= kSampleRows) return;
    const int64_t take = std::min(kSampleRows - have_, flat.size(0));
    parts_.push_back(flat.slice(0, 0, take).to(torch::kFloat32).clone());
    have_ += take;
  }
  torch::Tensor rows() const { return torch::cat(parts_, 0); }

 private:
  std::vector<torch::Tensor> parts_;
  int64_t have_ = 0;
};

class GptqDriver final : public LayerDriver {
 public:
  using LayerDriver::LayerDriver;

 private:
  QStringList packedSuffixes() const override {
    return {QStringLiteral(".qweight"), QStringLiteral(".qzeros"), QStringLiteral(".scales"), QStringLiteral(".g_idx")};
  }
  QJsonObject checkpointQuantizationConfig() const override { return quantizationConfig(opt_, cfg_.isVisionLanguage); }

  void quantizeLayer(int l) override {
    torch::NoGradGuard ng;
    QElapsedTimer clock;
    clock.start();
    layer_ = l;
    moduleReports_ = QJsonArray();
    const bool gptq = opt_.method == QLatin1String("gptq");
    std::map<std::string, torch::Tensor> biases;  // read once per layer, not once per chunk
    for (const char* m : kModules) {
      const QString name = layerName(l, m) + QStringLiteral(".weight");
      w_[m] = source(name).to(torch::kFloat32);
      if (weights_->info(name)->dtype != DType::F32) weights_->release(name);  // the fp32 copy is what is used
      const torch::Tensor b = source(layerName(l, m) + QStringLiteral(".bias"));
      biases[m] = b.defined() ? b.to(torch::kFloat32) : b;
    }
    auto bias = [&](const char* m) { return biases[m]; };
    const torch::Tensor ln1 = source(layerName(l, "input_layernorm.weight")).to(torch::kFloat32);
    const torch::Tensor ln2 = source(layerName(l, "post_attention_layernorm.weight")).to(torch::kFloat32);
    const model::Qwen2Math math(cfg_, prefix_, [](const QString&) { return torch::Tensor(); });
    const int64_t H = cfg_.hiddenSize, I = cfg_.intermediateSize, qd = static_cast<int64_t>(cfg_.numHeads) * cfg_.headDim;
    auto lin = [&](const torch::Tensor& x, const char* m) { return F::linear(x, w_[m], bias(m)); };
    auto f32 = [&](const torch::Tensor& t, int64_t a, int64_t b) { return t.slice(0, a, b).to(torch::kFloat32); };
    auto newHessian = [&](int64_t n) { return gptq ? torch::zeros({n, n}, torch::kFloat32) : torch::Tensor(); };

    beginLayerFile(l);

    // q, k, v: the normalised layer input.
    {
      torch::Tensor h = newHessian(H);
      RowSample sample;
      overChunks([&](int64_t a, int64_t b) {
        const torch::Tensor n = math.rmsNorm(f32(X_, a, b), ln1).reshape({-1, H});
        if (gptq) accumulateHessian(h, n);
        sample.add(n);
      });
      if (gptq) finishHessian(h, opt_.nsamples);
      const torch::Tensor xs = sample.rows();
      quantizeModule("self_attn.q_proj", gptq ? h.clone() : h, xs, bias("self_attn.q_proj"));
      quantizeModule("self_attn.k_proj", gptq ? h.clone() : h, xs, bias("self_attn.k_proj"));
      quantizeModule("self_attn.v_proj", h, xs, bias("self_attn.v_proj"));
    }
    // o: attention output of the quantized q/k/v.
    torch::Tensor attn = torch::empty({opt_.nsamples, opt_.seqlen, qd}, act_);
    {
      torch::Tensor h = newHessian(qd);
      RowSample sample;
      overChunks([&](int64_t a, int64_t b) {
        const torch::Tensor n = math.rmsNorm(f32(X_, a, b), ln1);
        const torch::Tensor o = math.attend(lin(n, "self_attn.q_proj"), lin(n, "self_attn.k_proj"), lin(n, "self_attn.v_proj"));
        attn.slice(0, a, b).copy_(o);
        const torch::Tensor flat = o.reshape({-1, qd});
        if (gptq) accumulateHessian(h, flat);
        sample.add(flat);
      });
      if (gptq) finishHessian(h, opt_.nsamples);
      quantizeModule("self_attn.o_proj", h, sample.rows(), {});
    }
    // gate, up: the normalised residual stream after the quantized attention.
    {
      torch::Tensor h = newHessian(H);
      RowSample sample;
      overChunks([&](int64_t a, int64_t b) {
        const torch::Tensor x = f32(X_, a, b) + lin(f32(attn, a, b), "self_attn.o_proj");
        X_.slice(0, a, b).copy_(x);
        const torch::Tensor n = math.rmsNorm(X_.slice(0, a, b).to(torch::kFloat32), ln2).reshape({-1, H});
        if (gptq) accumulateHessian(h, n);
        sample.add(n);
      });
      attn = torch::Tensor();
      if (gptq) finishHessian(h, opt_.nsamples);
      const torch::Tensor xs = sample.rows();
      quantizeModule("mlp.gate_proj", gptq ? h.clone() : h, xs, {});
      quantizeModule("mlp.up_proj", h, xs, {});
    }
    // down: the MLP's inner activations; kept when small, else recomputed for the output pass.
    const bool keep = static_cast<double>(opt_.nsamples) * opt_.seqlen * I * torch::elementSize(act_) <= 512.0 * (1 << 20);
    torch::Tensor inner = keep ? torch::empty({opt_.nsamples, opt_.seqlen, I}, act_) : torch::Tensor();
    auto mlpInner = [&](int64_t a, int64_t b) {
      const torch::Tensor n = math.rmsNorm(f32(X_, a, b), ln2);
      return torch::silu(lin(n, "mlp.gate_proj")) * lin(n, "mlp.up_proj");
    };
    {
      torch::Tensor h = newHessian(I);
      RowSample sample;
      overChunks([&](int64_t a, int64_t b) {
        const torch::Tensor m = mlpInner(a, b);
        if (keep) inner.slice(0, a, b).copy_(m);
        const torch::Tensor flat = m.reshape({-1, I});
        if (gptq) accumulateHessian(h, flat);
        sample.add(flat);
      });
      if (gptq) finishHessian(h, opt_.nsamples);
      // Only down_proj (and gate/up when the inner activations must be recomputed) is still
      // needed: the others go before the largest Hessian is inverted.
      for (const char* m : {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj"}) w_.erase(m);
      if (keep) {
        w_.erase("mlp.gate_proj");
        w_.erase("mlp.up_proj");
      }
      quantizeModule("mlp.down_proj", h, sample.rows(), {});
    }
    // The quantized layer's output feeds the next layer.
    overChunks([&](int64_t a, int64_t b) {
      const torch::Tensor m = keep ? f32(inner, a, b) : mlpInner(a, b);
      X_.slice(0, a, b).copy_(f32(X_, a, b) + lin(m, "mlp.down_proj"));
    });
    inner = torch::Tensor();
    w_.clear();

    finishLayer(l, clock.elapsed() / 1000.0);
  }

  void quantizeModule(const char* module, torch::Tensor hessian, const torch::Tensor& sample, const torch::Tensor& bias) {
    check();
    QElapsedTimer clock;
    clock.start();
    const QString name = layerName(layer_, module);
    const torch::Tensor w = w_[module];
    GptqParams gp;
    gp.bits = opt_.bits;
    gp.groupSize = opt_.groupSize;
    gp.sym = opt_.sym;
    gp.descAct = opt_.descAct;
    gp.staticGroups = opt_.staticGroups;
    gp.damp = opt_.damp;
    gp.blockSize = opt_.blockSize;
    QuantizedLinear q;
    double errRtn = -1;
    if (opt_.method == QLatin1String("gptq")) {
      QString why;
      auto r = gptqQuantize(w, std::move(hessian), gp, &why);
      if (!r) throw Failure{QStringLiteral("quantize_failed"), QStringLiteral("%1: %2").arg(name, why)};
      q = std::move(*r);
      errRtn = relativeError(w, rtnQuantize(w, gp).dequant, sample);
    } else {
      q = rtnQuantize(w, gp);
    }
    const double err = relativeError(w, q.dequant, sample);
    if (!std::isfinite(err) || !std::isfinite(q.loss))
      throw Failure{QStringLiteral("quantize_failed"), QStringLiteral("%1: the error is not finite; the checkpoint or the calibration activations hold NaN/Inf").arg(name)};
    writeModule(name, q, bias);
    w_[module] = q.dequant;

    const double seconds = clock.elapsed() / 1000.0;
    QJsonObject data{{QStringLiteral("layer"), layer_},
                     {QStringLiteral("layers"), cfg_.numLayers},
                     {QStringLiteral("module"), QLatin1String(module)},
                     {QStringLiteral("err"), err},
                     {QStringLiteral("loss"), q.loss},
                     {QStringLiteral("damp"), q.damp},
                     {QStringLiteral("dead_columns"), q.deadColumns},
                     {QStringLiteral("seconds"), seconds}};
    if (errRtn >= 0) data.insert(QStringLiteral("err_rtn"), errRtn);
    moduleReports_.append(data);
    QString msg = QStringLiteral("layer %1/%2 %3: output error %4%").arg(layer_ + 1).arg(cfg_.numLayers).arg(QLatin1String(module)).arg(err * 100, 0, 'f', 3);
    if (errRtn >= 0) msg += QStringLiteral(" (RTN %1%), loss %2, damp %3").arg(errRtn * 100, 0, 'f', 3).arg(q.loss, 0, 'g', 4).arg(q.damp, 0, 'g', 3);
    ctx_.log(jobs::LogLevel::Info, msg + QStringLiteral(", %1 s").arg(seconds, 0, 'f', 1), data);
    progressStep(moduleIndex(module) + 1, QLatin1String(module));
  }

  static int moduleIndex(const char* m) {
    for (int i = 0; i < 7; ++i)
      if (std::strcmp(kModules[i], m) == 0) return i;
    return 0;
  }

  void writeModule(const QString& name, const QuantizedLinear& q, const torch::Tensor& bias) {
    const int64_t N = q.codes.size(0), K = q.codes.size(1), G = q.scales.size(0);
    const int bits = opt_.bits;
    const torch::Tensor codesKN = q.codes.t().contiguous();
    const std::vector<int32_t> qweight = packRows(codesKN.data_ptr<uint8_t>(), K, N, bits);
    // v1 ("gptq") stores zero − 1 and loaders add 1 back; asym uses v2, the zero as is, since a
    // true zero of 0 cannot be stored in v1.
    torch::Tensor zeros = q.zeros.clone();
    if (opt_.sym) zeros.sub_(1);
    const std::vector<int32_t> qzeros = packCols(zeros.data_ptr<uint8_t>(), G, N, bits);
    const torch::Tensor scales = q.scales.to(torch::kFloat16).contiguous();
    add(name + QStringLiteral(".qweight"), DType::I32, {K * bits / 32, N}, qweight.data(), qweight.size() * 4);
    add(name + QStringLiteral(".qzeros"), DType::I32, {G, N * bits / 32}, qzeros.data(), qzeros.size() * 4);
    add(name + QStringLiteral(".scales"), DType::F16, {G, N}, scales.data_ptr(), static_cast<uint64_t>(scales.numel()) * 2);
    add(name + QStringLiteral(".g_idx"), DType::I32, {K}, q.gIdx.data_ptr(), static_cast<uint64_t>(K) * 4);
    if (bias.defined()) {
      const torch::Tensor b = bias.to(torch::kFloat16).contiguous();
      add(name + QStringLiteral(".bias"), DType::F16, {N}, b.data_ptr(), static_cast<uint64_t>(N) * 2);
    }
  }

  std::map<std::string, torch::Tensor> w_;
};

}  // namespace

std::unique_ptr<LayerDriver> makeGptqDriver(jobs::JobContext& ctx, const QuantizeRequest& r) { return std::make_unique<GptqDriver>(ctx, r); }

}  // namespace ct::quant
