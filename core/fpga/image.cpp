#include "fpga/image.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <malloc.h>
#include <mutex>
#include <numeric>
#include <thread>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fpga/checksum.h"
#include "jobs/job_context.h"
#include "model/companion_files.h"
#include "model/dtype.h"
#include "model/model_config.h"
#include "model/safetensors.h"
#include "quant/packing.h"

namespace ct::fpga {
namespace {

using model::DType;

struct Failure {
  QString code, message;
};

int64_t roundUp(int64_t v, int64_t to) { return (v + to - 1) / to * to; }

QJsonObject region(int channel, int64_t offset, int64_t bytes) {
  return {{QStringLiteral("channel"), channel}, {QStringLiteral("offset"), static_cast<double>(offset)}, {QStringLiteral("bytes"), static_cast<double>(bytes)}};
}

// LSB-first bit stream of `count` values of `bits` bits each.
void packStream(const uint8_t* values, int64_t count, int bits, uint8_t* out) {
  uint64_t acc = 0;
  int have = 0;
  int64_t o = 0;
  for (int64_t i = 0; i < count; ++i) {
    acc |= static_cast<uint64_t>(values[i]) << have;
    have += bits;
    while (have >= 8) {
      out[o++] = static_cast<uint8_t>(acc);
      acc >>= 8;
      have -= 8;
    }
  }
  if (have > 0) out[o] = static_cast<uint8_t>(acc);
}

void unpackStream(const uint8_t* in, int64_t count, int bits, uint8_t* values) {
  const unsigned mask = (1u << bits) - 1;
  for (int64_t i = 0; i < count; ++i) {
    const uint64_t bit = static_cast<uint64_t>(i) * bits;
    unsigned v = in[bit >> 3] >> (bit & 7);
    if ((bit & 7) + bits > 8) v |= static_cast<unsigned>(in[(bit >> 3) + 1]) << (8 - (bit & 7));
    values[i] = static_cast<uint8_t>(v & mask);
  }
}

// One output file per memory channel; every region starts on a word boundary.
class ChannelFiles {
 public:
  ChannelFiles(const QString& dir, const BoardProfile& p) : board_(p), offsets_(static_cast<size_t>(p.channels), 0) {
    for (int c = 0; c < p.channels; ++c) {
      const QString path = QDir(dir).filePath(fileName(c));
      FILE* f = std::fopen(QFile::encodeName(path).constData(), "wb");
      if (!f) throw Failure{QStringLiteral("io"), QStringLiteral("cannot create %1").arg(path)};
      std::setvbuf(f, nullptr, _IOFBF, 1 << 20);
      files_.push_back(f);
      sums_.emplace_back();
    }
  }
  ~ChannelFiles() {
    for (FILE* f : files_)
      if (f) std::fclose(f);
  }
  static QString fileName(int c) { return QStringLiteral("channel-%1.bin").arg(c, 2, 10, QLatin1Char('0')); }

  int64_t write(int c, const void* data, int64_t bytes) {
    const int64_t at = offsets_[static_cast<size_t>(c)];
    FILE* f = files_[static_cast<size_t>(c)];
    const int64_t padded = roundUp(bytes, board_.wordBytes());
    if (bytes > 0 && std::fwrite(data, 1, static_cast<size_t>(bytes), f) != static_cast<size_t>(bytes))
      throw Failure{QStringLiteral("io"), QStringLiteral("writing channel %1 failed (disk full?)").arg(c)};
    sums_[static_cast<size_t>(c)].add(data, static_cast<size_t>(bytes));
    if (padded > bytes) {
      static const uint8_t zeros[1024] = {};
      sums_[static_cast<size_t>(c)].add(zeros, static_cast<size_t>(padded - bytes));
      std::fwrite(zeros, 1, static_cast<size_t>(padded - bytes), f);
    }
    offsets_[static_cast<size_t>(c)] += padded;
    return at;
  }
  void close() {
    for (size_t c = 0; c < files_.size(); ++c) {
      // Not fsynced: an image is rebuilt in seconds, the rename keeps a half-written one from
      // ever looking finished, and the host checks every channel's size and checksum on load.
      if (std::fflush(files_[c]) != 0 || std::fclose(files_[c]) != 0)
        throw Failure{QStringLiteral("io"), QStringLiteral("writing channel %1 failed (disk full?)").arg(c)};
      files_[c] = nullptr;
    }
  }
  int64_t size(int c) const { return offsets_[static_cast<size_t>(c)]; }
  QString checksum(int c) const { return sums_[static_cast<size_t>(c)].hex(); }

 private:
  BoardProfile board_;
  std::vector<FILE*> files_;
  std::vector<int64_t> offsets_;
  std::vector<Checksum64> sums_;
};

// Elements [from, from + n) of a float tensor as fp16.
std::vector<uint16_t> toHalf(const model::TensorView& v, int64_t from, int64_t n) {
  std::vector<uint16_t> out(static_cast<size_t>(n));
  const int es = model::dtypeSize(v.info->dtype);
  const uint8_t* base = v.data + from * es;
  if (v.info->dtype == DType::F16) {
    std::memcpy(out.data(), base, static_cast<size_t>(n) * 2);
  } else if (v.info->dtype == DType::BF16) {
    for (int64_t i = 0; i < n; ++i) {
      uint16_t b;
      std::memcpy(&b, base + i * 2, 2);
      const uint32_t bits = static_cast<uint32_t>(b) << 16;
      float f;
      std::memcpy(&f, &bits, 4);
      out[static_cast<size_t>(i)] = model::floatToHalf(f);
    }
  } else {
    for (int64_t i = 0; i < n; ++i) {
      float f;
      std::memcpy(&f, base + i * 4, 4);
      out[static_cast<size_t>(i)] = model::floatToHalf(f);
    }
  }
  return out;
}

// Runs fn(c) for every channel on two threads: channels have their own files and checksums,
// so the re-layout of one tensor splits cleanly. The first failure is rethrown here.
template <typename Fn>
void forChannels(int channels, Fn fn) {
  std::exception_ptr failure;
  std::mutex m;
  auto worker = [&](int first) {
    for (int c = first; c < channels; c += 2) {
      try {
        fn(c);
      } catch (...) {
        std::lock_guard<std::mutex> lock(m);
        if (!failure) failure = std::current_exception();
      }
    }
  };
  std::thread other(worker, 1);
  worker(0);
  other.join();
  if (failure) std::rethrow_exception(failure);
}

class Compiler {
 public:
  Compiler(jobs::JobContext& ctx, const CompileRequest& r) : ctx_(ctx), req_(r) {}

