#include "density/flow.h"

#include <torch/torch.h>

#include <cmath>
#include <sstream>

#include <ATen/CPUGeneratorImpl.h>

#include "common/error.h"
#include "train/trainer.h"

namespace msma {
namespace {

// A linear layer whose weight is multiplied by a fixed 0/1 mask (autoregressive wiring).
struct MaskedLinearImpl : torch::nn::Module {
  MaskedLinearImpl(int in, int out, torch::Tensor mask) {
    linear = register_module("linear", torch::nn::Linear(in, out));
    this->mask = register_buffer("mask", mask);
  }
  torch::Tensor forward(const torch::Tensor& x) {
    return torch::nn::functional::linear(x, linear->weight * mask, linear->bias);
  }
  torch::nn::Linear linear{nullptr};
  torch::Tensor mask;
};
TORCH_MODULE(MaskedLinear);

// MADE with degrees: inputs 1..D; hidden units cycle through 1..D−1; an output for
// dimension d sees only inputs of degree < d.
struct MadeImpl : torch::nn::Module {
  MadeImpl(int d, int hidden) : d(d) {
    std::vector<int> in_deg(d), h_deg(hidden);
    for (int i = 0; i < d; ++i) in_deg[i] = i + 1;
    for (int k = 0; k < hidden; ++k) h_deg[k] = d > 1 ? k % (d - 1) + 1 : 1;
    auto mask = [](const std::vector<int>& from, const std::vector<int>& to, bool strict) {
      torch::Tensor m = torch::zeros({static_cast<long>(to.size()), static_cast<long>(from.size())});
      auto a = m.accessor<float, 2>();
      for (std::size_t o = 0; o < to.size(); ++o)
        for (std::size_t i = 0; i < from.size(); ++i) a[o][i] = strict ? (to[o] > from[i]) : (to[o] >= from[i]);
      return m;
    };
    std::vector<int> out_deg(2 * d);
    for (int i = 0; i < d; ++i) out_deg[i] = out_deg[d + i] = i + 1;
    l1 = register_module("l1", MaskedLinear(d, hidden, mask(in_deg, h_deg, false)));
    l2 = register_module("l2", MaskedLinear(hidden, hidden, mask(h_deg, h_deg, false)));
    l3 = register_module("l3", MaskedLinear(hidden, 2 * d, mask(h_deg, out_deg, true)));
    torch::NoGradGuard g;  // start as the identity map: shift 0, log-scale 0
    l3->linear->weight.mul_(0.01);
    l3->linear->bias.zero_();
  }
  // Returns (shift, log_scale), each B×D.
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& x) {
    auto h = torch::elu(l1(x));
    h = torch::elu(l2(h));
    auto out = l3(h);
    return {out.narrow(1, 0, d), out.narrow(1, d, d)};
  }
  int d;
  MaskedLinear l1{nullptr}, l2{nullptr}, l3{nullptr};
};
TORCH_MODULE(Made);

}  // namespace

struct Flow::Net : torch::nn::Module {
  Net(int d, int layers, int hidden) : d(d) {
    for (int l = 0; l < layers; ++l) mades.push_back(register_module("made" + std::to_string(l), Made(d, hidden)));
  }
  // log p(x) per row.
  torch::Tensor log_prob(torch::Tensor x) {
    auto log_det = torch::zeros({x.size(0)}, x.options());
    for (std::size_t l = 0; l < mades.size(); ++l) {
      if (l > 0) x = x.flip({1});  // reverse the order between layers
      auto [shift, log_scale] = mades[l]->forward(x);
      x = (x - shift) * torch::exp(-log_scale);
      log_det = log_det - log_scale.sum(1);
    }
    const double c = 0.5 * d * std::log(2 * M_PI);
    return -0.5 * x.pow(2).sum(1) - c + log_det;
  }
  int d;
  std::vector<Made> mades;
};

Flow::Flow(FlowOptions opt) : opt_(std::move(opt)) {}
Flow::~Flow() = default;

namespace {
torch::Tensor to_tensor(const Eigen::MatrixXd& x, const Eigen::RowVectorXd& mean, const Eigen::RowVectorXd& scale) {
  Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> f =
      ((x.rowwise() - mean).array().rowwise() / scale.array()).cast<float>();
  return torch::from_blob(f.data(), {f.rows(), f.cols()}, torch::kFloat32).clone();
}
}  // namespace

