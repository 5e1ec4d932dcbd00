// The layer-by-layer GPTQ driver. One decoder layer is resident at a time (fp32 copies of its
// weights, read from the mapped checkpoint); calibration activations live in the model's 16-bit
// dtype; each group of modules that shares an input (q/k/v, o, gate/up, down) gets one Hessian
// pass, run with the earlier groups of the layer already quantized (true-sequential), and the
// layer's output is computed by the quantized layer before the next layer starts.
#include <torch/torch.h>

#include "quant/quantize_run.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QThread>
#include <cstdio>
#include <malloc.h>
#include <map>

#include "jobs/job_context.h"
#include "model/companion_files.h"
#include "model/model_config.h"
#include "model/qwen2_math.h"
#include "model/safetensors.h"
#include "model/safetensors_writer.h"
#include "model/tokenizer.h"
#include "model/torch_tensors.h"
#include "quant/calibration.h"
#include "quant/gptq.h"
#include "quant/packing.h"

namespace ct::quant {
namespace {

namespace F = torch::nn::functional;
using model::DType;

constexpr const char* kModules[7] = {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
                                     "mlp.gate_proj",    "mlp.up_proj",      "mlp.down_proj"};
constexpr int64_t kSampleRows = 1024;  // calibration rows the error figure is measured on

struct Failure {
  QString code, message;
};
struct Cancelled {};

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

double relativeError(const torch::Tensor& w, const torch::Tensor& q, const torch::Tensor& x) {
  const double ref = x.matmul(w.t()).pow(2).sum().item<double>();
  const double diff = x.matmul((w - q).t()).pow(2).sum().item<double>();
  return ref > 0 ? diff / ref : 0.0;
}

QString layerFile(int l) { return QStringLiteral("layer-%1.safetensors").arg(l, 5, 10, QLatin1Char('0')); }
QString activationFile(int l) { return QStringLiteral("activations-%1.safetensors").arg(l, 5, 10, QLatin1Char('0')); }

bool writeJson(const QString& path, const QJsonObject& o, QString* error) {
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(o).toJson(QJsonDocument::Indented)) < 0 || !f.commit()) {
    if (error) *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
    return false;
  }
  return true;
}

class Run {
 public:
  Run(jobs::JobContext& ctx, const QuantizeRequest& r) : ctx_(ctx), req_(r), opt_(r.options) {}

  int exec() {
    try {
      prepare();
      for (int l = firstLayer_; l < cfg_.numLayers; ++l) quantizeLayer(l);
      return finish();
    } catch (const Cancelled&) {
      ctx_.warn(QStringLiteral("stopped after %1 of %2 layers; `ct quantize ... --resume` continues from there (%3)")
                    .arg(layersDone_).arg(cfg_.numLayers).arg(staging_));
      return ctx_.cancel();
    } catch (const Failure& f) {
      return ctx_.fail(f.code, f.message);
    }
  }

 private:
  void check() const {
    if (ctx_.cancelled()) throw Cancelled{};
  }

  torch::Tensor source(const QString& name) const { return model::viewOf(weights_->view(name)); }
  QString layerName(int l, const char* rest) const { return prefix_ + QStringLiteral("layers.%1.").arg(l) + QLatin1String(rest); }

