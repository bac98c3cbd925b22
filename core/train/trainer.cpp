#include "train/trainer.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "common/error.h"
#include "distributed/communicator.h"
#include "model/device.h"
#include "model/precision.h"
#include "train/checkpoint.h"

namespace msma {

int use_threads(int threads) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(threads);
  return at::get_num_threads();
}

double ema_decay_at(const TrainConfig& cfg, std::int64_t step) {
  if (!cfg.ema_warmup) return cfg.ema_decay;
  return std::min(cfg.ema_decay, 1.0 - std::pow(1.0 + static_cast<double>(step), -0.75));
}

double lr_factor_at(const TrainConfig& cfg, std::int64_t step, double progress) {
  double f = 1.0;
  if (cfg.warmup_steps > 0 && step < cfg.warmup_steps) f = (step + 1.0) / cfg.warmup_steps;
  if (cfg.lr_schedule == "cosine") {
    const double t = std::clamp(progress, 0.0, 1.0);
    f *= 0.1 + 0.9 * 0.5 * (1.0 + std::cos(M_PI * t));
  }
  return f;
}

TrainState make_train_state(const ModelConfig& model, const std::vector<double>& sigmas, const TrainConfig& cfg) {
  TrainState s;
  torch::manual_seed(cfg.seed);  // weight initialisation is reproducible from the seed
  s.net = make_score_net(model, sigmas);
  if (cfg.ema_decay > 0) {
    s.ema = make_score_net(model, sigmas);
    copy_weights(*s.ema, *s.net);
    for (auto& p : s.ema->parameters()) p.set_requires_grad(false);
  }
  s.optimizer = std::make_unique<torch::optim::Adam>(s.net->parameters(), torch::optim::AdamOptions(cfg.learning_rate));
  return s;
}

torch::Tensor dsm_loss(ScoreNet& net, const torch::Tensor& x, const torch::Tensor& levels, const torch::Tensor& z,
                       const torch::Tensor& sigmas) {
  auto sigma = sigmas.index_select(0, levels).view({-1, 1, 1, 1});
  auto out = net.scaled_score(x + sigma * z, levels);
  return 0.5 * (out + z).pow(2).flatten(1).sum(1).mean();
}

ImageSet training_shard(const ImageSet& all, int part, int parts) {
  if (parts <= 1) return all;
  std::vector<std::int64_t> idx;
  for (std::int64_t i = part; i < all.n; i += parts) idx.push_back(i);
  if (idx.empty()) throw Error(all.source + ": too few images to give each of " + std::to_string(parts) + " ranks a share");
  return all.subset(idx, all.name);
}

namespace {

struct Batch {
  torch::Tensor x, levels, z;
};

// Part `part` of step `step`'s global batch: b images drawn from `n` candidates that sit at
// rows offset, offset+stride, ... of `images`, with noise levels and noise, all from one
// generator seeded by (seed, step, part). A resumed run draws exactly what the
// uninterrupted run would have drawn; part 0 of 1 is the single-process stream.
Batch draw_part(const torch::Tensor& images, std::int64_t offset, std::int64_t stride, std::int64_t n, int b,
                const TrainConfig& cfg, std::int64_t step, int part, int levels) {
  auto gen = at::detail::createCPUGenerator(cfg.seed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(step) + 1 +
                                            static_cast<std::uint64_t>(part) * 0xD1B54A32D192ED03ull);
  auto idx = torch::randint(n, {b}, gen, torch::kLong);
  if (stride != 1 || offset != 0) idx = idx * stride + offset;
  Batch out;
  out.x = images.index_select(0, idx).to(torch::kFloat32).div_(255.0);
  if (cfg.hflip) {
    auto flip = torch::rand({b, 1, 1, 1}, gen) < 0.5;
    out.x = torch::where(flip, out.x.flip({3}), out.x);
  }
  out.levels = torch::randint(levels, {b}, gen, torch::kLong);
  out.z = torch::randn(out.x.sizes(), gen, torch::kFloat32);
  return out;
}

// Moves the networks and Adam's moment estimates to `device` (checkpoints load on the CPU).
void move_state(TrainState& state, const torch::Device& device) {
  state.net->to(device);
  if (state.ema) state.ema->to(device);
  for (auto& [key, st] : state.optimizer->state()) {
    auto& a = static_cast<torch::optim::AdamParamState&>(*st);
    a.exp_avg(a.exp_avg().to(device));
    a.exp_avg_sq(a.exp_avg_sq().to(device));
    if (a.max_exp_avg_sq().defined()) a.max_exp_avg_sq(a.max_exp_avg_sq().to(device));
  }
}

}  // namespace

