// NCSN v1's conditional RefineNet (CondRefineNetDilated, Song & Ermon 2019), the network
// of the MSMA paper: conditional instance norm++, ELU, one 2× downsampling, dilated
// residual blocks, RefineBlocks with chained residual pooling. 128 filters ≈ 28 M params.
#include "common/error.h"
#include "model/networks.h"

namespace nn = torch::nn;
namespace F = torch::nn::functional;

namespace msma {
namespace {

torch::Tensor act(const torch::Tensor& x) { return torch::elu(x); }

nn::Conv2d conv3x3(int in, int out, bool bias = true, int dilation = 1) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, 3).padding(dilation).dilation(dilation).bias(bias));
}

// Instance norm whose γ, β and α (the "++" term that re-injects channel means) are
// looked up per noise level.
struct CondInstanceNormPlusImpl : nn::Module {
  CondInstanceNormPlusImpl(int features, int levels) : features(features) {
    embed = register_module("embed", nn::Embedding(levels, 3 * features));
    torch::NoGradGuard g;
    embed->weight.narrow(1, 0, 2 * features).normal_(1, 0.02);
    embed->weight.narrow(1, 2 * features, features).zero_();
  }
  torch::Tensor forward(const torch::Tensor& input, const torch::Tensor& y) {
    // fp32 statistics, also under bf16 autocast.
    const torch::Tensor x = input.scalar_type() == torch::kFloat32 ? input : input.to(torch::kFloat32);
    auto means = x.mean({2, 3});
    auto m = means.mean(-1, true);
    auto v = means.var(-1, false, true);
    auto means_n = (means - m) / torch::sqrt(v + 1e-5);
    auto h = F::instance_norm(x, F::InstanceNormFuncOptions().eps(1e-5));
    auto e = embed(y);
    auto gamma = e.narrow(1, 0, features), alpha = e.narrow(1, features, features),
         beta = e.narrow(1, 2 * features, features);
    h = h + means_n.unsqueeze(-1).unsqueeze(-1) * alpha.unsqueeze(-1).unsqueeze(-1);
    return gamma.unsqueeze(-1).unsqueeze(-1) * h + beta.unsqueeze(-1).unsqueeze(-1);
  }
  int features;
  nn::Embedding embed{nullptr};
};
TORCH_MODULE(CondInstanceNormPlus);

torch::Tensor mean_pool(const torch::Tensor& x) { return torch::avg_pool2d(x, 2); }

struct CondResBlockImpl : nn::Module {
  CondResBlockImpl(int in, int out, int levels, bool down, int dilation) : down(down), identity(in == out && !down) {
    norm1 = register_module("norm1", CondInstanceNormPlus(in, levels));
    const int mid = down ? in : out;
    conv1 = register_module("conv1", conv3x3(in, mid, true, dilation));
    norm2 = register_module("norm2", CondInstanceNormPlus(mid, levels));
    conv2 = register_module("conv2", conv3x3(mid, out, true, dilation));
    // Only the undilated "down" block really halves the resolution (ConvMeanPool).
    pool = down && dilation == 1;
    if (!identity)
      shortcut = register_module("shortcut", pool ? nn::Conv2d(nn::Conv2dOptions(in, out, 1))
                                                  : conv3x3(in, out, true, dilation));
  }
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& y) {
    auto h = conv1(act(norm1(x, y)));
    h = conv2(act(norm2(h, y)));
    if (pool) h = mean_pool(h);
    torch::Tensor s = identity ? x : shortcut(x);
    if (pool) s = mean_pool(s);
    return s + h;
  }
  bool down, identity, pool = false;
  CondInstanceNormPlus norm1{nullptr}, norm2{nullptr};
  nn::Conv2d conv1{nullptr}, conv2{nullptr}, shortcut{nullptr};
};
TORCH_MODULE(CondResBlock);

