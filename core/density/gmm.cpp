#include "density/gmm.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include "common/error.h"

namespace msma {
namespace {

constexpr double kLog2Pi = 1.8378770664093453;

// Greedy k-means++ seeding (2 + log k candidates per centre) followed by Lloyd iterations;
// returns the cluster of every row.
std::vector<int> kmeans_labels(const Eigen::MatrixXd& x, int k, std::mt19937_64& rng) {
  const Eigen::Index n = x.rows();
  Eigen::MatrixXd centres(k, x.cols());
  std::uniform_int_distribution<Eigen::Index> pick(0, n - 1);
  centres.row(0) = x.row(pick(rng));
  Eigen::VectorXd closest = (x.rowwise() - centres.row(0)).rowwise().squaredNorm();
  const int trials = 2 + static_cast<int>(std::log(k));
  std::uniform_real_distribution<double> unif(0, 1);
  for (int c = 1; c < k; ++c) {
    const double total = closest.sum();
    Eigen::Index best = 0;
    double best_pot = std::numeric_limits<double>::infinity();
    Eigen::VectorXd best_d;
    for (int t = 0; t < trials; ++t) {
      double r = unif(rng) * total;
      Eigen::Index cand = n - 1;
      for (Eigen::Index i = 0; i < n; ++i) {
        r -= closest(i);
        if (r <= 0) {
          cand = i;
          break;
        }
      }
      Eigen::VectorXd d = (x.rowwise() - x.row(cand)).rowwise().squaredNorm().cwiseMin(closest);
      const double pot = d.sum();
      if (pot < best_pot) best_pot = pot, best = cand, best_d = std::move(d);
    }
    centres.row(c) = x.row(best);
    closest = best_d;
  }
  // Lloyd iterations; distances by one matrix product per iteration. Stops when the centres
  // move less than 1e-4 × the mean feature variance (scikit-learn's KMeans tolerance).
  const double tol = 1e-4 * (x.rowwise() - x.colwise().mean()).array().square().colwise().mean().mean();
  std::vector<int> labels(n, 0);
  Eigen::MatrixXd dist(n, k);
  for (int iter = 0; iter < 300; ++iter) {
    dist.noalias() = -2.0 * x * centres.transpose();
    dist.rowwise() += centres.rowwise().squaredNorm().transpose();
    // Arg-min per row, scanning contiguous columns.
    Eigen::VectorXd best = dist.col(0);
    std::fill(labels.begin(), labels.end(), 0);
    for (int c = 1; c < k; ++c)
      for (Eigen::Index i = 0; i < n; ++i)
        if (dist(i, c) < best(i)) best(i) = dist(i, c), labels[i] = c;
    Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(k, x.cols());
    Eigen::VectorXd counts = Eigen::VectorXd::Zero(k);
    for (Eigen::Index i = 0; i < n; ++i) sums.row(labels[i]) += x.row(i), counts(labels[i]) += 1;
    Eigen::MatrixXd next = centres;
    for (int c = 0; c < k; ++c)
      if (counts(c) > 0) next.row(c) = sums.row(c) / counts(c);
    const double shift = (next - centres).squaredNorm();
    centres = next;
    if (shift <= tol) break;
  }
  return labels;
}

// Buffers reused across EM iterations: the n×k and n×d temporaries are large, and
// allocating them afresh every iteration cost more (page faults) than the arithmetic.
struct EmBuffers {
  Eigen::MatrixXd lp, y, diff;  // n×k, n×d, n×d
  Eigen::VectorXd log_norm, sum;  // n
  EmBuffers(Eigen::Index n, Eigen::Index d, int k) : lp(n, k), y(n, d), diff(n, d), log_norm(n), sum(n) {}
};

// Fills b.lp with log w_k + log N(x | μ_k, Σ_k) and b.log_norm with log Σ_k w_k N_k;
// when `resp` is set, turns b.lp into responsibilities (probabilities).
void e_step(const GmmFit& g, const Eigen::MatrixXd& x, EmBuffers& b, bool resp) {
  const Eigen::Index d = x.cols();
  const int k = static_cast<int>(g.weights.size());
  for (int c = 0; c < k; ++c) {
    // y = L⁻¹(x − μ) for all rows at once: x·L⁻ᵀ − μᵀL⁻ᵀ, one matrix product.
    const Eigen::MatrixXd inv_t =
        g.chol[c].triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(d, d)).transpose();
    const Eigen::RowVectorXd shift = g.means[c].transpose() * inv_t;
    b.y.noalias() = x * inv_t;
    b.y.rowwise() -= shift;
    const double log_det = 2 * g.chol[c].diagonal().array().log().sum();
    b.lp.col(c) = (std::log(g.weights(c)) - 0.5 * (d * kLog2Pi + log_det)) - 0.5 * b.y.rowwise().squaredNorm().array();
  }
  // Log-sum-exp over components, column by column (lp is column-major: rows are strided).
  Eigen::VectorXd& mx = b.log_norm;
  mx = b.lp.col(0);
  for (int c = 1; c < k; ++c) mx = mx.cwiseMax(b.lp.col(c));
  b.sum.setZero();
  for (int c = 0; c < k; ++c) {
    b.lp.col(c) = (b.lp.col(c) - mx).array().exp();
    b.sum += b.lp.col(c);
  }
  if (resp)
    for (int c = 0; c < k; ++c) b.lp.col(c).array() /= b.sum.array();
  b.log_norm = mx.array() + b.sum.array().log();
}

void m_step(GmmFit& g, const Eigen::MatrixXd& x, const Eigen::MatrixXd& resp, double reg, EmBuffers& b) {
  const Eigen::Index n = x.rows();
  const int k = static_cast<int>(resp.cols());
  Eigen::VectorXd nk = resp.colwise().sum().transpose().array() + 10 * std::numeric_limits<double>::epsilon();
  g.weights = nk / static_cast<double>(n);
  const Eigen::MatrixXd means = (resp.transpose() * x).array().colwise() / nk.array();  // k×d
  g.means.resize(k);
  g.covariances.resize(k);
  g.chol.resize(k);
  for (int c = 0; c < k; ++c) {
    g.means[c] = means.row(c).transpose();
    b.diff = x;
    b.diff.rowwise() -= means.row(c);
    b.y = b.diff.array().colwise() * resp.col(c).array();
    Eigen::MatrixXd cov = (b.y.transpose() * b.diff) / nk(c);
    cov.diagonal().array() += reg;
    Eigen::LLT<Eigen::MatrixXd> llt(cov);
    if (llt.info() != Eigen::Success)
      throw Error("GMM: a covariance matrix is not positive definite; raise reg_covar (now " + std::to_string(reg) + ")");
    g.covariances[c] = cov;
    g.chol[c] = llt.matrixL();
  }
}

GmmFit em_once(const Eigen::MatrixXd& x, int k, const GmmOptions& opt, std::mt19937_64& rng) {
  const auto labels = kmeans_labels(x, k, rng);
  EmBuffers b(x.rows(), x.cols(), k);
  b.lp.setZero();
  for (Eigen::Index i = 0; i < x.rows(); ++i) b.lp(i, labels[i]) = 1;
  GmmFit g;
  m_step(g, x, b.lp, opt.reg_covar, b);
  double lb = -std::numeric_limits<double>::infinity();
  for (int it = 1; it <= opt.max_iter; ++it) {
    const double prev = lb;
    e_step(g, x, b, true);
    lb = b.log_norm.mean();
    m_step(g, x, b.lp, opt.reg_covar, b);
    g.iterations = it;
    if (std::abs(lb - prev) < opt.tol) {
      g.converged = true;
      break;
    }
  }
  g.lower_bound = lb;
  return g;
}

}  // namespace