  int run() {
    try {
      prepare();
      compile();
      return finish();
    } catch (const Failure& f) {
      if (!staging_.isEmpty()) QDir(staging_).removeRecursively();
      if (f.code == QLatin1String("cancelled")) return ctx_.cancel();
      return ctx_.fail(f.code, f.message);
    }
  }

 private:
  void prepare() {
    QString err;
    auto board = BoardProfile::load(req_.board, &err);
    if (!board) throw Failure{QStringLiteral("bad_board"), err};
    board_ = *board;
    auto cfg = model::ModelConfig::load(req_.checkpointDir, &err);
    if (!cfg) throw Failure{QStringLiteral("bad_model"), err};
    cfg_ = *cfg;
    const QJsonObject q = cfg_.quantizationConfig;
    const QString method = q.value(QStringLiteral("quant_method")).toString();
    if (q.isEmpty() || (method != QLatin1String("gptq") && method != QLatin1String("awq")))
      throw Failure{QStringLiteral("bad_model"), QStringLiteral("%1 is not a GPTQ or AWQ checkpoint (no quantization_config with quant_method \"gptq\" or \"awq\"); quantize it first with `ct quantize`").arg(req_.checkpointDir)};
    awq_ = method == QLatin1String("awq");
    bits_ = q.value(QStringLiteral("bits")).toInt(q.value(QStringLiteral("w_bit")).toInt());
    group_ = q.value(QStringLiteral("group_size")).toInt(q.value(QStringLiteral("q_group_size")).toInt(-1));
    descAct_ = q.value(QStringLiteral("desc_act")).toBool();
    v2_ = q.value(QStringLiteral("checkpoint_format")).toString(q.value(QStringLiteral("format")).toString()) == QLatin1String("gptq_v2");
    if (awq_) {
      const QString version = q.value(QStringLiteral("version")).toString(QStringLiteral("gemm")).toLower();
      if (bits_ != 4 || version != QLatin1String("gemm") || !q.value(QStringLiteral("zero_point")).toBool(true))
        throw Failure{QStringLiteral("bad_model"), QStringLiteral("AWQ %1-bit, version \"%2\" is not supported (the GEMM layout, 4-bit with zero points, is)").arg(bits_).arg(version)};
    } else if (bits_ != 2 && bits_ != 3 && bits_ != 4 && bits_ != 8) {
      throw Failure{QStringLiteral("bad_model"), QStringLiteral("%1-bit GPTQ is not supported (2, 3, 4, 8)").arg(bits_)};
    }
    QStringList mismatch;
    if (req_.bits && req_.bits != bits_) mismatch << QStringLiteral("--bits %1 but the checkpoint has %2").arg(req_.bits).arg(bits_);
    if (req_.groupSize && req_.groupSize != group_) mismatch << QStringLiteral("--group-size %1 but the checkpoint has %2").arg(req_.groupSize).arg(group_);
    if (req_.descAct && *req_.descAct != descAct_)
      mismatch << QStringLiteral("--desc-act %1 but the checkpoint has desc_act %2").arg(*req_.descAct ? "on" : "off", descAct_ ? "true" : "false");
    if (!mismatch.isEmpty())
      throw Failure{QStringLiteral("mismatch"), QStringLiteral("%1 (quantization_config of %2); quantize again with those settings or drop the option")
                                                    .arg(mismatch.join(QStringLiteral("; ")), req_.checkpointDir)};
    weights_ = model::TensorSet::open(req_.checkpointDir, &err);
    if (!weights_) throw Failure{QStringLiteral("bad_model"), err};
    if (QFileInfo::exists(req_.outDir))
      throw Failure{QStringLiteral("output_exists"), QStringLiteral("%1 already exists; choose another --out or remove it").arg(req_.outDir)};
    staging_ = QDir::cleanPath(req_.outDir) + QStringLiteral(".partial");
    QDir(staging_).removeRecursively();
    if (!QDir().mkpath(staging_)) {
      const QString s = staging_;
      staging_.clear();
      throw Failure{QStringLiteral("io"), QStringLiteral("cannot create %1").arg(s)};
    }
    ctx_.info(QStringLiteral("%1%2-bit, group %3%4 checkpoint → %5 (%6 channels × %7 MB, %8-bit words, %9 GB/s)")
                  .arg(awq_ ? QStringLiteral("AWQ ") : QString()).arg(bits_).arg(group_).arg(descAct_ ? QStringLiteral(", act-order") : QString())
                  .arg(board_.name).arg(board_.channels).arg(board_.channelBytes >> 20).arg(board_.wordBits).arg(board_.peakBandwidthGBps));
  }

