// Training and scoring throughput of the default U-Net on Fashion-MNIST-sized images,
// measured exactly like bench/throughput_pytorch.py measures the same network in Python;
// then the rate of the default feature set's scoring (statistics), which Python has no twin of,
// and scoring with LibTorch's direct convolutions instead of the Winograd kernel (fp32), in
// the same run, with the largest relative difference of the two norm matrices.
//   msma_bench_throughput [STEPS] [SCORE_IMAGES] [PRECISION] [SCORE_BATCH, 0 = default] [UPSAMPLE]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/heap.h"
#include "common/progress.h"
#include "data/builtin.h"
#include "model/noise_schedule.h"
#include "model/precision.h"
#include "model/winograd_conv.h"
#include "score/score_norms.h"
#include "train/trainer.h"

using namespace msma;

int main(int argc, char** argv) {
  // The product's heap policy (common/heap.h), as msma and MSMA Studio start; BENCH_HEAP=glibc
  // keeps glibc's defaults, to measure what the policy buys.
  const bool glibc_heap = std::getenv("BENCH_HEAP") && std::string(std::getenv("BENCH_HEAP")) == "glibc";
  if (!glibc_heap) msma::keep_freed_heap_memory();
  const int train_steps = argc > 1 ? std::atoi(argv[1]) : 60;
  const int score_images = argc > 2 ? std::atoi(argv[2]) : 2000;
  const std::string precision = argc > 3 ? argv[3] : "fp32";
  ImageSet data = load_fashion_mnist("test");
  const auto sigmas = NoiseSchedule{}.sigmas();
  ModelConfig m;  // defaults: U-Net width 32, depth 3, 10 levels, 1×28×28
  if (argc > 5) m.upsample = argv[5];  // the decoder, as throughput_pytorch.py's UPSAMPLE
  TrainConfig t;
  t.batch_size = 128;
  t.steps = 5;  // warm-up
  t.checkpoint_every = 0;
  t.precision = precision;
  TrainState s = make_train_state(m, sigmas, t);
  CancelToken cancel;
  train(s, data, sigmas, t, nullptr, nullptr, cancel);
  t.steps = 5 + train_steps;
  const TrainResult r = train(s, data, sigmas, t, nullptr, nullptr, cancel);
  std::printf("upsample %s, precision %s, threads %d, parameters %lld, heap %s\n", m.upsample.c_str(), precision.c_str(),
              at::get_num_threads(), static_cast<long long>(s.net->parameter_count()),
              glibc_heap ? "glibc defaults" : "freed memory kept");
  std::printf("cpp_train_images_per_s %.1f\n", r.images_per_second);
  ImageSet few = data.subset([&] {
    std::vector<std::int64_t> idx(score_images);
    for (int i = 0; i < score_images; ++i) idx[i] = i;
    return idx;
  }(), "bench");
  ScoreOptions so;
  so.precision = precision;
  if (argc > 4 && std::atoi(argv[4]) > 0) so.batch_size = std::atoi(argv[4]);  // 0: the product default
  const CpuExecution defaults = cpu_execution();
  auto score = [&](bool winograd, Eigen::MatrixXd* norms) {
    cpu_execution().winograd_conv = winograd;
    compute_score_norms(*s.net, few.subset({0, 1, 2, 3}, "warm"), 10, so, nullptr, nullptr);
    const auto t0 = std::chrono::steady_clock::now();
    *norms = compute_score_norms(*s.net, few, 10, so, nullptr, nullptr);
    const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    cpu_execution() = defaults;
    return score_images / sec;
  };
  // With the Winograd kernel, the two alternate for two rounds and each keeps its best: this
  // host's speed drifts between minutes.
  Eigen::MatrixXd norms, direct_norms;
  const bool winograd = scores_by_winograd(resolve_precision(precision), false);
  double rate = 0, direct = 0;
  for (int round = 0; round < (winograd ? 2 : 1); ++round) {
    rate = std::max(rate, score(defaults.winograd_conv, &norms));
    if (winograd) direct = std::max(direct, score(false, &direct_norms));
  }
  std::printf("cpp_score_images_per_s %.1f\n", rate);
  if (winograd) {
    std::printf("cpp_score_direct_conv_images_per_s %.1f (Winograd %.2fx; largest relative norm difference %.2e)\n",
                direct, rate / direct, ((norms - direct_norms).array().abs() / direct_norms.array().abs()).maxCoeff());
  }
  // The default feature set's statistics (score/score_norms.h): the same passes plus the
  // denoising pass at every other level, and the per-image reductions.
  so.sigmas = sigmas;
  const auto t1 = std::chrono::steady_clock::now();
  compute_score_stats(*s.net, few, 10, so, nullptr, nullptr);
  const double sec_stats = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  std::printf("cpp_score_stats_images_per_s %.1f\n", score_images / sec_stats);
  return 0;
}