  void prepare() {
    QString err;
    auto cfg = model::ModelConfig::load(req_.modelDir, &err);
    if (!cfg) throw Failure{QStringLiteral("bad_model"), err};
    cfg_ = *cfg;
    if (!cfg_.quantizationConfig.isEmpty())
      throw Failure{QStringLiteral("bad_model"), QStringLiteral("%1 is already quantized (%2); quantize the float checkpoint it came from")
                                                     .arg(req_.modelDir, cfg_.quantizationConfig.value(QStringLiteral("quant_method")).toString())};
    weights_ = model::TensorSet::open(req_.modelDir, &err);
    if (!weights_) throw Failure{QStringLiteral("bad_model"), err};
    prefix_ = QStringLiteral("model.");
    if (!weights_->contains(prefix_ + QStringLiteral("embed_tokens.weight")) &&
        weights_->contains(QStringLiteral("model.language_model.embed_tokens.weight")))
      prefix_ = QStringLiteral("model.language_model.");
    for (const auto& [name, shape] : cfg_.expectedTensors(prefix_, false)) {
      const model::TensorInfo* t = weights_->info(name);
      if (!t) throw Failure{QStringLiteral("bad_model"), QStringLiteral("%1: tensor %2 is missing").arg(req_.modelDir, name)};
      if (t->shape != shape)
        throw Failure{QStringLiteral("bad_model"), QStringLiteral("%1: tensor %2 does not have the shape config.json implies").arg(req_.modelDir, name)};
      if (t->dtype != DType::F32 && t->dtype != DType::F16 && t->dtype != DType::BF16)
        throw Failure{QStringLiteral("bad_model"), QStringLiteral("%1: tensor %2 is %3; expected F32, F16 or BF16").arg(req_.modelDir, name, model::dtypeName(t->dtype))};
    }
    const DType embedType = weights_->info(prefix_ + QStringLiteral("embed_tokens.weight"))->dtype;
    act_ = embedType == DType::F32 ? torch::kFloat32 : (embedType == DType::F16 ? torch::kFloat16 : torch::kBFloat16);

    opt_ = resolved(opt_, cfg_);
    plan_ = planQuantization(opt_, cfg_);
    for (const QString& w : plan_.warnings) ctx_.warn(w);
    if (!plan_.errors.isEmpty()) throw Failure{QStringLiteral("invalid_options"), plan_.errors.join(QStringLiteral("; "))};
    ctx_.info(QStringLiteral("%1 %2-bit, group %3, %4%5%6: vLLM kernel %7; about %8 of memory")
                  .arg(opt_.method.toUpper()).arg(opt_.bits).arg(opt_.groupSize)
                  .arg(opt_.sym ? QStringLiteral("sym") : QStringLiteral("asym"))
                  .arg(opt_.descAct ? QStringLiteral(", desc_act") : QString())
                  .arg(opt_.staticGroups ? QStringLiteral(", static groups") : QString())
                  .arg(plan_.kernel, formatBytes(plan_.estimatedPeakBytes)));

    if (QFileInfo::exists(req_.outDir))
      throw Failure{QStringLiteral("output_exists"), QStringLiteral("%1 already exists; choose another --out or remove it").arg(req_.outDir)};

    calibrate();
    fingerprint();
    torch::set_num_threads(req_.threads > 0 ? req_.threads : std::max(1, QThread::idealThreadCount()));

    staging_ = stagingDir(req_.outDir);
    resumeDir_ = QDir(staging_).filePath(QStringLiteral("resume"));
    if (QFileInfo::exists(staging_)) {
      if (req_.resume && resumeFromState()) return;
      if (!req_.resume) ctx_.info(QStringLiteral("discarding the partial output of an earlier run at %1 (pass --resume to continue such a run)").arg(staging_));
      if (!QDir(staging_).removeRecursively())
        throw Failure{QStringLiteral("io"), QStringLiteral("cannot remove %1; remove it by hand").arg(staging_)};
    } else if (req_.resume) {
      ctx_.info(QStringLiteral("nothing to resume at %1; starting from the first layer").arg(staging_));
    }
    if (!QDir().mkpath(resumeDir_)) throw Failure{QStringLiteral("io"), QStringLiteral("cannot create %1").arg(resumeDir_)};
    embed();
  }