  void compile() {
    clock_.start();
    files_ = std::make_unique<ChannelFiles>(staging_, board_);
    QFile cf(QDir(req_.checkpointDir).filePath(QStringLiteral("config.json")));
    if (cf.open(QIODevice::ReadOnly)) source_.add(cf.readAll().constData(), static_cast<size_t>(cf.size()));
    const QStringList names = weights_->names();
    totalBytes_ = static_cast<double>(weights_->totalBytes());
    for (const QString& name : names) {
      if (ctx_.cancelled()) throw Failure{QStringLiteral("cancelled"), {}};
      const model::TensorView v = weights_->view(name);
      const QByteArray nameBytes = name.toUtf8();
      source_.add(nameBytes.constData(), static_cast<size_t>(nameBytes.size()));
      if (name.endsWith(QLatin1String(".qweight"))) awq_ ? awq(name.left(name.size() - 8)) : gptq(name.left(name.size() - 8));
      else if (name.endsWith(QLatin1String(".qzeros")) || name.endsWith(QLatin1String(".scales")) || name.endsWith(QLatin1String(".g_idx")))
        ;  // written with their qweight
      else f16(name, v);
      doneBytes_ += static_cast<double>(v.info->bytes());
      weights_->release(name);
      const int percent = static_cast<int>(100 * doneBytes_ / std::max(1.0, totalBytes_));
      if (percent != lastPercent_) {  // a 7B checkpoint has ~1,000 tensors: report by percent
        lastPercent_ = percent;
        ctx_.progress(doneBytes_, totalBytes_, QStringLiteral("bytes"), name);
      }
    }
    files_->close();
  }

  // The source checksum covers config.json, every tensor name and every part's checksum: it
  // identifies the content that went in without a second pass over gigabytes.
  void noteSource(const QString& partChecksum) {
    const QByteArray b = partChecksum.toLatin1();
    source_.add(b.constData(), static_cast<size_t>(b.size()));
  }

  const model::TensorInfo* need(const QString& name, DType dtype) {
    const model::TensorInfo* t = weights_->info(name);
    if (!t || t->dtype != dtype) throw Failure{QStringLiteral("bad_model"), QStringLiteral("%1 is missing or not %2").arg(name, model::dtypeName(dtype))};
    return t;
  }

  void gptq(const QString& base) {
    const model::TensorInfo* qw = need(base + QStringLiteral(".qweight"), DType::I32);
    const model::TensorInfo* qz = need(base + QStringLiteral(".qzeros"), DType::I32);
    const model::TensorInfo* sc = need(base + QStringLiteral(".scales"), DType::F16);
    const model::TensorInfo* gi = need(base + QStringLiteral(".g_idx"), DType::I32);
    const int b = bits_;
    const int64_t K = gi->shape.at(0), N = sc->shape.at(1), G = sc->shape.at(0);
    if (qw->shape != std::vector<int64_t>{K * b / 32, N} || qz->shape != std::vector<int64_t>{G, N * b / 32} || (K * b) % 32 != 0)
      throw Failure{QStringLiteral("bad_model"), QStringLiteral("%1: qweight/qzeros/scales/g_idx shapes do not fit %2-bit with %3 inputs and %4 outputs").arg(base).arg(b).arg(K).arg(N)};
    const auto* qwd = reinterpret_cast<const uint32_t*>(weights_->view(base + QStringLiteral(".qweight")).data);
    const auto* gid = reinterpret_cast<const int32_t*>(weights_->view(base + QStringLiteral(".g_idx")).data);
    const auto* scd = reinterpret_cast<const uint16_t*>(weights_->view(base + QStringLiteral(".scales")).data);
    std::vector<int32_t> gidx(gid, gid + K);
    const int64_t gs = group_ > 0 ? group_ : K;
    bool natural = true;
    for (int64_t k = 0; k < K; ++k) {
      if (gidx[static_cast<size_t>(k)] < 0 || gidx[static_cast<size_t>(k)] >= G)
        throw Failure{QStringLiteral("bad_model"), QStringLiteral("%1.g_idx refers to group %2 of %3").arg(base).arg(gidx[static_cast<size_t>(k)]).arg(G)};
      if (gidx[static_cast<size_t>(k)] != k / gs) natural = false;
    }
    std::vector<uint8_t> zeros = quant::unpackCols(reinterpret_cast<const int32_t*>(weights_->view(base + QStringLiteral(".qzeros")).data), G, N, b);
    if (!v2_)
      for (auto& z : zeros) z = static_cast<uint8_t>((z + 1) & ((1 << b) - 1));

    const int64_t rowWords = K * b / 32;
    const int64_t rowBytes = roundUp(rowWords * 4, board_.wordBytes());
    std::vector<int64_t> perm(static_cast<size_t>(K));
    std::iota(perm.begin(), perm.end(), 0);
    std::vector<uint8_t> codesT;  // act-order only: [N, K] in stored order
    if (!natural) {
      std::stable_sort(perm.begin(), perm.end(), [&](int64_t a, int64_t c) { return gidx[static_cast<size_t>(a)] < gidx[static_cast<size_t>(c)]; });
      const std::vector<uint8_t> codes = quant::unpackRows(reinterpret_cast<const int32_t*>(qwd), K, N, b);
      codesT.resize(static_cast<size_t>(N * K));
      for (int64_t i = 0; i < K; ++i) {
        const uint8_t* src = codes.data() + perm[static_cast<size_t>(i)] * N;
        for (int64_t n = 0; n < N; ++n) codesT[static_cast<size_t>(n * K + i)] = src[n];
      }
    }
    const auto rows = [&](int64_t n0, int64_t n1, uint8_t* buf) {
      if (natural) {
        // Column n of qweight, 16 columns (one cache line of the source) at a time.
        for (int64_t nb = n0; nb < n1; nb += 16) {
          const int64_t ne = std::min(n1, nb + 16);
          for (int64_t r = 0; r < rowWords; ++r) {
            const uint32_t* src = qwd + r * N;
            for (int64_t n = nb; n < ne; ++n) reinterpret_cast<uint32_t*>(buf + (n - n0) * rowBytes)[r] = src[n];
          }
        }
      } else {
        for (int64_t n = n0; n < n1; ++n) packStream(codesT.data() + n * K, K, b, buf + (n - n0) * rowBytes);
      }
    };
    matrix(base, K, N, G, gs, b, rowBytes, natural, rows, scd, zeros, perm, gidx);
  }

