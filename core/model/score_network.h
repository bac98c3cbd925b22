#pragma once
// Noise-conditional score networks. Every network returns σ_i·s(x, i), the score scaled by
// its noise level: the DSM loss ½‖σ_i s(x̃,i) + z‖² and the score norms ‖σ_i s(x,i)‖ both
// use exactly this product, so callers never rescale.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "model/model_config.h"

namespace msma {


class ScoreNet : public torch::nn::Module {
 public:
  // x: B×C×H×W in [0,1]; levels: B int64 noise indices. Returns σ_i·s(x, i).
  virtual torch::Tensor scaled_score(const torch::Tensor& x, const torch::Tensor& levels) = 0;
  int64_t parameter_count();
};

std::shared_ptr<ScoreNet> make_score_net(const ModelConfig& cfg, const std::vector<double>& sigmas);

// Copies parameter and buffer values (same architecture) from src into dst.
void copy_weights(ScoreNet& dst, ScoreNet& src);

}  // namespace msma