  void calibrate() {
    QString err, text;
    if (opt_.calibPath.isEmpty()) {
      if (!QFileInfo::exists(QDir(req_.modelDir).filePath(QStringLiteral("ct_demo.json"))))
        throw Failure{QStringLiteral("invalid_options"),
                      QStringLiteral("give --calib FILE: text, JSONL or a JSON array with text like what the model will serve "
                                     "(the built-in calibration text is only for the demo model)")};
      text = demoCalibrationText(req_.modelDir, &err);
      if (text.isEmpty()) throw Failure{QStringLiteral("bad_model"), err};
      calibName_ = QStringLiteral("built-in demo task text");
    } else {
      auto t = loadCalibrationText(opt_.calibPath, opt_.calibField, &err);
      if (!t) throw Failure{QStringLiteral("bad_calibration"), err};
      text = *t;
      calibName_ = opt_.calibPath;
    }
    auto tok = model::Tokenizer::load(req_.modelDir, &err);
    if (!tok) throw Failure{QStringLiteral("bad_model"), err};
    const std::vector<int32_t> ids = tok->encode(text.toStdString());
    auto windows = calibrationWindows(ids, opt_.nsamples, opt_.seqlen, opt_.seed, &err);
    if (!windows) throw Failure{QStringLiteral("bad_calibration"), err};
    for (const auto& w : *windows)
      for (int32_t id : w)
        if (id >= cfg_.vocabSize)
          throw Failure{QStringLiteral("bad_model"), QStringLiteral("the tokenizer produced id %1 but the model has %2 embeddings").arg(id).arg(cfg_.vocabSize)};
    std::vector<int64_t> flat;
    flat.reserve(static_cast<size_t>(opt_.nsamples) * static_cast<size_t>(opt_.seqlen));
    for (const auto& w : *windows) flat.insert(flat.end(), w.begin(), w.end());
    ids_ = torch::tensor(flat, torch::kInt64).view({opt_.nsamples, opt_.seqlen});
    ctx_.info(QStringLiteral("calibration: %1 samples × %2 tokens from %3 (%4 tokens)").arg(opt_.nsamples).arg(opt_.seqlen).arg(calibName_).arg(ids.size()));
  }

  void fingerprint() {
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(QFileInfo(req_.modelDir).canonicalFilePath().toUtf8());
    QFile cfg(QDir(req_.modelDir).filePath(QStringLiteral("config.json")));
    if (cfg.open(QIODevice::ReadOnly)) h.addData(cfg.readAll());
    for (const auto& f : weights_->files()) {
      const QFileInfo fi(f->path());
      h.addData(QStringLiteral("%1:%2:%3").arg(fi.fileName()).arg(fi.size()).arg(fi.lastModified().toMSecsSinceEpoch()).toUtf8());
    }
    h.addData(QJsonDocument(opt_.toJson()).toJson(QJsonDocument::Compact));
    h.addData(QByteArrayView(reinterpret_cast<const char*>(ids_.data_ptr<int64_t>()), ids_.numel() * 8));
    fingerprint_ = QString::fromLatin1(h.result().toHex());
  }

  bool resumeFromState() {
    QFile f(QDir(resumeDir_).filePath(QStringLiteral("state.json")));
    if (!f.open(QIODevice::ReadOnly)) {
      ctx_.info(QStringLiteral("%1 holds no resumable state; starting from the first layer").arg(staging_));
      return false;
    }
    const QJsonObject st = QJsonDocument::fromJson(f.readAll()).object();
    if (st.value(QStringLiteral("fingerprint")).toString() != fingerprint_)
      throw Failure{QStringLiteral("resume_mismatch"),
                    QStringLiteral("the interrupted run in %1 used another model, options or calibration; run without --resume to start over").arg(staging_)};
    const int done = st.value(QStringLiteral("layers_done")).toInt();
    QString err;
    auto acts = model::SafetensorsFile::open(QDir(resumeDir_).filePath(activationFile(done)), &err);
    const model::TensorInfo* t = acts ? acts->find(QStringLiteral("hidden")) : nullptr;
    if (!t) {
      ctx_.warn(QStringLiteral("the saved state in %1 is incomplete (%2); starting from the first layer").arg(staging_, err));
      return false;
    }
    for (int l = 0; l < done; ++l)
      if (!QFileInfo::exists(QDir(resumeDir_).filePath(layerFile(l)))) {
        ctx_.warn(QStringLiteral("layer %1's saved result is missing in %2; starting from the first layer").arg(l).arg(staging_));
        return false;
      }
    X_ = model::viewOf(acts->view(*t)).clone();
    firstLayer_ = layersDone_ = done;
    reports_ = st.value(QStringLiteral("layers")).toArray();
    for (const QJsonValue v : reports_) emitLayerMetrics(v.toObject());
    ctx_.info(QStringLiteral("resuming after layer %1 of %2 (%3)").arg(done).arg(cfg_.numLayers).arg(staging_));
    return true;
  }

  void embed() {
    torch::NoGradGuard ng;
    const torch::Tensor table = source(prefix_ + QStringLiteral("embed_tokens.weight"));
    X_ = table.index_select(0, ids_.flatten()).view({opt_.nsamples, opt_.seqlen, cfg_.hiddenSize}).to(act_).contiguous();
  }