void Flow::fit(const Eigen::MatrixXd& x, const ProgressFn& progress, const CancelToken* cancel) {
  require_finite(x, "flow fit input");
  if (x.rows() < 2) throw Error("flow: need at least 2 vectors to fit");
  if (opt_.layers < 1 || opt_.hidden < 2 || opt_.epochs < 1 || opt_.batch_size < 1)
    throw Error("flow: layers, hidden units, epochs and batch size must be positive");
  use_threads(opt_.threads);
  const int d = static_cast<int>(x.cols());
  mean_ = Eigen::RowVectorXd::Zero(d);
  scale_ = Eigen::RowVectorXd::Ones(d);
  if (opt_.standardise) {
    const Standardiser sc(x);
    mean_ = sc.mean;
    scale_ = sc.scale;
  }
  torch::manual_seed(opt_.seed);
  net_ = std::make_shared<Net>(d, opt_.layers, opt_.hidden);
  const torch::Tensor data = to_tensor(x, mean_, scale_);
  // LibTorch 1.13's C++ API has no Adadelta; it is a few lines (Keras defaults ρ 0.95, ε 1e-7).
  std::unique_ptr<torch::optim::Adam> adam;
  std::vector<torch::Tensor> params = net_->parameters(), sq_grad, sq_delta;
  if (opt_.optimizer == "adam") {
    adam = std::make_unique<torch::optim::Adam>(params, torch::optim::AdamOptions(opt_.learning_rate));
  } else if (opt_.optimizer == "adadelta") {
    for (const auto& p : params) sq_grad.push_back(torch::zeros_like(p)), sq_delta.push_back(torch::zeros_like(p));
  } else {
    throw Error("flow: optimizer must be 'adam' or 'adadelta'");
  }
  auto update = [&] {
    if (adam) return adam->step(), void();
    torch::NoGradGuard g;
    const double rho = 0.95, eps = 1e-7;
    for (std::size_t k = 0; k < params.size(); ++k) {
      const auto& grad = params[k].grad();
      if (!grad.defined()) continue;
      sq_grad[k].mul_(rho).addcmul_(grad, grad, 1 - rho);
      auto delta = (sq_delta[k] + eps).sqrt_().div_((sq_grad[k] + eps).sqrt_()).mul_(grad);
      sq_delta[k].mul_(rho).addcmul_(delta, delta, 1 - rho);
      params[k].sub_(delta, opt_.learning_rate);
    }
  };
  auto gen = at::detail::createCPUGenerator(opt_.seed + 1);
  const std::int64_t n = data.size(0);
  const std::int64_t steps = std::max<std::int64_t>(1, n / opt_.batch_size);  // as Keras: n // batch per epoch
  losses_.clear();
  RateMeter meter(opt_.epochs);
  for (int epoch = 0; epoch < opt_.epochs; ++epoch) {
    if (cancel) cancel->check();
    auto perm = torch::randperm(n, gen, torch::kLong);
    double sum = 0;
    for (std::int64_t s = 0; s < steps; ++s) {
      auto batch = data.index_select(0, perm.narrow(0, s * opt_.batch_size, std::min<std::int64_t>(opt_.batch_size, n - s * opt_.batch_size)));
      auto loss = -net_->log_prob(batch).mean();
      for (auto& p : params) p.mutable_grad() = torch::Tensor();
      loss.backward();
      update();
      sum += loss.item<double>();
    }
    const double mean_loss = sum / steps;
    if (!std::isfinite(mean_loss)) throw Error("flow: the loss became NaN/inf in epoch " + std::to_string(epoch + 1) + "; lower the learning rate");
    losses_.push_back(mean_loss);
    if (progress) {
      std::ostringstream detail;
      detail << "nll " << mean_loss;
      progress(meter.make("fit flow", epoch + 1, detail.str()));
    }
  }
}