  // An AutoAWQ GEMM Linear: codes and zeros unpacked from AWQ's interleaved words (zeros are
  // stored as they are), then the same layout as a GPTQ matrix in natural input order.
  void awq(const QString& base) {
    const model::TensorInfo* qw = need(base + QStringLiteral(".qweight"), DType::I32);
    const model::TensorInfo* qz = need(base + QStringLiteral(".qzeros"), DType::I32);
    const model::TensorInfo* sc = need(base + QStringLiteral(".scales"), DType::F16);
    const int b = bits_;
    const int64_t K = qw->shape.at(0), N = sc->shape.at(1), G = sc->shape.at(0);
    const int64_t gs = group_ > 0 ? group_ : K;
    if (qw->shape != std::vector<int64_t>{K, N / 8} || qz->shape != std::vector<int64_t>{G, N / 8} || N % 8 != 0 || K % gs != 0 || G != K / gs)
      throw Failure{QStringLiteral("bad_model"), QStringLiteral("%1: qweight/qzeros/scales shapes do not fit 4-bit AWQ GEMM with %2 inputs, %3 outputs and group %4").arg(base).arg(K).arg(N).arg(group_)};
    const auto* scd = reinterpret_cast<const uint16_t*>(weights_->view(base + QStringLiteral(".scales")).data);
    const std::vector<uint8_t> codes = quant::unpackAwq(reinterpret_cast<const int32_t*>(weights_->view(base + QStringLiteral(".qweight")).data), K, N);
    const std::vector<uint8_t> zeros = quant::unpackAwq(reinterpret_cast<const int32_t*>(weights_->view(base + QStringLiteral(".qzeros")).data), G, N);
    std::vector<uint8_t> codesT(static_cast<size_t>(N * K));  // [N, K]
    for (int64_t k = 0; k < K; ++k)
      for (int64_t n = 0; n < N; ++n) codesT[static_cast<size_t>(n * K + k)] = codes[static_cast<size_t>(k * N + n)];
    const int64_t rowBytes = roundUp((K * b + 7) / 8, board_.wordBytes());
    std::vector<int64_t> perm(static_cast<size_t>(K));
    std::iota(perm.begin(), perm.end(), 0);
    std::vector<int32_t> gidx(static_cast<size_t>(K));
    for (int64_t k = 0; k < K; ++k) gidx[static_cast<size_t>(k)] = static_cast<int32_t>(k / gs);
    const auto rows = [&](int64_t n0, int64_t n1, uint8_t* buf) {
      for (int64_t n = n0; n < n1; ++n) packStream(codesT.data() + n * K, K, b, buf + (n - n0) * rowBytes);
    };
    matrix(base, K, N, G, gs, b, rowBytes, true, rows, scd, zeros, perm, gidx);
  }

  // One quantized matrix into the image: rows split over the channels, each part's packed rows
  // (filled by `rows`), scales and true zero points; the permutation beside it with act-order.
  template <typename Rows>
  void matrix(const QString& base, int64_t K, int64_t N, int64_t G, int64_t gs, int b, int64_t rowBytes, bool natural, const Rows& fillRows,
              const uint16_t* scd, const std::vector<uint8_t>& zeros, const std::vector<int64_t>& perm, const std::vector<int32_t>& gidx) {
    QJsonObject t{{QStringLiteral("name"), base},       {QStringLiteral("kind"), QStringLiteral("gptq")},
                  {QStringLiteral("out"), static_cast<double>(N)}, {QStringLiteral("in"), static_cast<double>(K)},
                  {QStringLiteral("bits"), b},          {QStringLiteral("group_size"), static_cast<double>(gs)},
                  {QStringLiteral("groups"), static_cast<double>(G)},        {QStringLiteral("act_order"), !natural},
                  {QStringLiteral("row_bytes"), static_cast<double>(rowBytes)}};
    const int C = board_.channels;
    const int64_t per = (N + C - 1) / C;
    std::vector<QJsonObject> partOf(static_cast<size_t>(C));
    std::vector<int64_t> readOf(static_cast<size_t>(C), 0);
    forChannels(C, [&](int c) {
      const int64_t n0 = c * per, n1 = std::min(N, n0 + per);
      if (n0 >= n1) return;
      const int64_t rows = n1 - n0;
      Checksum64 sum;
      // Weights: row n is the bit stream of its K codes (in stored order), padded to a word.
      // Without act-order that stream is exactly column n of qweight.
      std::vector<uint8_t> buf(static_cast<size_t>(rows * rowBytes), 0);
      fillRows(n0, n1, buf.data());
      sum.add(buf.data(), buf.size());
      const int64_t wOff = files_->write(c, buf.data(), static_cast<int64_t>(buf.size()));
      // Scales: [rows][G] fp16.
      std::vector<uint16_t> s(static_cast<size_t>(rows * G));
      for (int64_t n = n0; n < n1; ++n)
        for (int64_t g = 0; g < G; ++g) s[static_cast<size_t>((n - n0) * G + g)] = scd[g * N + n];
      sum.add(s.data(), s.size() * 2);
      const int64_t sOff = files_->write(c, s.data(), static_cast<int64_t>(s.size() * 2));
      // Zero points: [rows][G] true zeros as one bit stream.
      std::vector<uint8_t> zv(static_cast<size_t>(rows * G));
      for (int64_t n = n0; n < n1; ++n)
        for (int64_t g = 0; g < G; ++g) zv[static_cast<size_t>((n - n0) * G + g)] = zeros[static_cast<size_t>(g * N + n)];
      std::vector<uint8_t> zp(static_cast<size_t>((rows * G * b + 7) / 8), 0);
      packStream(zv.data(), rows * G, b, zp.data());
      sum.add(zp.data(), zp.size());
      const int64_t zOff = files_->write(c, zp.data(), static_cast<int64_t>(zp.size()));
      readOf[static_cast<size_t>(c)] = static_cast<int64_t>(buf.size()) + roundUp(static_cast<int64_t>(s.size() * 2), board_.wordBytes()) +
                                       roundUp(static_cast<int64_t>(zp.size()), board_.wordBytes());
      partOf[static_cast<size_t>(c)] = QJsonObject{{QStringLiteral("channel"), c},
                                                   {QStringLiteral("rows"), QJsonArray{static_cast<double>(n0), static_cast<double>(n1)}},
                                                   {QStringLiteral("weights"), region(c, wOff, static_cast<int64_t>(buf.size()))},
                                                   {QStringLiteral("scales"), region(c, sOff, static_cast<int64_t>(s.size() * 2))},
                                                   {QStringLiteral("zeros"), region(c, zOff, static_cast<int64_t>(zp.size()))},
                                                   {QStringLiteral("checksum"), sum.hex()}};
    });
    QJsonArray parts;
    for (int c = 0; c < C; ++c) {
      if (partOf[static_cast<size_t>(c)].isEmpty()) continue;
      parts.append(partOf[static_cast<size_t>(c)]);
      bytesPerToken_ += static_cast<double>(readOf[static_cast<size_t>(c)]);
      noteSource(partOf[static_cast<size_t>(c)].value(QStringLiteral("checksum")).toString());
    }
    t.insert(QStringLiteral("parts"), parts);
    if (!natural) {
      std::vector<uint32_t> p(perm.begin(), perm.end());
      const int sc0 = board_.smallTensorChannel;
      t.insert(QStringLiteral("perm"), region(sc0, files_->write(sc0, p.data(), K * 4), K * 4));
      t.insert(QStringLiteral("g_idx"), region(sc0, files_->write(sc0, gidx.data(), K * 4), K * 4));
      bytesPerToken_ += static_cast<double>(roundUp(K * 4, board_.wordBytes()));
    }
    tensors_.append(t);
    ++matrices_;
  }