  int64_t chunk() const { return std::max<int64_t>(1, 2048 / opt_.seqlen); }

  template <typename Fn>
  void overChunks(Fn fn) {
    for (int64_t s0 = 0; s0 < opt_.nsamples; s0 += chunk()) {
      check();
      fn(s0, std::min<int64_t>(opt_.nsamples, s0 + chunk()));
    }
  }

  void quantizeLayer(int l) {
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

    layerWriter_ = std::make_unique<model::SafetensorsWriter>(QDir(resumeDir_).filePath(layerFile(l)));

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

    QString err;
    if (!layerWriter_->finish(&err)) throw Failure{QStringLiteral("io"), err};
    layerWriter_.reset();
    saveState(l + 1, clock.elapsed() / 1000.0);
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
    ++modulesDone_;
    ctx_.progress(static_cast<double>(layer_) * 7 + moduleIndex(module) + 1, static_cast<double>(cfg_.numLayers) * 7, QStringLiteral("modules"),
                  QStringLiteral("layer %1/%2 %3").arg(layer_ + 1).arg(cfg_.numLayers).arg(QLatin1String(module)));
  }

  static int moduleIndex(const char* m) {
    for (int i = 0; i < 7; ++i)
      if (std::strcmp(kModules[i], m) == 0) return i;
    return 0;
  }

