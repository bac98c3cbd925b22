// σ-index-conditional U-Net sized for CPUs: GroupNorm + SiLU residual blocks, a learned
// embedding of the noise index added inside every block, skip connections by concatenation.
#include "common/error.h"
#include "model/group_norm_silu.h"
#include "model/networks.h"
#include "model/upsample_concat.h"
#include "model/winograd_conv.h"

namespace nn = torch::nn;

namespace msma {
namespace {

// At least two channels per group: with one, GroupNorm removes every per-channel constant,
// and the noise-level embedding added before norm2 would have no effect at all.
int groups_for(int ch) {
  for (int g : {8, 4, 2})
    if (ch % g == 0 && ch / g >= 2) return g;
  return 1;
}

// silu(norm(x + bias)): the fused kernel, or LibTorch's ops in fp32 (under bf16 autocast
// LibTorch 1.13 would hand GroupNorm bf16 input with fp32 weights).
torch::Tensor norm_silu(const nn::GroupNorm& norm, const torch::Tensor& x, const torch::Tensor& bias = {}) {
  const auto& o = norm->options;
  if (cpu_execution().fused_norm_silu) return group_norm_silu(x, bias, o.num_groups(), norm->weight, norm->bias, o.eps());
  return group_norm_silu_composed(x, bias, o.num_groups(), norm->weight, norm->bias, o.eps());
}

// The noise levels' embeddings, one row per level (L rows, however large the batch), and
// each image's level: the per-level work is done once per level, not once per image.
struct LevelEmbedding {
  torch::Tensor table, levels;
};

struct ResBlockImpl : nn::Module {
  ResBlockImpl(int in, int out, int emb)
      : norm1(nn::GroupNormOptions(groups_for(in), in)),
        conv1(nn::Conv2dOptions(in, out, 3).padding(1)),
        level(emb, out),
        norm2(nn::GroupNormOptions(groups_for(out), out)),
        conv2(nn::Conv2dOptions(out, out, 3).padding(1)) {
    register_module("norm1", norm1);
    register_module("conv1", conv1);
    register_module("level", level);
    register_module("norm2", norm2);
    register_module("conv2", conv2);
    if (in != out) skip = register_module("skip", nn::Conv2d(nn::Conv2dOptions(in, out, 1)));
  }
  torch::Tensor forward(const torch::Tensor& x, const LevelEmbedding& e) { return from_conv1(x, first_half(x), e); }
  // conv1(silu(norm1(x))): the part that does not see the level.
  torch::Tensor first_half(const torch::Tensor& x) { return winograd1.forward(*conv1, norm_silu(norm1, x)); }
  torch::Tensor from_conv1(const torch::Tensor& x, const torch::Tensor& c1, const LevelEmbedding& e) {
    // The level embedding is added to conv1's output, inside norm2's kernel: this block's
    // projection of every level's embedding (L rows), then each image's row.
    auto h = winograd2.forward(*conv2, norm_silu(norm2, c1, level(e.table).index_select(0, e.levels)));
    return h + (skip ? skip(x) : x);
  }
  nn::GroupNorm norm1;
  nn::Conv2d conv1;
  nn::Linear level;
  nn::GroupNorm norm2;
  nn::Conv2d conv2;
  nn::Conv2d skip{nullptr};
  WinogradConv winograd1, winograd2;  // scoring's path for conv1 and conv2
};
TORCH_MODULE(ResBlock);

class UNet : public ScoreNet {
 public:
  UNet(const ModelConfig& cfg, const std::vector<double>& sigmas)
      : score_param_(cfg.parameterisation == "score"), conv_first_(cfg.upsample == "conv-nearest") {
    const int depth = cfg.depth;
    if (depth < 1 || depth > 6) throw Error("U-Net depth must be between 1 and 6");
    const int factor = 1 << (depth - 1);
    if (cfg.height % factor || cfg.width_px % factor)
      throw Error("U-Net of depth " + std::to_string(depth) + " needs image sides divisible by " +
                  std::to_string(factor) + "; got " + std::to_string(cfg.height) + "x" + std::to_string(cfg.width_px));
    const int emb = 4 * cfg.width;
    sigmas_ = register_buffer("sigmas", torch::tensor(std::vector<float>(sigmas.begin(), sigmas.end())));
    embed_ = register_module("embed", nn::Embedding(cfg.levels, emb));
    embed_mlp_ = register_module("embed_mlp", nn::Linear(emb, emb));
    in_ = register_module("conv_in", nn::Conv2d(nn::Conv2dOptions(cfg.channels, cfg.width, 3).padding(1)));
    std::vector<int> ch;
    for (int k = 0; k < depth; ++k) ch.push_back(cfg.width * (k == 0 ? 1 : 2));
    down_blocks_ = register_module("down_blocks", nn::ModuleList());
    downs_ = register_module("downs", nn::ModuleList());
    ups_ = register_module("ups", nn::ModuleList());
    up_blocks_ = register_module("up_blocks", nn::ModuleList());
    for (int k = 0; k < depth; ++k) {
      down_blocks_->push_back(ResBlock(k == 0 ? cfg.width : ch[k - 1], ch[k], emb));
      if (k + 1 < depth) downs_->push_back(nn::Conv2d(nn::Conv2dOptions(ch[k], ch[k], 3).stride(2).padding(1)));
    }
    mid_ = register_module("mid", ResBlock(ch[depth - 1], ch[depth - 1], emb));
    for (int k = 0; k + 1 < depth; ++k) {
      const int up_out = conv_first_ ? ch[k] : ch[k + 1];
      ups_->push_back(nn::Conv2d(nn::Conv2dOptions(ch[k + 1], up_out, 3).padding(1)));
      up_winograd_.push_back(std::make_unique<WinogradConv>());
      up_blocks_->push_back(ResBlock(up_out + ch[k], ch[k], emb));
    }
    out_norm_ = register_module("out_norm", nn::GroupNorm(nn::GroupNormOptions(groups_for(ch[0]), ch[0])));
    out_ = register_module("conv_out", nn::Conv2d(nn::Conv2dOptions(ch[0], cfg.channels, 3).padding(1)));
    depth_ = depth;
  }