GmmFit fit_gmm_em(const Eigen::MatrixXd& x, int k, const GmmOptions& opt, std::uint64_t seed) {
  if (x.rows() < k) throw Error("GMM: " + std::to_string(x.rows()) + " vectors cannot fit " + std::to_string(k) + " components");
  std::mt19937_64 rng(seed);
  GmmFit best;
  best.lower_bound = -std::numeric_limits<double>::infinity();
  for (int init = 0; init < std::max(1, opt.n_init); ++init) {
    GmmFit g = em_once(x, k, opt, rng);
    if (init == 0 || g.lower_bound > best.lower_bound) best = std::move(g);
  }
  return best;
}

Eigen::VectorXd gmm_log_likelihood(const GmmFit& g, const Eigen::MatrixXd& x) {
  EmBuffers b(x.rows(), x.cols(), static_cast<int>(g.weights.size()));
  e_step(g, x, b, false);
  return b.log_norm;
}

namespace {

Eigen::MatrixXd take_rows(const Eigen::MatrixXd& x, const std::vector<Eigen::Index>& rows) {
  Eigen::MatrixXd out(rows.size(), x.cols());
  for (std::size_t i = 0; i < rows.size(); ++i) out.row(i) = x.row(rows[i]);
  return out;
}

}  // namespace

