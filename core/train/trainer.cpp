#include "train/trainer.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "common/error.h"
#include "model/precision.h"

namespace msma {

int use_threads(int threads) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(threads);
  return at::get_num_threads();
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

TrainResult train(TrainState& state, const ImageSet& data, const std::vector<double>& sigmas,
                  const TrainConfig& cfg, const TrainProgressFn& progress, const CheckpointWriter& checkpoint,
                  const CancelToken& cancel) {
  if (data.n == 0) throw Error("training set is empty");
  if (cfg.batch_size < 1) throw Error("batch size must be at least 1");
  if (cfg.steps <= 0 && cfg.minutes <= 0) throw Error("give a number of steps or a time budget in minutes");
  use_threads(cfg.threads);
  state.net->train();
  auto images = torch::from_blob(const_cast<std::uint8_t*>(data.pixels.data()), {data.n, data.c, data.h, data.w},
                                 torch::kUInt8);
  auto sigma_t = torch::tensor(std::vector<float>(sigmas.begin(), sigmas.end()));
  const int L = static_cast<int>(sigmas.size());
  TrainResult result;
  const auto start = std::chrono::steady_clock::now();
  const std::int64_t first_step = state.step;
  std::int64_t last_checkpoint = state.step;
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  auto finished = [&] {
    if (cfg.steps > 0 && state.step >= cfg.steps) return true;
    if (cfg.minutes > 0 && elapsed() >= cfg.minutes * 60) return true;
    return false;
  };
  while (!finished()) {
    if (cancel.cancelled()) {
      result.cancelled = true;
      break;
    }
    if (cancel.paused()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    // Each step draws from its own generator seeded by (seed, step): a resumed run draws
    // exactly the batches and noise the uninterrupted run would have drawn.
    auto gen = at::detail::createCPUGenerator(cfg.seed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(state.step) + 1);
    auto idx = torch::randint(data.n, {cfg.batch_size}, gen, torch::kLong);
    auto x = images.index_select(0, idx).to(torch::kFloat32).div_(255.0);
    if (cfg.hflip) {
      auto flip = torch::rand({cfg.batch_size, 1, 1, 1}, gen) < 0.5;
      x = torch::where(flip, x.flip({3}), x);
    }
    auto levels = torch::randint(L, {cfg.batch_size}, gen, torch::kLong);
    auto z = torch::randn(x.sizes(), gen, torch::kFloat32);
    state.optimizer->zero_grad();
    torch::Tensor loss;
    {
      PrecisionScope precision(cfg.precision);
      loss = dsm_loss(*state.net, x, levels, z, sigma_t).to(torch::kFloat32);
    }
    const double loss_value = loss.item<double>();
    if (!std::isfinite(loss_value)) {
      result.diverged = true;
      result.message = "loss became " + std::string(std::isnan(loss_value) ? "NaN" : "infinite") + " at step " +
                       std::to_string(state.step + 1) + "; training stopped. The last good checkpoint (step " +
                       std::to_string(last_checkpoint) + ") is kept; try a lower learning rate.";
      break;
    }
    loss.backward();
    state.optimizer->step();
    if (state.ema) {
      torch::NoGradGuard no_grad;
      auto ep = state.ema->parameters();
      auto np = state.net->parameters();
      for (std::size_t k = 0; k < ep.size(); ++k) ep[k].mul_(cfg.ema_decay).add_(np[k], 1 - cfg.ema_decay);
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
