// GPTQ (Frantar et al.) as the reference implementations run it — dead columns, act-order,
// static groups, damping with automatic retry, blocked lazy updates — with two changes that do
// not alter the mathematics: the upper Cholesky factor of H⁻¹ is computed as the inverse of a
// Cholesky factor of the reversed H (one factorisation and one triangular inverse instead of
// a factorisation, a full inverse and a second factorisation), and the per-column work runs
// row-parallel on raw memory instead of one small tensor operation per column.
#include "quant/gptq.h"

#include <ATen/Parallel.h>
#include <c10/util/Half.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>

#include "quant/packing.h"

extern "C" {
void spotrf_(const char* uplo, const int* n, float* a, const int* lda, int* info);
void strtri_(const char* uplo, const char* diag, const int* n, float* a, const int* lda, int* info);
void ssyrk_(const char* uplo, const char* trans, const int* n, const int* k, const float* alpha, const float* a,
            const int* lda, const float* beta, float* c, const int* ldc);
}

namespace ct::quant {
namespace {

struct Params {
  float scale, zero;
};

inline float roundToHalf(float v) { return static_cast<float>(c10::Half(v)); }

// The reference quantizer's find_params for one row slice: the range always includes 0, sym
// mirrors the negative side, the zero point of sym is (maxq+1)/2.
Params findParams(const float* x, int64_t n, int maxq, bool sym) {
  float xmin = 0, xmax = 0;
  for (int64_t i = 0; i < n; ++i) {
    xmin = std::min(xmin, x[i]);
    xmax = std::max(xmax, x[i]);
  }
  if (sym) {
    xmax = std::max(std::fabs(xmin), xmax);
    if (xmin < 0) xmin = -xmax;
  }
  if (xmin == 0 && xmax == 0) {
    xmin = -1;
    xmax = 1;
  }
  float scale = roundToHalf((xmax - xmin) / static_cast<float>(maxq));
  if (scale <= 0) scale = 5.9604645e-08f;  // fp16's smallest step: an all-tiny group stays representable
  float zero = sym ? static_cast<float>((maxq + 1) / 2) : std::nearbyint(-xmin / scale);
  zero = std::clamp(zero, 0.0f, static_cast<float>(maxq));
  return {scale, zero};
}

inline float code(float w, Params p, int maxq) {
  return std::clamp(std::nearbyint(w / p.scale) + p.zero, 0.0f, static_cast<float>(maxq));
}

std::vector<int64_t> groupIndex(int64_t cols, int64_t gs, bool grouped, const std::vector<int64_t>* invperm) {
  std::vector<int64_t> g(static_cast<size_t>(cols), 0);
  if (!grouped) return g;
  for (int64_t c = 0; c < cols; ++c) g[static_cast<size_t>(c)] = (invperm ? (*invperm)[static_cast<size_t>(c)] : c) / gs;
  return g;
}

// dequant[r, c] = scale[g(c), r] · (code[r, c] − zero[g(c), r]), in fp32 exactly as loaders do it.
torch::Tensor dequantize(const torch::Tensor& codes, const torch::Tensor& scales, const torch::Tensor& zeros,
                         const std::vector<int64_t>& g) {
  const int64_t rows = codes.size(0), cols = codes.size(1);
  torch::Tensor out = torch::empty({rows, cols}, torch::kFloat32);
  const uint8_t* q = codes.data_ptr<uint8_t>();
  const float* s = scales.data_ptr<float>();
  const uint8_t* z = zeros.data_ptr<uint8_t>();
  float* o = out.data_ptr<float>();
  at::parallel_for(0, rows, 64, [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; ++r)
      for (int64_t c = 0; c < cols; ++c) {
        const int64_t gi = g[static_cast<size_t>(c)];
        o[r * cols + c] = s[gi * rows + r] * (static_cast<float>(q[r * cols + c]) - static_cast<float>(z[gi * rows + r]));
      }
  });
  return out;
}

// Turns H (row-major, symmetric, n×n, damped in place) into U, upper triangular with UᵀU = H⁻¹,
// stored in the upper triangle of the same buffer. Retries with more damping while Cholesky
// fails; returns the damp fraction used, or < 0.
double inverseCholeskyUpper(float* h, int n, double dampFraction) {
  // With J the reversal, J·H·J = RᵀR (R upper) gives H⁻¹ = (J R⁻ᵀ J)ᵀ (J R⁻ᵀ J): U = J R⁻ᵀ J.
  // Reversing the row-major buffer is J·H·J; LAPACK sees it column-major, where the
  // row-major lower triangle is its upper one.
  const size_t nn = static_cast<size_t>(n) * static_cast<size_t>(n);
  std::reverse(h, h + nn);
  std::vector<float> diag(static_cast<size_t>(n));
  double mean = 0;
  for (int i = 0; i < n; ++i) {
    diag[static_cast<size_t>(i)] = h[static_cast<size_t>(i) * n + i];
    mean += diag[static_cast<size_t>(i)];
  }
  mean /= n;
  for (double damp = dampFraction;; damp += 0.01) {
    if (damp >= 1.0) return -1;
    const float add = static_cast<float>(damp * mean);
    for (int i = 0; i < n; ++i) h[static_cast<size_t>(i) * n + i] = diag[static_cast<size_t>(i)] + add;
    int info = 0;
    spotrf_("U", &n, h, &n, &info);
    if (info == 0) {
      strtri_("U", "N", &n, h, &n, &info);
      if (info != 0) return -1;
      std::reverse(h, h + nn);
      return damp;
    }
    // potrf overwrote LAPACK's upper triangle; its lower one still holds the matrix.
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < j; ++i) h[static_cast<size_t>(j) * n + i] = h[static_cast<size_t>(i) * n + j];
  }
}

}  // namespace