  void f16(const QString& name, const model::TensorView& v) {
    const int64_t numel = v.info->numel();
    const int64_t bytes = numel * 2;
    QJsonArray shape;
    for (int64_t d : v.info->shape) shape.append(static_cast<double>(d));
    QJsonObject t{{QStringLiteral("name"), name}, {QStringLiteral("kind"), QStringLiteral("f16")}, {QStringLiteral("shape"), shape},
                  {QStringLiteral("source_dtype"), model::dtypeName(v.info->dtype)}};
    QJsonArray parts;
    const bool embedding = name.endsWith(QLatin1String("embed_tokens.weight"));
    double perToken = 0;
    if (bytes <= board_.smallTensorMaxBytes || v.info->shape.size() != 2) {
      const std::vector<uint16_t> h = toHalf(v, 0, numel);
      const int c = board_.smallTensorChannel;
      parts.append(QJsonObject{{QStringLiteral("channel"), c},
                               {QStringLiteral("rows"), QJsonArray{0, static_cast<double>(v.info->shape.empty() ? 1 : v.info->shape[0])}},
                               {QStringLiteral("offset"), static_cast<double>(files_->write(c, h.data(), bytes))},
                               {QStringLiteral("bytes"), static_cast<double>(bytes)},
                               {QStringLiteral("row_bytes"), static_cast<double>(v.info->shape.size() == 2 ? v.info->shape[1] * 2 : bytes)},
                               {QStringLiteral("checksum"), checksumHex(h.data(), static_cast<size_t>(bytes))}});
      perToken = static_cast<double>(roundUp(bytes, board_.wordBytes()));
      noteSource(parts.last().toObject().value(QStringLiteral("checksum")).toString());
    } else {
      const int64_t R = v.info->shape[0], W = v.info->shape[1];
      const int64_t rowBytes = roundUp(W * 2, board_.wordBytes());
      t.insert(QStringLiteral("row_bytes"), static_cast<double>(rowBytes));
      const int C = board_.channels;
      const int64_t per = (R + C - 1) / C;
      std::vector<QJsonObject> partOf(static_cast<size_t>(C));
      forChannels(C, [&](int c) {
        const int64_t r0 = c * per, r1 = std::min(R, r0 + per);
        if (r0 >= r1) return;
        // One channel's rows at a time, converted and padded: a 1 GB embedding never sits in
        // memory whole (the source pages are released after each tensor).
        const std::vector<uint16_t> h = toHalf(v, r0 * W, (r1 - r0) * W);
        std::vector<uint8_t> buf(static_cast<size_t>((r1 - r0) * rowBytes), 0);
        for (int64_t r = r0; r < r1; ++r) std::memcpy(buf.data() + (r - r0) * rowBytes, h.data() + (r - r0) * W, static_cast<size_t>(W * 2));
        partOf[static_cast<size_t>(c)] = QJsonObject{{QStringLiteral("channel"), c},
                                                     {QStringLiteral("rows"), QJsonArray{static_cast<double>(r0), static_cast<double>(r1)}},
                                                     {QStringLiteral("offset"), static_cast<double>(files_->write(c, buf.data(), static_cast<int64_t>(buf.size())))},
                                                     {QStringLiteral("bytes"), static_cast<double>(buf.size())},
                                                     {QStringLiteral("row_bytes"), static_cast<double>(rowBytes)},
                                                     {QStringLiteral("checksum"), checksumHex(buf.data(), buf.size())}};
        if (c % 8 == 7) weights_->release(name);  // pages already copied go; later ones fault back in
      });
      weights_->release(name);
      for (const QJsonObject& part : partOf)
        if (!part.isEmpty()) {
          parts.append(part);
          noteSource(part.value(QStringLiteral("checksum")).toString());
        }
      perToken = static_cast<double>(R * rowBytes);
      // A separate embedding is read one row per token; a tied one is also the lm_head.
      if (embedding && !cfg_.tieWordEmbeddings) perToken = static_cast<double>(rowBytes);
    }
    if (embedding && cfg_.tieWordEmbeddings) perToken = std::max(perToken, static_cast<double>(bytes));
    bytesPerToken_ += perToken;
    t.insert(QStringLiteral("parts"), parts);
    tensors_.append(t);
  }

