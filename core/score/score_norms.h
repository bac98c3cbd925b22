#pragma once
// Stage 1: for each image and level, ‖σ_i·s(x, i)‖₂ over all pixels on the clean image.
// Streams in batches: memory depends on the batch size, not on N.
#include <Eigen/Core>

#include "common/progress.h"
#include "data/image_set.h"
#include "model/score_network.h"
#include "score/score_options.h"

namespace msma {

Eigen::MatrixXd compute_score_norms(ScoreNet& net, const ImageSet& images, int levels, const ScoreOptions& opt,
                                    const ProgressFn& progress, const CancelToken* cancel,
                                    const std::string& stage = "score");

// Statistics of v = σ_i·s(x, i) per level from the same forward passes as the norms, and a
// denoising residual from one more pass at every other level (needs ScoreOptions::sigmas). The
// matrix is N × (K·L), statistic-major: column k·L + i is statistic k at level i, so its
// first L columns are exactly compute_score_norms'.
//   0 norm ‖v‖₂        1 mean of v          2 third moment of v / (second moment)^1.5
//   3 99th percentile of |v|                4–7 ‖v‖₂ on each image quadrant (TL, TR, BL, BR)
//   8 cosine between v and the centred image x − mean(x)
//   9 denoising residual ‖σ_i·s(x + σ_i z, i) + z‖ / ‖z‖, z ~ N(0, I) seeded by the image's
//     bytes (deterministic), at levels 0, kDenoiseStride, 2·kDenoiseStride, … only (0
//     elsewhere): one more forward pass at those levels, so every other level keeps the
//     stage at 1.5× the norms' cost
//   10–13 the denoising residual r = σ_i·s(x + σ_i z, i) + z on each image quadrant (TL, TR,
//     BL, BR), ‖r_q‖/‖z_q‖: where the denoiser fails (levels as statistic 9, same pass)
//   14–17 mean of v on four bands of image rows, top to bottom (a signed vertical profile of
//     where the network pulls the image: an upside-down item pulls the other way from an
//     upright one, which the quadrant norms, blind to the sign, cannot tell)
// Matrices scored before the row bands (2026-12-04) hold the first 14 statistics only; the
// feature sets that read no more than those accept them (score/features.h).
constexpr int kRowBands = 4;
constexpr int kScoreStatsBeforeRowBands = 14;
constexpr int kScoreStats = kScoreStatsBeforeRowBands + kRowBands;
constexpr int kDenoiseStride = 2;
const std::vector<std::string>& score_stat_names();
// The noise z of the denoising residual for one image (C×H×W in [0, 1]): N(0, I) from a
// generator seeded by the image's bytes, so it never depends on batch, rank or order.
torch::Tensor content_seeded_noise(const torch::Tensor& image);
Eigen::MatrixXd compute_score_stats(ScoreNet& net, const ImageSet& images, int levels, const ScoreOptions& opt,
                                    const ProgressFn& progress, const CancelToken* cancel,
                                    const std::string& stage = "score");

class Communicator;
// Data-parallel scoring: every rank holds all of `images` and scores its contiguous block of
// whole batches (so each image is computed exactly as in one process); rank 0 receives the
// full N×L matrix in the original order, the other ranks an empty one.
Eigen::MatrixXd compute_score_norms(ScoreNet& net, const ImageSet& images, int levels, const ScoreOptions& opt,
                                    Communicator& comm, const ProgressFn& progress, const CancelToken* cancel,
                                    const std::string& stage = "score");
Eigen::MatrixXd compute_score_stats(ScoreNet& net, const ImageSet& images, int levels, const ScoreOptions& opt,
                                    Communicator& comm, const ProgressFn& progress, const CancelToken* cancel,
                                    const std::string& stage = "score");

}  // namespace msma