// Residual conv units: n_blocks × (n_stages × [norm, ELU, conv]) with a skip per block.
struct CondRCUImpl : nn::Module {
  CondRCUImpl(int features, int blocks, int stages, int levels) : blocks(blocks), stages(stages) {
    norms = register_module("norms", nn::ModuleList());
    convs = register_module("convs", nn::ModuleList());
    for (int i = 0; i < blocks * stages; ++i) {
      norms->push_back(CondInstanceNormPlus(features, levels));
      convs->push_back(conv3x3(features, features, false));
    }
  }
  torch::Tensor forward(torch::Tensor x, const torch::Tensor& y) {
    for (int b = 0; b < blocks; ++b) {
      auto residual = x;
      for (int s = 0; s < stages; ++s) {
        const int k = b * stages + s;
        x = norms[k]->as<CondInstanceNormPlus>()->forward(x, y);
        x = convs[k]->as<nn::Conv2d>()->forward(act(x));
      }
      x = x + residual;
    }
    return x;
  }
  int blocks, stages;
  nn::ModuleList norms, convs;
};
TORCH_MODULE(CondRCU);

// Chained residual pooling.
struct CondCRPImpl : nn::Module {
  CondCRPImpl(int features, int stages, int levels) {
    norms = register_module("norms", nn::ModuleList());
    convs = register_module("convs", nn::ModuleList());
    for (int i = 0; i < stages; ++i) {
      norms->push_back(CondInstanceNormPlus(features, levels));
      convs->push_back(conv3x3(features, features, false));
    }
  }
  torch::Tensor forward(torch::Tensor x, const torch::Tensor& y) {
    x = act(x);
    auto path = x;
    for (std::size_t i = 0; i < norms->size(); ++i) {
      path = norms[i]->as<CondInstanceNormPlus>()->forward(path, y);
      path = torch::avg_pool2d(path, 5, 1, 2);
      path = convs[i]->as<nn::Conv2d>()->forward(path);
      x = path + x;
    }
    return x;
  }
  nn::ModuleList norms, convs;
};
TORCH_MODULE(CondCRP);

// Multi-resolution fusion: each input normed, convolved to `features`, resized, summed.
struct CondMSFImpl : nn::Module {
  CondMSFImpl(const std::vector<int>& in_planes, int features, int levels) {
    norms = register_module("norms", nn::ModuleList());
    convs = register_module("convs", nn::ModuleList());
    for (int p : in_planes) {
      norms->push_back(CondInstanceNormPlus(p, levels));
      convs->push_back(conv3x3(p, features, true));
    }
  }
  torch::Tensor forward(const std::vector<torch::Tensor>& xs, const torch::Tensor& y, std::vector<int64_t> shape) {
    torch::Tensor sum;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      auto h = norms[i]->as<CondInstanceNormPlus>()->forward(xs[i], y);
      h = convs[i]->as<nn::Conv2d>()->forward(h);
      h = F::interpolate(h, F::InterpolateFuncOptions().size(shape).mode(torch::kBilinear).align_corners(true));
      sum = sum.defined() ? sum + h : h;
    }
    return sum;
  }
  nn::ModuleList norms, convs;
};
TORCH_MODULE(CondMSF);

struct CondRefineBlockImpl : nn::Module {
  CondRefineBlockImpl(const std::vector<int>& in_planes, int features, int levels, bool start, bool end) {
    adapt = register_module("adapt", nn::ModuleList());
    for (int p : in_planes) adapt->push_back(CondRCU(p, 2, 2, levels));
    output = register_module("output", CondRCU(features, end ? 3 : 1, 2, levels));
    if (!start) msf = register_module("msf", CondMSF(in_planes, features, levels));
    crp = register_module("crp", CondCRP(features, 2, levels));
  }
  torch::Tensor forward(const std::vector<torch::Tensor>& xs, const torch::Tensor& y, std::vector<int64_t> shape) {
    std::vector<torch::Tensor> hs;
    for (std::size_t i = 0; i < xs.size(); ++i) hs.push_back(adapt[i]->as<CondRCU>()->forward(xs[i], y));
    auto h = xs.size() > 1 ? msf(hs, y, shape) : hs[0];
    h = crp(h, y);
    return output(h, y);
  }
  nn::ModuleList adapt;
  CondRCU output{nullptr};
  CondMSF msf{nullptr};
  CondCRP crp{nullptr};
};
TORCH_MODULE(CondRefineBlock);

