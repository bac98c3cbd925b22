// Where the time goes (issue 12): the machine's measured convolution rate for the default
// U-Net's own convolution shapes, in fp32 and bf16 (oneDNN via LibTorch), the U-Net's
// achieved rate in training and in scoring as a share of it, and a per-operator profile
// (LibTorch's profiler, self time) of one training step and one scoring batch.
//
//   msma_bench_roofline [precision=bf16] [score_batch=64] [top=14]
#include <torch/csrc/autograd/profiler_kineto.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "common/heap.h"
#include "common/progress.h"
#include "data/builtin.h"
#include "model/group_norm_silu.h"
#include "model/noise_schedule.h"
#include "model/precision.h"
#include "model/score_network.h"
#include "score/score_norms.h"
#include "train/trainer.h"

using namespace msma;
namespace prof = torch::autograd::profiler;

namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

struct OpTime {
  double self_us = 0;
  std::int64_t calls = 0;
};

struct Profile {
  std::map<std::string, OpTime> ops;
  double total_us = 0;
  std::uint64_t conv_flops = 0;  // aten::conv2d events (the profiler's own count: 2·MACs)
  struct Conv {
    std::vector<std::int64_t> input, weight;
    int stride;
  };
  std::vector<Conv> convs;
};

// Self time per operator name: an event's duration less the events nested directly in it
// (same thread, contained interval). Only the calling thread records; OpenMP workers' time
// shows up inside the operator that started them.
Profile profile(const std::function<void()>& work) {
  prof::ProfilerConfig cfg(prof::ProfilerState::KINETO, /*report_input_shapes=*/true, /*profile_memory=*/false,
                           /*with_stack=*/false, /*with_flops=*/true);
  prof::prepareProfiler(cfg, {prof::ActivityType::CPU});
  prof::enableProfiler(cfg, {prof::ActivityType::CPU});
  const double t0 = now();
  work();
  const double t1 = now();
  auto result = prof::disableProfiler();
  struct Ev {
    std::string name;
    std::uint64_t start, end, thread;
    const prof::KinetoEvent* raw;
  };
  std::vector<Ev> evs;
  for (const auto& e : result->events())
    if (e.deviceType() == c10::DeviceType::CPU && !e.isAsync())
      evs.push_back({e.name(), e.startUs(), e.startUs() + e.durationUs(), e.startThreadId(), &e});
  std::sort(evs.begin(), evs.end(), [](const Ev& a, const Ev& b) {
    return a.thread != b.thread ? a.thread < b.thread : a.start != b.start ? a.start < b.start : a.end > b.end;
  });
  Profile p;
  p.total_us = (t1 - t0) * 1e6;
  std::vector<std::size_t> stack;  // open events on this thread
  std::vector<double> child(evs.size(), 0.0);
  std::vector<bool> nested_in_same(evs.size(), false);  // autocast records aten::conv2d twice, one inside the other
  for (std::size_t i = 0; i < evs.size(); ++i) {
    if (i && evs[i].thread != evs[i - 1].thread) stack.clear();
    while (!stack.empty() && evs[stack.back()].end <= evs[i].start) stack.pop_back();
    if (!stack.empty()) {
      child[stack.back()] += static_cast<double>(evs[i].end - evs[i].start);
      nested_in_same[i] = evs[stack.back()].name == evs[i].name;
    }
    stack.push_back(i);
  }
  for (std::size_t i = 0; i < evs.size(); ++i) {
    auto& o = p.ops[evs[i].name];
    o.self_us += static_cast<double>(evs[i].end - evs[i].start) - child[i];
    ++o.calls;
    if (evs[i].name == "aten::conv2d" && !nested_in_same[i]) {
      const auto* e = evs[i].raw;
      p.conv_flops += e->flops();
      if (e->hasShapes() && e->shapes().size() >= 2) {
        Profile::Conv c{e->shapes()[0], e->shapes()[1], 1};
        // Stride from the profiler's flop count: a same-padded stride-s 3×3 conv does 1/s² the work.
        const double s1 = 2.0 * c.input[0] * c.weight[0] * c.weight[1] * c.weight[2] * c.weight[3] * c.input[2] * c.input[3];
        if (e->flops() > 0) c.stride = static_cast<int>(std::lround(std::sqrt(s1 / static_cast<double>(e->flops()))));
        p.convs.push_back(c);
      }
    }
  }
  return p;
}