  int finish() {
    QJsonArray channels;
    double total = 0, fullest = 0;
    for (int c = 0; c < board_.channels; ++c) {
      const int64_t size = files_->size(c);
      total += static_cast<double>(size);
      fullest = std::max(fullest, static_cast<double>(size) / static_cast<double>(board_.channelBytes));
      channels.append(QJsonObject{{QStringLiteral("index"), c},
                                  {QStringLiteral("file"), ChannelFiles::fileName(c)},
                                  {QStringLiteral("bytes"), static_cast<double>(size)},
                                  {QStringLiteral("fill"), static_cast<double>(size) / static_cast<double>(board_.channelBytes)},
                                  {QStringLiteral("checksum"), files_->checksum(c)}});
      if (size > board_.channelBytes)
        throw Failure{QStringLiteral("too_large"), QStringLiteral("the image needs %1 MB in channel %2 but %3 channels hold %4 MB each; quantize to fewer bits or use a larger board")
                                                       .arg(size >> 20).arg(c).arg(board_.name).arg(board_.channelBytes >> 20)};
    }
    const double seconds = clock_.elapsed() / 1000.0;
    const double bound = board_.peakBandwidthGBps * 1e9 / bytesPerToken_;
    const QJsonObject report{{QStringLiteral("board"), board_.name},
                             {QStringLiteral("total_bytes"), total},
                             {QStringLiteral("capacity_bytes"), static_cast<double>(board_.capacityBytes())},
                             {QStringLiteral("fill"), total / static_cast<double>(board_.capacityBytes())},
                             {QStringLiteral("fullest_channel_fill"), fullest},
                             {QStringLiteral("channels"), channels},
                             {QStringLiteral("bytes_per_token"), bytesPerToken_},
                             {QStringLiteral("peak_bandwidth_gbps"), board_.peakBandwidthGBps},
                             {QStringLiteral("bound_tokens_per_s"), bound},
                             {QStringLiteral("matrices"), matrices_},
                             {QStringLiteral("tensors"), tensors_.size()},
                             {QStringLiteral("source_bytes"), totalBytes_},
                             {QStringLiteral("seconds"), seconds},
                             {QStringLiteral("throughput_gbps"), seconds > 0 ? totalBytes_ / seconds / 1e9 : 0}};
    QFile cfgFile(QDir(req_.checkpointDir).filePath(QStringLiteral("config.json")));
    cfgFile.open(QIODevice::ReadOnly);
    const QJsonObject manifest{{QStringLiteral("format"), QStringLiteral("ct-fpga-image")},
                               {QStringLiteral("format_version"), kImageFormatVersion},
                               {QStringLiteral("board"), board_.toJson()},
                               {QStringLiteral("source"), QJsonObject{{QStringLiteral("path"), QFileInfo(req_.checkpointDir).absoluteFilePath()},
                                                                      {QStringLiteral("checksum"), source_.hex()}}},
                               {QStringLiteral("quantization"), QJsonObject{{QStringLiteral("bits"), bits_},
                                                                            {QStringLiteral("group_size"), group_},
                                                                            {QStringLiteral("desc_act"), descAct_},
                                                                            {QStringLiteral("source_format"), awq_ ? QStringLiteral("awq_gemm") : (v2_ ? QStringLiteral("gptq_v2") : QStringLiteral("gptq"))},
                                                                            {QStringLiteral("zeros"), QStringLiteral("true zero points")}}},
                               {QStringLiteral("config"), QJsonDocument::fromJson(cfgFile.readAll()).object()},
                               {QStringLiteral("channels"), channels},
                               {QStringLiteral("tensors"), tensors_}};
    auto write = [&](const QString& name, const QJsonObject& o) {
      QSaveFile f(QDir(staging_).filePath(name));
      if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(o).toJson(QJsonDocument::Indented)) < 0 || !f.commit())
        throw Failure{QStringLiteral("io"), QStringLiteral("cannot write %1: %2").arg(f.fileName(), f.errorString())};
    };
    write(QStringLiteral("manifest.json"), manifest);
    write(QStringLiteral("report.json"), report);
    // What the host needs besides weights: config, tokenizer, chat template, generation settings.
    QString err;
    if (!model::copyCompanionFiles(req_.checkpointDir, staging_, {QStringLiteral("manifest.json"), QStringLiteral("report.json")}, &err))
      throw Failure{QStringLiteral("io"), err};
    if (QFileInfo::exists(req_.outDir)) throw Failure{QStringLiteral("output_exists"), QStringLiteral("%1 appeared while compiling").arg(req_.outDir)};
    if (std::rename(QFile::encodeName(staging_).constData(), QFile::encodeName(req_.outDir).constData()) != 0)
      throw Failure{QStringLiteral("io"), QStringLiteral("cannot rename %1 to %2").arg(staging_, req_.outDir)};
    staging_.clear();
    ctx_.info(QStringLiteral("image: %1 MB of %2 MB (%3%), fullest channel %4%; %5 MB read per token → at most %6 tokens/s at %7 GB/s; %8 GB/s compile")
                  .arg(total / 1e6, 0, 'f', 1).arg(board_.capacityBytes() / 1e6, 0, 'f', 0).arg(100 * total / board_.capacityBytes(), 0, 'f', 2)
                  .arg(100 * fullest, 0, 'f', 2).arg(bytesPerToken_ / 1e6, 0, 'f', 2).arg(bound, 0, 'f', 0).arg(board_.peakBandwidthGBps)
                  .arg(totalBytes_ / std::max(seconds, 1e-6) / 1e9, 0, 'f', 2));
    QJsonObject result = report;
    result.remove(QStringLiteral("channels"));
    result.insert(QStringLiteral("out"), req_.outDir);
    QJsonArray fills;
    for (const QJsonValue c : channels) fills.append(c[QStringLiteral("fill")]);
    result.insert(QStringLiteral("channel_fill"), fills);
    return ctx_.succeed(result);
  }