std::optional<QuantizedLinear> gptqQuantize(const torch::Tensor& weight, torch::Tensor H, const GptqParams& p,
                                            QString* error) {
  torch::NoGradGuard ng;
  torch::Tensor W = weight.to(torch::kFloat32).contiguous().clone();
  H = H.contiguous();
  const int64_t rows = W.size(0), cols = W.size(1);
  const int maxq = (1 << p.bits) - 1;
  const bool grouped = p.groupSize > 0;
  const int64_t gs = grouped ? p.groupSize : cols;
  const int64_t G = grouped ? cols / gs : 1;
  const int64_t B = grouped ? std::max<int64_t>(gs, (p.blockSize / gs) * gs) : p.blockSize;  // blocks start on group starts

  // One group per row: parameters from the weights as given, before dead columns are zeroed.
  std::vector<Params> whole(static_cast<size_t>(rows));
  if (!grouped) {
    const float* w = W.data_ptr<float>();
    at::parallel_for(0, rows, 64, [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) whole[static_cast<size_t>(r)] = findParams(w + r * cols, cols, maxq, p.sym);
    });
  }

  QuantizedLinear out;
  {
    float* w = W.data_ptr<float>();
    float* h = H.data_ptr<float>();
    for (int64_t c = 0; c < cols; ++c)
      if (h[c * cols + c] == 0) {
        h[c * cols + c] = 1;
        for (int64_t r = 0; r < rows; ++r) w[r * cols + c] = 0;
        ++out.deadColumns;
      }
  }

  std::vector<Params> fixed;  // static groups: [G][rows], from the un-permuted, un-updated weights
  if (grouped && p.staticGroups) {
    fixed.resize(static_cast<size_t>(G * rows));
    const float* w = W.data_ptr<float>();
    at::parallel_for(0, rows, 64, [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r)
        for (int64_t g = 0; g < G; ++g) fixed[static_cast<size_t>(g * rows + r)] = findParams(w + r * cols + g * gs, gs, maxq, p.sym);
    });
  }

  std::vector<int64_t> perm(static_cast<size_t>(cols)), invperm(static_cast<size_t>(cols));
  std::iota(perm.begin(), perm.end(), 0);
  if (p.descAct) {
    const float* h = H.data_ptr<float>();
    std::stable_sort(perm.begin(), perm.end(), [&](int64_t a, int64_t b) { return h[a * cols + a] > h[b * cols + b]; });
    const torch::Tensor pt = torch::tensor(perm, torch::kInt64);
    W = W.index_select(1, pt).contiguous();
    H = H.index_select(0, pt).index_select(1, pt).contiguous();
  }
  for (int64_t i = 0; i < cols; ++i) invperm[static_cast<size_t>(perm[static_cast<size_t>(i)])] = i;

  const double damp = inverseCholeskyUpper(H.data_ptr<float>(), static_cast<int>(cols), p.damp);
  if (damp < 0) {
    if (error) *error = QStringLiteral("the Hessian stays singular even with damping close to 1 (are the calibration activations all zero or NaN?)");
    return std::nullopt;
  }
  out.damp = damp;

  torch::Tensor codesPerm = torch::empty({rows, cols}, torch::kUInt8);
  std::vector<Params> groupParams(static_cast<size_t>(G * rows));  // non-static: group k = k-th group in processing order
  std::vector<Params> current(static_cast<size_t>(rows));
  std::vector<double> rowLoss(static_cast<size_t>(rows), 0.0);
  torch::Tensor E = torch::empty({rows, B}, torch::kFloat32);
  float* w = W.data_ptr<float>();
  const float* U = H.data_ptr<float>();
  uint8_t* q = codesPerm.data_ptr<uint8_t>();
  float* err = E.data_ptr<float>();

  for (int64_t i1 = 0; i1 < cols; i1 += B) {
    const int64_t i2 = std::min(i1 + B, cols), nb = i2 - i1;
    at::parallel_for(0, rows, 16, [&](int64_t rb, int64_t re) {
      std::vector<float> w1(static_cast<size_t>(nb));
      for (int64_t r = rb; r < re; ++r) {
        const float* wr = w + r * cols;  // global W: group parameters read it, not the block copy
        std::copy(wr + i1, wr + i2, w1.begin());
        float* er = err + r * B;
        double loss = 0;
        Params& cur = current[static_cast<size_t>(r)];
        for (int64_t i = 0; i < nb; ++i) {
          const int64_t j = i1 + i;
          if (!grouped) cur = whole[static_cast<size_t>(r)];
          else if (p.staticGroups) cur = fixed[static_cast<size_t>((perm[static_cast<size_t>(j)] / gs) * rows + r)];
          else if (j % gs == 0) {
            cur = findParams(wr + j, gs, maxq, p.sym);
            groupParams[static_cast<size_t>((j / gs) * rows + r)] = cur;
          }
          const float x = w1[static_cast<size_t>(i)];
          const float c = code(x, cur, maxq);
          const float dq = cur.scale * (c - cur.zero);
          q[r * cols + j] = static_cast<uint8_t>(c);
          const float d = U[j * cols + j];
          const float e = (x - dq) / d;
          loss += static_cast<double>(x - dq) * (x - dq) / (static_cast<double>(d) * d) / 2;
          er[i] = e;
          const float* urow = U + j * cols + i1;
          float* wl = w1.data();
          for (int64_t k = i + 1; k < nb; ++k) wl[k] -= e * urow[k];
        }
        rowLoss[static_cast<size_t>(r)] += loss;
      }
    });
    if (i2 < cols) {
      // Lazy batch update of every later column: W[:, i2:] −= Err · U[i1:i2, i2:].
      torch::Tensor rest = W.slice(1, i2, cols);
      rest.addmm_(E.slice(1, 0, nb), H.slice(0, i1, i2).slice(1, i2, cols), 1.0, -1.0);
    }
  }
  out.loss = std::accumulate(rowLoss.begin(), rowLoss.end(), 0.0);
  H = torch::Tensor();
  W = torch::Tensor();

  const std::vector<Params>& chosen = !grouped ? whole : (p.staticGroups ? fixed : groupParams);
  out.scales = torch::empty({G, rows}, torch::kFloat32);
  out.zeros = torch::empty({G, rows}, torch::kUInt8);
  for (int64_t i = 0; i < G * rows; ++i) {
    out.scales.data_ptr<float>()[i] = chosen[static_cast<size_t>(i)].scale;
    out.zeros.data_ptr<uint8_t>()[i] = static_cast<uint8_t>(chosen[static_cast<size_t>(i)].zero);
  }
  out.codes = p.descAct ? codesPerm.index_select(1, torch::tensor(invperm, torch::kInt64)).contiguous() : codesPerm;
  const bool permutedGroups = grouped && p.descAct && !p.staticGroups;
  const std::vector<int64_t> g = groupIndex(cols, gs, grouped, permutedGroups ? &invperm : nullptr);
  out.gIdx = torch::tensor(g, torch::kInt64).to(torch::kInt32);
  out.dequant = dequantize(out.codes, out.scales, out.zeros, g);
  return out;
}

