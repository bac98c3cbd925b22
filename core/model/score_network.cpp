#include "model/score_network.h"

#include "common/error.h"
#include "model/networks.h"

namespace msma {

CpuExecution& cpu_execution() {
  static CpuExecution e;
  return e;
}

int64_t ScoreNet::parameter_count() {
  int64_t n = 0;
  for (const auto& p : parameters()) n += p.numel();
  return n;
}

torch::Tensor ScoreNet::level_tensor(const torch::Tensor& x, int l) {
  return torch::full({x.size(0)}, l, torch::TensorOptions(torch::kLong).device(x.device()));
}

void ScoreNet::scaled_score_levels(const torch::Tensor& x, int levels, const LevelOutput& each) {
  for (int l = 0; l < levels; ++l) {
    const auto lv = level_tensor(x, l);
    each(l, lv, scaled_score(x, lv));
  }
}

std::shared_ptr<ScoreNet> make_score_net(const ModelConfig& cfg, const std::vector<double>& sigmas) {
  if (static_cast<int>(sigmas.size()) != cfg.levels)
    throw Error("model: " + std::to_string(sigmas.size()) + " sigmas for " + std::to_string(cfg.levels) + " levels");
  if (cfg.parameterisation != "noise" && cfg.parameterisation != "score")
    throw Error("model: parameterisation must be 'noise' or 'score', not '" + cfg.parameterisation + "'");
  if (cfg.upsample != "conv-nearest" && cfg.upsample != "nearest-conv")
    throw Error("model: upsample must be 'conv-nearest' or 'nearest-conv', not '" + cfg.upsample + "'");
  if (cfg.width < 4 || cfg.width > 1024) throw Error("model: width must be between 4 and 1024");
  if (cfg.arch == "unet") return make_unet(cfg, sigmas);
  if (cfg.arch == "refinenet") return make_refinenet(cfg, sigmas);
  throw Error("model: unknown architecture '" + cfg.arch + "' (unet or refinenet)");
}

void copy_weights(ScoreNet& dst, ScoreNet& src) {
  torch::NoGradGuard no_grad;
  auto dp = dst.named_parameters(true), sp = src.named_parameters(true);
  for (const auto& item : sp) dp[item.key()].copy_(item.value());
  auto db = dst.named_buffers(true), sb = src.named_buffers(true);
  for (const auto& item : sb) db[item.key()].copy_(item.value());
}

}  // namespace msma
