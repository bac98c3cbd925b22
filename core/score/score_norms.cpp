#include "score/score_norms.h"

#include <cmath>
#include <numeric>

#include <ATen/CPUGeneratorImpl.h>

#include "common/error.h"
#include "distributed/communicator.h"
#include "model/device.h"
#include "model/precision.h"
#include "train/trainer.h"

namespace msma {

namespace {

// Runs the network on every image at every level, batch by batch, on the clean images, and
// hands each batch's output v = σ_l·s(x, l) (m×C×H×W, fp32) to `reduce`, which writes the
// rows start..start+m−1 of one column block of `out` (n × cols_per_level·L).
template <typename Reduce>
Eigen::MatrixXd reduce_outputs(ScoreNet& net, const ImageSet& images, int levels, Eigen::Index cols,
                               const ScoreOptions& opt, const ProgressFn& progress, const CancelToken* cancel,
                               const std::string& stage, Reduce reduce) {
  if (images.n == 0) throw Error(images.source + ": no images to score");
  use_threads(opt.threads);
  const torch::Device device = resolve_device(opt.device);
  c10::InferenceMode guard;  // thread-local: created in the thread that scores
  PrecisionScope precision(opt.precision, device.is_cuda());
  net.to(device);
  net.eval();
  const int b = std::max(1, opt.batch_size);
  Eigen::MatrixXd out(images.n, cols);
  auto all = torch::from_blob(const_cast<std::uint8_t*>(images.pixels.data()), {images.n, images.c, images.h, images.w},
                              torch::kUInt8);
  RateMeter meter(images.n);
  for (std::int64_t start = 0; start < images.n; start += b) {
    if (cancel) cancel->check();
    const std::int64_t m = std::min<std::int64_t>(b, images.n - start);
    auto x = all.narrow(0, start, m).to(torch::kFloat32).div_(255.0).to(device);
    // One forward pass per level: measured here, stacking all L levels into one batch of
    // L·b images ran 2.7x slower (the activations no longer fit in cache).
    net.scaled_score_levels(x, levels, [&](int l, const torch::Tensor& lv, const torch::Tensor& v) {
      // Rows of `stats`: images; columns: the statistics of this level, copied to out.
      const auto stats = reduce(x, v.to(torch::kFloat32), lv, l).to(torch::kCPU, torch::kFloat64).contiguous();
      const Eigen::Index k = stats.size(1);
      const double* p = stats.template data_ptr<double>();
      for (std::int64_t i = 0; i < m; ++i)
        for (Eigen::Index j = 0; j < k; ++j) out(start + i, j * levels + l) = p[i * k + j];
    });
    if (progress) progress(meter.make(stage, start + m));
  }
  if (!out.allFinite()) throw Error(images.source + ": the network produced NaN/inf score norms or statistics");
  return out;
}

}  // namespace

Eigen::MatrixXd compute_score_norms(ScoreNet& net, const ImageSet& images, int levels, const ScoreOptions& opt,
                                    const ProgressFn& progress, const CancelToken* cancel, const std::string& stage) {
  return reduce_outputs(net, images, levels, levels, opt, progress, cancel, stage,
                        [](const torch::Tensor&, const torch::Tensor& v, const torch::Tensor&, int) {
                          return v.flatten(1).norm(2, 1).unsqueeze(1);
                        });
}

const std::vector<std::string>& score_stat_names() {
  static const std::vector<std::string> names = {"norm", "mean", "moment3", "abs_q99", "norm_tl",
                                                 "norm_tr", "norm_bl", "norm_br", "cos_image",
                                                 "denoise", "denoise_tl", "denoise_tr", "denoise_bl",
                                                 "denoise_br", "mean_band1", "mean_band2", "mean_band3",
                                                 "mean_band4"};
  return names;
}

torch::Tensor content_seeded_noise(const torch::Tensor& x) {
  const auto bytes = x.mul(255.0).round().to(torch::kCPU, torch::kUInt8).contiguous();
  const auto* p = bytes.data_ptr<std::uint8_t>();
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (std::int64_t i = 0; i < bytes.numel(); ++i) h = (h ^ p[i]) * 1099511628211ULL;
  auto gen = at::detail::createCPUGenerator(h);
  return torch::randn(x.sizes(), gen, torch::TensorOptions(torch::kFloat32));
}

Eigen::MatrixXd compute_score_stats(ScoreNet& net, const ImageSet& images, int levels, const ScoreOptions& opt,
                                    const ProgressFn& progress, const CancelToken* cancel, const std::string& stage) {
  if (static_cast<int>(opt.sigmas.size()) != levels)
    throw Error("score statistics need the " + std::to_string(levels) + " noise levels' sigmas, got " +
                std::to_string(opt.sigmas.size()));
  const std::int64_t d = static_cast<std::int64_t>(images.image_bytes());
  const std::int64_t q_rank = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(0.01 * d)));
  const std::int64_t h2 = images.h / 2, w2 = images.w / 2;
  auto quadrant_norm = [&](const torch::Tensor& v, int q) {  // q: 0 TL, 1 TR, 2 BL, 3 BR
    const bool bottom = q >= 2, right = q % 2 == 1;
    const std::int64_t y0 = bottom ? h2 : 0, x0 = right ? w2 : 0;
    const std::int64_t hh = bottom ? v.size(2) - h2 : h2, ww = right ? v.size(3) - w2 : w2;
    return v.narrow(2, y0, hh).narrow(3, x0, ww).pow(2).flatten(1).sum(1).sqrt();
  };
  auto band_mean = [&](const torch::Tensor& v, int k) {  // k: 0..kRowBands-1 from the top
    const std::int64_t y0 = k * v.size(2) / kRowBands, y1 = (k + 1) * v.size(2) / kRowBands;
    return v.narrow(2, y0, y1 - y0).flatten(1).mean(1);
  };
  torch::Tensor z;  // the batch's noise, one draw per image for all its levels
  return reduce_outputs(
      net, images, levels, static_cast<Eigen::Index>(kScoreStats) * levels, opt, progress, cancel, stage,
      [&](const torch::Tensor& x, const torch::Tensor& v, const torch::Tensor& lv, int l) {
        // Denoising residual at every kDenoiseStride-th level: noise the clean image by σ_l z
        // and ask the network for −z back (σ·s(x̃) + z = 0 for a perfect denoiser); the
        // relative residual ‖σ·s(x̃) + z‖/‖z‖ is the per-image DSM loss at that level.
        std::vector<torch::Tensor> denoise(5, torch::zeros({x.size(0)}, x.options()));  // whole, then quadrants
        if (l == 0) {  // a batch's levels come in order, from 0: draw its noise once
          std::vector<torch::Tensor> zs;
          for (std::int64_t i = 0; i < x.size(0); ++i) zs.push_back(content_seeded_noise(x[i]));
          z = torch::stack(zs).to(x.device());
        }
        if (l % kDenoiseStride == 0) {
          const auto xn = x + opt.sigmas[static_cast<std::size_t>(l)] * z;
          const auto r = net.scaled_score(xn, lv).to(torch::kFloat32) + z;
          denoise[0] = r.flatten(1).norm(2, 1) / z.flatten(1).norm(2, 1);
          for (int q = 0; q < 4; ++q) denoise[q + 1] = quadrant_norm(r, q) / quadrant_norm(z, q);
        }
        auto xc = x.flatten(1);
        xc = xc - xc.mean(1, true);
        auto flat = v.flatten(1);
        auto sq = flat.pow(2);
        auto norm = sq.sum(1).sqrt();
        std::vector<torch::Tensor> cols = {norm,
                                           flat.mean(1),
                                           flat.pow(3).mean(1) / (sq.mean(1).pow(1.5) + 1e-12),
                                           std::get<0>(flat.abs().topk(q_rank, 1)).select(1, q_rank - 1),
                                           quadrant_norm(v, 0),
                                           quadrant_norm(v, 1),
                                           quadrant_norm(v, 2),
                                           quadrant_norm(v, 3),
                                           (flat * xc).sum(1) / (norm * xc.norm(2, 1) + 1e-12)};
        cols.insert(cols.end(), denoise.begin(), denoise.end());
        for (int k = 0; k < kRowBands; ++k) cols.push_back(band_mean(v, k));
        return torch::stack(cols, 1);
      });
}

