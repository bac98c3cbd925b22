#pragma once
// Noise-conditional score networks. Every network returns σ_i·s(x, i), the score scaled by
// its noise level: the DSM loss ½‖σ_i s(x̃,i) + z‖² and the score norms ‖σ_i s(x,i)‖ both
// use exactly this product, so callers never rescale.
#include <torch/torch.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/model_config.h"

namespace msma {


// How the U-Net runs on the CPU: not a model choice (the same weights compute the same
// function up to rounding), so not saved with a run. Process-wide; the defaults are the
// fastest that bench/roofline measured, and the benchmark switches them to measure each.
struct CpuExecution {
  bool fused_norm_silu = true;  // model/group_norm_silu.h instead of LibTorch's group_norm, silu, add
  bool channels_last = true;    // NHWC activations: oneDNN's convolutions run faster on them
  bool stem_once = true;        // scaled_score_levels: the level-free first layers once per batch
  bool one_copy_concat = true;  // scoring: the decoder's upsample + concatenate as one copy (model/upsample_concat.h)
  bool winograd_conv = true;    // scoring in fp32: 3×3 convolutions by oneDNN's Winograd kernel (model/winograd_conv.h)
};
CpuExecution& cpu_execution();

class ScoreNet : public torch::nn::Module {
 public:
  // x: B×C×H×W in [0,1]; levels: B int64 noise indices. Returns σ_i·s(x, i).
  virtual torch::Tensor scaled_score(const torch::Tensor& x, const torch::Tensor& levels) = 0;
  // σ_l·s(x, l) of the same images at every level l = 0..levels−1 in turn, each handed to
  // `each` with its B int64 level tensor. The same numbers as scaled_score() level by level;
  // a network whose first layers do not see the level computes them once (the U-Net).
  using LevelOutput = std::function<void(int level, const torch::Tensor& lv, const torch::Tensor& out)>;
  virtual void scaled_score_levels(const torch::Tensor& x, int levels, const LevelOutput& each);
  int64_t parameter_count();

 protected:
  // Level l for every image of a batch like x: scaled_score's `levels` argument.
  static torch::Tensor level_tensor(const torch::Tensor& x, int l);
};

std::shared_ptr<ScoreNet> make_score_net(const ModelConfig& cfg, const std::vector<double>& sigmas);

// Copies parameter and buffer values (same architecture) from src into dst.
void copy_weights(ScoreNet& dst, ScoreNet& src);

}  // namespace msma
