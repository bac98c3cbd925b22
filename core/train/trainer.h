#pragma once
// Denoising score matching (method.md): i ~ U{0..L−1}, z ~ N(0, I), x̃ = x + σ_i z,
// loss = ½‖σ_i s(x̃, i) + z‖² summed over pixels, averaged over the batch; Adam.
// The loop knows nothing of files or UI: progress goes to a callback, checkpoints to a
// CheckpointWriter, and a CancelToken stops or pauses it.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/progress.h"
#include "data/image_set.h"
#include "model/score_network.h"

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

// Everything a checkpoint holds, so that resume continues the same run.
struct TrainState {
  std::shared_ptr<ScoreNet> net;
  std::shared_ptr<ScoreNet> ema;  // null when EMA is off
  std::unique_ptr<torch::optim::Adam> optimizer;
  std::int64_t step = 0;
  double smoothed_loss = 0;
};

TrainState make_train_state(const ModelConfig& model, const std::vector<double>& sigmas, const TrainConfig& cfg);

// Writes a checkpoint of `state` at its current step; called every checkpoint_every steps
// and at the end. Provided by the caller (the run directory knows where files go).
using CheckpointWriter = std::function<void(const TrainState&)>;
using TrainProgressFn = std::function<void(const TrainProgress&)>;

class Communicator;

// Single process: `data` is the whole training set. Data-parallel (comm with several
// ranks): `data` is this rank's training_shard(); every rank calls train() with the same
// cfg; rank 0's state is broadcast first (so a resumed rank 0 brings the others along),
// gradients are all-reduced every step, and only the ranks given a progress callback or
// checkpoint writer (rank 0) report or write. A lost rank ends train() with an Error.
TrainResult train(TrainState& state, const ImageSet& data, const std::vector<double>& sigmas,
                  const TrainConfig& cfg, const TrainProgressFn& progress, const CheckpointWriter& checkpoint,
                  const CancelToken& cancel, Communicator* comm = nullptr);

// Images part, part+parts, part+2·parts, ... of `all`: what one rank of `parts` trains on.
ImageSet training_shard(const ImageSet& all, int part, int parts);

// The DSM loss of one batch (B×C×H×W in [0,1]) with explicit levels and noise; exposed for tests.
torch::Tensor dsm_loss(ScoreNet& net, const torch::Tensor& x, const torch::Tensor& levels, const torch::Tensor& z,
                       const torch::Tensor& sigmas);

// EMA decay and learning-rate factor at a step (progress: share of the budget used, 0..1).
double ema_decay_at(const TrainConfig& cfg, std::int64_t step);
double lr_factor_at(const TrainConfig& cfg, std::int64_t step, double progress);

// Sets LibTorch's intra-op threads for the calling thread (0 = all cores); returns the count.
int use_threads(int threads);

}  // namespace msma