namespace {

// Data-parallel form of either computation: whole batches per rank, gathered in order.
template <typename Compute>
Eigen::MatrixXd split_by_rank(const ImageSet& images, const ScoreOptions& opt, Communicator& comm, Eigen::Index cols,
                              const std::string& stage, Compute compute) {
  if (images.n == 0) throw Error(images.source + ": no images to score");
  const auto [first, last] = batch_aligned_block(images.n, std::max(1, opt.batch_size), comm.rank(), comm.world_size());
  Eigen::MatrixXd mine(0, cols);
  if (last > first) {
    std::vector<std::int64_t> rows(static_cast<std::size_t>(last - first));
    std::iota(rows.begin(), rows.end(), first);
    const ImageSet block = images.subset(rows, images.name);
    mine = compute(block, stage + " (rank " + std::to_string(comm.rank()) + "'s share)");
  }
  return comm.gather_rows(mine, static_cast<int>(cols));
}

}  // namespace

Eigen::MatrixXd compute_score_norms(ScoreNet& net, const ImageSet& images, int levels, const ScoreOptions& opt,
                                    Communicator& comm, const ProgressFn& progress, const CancelToken* cancel,
                                    const std::string& stage) {
  if (!comm.distributed()) return compute_score_norms(net, images, levels, opt, progress, cancel, stage);
  return split_by_rank(images, opt, comm, levels, stage, [&](const ImageSet& block, const std::string& st) {
    return compute_score_norms(net, block, levels, opt, progress, cancel, st);
  });
}

Eigen::MatrixXd compute_score_stats(ScoreNet& net, const ImageSet& images, int levels, const ScoreOptions& opt,
                                    Communicator& comm, const ProgressFn& progress, const CancelToken* cancel,
                                    const std::string& stage) {
  if (!comm.distributed()) return compute_score_stats(net, images, levels, opt, progress, cancel, stage);
  return split_by_rank(images, opt, comm, static_cast<Eigen::Index>(kScoreStats) * levels, stage,
                       [&](const ImageSet& block, const std::string& st) {
                         return compute_score_stats(net, block, levels, opt, progress, cancel, st);
                       });
}

}  // namespace msma