// Measured convolution rate (GFLOP/s) for a list of shapes: each conv alone, random data,
// best of 5 after a warm-up, summed flops over summed time.
double conv_stack_rate(const std::vector<Profile::Conv>& convs, bool bf16, bool channels_last) {
  c10::InferenceMode guard;
  double flops = 0, seconds = 0;
  for (const auto& c : convs) {
    auto opts = torch::TensorOptions(bf16 ? torch::kBFloat16 : torch::kFloat32);
    auto x = torch::randn(c.input, opts);
    auto w = torch::randn(c.weight, opts) * 0.05;
    auto b = torch::zeros({c.weight[0]}, opts);
    if (channels_last) {
      x = x.contiguous(at::MemoryFormat::ChannelsLast);
      w = w.contiguous(at::MemoryFormat::ChannelsLast);
    }
    const int pad = static_cast<int>(c.weight[2] / 2);
    torch::conv2d(x, w, b, c.stride, pad);
    double best = 1e30;
    for (int r = 0; r < 5; ++r) {
      const double t0 = now();
      torch::conv2d(x, w, b, c.stride, pad);
      best = std::min(best, now() - t0);
    }
    const double ho = std::floor((c.input[2] + 2 * pad - c.weight[2]) / c.stride) + 1;
    const double wo = std::floor((c.input[3] + 2 * pad - c.weight[3]) / c.stride) + 1;
    flops += 2.0 * c.input[0] * c.weight[0] * c.weight[1] * c.weight[2] * c.weight[3] * ho * wo;
    seconds += best;
  }
  return flops / seconds / 1e9;
}

void print_profile(const char* title, const Profile& p, int top) {
  std::vector<std::pair<std::string, OpTime>> rows(p.ops.begin(), p.ops.end());
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.self_us > b.second.self_us; });
  std::printf("\n%s: %.1f ms wall; operators by self time (calling thread):\n", title, p.total_us / 1e3);
  std::printf("  %-40s %9s %7s %6s\n", "operator", "self ms", "share", "calls");
  for (int i = 0; i < top && i < static_cast<int>(rows.size()); ++i)
    std::printf("  %-40s %9.2f %6.1f%% %6lld\n", rows[i].first.c_str(), rows[i].second.self_us / 1e3,
                100.0 * rows[i].second.self_us / p.total_us, static_cast<long long>(rows[i].second.calls));
}

// One GroupNorm + SiLU of the U-Net's largest activation (the up block at 28×28, 96
// channels), forward and forward + backward: LibTorch's ops vs the fused kernel.
void time_norm_silu(int batch, bool bf16) {
  std::printf("\nGroupNorm+SiLU of %d x 96 x 28 x 28 (%s), ms (best of 5):\n", batch, bf16 ? "bf16" : "fp32");
  for (bool cl : {false, true}) {
    auto x = torch::randn({batch, 96, 28, 28}).to(bf16 ? torch::kBFloat16 : torch::kFloat32);
    if (cl) x = x.contiguous(at::MemoryFormat::ChannelsLast);
    auto bias = torch::randn({batch, 96});
    auto gamma = torch::ones({96}).requires_grad_(), beta = torch::zeros({96}).requires_grad_();
    for (bool fused : {false, true}) {
      auto run = [&](bool backward) {
        auto xi = x.detach().requires_grad_(backward);
        double best = 1e30;
        for (int r = 0; r < 6; ++r) {
          const double t0 = now();
          torch::Tensor y;
          {
            torch::AutoGradMode g(backward);
            y = fused ? group_norm_silu(xi, bias, 8, gamma, beta) : group_norm_silu_composed(xi, bias, 8, gamma, beta);
            if (!fused) y = y.to(x.scalar_type());  // the next convolution's input dtype
            if (backward) y.backward(torch::ones_like(y));
          }
          if (r) best = std::min(best, now() - t0);
        }
        return best * 1e3;
      };
      std::printf("  %-13s %-8s forward %7.2f   forward+backward %7.2f\n", cl ? "channels-last" : "NCHW",
                  fused ? "fused" : "LibTorch", run(false), run(true));
    }
  }
}

}  // namespace

