#include "model/group_norm_silu.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>
#if defined(__SSE2__)
#include <immintrin.h>
#endif

#include <cmath>
#include <cstring>
#include <vector>

namespace msma {
namespace {

using BF16 = c10::BFloat16;

inline float load(float v) { return v; }
inline float load(BF16 v) {
  const std::uint32_t u = static_cast<std::uint32_t>(v.x) << 16;
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
inline void store(float& d, float v) { d = v; }
// Round to nearest even, as LibTorch converts; NaN stays NaN. Branch-free so loops vectorise.
inline void store(BF16& d, float v) {
  std::uint32_t u;
  std::memcpy(&u, &v, sizeof u);
  const std::uint32_t rounded = (u + 0x7FFFu + ((u >> 16) & 1u)) >> 16;
  d.x = (u & 0x7FFFFFFFu) > 0x7F800000u ? std::uint16_t{0x7FC0} : static_cast<std::uint16_t>(rounded);
}

// e^x to about 2 ulp in plain arithmetic the compiler vectorises (std::exp is a call):
// x = k·ln2 + r with |r| ≤ ln2/2, e^r by its degree-6 Taylor polynomial, 2^k from the bits.
inline float exp_approx(float x) {
  x = x < -87.f ? -87.f : (x > 88.f ? 88.f : x);
  const float t = x * 1.44269504f + 12582912.f;  // 1.5·2^23: round(x/ln2) lands in the low bits
  std::uint32_t k_bits;  // unsigned: a NaN input gives any bits, and must not overflow
  std::memcpy(&k_bits, &t, sizeof k_bits);
  const std::uint32_t k = k_bits - 0x4B400000u;
  const float kf = t - 12582912.f;
  const float r = x - kf * 0.693145752f - kf * 1.42860677e-6f;
  float p = 1.f / 720;
  p = p * r + 1.f / 120;
  p = p * r + 1.f / 24;
  p = p * r + 1.f / 6;
  p = p * r + 0.5f;
  p = p * r + 1.f;
  p = p * r + 1.f;
  const std::uint32_t e = (k + 127u) << 23;
  float scale;
  std::memcpy(&scale, &e, sizeof scale);
  return p * scale;
}

inline float sigmoid(float u) { return 1.f / (1.f + exp_approx(-u)); }

// Subnormal floats as zero, in and out, for this thread while in scope (MXCSR's DAZ and FTZ).
// Measured on an Intel Xeon (2026-12-07): without them the forward kernel took 18.1 ms for
// 64×96×28×28 on one thread, with them 2.6 ms (DAZ alone does it: subnormal operands cost
// microcode assists there). Values below 1.2e-38 change nothing a score can show. The
// caller's MXCSR is restored on leaving; elsewhere than x86 this does nothing.
#if defined(__SSE2__)
class FlushSubnormals {
 public:
  FlushSubnormals() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | 0x8040u); }
  ~FlushSubnormals() { _mm_setcsr(saved_); }
  FlushSubnormals(const FlushSubnormals&) = delete;
  FlushSubnormals& operator=(const FlushSubnormals&) = delete;

