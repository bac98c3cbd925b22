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
#include "train/train_config.h"

namespace msma {

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