  torch::Tensor scaled_score(const torch::Tensor& x, const torch::Tensor& levels) override {
    return from_stem(stem(x), levels);
  }

  // The level enters first in the first block's norm2, so everything before it (conv_in,
  // the first block's norm1, SiLU and conv1: 8 % of a pass's multiply-adds) is the same at
  // every level of an image: computed once when scoring all levels.
  void scaled_score_levels(const torch::Tensor& x, int levels, const LevelOutput& each) override {
    if (!cpu_execution().stem_once) return ScoreNet::scaled_score_levels(x, levels, each);
    const Stem st = stem(x);
    for (int l = 0; l < levels; ++l) {
      const auto lv = level_tensor(x, l);
      each(l, lv, from_stem(st, lv));
    }
  }

 private:
  struct Stem {
    torch::Tensor h, c1;  // conv_in's output; the first block's conv1 of it
  };
  Stem stem(const torch::Tensor& x) {
    const bool cl = cpu_execution().channels_last && x.device().is_cpu();
    auto h = x * 2 - 1;
    if (cl) h = h.contiguous(at::MemoryFormat::ChannelsLast);
    h = in_(h);
    // Again on conv_in's output, from which the layout carries through every later op: a
    // one-channel image is the same in both layouts, and LibTorch then returns NCHW (as every
    // gray-scale run did before 2026-12-07).
    if (cl) h = h.contiguous(at::MemoryFormat::ChannelsLast);
    return {h, down_blocks_[0]->as<ResBlock>()->first_half(h)};
  }
  torch::Tensor from_stem(const Stem& st, const torch::Tensor& levels) {
    const auto all = torch::arange(embed_->weight.size(0), levels.options());
    const LevelEmbedding e{torch::silu(embed_mlp_(torch::silu(embed_(all)))), levels};
    auto h = st.h;
    std::vector<torch::Tensor> skips;
    for (int k = 0; k < depth_; ++k) {
      auto* block = down_blocks_[k]->as<ResBlock>();
      h = k == 0 ? block->from_conv1(h, st.c1, e) : block->forward(h, e);
      if (k + 1 < depth_) {
        skips.push_back(h);
        h = downs_[k]->as<nn::Conv2d>()->forward(h);
      }
    }
    h = mid_(h, e);
    for (int k = depth_ - 2; k >= 0; --k) {
      const std::vector<int64_t> fine{skips[k].size(2), skips[k].size(3)};
      if (conv_first_) {
        const auto coarse = up_winograd_[k]->forward(*ups_[k]->as<nn::Conv2d>(), h);
        h = cpu_execution().one_copy_concat ? upsample2x_concat(coarse, skips[k])
                                            : torch::cat({torch::upsample_nearest2d(coarse, fine), skips[k]}, 1);
      } else {
        h = torch::cat({up_winograd_[k]->forward(*ups_[k]->as<nn::Conv2d>(), torch::upsample_nearest2d(h, fine)), skips[k]}, 1);
      }
      h = up_blocks_[k]->as<ResBlock>()->forward(h, e);
    }
    auto out = out_(norm_silu(out_norm_, h)).contiguous();
    if (score_param_) out = out * sigmas_.index_select(0, levels).view({-1, 1, 1, 1});
    return out;
  }

  bool score_param_;
  bool conv_first_;
  int depth_ = 3;
  torch::Tensor sigmas_;
  nn::Embedding embed_{nullptr};
  nn::Linear embed_mlp_{nullptr};
  nn::Conv2d in_{nullptr}, out_{nullptr};
  nn::GroupNorm out_norm_{nullptr};
  nn::ModuleList down_blocks_, downs_, ups_, up_blocks_;
  ResBlock mid_{nullptr};
  std::vector<std::unique_ptr<WinogradConv>> up_winograd_;  // scoring's path for ups_
};

}  // namespace

std::shared_ptr<ScoreNet> make_unet(const ModelConfig& cfg, const std::vector<double>& sigmas) {
  return std::make_shared<UNet>(cfg, sigmas);
}

}  // namespace msma