void Gmm::fit(const Eigen::MatrixXd& x, const ProgressFn& progress, const CancelToken* cancel) {
  require_finite(x, "GMM fit input");
  if (x.rows() < 2) throw Error("GMM: need at least 2 vectors to fit");
  cv_.clear();
  int chosen = opt_.k_grid.front();
  if (opt_.k_grid.size() > 1) {
    // K-fold split as scikit-learn's KFold: contiguous folds, the first n % K one longer.
    const Eigen::Index n = x.rows();
    std::vector<Eigen::Index> order(n);
    for (Eigen::Index i = 0; i < n; ++i) order[i] = i;
    if (opt_.shuffle_folds) std::shuffle(order.begin(), order.end(), std::mt19937_64(opt_.seed));
    std::vector<std::pair<Eigen::Index, Eigen::Index>> folds;
    Eigen::Index start = 0;
    for (int f = 0; f < opt_.folds; ++f) {
      const Eigen::Index len = n / opt_.folds + (f < n % opt_.folds ? 1 : 0);
      folds.emplace_back(start, start + len);
      start += len;
    }
    struct Job {
      int k, fold;
    };
    std::vector<Job> jobs;
    for (int k : opt_.k_grid)
      for (int f = 0; f < opt_.folds; ++f) jobs.push_back({k, f});
    std::vector<double> held_out(jobs.size(), 0);
    std::size_t next = 0, done = 0;
    std::mutex mu;
    std::string failure;
    RateMeter meter(static_cast<long long>(jobs.size()));
    auto worker = [&] {
      for (;;) {
        std::size_t j;
        {
          std::lock_guard<std::mutex> lock(mu);
          if (next >= jobs.size() || !failure.empty() || (cancel && cancel->cancelled())) return;
          j = next++;
        }
        try {
          const auto [a, b] = folds[jobs[j].fold];
          std::vector<Eigen::Index> train_rows, test_rows;
          for (Eigen::Index i = 0; i < n; ++i) (i >= a && i < b ? test_rows : train_rows).push_back(order[i]);
          // Scaler fitted on the training folds only, as a StandardScaler+GMM pipeline in CV.
          const Eigen::MatrixXd tr = take_rows(x, train_rows);
          const Standardiser sc(tr);
          const GmmFit g = fit_gmm_em(sc.apply(tr), jobs[j].k, opt_, opt_.seed);
          held_out[j] = gmm_log_likelihood(g, sc.apply(take_rows(x, test_rows))).mean();
        } catch (const std::exception& e) {
          std::lock_guard<std::mutex> lock(mu);
          failure = e.what();
          return;
        }
        std::lock_guard<std::mutex> lock(mu);
        ++done;
        if (progress) progress(meter.make("fit gmm (cross-validation)", static_cast<long long>(done)));
      }
    };
    int threads = opt_.threads > 0 ? opt_.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
    if (cancel) cancel->check();
    if (!failure.empty()) throw Error(failure);
    double best = -std::numeric_limits<double>::infinity();
    for (std::size_t ki = 0; ki < opt_.k_grid.size(); ++ki) {
      double sum = 0;
      for (int f = 0; f < opt_.folds; ++f) sum += held_out[ki * opt_.folds + f];
      const double mean = sum / opt_.folds;
      cv_.emplace_back(opt_.k_grid[ki], mean);
      if (mean > best) best = mean, chosen = opt_.k_grid[ki];
    }
  }
  const Standardiser sc(x);
  mean_ = sc.mean;
  scale_ = sc.scale;
  fit_ = fit_gmm_em(sc.apply(x), chosen, opt_, opt_.seed);
}

Eigen::VectorXd Gmm::score(const Eigen::MatrixXd& x) const {
  note_core_computation();
  if (fit_.weights.size() == 0) throw Error("GMM: score() before fit()");
  if (x.cols() != mean_.size())
    throw Error("GMM: vectors have " + std::to_string(x.cols()) + " columns, the model was fitted on " +
                std::to_string(mean_.size()));
  require_finite(x, "GMM score input");
  const Eigen::MatrixXd z = (x.rowwise() - mean_).array().rowwise() / scale_.array();
  return -gmm_log_likelihood(fit_, z);
}

