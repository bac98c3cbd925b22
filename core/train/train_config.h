#pragma once
// Training settings, progress and outcome: plain data without LibTorch (train/trainer.h has
// the loop), so the run configuration and the front ends compile without its headers.
#include <cstdint>
#include <functional>
#include <string>

namespace msma {

struct TrainConfig {
  int batch_size = 128;
  double learning_rate = 1e-3;
  std::int64_t steps = 0;    // stop after this many steps (0: no step limit)
  double minutes = 0;        // stop after this much wall-clock training (0: no time limit)
  std::uint64_t seed = 0;
  bool hflip = false;        // random horizontal flips (CIFAR-like data only)
  double ema_decay = 0;      // 0: off; else EMA of weights used for scoring (the largest decay)
  // EMA warm-up: decay at step t is min(ema_decay, 1 − (1 + t)^−0.75), so a run of a few
  // thousand steps is not dominated by its random initial weights.
  bool ema_warmup = false;
  // "constant" (the paper's) or "cosine": the rate falls as a half cosine to 10 % over the
  // run's steps or its time budget, whichever ends first. Both start with a linear warm-up
  // over warmup_steps.
  std::string lr_schedule = "constant";
  int warmup_steps = 0;
  int threads = 0;           // intra-op threads; 0: all cores
  std::int64_t checkpoint_every = 1000;
  std::string precision = "fp32";  // "bf16": CPU autocast (see model/precision.h)
  // Not part of the run config (a property of the machine, chosen per invocation):
  std::string device = "cpu";      // see model/device.h
  // The global batch is drawn as this many equal parts, part p from the training images
  // p, p+parts, p+2·parts, ... with its own generator. Data-parallel training sets it to
  // the world size (rank r draws part r from its shard); one process with the same value
  // draws exactly the same global batches, which is how distributed training is checked.
  int batch_parts = 1;
};

struct TrainProgress {
  std::int64_t step = 0;         // steps done (total, including resumed ones)
  std::int64_t total_steps = 0;  // 0 under a time budget only
  double loss = 0;               // this step's batch loss
  double smoothed_loss = 0;      // exponential moving average (0.98)
  double images_per_second = 0;  // over this session
  double elapsed_seconds = 0;    // this session
  double eta_seconds = -1;
};

struct TrainResult {
  std::int64_t steps = 0;
  double smoothed_loss = 0;
  double images_per_second = 0;
  double seconds = 0;
  bool cancelled = false;
  bool diverged = false;  // NaN/inf loss: stopped, weights of the last good checkpoint kept
  std::string message;
};

using TrainProgressFn = std::function<void(const TrainProgress&)>;

}  // namespace msma