  void add(const QString& name, DType t, const std::vector<int64_t>& shape, const void* data, uint64_t bytes) {
    QString err;
    if (!layerWriter_->add(name, t, shape, data, bytes, &err)) throw Failure{QStringLiteral("io"), err};
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

  void emitLayerMetrics(const QJsonObject& r) {
    const int l = r.value(QStringLiteral("layer")).toInt();
    ctx_.metric(opt_.method, l, r.value(QStringLiteral("err")).toDouble() * 100);
    if (r.contains(QStringLiteral("err_rtn"))) ctx_.metric(QStringLiteral("rtn"), l, r.value(QStringLiteral("err_rtn")).toDouble() * 100);
  }

  void saveState(int done, double seconds) {
    double err = 0, errRtn = 0, loss = 0;
    for (const QJsonValue v : moduleReports_) {
      err += v[QStringLiteral("err")].toDouble() / 7;
      errRtn += v[QStringLiteral("err_rtn")].toDouble() / 7;
      loss += v[QStringLiteral("loss")].toDouble();
    }
    QJsonObject report{{QStringLiteral("layer"), layer_}, {QStringLiteral("err"), err}, {QStringLiteral("loss"), loss},
                       {QStringLiteral("seconds"), seconds}, {QStringLiteral("modules"), moduleReports_}};
    if (opt_.method == QLatin1String("gptq")) report.insert(QStringLiteral("err_rtn"), errRtn);
    reports_.append(report);
    emitLayerMetrics(report);

    // The next layer's input, then the state that points at it, then the old input goes.
    QString e;
    {
      model::SafetensorsWriter acts(QDir(resumeDir_).filePath(activationFile(done)));
      const DType t = act_ == torch::kFloat32 ? DType::F32 : (act_ == torch::kFloat16 ? DType::F16 : DType::BF16);
      std::vector<int64_t> shape(X_.sizes().begin(), X_.sizes().end());
      if (!acts.add(QStringLiteral("hidden"), t, shape, X_.data_ptr(), static_cast<uint64_t>(X_.nbytes()), &e) || !acts.finish(&e))
        throw Failure{QStringLiteral("io"), e};
    }
    const QJsonObject st{{QStringLiteral("fingerprint"), fingerprint_}, {QStringLiteral("layers_done"), done},
                         {QStringLiteral("layers"), reports_}};
    if (!writeJson(QDir(resumeDir_).filePath(QStringLiteral("state.json")), st, &e)) throw Failure{QStringLiteral("io"), e};
    QFile::remove(QDir(resumeDir_).filePath(activationFile(done - 1)));
    layersDone_ = done;
    ctx_.info(QStringLiteral("layer %1/%2 done in %3 s: output error %4% (RTN %5%)")
                  .arg(done).arg(cfg_.numLayers).arg(seconds, 0, 'f', 1).arg(err * 100, 0, 'f', 3).arg(errRtn * 100, 0, 'f', 3));
  }

  bool isQuantLinear(const QString& name, int* layer, QString* module) const {
    if (!name.startsWith(prefix_ + QStringLiteral("layers."))) return false;
    const QString rest = name.mid(prefix_.size() + 7);
    const int dot = rest.indexOf(QLatin1Char('.'));
    bool ok = false;
    const int l = rest.left(dot).toInt(&ok);
    if (!ok) return false;
    const QString tail = rest.mid(dot + 1);
    for (const char* m : kModules)
      if (tail == QLatin1String(m) + QStringLiteral(".weight") || tail == QLatin1String(m) + QStringLiteral(".bias")) {
        *layer = l;
        *module = tail;
        return true;
      }
    return false;
  }

  int finish() {
    QString err;
    ctx_.progress(static_cast<double>(cfg_.numLayers) * 7, static_cast<double>(cfg_.numLayers) * 7, QStringLiteral("modules"), QStringLiteral("writing the checkpoint"));
    {
      model::CheckpointWriter out(staging_);
      std::map<int, std::unique_ptr<model::SafetensorsFile>> layers;
      auto copy = [&](const QString& name, const model::TensorView& v) {
        if (!out.add(name, v.info->dtype, v.info->shape, v.data, v.info->bytes(), &err)) throw Failure{QStringLiteral("io"), err};
      };
      for (const QString& name : weights_->names()) {
        check();
        int l = 0;
        QString module;
        if (isQuantLinear(name, &l, &module)) {
          auto& file = layers[l];
          if (!file) {
            file = model::SafetensorsFile::open(QDir(resumeDir_).filePath(layerFile(l)), &err);
            if (!file) throw Failure{QStringLiteral("io"), err};
          }
          const QString base = name.left(name.lastIndexOf(QLatin1Char('.')));
          const QStringList parts = name.endsWith(QLatin1String(".bias"))
                                        ? QStringList{QStringLiteral(".bias")}
                                        : QStringList{QStringLiteral(".qweight"), QStringLiteral(".qzeros"), QStringLiteral(".scales"), QStringLiteral(".g_idx")};
          for (const QString& p : parts) {
            const model::TensorInfo* t = file->find(base + p);
            if (!t) throw Failure{QStringLiteral("io"), QStringLiteral("%1 lacks %2").arg(file->path(), base + p)};
            copy(base + p, file->view(*t));
            file->release(*t);
          }
          continue;
        }
        const model::TensorView v = weights_->view(name);
        const bool language = name.startsWith(prefix_) || name == QLatin1String("lm_head.weight");
        if (!language || v.info->dtype == DType::F16 || !(v.info->dtype == DType::F32 || v.info->dtype == DType::BF16)) {
          copy(name, v);  // the vision tower and anything else unknown is carried exactly
          weights_->release(name);
          continue;
        }
        const torch::Tensor h = model::viewOf(v).to(torch::kFloat16).contiguous();
        if (!out.add(name, DType::F16, v.info->shape, h.data_ptr(), static_cast<uint64_t>(h.nbytes()), &err)) throw Failure{QStringLiteral("io"), err};
        weights_->release(name);
      }
      if (!out.finish(&err)) throw Failure{QStringLiteral("io"), err};
    }

    const QJsonObject qcfg = quantizationConfig(opt_, cfg_.isVisionLanguage);
    QFile src(QDir(req_.modelDir).filePath(QStringLiteral("config.json")));
    if (!src.open(QIODevice::ReadOnly)) throw Failure{QStringLiteral("io"), src.errorString()};
    QJsonObject config = QJsonDocument::fromJson(src.readAll()).object();
    config.insert(QStringLiteral("quantization_config"), qcfg);
    config.insert(QStringLiteral("torch_dtype"), QStringLiteral("float16"));
    if (config.contains(QStringLiteral("text_config"))) {
      QJsonObject text = config.value(QStringLiteral("text_config")).toObject();
      if (text.contains(QStringLiteral("torch_dtype"))) text.insert(QStringLiteral("torch_dtype"), QStringLiteral("float16"));
      config.insert(QStringLiteral("text_config"), text);
    }
    QJsonObject report{{QStringLiteral("source"), QFileInfo(req_.modelDir).absoluteFilePath()},
                       {QStringLiteral("options"), opt_.toJson()},
                       {QStringLiteral("calibration"), calibName_},
                       {QStringLiteral("kernel"), plan_.kernel},
                       {QStringLiteral("layers"), reports_}};
    if (!writeJson(QDir(staging_).filePath(QStringLiteral("config.json")), config, &err) ||
        !writeJson(QDir(staging_).filePath(QStringLiteral("quantize_config.json")), qcfg, &err) ||
        !writeJson(QDir(staging_).filePath(QStringLiteral("ct_quant_report.json")), report, &err))
      throw Failure{QStringLiteral("io"), err};
    // Tokenizer, generation config, chat template, processor files: everything but the weights.
    if (!model::copyCompanionFiles(req_.modelDir, staging_,
                                   {QStringLiteral("config.json"), QStringLiteral("quantize_config.json"), QStringLiteral("ct_quant_report.json")}, &err))
      throw Failure{QStringLiteral("io"), err};
    if (!QDir(resumeDir_).removeRecursively()) throw Failure{QStringLiteral("io"), QStringLiteral("cannot remove %1").arg(resumeDir_)};
    if (QFileInfo::exists(req_.outDir))
      throw Failure{QStringLiteral("output_exists"), QStringLiteral("%1 appeared while quantizing; the result is in %2").arg(req_.outDir, staging_)};
    if (std::rename(QFile::encodeName(staging_).constData(), QFile::encodeName(req_.outDir).constData()) != 0)
      throw Failure{QStringLiteral("io"), QStringLiteral("cannot rename %1 to %2").arg(staging_, req_.outDir)};

    double err1 = 0, errRtn = 0, secs = 0;
    for (const QJsonValue v : reports_) {
      err1 += v[QStringLiteral("err")].toDouble() / reports_.size();
      errRtn += v[QStringLiteral("err_rtn")].toDouble() / reports_.size();
      secs += v[QStringLiteral("seconds")].toDouble();
    }
    ctx_.info(QStringLiteral("wrote %1: mean output error %2%%3").arg(req_.outDir).arg(err1 * 100, 0, 'f', 3)
                  .arg(opt_.method == QLatin1String("gptq") ? QStringLiteral(" (RTN %1%)").arg(errRtn * 100, 0, 'f', 3) : QString()));
    QJsonObject result{{QStringLiteral("out"), req_.outDir},
                       {QStringLiteral("method"), opt_.method},
                       {QStringLiteral("bits"), opt_.bits},
                       {QStringLiteral("group_size"), opt_.groupSize},
                       {QStringLiteral("desc_act"), opt_.descAct},
                       {QStringLiteral("sym"), opt_.sym},
                       {QStringLiteral("kernel"), plan_.kernel},
                       {QStringLiteral("layers"), cfg_.numLayers},
                       {QStringLiteral("mean_err"), err1},
                       {QStringLiteral("layer_seconds"), secs}};
    if (opt_.method == QLatin1String("gptq")) result.insert(QStringLiteral("mean_err_rtn"), errRtn);
    return ctx_.succeed(result);
  }

  jobs::JobContext& ctx_;
  QuantizeRequest req_;
  QuantOptions opt_;
  model::ModelConfig cfg_;
  std::unique_ptr<model::TensorSet> weights_;
  QString prefix_;
  torch::Dtype act_ = torch::kBFloat16;
  QuantPlan plan_;
  QString calibName_;
  torch::Tensor ids_;
  QString fingerprint_;
  QString staging_, resumeDir_;
  torch::Tensor X_;
  int firstLayer_ = 0, layersDone_ = 0, layer_ = 0, modulesDone_ = 0;
  std::map<std::string, torch::Tensor> w_;
  std::unique_ptr<model::SafetensorsWriter> layerWriter_;
  QJsonArray reports_, moduleReports_;
};

}  // namespace

int runQuantize(jobs::JobContext& ctx, const QuantizeRequest& request) {
  // A fixed mmap threshold: large tensors always come from (and go back to) the kernel, instead
  // of glibc's adaptive threshold keeping freed gigabytes on the heap.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  Run run(ctx, request);
  return run.exec();
}

}  // namespace ct::quant