struct Lever {
  const char* name;
  CpuExecution exec;
  const char* upsample;  // the U-Net decoder (ModelConfig::upsample): each its own network
};

int main(int argc, char** argv) {
  msma::keep_freed_heap_memory();  // before LibTorch allocates: see common/heap.h
  const std::string precision = argc > 1 ? argv[1] : "bf16";
  const int score_batch = argc > 2 ? std::atoi(argv[2]) : 64;
  const int top = argc > 3 ? std::atoi(argv[3]) : 14;
  const int rounds = argc > 4 ? std::atoi(argv[4]) : 3;
  use_threads(0);
  if (std::getenv("MSMA_NORM_ONLY")) {
    time_norm_silu(64, true);
    time_norm_silu(64, false);
    return 0;
  }
  ImageSet data = load_fashion_mnist("test");
  const auto sigmas = NoiseSchedule{}.sigmas();
  const int levels = static_cast<int>(sigmas.size());
  const bool bf16 = resolve_precision(precision, false) == "bf16";
  ModelConfig m;
  TrainConfig t;
  t.batch_size = 128;
  t.checkpoint_every = 0;
  t.precision = precision;
  t.steps = 5;  // warm-up (oneDNN builds its kernels once per shape)
  TrainState s = make_train_state(m, sigmas, t);
  ModelConfig m_previous = m;
  m_previous.upsample = "nearest-conv";
  TrainState s_previous = make_train_state(m_previous, sigmas, t);
  CancelToken cancel;
  std::printf("roofline: default U-Net (%lld parameters; %lld with the previous decoder), precision %s, %d threads, training batch %d, scoring batch %d\n",
              static_cast<long long>(s.net->parameter_count()), static_cast<long long>(s_previous.net->parameter_count()),
              describe_precision(precision, false).c_str(), at::get_num_threads(), t.batch_size,
              score_batch);
  auto subset = [&](int n) {
    std::vector<std::int64_t> idx(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) idx[static_cast<std::size_t>(i)] = i;
    return data.subset(idx, "bench");
  };
  const ImageSet batch = subset(score_batch), score_set = subset(4 * score_batch);
  ScoreOptions so;
  so.precision = precision;
  so.batch_size = score_batch;
  auto state_of = [&](const Lever& l) -> TrainState& { return l.upsample == m.upsample ? s : s_previous; };
  auto train_rate = [&](TrainState& st, int steps) {
    t.steps = st.step + steps;
    return train(st, data, sigmas, t, nullptr, nullptr, cancel).images_per_second;
  };
  auto score_rate = [&](TrainState& st, const ScoreOptions& o) {
    const double t0 = now();
    compute_score_norms(*st.net, score_set, levels, o, nullptr, nullptr);
    return score_set.n / (now() - t0);
  };

  // The roofline: the conv shapes of one scoring pass (the first `levels`-th of a profiled
  // batch's conv events), each timed alone on warm data: the best these shapes do here.
  // Profiled with every level a whole pass, so the events are `levels` equal passes.
  const CpuExecution defaults = cpu_execution();
  cpu_execution().stem_once = false;
  cpu_execution().winograd_conv = false;  // LibTorch's aten::conv2d events carry the shapes and FLOPs
  compute_score_norms(*s.net, batch, levels, so, nullptr, nullptr);
  const Profile shapes = profile([&] { compute_score_norms(*s.net, batch, levels, so, nullptr, nullptr); });
  cpu_execution() = defaults;
  const double fwd_flops_per_image = static_cast<double>(shapes.conv_flops) / levels / score_batch;
  const std::vector<Profile::Conv> pass(shapes.convs.begin(), shapes.convs.begin() + shapes.convs.size() / levels);
  double peak_nchw = 0, peak_nhwc = 0;

  // The levers, each against the others in the same rounds (this host's speed drifts
  // between minutes): best of `rounds` for each.
  const std::vector<Lever> levers = {{"LibTorch group_norm+silu, NCHW (before)", {false, false, false, false, false}, "nearest-conv"},
                                     {"fused norm+SiLU kernel, NCHW", {true, false, false, false, false}, "nearest-conv"},
                                     {"LibTorch group_norm+silu, channels-last", {false, true, false, false, false}, "nearest-conv"},
                                     {"fused kernel + channels-last", {true, true, false, false, false}, "nearest-conv"},
                                     {"+ conv-nearest decoder", {true, true, false, false, false}, "conv-nearest"},
                                     {"+ level-free stem once per image", {true, true, true, false, false}, "conv-nearest"},
                                     {"+ upsample-concat as one copy", {true, true, true, true, false}, "conv-nearest"},
                                     {"+ Winograd 3x3 convolutions (default)", {true, true, true, true, true}, "conv-nearest"}};
  std::vector<double> best_train(levers.size(), 0), best_score(levers.size(), 0);
  std::vector<double> best_batch(3, 0);  // the default at score batches 32, 128, 256
  const int batches[3] = {32, 128, 256};
  for (int r = 0; r < rounds; ++r) {
    peak_nchw = std::max(peak_nchw, conv_stack_rate(pass, bf16, false));
    peak_nhwc = std::max(peak_nhwc, conv_stack_rate(pass, bf16, true));
    for (std::size_t k = 0; k < levers.size(); ++k) {
      cpu_execution() = levers[k].exec;
      TrainState& st = state_of(levers[k]);
      if (r == 0) train_rate(st, 3), score_rate(st, so);  // warm-up of this configuration's kernels
      best_train[k] = std::max(best_train[k], train_rate(st, 16));
      best_score[k] = std::max(best_score[k], score_rate(st, so));
    }
    cpu_execution() = defaults;
    for (int b = 0; b < 3; ++b) {
      ScoreOptions ob = so;
      ob.batch_size = batches[b];
      if (r == 0) score_rate(s, ob);
      best_batch[b] = std::max(best_batch[b], score_rate(s, ob));
    }
  }
  std::printf("\nlevers (images/s, best of %d interleaved rounds; training 16 steps of 128, scoring %lld images x %d levels):\n",
              rounds, static_cast<long long>(score_set.n), levels);
  std::printf("  %-44s %9s %6s %9s %6s\n", "configuration", "training", "ratio", "scoring", "ratio");
  for (std::size_t k = 0; k < levers.size(); ++k)
    std::printf("  %-44s %9.1f %5.2fx %9.1f %5.2fx\n", levers[k].name, best_train[k], best_train[k] / best_train[0],
                best_score[k], best_score[k] / best_score[0]);
  for (int b = 0; b < 3; ++b)
    std::printf("  %-44s %9s %6s %9.1f %5.2fx\n", ("default, scoring batch " + std::to_string(batches[b])).c_str(), "",
                "", best_batch[b], best_batch[b] / best_score[0]);
  const std::size_t def = levers.size() - 1;
  std::printf("lever_train_speedup %.2f\nlever_score_speedup %.2f\n", best_train[def] / best_train[0],
              best_score[def] / best_score[0]);

  // Profiles, before and with the default levers.
  cpu_execution() = levers[0].exec;
  TrainState& s_before = state_of(levers[0]);
  t.steps = s_before.step + 1;
  const Profile train_before = profile([&] { train(s_before, data, sigmas, t, nullptr, nullptr, cancel); });
  const Profile score_before = profile([&] { compute_score_norms(*s_before.net, batch, levels, so, nullptr, nullptr); });
  cpu_execution() = defaults;
  t.steps = s.step + 1;
  const Profile train_prof = profile([&] { train(s, data, sigmas, t, nullptr, nullptr, cancel); });
  const Profile score_prof = profile([&] { compute_score_norms(*s.net, batch, levels, so, nullptr, nullptr); });
  // The convolution work scoring performs, counted as direct convolution (the profiler counts
  // FLOPs of aten::conv2d only; the Winograd kernel does the same convolutions with fewer).
  cpu_execution().winograd_conv = false;
  const Profile score_work = profile([&] { compute_score_norms(*s.net, batch, levels, so, nullptr, nullptr); });
  cpu_execution() = defaults;

  const double peak = std::max(peak_nchw, peak_nhwc);
  std::vector<Profile::Conv> big = {{{score_batch, 128, 28, 28}, {128, 128, 3, 3}, 1}};
  const double big_rate = conv_stack_rate(big, bf16, true);
  // Scoring's rate from the convolutions it performs (the stem once per image, not once per
  // level), and the rate the same images/s would mean if every level were a whole pass.
  const double score_flops_per_image = static_cast<double>(score_work.conv_flops) / score_batch;
  const double score_gflops = best_score[def] * score_flops_per_image / 1e9;
  const double score_gflops_equiv = best_score[def] * levels * fwd_flops_per_image / 1e9;
  const double train_gflops = best_train[def] * 3 * fwd_flops_per_image / 1e9;  // forward + 2× for backward
  std::printf("\nconvolution work per forward pass: %.1f MFLOP per image (%zu convolutions)\n", fwd_flops_per_image / 1e6,
              pass.size());
  std::printf("peak_conv_gflops_nchw %.1f\npeak_conv_gflops_channels_last %.1f\n", peak_nchw, peak_nhwc);
  std::printf("big_conv_gflops (128->128 3x3 at 28x28, channels-last) %.1f\n", big_rate);
  std::printf("scoring work: %.1f MFLOP per image over %d levels (%.1f if each level were a whole pass)\n",
              score_flops_per_image / 1e6, levels, levels * fwd_flops_per_image / 1e6);
  std::printf("scoring (default): %.1f images/s = %.1f GFLOP/s performed = %.0f%% of the U-Net shapes' conv peak (%.1f); "
              "%.1f GFLOP/s = %.0f%% counted as whole passes (direct convolution's FLOPs: where Winograd runs, it "
              "does them with fewer multiplies)\n",
              best_score[def], score_gflops, 100 * score_gflops / peak, peak, score_gflops_equiv,
              100 * score_gflops_equiv / peak);
  std::printf("training (default): %.1f images/s = %.1f GFLOP/s (3x forward) = %.0f%% of the conv peak\n",
              best_train[def], train_gflops, 100 * train_gflops / peak);
  std::printf("scoring_share_of_peak %.2f\nscoring_share_of_peak_whole_passes %.2f\n", score_gflops / peak,
              score_gflops_equiv / peak);
  time_norm_silu(score_batch, bf16);
  print_profile("one training step (batch 128), before", train_before, top);
  print_profile("one training step (batch 128), default", train_prof, top);
  const std::string sb = "one scoring batch (" + std::to_string(score_batch) + " images x " + std::to_string(levels) + " levels)";
  print_profile((sb + ", before").c_str(), score_before, top);
  print_profile((sb + ", default").c_str(), score_prof, top);
  return 0;
}