QuantizedLinear rtnQuantize(const torch::Tensor& weight, const GptqParams& p) {
  torch::NoGradGuard ng;
  const torch::Tensor W = weight.to(torch::kFloat32).contiguous();
  const int64_t rows = W.size(0), cols = W.size(1);
  const int maxq = (1 << p.bits) - 1;
  const bool grouped = p.groupSize > 0;
  const int64_t gs = grouped ? p.groupSize : cols, G = cols / gs;
  QuantizedLinear out;
  out.codes = torch::empty({rows, cols}, torch::kUInt8);
  out.scales = torch::empty({G, rows}, torch::kFloat32);
  out.zeros = torch::empty({G, rows}, torch::kUInt8);
  const float* w = W.data_ptr<float>();
  uint8_t* q = out.codes.data_ptr<uint8_t>();
  float* s = out.scales.data_ptr<float>();
  uint8_t* z = out.zeros.data_ptr<uint8_t>();
  at::parallel_for(0, rows, 64, [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; ++r)
      for (int64_t g = 0; g < G; ++g) {
        const Params pr = findParams(w + r * cols + g * gs, gs, maxq, p.sym);
        s[g * rows + r] = pr.scale;
        z[g * rows + r] = static_cast<uint8_t>(pr.zero);
        for (int64_t c = g * gs; c < (g + 1) * gs; ++c) q[r * cols + c] = static_cast<uint8_t>(code(w[r * cols + c], pr, maxq));
      }
  });
  const std::vector<int64_t> gi = groupIndex(cols, gs, grouped, nullptr);
  out.gIdx = torch::tensor(gi, torch::kInt64).to(torch::kInt32);
  out.dequant = dequantize(out.codes, out.scales, out.zeros, gi);
  out.damp = 0;
  return out;
}

