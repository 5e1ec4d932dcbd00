// The layer-by-layer driver shared by GPTQ, RTN and AWQ: one decoder layer's weights resident at
// a time (fp32 copies read from the mapped checkpoint), calibration activations in the model's
// 16-bit dtype, a resume point after every layer, and the checkpoint written into OUT.partial.
// The methods' layer steps are gptq_layer.cpp and awq_layer.cpp.
#include <torch/torch.h>

#include "quant/quantize_run.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
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
#include "model/tokenizer.h"
#include "model/torch_tensors.h"
#include "quant/calibration.h"
#include "quant/layer_driver.h"

namespace ct::quant {
namespace {

using model::DType;

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

}  // namespace

double relativeError(const torch::Tensor& w, const torch::Tensor& q, const torch::Tensor& x) {
  const double ref = x.matmul(w.t()).pow(2).sum().item<double>();
  const double diff = x.matmul((w - q).t()).pow(2).sum().item<double>();
  return ref > 0 ? diff / ref : 0.0;
}

LayerDriver::LayerDriver(jobs::JobContext& ctx, const QuantizeRequest& r) : ctx_(ctx), req_(r), opt_(r.options) {}

int LayerDriver::exec() {
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

void LayerDriver::check() const {
  if (ctx_.cancelled()) throw Cancelled{};
}

torch::Tensor LayerDriver::source(const QString& name) const { return model::viewOf(weights_->view(name)); }

QString LayerDriver::layerName(int l, const char* rest) const { return prefix_ + QStringLiteral("layers.%1.").arg(l) + QLatin1String(rest); }

void LayerDriver::add(const QString& name, DType t, const std::vector<int64_t>& shape, const void* data, uint64_t bytes) {
  QString err;
  if (!layerWriter_->add(name, t, shape, data, bytes, &err)) throw Failure{QStringLiteral("io"), err};
}

void LayerDriver::addF16(const QString& name, const torch::Tensor& t) {
  const torch::Tensor h = t.to(torch::kFloat16).contiguous();
  if (!torch::isfinite(h).all().item<bool>())
    throw Failure{QStringLiteral("quantize_failed"), QStringLiteral("%1 does not fit float16 (it overflows); the checkpoint cannot hold it").arg(name)};
  add(name, DType::F16, std::vector<int64_t>(h.sizes().begin(), h.sizes().end()), h.data_ptr(), static_cast<uint64_t>(h.nbytes()));
}

void LayerDriver::beginLayerFile(int l) { layerWriter_ = std::make_unique<model::SafetensorsWriter>(QDir(resumeDir_).filePath(layerFile(l))); }

void LayerDriver::finishLayer(int l, double seconds) {
  QString err;
  if (!layerWriter_->finish(&err)) throw Failure{QStringLiteral("io"), err};
  layerWriter_.reset();
  saveState(l + 1, seconds);
}

void LayerDriver::progressStep(int stepInLayer, const QString& what) {
  ctx_.progress(static_cast<double>(layer_) * stepsPerLayer() + stepInLayer, static_cast<double>(cfg_.numLayers) * stepsPerLayer(), stepUnit(),
                QStringLiteral("layer %1/%2 %3").arg(layer_ + 1).arg(cfg_.numLayers).arg(what));
}

bool LayerDriver::layerTensor(const QString& name, int* layer, QString* tail) const {
  if (!name.startsWith(prefix_ + QStringLiteral("layers."))) return false;
  const QString rest = name.mid(prefix_.size() + 7);
  const int dot = rest.indexOf(QLatin1Char('.'));
  bool ok = false;
  const int l = rest.left(dot).toInt(&ok);
  if (!ok || dot < 0) return false;
  *layer = l;
  *tail = rest.mid(dot + 1);
  return true;
}

void LayerDriver::prepare() {
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
  if (opt_.isAwq())
    ctx_.info(QStringLiteral("AWQ %1-bit, group %2, zero point, %3 scaling over %4 ratios%5: vLLM kernel %6; about %7 of memory")
                  .arg(opt_.bits).arg(opt_.groupSize)
                  .arg(opt_.duoScaling ? QStringLiteral("duo") : QStringLiteral("activation-only"))
                  .arg(opt_.grid)
                  .arg(opt_.awqClip ? QStringLiteral(", clipping search") : QStringLiteral(", no clipping"))
                  .arg(plan_.kernel, formatBytes(plan_.estimatedPeakBytes)));
  else
    ctx_.info(QStringLiteral("%1 %2-bit, group %3, %4%5%6: vLLM kernel %7; about %8 of memory")
                  .arg(opt_.method.toUpper()).arg(opt_.bits).arg(opt_.groupSize)
                  .arg(opt_.sym ? QStringLiteral("sym") : QStringLiteral("asym"))
                  .arg(opt_.descAct ? QStringLiteral(", desc_act") : QString())
                  .arg(opt_.staticGroups ? QStringLiteral(", static groups") : QString())
                  .arg(plan_.kernel, formatBytes(plan_.estimatedPeakBytes)));
  for (const QString& n : plan_.notes) ctx_.info(n);

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

void LayerDriver::calibrate() {
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

void LayerDriver::fingerprint() {
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

bool LayerDriver::resumeFromState() {
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

void LayerDriver::embed() {
  torch::NoGradGuard ng;
  const torch::Tensor table = source(prefix_ + QStringLiteral("embed_tokens.weight"));
  X_ = table.index_select(0, ids_.flatten()).view({opt_.nsamples, opt_.seqlen, cfg_.hiddenSize}).to(act_).contiguous();
}

void LayerDriver::emitLayerMetrics(const QJsonObject& r) {
  const int l = r.value(QStringLiteral("layer")).toInt();
  ctx_.metric(opt_.method, l, r.value(QStringLiteral("err")).toDouble() * 100);
  if (r.contains(QStringLiteral("err_rtn"))) ctx_.metric(QStringLiteral("rtn"), l, r.value(QStringLiteral("err_rtn")).toDouble() * 100);
}

void LayerDriver::saveState(int done, double seconds) {
  double err = 0, errRtn = 0, loss = 0;
  for (const QJsonValue v : moduleReports_) {
    err += v[QStringLiteral("err")].toDouble() / 7;
    errRtn += v[QStringLiteral("err_rtn")].toDouble() / 7;
    loss += v[QStringLiteral("loss")].toDouble();
  }
  QJsonObject report{{QStringLiteral("layer"), layer_}, {QStringLiteral("err"), err}, {QStringLiteral("loss"), loss},
                     {QStringLiteral("seconds"), seconds}, {QStringLiteral("modules"), moduleReports_}};
  if (hasRtnBaseline()) report.insert(QStringLiteral("err_rtn"), errRtn);
  const QJsonObject extras = layerReportExtras();
  for (auto it = extras.begin(); it != extras.end(); ++it) report.insert(it.key(), it.value());
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

int LayerDriver::finish() {
  QString err;
  const double steps = static_cast<double>(cfg_.numLayers) * stepsPerLayer();
  ctx_.progress(steps, steps, stepUnit(), QStringLiteral("writing the checkpoint"));
  {
    model::CheckpointWriter out(staging_);
    std::map<int, std::unique_ptr<model::SafetensorsFile>> layers;
    auto copy = [&](const QString& name, const model::TensorView& v) {
      if (!out.add(name, v.info->dtype, v.info->shape, v.data, v.info->bytes(), &err)) throw Failure{QStringLiteral("io"), err};
    };
    for (const QString& name : weights_->names()) {
      check();
      int l = 0;
      QString tail;
      if (layerTensor(name, &l, &tail)) {
        auto& file = layers[l];
        if (!file) {
          file = model::SafetensorsFile::open(QDir(resumeDir_).filePath(layerFile(l)), &err);
          if (!file) throw Failure{QStringLiteral("io"), err};
        }
        bool linear = false, linearBias = false;
        for (const char* m : kModules) {
          linear = linear || tail == QLatin1String(m) + QStringLiteral(".weight");
          linearBias = linearBias || tail == QLatin1String(m) + QStringLiteral(".bias");
        }
        // A quantized Linear's weight becomes the method's packed tensors; any other tensor
        // the method rewrote (biases, AWQ's scaled norms) comes from the layer's file too.
        const QString base = name.left(name.lastIndexOf(QLatin1Char('.')));
        const QStringList parts = linear ? packedSuffixes() : QStringList{name.mid(base.size())};
        if (linear || linearBias || file->find(name)) {
          for (const QString& p : parts) {
            const model::TensorInfo* t = file->find(base + p);
            if (!t) throw Failure{QStringLiteral("io"), QStringLiteral("%1 lacks %2").arg(file->path(), base + p)};
            copy(base + p, file->view(*t));
            file->release(*t);
          }
          continue;
        }
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

  const QJsonObject qcfg = checkpointQuantizationConfig();
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
      (writesQuantizeConfigFile() && !writeJson(QDir(staging_).filePath(QStringLiteral("quantize_config.json")), qcfg, &err)) ||
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
                .arg(hasRtnBaseline() ? QStringLiteral(" (RTN %1%)").arg(errRtn * 100, 0, 'f', 3) : QString()));
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
  if (hasRtnBaseline()) result.insert(QStringLiteral("mean_err_rtn"), errRtn);
  const QJsonObject extras = resultExtras();
  for (auto it = extras.begin(); it != extras.end(); ++it) result.insert(it.key(), it.value());
  return ctx_.succeed(result);
}

int runQuantize(jobs::JobContext& ctx, const QuantizeRequest& request) {
  // A fixed mmap threshold: large tensors always come from (and go back to) the kernel, instead
  // of glibc's adaptive threshold keeping freed gigabytes on the heap.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  if (request.options.isAwq()) {
    // AWQ's search runs each module 20 times over the calibration tokens: its temporaries, made
    // and freed thousands of times, are reused from the heap instead of being faulted in fresh
    // from the kernel each time (that was nearly half of the run's time).
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
  }
  const auto driver = request.options.isAwq() ? makeAwqDriver(ctx, request) : makeGptqDriver(ctx, request);
  return driver->exec();
}

}  // namespace ct::quant