 private:
  unsigned saved_;
};
#else
struct FlushSubnormals {};
#endif

struct Shapes {
  std::int64_t N, C, HW, G;
  std::int64_t cpg() const { return C / G; }
};

// Σ over one channel's n contiguous values of f(value) in float, in 16 independent partial
// sums (the loop vectorises; each partial holds a few dozen terms).
template <typename T, typename F>
inline float channel_sum(const T* __restrict x, std::int64_t n, F f) {
  float part[16] = {};
  std::int64_t p = 0;
  for (; p + 16 <= n; p += 16)
    for (int j = 0; j < 16; ++j) part[j] += f(load(x[p + j]), p + j);
  for (; p < n; ++p) part[0] += f(load(x[p]), p);
  double s = 0;
  for (float v : part) s += v;
  return static_cast<float>(s);
}

// Mean and 1/σ of each group of x + bias for one sample, two passes (mean, then squared
// deviations) so that a large mean costs no precision. Per channel: sums in c-order.
template <typename T, bool kChannelsLast>
void sample_stats(const Shapes& d, const T* __restrict x, const float* __restrict b, double eps, float* __restrict sum,
                  float* __restrict mean, float* __restrict rstd) {
  const std::int64_t C = d.C, HW = d.HW, cpg = d.cpg();
  const double cnt = static_cast<double>(cpg * HW);
  std::vector<float> dev(static_cast<std::size_t>(C));  // b_c − μ_g
  if constexpr (kChannelsLast) {
    std::fill(sum, sum + C, 0.f);
    for (std::int64_t p = 0; p < HW; ++p)
#pragma GCC ivdep
      for (std::int64_t c = 0; c < C; ++c) sum[c] += load(x[p * C + c]);
  } else {
    for (std::int64_t c = 0; c < C; ++c) sum[c] = channel_sum(x + c * HW, HW, [](float v, std::int64_t) { return v; });
  }
  for (std::int64_t g = 0; g < d.G; ++g) {
    double s = 0;
    for (std::int64_t c = g * cpg; c < (g + 1) * cpg; ++c) s += sum[c] + HW * static_cast<double>(b ? b[c] : 0.f);
    mean[g] = static_cast<float>(s / cnt);
    for (std::int64_t c = g * cpg; c < (g + 1) * cpg; ++c) dev[c] = (b ? b[c] : 0.f) - mean[g];
  }
  std::vector<float> sq(static_cast<std::size_t>(C), 0.f);
  float* __restrict q = sq.data();
  const float* __restrict dv = dev.data();
  if constexpr (kChannelsLast) {
    for (std::int64_t p = 0; p < HW; ++p)
#pragma GCC ivdep
      for (std::int64_t c = 0; c < C; ++c) {
        const float t = load(x[p * C + c]) + dv[c];
        q[c] += t * t;
      }
  } else {
    for (std::int64_t c = 0; c < C; ++c) {
      const float off = dv[c];
      q[c] = channel_sum(x + c * HW, HW, [off](float v, std::int64_t) { return (v + off) * (v + off); });
    }
  }
  for (std::int64_t g = 0; g < d.G; ++g) {
    double s = 0;
    for (std::int64_t c = g * cpg; c < (g + 1) * cpg; ++c) s += q[c];
    rstd[g] = static_cast<float>(1.0 / std::sqrt(s / cnt + eps));
  }
}

template <typename T, bool kChannelsLast>
void forward_kernel(const Shapes& d, const T* x, const float* bias, const float* gamma, const float* beta, double eps,
                    T* y, float* mean, float* rstd) {
  const std::int64_t per = d.C * d.HW, C = d.C, HW = d.HW;
  at::parallel_for(0, d.N, 1, [&](std::int64_t n0, std::int64_t n1) {
    const FlushSubnormals flush;
    std::vector<float> sums(C), av(C), sv(C);
    for (std::int64_t n = n0; n < n1; ++n) {
      const T* __restrict xs = x + n * per;
      T* __restrict ys = y + n * per;
      const float* b = bias ? bias + n * C : nullptr;
      float* m = mean + n * d.G;
      float* r = rstd + n * d.G;
      sample_stats<T, kChannelsLast>(d, xs, b, eps, sums.data(), m, r);
      // u = (x + b − μ)·ρ·γ + β = a·x + shift
      float* __restrict a = av.data();
      float* __restrict shift = sv.data();
      for (std::int64_t c = 0; c < C; ++c) {
        const std::int64_t g = c / d.cpg();
        a[c] = r[g] * gamma[c];
        shift[c] = ((b ? b[c] : 0.f) - m[g]) * a[c] + beta[c];
      }
      if constexpr (kChannelsLast) {
        for (std::int64_t p = 0; p < HW; ++p)
#pragma GCC ivdep
          for (std::int64_t c = 0; c < C; ++c) {
            const float u = a[c] * load(xs[p * C + c]) + shift[c];
            store(ys[p * C + c], u * sigmoid(u));
          }
      } else {
        for (std::int64_t c = 0; c < C; ++c) {
          const float ac = a[c], sc = shift[c];
          const T* __restrict xc = xs + c * HW;
          T* __restrict yc = ys + c * HW;
#pragma GCC ivdep
          for (std::int64_t p = 0; p < HW; ++p) {
            const float u = ac * load(xc[p]) + sc;
            store(yc[p], u * sigmoid(u));
          }
        }
      }
    }
  });
}

// du = dy·silu'(u) for u = a·x + shift.
inline float silu_grad(float dy, float u) {
  const float sg = sigmoid(u);
  return dy * sg * (1.f + u * (1.f - sg));
}

template <typename T, bool kChannelsLast>
void backward_kernel(const Shapes& d, const T* dy, const T* x, const float* bias, const float* gamma,
                     const float* beta, const float* mean, const float* rstd, T* dx, float* dbias, float* dgamma_n,
                     float* dbeta_n) {
  const std::int64_t per = d.C * d.HW, C = d.C, HW = d.HW, cpg = d.cpg();
  at::parallel_for(0, d.N, 1, [&](std::int64_t n0, std::int64_t n1) {
    const FlushSubnormals flush;
    std::vector<float> buf(9 * static_cast<std::size_t>(C));
    std::vector<float> du_buf(static_cast<std::size_t>(per));  // du of one sample, in its memory order
    for (std::int64_t n = n0; n < n1; ++n) {
      const T* __restrict xs = x + n * per;
      const T* __restrict gs = dy + n * per;
      T* __restrict dxs = dx + n * per;
      const float* b = bias ? bias + n * C : nullptr;
      const float* m = mean + n * d.G;
      const float* r = rstd + n * d.G;
      float* __restrict a = buf.data();
      float* __restrict shift = a + C;
      float* __restrict rho = shift + C;
      float* __restrict off = rho + C;
      float* __restrict s1 = off + C;   // Σ du
      float* __restrict s2 = s1 + C;    // Σ du·x̂
      float* __restrict sdx = s2 + C;   // Σ dx
      float* __restrict k1 = sdx + C;   // mean over the group of du·γ
      float* __restrict k2 = k1 + C;    // mean over the group of du·γ·x̂
      for (std::int64_t c = 0; c < C; ++c) {
        const std::int64_t g = c / cpg;
        rho[c] = r[g];
        off[c] = ((b ? b[c] : 0.f) - m[g]) * r[g];  // x̂ = x·ρ + off
        a[c] = r[g] * gamma[c];
        shift[c] = off[c] * gamma[c] + beta[c];
      }
      float* __restrict dus = du_buf.data();
      if constexpr (kChannelsLast) {
        std::fill(s1, s1 + C, 0.f);
        std::fill(s2, s2 + C, 0.f);
        for (std::int64_t p = 0; p < HW; ++p)
#pragma GCC ivdep
          for (std::int64_t c = 0; c < C; ++c) {
            const float xv = load(xs[p * C + c]);
            const float du = silu_grad(load(gs[p * C + c]), a[c] * xv + shift[c]);
            dus[p * C + c] = du;
            s1[c] += du;
            s2[c] += du * (xv * rho[c] + off[c]);
          }
      } else {
        for (std::int64_t c = 0; c < C; ++c) {
          const float ac = a[c], sc = shift[c], rc = rho[c], oc = off[c];
          const T* __restrict gc = gs + c * HW;
          const T* __restrict xc = xs + c * HW;
          float* __restrict duc = dus + c * HW;
#pragma GCC ivdep
          for (std::int64_t p = 0; p < HW; ++p) duc[p] = silu_grad(load(gc[p]), ac * load(xc[p]) + sc);
          s1[c] = channel_sum(duc, HW, [](float v, std::int64_t) { return v; });
          s2[c] = channel_sum(xc, HW, [&](float xv, std::int64_t p) { return duc[p] * (xv * rc + oc); });
        }
      }
      const double cnt = static_cast<double>(cpg * HW);
      for (std::int64_t g = 0; g < d.G; ++g) {
        double t1 = 0, t2 = 0;
        for (std::int64_t c = g * cpg; c < (g + 1) * cpg; ++c) t1 += gamma[c] * static_cast<double>(s1[c]), t2 += gamma[c] * static_cast<double>(s2[c]);
        for (std::int64_t c = g * cpg; c < (g + 1) * cpg; ++c) k1[c] = static_cast<float>(t1 / cnt), k2[c] = static_cast<float>(t2 / cnt);
      }
      // dx = ρ·(du·γ − mean(du·γ) − x̂·mean(du·γ·x̂)) over the group.
      if constexpr (kChannelsLast) {
        std::fill(sdx, sdx + C, 0.f);
        for (std::int64_t p = 0; p < HW; ++p)
#pragma GCC ivdep
          for (std::int64_t c = 0; c < C; ++c) {
            const float xv = load(xs[p * C + c]);
            const float du = dus[p * C + c];
            const float v = rho[c] * (du * gamma[c] - k1[c] - (xv * rho[c] + off[c]) * k2[c]);
            store(dxs[p * C + c], v);
            sdx[c] += v;
          }
      } else {
        for (std::int64_t c = 0; c < C; ++c) {
          const float rc = rho[c], oc = off[c], gc_ = gamma[c], k1c = k1[c], k2c = k2[c];
          const float* __restrict duc = dus + c * HW;
          T* __restrict dc = dxs + c * HW;
#pragma GCC ivdep
          for (std::int64_t p = 0; p < HW; ++p) {
            const float xv = load(xs[c * HW + p]);
            const float du = duc[p];
            store(dc[p], rc * (du * gc_ - k1c - (xv * rc + oc) * k2c));
          }
          sdx[c] = channel_sum(dc, HW, [](float v, std::int64_t) { return v; });
        }
      }
      for (std::int64_t c = 0; c < C; ++c) {
        dgamma_n[n * C + c] = s2[c];
        dbeta_n[n * C + c] = s1[c];
        if (dbias) dbias[n * C + c] = sdx[c];
      }
    }
  });
}

bool fusable(const torch::Tensor& x, const torch::Tensor& bias, std::int64_t groups, const torch::Tensor& gamma,
             const torch::Tensor& beta) {
  if (!x.defined() || !x.device().is_cpu() || x.dim() != 4) return false;
  if (x.scalar_type() != torch::kFloat32 && x.scalar_type() != torch::kBFloat16) return false;
  if (!x.is_contiguous() && !x.is_contiguous(at::MemoryFormat::ChannelsLast)) return false;
  const std::int64_t C = x.size(1);
  if (groups < 1 || C % groups != 0) return false;
  for (const auto* p : {&gamma, &beta})
    if (!p->defined() || !p->device().is_cpu() || p->scalar_type() != torch::kFloat32 || p->numel() != C) return false;
  if (bias.defined() && (!bias.device().is_cpu() || bias.dim() != 2 || bias.size(0) != x.size(0) || bias.size(1) != C))
    return false;
  return true;
}

Shapes shapes_of(const torch::Tensor& x, std::int64_t groups) {
  return {x.size(0), x.size(1), x.size(2) * x.size(3), groups};
}

// NCHW when contiguous so (also when both layouts coincide), else channels-last.
bool channels_last(const torch::Tensor& x) { return !x.is_contiguous(); }

std::vector<torch::Tensor> fused_forward(const torch::Tensor& x, const torch::Tensor& bias_f, std::int64_t groups,
                                         const torch::Tensor& gamma, const torch::Tensor& beta, double eps) {
  RECORD_FUNCTION("msma::group_norm_silu", std::vector<c10::IValue>());  // named in profiles
  const Shapes d = shapes_of(x, groups);
  auto y = torch::empty_like(x);  // keeps x's dtype and memory format
  auto mean = torch::empty({d.N, d.G}, torch::kFloat32);
  auto rstd = torch::empty({d.N, d.G}, torch::kFloat32);
  const auto g = gamma.contiguous(), bt = beta.contiguous();
  const float* b = bias_f.defined() ? bias_f.data_ptr<float>() : nullptr;
  auto run = [&](auto tag, auto cl) {
    using T = decltype(tag);
    forward_kernel<T, decltype(cl)::value>(d, x.data_ptr<T>(), b, g.data_ptr<float>(), bt.data_ptr<float>(), eps,
                                           y.data_ptr<T>(), mean.data_ptr<float>(), rstd.data_ptr<float>());
  };
  const bool cl = channels_last(x);
  if (x.scalar_type() == torch::kFloat32) cl ? run(float{}, std::true_type{}) : run(float{}, std::false_type{});
  else cl ? run(BF16{}, std::true_type{}) : run(BF16{}, std::false_type{});
  return {y, mean, rstd};
}

torch::Tensor float_bias(const torch::Tensor& bias) {
  return bias.defined() ? bias.to(torch::kFloat32).contiguous() : torch::Tensor();
}

struct GroupNormSiLUFunction : torch::autograd::Function<GroupNormSiLUFunction> {
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
                               const torch::Tensor& bias_or_empty, const torch::Tensor& gamma, const torch::Tensor& beta, std::int64_t groups, double eps) {
    const torch::Tensor bias = bias_or_empty.numel() ? bias_or_empty : torch::Tensor();
    const auto bias_f = float_bias(bias);
    auto out = fused_forward(x, bias_f, groups, gamma, beta, eps);
    ctx->save_for_backward({x, gamma, beta, out[1], out[2]});
    ctx->saved_data["groups"] = groups;
    ctx->saved_data["has_bias"] = bias.defined();
    if (bias.defined()) {
      ctx->saved_data["bias"] = bias_f;
      ctx->saved_data["bias_dtype"] = static_cast<std::int64_t>(bias.scalar_type());
    }
    return out[0];
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    RECORD_FUNCTION("msma::group_norm_silu_backward", std::vector<c10::IValue>());
    const auto saved = ctx->get_saved_variables();
    const auto& x = saved[0];
    const auto &gamma = saved[1], &beta = saved[2], &mean = saved[3], &rstd = saved[4];
    const std::int64_t groups = ctx->saved_data["groups"].toInt();
    const bool has_bias = ctx->saved_data["has_bias"].toBool();
    const auto bias_f = has_bias ? ctx->saved_data["bias"].toTensor() : torch::Tensor();
    const bool cl = channels_last(x);
    const auto dy =
        grads[0].to(x.scalar_type()).contiguous(cl ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous);
    const Shapes d = shapes_of(x, groups);
    auto dx = torch::empty_like(x);
    auto dgamma_n = torch::empty({d.N, d.C}, torch::kFloat32);
    auto dbeta_n = torch::empty({d.N, d.C}, torch::kFloat32);
    auto dbias = has_bias ? torch::empty({d.N, d.C}, torch::kFloat32) : torch::Tensor();
    const auto g = gamma.contiguous(), bt = beta.contiguous();
    auto run = [&](auto tag, auto layout) {
      using T = decltype(tag);
      backward_kernel<T, decltype(layout)::value>(
          d, dy.data_ptr<T>(), x.data_ptr<T>(), has_bias ? bias_f.data_ptr<float>() : nullptr, g.data_ptr<float>(),
          bt.data_ptr<float>(), mean.data_ptr<float>(), rstd.data_ptr<float>(), dx.data_ptr<T>(),
          has_bias ? dbias.data_ptr<float>() : nullptr, dgamma_n.data_ptr<float>(), dbeta_n.data_ptr<float>());
    };
    if (x.scalar_type() == torch::kFloat32) cl ? run(float{}, std::true_type{}) : run(float{}, std::false_type{});
    else cl ? run(BF16{}, std::true_type{}) : run(BF16{}, std::false_type{});
    // Per-sample partial sums added in a fixed order: the same result for any thread count.
    torch::Tensor dbias_out;
    if (has_bias)
      dbias_out = dbias.to(static_cast<c10::ScalarType>(ctx->saved_data["bias_dtype"].toInt()));
    return {dx, dbias_out, dgamma_n.sum(0), dbeta_n.sum(0), torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

torch::Tensor group_norm_silu_composed(const torch::Tensor& x, const torch::Tensor& bias, std::int64_t groups,
                                       const torch::Tensor& gamma, const torch::Tensor& beta, double eps) {
  auto h = x.scalar_type() == torch::kFloat32 ? x : x.to(torch::kFloat32);
  if (bias.defined()) h = h + bias.to(torch::kFloat32).unsqueeze(-1).unsqueeze(-1);
  return torch::silu(torch::group_norm(h, groups, gamma, beta, eps));
}

torch::Tensor group_norm_silu(const torch::Tensor& x, const torch::Tensor& bias, std::int64_t groups,
                              const torch::Tensor& gamma, const torch::Tensor& beta, double eps) {
  if (!fusable(x, bias, groups, gamma, beta)) return group_norm_silu_composed(x, bias, groups, gamma, beta, eps);
  const bool grad = torch::GradMode::is_enabled() &&
                    (x.requires_grad() || gamma.requires_grad() || beta.requires_grad() ||
                     (bias.defined() && bias.requires_grad()));
  // autograd's Function needs defined inputs: an empty tensor stands for "no bias".
  if (grad) return GroupNormSiLUFunction::apply(x, bias.defined() ? bias : torch::empty({0}), gamma, beta, groups, eps);
  return fused_forward(x, float_bias(bias), groups, gamma, beta, eps)[0];
}

}  // namespace msma