class RefineNet : public ScoreNet {
 public:
  RefineNet(const ModelConfig& cfg, const std::vector<double>& sigmas) : score_param_(cfg.parameterisation == "score") {
    if (cfg.height % 2 || cfg.width_px % 2) throw Error("RefineNet needs even image sides");
    const int f = cfg.width, L = cfg.levels;
    sigmas_ = register_buffer("sigmas", torch::tensor(std::vector<float>(sigmas.begin(), sigmas.end())));
    begin_ = register_module("begin", conv3x3(cfg.channels, f));
    res_ = register_module("res", nn::ModuleList());
    res_->push_back(CondResBlock(f, f, L, false, 1));
    res_->push_back(CondResBlock(f, f, L, false, 1));
    res_->push_back(CondResBlock(f, 2 * f, L, true, 1));
    res_->push_back(CondResBlock(2 * f, 2 * f, L, false, 1));
    res_->push_back(CondResBlock(2 * f, 2 * f, L, true, 2));
    res_->push_back(CondResBlock(2 * f, 2 * f, L, false, 2));
    res_->push_back(CondResBlock(2 * f, 2 * f, L, true, 4));
    res_->push_back(CondResBlock(2 * f, 2 * f, L, false, 4));
    refine1_ = register_module("refine1", CondRefineBlock(std::vector<int>{2 * f}, 2 * f, L, true, false));
    refine2_ = register_module("refine2", CondRefineBlock(std::vector<int>{2 * f, 2 * f}, 2 * f, L, false, false));
    refine3_ = register_module("refine3", CondRefineBlock(std::vector<int>{2 * f, 2 * f}, f, L, false, false));
    refine4_ = register_module("refine4", CondRefineBlock(std::vector<int>{f, f}, f, L, false, true));
    end_norm_ = register_module("end_norm", CondInstanceNormPlus(f, L));
    end_ = register_module("end", conv3x3(f, cfg.channels));
  }

  torch::Tensor scaled_score(const torch::Tensor& x, const torch::Tensor& y) override {
    auto res = [&](int k, const torch::Tensor& h) { return res_[k]->as<CondResBlock>()->forward(h, y); };
    auto h = begin_(x * 2 - 1);
    auto l1 = res(1, res(0, h));
    auto l2 = res(3, res(2, l1));
    auto l3 = res(5, res(4, l2));
    auto l4 = res(7, res(6, l3));
    auto shape = [](const torch::Tensor& t) { return std::vector<int64_t>{t.size(2), t.size(3)}; };
    auto r1 = refine1_(std::vector<torch::Tensor>{l4}, y, shape(l4));
    auto r2 = refine2_(std::vector<torch::Tensor>{l3, r1}, y, shape(l3));
    auto r3 = refine3_(std::vector<torch::Tensor>{l2, r2}, y, shape(l2));
    auto r4 = refine4_(std::vector<torch::Tensor>{l1, r3}, y, shape(l1));
    auto out = end_(act(end_norm_(r4, y)));
    if (score_param_) out = out * sigmas_.index_select(0, y).view({-1, 1, 1, 1});
    return out;
  }

 private:
  bool score_param_;
  torch::Tensor sigmas_;
  nn::Conv2d begin_{nullptr}, end_{nullptr};
  nn::ModuleList res_;
  CondRefineBlock refine1_{nullptr}, refine2_{nullptr}, refine3_{nullptr}, refine4_{nullptr};
  CondInstanceNormPlus end_norm_{nullptr};
};

}  // namespace

std::shared_ptr<ScoreNet> make_refinenet(const ModelConfig& cfg, const std::vector<double>& sigmas) {
  return std::make_shared<RefineNet>(cfg, sigmas);
}

}  // namespace msma