namespace {
nlohmann::json vec(const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }
Eigen::VectorXd unvec(const nlohmann::json& j) {
  auto v = j.get<std::vector<double>>();
  return Eigen::Map<Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}
}  // namespace

nlohmann::json Gmm::to_json() const {
  nlohmann::json j;
  j["options"] = {{"k_grid", opt_.k_grid}, {"folds", opt_.folds}, {"shuffle_folds", opt_.shuffle_folds},
                  {"reg_covar", opt_.reg_covar}, {"n_init", opt_.n_init}, {"max_iter", opt_.max_iter},
                  {"tol", opt_.tol}, {"seed", opt_.seed}};
  j["mean"] = vec(mean_.transpose());
  j["scale"] = vec(scale_.transpose());
  j["weights"] = vec(fit_.weights);
  j["means"] = nlohmann::json::array();
  j["covariances"] = nlohmann::json::array();
  for (std::size_t c = 0; c < fit_.means.size(); ++c) {
    j["means"].push_back(vec(fit_.means[c]));
    const auto& cov = fit_.covariances[c];
    j["covariances"].push_back(vec(Eigen::Map<const Eigen::VectorXd>(cov.data(), cov.size())));
  }
  j["cv"] = nlohmann::json::array();
  for (const auto& [k, ll] : cv_) j["cv"].push_back({{"k", k}, {"mean_heldout_loglik", ll}});
  j["lower_bound"] = fit_.lower_bound;
  j["iterations"] = fit_.iterations;
  j["converged"] = fit_.converged;
  return j;
}

void Gmm::from_json(const nlohmann::json& j) {
  mean_ = unvec(j.at("mean")).transpose();
  scale_ = unvec(j.at("scale")).transpose();
  fit_ = GmmFit{};
  fit_.weights = unvec(j.at("weights"));
  const Eigen::Index d = mean_.size();
  for (std::size_t c = 0; c < j.at("means").size(); ++c) {
    fit_.means.push_back(unvec(j["means"][c]));
    Eigen::VectorXd flat = unvec(j.at("covariances")[c]);
    if (flat.size() != d * d || fit_.means.back().size() != d) throw Error("GMM: saved component sizes disagree");
    Eigen::MatrixXd cov = Eigen::Map<Eigen::MatrixXd>(flat.data(), d, d);
    Eigen::LLT<Eigen::MatrixXd> llt(cov);
    if (llt.info() != Eigen::Success) throw Error("GMM: saved covariance is not positive definite");
    fit_.covariances.push_back(cov);
    fit_.chol.push_back(llt.matrixL());
  }
  if (static_cast<std::size_t>(fit_.weights.size()) != fit_.means.size()) throw Error("GMM: saved weights disagree");
  cv_.clear();
  for (const auto& e : j.value("cv", nlohmann::json::array())) cv_.emplace_back(e.at("k"), e.at("mean_heldout_loglik"));
  fit_.lower_bound = j.value("lower_bound", 0.0);
  fit_.iterations = j.value("iterations", 0);
  fit_.converged = j.value("converged", false);
}

std::string Gmm::summary() const {
  std::ostringstream s;
  s << "GMM (standardised, full covariance) k=" << chosen_k();
  if (!cv_.empty()) s << " chosen by " << opt_.folds << "-fold CV over " << cv_.size() << " values";
  s << ", seed " << opt_.seed;
  return s.str();
}

std::unique_ptr<DensityModel> make_gmm(const nlohmann::json& o) {
  GmmOptions g;
  g.k_grid = o.value("k_grid", g.k_grid);
  g.folds = o.value("folds", g.folds);
  g.shuffle_folds = o.value("shuffle_folds", g.shuffle_folds);
  g.reg_covar = o.value("reg_covar", g.reg_covar);
  g.n_init = o.value("n_init", g.n_init);
  g.max_iter = o.value("max_iter", g.max_iter);
  g.tol = o.value("tol", g.tol);
  g.seed = o.value("seed", g.seed);
  g.threads = o.value("threads", g.threads);
  if (g.k_grid.empty()) throw Error("gmm: k_grid is empty");
  for (int k : g.k_grid)
    if (k < 1) throw Error("gmm: every k must be at least 1");
  if (g.folds < 2 && g.k_grid.size() > 1) throw Error("gmm: need at least 2 folds to choose k");
  return std::make_unique<Gmm>(g);
}

}  // namespace msma