  jobs::JobContext& ctx_;
  CompileRequest req_;
  BoardProfile board_;
  model::ModelConfig cfg_;
  std::unique_ptr<model::TensorSet> weights_;
  int bits_ = 0, group_ = 0;
  bool descAct_ = false, v2_ = false, awq_ = false;
  QString staging_;
  std::unique_ptr<ChannelFiles> files_;
  QJsonArray tensors_;
  Checksum64 source_;
  double bytesPerToken_ = 0, totalBytes_ = 0, doneBytes_ = 0;
  int matrices_ = 0, lastPercent_ = -1;
  QElapsedTimer clock_;
};

int64_t num(const QJsonObject& o, const char* key) { return static_cast<int64_t>(o.value(QLatin1String(key)).toDouble(-1)); }

}  // namespace

int compileImage(jobs::JobContext& ctx, const CompileRequest& request) {
  // Part buffers of a few MB are made and freed ~10,000 times for a 7B model: keep them on the
  // heap for reuse instead of fresh zero pages from the kernel each time.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_ARENA_MAX, 2);  // the per-tensor worker threads share two arenas instead of piling up new ones
  Compiler c(ctx, request);
  return c.run();
}

Image::~Image() {
  for (size_t i = 0; i < maps_.size(); ++i)
    if (maps_[i] && sizes_[i] > 0) ::munmap(const_cast<uint8_t*>(maps_[i]), static_cast<size_t>(sizes_[i]));
}

std::unique_ptr<Image> Image::open(const QString& dir, QString* error) {
  QFile f(QDir(dir).filePath(QStringLiteral("manifest.json")));
  if (!f.open(QIODevice::ReadOnly)) {
    if (error) *error = QStringLiteral("%1: %2 (is this an image folder made by `ct compile`?)").arg(f.fileName(), f.errorString());
    return nullptr;
  }
  const QJsonObject m = QJsonDocument::fromJson(f.readAll()).object();
  if (m.value(QStringLiteral("format")).toString() != QLatin1String("ct-fpga-image") || m.value(QStringLiteral("format_version")).toInt() != kImageFormatVersion) {
    if (error) *error = QStringLiteral("%1: not a version-%2 ct-fpga-image manifest").arg(f.fileName()).arg(kImageFormatVersion);
    return nullptr;
  }
  std::unique_ptr<Image> img(new Image);
  img->dir_ = dir;
  img->manifest_ = m;
  for (const QJsonValue c : m.value(QStringLiteral("channels")).toArray()) {
    const QString path = QDir(dir).filePath(c[QStringLiteral("file")].toString());
    const int64_t want = static_cast<int64_t>(c[QStringLiteral("bytes")].toDouble());
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0 || st.st_size != want) {
      if (fd >= 0) ::close(fd);
      if (error) *error = QStringLiteral("%1 is missing or not %2 bytes as the manifest says").arg(path).arg(want);
      return nullptr;
    }
    const uint8_t* map = nullptr;
    if (want > 0) {
      void* p = ::mmap(nullptr, static_cast<size_t>(want), PROT_READ, MAP_SHARED, fd, 0);
      if (p == MAP_FAILED) {
        ::close(fd);
        if (error) *error = QStringLiteral("cannot map %1").arg(path);
        return nullptr;
      }
      map = static_cast<const uint8_t*>(p);
    }
    ::close(fd);
    img->maps_.push_back(map);
    img->sizes_.push_back(want);
  }
  return img;
}

const uint8_t* Image::at(int channel, int64_t offset, int64_t bytes, QString* error) const {
  if (channel < 0 || channel >= static_cast<int>(maps_.size()) || offset < 0 || bytes < 0 || offset + bytes > sizes_[static_cast<size_t>(channel)]) {
    if (error) *error = QStringLiteral("the manifest points outside channel %1").arg(channel);
    return nullptr;
  }
  return maps_[static_cast<size_t>(channel)] + offset;
}

QJsonObject Image::tensor(const QString& name) const {
  for (const QJsonValue t : manifest_.value(QStringLiteral("tensors")).toArray())
    if (t[QStringLiteral("name")].toString() == name) return t.toObject();
  return {};
}

QStringList Image::gptqTensors() const {
  QStringList out;
  for (const QJsonValue t : manifest_.value(QStringLiteral("tensors")).toArray())
    if (t[QStringLiteral("kind")].toString() == QLatin1String("gptq")) out << t[QStringLiteral("name")].toString();
  return out;
}

QStringList Image::f16Tensors() const {
  QStringList out;
  for (const QJsonValue t : manifest_.value(QStringLiteral("tensors")).toArray())
    if (t[QStringLiteral("kind")].toString() == QLatin1String("f16")) out << t[QStringLiteral("name")].toString();
  return out;
}