TrainResult train(TrainState& state, const ImageSet& data, const std::vector<double>& sigmas,
                  const TrainConfig& cfg, const TrainProgressFn& progress, const CheckpointWriter& checkpoint,
                  const CancelToken& cancel, Communicator* comm) {
  const bool distributed = comm && comm->distributed();
  const int parts = distributed ? comm->world_size() : std::max(1, cfg.batch_parts);
  if (data.n == 0) throw Error("training set is empty");
  if (cfg.batch_size < 1) throw Error("batch size must be at least 1");
  if (cfg.batch_size % parts != 0)
    throw Error("the batch size " + std::to_string(cfg.batch_size) + " does not split evenly into " +
                std::to_string(parts) + " parts (one per rank)");
  if (cfg.steps <= 0 && cfg.minutes <= 0) throw Error("give a number of steps or a time budget in minutes");
  use_threads(cfg.threads);
  const torch::Device device = resolve_device(cfg.device);
  if (distributed) {
    // Every rank starts from rank 0's weights, Adam state and step (fresh or resumed).
    std::string bytes = comm->is_root() ? train_state_bytes(state) : std::string();
    comm->broadcast_bytes(bytes);
    if (!comm->is_root()) load_train_state_bytes(bytes, state, "rank 0's training state");
  }
  move_state(state, device);
  state.net->train();
  auto images = torch::from_blob(const_cast<std::uint8_t*>(data.pixels.data()), {data.n, data.c, data.h, data.w},
                                 torch::kUInt8);
  auto sigma_t = torch::tensor(std::vector<float>(sigmas.begin(), sigmas.end())).to(device);
  const int L = static_cast<int>(sigmas.size());
  const int part_size = cfg.batch_size / parts;
  std::vector<torch::Tensor> params = state.net->parameters();
  TrainResult result;
  const auto start = std::chrono::steady_clock::now();
  const std::int64_t first_step = state.step;
  std::int64_t last_checkpoint = state.step;
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  while (!(cfg.steps > 0 && state.step >= cfg.steps)) {
    const bool time_up = cfg.minutes > 0 && elapsed() >= cfg.minutes * 60;
    if (!distributed) {
      if (time_up) break;
      if (cancel.cancelled()) {
        result.cancelled = true;
        break;
      }
      if (cancel.paused()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
    }
    Batch batch;
    if (distributed) {
      batch = draw_part(images, 0, 1, data.n, part_size, cfg, state.step, comm->rank(), L);
    } else {
      std::vector<torch::Tensor> xs, ls, zs;
      for (int p = 0; p < parts; ++p) {
        const std::int64_t n_part = (data.n - p + parts - 1) / parts;
        if (n_part < 1) throw Error("training set is too small to split into " + std::to_string(parts) + " parts");
        Batch b = draw_part(images, p, parts, n_part, part_size, cfg, state.step, p, L);
        xs.push_back(b.x), ls.push_back(b.levels), zs.push_back(b.z);
      }
      batch = parts == 1 ? Batch{xs[0], ls[0], zs[0]} : Batch{torch::cat(xs), torch::cat(ls), torch::cat(zs)};
    }
    state.optimizer->zero_grad();
    torch::Tensor loss;
    {
      PrecisionScope precision(cfg.precision, device.is_cuda());
      loss = dsm_loss(*state.net, batch.x.to(device), batch.levels.to(device), batch.z.to(device), sigma_t)
                 .to(torch::kFloat32);
    }
    double loss_value = loss.item<double>();
    // The schedule's share of the run: steps done of the step limit, or time used of the
    // time budget (this session's), whichever is further along.
    double used = 0;
    if (cfg.steps > 0) used = static_cast<double>(state.step) / cfg.steps;
    if (cfg.minutes > 0) used = std::max(used, elapsed() / (cfg.minutes * 60));
    if (distributed) {
      // One small collective per step: the mean loss, whether any rank was cancelled or
      // rank 0's time budget ran out (so that every rank stops at the same step), and rank
      // 0's share of the budget (so that every rank uses the same learning rate).
      const auto agreed = comm->all_reduce_sum({loss_value, cancel.cancelled() ? 1.0 : 0.0,
                                                comm->is_root() && time_up ? 1.0 : 0.0, comm->is_root() ? used : 0.0});
      if (agreed[1] > 0) {
        result.cancelled = true;
        break;
      }
      if (agreed[2] > 0) break;
      loss_value = agreed[0] / parts;
      used = agreed[3];
    }
    if (!std::isfinite(loss_value)) {
      result.diverged = true;
      result.message = "loss became " + std::string(std::isnan(loss_value) ? "NaN" : "infinite") + " at step " +
                       std::to_string(state.step + 1) + "; training stopped. The last good checkpoint (step " +
                       std::to_string(last_checkpoint) + ") is kept; try a lower learning rate.";
      break;
    }
    loss.backward();
    if (distributed) {
      // Each rank's loss is the mean over its part; the mean of the parts' gradients is the
      // gradient of the global batch mean.
      std::vector<torch::Tensor> grads;
      for (auto& p : params)
        if (p.grad().defined()) grads.push_back(p.mutable_grad());
      comm->all_reduce_sum(grads);
      for (auto& g : grads) g.div_(parts);
    }
    const double lr = cfg.learning_rate * lr_factor_at(cfg, state.step, used);
    for (auto& group : state.optimizer->param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
    state.optimizer->step();
    if (state.ema) {
      torch::NoGradGuard no_grad;
      const double d = ema_decay_at(cfg, state.step);
      auto ep = state.ema->parameters();
      for (std::size_t k = 0; k < ep.size(); ++k) ep[k].mul_(d).add_(params[k], 1 - d);
      // Buffers (e.g. the σ table) are not averaged: they are fixed.
    }
    state.smoothed_loss = state.step == 0 ? loss_value : 0.98 * state.smoothed_loss + 0.02 * loss_value;
    ++state.step;
    if (progress) {
      TrainProgress p;
      p.step = state.step;
      p.total_steps = cfg.steps;
      p.loss = loss_value;
      p.smoothed_loss = state.smoothed_loss;
      p.elapsed_seconds = elapsed();
      const double steps_per_s = (state.step - first_step) / std::max(p.elapsed_seconds, 1e-9);
      p.images_per_second = steps_per_s * cfg.batch_size;
      double eta = -1;
      if (cfg.steps > 0) eta = (cfg.steps - state.step) / steps_per_s;
      if (cfg.minutes > 0) {
        const double left = cfg.minutes * 60 - p.elapsed_seconds;
        eta = eta < 0 ? left : std::min(eta, left);
      }
      p.eta_seconds = std::max(eta, -1.0);
      progress(p);
    }
    if (checkpoint && cfg.checkpoint_every > 0 && state.step % cfg.checkpoint_every == 0) {
      checkpoint(state);
      last_checkpoint = state.step;
    }
  }
  if (checkpoint && !result.diverged && state.step != last_checkpoint) checkpoint(state);
  result.steps = state.step;
  result.smoothed_loss = state.smoothed_loss;
  result.seconds = elapsed();
  result.images_per_second = (state.step - first_step) * cfg.batch_size / std::max(result.seconds, 1e-9);
  return result;
}

}  // namespace msma