void accumulateHessian(torch::Tensor& h, const torch::Tensor& x) {
  const torch::Tensor xc = x.to(torch::kFloat32).contiguous();
  const int n = static_cast<int>(xc.size(1)), k = static_cast<int>(xc.size(0));
  const float one = 1.0f;
  // Row-major X [k, n] is column-major Xᵀ [n, k]; "U" of column-major C is row-major's lower.
  ssyrk_("U", "N", &n, &k, &one, xc.data_ptr<float>(), &n, &one, h.data_ptr<float>(), &n);
}

void finishHessian(torch::Tensor& h, int64_t nsamples) {
  const int64_t n = h.size(0);
  float* d = h.data_ptr<float>();
  const float scale = 2.0f / static_cast<float>(nsamples);
  constexpr int64_t T = 64;
  at::parallel_for(0, (n + T - 1) / T, 1, [&](int64_t tb, int64_t te) {
    for (int64_t bi = tb; bi < te; ++bi)
      for (int64_t bj = 0; bj <= bi; ++bj)
        for (int64_t i = bi * T; i < std::min(n, bi * T + T); ++i)
          for (int64_t j = bj * T; j < std::min(i + 1, bj * T + T); ++j) {
            const float v = d[i * n + j] * scale;
            d[i * n + j] = v;
            d[j * n + i] = v;
          }
  });
}

torch::Tensor dequantizeGptq(const torch::Tensor& qweight, const torch::Tensor& qzeros, const torch::Tensor& scales,
                             const torch::Tensor& gIdx, int bits, bool v2) {
  const int64_t K = gIdx.size(0), N = scales.size(1), G = scales.size(0);
  const torch::Tensor qw = qweight.contiguous(), qz = qzeros.contiguous();
  const std::vector<uint8_t> codes = unpackRows(qw.data_ptr<int32_t>(), K, N, bits);
  std::vector<uint8_t> zeros = unpackCols(qz.data_ptr<int32_t>(), G, N, bits);
  const int maxq = (1 << bits) - 1;
  if (!v2)
    for (auto& z : zeros) z = static_cast<uint8_t>((z + 1) & maxq);
  const torch::Tensor s = scales.to(torch::kFloat32).contiguous();
  const torch::Tensor gi = gIdx.to(torch::kInt64).contiguous();
  const float* sp = s.data_ptr<float>();
  const int64_t* gp = gi.data_ptr<int64_t>();
  torch::Tensor out = torch::empty({N, K}, torch::kFloat32);
  float* o = out.data_ptr<float>();
  at::parallel_for(0, N, 64, [&](int64_t b, int64_t e) {
    for (int64_t n = b; n < e; ++n)
      for (int64_t k = 0; k < K; ++k) {
        const int64_t g = gp[k];
        o[n * K + k] = sp[g * N + n] * (static_cast<float>(codes[static_cast<size_t>(k * N + n)]) - static_cast<float>(zeros[static_cast<size_t>(g * N + n)]));
      }
  });
  return out;
}

}  // namespace ct::quant