std::optional<GptqArrays> Image::readGptq(const QString& name, QString* error) const {
  const QJsonObject t = tensor(name);
  if (t.value(QStringLiteral("kind")).toString() != QLatin1String("gptq")) {
    if (error) *error = QStringLiteral("the image has no quantized matrix %1").arg(name);
    return std::nullopt;
  }
  GptqArrays a;
  a.in = num(t, "in");
  a.out = num(t, "out");
  a.groups = num(t, "groups");
  a.bits = t.value(QStringLiteral("bits")).toInt();
  const int64_t rowBytes = num(t, "row_bytes"), gs = num(t, "group_size");
  const int64_t K = a.in, N = a.out, G = a.groups;
  a.codes.assign(static_cast<size_t>(K * N), 0);
  a.zeros.assign(static_cast<size_t>(G * N), 0);
  a.scales.assign(static_cast<size_t>(G * N), 0);
  std::vector<int64_t> perm(static_cast<size_t>(K));
  std::iota(perm.begin(), perm.end(), 0);
  a.gIdx.resize(static_cast<size_t>(K));
  if (t.value(QStringLiteral("act_order")).toBool()) {
    const QJsonObject p = t.value(QStringLiteral("perm")).toObject(), g = t.value(QStringLiteral("g_idx")).toObject();
    const uint8_t* pp = at(p.value(QStringLiteral("channel")).toInt(), num(p, "offset"), K * 4, error);
    const uint8_t* gp = at(g.value(QStringLiteral("channel")).toInt(), num(g, "offset"), K * 4, error);
    if (!pp || !gp) return std::nullopt;
    for (int64_t i = 0; i < K; ++i) {
      uint32_t v;
      std::memcpy(&v, pp + i * 4, 4);
      perm[static_cast<size_t>(i)] = v;
    }
    std::memcpy(a.gIdx.data(), gp, static_cast<size_t>(K * 4));
  } else {
    for (int64_t k = 0; k < K; ++k) a.gIdx[static_cast<size_t>(k)] = static_cast<int32_t>(k / gs);
  }
  std::vector<uint8_t> row(static_cast<size_t>(K));
  for (const QJsonValue pv : t.value(QStringLiteral("parts")).toArray()) {
    const QJsonObject part = pv.toObject();
    const int64_t n0 = static_cast<int64_t>(part[QStringLiteral("rows")][0].toDouble()), n1 = static_cast<int64_t>(part[QStringLiteral("rows")][1].toDouble());
    const QJsonObject w = part[QStringLiteral("weights")].toObject(), s = part[QStringLiteral("scales")].toObject(), z = part[QStringLiteral("zeros")].toObject();
    const int64_t rows = n1 - n0;
    const uint8_t* wp = at(w[QStringLiteral("channel")].toInt(), num(w, "offset"), rows * rowBytes, error);
    const uint8_t* sp = at(s[QStringLiteral("channel")].toInt(), num(s, "offset"), rows * G * 2, error);
    const uint8_t* zp = at(z[QStringLiteral("channel")].toInt(), num(z, "offset"), (rows * G * a.bits + 7) / 8, error);
    if (!wp || !sp || !zp) return std::nullopt;
    if (n0 < 0 || n1 > N || n1 < n0) {
      if (error) *error = QStringLiteral("%1: a part's rows lie outside 0..%2").arg(name).arg(N);
      return std::nullopt;
    }
    for (int64_t n = n0; n < n1; ++n) {
      unpackStream(wp + (n - n0) * rowBytes, K, a.bits, row.data());
      for (int64_t i = 0; i < K; ++i) a.codes[static_cast<size_t>(perm[static_cast<size_t>(i)] * N + n)] = row[static_cast<size_t>(i)];
      for (int64_t g = 0; g < G; ++g) std::memcpy(&a.scales[static_cast<size_t>(g * N + n)], sp + ((n - n0) * G + g) * 2, 2);
    }
    std::vector<uint8_t> zv(static_cast<size_t>(rows * G));
    unpackStream(zp, rows * G, a.bits, zv.data());
    for (int64_t n = n0; n < n1; ++n)
      for (int64_t g = 0; g < G; ++g) a.zeros[static_cast<size_t>(g * N + n)] = zv[static_cast<size_t>((n - n0) * G + g)];
  }
  return a;
}

std::optional<std::vector<uint16_t>> Image::readF16(const QString& name, std::vector<int64_t>* shape, QString* error) const {
  const QJsonObject t = tensor(name);
  if (t.value(QStringLiteral("kind")).toString() != QLatin1String("f16")) {
    if (error) *error = QStringLiteral("the image has no fp16 tensor %1").arg(name);
    return std::nullopt;
  }
  std::vector<int64_t> s;
  int64_t numel = 1;
  for (const QJsonValue d : t.value(QStringLiteral("shape")).toArray()) {
    s.push_back(static_cast<int64_t>(d.toDouble()));
    numel *= s.back();
  }
  const int64_t width = s.size() == 2 ? s[1] : numel;
  std::vector<uint16_t> out(static_cast<size_t>(numel));
  for (const QJsonValue pv : t.value(QStringLiteral("parts")).toArray()) {
    const QJsonObject part = pv.toObject();
    const int64_t r0 = static_cast<int64_t>(part[QStringLiteral("rows")][0].toDouble()), r1 = static_cast<int64_t>(part[QStringLiteral("rows")][1].toDouble());
    const int64_t rowBytes = num(part, "row_bytes");
    const uint8_t* p = at(part[QStringLiteral("channel")].toInt(), num(part, "offset"), num(part, "bytes"), error);
    if (!p) return std::nullopt;
    if (s.size() == 2 ? (r0 < 0 || r1 * width > numel || r1 < r0) : num(part, "bytes") != numel * 2) {
      if (error) *error = QStringLiteral("%1: the manifest's rows or sizes do not fit the shape").arg(name);
      return std::nullopt;
    }
    if (s.size() == 2)
      for (int64_t r = r0; r < r1; ++r) std::memcpy(out.data() + r * width, p + (r - r0) * rowBytes, static_cast<size_t>(width * 2));
    else
      std::memcpy(out.data(), p, static_cast<size_t>(numel * 2));
  }
  if (shape) *shape = s;
  return out;
}

bool Image::verifyChecksums(QString* error) const {
  const QJsonArray channels = manifest_.value(QStringLiteral("channels")).toArray();
  for (int c = 0; c < channels.size() && c < static_cast<int>(maps_.size()); ++c) {
    Checksum64 sum;
    if (sizes_[static_cast<size_t>(c)] > 0) sum.add(maps_[static_cast<size_t>(c)], static_cast<size_t>(sizes_[static_cast<size_t>(c)]));
    if (sum.hex() != channels[c][QStringLiteral("checksum")].toString()) {
      if (error) *error = QStringLiteral("channel %1 of %2 does not match its checksum (damaged or replaced file)").arg(c).arg(dir_);
      return false;
    }
  }
  return true;
}

}  // namespace ct::fpga