Eigen::VectorXd Flow::score(const Eigen::MatrixXd& x) const {
  note_core_computation();
  if (!net_) throw Error("flow: score() before fit()");
  if (x.cols() != mean_.size())
    throw Error("flow: vectors have " + std::to_string(x.cols()) + " columns, the model was fitted on " +
                std::to_string(mean_.size()));
  require_finite(x, "flow score input");
  c10::InferenceMode guard;
  // log p(x) = log p(z) − Σ log scale_c (the standardisation's Jacobian), so scores stay
  // comparable with a flow on raw vectors.
  const double log_jac = scale_.array().log().sum();
  auto lp = net_->log_prob(to_tensor(x, mean_, scale_)).to(torch::kFloat64).contiguous();
  Eigen::VectorXd out(x.rows());
  const double* p = lp.data_ptr<double>();
  for (Eigen::Index i = 0; i < x.rows(); ++i) out(i) = -(p[i] - log_jac);
  return out;
}

nlohmann::json Flow::to_json() const {
  nlohmann::json j;
  j["options"] = {{"layers", opt_.layers},       {"hidden", opt_.hidden},
                  {"epochs", opt_.epochs},       {"batch_size", opt_.batch_size},
                  {"optimizer", opt_.optimizer}, {"learning_rate", opt_.learning_rate},
                  {"standardise", opt_.standardise}, {"seed", opt_.seed}};
  j["mean"] = std::vector<double>(mean_.data(), mean_.data() + mean_.size());
  j["scale"] = std::vector<double>(scale_.data(), scale_.data() + scale_.size());
  j["epoch_losses"] = losses_;
  nlohmann::json params = nlohmann::json::object();
  if (net_)
    for (const auto& p : net_->named_parameters()) {
      auto t = p.value().detach().to(torch::kFloat64).contiguous();
      params[p.key()] = std::vector<double>(t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
    }
  j["parameters"] = params;
  return j;
}

void Flow::from_json(const nlohmann::json& j) {
  const auto mean = j.at("mean").get<std::vector<double>>(), scale = j.at("scale").get<std::vector<double>>();
  if (mean.empty() || mean.size() != scale.size()) throw Error("flow: saved standardisation disagrees");
  mean_ = Eigen::Map<const Eigen::RowVectorXd>(mean.data(), static_cast<Eigen::Index>(mean.size()));
  scale_ = Eigen::Map<const Eigen::RowVectorXd>(scale.data(), static_cast<Eigen::Index>(scale.size()));
  losses_ = j.value("epoch_losses", std::vector<double>{});
  net_ = std::make_shared<Net>(static_cast<int>(mean.size()), opt_.layers, opt_.hidden);
  torch::NoGradGuard g;
  const auto& params = j.at("parameters");
  for (auto& p : net_->named_parameters()) {
    if (!params.contains(p.key())) throw Error("flow: saved model lacks parameter " + p.key());
    const auto v = params.at(p.key()).get<std::vector<double>>();
    if (static_cast<std::int64_t>(v.size()) != p.value().numel()) throw Error("flow: saved parameter " + p.key() + " has the wrong size");
    p.value().copy_(torch::tensor(v, torch::kFloat64).view(p.value().sizes()).to(torch::kFloat32));
  }
}

std::string Flow::summary() const {
  std::ostringstream s;
  s << "MADE flow, " << opt_.layers << " layer(s) of 2x" << opt_.hidden << " ELU, " << opt_.epochs << " epochs, "
    << opt_.optimizer << " lr " << opt_.learning_rate << (opt_.standardise ? ", standardised" : ", raw vectors")
    << ", seed " << opt_.seed;
  return s.str();
}

std::unique_ptr<DensityModel> make_flow(const nlohmann::json& o) {
  FlowOptions f;
  f.layers = o.value("layers", f.layers);
  f.hidden = o.value("hidden", f.hidden);
  f.epochs = o.value("epochs", f.epochs);
  f.batch_size = o.value("batch_size", f.batch_size);
  f.optimizer = o.value("optimizer", f.optimizer);
  f.learning_rate = o.value("learning_rate", f.learning_rate);
  f.standardise = o.value("standardise", f.standardise);
  f.seed = o.value("seed", f.seed);
  f.threads = o.value("threads", f.threads);
  if (f.optimizer != "adam" && f.optimizer != "adadelta") throw Error("flow: optimizer must be 'adam' or 'adadelta'");
  return std::make_unique<Flow>(f);
}

}  // namespace msma
